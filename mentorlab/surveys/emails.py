"""One function per e-mail the surveys app sends, queued in the caller's transaction (nothing
is sent for a change that was rolled back)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse

from mentorlab.notifications.mail import send_templated

if TYPE_CHECKING:
    from .models import HelpRequest, Invitation


def survey_context(invitation: Invitation) -> dict[str, Any]:
    return {
        "invitation": invitation,
        "survey": invitation.survey,
        "programme": invitation.survey.programme,
        "respond_path": reverse("surveys:respond", args=[invitation.token]),
    }


def survey_reminder(invitation: Invitation) -> None:
    programme = invitation.survey.programme
    send_templated(
        to=invitation.user,
        template="surveys/email/reminder",
        context=survey_context(invitation),
        reply_to=programme.reply_to(),
        programme_id=programme.pk,
    )


def help_requested(help_request: HelpRequest, coordinator: Any) -> None:
    programme = help_request.survey.programme
    send_templated(
        to=coordinator,
        template="surveys/email/help_requested",
        context={
            "help_request": help_request,
            "survey": help_request.survey,
            "programme": programme,
            "help_path": reverse("surveys:help_requests", args=[programme.slug]),
        },
        # The coordinator's reply reaches the person who asked for help.
        reply_to=[help_request.user.email],
        programme_id=programme.pk,
    )
