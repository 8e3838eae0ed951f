"""Reads that already apply who may see what."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextChoices,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentorlab.programmes.models import Programme

from .attention import (
    Condition,
    Flag,
    flags_by_mentorship,
    may_need_attention,
    own_conditions_sql,
    own_flags,
    provided_flags,
)
from .models import (
    LIVE_STATES,
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
    MentorshipState,
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


def _annotated(queryset: QuerySet[Mentorship], now: dt.datetime) -> QuerySet[Mentorship]:
    """What a coordinator's row counts, each a subquery per mentorship, so that the rows can
    be filtered, sorted and paged in SQL without a GROUP BY over every meeting."""
    meetings = Meeting.objects.filter(mentorship=OuterRef("pk")).order_by()

    def count(q: Q) -> Coalesce:
        return Coalesce(
            Subquery(meetings.filter(q).values("mentorship").annotate(n=Count("pk")).values("n")),
            0,
        )

    return queryset.annotate(
        last_meeting=Subquery(
            meetings.filter(status=MeetingStatus.HELD).order_by("-start").values("start")[:1]
        ),
        last_nudged=Subquery(
            Nudge.objects.filter(mentorship=OuterRef("pk"))
            .order_by("-sent_at")
            .values("sent_at")[:1]
        ),
        held=count(Q(status=MeetingStatus.HELD)),
        planned=count(Q(status=MeetingStatus.PLANNED, start__gte=now)),
    )


def _rows(
    programme: Programme,
    mentorships: list[Any],
    *,
    scope: Q,
    now: dt.datetime,
    provided: dict[int, list[Flag]] | None = None,
) -> list[CoordinatorRow]:
    """Rows for `mentorships` (annotated by `_annotated`); `scope` selects their members and
    goals in SQL (by programme, or by the ids of one page), never as a list of every id: a
    prefetch of 6,000 ids is too deep an expression for SQLite."""
    flags_of = flags_by_mentorship(programme, mentorships, now=now, provided=provided)
    names: dict[int, list[str]] = {}
    for member in (
        MentorshipActor.objects.filter(scope)
        .select_related("actor")
        .order_by("mentorship_id", "pk")
    ):
        names.setdefault(member.mentorship_id, []).append(str(member.actor))
    goal_counts: dict[int, dict[str, int]] = {}
    for row in (
        Goal.objects.filter(scope)
        .exclude(owner=F("mentorship__mentor"))
        .values("mentorship_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        goal_counts.setdefault(row["mentorship_id"], {})[row["status"]] = row["n"]
    shared: dict[int, list[str]] = {}
    for goal in Goal.objects.filter(scope, visibility=Visibility.COORDINATORS).only(
        "mentorship_id", "title"
    ):
        shared.setdefault(goal.mentorship_id, []).append(goal.title)
    rows = []
    for m in mentorships:
        flags = flags_of[m.pk]
        counts = goal_counts.get(m.pk, {})
        rows.append(
            CoordinatorRow(
                mentorship=m,
                mentor_name=str(m.mentor),
                actor_names=names.get(m.pk, []),
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


def coordinator_rows(
    programme: Programme, *, now: dt.datetime | None = None, only: set[int] | None = None
) -> list[CoordinatorRow]:
    """One row per mentorship of the programme (or of those in `only`), in a fixed number
    of queries. Never reads notes, reflections, agreements or the text of goals not shared
    with coordinators. Pages that show a programme's pairs use `pairs_page` instead, which
    loads one page of them."""
    now = now or timezone.now()
    mentorships = list(
        _annotated(
            Mentorship.objects.filter(programme=programme)
            .filter(Q() if only is None else Q(pk__in=only))
            .select_related("mentor"),
            now,
        ).order_by("mentor__full_name", "pk")
    )
    scope = Q(mentorship__programme=programme)
    if only is not None:
        scope &= Q(mentorship_id__in=only)
    return _rows(programme, mentorships, scope=scope, now=now)


# --- the pairs overview: search, filter, sort and page in SQL -------------------------------
PAIRS_PAGE_SIZE = 50
ATTENTION = "attention"  # the flag filter "needs attention (any reason)"
# Holds for no mentorship. Not `pk__in=[]`: inside an aggregate's filter that empties the
# whole query, and every count comes back 0.
NOBODY = Q(pk__isnull=True)


class PairSort(TextChoices):
    NAME = "name", gettext_lazy("Mentor's name, A to Z")
    NAME_DESC = "-name", gettext_lazy("Mentor's name, Z to A")
    STATE = "state", gettext_lazy("State")
    CONTACT = "contact", gettext_lazy("Last contact, longest ago first")
    CONTACT_DESC = "-contact", gettext_lazy("Last contact, most recent first")
    NUDGED = "nudged", gettext_lazy("Last nudged, longest ago first")
    NUDGED_DESC = "-nudged", gettext_lazy("Last nudged, most recent first")
    FLAGS = "flags", gettext_lazy("Most reasons for attention first")


@dataclass(frozen=True)
class PairQuery:
    """What the coordinator asked the overview for (the query string, validated)."""

    q: str = ""
    state: str = ""
    flag: str = ""  # "", ATTENTION or a condition code
    track: str = ""  # "" or a degree level
    sort: str = PairSort.NAME


@dataclass
class PairsPage:
    page: Page[Mentorship]
    rows: list[CoordinatorRow]
    total: int  # pairs of the programme that match the search and track
    state_counts: dict[str, int]
    flag_counts: dict[str, int]  # by condition code, and ATTENTION for any


class _Conditions:
    """Per condition code, a Q that holds for the mentorships flagged for it: the SQL form
    of `attention.py`'s own conditions and the ids the providers above name."""

    def __init__(self, programme: Programme, now: dt.datetime) -> None:
        self.provided = provided_flags(programme)
        self.by_code: dict[str, Q] = own_conditions_sql(now=now, quiet_weeks=programme.quiet_weeks)
        ids: dict[str, set[int]] = {}
        for mentorship_id, flags in self.provided.items():
            for flag in flags:
                ids.setdefault(flag.code, set()).add(mentorship_id)
        for code, chosen in ids.items():
            self.by_code[code] = Q(pk__in=sorted(chosen))
        for code in Condition.values:
            self.by_code.setdefault(code, NOBODY)

    @property
    def any_live(self) -> Q:
        """Needs attention as the overview's count and "nudge every flagged pair" mean it:
        running, and flagged for any reason."""
        anything = NOBODY
        for q in self.by_code.values():
            anything |= q
        return Q(state__in=LIVE_STATES) & anything

    def count_expression(self) -> Any:
        return sum(
            (Case(When(q, then=1), default=0) for q in self.by_code.values()),
            start=Value(0),
        )


def _searched(queryset: QuerySet[Mentorship], query: PairQuery) -> QuerySet[Mentorship]:
    if query.q:
        people = Q(actor__full_name__icontains=query.q) | Q(actor__email__icontains=query.q)
        queryset = queryset.filter(
            Q(mentor__full_name__icontains=query.q)
            | Q(mentor__email__icontains=query.q)
            | Exists(MentorshipActor.objects.filter(people, mentorship=OuterRef("pk")))
        )
    if query.track:
        queryset = queryset.filter(
            Exists(
                MentorshipActor.objects.filter(
                    mentorship=OuterRef("pk"),
                    actor__actor_applications__programme=OuterRef("programme"),
                    actor__actor_applications__degree_level=query.track,
                )
            )
        )
    return queryset


def _ordered(queryset: QuerySet[Mentorship], sort: str, conditions: _Conditions) -> Any:
    name = ("mentor__full_name", "pk")
    if sort == PairSort.NAME_DESC:
        return queryset.order_by("-mentor__full_name", "-pk")
    if sort == PairSort.STATE:
        rank = Case(
            *(When(state=s, then=i) for i, s in enumerate(MentorshipState.values)), default=99
        )
        return queryset.alias(state_rank=rank).order_by("state_rank", *name)
    if sort in (PairSort.CONTACT, PairSort.CONTACT_DESC):
        contact = F("last_contact_at")
        first = contact.asc(nulls_first=True)
        if sort == PairSort.CONTACT_DESC:
            first = contact.desc(nulls_last=True)
        return queryset.order_by(first, *name)
    if sort in (PairSort.NUDGED, PairSort.NUDGED_DESC):
        nudged = F("last_nudged")
        first = nudged.asc(nulls_first=True)
        if sort == PairSort.NUDGED_DESC:
            first = nudged.desc(nulls_last=True)
        return queryset.order_by(first, *name)
    if sort == PairSort.FLAGS:
        return queryset.alias(n_flags=conditions.count_expression()).order_by("-n_flags", *name)
    return queryset.order_by(*name)


def _chosen(
    searched: QuerySet[Mentorship], query: PairQuery, conditions: _Conditions
) -> QuerySet[Mentorship]:
    if query.state:
        searched = searched.filter(state=query.state)
    if query.flag == ATTENTION:
        return searched.filter(conditions.any_live)
    if query.flag:
        return searched.filter(conditions.by_code.get(query.flag, NOBODY))
    return searched


def pairs_page(
    programme: Programme,
    query: PairQuery,
    *,
    page: Any = 1,
    per_page: int = PAIRS_PAGE_SIZE,
    now: dt.datetime | None = None,
) -> PairsPage:
    """One page of the programme's pairs as the coordinator searched, filtered and sorted
    them, with the counts of each state and reason over the search. A fixed number of
    queries, and one page of rows loaded whatever the programme's size."""
    now = now or timezone.now()
    conditions = _Conditions(programme, now)
    searched = _annotated(_searched(Mentorship.objects.filter(programme=programme), query), now)
    counts = searched.aggregate(
        total=Count("pk"),
        **{f"state_{s}": Count("pk", filter=Q(state=s)) for s in MentorshipState.values},
        **{f"flag_{c}": Count("pk", filter=q) for c, q in conditions.by_code.items()},
        any=Count("pk", filter=conditions.any_live),
    )
    chosen = _chosen(searched, query, conditions).select_related("mentor")
    paged = Paginator(_ordered(chosen, query.sort, conditions), per_page).get_page(page)
    mentorships = list(paged.object_list)
    rows = _rows(
        programme,
        mentorships,
        scope=Q(mentorship_id__in=[m.pk for m in mentorships]),
        now=now,
        provided=conditions.provided,
    )
    flag_counts = {c: counts[f"flag_{c}"] for c in conditions.by_code}
    flag_counts[ATTENTION] = counts["any"]
    return PairsPage(
        page=paged,
        rows=rows,
        total=counts["total"],
        state_counts={s: counts[f"state_{s}"] for s in MentorshipState.values},
        flag_counts=flag_counts,
    )


def pairs_matching_rows(
    programme: Programme, query: PairQuery, *, now: dt.datetime | None = None
) -> list[CoordinatorRow]:
    """Every pair that matches the coordinator's search and filters, in their order (for
    "all N pairs that match": the export and the nudge). Members and goals are read by a
    subquery, never by a list of every id."""
    now = now or timezone.now()
    conditions = _Conditions(programme, now)
    searched = _annotated(_searched(Mentorship.objects.filter(programme=programme), query), now)
    chosen = _chosen(searched, query, conditions)
    mentorships = list(_ordered(chosen.select_related("mentor"), query.sort, conditions))
    scope = Q(mentorship__in=chosen.order_by().values("pk"))
    return _rows(programme, mentorships, scope=scope, now=now, provided=conditions.provided)


def flagged_pair_ids(programme: Programme, *, now: dt.datetime | None = None) -> list[int]:
    """The running pairs that need attention, for "nudge every flagged pair"."""
    now = now or timezone.now()
    conditions = _Conditions(programme, now)
    return list(
        _annotated(Mentorship.objects.filter(programme=programme), now)
        .filter(conditions.any_live)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


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
