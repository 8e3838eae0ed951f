"""In-app notifications about surveys (and their e-mail, as each person chose)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mentorlab.notifications.kinds import NotificationKind
from mentorlab.notifications.services import Mail, notify

from .emails import survey_context

if TYPE_CHECKING:
    from .models import Invitation

INVITATION = NotificationKind("survey", _("Surveys to answer"))
KINDS = (INVITATION,)


def survey_invitation(invitation: Invitation) -> None:
    programme = invitation.survey.programme
    notify(
        user=invitation.user,
        kind=INVITATION.name,
        message=_("Please answer the survey “%(survey)s”."),
        params={"survey": invitation.survey.title},
        url=reverse("surveys:respond", args=[invitation.token]),
        programme_id=programme.pk,
        mail=Mail(
            template="surveys/email/invitation",
            context=survey_context(invitation),
            reply_to=programme.reply_to(),
        ),
    )
