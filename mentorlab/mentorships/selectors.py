"""Reads that already apply who may see what."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Max, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from mentorlab.programmes.models import Programme

from .attention import flags_by_mentorship, may_need_attention, own_flags
from .models import (
    Agreement,
    AgreementConfirmation,
    AgreementVersion,
    ClosingReflection,
    Goal,
    GoalStatus,
    Meeting,
    MeetingStatus,
    Mentorship,
    MentorshipActor,
    Nudge,
    Visibility,
)


# --- matched students and mentors' load -------------------------------------------------
# Two questions with two answers, both defined here: manual pairing asks how many students a
# mentor has in live mentorships now; matching asks how many of the mentor's places in the
# programme are used, where students of completed mentorships still count.
def matched_actor_ids(programme: Programme) -> set[int]:
    """Students who are matched in the programme and may not be matched again."""
    return set(
        MentorshipActor.objects.matched()
        .filter(programme=programme)
        .values_list("actor_id", flat=True)
    )


def mentor_live_load(*, programme: Programme, mentor: Any) -> int:
    """How many students one mentor has in live (introduced or active) mentorships."""
    return (
        MentorshipActor.objects.live()
        .filter(programme=programme, mentorship__mentor=mentor)
        .count()
    )


def mentor_places_used_by_id(programme: Programme) -> dict[int, int]:
    """How many of each mentor's places in the programme are used, by mentor id: every
    student still matched with them counts (see `MentorshipActorQuerySet.matched`)."""
    rows = (
        MentorshipActor.objects.matched()
        .filter(programme=programme)
        .values("mentorship__mentor_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {r["mentorship__mentor_id"]: r["n"] for r in rows}


def mentorships_of(user: Any) -> QuerySet[Mentorship]:
    """Mentorships the user takes part in, as mentor or as actor."""
    return (
        Mentorship.objects.filter(Q(mentor=user) | Q(members__actor=user))
        .distinct()
        .select_related("programme", "mentor")
        .prefetch_related("members__actor")
    )


def mentorship_for_participant_or_404(user: Any, pk: int) -> Mentorship:
    """The mentorship if `user` is its mentor or one of its actors; 404 for anyone else,
    coordinators included (they use the coordinator view, which shows metadata only)."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    mentorship = mentorships_of(user).filter(pk=pk).first()
    if mentorship is None:
        raise Http404
    return mentorship


def mentorship_for_coordinator_or_404(programme: Programme, pk: int) -> Mentorship:
    """A mentorship of a programme the caller already coordinates (look the programme up
    with `coordinated_programme_or_404`); 404 for a mentorship of any other programme."""
    mentorship = (
        Mentorship.objects.filter(programme=programme, pk=pk)
        .select_related("programme", "mentor")
        .prefetch_related("members__actor")
        .first()
    )
    if mentorship is None:
        raise Http404
    return mentorship


def agreement_of(mentorship: Mentorship) -> Agreement:
    """The mentorship's agreement, or an empty unsaved one when none exists yet: pages only
    read, and the first proposed version creates the row (services.agreement_propose)."""
    return Agreement.objects.filter(mentorship=mentorship).first() or Agreement(
        mentorship=mentorship
    )


def agreement_versions(agreement: Agreement) -> list[AgreementVersion]:
    """Every version, newest first, with authors and confirmations."""
    if agreement.pk is None:
        return []
    return list(agreement.versions.select_related("author").prefetch_related("confirmations__user"))


def next_meeting(mentorship: Mentorship) -> Meeting | None:
    """The next planned meeting that has not ended yet."""
    return (
        mentorship.meetings.filter(status=MeetingStatus.PLANNED, start__gte=_recent_cutoff())
        .order_by("start")
        .first()
    )


def _recent_cutoff() -> dt.datetime:
    # A meeting under way still counts as "next" until its longest possible end.
    return timezone.now() - dt.timedelta(hours=8)


def meeting_for_participant_or_404(user: Any, pk: int) -> Meeting:
    if not getattr(user, "is_authenticated", False):
        raise Http404
    meeting = (
        Meeting.objects.filter(pk=pk)
        .filter(Q(mentorship__mentor=user) | Q(mentorship__members__actor=user))
        .select_related("mentorship__programme", "mentorship__mentor")
        .prefetch_related("mentorship__members__actor")
        .distinct()
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting


def goal_for_viewer_or_404(user: Any, pk: int) -> Goal:
    """A goal its owner may see, or a participant may see when it is shared."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    goal = (
        Goal.objects.filter(pk=pk)
        .select_related("mentorship__programme", "mentorship__mentor", "owner")
        .prefetch_related("mentorship__members__actor")
        .first()
    )
    if goal is None or not goal.visible_to(user):
        raise Http404
    return goal


def goals_visible_to(mentorship: Mentorship, user: Any) -> list[Goal]:
    """Own goals (private or not) plus the others' shared goals."""
    return list(
        mentorship.goals.filter(Q(owner=user) | ~Q(visibility=Visibility.PRIVATE))
        .select_related("owner")
        .annotate(comment_count=Count("comments"))
    )


def goals_need_review(mentorship: Mentorship, goals: list[Goal], *, today: dt.date) -> bool:
    """The mid-programme dip: suggest revisiting the goals around the halfway point, or when
    no open goal has moved for four weeks."""
    if not mentorship.is_live:
        return False
    halfway = mentorship.programme.halfway_date
    if halfway - dt.timedelta(days=7) <= today <= halfway + dt.timedelta(days=14):
        return True
    open_goals = [g for g in goals if g.status in (GoalStatus.OPEN, GoalStatus.IN_PROGRESS)]
    stale = timezone.now() - dt.timedelta(weeks=STALE_GOAL_WEEKS)
    return bool(open_goals) and all(g.progress_changed_at < stale for g in open_goals)


STALE_GOAL_WEEKS = 4


@dataclass
class CoordinatorRow:
    """What a coordinator may know about one mentorship: dates, counts and states only."""

    mentorship: Mentorship
    mentor_name: str
    actor_names: list[str]
    state: str
    state_label: str
    introduced_at: dt.datetime
    agreed_at: dt.datetime | None
    ended_at: dt.datetime | None
    held: int
    planned: int
    last_meeting: dt.datetime | None
    last_contact: dt.datetime | None  # a message or a meeting held; never what was said
    goals_by_status: dict[str, int]
    shared_goal_titles: list[str]
    # What needs attention (see `attention.py`): readable labels and their codes, in order.
    flags: list[str] = field(default_factory=list)
    conditions: list[str] = field(default_factory=list)
    last_nudged: dt.datetime | None = None

    @property
    def flag_items(self) -> list[tuple[str, str]]:
        """(code, label) pairs, for pages that link a condition to where it is handled."""
        return list(zip(self.conditions, self.flags, strict=True))


def attention_counts(
    programme_ids: set[int], *, now: dt.datetime | None = None
) -> dict[int, Counter[str]]:
    """{programme id: {reason: live mentorships flagged for it}} for the coordinator's
    work queue, in one query, by the one definition in `attention.py`. Help requests are
    left to the queue's own line for them (they are counted per survey); the caller checks
    who may see them."""
    now = now or timezone.now()
    counts: dict[int, Counter[str]] = {pk: Counter() for pk in programme_ids}
    rows = (
        Mentorship.objects.live()
        .filter(programme_id__in=programme_ids)
        .annotate(
            last_meeting=Max("meetings__start", filter=Q(meetings__status=MeetingStatus.HELD)),
            quiet_weeks=F("programme__quiet_weeks"),
        )
        .order_by()
    )
    # Judge in Python only the pairs that may need attention (a superset found in SQL).
    shortest = Programme.objects.filter(pk__in=programme_ids).aggregate(q=Min("quiet_weeks"))["q"]
    if shortest is not None:
        rows = rows.filter(may_need_attention(now=now, quiet_weeks=shortest))
    for m in rows:
        flags = own_flags(m, last_meeting=m.last_meeting, quiet_weeks=m.quiet_weeks, now=now)
        counts[m.programme_id].update(flag.label for flag in flags)
    return counts


def coordinator_rows(
    programme: Programme, *, now: dt.datetime | None = None, only: set[int] | None = None
) -> list[CoordinatorRow]:
    """One row per mentorship of the programme (or of those in `only`), in a fixed number
    of queries. Never reads notes, reflections, agreements or the text of goals not shared
    with coordinators."""
    now = now or timezone.now()
    chosen = Q() if only is None else Q(mentorship_id__in=only)
    mentorships = list(
        Mentorship.objects.filter(programme=programme)
        .filter(Q() if only is None else Q(pk__in=only))
        .select_related("mentor")
        .prefetch_related("members__actor")
        .annotate(
            held=Count("meetings", filter=Q(meetings__status=MeetingStatus.HELD), distinct=True),
            planned=Count(
                "meetings",
                filter=Q(meetings__status=MeetingStatus.PLANNED, meetings__start__gte=now),
                distinct=True,
            ),
            last_meeting=Max("meetings__start", filter=Q(meetings__status=MeetingStatus.HELD)),
            last_nudged=Subquery(
                Nudge.objects.filter(mentorship=OuterRef("pk"))
                .order_by("-sent_at")
                .values("sent_at")[:1]
            ),
        )
        .order_by("mentor__full_name", "pk")
    )
    flags_of = flags_by_mentorship(programme, mentorships, now=now)
    goal_counts: dict[int, dict[str, int]] = {}
    for row in (
        Goal.objects.filter(chosen, mentorship__programme=programme)
        .exclude(owner=F("mentorship__mentor"))
        .values("mentorship_id", "status")
        .annotate(n=Count("pk"))
    ):
        goal_counts.setdefault(row["mentorship_id"], {})[row["status"]] = row["n"]
    shared: dict[int, list[str]] = {}
    for goal in Goal.objects.filter(
        chosen, mentorship__programme=programme, visibility=Visibility.COORDINATORS
    ).only("mentorship_id", "title"):
        shared.setdefault(goal.mentorship_id, []).append(goal.title)
    rows = []
    for m in mentorships:
        flags = flags_of[m.pk]
        counts = goal_counts.get(m.pk, {})
        rows.append(
            CoordinatorRow(
                mentorship=m,
                mentor_name=str(m.mentor),
                actor_names=[str(member.actor) for member in m.members.all()],
                state=m.state,
                state_label=str(m.get_state_display()),
                introduced_at=m.introduced_at,
                agreed_at=m.agreed_at,
                ended_at=m.ended_at,
                held=m.held,
                planned=m.planned,
                last_meeting=m.last_meeting,
                last_contact=m.last_contact_at,
                goals_by_status={s: counts.get(s, 0) for s in GoalStatus.values},
                shared_goal_titles=shared.get(m.pk, []),
                flags=[f.label for f in flags],
                conditions=[f.code for f in flags],
                last_nudged=m.last_nudged,
            )
        )
    return rows


@dataclass
class HomeCard:
    mentorship: Mentorship
    role: str
    others: list[str]
    next_meeting: Meeting | None
    todo: list[tuple[str, str]]  # (text, url)
    held: int


def home_cards(user: Any) -> list[HomeCard]:
    """A participant's mentorships, live ones first, each with what to do next."""
    from django.urls import reverse

    now = timezone.now()
    cutoff = _recent_cutoff()
    cards = []
    planned = Meeting.objects.filter(status=MeetingStatus.PLANNED)
    # Everything a card needs comes in a fixed number of queries, however many mentorships.
    mentorships = (
        mentorships_of(user)
        .select_related("agreement")
        .prefetch_related(
            Prefetch(
                "meetings",
                queryset=planned.filter(start__gte=cutoff)
                .order_by("start")
                .annotate(agenda_count=Count("agenda")),
                to_attr="upcoming",
            ),
            Prefetch(
                "meetings",
                queryset=planned.filter(start__lt=now - dt.timedelta(hours=8)),
                to_attr="unlogged",
            ),
            Prefetch(
                "agreement__versions",
                queryset=AgreementVersion.objects.order_by("-number").prefetch_related(
                    Prefetch(
                        "confirmations",
                        queryset=AgreementConfirmation.objects.filter(user=user),
                        to_attr="by_user",
                    )
                ),
                to_attr="newest_first",
            ),
            Prefetch(
                "closing_reflections",
                queryset=ClosingReflection.objects.filter(author=user),
                to_attr="by_user",
            ),
        )
        .annotate(
            held=Count("meetings", filter=Q(meetings__status=MeetingStatus.HELD), distinct=True)
        )
    )
    for m in sorted(mentorships, key=lambda m: (not m.is_live, -m.pk)):
        is_actor = m.is_actor(user)
        todo: list[tuple[str, str]] = []
        detail = reverse("mentorships:detail", args=[m.pk])
        nxt = m.upcoming[0] if m.is_live and m.upcoming else None
        if m.is_live:
            agreement = getattr(m, "agreement", None)
            latest = agreement.newest_first[0] if agreement and agreement.newest_first else None
            agreement_url = reverse("mentorships:agreement", args=[m.pk])
            if latest is None:
                if is_actor:
                    todo.append((str(_("Draft your mentoring agreement")), agreement_url))
            elif agreement is not None and not agreement.is_confirmed and not latest.by_user:
                todo.append((str(_("Read and confirm the agreement")), agreement_url))
            unlogged = m.unlogged[0] if m.unlogged else None
            if unlogged:
                todo.append(
                    (
                        str(_("Mark your last meeting held or cancelled")),
                        reverse("mentorships:meeting", args=[unlogged.pk]),
                    )
                )
            if nxt is None:
                todo.append(
                    (
                        str(_("Book your next meeting")),
                        reverse("mentorships:meeting_new", args=[m.pk]),
                    )
                )
            elif is_actor and not nxt.agenda_count:
                todo.append(
                    (
                        str(_("Prepare the agenda for your next meeting")),
                        reverse("mentorships:meeting", args=[nxt.pk]),
                    )
                )
        elif not m.by_user:
            todo.append(
                (str(_("Write your closing reflection")), reverse("mentorships:close", args=[m.pk]))
            )
        if not todo and m.is_live:
            todo.append((str(_("Open your shared space")), detail))
        others = [str(m.mentor)] if is_actor else []
        others += [str(a.actor) for a in m.members.all() if a.actor_id != user.pk]
        cards.append(
            HomeCard(
                mentorship=m,
                role="actor" if is_actor else "mentor",
                others=others,
                next_meeting=nxt,
                todo=todo,
                held=m.held,
            )
        )
    return cards


def meetings_of(mentorship: Mentorship) -> QuerySet[Meeting]:
    """A mentorship's meetings in time order, for its participants (look the mentorship up
    with `mentorship_for_participant_or_404` first)."""
    return mentorship.meetings.order_by("start", "pk")
