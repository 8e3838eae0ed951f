from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from .choices import Role
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
