"""A second demo pair in "mentoring-2026" who speak Finnish: Olli the student and Marja the
mentor (profile language fi). Everything they write is in Finnish and their notifications are
rendered in Finnish, so the student's whole journey reads in Finnish. Built with the same
helpers as the first demo pair. Safe to run again: nothing once their mentorship exists."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from mentorlab.conversations import demo as conversations_demo
from mentorlab.conversations.models import Conversation
from mentorlab.events import demo as events_demo
from mentorlab.events.models import Audience, Event, EventStatus
from mentorlab.mentorships import demo as mentorships_demo
from mentorlab.mentorships.models import AgendaItem, Goal, GoalComment, Meeting, Mentorship
from mentorlab.mentorships.services import mentorship_create, mentorship_record_contact
from mentorlab.programmes import demo as programmes_demo
from mentorlab.programmes.choices import ApplicationStatus, DegreeLevel, MentorLevels
from mentorlab.programmes.models import Programme
from mentorlab.surveys.models import Invitation, Survey, SurveyKind

from . import notifications_demo

STUDENT = "opiskelija@demo.mentorlab.fi"
MENTOR = "mentori@demo.mentorlab.fi"

AGREEMENT = {
    "objectives": (
        "Selkeyttää, millaisiin töihin data-analytiikan opinnot vievät; kokeilla, sopiiko "
        "julkinen sektori minulle; harjoitella työhaastatteluja."
    ),
    "topics": "Uravaihtoehdot, työnhaku, työelämän arki julkisella ja yksityisellä puolella.",
    "topics_out": "Työpaikat tai rekrytoinnit mentorin omassa organisaatiossa.",
    "confidentiality": "Keskustelumme jäävät meidän väliseksemme, ellei toisin sovita.",
    "frequency": "Noin kerran kuussa, tunnin verran",
    "mode": "mixed",
    "duration_months": 6,
    "who_books": "Opiskelija ehdottaa aikoja, mentori vahvistaa.",
    "progress_recording": "Yhteiset muistiinpanot jokaisen tapaamisen jälkeen.",
}
MESSAGES = [
    # (from the mentor?, hours ago, text)
    (False, 20 * 24, "Kiitos tapaamisesta! Laitan tänne listan yrityksistä, joista puhuimme."),
    (True, 20 * 24 - 3, "Hyvä lista. Katso myös kaupunkien ja virastojen datatiimit."),
    (False, 4 * 24, "Hain yhteen harjoittelupaikkaan. Voisimmeko käydä haastattelua läpi?"),
    (True, 4 * 24 - 2, "Ilman muuta. Otetaan se seuraavan tapaamisen asialistalle."),
    (False, 5, "Sopisiko, että aloitamme ensi kerralla vartin myöhemmin?"),
    (True, 2, "Sopii hyvin, nähdään silloin!"),
]


def seed(stdout: Any) -> None:
    programme = Programme.objects.filter(slug="mentoring-2026").first()
    if programme is None:
        return
    password = programmes_demo.DEMO_PASSWORD
    student = programmes_demo._user(STUDENT, "Olli Opiskelija", password=password, language="fi")
    mentor = programmes_demo._user(MENTOR, "Marja Mentori", password=password, language="fi")
    if Mentorship.objects.filter(programme=programme, mentor=mentor).exists():
        return
    rng = random.Random(16)
    application = programmes_demo._actor(
        rng, [], programme, student, DegreeLevel.MASTERS, ApplicationStatus.ACCEPTED
    )
    application.field_of_study = "Data-analytiikka"
    application.goals = (
        "Haluaisin ymmärtää, millaisiin tehtäviin data-analytiikan opinnot vievät, ja saada "
        "rohkeutta työnhakuun. Mietin, sopisiko julkinen sektori minulle."
    )
    application.languages = ["fi"]
    application.save()
    mentor_application = programmes_demo._mentor(rng, programme, mentor, ApplicationStatus.ACCEPTED)
    mentor_application.current_role = "Tiiminvetäjä, data-analytiikka"
    mentor_application.degree_field = "Tietotekniikka"
    mentor_application.offer = (
        "Olen tehnyt data-analytiikkaa sekä konsulttina että kaupungin palveluksessa. "
        "Kuuntelen mielelläni ja kerron myös virheistäni."
    )
    mentor_application.languages = ["fi"]
    mentor_application.levels = MentorLevels.BOTH
    mentor_application.capacity = 1
    mentor_application.save()
    pair = _pair(programme, student, mentor)
    _conversation(pair, student, mentor)
    _register(programme, student)
    halfway = Survey.objects.filter(programme=programme, kind=SurveyKind.HALFWAY).first()
    if halfway is not None:
        Invitation.objects.get_or_create(
            survey=halfway,
            user=student,
            defaults={"track": application.degree_level, "sent_at": halfway.opens_at},
        )
    notifications_demo.seed_pair(student, mentor, goal="Harjoittele työhaastatteluja")
    stdout.write(f"  a Finnish-speaking pair in {programme.name}: {STUDENT}, {MENTOR}")


def _pair(programme: Programme, student: Any, mentor: Any) -> Mentorship:
    pair = mentorship_create(programme=programme, mentor=mentor, actors=[student])
    Mentorship.objects.filter(pk=pair.pk).update(introduced_at=mentorships_demo._ago(70, 9))
    mentorships_demo._agree(
        pair,
        days_ago=60,
        base=AGREEMENT,
        versions=[
            {"comment": "Ensimmäinen luonnokseni tapaamisemme jälkeen."},
            {"comment": "Lisäsin haastatteluharjoittelun tavoitteisiin."},
        ],
    )
    held = mentorships_demo._held(
        pair,
        20,
        "Tutustuimme ja sovimme sopimuksesta. Olli kokoaa listan kiinnostavista "
        "työpaikoista ennen seuraavaa kertaa.",
    )
    Meeting.objects.filter(pk=held.pk).update(place="Kirjaston kahvila, Otaniemi")
    upcoming = mentorships_demo._planned(pair, 6)
    for meeting, titles in (
        (held, ["Odotukset mentoroinnilta", "Sopimuksen luonnos"]),
        (upcoming, ["Harjoitushaastattelu", "Tavoitteiden läpikäynti"]),
    ):
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=meeting, title=t, added_by=student, position=i)
            for i, t in enumerate(titles, start=1)
        )
    Goal.objects.create(
        mentorship=pair,
        owner=student,
        title="Löydä kolme kiinnostavaa työnantajaa",
        why="En vielä tiedä, missä haluaisin tehdä opinnäytetyöni.",
        success="Olen jutellut jokaisesta jonkun siellä työskentelevän kanssa.",
        target_date=timezone.localdate() + dt.timedelta(days=45),
        status="in_progress",
        progress=40,
        visibility="shared",
    )
    interview = Goal.objects.create(
        mentorship=pair,
        owner=student,
        title="Harjoittele työhaastatteluja",
        why="Jännitän haastatteluja niin, etten saa kerrottua osaamisestani.",
        success="Kaksi harjoitushaastattelua ja yksi oikea haastattelu.",
        status="open",
        progress=10,
        visibility="shared",
    )
    GoalComment.objects.create(
        goal=interview,
        author=mentor,
        text="Voin toimia haastattelijana seuraavalla kerralla, jos haluat.",
    )
    mentorship_record_contact(mentorship_id=pair.pk, at=held.start)
    return pair


def _conversation(pair: Mentorship, student: Any, mentor: Any) -> None:
    conversation = Conversation.objects.create(mentorship=pair)
    at = timezone.now()
    for by_mentor, hours, text in MESSAGES:
        at = timezone.now() - dt.timedelta(hours=hours)
        conversations_demo._write(conversation, mentor if by_mentor else student, text, at)
    mentorship_record_contact(mentorship_id=pair.pk, at=at)
    conversations_demo._read_all(conversation, [mentor, student], except_=student)


def _register(programme: Programme, student: Any) -> None:
    """A seat at the next event for students (or for everyone)."""
    event = (
        Event.objects.filter(
            programme=programme,
            status=EventStatus.PUBLISHED,
            audience__in=[Audience.ACTORS, Audience.EVERYONE],
            starts_at__gt=timezone.now(),
        )
        .order_by("starts_at")
        .first()
    )
    if event is not None:
        events_demo._register(event, [student])
