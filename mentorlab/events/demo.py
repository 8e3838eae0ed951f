"""Demo events, peer groups and directory cards for the running programme "mentoring-2026"."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from mentorlab.accounts.models import User
from mentorlab.programmes.choices import ApplicationStatus
from mentorlab.programmes.models import Programme

from .grouping import ActorProfile, propose_groups
from .models import (
    Audience,
    BoardPost,
    DirectoryEntry,
    Event,
    EventKind,
    EventStatus,
    PeerGroup,
    PeerGroupMember,
    Registration,
    RegistrationStatus,
)

SLUG = "mentoring-2026"
ACTOR = "actor@demo.mentorlab.fi"
MENTOR = "mentor@demo.mentorlab.fi"
COORDINATOR = "coordinator@demo.mentorlab.fi"


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    naive = dt.datetime.combine(day, dt.time(hour, minute))
    return timezone.make_aware(naive, timezone.get_default_timezone())


def _event(programme: Programme, title: str, **fields: Any) -> tuple[Event, bool]:
    return Event.objects.get_or_create(
        programme=programme, title=title, defaults={"status": EventStatus.PUBLISHED, **fields}
    )


def _register(event: Event, users: list[User], *, attended: bool | None = None) -> None:
    for i, user in enumerate(users):
        seated = event.capacity is None or i < event.capacity
        Registration.objects.get_or_create(
            event=event,
            user=user,
            defaults={
                "status": RegistrationStatus.REGISTERED
                if seated
                else RegistrationStatus.WAITLISTED,
                "queued_at": event.created_at + dt.timedelta(minutes=i),
                # About four in five came.
                "attended": bool(attended and seated and i % 5 != 4),
            },
        )


def seed(stdout: Any) -> None:
    programme = Programme.objects.filter(slug=SLUG).first()
    if programme is None:
        stdout.write("  events: no programme 'mentoring-2026', nothing to seed")
        return
    coordinator = User.objects.filter(email=COORDINATOR).first()
    actor = User.objects.get(email=ACTOR)
    mentor = User.objects.get(email=MENTOR)
    actors = [
        a.user
        for a in programme.actor_applications.filter(status=ApplicationStatus.ACCEPTED)
        .select_related("user")
        .prefetch_related("topics")
        .order_by("user__email")
    ]
    mentors = [
        a.user
        for a in programme.mentor_applications.filter(status=ApplicationStatus.ACCEPTED)
        .select_related("user")
        .order_by("user__email")
    ]
    others = [u for u in actors if u != actor]
    kickoff_day = programme.kickoff_date
    today = timezone.localdate()

    briefing, created = _event(
        programme,
        "Briefing for students",
        kind=EventKind.BRIEFING,
        description=(
            "What to expect from the programme, how to prepare for your first meeting and "
            "how to draft the **mentoring agreement**."
        ),
        starts_at=_at(kickoff_day - dt.timedelta(days=7), 16),
        ends_at=_at(kickoff_day - dt.timedelta(days=7), 17, 30),
        video_url="https://meet.example.org/briefing-students",
        audience=Audience.ACTORS,
        created_by=coordinator,
    )
    if created:
        _register(briefing, [actor, *others[:18]], attended=True)

    kickoff, created = _event(
        programme,
        "Kick-off",
        kind=EventKind.KICKOFF,
        description=(
            "Meet your mentor and the whole cohort.\n\n"
            "- Welcome words\n- First meeting in pairs: get to know each other\n- Dinner"
        ),
        starts_at=_at(kickoff_day, 17),
        ends_at=_at(kickoff_day, 20),
        place="Dipoli, Otakaari 24, Espoo",
        audience=Audience.EVERYONE,
        capacity=120,
        created_by=coordinator,
    )
    if created:
        _register(kickoff, [actor, mentor, *others[:24], *mentors[:18]], attended=True)

    sessions = [
        (
            "Group mentoring: making sense of career options",
            today + dt.timedelta(days=9),
            "Three mentors tell how their paths really went, then small groups discuss "
            "your own options.",
        ),
        (
            "Group mentoring: strengths and values",
            today + dt.timedelta(days=37),
            "Bring your values and strengths exercise; we work on them in small groups "
            "with a mentor each.",
        ),
    ]
    for title, day, text in sessions:
        session, created = _event(
            programme,
            title,
            kind=EventKind.GROUP_MENTORING,
            description=text,
            starts_at=_at(day, 16, 30),
            ends_at=_at(day, 18),
            place="Career Design Lab, Otaniemi",
            audience=Audience.ACTORS,
            capacity=12,
            registration_deadline=_at(day - dt.timedelta(days=2), 12),
            created_by=coordinator,
        )
        if created and day == sessions[0][1]:
            # Full, with two people waiting: shows the waitlist.
            _register(session, [actor, *others[:13]])

    networking, created = _event(
        programme,
        "Networking evening",
        kind=EventKind.NETWORKING,
        description=(
            "An informal evening for students and mentors of every pair. Good for finding "
            "people for a *prototype conversation*: see the networking directory first."
        ),
        starts_at=_at(today + dt.timedelta(days=20), 18),
        ends_at=_at(today + dt.timedelta(days=20), 21),
        place="Restaurant Kipsari, Espoo",
        audience=Audience.EVERYONE,
        capacity=60,
        created_by=coordinator,
    )
    if created:
        _register(networking, [actor, mentor, *others[:10], *mentors[:8]])

    closing_day = programme.closing_date
    closing, created = _event(
        programme,
        "Closing event",
        kind=EventKind.CLOSING,
        description="We celebrate the year, hear what pairs learned and give feedback.",
        starts_at=_at(closing_day, 17),
        ends_at=_at(closing_day, 20),
        place="Dipoli, Otakaari 24, Espoo",
        audience=Audience.EVERYONE,
        capacity=150,
        created_by=coordinator,
    )
    if created:
        _register(closing, [actor, mentor])

    _seed_groups(programme, actor, others, coordinator, today)
    _seed_directory(programme, actor, mentor, others, mentors)
    stdout.write("  events, peer groups and directory ready")


def _seed_groups(
    programme: Programme, actor: User, others: list[User], coordinator: User | None,
    today: dt.date,
) -> None:  # fmt: skip
    if programme.peer_groups.exists():
        return
    chosen = [actor, *others[:14]]  # 15 students: three groups of five
    applications = {
        a.user_id: a
        for a in programme.actor_applications.filter(user__in=chosen).prefetch_related("topics")
    }
    profiles = [
        ActorProfile(
            id=str(u.pk),
            topics=frozenset(t.name for t in applications[u.pk].topics.all()),
            goals=applications[u.pk].goals,
        )
        for u in chosen
    ]
    by_id = {str(u.pk): u for u in chosen}
    posts = [
        "Hi all! Shall we meet before the next group session? Thursdays suit me.",
        "I tried a prototype conversation last week; happy to share how I found the person.",
        "Does anyone have tips for writing the odyssey plans? I got stuck on the third one.",
    ]
    for number, proposed in enumerate(propose_groups(profiles), start=1):
        theme = ", ".join(proposed.themes)
        group = PeerGroup.objects.create(
            programme=programme,
            name=f"Peer group {number}",
            theme=theme,
            is_published=True,
        )
        members = [by_id[m] for m in proposed.members]
        PeerGroupMember.objects.bulk_create(
            PeerGroupMember(group=group, programme=programme, user=u) for u in members
        )
        for i, text in enumerate(posts[: 1 + number % 3]):
            BoardPost.objects.create(group=group, author=members[i % len(members)], body=text)
        day = today + dt.timedelta(days=12 + number)
        session = Event.objects.create(
            programme=programme,
            title=f"Peer group {number} meets",
            kind=EventKind.PEER_SUPPORT,
            description="A relaxed meeting of the group: how are your mentorships going?",
            starts_at=_at(day, 17),
            ends_at=_at(day, 18, 30),
            place="Student lounge, Otaniemi",
            audience=Audience.GROUP,
            peer_group=group,
            status=EventStatus.PUBLISHED,
            created_by=coordinator,
        )
        _register(session, members[:3])


def _seed_directory(
    programme: Programme, actor: User, mentor: User, others: list[User], mentors: list[User]
) -> None:
    if programme.directory_entries.exists():
        return
    topics = list(programme.topics.all())
    people = [
        (mentor, "mentor", "Product lead", "technology",
         "I moved from software engineering into product work and like talking about it.",
         "mikko.mentori@example.org"),
        (actor, "actor", "Master's in sustainable energy", "energy",
         "Curious about consulting versus working for an energy company.", ""),
    ]  # fmt: skip
    intros = [
        ("Sustainability consultant", "consulting", "Ask me what a consultant's week is like."),
        ("Research scientist", "research", "Left academia for industry R&D after my PhD."),
        ("Startup founder", "startups", "Two startups, one failure, many lessons."),
        ("Public sector analyst", "public", "Policy work and how to get into it."),
    ]
    for user, (field, industry, intro) in zip(mentors[:4], intros, strict=False):
        people.append((user, "mentor", field, industry, intro, ""))
    for user in others[:3]:
        people.append(
            (user, "actor", "Master's student", "", "Looking for people to learn from.", "")
        )
    for i, (user, role, field, industry, intro, email) in enumerate(people):
        entry = DirectoryEntry.objects.create(
            programme=programme,
            user=user,
            role=role,
            field=field,
            industry=industry,
            intro=intro,
            contact_email=email,
            languages=["en", "fi"] if i % 2 == 0 else ["en", "sv"],
        )
        if topics:
            entry.topics.set([topics[i % len(topics)], topics[(i + 2) % len(topics)]])
