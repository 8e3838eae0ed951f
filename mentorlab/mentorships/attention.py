"""When a mentorship needs attention: the one definition behind the coordinator's flags (the
mentorships overview, the dashboard, the API and the export) and the nudges (automatic ones
from `send_nudges` and the coordinator's).

A live pair is flagged when it has no confirmed agreement three weeks after the
introduction, no meeting held in six weeks, or neither a message nor a meeting in the
programme's `quiet_weeks`. Apps above add conditions of their own through
`attention_providers` (surveys: a help request in a survey), because this app may not import
them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce, Greatest
from django.db.models.lookups import LessThan
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mentorlab.core.registry import Registry

from .models import LIVE_STATES

if TYPE_CHECKING:
    from mentorlab.programmes.models import Programme

    from .models import Mentorship

NO_AGREEMENT_AFTER = dt.timedelta(weeks=3)
NO_MEETING_FOR = dt.timedelta(weeks=6)


class Condition(models.TextChoices):
    NO_AGREEMENT = "no_agreement", _("No agreement three weeks after the introduction")
    NO_MEETING = "no_meeting", _("No meeting in six weeks")
    QUIET = "quiet", _("No message or meeting for a while")
    HELP = "help", _("Asked for help in a survey")


# code -> provider(programme) -> {mentorship id: ids of the people the condition is about}.
# An automatic nudge for such a condition goes only to those people: a help request names
# the person who asked, and their partner is not told that they asked.
attention_providers: Registry[Callable[[Programme], dict[int, set[int]]]] = Registry(
    "attention providers"
)


@dataclass(frozen=True)
class Flag:
    code: str
    label: str
    only: frozenset[int] | None = None  # None: the whole mentorship


def quiet_label(weeks: int) -> str:
    return ngettext(
        "No message or meeting in %(weeks)d week",
        "No message or meeting in %(weeks)d weeks",
        weeks,
    ) % {"weeks": weeks}


def own_flags(
    mentorship: Mentorship, *, last_meeting: dt.datetime | None, quiet_weeks: int, now: dt.datetime
) -> list[Flag]:
    """The conditions this app can see on a live mentorship. `last_meeting` is the start of
    the last meeting held (the selectors annotate it)."""
    if not mentorship.is_live:
        return []
    flags = []
    if mentorship.agreed_at is None and now - mentorship.introduced_at > NO_AGREEMENT_AFTER:
        flags.append(Flag(Condition.NO_AGREEMENT, str(Condition.NO_AGREEMENT.label)))
    since_meeting = last_meeting or mentorship.agreed_at or mentorship.introduced_at
    if now - since_meeting > NO_MEETING_FOR:
        flags.append(Flag(Condition.NO_MEETING, str(Condition.NO_MEETING.label)))
    # Contact is a message or a meeting held (`last_contact_at`); a pair that never wrote
    # counts from its introduction.
    contacts = [d for d in (mentorship.last_contact_at, last_meeting) if d is not None]
    contact = max(contacts) if contacts else mentorship.introduced_at
    if now - contact > dt.timedelta(weeks=quiet_weeks):
        flags.append(Flag(Condition.QUIET, quiet_label(quiet_weeks)))
    return flags


def own_conditions_sql(*, now: dt.datetime, quiet_weeks: int) -> dict[str, Q]:
    """`own_flags` as SQL, condition by condition, for pages that filter, count and sort
    pairs in the database: each Q holds for exactly the mentorships `own_flags` flags with
    that code. The queryset must annotate `last_meeting` as `own_flags` receives it.
    (`tests/mentorships/test_pairs_overview.py` checks that the two forms agree.)"""
    live = Q(state__in=LIVE_STATES)
    since_meeting = Coalesce("last_meeting", "agreed_at", "introduced_at")
    # The later of the last message and the last meeting held, else the introduction.
    contact = Greatest(
        Coalesce("last_contact_at", "last_meeting", "introduced_at"),
        Coalesce("last_meeting", "last_contact_at", "introduced_at"),
    )
    return {
        Condition.NO_AGREEMENT: live
        & Q(agreed_at__isnull=True, introduced_at__lt=now - NO_AGREEMENT_AFTER),
        Condition.NO_MEETING: live & Q(LessThan(since_meeting, now - NO_MEETING_FOR)),
        Condition.QUIET: live & Q(LessThan(contact, now - dt.timedelta(weeks=quiet_weeks))),
    }


def may_need_attention(*, now: dt.datetime, quiet_weeks: int, also: Iterable[int] = ()) -> Q:
    """A filter, on live mentorships annotated with `last_meeting`, that keeps every one
    `own_flags` could flag (and those in `also`): a superset found in SQL, so that pages judge
    only these in Python instead of every pair. A pair that has agreed and held a meeting
    more recently than the shortest threshold cannot be flagged."""
    recent = now - min(NO_MEETING_FOR, dt.timedelta(weeks=quiet_weeks))
    return (
        Q(agreed_at__isnull=True)
        | Q(last_meeting__isnull=True)
        | Q(last_meeting__lt=recent)
        | Q(pk__in=list(also))
    )


def provided_flags(programme: Programme) -> dict[int, list[Flag]]:
    """The conditions registered by the apps above, by mentorship id."""
    flags: dict[int, list[Flag]] = {}
    for code, provider in attention_providers.items():
        label = str(Condition(code).label) if code in Condition.values else code
        for mentorship_id, people in provider(programme).items():
            flags.setdefault(mentorship_id, []).append(Flag(code, label, frozenset(people)))
    return flags


def flags_by_mentorship(
    programme: Programme,
    mentorships: list[Any],
    *,
    now: dt.datetime,
    provided: dict[int, list[Flag]] | None = None,
) -> dict[int, list[Flag]]:
    """Every flag of the given mentorships (annotated with `last_meeting`) of one programme.
    `provided` is `provided_flags(programme)` when the caller has already asked for it."""
    if provided is None:
        provided = provided_flags(programme)
    return {
        m.pk: [
            *own_flags(m, last_meeting=m.last_meeting, quiet_weeks=programme.quiet_weeks, now=now),
            *provided.get(m.pk, []),
        ]
        for m in mentorships
    }
