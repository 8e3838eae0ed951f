"""Making and revoking one's personal API tokens, from the profile page.

These views live with the API, not in accounts, because they apply the second-factor rule
of programmes/second_factor.py, which accounts cannot import: a coordinator or staff member
makes a token only in a session that proved their second factor (a token is a way in that
skips the sign-in, so it must not be had more cheaply than a coordinator page). Revoking
needs nothing more than being signed in: taking power away is always allowed."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentorlab.accounts import selectors, services
from mentorlab.accounts.auth import signed_in_user
from mentorlab.accounts.forms import ApiTokenForm
from mentorlab.accounts.mfa import has_second_factor, second_factor_verified
from mentorlab.accounts.views import profile_context
from mentorlab.core.errors import add_errors_to_form
from mentorlab.programmes.second_factor import needs_second_factor

TOKENS_ON_PROFILE = "#api-tokens"


def _second_factor_first(request: HttpRequest) -> HttpResponse | None:
    user = signed_in_user(request)
    if not needs_second_factor(user) or second_factor_verified(request):
        return None
    if has_second_factor(user):
        back = reverse("accounts:profile") + TOKENS_ON_PROFILE
        return redirect(reverse("mfa_reauthenticate") + "?" + urlencode({"next": back}))
    messages.warning(
        request,
        _(
            "Coordinators and staff need two-factor sign-in before they make an API token. "
            "Set up an authenticator app or a security key below, then make the token."
        ),
    )
    return redirect("mfa_index")


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    """Make a token and show its secret on this one response: it is not stored, so it
    cannot be shown again (a reload of a redirect would have nothing to show)."""
    if (refused := _second_factor_first(request)) is not None:
        return refused
    user = signed_in_user(request)
    token_form = ApiTokenForm(request.POST)
    if token_form.is_valid():
        days = token_form.cleaned_data["expires_days"]
        expires_at = timezone.now() + dt.timedelta(days=days) if days else None
        try:
            token, secret = services.api_token_create(
                user=user, name=token_form.cleaned_data["name"], expires_at=expires_at
            )
        except ValidationError as exc:
            add_errors_to_form(token_form, exc, field_names={"expires_at": "expires_days"})
        else:
            response = render(
                request, "accounts/api_token_created.html", {"token": token, "secret": secret}
            )
            response["Cache-Control"] = "no-store"
            return response
    context = profile_context(request, token_form=token_form)
    return render(request, "accounts/profile.html", context, status=400)


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    token = selectors.api_token_of_or_404(user, pk)
    services.api_token_revoke(token=token, by=user)
    messages.success(request, _("The token “%(name)s” has been revoked.") % {"name": token.name})
    return redirect(reverse("accounts:profile") + TOKENS_ON_PROFILE)
