from __future__ import annotations

from collections.abc import Iterator
from typing import Any, overload

from django.db.models import Count, Q, QuerySet, Value
from django.http import Http404

from .choices import ApplicationStatus, Role
from .models import ActorApplication, MentorApplication, Programme, Topic


def open_programmes() -> QuerySet[Programme]:
    return Programme.objects.filter(is_public=True)


class ReviewRows:
    """Both kinds of application, filtered, newest first, paged in SQL: `count()` counts in
    the database and a slice reads only its own rows (the two tables are merged and sorted by
    a UNION of ids and dates, then the slice's applications are loaded by id). Paginator and
    the API's pagination take it like a queryset."""

    def __init__(
        self,
        querysets: dict[str, QuerySet[Any]],
        *,
        topics: bool = False,
    ) -> None:
        self.querysets = querysets
        self.topics = topics
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = sum(qs.order_by().count() for qs in self.querysets.values())
        return self._count

    def __len__(self) -> int:
        return self.count()

    @overload
    def __getitem__(self, index: int) -> ActorApplication | MentorApplication: ...

    @overload
    def __getitem__(self, index: slice) -> list[ActorApplication | MentorApplication]: ...

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, int):
            found = self[index : index + 1]
            if not found:
                raise IndexError(index)
            return found[0]
        start, stop = index.start or 0, index.stop
        if index.step not in (None, 1) or start < 0 or (stop is not None and stop < 0):
            raise ValueError("ReviewRows takes only forward slices")
        if stop is not None and stop <= start:
            return []
        keyed = [
            qs.order_by().annotate(kind=Value(role)).values_list("submitted_at", "kind", "pk")
            for role, qs in self.querysets.items()
        ]
        merged = keyed[0].union(*keyed[1:], all=True) if len(keyed) > 1 else keyed[0]
        merged = merged.order_by("-submitted_at", "kind", "-pk")
        ids = list(merged[start:stop] if stop is not None else merged[start:])
        loaded: dict[tuple[str, int], ActorApplication | MentorApplication] = {}
        for role, qs in self.querysets.items():
            # The same queries whichever roles the slice holds (an id that is never used
            # when it holds none), so a page's query count does not depend on its mix.
            wanted = [pk for _at, kind, pk in ids if kind == role] or [0]
            rows = list(qs.filter(pk__in=wanted).select_related("user"))
            if self.topics:
                _attach_topics(qs.model, rows, wanted)
            loaded.update(((role, a.pk), a) for a in rows)
        return [loaded[(kind, pk)] for _at, kind, pk in ids if (kind, pk) in loaded]

    def __iter__(self) -> Iterator[ActorApplication | MentorApplication]:
        return iter(self[0:])


def _attach_topics(model: type[Any], rows: list[Any], ids: list[int]) -> None:
    """Prefetch the applications' topics in one query, even for no rows."""
    through = model.topics.through
    owner = f"{model._meta.model_name}_id"
    links = (
        through.objects.filter(**{f"{owner}__in": ids})
        .select_related("topic")
        .order_by("topic__order", "topic__name", "topic__pk")
    )
    by_owner: dict[int, list[Topic]] = {}
    for link in links:
        by_owner.setdefault(getattr(link, owner), []).append(link.topic)
    for application in rows:
        cached = Topic.objects.all()
        cached._result_cache = by_owner.get(application.pk, [])
        application._prefetched_objects_cache = {"topics": cached}


def applications_for_review(
    programme: Programme,
    *,
    role: str = "",
    status: str = "",
    level: str = "",
    q: str = "",
    topics: bool = False,
) -> ReviewRows:
    """Both kinds of application for the review list, filtered, newest first, paged and
    counted in SQL (see `ReviewRows`)."""
    querysets: dict[str, QuerySet[Any]] = {}
    search = Q()
    if q:
        search = (
            Q(user__full_name__icontains=q) | Q(user__email__icontains=q) | Q(city__icontains=q)
        )
    if role in ("", Role.ACTOR):
        actors = programme.actor_applications.all()
        actors = actors.filter(search | Q(field_of_study__icontains=q) if q else Q())
        if status:
            actors = actors.filter(status=status)
        if level:
            actors = actors.filter(degree_level=level)
        querysets[Role.ACTOR] = actors
    if role in ("", Role.MENTOR):
        mentors = programme.mentor_applications.all()
        mentors = mentors.filter(
            search | Q(employer__icontains=q) | Q(current_role__icontains=q) if q else Q()
        )
        if status:
            mentors = mentors.filter(status=status)
        if level:
            mentors = mentors.filter(levels__in=[level, "both"])
        querysets[Role.MENTOR] = mentors
    return ReviewRows(querysets, topics=topics)


def review_keys_in(programme: Programme, keys: list[str]) -> list[str]:
    """Those of `keys` ("actor-12", "mentor-7") that name an application of this programme
    (what a bulk decision may choose from), in one query per role."""
    return [application_key(a) for a in applications_by_keys(programme, keys, user=False)]


def application_key(application: ActorApplication | MentorApplication) -> str:
    return f"{application.role}-{application.pk}"


def _key_ids(keys: list[str], role: str) -> list[int]:
    prefix = f"{role}-"
    return [
        int(k[len(prefix) :]) for k in keys if k.startswith(prefix) and k[len(prefix) :].isdigit()
    ]


def applications_by_keys(
    programme: Programme, keys: list[str], *, user: bool = True
) -> list[ActorApplication | MentorApplication]:
    found: list[Any] = []
    for role, manager in (
        (Role.ACTOR, programme.actor_applications),
        (Role.MENTOR, programme.mentor_applications),
    ):
        ids = _key_ids(keys, role)
        if ids:
            rows = manager.filter(pk__in=ids)
            found += list(rows.select_related("user") if user else rows.only("pk"))
    return found


def is_accepted_actor(user: Any) -> bool:
    """Accepted as an actor (a student) in some programme: who may use the career-design
    toolkit, and so who is offered links into it."""
    if not getattr(user, "is_authenticated", False):
        return False
    return ActorApplication.objects.filter(user=user, status=ApplicationStatus.ACCEPTED).exists()


def user_participation(user: Any) -> dict[str, Any]:
    """What the home page needs to tell a signed-in person what to do next."""
    return {
        "actor_applications": list(
            ActorApplication.objects.filter(user=user).select_related("programme")
        ),
        "mentor_applications": list(
            MentorApplication.objects.filter(user=user).select_related("programme")
        ),
        "coordinated": list(Programme.objects.filter(coordinators=user)),
    }


def retention_periods() -> dict[str, Any]:
    """What the privacy notice says about how long data is kept: one period when every
    programme keeps the same, otherwise the period of each public programme."""
    default = Programme._meta.get_field("retention_months").get_default()
    months = set(Programme.objects.values_list("retention_months", flat=True)) or {default}
    if len(months) == 1:
        return {"retention_months": months.pop(), "retention_by_programme": []}
    return {
        "retention_months": None,
        "retention_by_programme": list(
            Programme.objects.filter(is_public=True)
            .order_by("-end_date", "name")
            .values_list("name", "retention_months")
        ),
    }


def programmes_visible_to(user: Any) -> QuerySet[Programme]:
    """Programmes a signed-in person may look at: the public ones and those they coordinate
    (a programme kept off the home page is still the coordinator's to run)."""
    if not getattr(user, "is_authenticated", False):
        return Programme.objects.none()
    coordinated = Programme.objects.filter(coordinators=user).values("pk")
    return Programme.objects.filter(Q(is_public=True) | Q(pk__in=coordinated))


def programme_visible_or_404(user: Any, slug: str) -> Programme:
    programme = programmes_visible_to(user).filter(slug=slug).first()
    if programme is None:
        raise Http404
    return programme


def coordinated_ids(user: Any) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(Programme.objects.filter(coordinators=user).values_list("pk", flat=True))


def application_counts(programme_ids: set[int]) -> dict[int, dict[str, dict[str, int]]]:
    """For each programme: {role: {status: count}}, in two queries whatever the number of
    programmes. Only for programmes the caller coordinates."""
    counts: dict[int, dict[str, dict[str, int]]] = {
        pk: {role: dict.fromkeys(ApplicationStatus.values, 0) for role in (Role.ACTOR, Role.MENTOR)}
        for pk in programme_ids
    }
    for role, model in ((Role.ACTOR, ActorApplication), (Role.MENTOR, MentorApplication)):
        rows = (
            model.objects.filter(programme_id__in=programme_ids)
            .values("programme_id", "status")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in rows:
            counts[row["programme_id"]][role][row["status"]] = row["n"]
    return counts


def application_for_viewer_or_404(
    user: Any, *, slug: str, role: str, pk: int
) -> ActorApplication | MentorApplication:
    """An application its applicant or a coordinator of its programme may see; 404 for
    everyone else, and for a role that does not exist."""
    if not getattr(user, "is_authenticated", False) or role not in (Role.ACTOR, Role.MENTOR):
        raise Http404
    model = ActorApplication if role == Role.ACTOR else MentorApplication
    application: ActorApplication | MentorApplication | None = (
        model.objects.filter(programme__slug=slug, pk=pk)
        .filter(Q(user=user) | Q(programme__coordinators=user))
        .select_related("programme", "user")
        .prefetch_related("topics")
        .distinct()
        .first()
    )
    if application is None:
        raise Http404
    return application


def own_applications(user: Any) -> list[ActorApplication | MentorApplication]:
    """The person's own applications in every programme, newest first."""
    found: list[ActorApplication | MentorApplication] = []
    for model in (ActorApplication, MentorApplication):
        found.extend(
            model.objects.filter(user=user)
            .select_related("programme", "user")
            .prefetch_related("topics")
        )
    found.sort(key=lambda a: a.submitted_at, reverse=True)
    return found
