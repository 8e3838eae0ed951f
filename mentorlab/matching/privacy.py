"""Matching.

Export: the mentors the person ranked (as a student) in each programme.

Erasure:
- the person's own rankings, and the coordinators' never-pair and always-pair rules that
  name them, are deleted (they only served to match this person);
- a proposal that is not yet published and pairs the person is withdrawn (marked failed
  with a note to re-run the matching), so no one is introduced to an erased account;
- published runs are kept as history, naming the anonymised account;
- rankings other students made of the person stay theirs; the matcher ignores a ranked
  mentor who is no longer taking part."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from mentorlab.accounts.models import User
from mentorlab.accounts.privacy import person

from .models import Exclusion, Lock, MatchRun, Preference, ProposedPair, RunStatus


def export(user: User) -> dict[str, Any]:
    preferences = Preference.objects.filter(actor=user).select_related("programme", "mentor")
    return {
        "mentor_rankings": [
            {"programme": p.programme.name, "rank": p.rank, "mentor": person(p.mentor)}
            for p in preferences.order_by("programme_id", "rank")
        ]
    }


def erase(user: User) -> None:
    Preference.objects.filter(actor=user).delete()
    Exclusion.objects.filter(Q(actor=user) | Q(mentor=user)).delete()
    Lock.objects.filter(Q(actor=user) | Q(mentor=user)).delete()
    involved = ProposedPair.objects.filter(Q(actor=user) | Q(mentor=user)).exclude(
        run__status=RunStatus.PUBLISHED
    )
    MatchRun.objects.filter(pk__in=involved.values("run_id"), status=RunStatus.DONE).update(
        status=RunStatus.FAILED,
        error=_("A participant in this proposal left the programme; please re-run the matching."),
    )
    involved.delete()
