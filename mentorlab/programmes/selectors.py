from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from .choices import ApplicationStatus, Role
from .models import ActorApplication, MentorApplication, Programme


def open_programmes() -> QuerySet[Programme]:
    return Programme.objects.filter(is_public=True)


def applications_for_review(
    programme: Programme, *, role: str = "", status: str = "", level: str = "", q: str = ""
) -> list[ActorApplication | MentorApplication]:
    """Both kinds of application for the review list, filtered, newest first."""
    results: list[ActorApplication | MentorApplication] = []
    search = Q()
    if q:
        search = (
            Q(user__full_name__icontains=q) | Q(user__email__icontains=q) | Q(city__icontains=q)
        )
    if role in ("", Role.ACTOR):
        actors = programme.actor_applications.select_related("user").prefetch_related("topics")
        actors = actors.filter(search | Q(field_of_study__icontains=q) if q else Q())
        if status:
            actors = actors.filter(status=status)
        if level:
            actors = actors.filter(degree_level=level)
        results.extend(actors)
    if role in ("", Role.MENTOR):
        mentors = programme.mentor_applications.select_related("user").prefetch_related("topics")
        mentors = mentors.filter(
            search | Q(employer__icontains=q) | Q(current_role__icontains=q) if q else Q()
        )
        if status:
            mentors = mentors.filter(status=status)
        if level:
            mentors = mentors.filter(levels__in=[level, "both"])
        results.extend(mentors)
    results.sort(key=lambda a: a.submitted_at, reverse=True)
    return results


def application_key(application: ActorApplication | MentorApplication) -> str:
    return f"{application.role}-{application.pk}"


def applications_by_keys(
    programme: Programme, keys: list[str]
) -> list[ActorApplication | MentorApplication]:
    actor_ids = [int(k.split("-", 1)[1]) for k in keys if k.startswith("actor-")]
    mentor_ids = [int(k.split("-", 1)[1]) for k in keys if k.startswith("mentor-")]
    found: list[Any] = list(
        programme.actor_applications.filter(pk__in=actor_ids).select_related("user")
    )
    found += list(programme.mentor_applications.filter(pk__in=mentor_ids).select_related("user"))
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
