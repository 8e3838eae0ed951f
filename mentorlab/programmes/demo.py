"""Demo programmes and applicants: two cycles, one running and one ready for matching."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone
from faker import Faker

from mentorlab.accounts.models import User

from . import services
from .choices import INDUSTRIES, SCHOOLS, ApplicationStatus, DegreeLevel, MentorLevels, Track
from .models import (
    ActorApplication,
    CustomQuestion,
    MentorApplication,
    Programme,
    QuestionKind,
    Topic,
)

DEMO_PASSWORD = "mentorlab-demo"  # noqa: S105
COORDINATOR = "coordinator@demo.mentorlab.fi"
# Coordinators need two-factor sign-in; the demo coordinator's authenticator app has this
# secret (base32), published on purpose: `manage.py demo_totp` prints its current code, or
# add the secret to any authenticator app.
DEMO_TOTP_SECRET = "MENTORLABDEMOCOORDINATORTOTP2345"  # noqa: S105
ACTOR = "actor@demo.mentorlab.fi"
MENTOR = "mentor@demo.mentorlab.fi"

# Topic -> phrases that students and mentors use about it; they give the text matcher
# realistic, overlapping but not identical wording on the two sides.
TOPICS: dict[str, tuple[list[str], list[str]]] = {
    "Career options after a degree": (
        [
            "figure out which careers my degree opens",
            "see what paths exist beyond the obvious ones",
        ],
        [
            "moved between three industries after graduating",
            "can show how varied the paths from one degree are",
        ],
    ),
    "Doctoral careers in and outside academia": (
        [
            "decide between a postdoc and industry",
            "understand careers for PhDs outside the university",
        ],
        ["left academia after my doctorate", "hire PhDs into R&D and know what industry looks for"],
    ),
    "Entrepreneurship and startups": (
        ["test whether founding a startup suits me", "learn how people start companies"],
        ["founded two startups, one failed", "advise early-stage founders"],
    ),
    "Leadership and management": (
        ["grow towards leading people", "understand what managers actually do all day"],
        ["have led teams of 5 to 60 people", "moved from specialist to manager and back"],
    ),
    "Work-life balance and wellbeing": (
        ["find a rhythm that does not burn me out", "balance studies, work and family"],
        ["learned the hard way about burnout", "care about sustainable working life"],
    ),
    "Job search and interviews": (
        ["get better at job interviews", "write applications that stand out"],
        ["have interviewed hundreds of candidates", "recruit graduates every year"],
    ),
    "Networking and personal brand": (
        ["build a professional network from scratch", "feel less awkward at networking events"],
        ["built my career through people I met", "can introduce students to my network"],
    ),
    "International careers": (
        ["work abroad after graduation", "understand how to build a career in another country"],
        [
            "worked in Singapore, Germany and the US",
            "know how international moves work in practice",
        ],
    ),
    "Sustainability and impact": (
        ["work on climate solutions", "find a job with real environmental impact"],
        ["work on the energy transition", "lead sustainability strategy in a large company"],
    ),
    "Data, AI and software": (
        ["get into machine learning engineering", "understand data science roles"],
        ["build AI products", "lead a software engineering organisation"],
    ),
    "Design and creative work": (
        ["turn design studies into a living", "find my place in service design"],
        ["run a design studio", "work as a lead product designer"],
    ),
    "Public sector and policy": (
        ["work in government or the EU", "influence policy with research"],
        ["work in a ministry", "moved from research into policy advice"],
    ),
    "Finance and consulting": (
        ["understand what consultants do", "try a career in finance"],
        ["spent ten years in management consulting", "work in investment banking"],
    ),
    "Confidence and self-knowledge": (
        ["trust my own strengths more", "understand what I really value"],
        ["struggled with impostor feelings myself", "enjoy helping people see their strengths"],
    ),
}

FIELDS = {
    "SCI": ["Computer Science", "Mathematics", "Physics", "Industrial Engineering"],
    "ELEC": ["Electrical Engineering", "Automation", "Communications Engineering"],
    "ENG": ["Mechanical Engineering", "Civil Engineering", "Energy Technology"],
    "CHEM": ["Chemical Engineering", "Bioproducts", "Materials Science"],
    "BIZ": ["Economics", "Marketing", "Finance", "Information Systems"],
    "ARTS": ["Collaborative Design", "Architecture", "Media"],
}
EMPLOYERS = [
    "Nokia",
    "Kone",
    "Wärtsilä",
    "Fortum",
    "Supercell",
    "Reaktor",
    "Futurice",
    "Neste",
    "UPM",
    "Accenture",
    "McKinsey",
    "City of Helsinki",
    "Ministry of Finance",
    "Aalto University",
    "Wolt",
    "Nordea",
    "OP Financial",
    "Vaisala",
    "Metso",
    "Solita",
]
ROLES = [
    "Product Manager",
    "Senior Engineer",
    "Head of R&D",
    "Consultant",
    "Data Scientist",
    "Founder and CEO",
    "Design Lead",
    "Policy Adviser",
    "Sustainability Manager",
    "Team Lead",
    "Researcher",
    "Engineering Manager",
    "Investment Analyst",
    "Service Designer",
]
CITIES = ["Helsinki", "Espoo", "Espoo", "Helsinki", "Vantaa", "Tampere", "Turku", "Stockholm"]


def _date(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def _user(email: str, name: str, *, password: str | None = None, language: str = "en") -> User:
    user, created = User.objects.get_or_create(
        email=email, defaults={"full_name": name, "language": language}
    )
    if created:
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        # Demo people are verified already, so they can sign in at once.
        from allauth.account.models import EmailAddress

        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    return user


def _programme(slug: str, **fields: Any) -> tuple[Programme, bool]:
    programme, created = Programme.objects.get_or_create(slug=slug, defaults=fields)
    if created:
        for order, name in enumerate(TOPICS):
            Topic.objects.create(programme=programme, name=name, order=order)
    services.programme_prepare(programme=programme)  # idempotent: fills what is missing
    return programme, created


def _languages(rng: random.Random) -> list[str]:
    langs = {"en"} if rng.random() < 0.85 else {"fi"}
    if rng.random() < 0.7:
        langs.add("fi")
    if rng.random() < 0.15:
        langs.add("sv")
    if rng.random() < 0.08:
        langs.add(rng.choice(["de", "zh", "ru", "es"]))
    return sorted(langs)


def _actor(
    rng: random.Random,
    fake_names: list[Faker],
    programme: Programme,
    user: User,
    level: str,
    status: str,
) -> ActorApplication:
    topics = list(programme.topics.all())
    chosen = rng.sample(topics, rng.randint(2, 4))
    school = rng.choice([code for code, _label in SCHOOLS])
    phrases = [rng.choice(TOPICS[t.name][0]) for t in chosen]
    goals = (
        "I would like to "
        + ", and to ".join(phrases)
        + ". "
        + rng.choice(
            [
                "I am not sure yet what kind of work would suit me.",
                "A conversation partner outside my studies would help.",
                "I would love to hear how others made their choices.",
            ]
        )
    )
    application = ActorApplication.objects.create(
        programme=programme,
        user=user,
        status=status,
        degree_level=level,
        field_of_study=rng.choice(FIELDS[school]),
        school=school,
        study_year=rng.randint(1, 2) if level == DegreeLevel.MASTERS else rng.randint(1, 5),
        goals=goals,
        industries=rng.sample([c for c, _ in INDUSTRIES[:-1]], rng.randint(1, 3)),
        languages=_languages(rng),
        city=rng.choice(CITIES),
        remote_ok=rng.random() < 0.8,
        conflict_employer=rng.choice(EMPLOYERS) if rng.random() < 0.1 else "",
        privacy_consent=True,
    )
    application.topics.set(chosen)
    return application


def _mentor(rng: random.Random, programme: Programme, user: User, status: str) -> MentorApplication:
    topics = list(programme.topics.all())
    chosen = rng.sample(topics, rng.randint(2, 5))
    phrases = [rng.choice(TOPICS[t.name][1]) for t in chosen]
    offer = (
        "I have "
        + "; I ".join(phrases).replace("I have have", "I have")
        + ". "
        + rng.choice(
            [
                "I like asking questions more than giving advice.",
                "Happy to share my mistakes as well as what worked.",
                "I remember how uncertain the end of studies felt.",
            ]
        )
    )
    school = rng.choice([code for code, _label in SCHOOLS])
    application = MentorApplication.objects.create(
        programme=programme,
        user=user,
        status=status,
        degree=rng.choice(["M.Sc. (Tech.)", "M.Sc. (Econ.)", "M.A.", "D.Sc. (Tech.)", "PhD"]),
        degree_field=rng.choice(FIELDS[school]),
        graduation_year=rng.randint(1985, 2019),
        current_role=rng.choice(ROLES),
        employer=rng.choice(EMPLOYERS),
        industry=rng.choice([c for c, _ in INDUSTRIES[:-1]]),
        levels=rng.choices(
            [MentorLevels.MASTERS, MentorLevels.DOCTORAL, MentorLevels.BOTH], weights=[5, 1, 4]
        )[0],
        capacity=rng.choices([1, 2, 3], weights=[5, 3, 2])[0],
        offer=offer,
        languages=_languages(rng),
        city=rng.choice(CITIES),
        remote_ok=rng.random() < 0.85,
        privacy_consent=True,
    )
    application.topics.set(chosen)
    return application


def _people(programme: Programme, *, prefix: str, actors: int, mentors: int, seed: int) -> None:
    rng = random.Random(seed)
    fakers = [Faker("en_US"), Faker("fi_FI"), Faker("sv_SE")]
    for f in fakers:
        f.seed_instance(seed)
    for i in range(actors):
        fake = rng.choices(fakers, weights=[3, 6, 1])[0]
        user = _user(f"{prefix}-actor{i:03d}@example.org", fake.name())
        level = DegreeLevel.MASTERS if rng.random() < 0.8 else DegreeLevel.DOCTORAL
        if programme.track != Track.BOTH:
            level = DegreeLevel(programme.track)
        status = rng.choices(
            [ApplicationStatus.ACCEPTED, ApplicationStatus.SUBMITTED, ApplicationStatus.WAITLISTED],
            weights=[90, 7, 3],
        )[0]
        _actor(rng, fakers, programme, user, level, status)
    for i in range(mentors):
        fake = rng.choices(fakers, weights=[3, 6, 1])[0]
        user = _user(f"{prefix}-mentor{i:03d}@example.org", fake.name())
        status = rng.choices(
            [ApplicationStatus.ACCEPTED, ApplicationStatus.SUBMITTED], weights=[93, 7]
        )[0]
        _mentor(rng, programme, user, status)


def seed(stdout: Any) -> None:
    coordinator = _user(COORDINATOR, "Kaisa Koordinaattori", password=DEMO_PASSWORD)
    if not coordinator.is_staff:
        coordinator.is_staff = True
        coordinator.save(update_fields=["is_staff"])
    actor = _user(ACTOR, "Aino Aktori", password=DEMO_PASSWORD)
    mentor = _user(MENTOR, "Mikko Mentori", password=DEMO_PASSWORD)
    _grant_coordinator_admin(coordinator)
    _demo_authenticator(coordinator)

    running, created = _programme(
        "mentoring-2026",
        name="Mentoring 2026–27",
        track=Track.BOTH,
        description=(
            "Our autumn cycle for master's and doctoral students. Pairs meet about once a "
            "month from the kick-off in October until the closing event in spring."
        ),
        mentor_signup_opens=_date(-110),
        mentor_signup_closes=_date(-100),
        actor_applications_open=_date(-105),
        actor_applications_close=_date(-91),
        matching_date=_date(-75),
        kickoff_date=_date(-60),
        halfway_date=_date(30),
        closing_date=_date(110),
        end_date=_date(120),
    )
    running.coordinators.add(coordinator)
    if created:
        rng = random.Random(7)
        _actor_demo = _actor(
            rng, [], running, actor, DegreeLevel.MASTERS, ApplicationStatus.ACCEPTED
        )
        _actor_demo.goals = (
            "I would like to figure out which careers my degree opens, and to trust my own "
            "strengths more. I am drawn to sustainability but unsure whether to go into "
            "consulting or a company working on the energy transition."
        )
        _actor_demo.languages = ["en", "fi"]
        _actor_demo.save()
        demo_mentor = _mentor(rng, running, mentor, ApplicationStatus.ACCEPTED)
        demo_mentor.languages = ["en", "fi"]
        demo_mentor.levels = MentorLevels.BOTH
        demo_mentor.capacity = 2
        demo_mentor.save()
        _people(running, prefix="m26", actors=30, mentors=24, seed=26)

    upcoming, created = _programme(
        "mentoring-2027",
        name="Mentoring 2027",
        track=Track.BOTH,
        description=(
            "The 2027 cycle. Applications have closed and the coordinators are matching "
            "students with mentors; the kick-off is in January."
        ),
        mentor_signup_opens=_date(-30),
        mentor_signup_closes=_date(-20),
        actor_applications_open=_date(-28),
        actor_applications_close=_date(-3),
        matching_date=_date(12),
        kickoff_date=_date(40),
        halfway_date=_date(130),
        closing_date=_date(210),
        end_date=_date(220),
        actor_preferences_enabled=True,
    )
    upcoming.coordinators.add(coordinator)
    if created:
        _people(upcoming, prefix="m27", actors=120, mentors=90, seed=27)
        CustomQuestion.objects.create(
            programme=upcoming,
            audience="both",
            kind=QuestionKind.SINGLE,
            label="How did you hear about the programme?",
            choices="From a friend\nUniversity newsletter\nSocial media\nOther",
            order=1,
        )

    doctoral, created = _programme(
        "doctoral-2027",
        name="Doctoral mentoring 2027",
        track=Track.DOCTORAL,
        description=(
            "Small groups of two or three doctoral researchers with one mentor, plus one "
            "individual session each. Applications are open now."
        ),
        mentor_signup_opens=_date(-5),
        mentor_signup_closes=_date(10),
        actor_applications_open=_date(-3),
        actor_applications_close=_date(14),
        matching_date=_date(25),
        kickoff_date=_date(45),
        halfway_date=_date(135),
        closing_date=_date(215),
        end_date=_date(225),
        max_mentor_capacity=3,
    )
    doctoral.coordinators.add(coordinator)
    if created:
        _people(doctoral, prefix="d27", actors=8, mentors=4, seed=2027)
        CustomQuestion.objects.create(
            programme=doctoral,
            audience="actor",
            kind=QuestionKind.LONG,
            label="What is your doctoral research about, in two sentences?",
            required=True,
        )
    stdout.write("  programmes and applications ready")


def _demo_authenticator(user: User) -> None:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)


def demo_totp_code(at: float | None = None) -> tuple[str, int]:
    """The demo coordinator's current authenticator code and the seconds it stays valid."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    now = time.time() if at is None else at
    period = app_settings.TOTP_PERIOD
    code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(now) // period))
    return code, period - int(now) % period


def _grant_coordinator_admin(user: User) -> None:
    """Coordinators use the Django admin for power edits of programmes and applications."""
    from django.contrib.auth.models import Group, Permission

    group, _created = Group.objects.get_or_create(name="Coordinators")
    perms = Permission.objects.filter(
        content_type__app_label="programmes",
    )
    group.permissions.add(*perms)
    user.groups.add(group)
