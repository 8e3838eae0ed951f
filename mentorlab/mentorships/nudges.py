"""Nudges: a friendly reminder to a pair that needs attention (see `attention.py` for when).

Automatic ones go from `manage.py send_nudges` (cron), once per mentorship and condition: the
`Nudge` row's unique constraint decides, so two runs on two machines never both send one. A
pair gets at most one automatic nudge a week (`QUIET_PERIOD`), whatever else it is flagged
for, and none in the week after a coordinator nudged it; a condition that waits is nudged
on a later run if it still holds. The one exception is a help request, whose nudge answers
only the person who asked and is not a reminder to the pair.

Coordinators nudge one pair, a selection or all flagged pairs with a text they edit
(`pairs_nudge`); each pair nudged is one audit entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentorlab.audit.models import Action
from mentorlab.audit.services import audit_record
from mentorlab.core.translated import read_when_shown
from mentorlab.programmes.access import require_coordinator
from mentorlab.programmes.models import Programme

from . import notices
from .attention import Condition, Flag, flags_by_mentorship
from .models import LIVE_STATES, NUDGE_MAX_LENGTH, MeetingStatus, Mentorship, Nudge

QUIET_PERIOD = dt.timedelta(days=7)

AUTOMATIC = {
    Condition.HELP: gettext_lazy(
        "Thank you for telling us in the survey that you would like some help. A coordinator "
        "of %(programme)s will be in touch with you soon."
    ),
    Condition.NO_AGREEMENT: gettext_lazy(
        "A friendly reminder from %(programme)s: your mentoring agreement is not confirmed "
        "yet. Agreeing on your objectives and on how you meet gives the mentorship a good start."
    ),
    Condition.NO_MEETING: gettext_lazy(
        "A friendly reminder from %(programme)s: your last meeting was more than six weeks "
        "ago. Why not book the next one now, while you think of it?"
    ),
    Condition.QUIET: gettext_lazy(
        "A friendly hello from %(programme)s: your mentorship has been quiet for a while. A "
        "short message to each other is an easy way to get going again."
    ),
}


def default_text() -> str:
    """The coordinator's message as the form first shows it, in the coordinator's language."""
    return _(
        "Hello! How is your mentorship going? If something stands in the way of meeting or of "
        "agreeing on your goals, let us know: we are glad to help. A reply to this e-mail "
        "reaches us."
    )


def clean_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the message the pairs will receive.")})
    if len(text) > NUDGE_MAX_LENGTH:
        raise ValidationError(
            {
                "text": _(
                    "A nudge can be at most %(limit)d characters long (this one has %(count)d)."
                )
                % {"limit": NUDGE_MAX_LENGTH, "count": len(text)}
            }
        )
    return text


def pairs_nudge(
    *, programme: Programme, mentorship_ids: Sequence[int], text: str, by: Any
) -> list[Nudge]:
    """A coordinator's nudge to each of the programme's live mentorships in
    `mentorship_ids`: an in-app notification and (as each person chose) an e-mail with
    `text`, one audit entry per pair. A mentorship of another programme is refused
    (PermissionDenied) and one that has ended is a ValidationError; then nothing is sent."""
    require_coordinator(programme, by)
    text = clean_text(text)
    wanted = set(mentorship_ids)
    if not wanted:
        raise ValidationError(_("Choose at least one pair to nudge."))
    now = timezone.now()
    with transaction.atomic():
        mentorships = list(
            Mentorship.objects.select_for_update(of=("self",))
            .filter(programme=programme, pk__in=wanted)
            .select_related("programme", "mentor")
            .order_by("pk")
        )
        if len(mentorships) != len(wanted):
            raise PermissionDenied
        ended = [m for m in mentorships if not m.is_live]
        if ended:
            raise ValidationError(
                _("Only running mentorships can be nudged; %(names)s has ended.")
                % {"names": ", ".join(str(m) for m in ended)}
            )
        nudges = []
        for mentorship in mentorships:
            nudge = Nudge.objects.create(mentorship=mentorship, text=text, sent_by=by, sent_at=now)
            notices.nudged(mentorship, message="%(text)s", params={"text": text})
            audit_record(
                action=Action.PAIR_NUDGED,
                by=by,
                target=mentorship,
                programme=programme,
                details={"nudge": nudge.pk},
            )
            nudges.append(nudge)
    return nudges


# --- automatic nudges ---------------------------------------------------------------------
def _due(programme: Programme, now: dt.datetime) -> list[tuple[int, Flag]]:
    """(mentorship id, condition) pairs of the programme not nudged yet, the help
    requests first."""
    live = list(
        Mentorship.objects.live()
        .filter(programme=programme)
        .annotate(
            last_meeting=Max("meetings__start", filter=Q(meetings__status=MeetingStatus.HELD))
        )
        .order_by("pk")
    )
    done = set(
        Nudge.objects.filter(mentorship__in=live)
        .exclude(condition="")
        .values_list("mentorship_id", "condition")
    )
    order: list[str] = list(AUTOMATIC)
    due = []
    for mentorship_id, flags in flags_by_mentorship(programme, live, now=now).items():
        for flag in sorted(flags, key=lambda f: order.index(f.code) if f.code in order else 99):
            if flag.code in AUTOMATIC and (mentorship_id, flag.code) not in done:
                due.append((mentorship_id, flag))
    return due


def _send_automatic(mentorship_id: int, flag: Flag, now: dt.datetime) -> bool:
    with transaction.atomic():
        # Locking the mentorship makes a second run wait and then see this run's nudge.
        mentorship = (
            Mentorship.objects.select_for_update(of=("self",))
            .filter(pk=mentorship_id, state__in=LIVE_STATES)
            .select_related("programme", "mentor")
            .first()
        )
        if mentorship is None:
            return False
        if flag.code != Condition.HELP and (
            Nudge.objects.filter(mentorship=mentorship, sent_at__gt=now - QUIET_PERIOD)
            .exclude(condition=Condition.HELP)
            .exists()
        ):
            return False  # nudged this week: this condition waits for a later run
        try:
            with transaction.atomic():
                Nudge.objects.create(mentorship=mentorship, condition=flag.code, sent_at=now)
        except IntegrityError:
            return False  # another run sent it
        notices.nudged(
            mentorship,
            message=AUTOMATIC[Condition(flag.code)],
            params={"programme": read_when_shown(mentorship.programme, "name")},
            only=flag.only,
        )
    return True


def nudges_send_due(*, now: dt.datetime | None = None) -> int:
    """Send every automatic nudge that is due, in every programme with live mentorships.
    Idempotent and safe to run on several machines at once. Returns how many were sent."""
    now = now or timezone.now()
    sent = 0
    programmes = Programme.objects.filter(mentorships__state__in=LIVE_STATES).distinct()
    for programme in programmes:
        for mentorship_id, flag in _due(programme, now):
            sent += _send_automatic(mentorship_id, flag, now)
    return sent
