from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mentorlab.accounts.auth import signed_in_user
from mentorlab.core.errors import add_errors_to_form

from . import privacy, selectors, services
from .forms import AccountDeleteForm, ApiTokenForm, ProfileForm


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = services.profile_update(user=signed_in_user(request), **form.cleaned_data)
        translation.activate(user.language)
        messages.success(request, _("Your profile has been saved."))
        response = redirect("accounts:profile")
        response.set_cookie("django_language", user.language, samesite="Lax")
        return response
    return render(request, "accounts/profile.html", profile_context(request, form=form))


def profile_context(
    request: HttpRequest, *, form: ProfileForm | None = None, token_form: ApiTokenForm | None = None
) -> dict[str, object]:
    """What the profile page shows; the API's token views render it again with their form
    (a URL name is not an import: the page links to the API's pages by name)."""
    user = signed_in_user(request)
    return {
        "form": form or ProfileForm(instance=user),
        "token_form": token_form or ApiTokenForm(),
        "tokens": selectors.api_tokens_of(user),
    }


@login_required
def data_export(request: HttpRequest) -> HttpResponse:
    """GET explains what the file holds; POST downloads it."""
    if request.method != "POST":
        return render(request, "accounts/data_export.html")
    user = signed_in_user(request)
    data = privacy.data_export(user=user)
    body = json.dumps(data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"mentorlab-my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def account_delete(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = AccountDeleteForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            privacy.account_erase(user=user, confirmation=form.cleaned_data["confirmation"])
        except ValidationError as exc:
            add_errors_to_form(form, exc)
        else:
            logout(request)
            messages.success(
                request, _("Your account has been deleted. Thank you for taking part.")
            )
            return redirect("core:home")
    context = {"form": form, **privacy.erasure_preview(user=user)}
    return render(request, "accounts/account_delete.html", context)
