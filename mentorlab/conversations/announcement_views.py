"""Announcement pages: the coordinator's compose → preview → send (a coordinator page), and
the programme's archive (its coordinators read all, each student and mentor what was
addressed to them; anyone else gets a 404)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from mentorlab.accounts.auth import signed_in_user
from mentorlab.core.errors import add_errors_to_form
from mentorlab.core.markdown import render_markdown
from mentorlab.programmes.access import coordinated_programme_or_404
from mentorlab.programmes.models import Programme

from . import announcements
from .announcements import Choice
from .forms import AnnouncementForm


def _compose_page(request: HttpRequest, programme: Programme, form: AnnouncementForm) -> Any:
    return render(
        request, "conversations/announcements/compose.html", {"programme": programme, "form": form}
    )


@login_required
def compose(request: HttpRequest, slug: str) -> HttpResponse:
    """Write (GET), preview (POST action=preview: sends nothing), edit again (action=edit) or
    send (action=send, from the preview)."""
    programme = coordinated_programme_or_404(request.user, slug)
    if request.method != "POST":
        form = AnnouncementForm(initial={"token": announcements.new_token()}, programme=programme)
        return _compose_page(request, programme, form)
    form = AnnouncementForm(request.POST, programme=programme)
    action = request.POST.get("action")
    if not form.is_valid():
        return _compose_page(request, programme, form)
    data = form.cleaned_data
    choice = Choice(data["audience"], data.get("track", ""), data.get("pair_state", ""))
    try:
        subject, body = announcements.clean_text(data["subject"], data["body"])
        choice.clean()
    except ValidationError as exc:
        add_errors_to_form(form, exc)
        return _compose_page(request, programme, form)
    if action == "send":
        try:
            sent = announcements.announcement_send(
                programme=programme,
                by=signed_in_user(request),
                subject=subject,
                body=body,
                choice=choice,
                token=data["token"],
            )
        except ValidationError as exc:
            add_errors_to_form(form, exc)
            return _compose_page(request, programme, form)
        count = sent.recipients.count()
        messages.success(
            request,
            ngettext(
                "The announcement was sent to %(count)d person.",
                "The announcement was sent to %(count)d people.",
                count,
            )
            % {"count": count},
        )
        return redirect("announcements:detail", slug=slug, pk=sent.pk)
    if action == "preview":
        return render(
            request,
            "conversations/announcements/preview.html",
            {
                "programme": programme,
                "form": form,
                "subject": subject,
                "body_html": render_markdown(body, profile="event"),
                "people": announcements.announcement_recipients(programme, choice),
                "to": announcements.describe(choice),
            },
        )
    return _compose_page(request, programme, form)  # "edit": back to the form, as it was


@login_required
@require_GET
def archive(request: HttpRequest, slug: str) -> HttpResponse:
    user = signed_in_user(request)
    programme, found, coordinates = announcements.archive_or_404(user, slug)
    return render(
        request,
        "conversations/announcements/list.html",
        {"programme": programme, "announcements": found, "coordinates": coordinates},
    )


@login_required
@require_GET
def detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    announcement, coordinates = announcements.announcement_or_404(user, slug, pk)
    context: dict[str, Any] = {
        "programme": announcement.programme,
        "announcement": announcement,
        "body_html": render_markdown(announcement.body, profile="event"),
        "coordinates": coordinates,
    }
    if coordinates:
        # Counts and the audience only: the names are on the (second-factor) preview.
        context["recipient_count"] = announcement.recipients.count()
        context["to"] = announcements.describe(
            Choice(announcement.audience, announcement.track, announcement.pair_state)
        )
    return render(request, "conversations/announcements/detail.html", context)
