"""Conversation pages. Only the participants get anything but a 404; writes are POSTs
through the services; the page polls a partial (htmx) for new messages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mentorlab.accounts.auth import signed_in_user
from mentorlab.core.errors import add_errors_to_form

from . import selectors, services
from .forms import MessageForm, ReadForm
from .selectors import Thread


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        raise Http404 from None


def _list_context(thread: Thread, user: Any, *, before: int | None = None) -> dict[str, Any]:
    return {
        "thread": thread,
        "page": selectors.history_page(thread, user, before=before),
        "stamp": selectors.stamp(thread.conversation),
        "editable_since": timezone.now() - services.EDIT_WINDOW,
    }


def _thread_page(
    request: HttpRequest, thread: Thread, form: MessageForm, *, before: int | None = None
) -> HttpResponse:
    user = signed_in_user(request)
    context = {**_list_context(thread, user, before=before), "form": form}
    return render(request, "conversations/thread.html", context)


@login_required
@require_GET
def thread(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    found = selectors.thread_or_404(user, kind, pk)
    before = _int_or_none(request.GET.get("before"))
    return _thread_page(request, found, MessageForm(), before=before)


@login_required
@require_GET
def message_list(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """The newest page of messages, for the page's poll: 204 when nothing changed since
    the version the page shows, so a quiet conversation costs almost nothing."""
    user = signed_in_user(request)
    found = selectors.thread_or_404(user, kind, pk)
    if request.GET.get("v") == selectors.stamp(found.conversation):
        return HttpResponse(status=204)
    return render(request, "conversations/_messages.html", _list_context(found, user))


@login_required
@require_POST
def post(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    found = selectors.thread_or_404(user, kind, pk)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.message_post(
                by=user, kind=kind, owner_id=found.owner_id, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            add_errors_to_form(form, exc, default_field="text")
        else:
            return redirect(found.url() + "#latest")
    return _thread_page(request, found, form)


@login_required
@require_POST
def mark_read(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    found = selectors.thread_or_404(user, kind, pk)
    form = ReadForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    services.conversation_mark_read(
        by=user, kind=kind, owner_id=found.owner_id, up_to=form.cleaned_data["up_to"]
    )
    return HttpResponse(status=204)


@login_required
def message_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    message, found = selectors.own_message_or_404(user, pk)
    form = MessageForm(request.POST or None, initial={"text": message.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.message_edit(by=user, message_id=message.pk, text=form.cleaned_data["text"])
        except ValidationError as exc:
            add_errors_to_form(form, exc, default_field="text")
        else:
            messages.success(request, _("Your message has been changed."))
            return redirect(found.url() + f"#message-{message.pk}")
    return render(
        request,
        "conversations/message_edit.html",
        {"thread": found, "message": message, "form": form},
    )


@login_required
@require_POST
def message_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    message, found = selectors.own_message_or_404(user, pk)
    services.message_delete(by=user, message_id=message.pk)
    messages.success(request, _("Your message has been deleted."))
    return redirect(reverse("conversations:thread", args=[found.kind, found.owner_id]) + "#latest")
