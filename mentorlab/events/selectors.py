"""Reads for events, peer groups and the directory, with who-may-see-what applied.

Participants of a programme: people with an ACCEPTED student or mentor application in it,
and its coordinators. Everything else gets a 404 from the `*_or_404` helpers."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mentorlab.accounts.models import User
from mentorlab.programmes.choices import ApplicationStatus, Role
from mentorlab.programmes.models import ActorApplication, MentorApplication, Programme

from .models import (
    Audience,
    DirectoryEntry,
    Event,
    EventStatus,
    PeerGroup,
    PeerGroupMember,
    Registration,
    RegistrationStatus,
)


def role_in(programme: Programme, user: Any) -> str | None:
    """ "coordinator", "actor", "mentor", or None for someone outside the programme."""
    if not getattr(user, "is_authenticated", False):
        return None
    if programme.coordinators.filter(pk=user.pk).exists():
        return Role.COORDINATOR
    accepted = {"programme": programme, "user": user, "status": ApplicationStatus.ACCEPTED}
    if ActorApplication.objects.filter(**accepted).exists():
        return Role.ACTOR
    if MentorApplication.objects.filter(**accepted).exists():
        return Role.MENTOR
    return None


def participant_programmes(user: Any) -> QuerySet[Programme]:
    if not getattr(user, "is_authenticated", False):
        return Programme.objects.none()
    accepted = {"user": user, "status": ApplicationStatus.ACCEPTED}
    # Three small subqueries: OR-ing joins over the coordinator and both application tables
    # made SQLite build programme x applications rows before DISTINCT (0.1-0.3 s per call
    # with a thousand students).
    return Programme.objects.filter(
        Q(pk__in=Programme.coordinators.through.objects.filter(user=user).values("programme_id"))
        | Q(pk__in=ActorApplication.objects.filter(**accepted).values("programme_id"))
        | Q(pk__in=MentorApplication.objects.filter(**accepted).values("programme_id"))
    )


def participant_roles(user: Any) -> dict[Programme, str]:
    """Every programme the person takes part in with their role there (the same answer as
    `role_in`, coordinator first), in three queries however many programmes."""
    programmes = list(participant_programmes(user))
    if not programmes:
        return {}
    ids = [p.pk for p in programmes]
    accepted = {"user": user, "status": ApplicationStatus.ACCEPTED, "programme_id__in": ids}
    coordinated = set(
        Programme.coordinators.through.objects.filter(
            user_id=user.pk, programme_id__in=ids
        ).values_list("programme_id", flat=True)
    )
    actor_in = set(
        ActorApplication.objects.filter(**accepted).values_list("programme_id", flat=True)
    )
    roles: dict[Programme, str] = {}
    for p in programmes:
        if p.pk in coordinated:
            roles[p] = Role.COORDINATOR
        elif p.pk in actor_in:
            roles[p] = Role.ACTOR
        else:
            # participant_programmes only lists programmes with one of the three roles.
            roles[p] = Role.MENTOR
    return roles


def programme_for_participant_or_404(user: Any, slug: str) -> tuple[Programme, str]:
    programme = get_object_or_404(Programme, slug=slug)
    role = role_in(programme, user)
    if role is None:
        raise Http404
    return programme, role


def event_is_for(event: Event, user: Any, role: str | None) -> bool:
    """Whether the event's audience includes this person (coordinators: always)."""
    if role is None:
        return False
    if role == Role.COORDINATOR:
        return True
    if event.audience == Audience.EVERYONE:
        return True
    if event.audience == Audience.ACTORS:
        return role == Role.ACTOR
    if event.audience == Audience.MENTORS:
        return role == Role.MENTOR
    return bool(
        event.peer_group_id
        and event.peer_group is not None
        and event.peer_group.is_published
        and PeerGroupMember.objects.filter(group_id=event.peer_group_id, user=user).exists()
    )


def visible_event_or_404(user: Any, pk: int) -> tuple[Event, str]:
    """An event the user may see: coordinators see all of their programme's events, others
    only published or cancelled events meant for them."""
    event = get_object_or_404(Event.objects.select_related("programme", "peer_group"), pk=pk)
    role = role_in(event.programme, user)
    if role is None or not event_is_for(event, user, role):
        raise Http404
    if role != Role.COORDINATOR and event.status == EventStatus.DRAFT:
        raise Http404
    return event, role


def coordinated_event_or_404(user: Any, pk: int) -> Event:
    if not getattr(user, "is_authenticated", False):
        raise Http404
    return get_object_or_404(
        Event.objects.select_related("programme", "peer_group"),
        pk=pk,
        programme__coordinators=user,
    )


def events_for(user: Any) -> list[tuple[Event, Registration | None]]:
    """Published and cancelled events from every programme the person takes part in that
    are meant for them, upcoming first, each with the person's own registration."""
    if not getattr(user, "is_authenticated", False):
        return []
    by_programme = participant_roles(user)
    programmes = list(by_programme)
    roles = {p.pk: r for p, r in by_programme.items()}
    my_groups = set(
        PeerGroupMember.objects.filter(user=user, group__is_published=True).values_list(
            "group_id", flat=True
        )
    )
    audience = Q(audience=Audience.EVERYONE) | Q(peer_group_id__in=my_groups)
    coordinated = [pk for pk, r in roles.items() if r == Role.COORDINATOR]
    actor_in = [pk for pk, r in roles.items() if r == Role.ACTOR]
    mentor_in = [pk for pk, r in roles.items() if r == Role.MENTOR]
    audience |= Q(audience=Audience.ACTORS, programme_id__in=actor_in)
    audience |= Q(audience=Audience.MENTORS, programme_id__in=mentor_in)
    events = (
        Event.objects.filter(programme__in=programmes)
        .filter(
            Q(programme_id__in=coordinated)
            | (audience & Q(status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED]))
        )
        .exclude(Q(status=EventStatus.DRAFT))
        .select_related("programme", "peer_group")
        .order_by("starts_at", "pk")
    )
    mine = {
        r.event_id: r
        for r in Registration.objects.filter(user=user, event__in=events).exclude(
            status=RegistrationStatus.CANCELLED
        )
    }
    return [(e, mine.get(e.pk)) for e in events]


def my_registration(event: Event, user: Any) -> Registration | None:
    return (
        Registration.objects.filter(event=event, user=user)
        .exclude(status=RegistrationStatus.CANCELLED)
        .first()
    )


def registration_blocker(event: Event, person: Any) -> str | None:
    """Why the person cannot register for the event now (translated), or None when they
    can. The event page offers the Register button exactly when this is None, and
    `event_register` refuses with the same words, so the two never disagree."""
    if event.is_cancelled:
        return _("This event has been cancelled.")
    if not event.is_published:
        return _("Registration for this event is not open.")
    role = role_in(event.programme, person)
    if role is None or role == Role.COORDINATOR or not event_is_for(event, person, role):
        return _("This event is not meant for your role in the programme.")
    deadline = event.registration_deadline or event.starts_at
    if timezone.now() > deadline:
        return _("Registration closed on %(when)s.") % {
            "when": date_format(timezone.localtime(deadline), "DATETIME_FORMAT")
        }
    return None


def seats_taken(event: Event) -> int:
    return event.registrations.filter(status=RegistrationStatus.REGISTERED).count()


def programme_events(programme: Programme) -> QuerySet[Event]:
    """Every event of a programme with registration counts, for its coordinators."""
    return (
        programme.events.select_related("peer_group")
        .annotate(
            registered_count=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.REGISTERED)
            ),
            waitlisted_count=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)
            ),
            attended_count=Count(
                "registrations",
                filter=Q(
                    registrations__status=RegistrationStatus.REGISTERED,
                    registrations__attended=True,
                ),
            ),
        )
        .order_by("starts_at", "pk")
    )


def event_registrations(event: Event) -> QuerySet[Registration]:
    """Active registrations (seated first, then the waitlist in order) — coordinators only."""
    return (
        event.registrations.exclude(status=RegistrationStatus.CANCELLED)
        .select_related("user")
        .order_by("-status", "queued_at", "pk")
    )


def check_in_list(event: Event, *, q: str = "") -> QuerySet[Registration]:
    """The people seated at an event, by name, for the door; `q` finds a name or an e-mail
    address (in the database, so a 2,000-person event is searched as fast as a small one)."""
    registrations = (
        event.registrations.filter(status=RegistrationStatus.REGISTERED)
        .select_related("user")
        .order_by("user__full_name", "pk")
    )
    if q:
        registrations = registrations.filter(
            Q(user__full_name__icontains=q) | Q(user__email__icontains=q)
        )
    return registrations


def check_in_counts(event: Event) -> dict[str, int]:
    """{"present": checked in, "registered": seated} in one query."""
    return event.registrations.filter(status=RegistrationStatus.REGISTERED).aggregate(
        registered=Count("pk"), present=Count("pk", filter=Q(attended=True))
    )


def attendance_summary(programme: Programme) -> dict[str, Any]:
    """Attendance of a programme's events, for the coordinator dashboard.

    Returns::

        {
          "events": [  # every non-draft event that has started, oldest first
              {"id": int, "title": str, "kind": str, "starts_at": datetime,
               "status": "published" | "cancelled",
               "registered": int, "attended": int, "rate": float | None},
          ],
          "registered": int,   # seats taken in those events (cancelled events left out)
          "attended": int,     # of those, people checked in
          "rate": float | None,  # attended / registered, None when nobody registered
          "upcoming": int,     # published events that have not started yet
        }
    One query for the events, whatever their number."""
    now = timezone.now()
    rows = []
    registered = attended = upcoming = 0
    for event in programme_events(programme).exclude(status=EventStatus.DRAFT):
        if event.starts_at > now:
            if event.status == EventStatus.PUBLISHED:
                upcoming += 1
            continue
        reg, att = event.registered_count, event.attended_count  # type: ignore[attr-defined]
        rows.append(
            {
                "id": event.pk,
                "title": event.title,
                "kind": event.kind,
                "starts_at": event.starts_at,
                "status": event.status,
                "registered": reg,
                "attended": att,
                "rate": (att / reg) if reg else None,
            }
        )
        if event.status != EventStatus.CANCELLED:
            registered += reg
            attended += att
    return {
        "events": rows,
        "registered": registered,
        "attended": attended,
        "rate": (attended / registered) if registered else None,
        "upcoming": upcoming,
    }


# --- peer groups ---------------------------------------------------------------------------
def programme_groups(programme: Programme) -> QuerySet[PeerGroup]:
    return programme.peer_groups.prefetch_related(
        Prefetch("memberships", queryset=PeerGroupMember.objects.select_related("user"))
    )


def ungrouped_students(programme: Programme) -> QuerySet[User]:
    """The programme's accepted students in none of its peer groups, by name, for the group
    editor to page in SQL (never every student at once)."""
    grouped = PeerGroupMember.objects.filter(programme=programme, user=OuterRef("pk"))
    return (
        User.objects.filter(
            actor_applications__programme=programme,
            actor_applications__status=ApplicationStatus.ACCEPTED,
        )
        .filter(~Exists(grouped))
        .only("pk", "full_name")
        .order_by("full_name", "pk")
    )


def group_for_member_or_404(user: Any, pk: int) -> tuple[PeerGroup, bool]:
    """A peer group its members (once published) and the programme's coordinators may see.
    Returns the group and whether the user coordinates it."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    group = get_object_or_404(PeerGroup.objects.select_related("programme"), pk=pk)
    if group.programme.coordinators.filter(pk=user.pk).exists():
        return group, True
    if group.is_published and group.memberships.filter(user=user).exists():
        return group, False
    raise Http404


def my_groups(user: Any) -> QuerySet[PeerGroup]:
    return PeerGroup.objects.filter(memberships__user=user, is_published=True).select_related(
        "programme"
    )


def group_events(group: PeerGroup) -> QuerySet[Event]:
    return group.events.exclude(status=EventStatus.DRAFT).order_by("starts_at", "pk")


def accepted_actor_applications(programme: Programme) -> QuerySet[ActorApplication]:
    return (
        programme.actor_applications.filter(status=ApplicationStatus.ACCEPTED)
        .select_related("user")
        .prefetch_related("topics")
        .order_by("user__full_name", "pk")
    )


def group_move_candidates(programme: Programme) -> QuerySet[User]:
    """People a coordinator may move between the programme's peer groups: its accepted
    students, and anyone still in one of its groups (to take them out). Anyone else is a
    404, so the page never names someone from outside the programme."""
    return User.objects.filter(
        Q(
            actor_applications__programme=programme,
            actor_applications__status=ApplicationStatus.ACCEPTED,
        )
        | Q(peer_memberships__programme=programme)
    ).distinct()


# --- networking directory -----------------------------------------------------------------
def directory_entries(
    programme: Programme,
    *,
    q: str = "",
    topic: int | None = None,
    industry: str = "",
    language: str = "",
) -> list[DirectoryEntry]:
    # Only people who still take part: a withdrawn or declined applicant drops out at once.
    current = (
        Q(
            user__actor_applications__programme=programme,
            user__actor_applications__status=ApplicationStatus.ACCEPTED,
        )
        | Q(
            user__mentor_applications__programme=programme,
            user__mentor_applications__status=ApplicationStatus.ACCEPTED,
        )
        | Q(user__coordinated_programmes=programme)
    )
    entries = (
        programme.directory_entries.filter(current, user__is_active=True)
        .distinct()
        .select_related("user")
        .prefetch_related("topics")
    )
    if q:
        entries = entries.filter(
            Q(user__full_name__icontains=q)
            | Q(field__icontains=q)
            | Q(intro__icontains=q)
            | Q(topics__name__icontains=q)
        ).distinct()
    if topic:
        entries = entries.filter(topics__pk=topic)
    if industry:
        entries = entries.filter(industry=industry)
    found = list(entries.order_by("user__full_name", "pk"))
    if language:
        # JSON "contains" is not available on SQLite; the list is small enough to filter here.
        found = [e for e in found if language in (e.languages or [])]
    return found
