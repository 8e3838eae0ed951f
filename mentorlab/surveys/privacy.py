"""Surveys.

Export: each survey the person was invited to, with their OWN answers (also for an
anonymous survey: anonymity protects them from the coordinators, the answers are still
theirs), and their help requests. Nobody else's answer is ever included.

Erasure:
- answers to an anonymous survey stay, as the anonymous data they already were; the
  invitation they hang on now points at the anonymised account, so nothing links them
  to the person any more;
- answers to a survey that is not anonymous, drafts, and unanswered invitations are
  deleted (no reminder goes out any more);
- help requests are deleted: they name the person and lose their purpose when the
  person leaves."""

from __future__ import annotations

from typing import Any

from mentorlab.accounts.models import User
from mentorlab.accounts.privacy import plain

from .models import Answer, HelpRequest, Invitation, Response


def _answers(response: Response) -> list[dict[str, Any]]:
    answers = Answer.objects.filter(response=response).select_related("item")
    return [
        {"question": a.item.text, "answer": plain(a.value)}
        for a in answers.order_by("item__order", "item__pk")
    ]


def export(user: User) -> dict[str, Any]:
    surveys = []
    invitations = Invitation.objects.filter(user=user).select_related("survey__programme")
    for invitation in invitations.order_by("survey__opens_at", "pk"):
        survey = invitation.survey
        response = Response.objects.filter(invitation=invitation).first()
        surveys.append(
            {
                "survey": survey.title,
                "programme": survey.programme.name,
                "kind": survey.kind,
                "anonymous": survey.anonymous,
                "invited_at": plain(invitation.created_at),
                "submitted_at": plain(response.submitted_at) if response else None,
                "may_quote_anonymously": response.may_quote if response else False,
                "your_answers": _answers(response) if response else [],
            }
        )
    help_requests = HelpRequest.objects.filter(user=user).select_related("survey")
    return {
        "surveys": surveys,
        "help_requests": [
            {
                "survey": h.survey.title,
                "created_at": plain(h.created_at),
                "resolved_at": plain(h.resolved_at),
            }
            for h in help_requests
        ],
    }


def erase(user: User) -> None:
    HelpRequest.objects.filter(user=user).delete()
    keep = Invitation.objects.filter(
        user=user, survey__anonymous=True, response__submitted_at__isnull=False
    )
    # Deleting an invitation deletes its response and answers with it.
    Invitation.objects.filter(user=user).exclude(pk__in=keep.values("pk")).delete()
