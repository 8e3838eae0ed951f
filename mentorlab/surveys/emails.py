"""One function per e-mail the surveys app sends. Callers schedule them with
`transaction.on_commit` so that nothing is sent for a change that was rolled back."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse

from mentorlab.notifications.mail import send_templated

if TYPE_CHECKING:
    from .models import HelpRequest, Invitation


def _context(invitation: Invitation) -> dict[str, Any]:
    return {
        "invitation": invitation,
        "survey": invitation.survey,
        "programme": invitation.survey.programme,
        "respond_path": reverse("surveys:respond", args=[invitation.token]),
    }


def survey_invitation(invitation: Invitation) -> None:
    send_templated(
        to=invitation.user, template="surveys/email/invitation", context=_context(invitation)
    )


def survey_reminder(invitation: Invitation) -> None:
    send_templated(
        to=invitation.user, template="surveys/email/reminder", context=_context(invitation)
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
    )
