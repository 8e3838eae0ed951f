"""A Finnish-speaking student in the demo reads the programme's content in Finnish: none of
the English wording of what the coordinator wrote (programme, topics, questions, surveys,
events, peer groups) appears on the pages of their journey."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from mentorlab.accounts.models import User
from mentorlab.conversations.models import Message
from mentorlab.events.models import Event, EventStatus, PeerGroupMember, Registration
from mentorlab.home.demo_content import TEXTS
from mentorlab.mentorships.models import (
    AgendaItem,
    AgreementVersion,
    Goal,
    GoalComment,
    Meeting,
    Mentorship,
    Reflection,
)
from mentorlab.notifications.models import Notification
from mentorlab.programmes.models import Programme
from mentorlab.surveys.benefits import BUILT_IN_BENEFITS, EXTRA_ITEMS
from mentorlab.surveys.models import Invitation
from tests.second_factor import sign_in
from tests.visible import visible_text

pytestmark = pytest.mark.django_db


def english_content() -> set[str]:
    """Every English text of the demo's content that reads differently in Finnish."""
    texts = {en for en, (fi, _sv) in TEXTS.items() if en != fi}
    with translation.override("en"):
        built_in = [str(s) for benefits in BUILT_IN_BENEFITS.values() for _k, s in benefits]
        for specs in EXTRA_ITEMS.values():
            for spec in specs:
                built_in += [str(spec.text), *(str(c) for c in spec.choices)]
                if spec.help_text:
                    built_in.append(str(spec.help_text))
    # A page shows a text as one run of words; compare line by line for multi-line ones.
    return {
        line.lstrip("- ").strip() for text in texts | set(built_in) for line in text.split("\n")
    } - {""}


def test_a_finnish_students_journey_in_the_demo_shows_no_english_content(client):
    call_command("seed_demo")
    call_command("seed_demo")  # twice: the translations are filled once and kept
    student = User.objects.get(email="actor@demo.mentorlab.fi")
    programme = Programme.objects.get(slug="mentoring-2026")
    sign_in(client, student)
    client.cookies["django_language"] = "fi"

    events = Event.objects.filter(programme=programme, status=EventStatus.PUBLISHED)
    group = PeerGroupMember.objects.get(programme=programme, user=student).group
    halfway = Invitation.objects.get(
        survey__programme=programme, survey__kind="halfway", user=student
    )
    pages = [
        reverse("core:home"),
        reverse("programmes:detail", args=[programme.slug]),
        reverse("programmes:application", args=[programme.slug, "actor"]),
        reverse("programmes:application", args=["doctoral-2027", "actor"]),
        reverse("programmes:application", args=["mentoring-2027", "actor"]),
        reverse("events:list"),
        *(
            reverse("events:detail", args=[event.pk])
            for event in events
            if event.audience in ("actors", "everyone") or event.peer_group_id == group.pk
        ),
        reverse("events:group", args=[group.pk]),
        reverse("surveys:mine"),
        reverse("surveys:respond", args=[halfway.token]),
    ]
    english = english_content()
    found = {}
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 302), url
        if response.status_code != 200:
            continue
        text = visible_text(response.content)
        leaks = sorted(e for e in english if e in text)
        if leaks:
            found[url] = leaks
    assert found == {}
    # …and the Finnish wording is what they read instead.
    programme_page = visible_text(client.get(pages[1]).content)
    assert "Syksyllä alkava kierros maisteri- ja tohtoriopiskelijoille." in programme_page
    survey_page = visible_text(client.get(pages[-1]).content)
    assert "Puolivälin kuulumiset" in survey_page


def english_interface() -> set[str]:
    """English originals of interface strings that the Finnish catalogue translates
    differently: msgids of three words or more, without placeholders."""
    catalogue = polib.pofile(
        str(Path(settings.BASE_DIR) / "mentorlab/locale/fi/LC_MESSAGES/django.po")
    )
    found = set()
    for entry in catalogue.translated_entries():
        msgid = " ".join(entry.msgid.split())
        if entry.msgid_plural or re.search(r"%|\{", msgid) or len(msgid.split()) < 3:
            continue
        if entry.msgstr and " ".join(entry.msgstr.split()) != msgid:
            found.add(msgid)
    return found


def english_of_the_first_pair(pair: Mentorship) -> set[str]:
    """What the first (English-speaking) demo pair wrote: agreement, goals, meetings, notes,
    reflections and messages; texts of three words or more."""
    texts: list[str] = []
    for version in AgreementVersion.objects.filter(agreement__mentorship=pair):
        texts += [
            version.objectives,
            version.topics,
            version.topics_out,
            version.confidentiality,
            version.who_books,
            version.progress_recording,
            version.comment,
        ]
    for goal in Goal.objects.filter(mentorship=pair):
        texts += [goal.title, goal.why, goal.success]
    texts += GoalComment.objects.filter(goal__mentorship=pair).values_list("text", flat=True)
    texts += Meeting.objects.filter(mentorship=pair).values_list("shared_notes", flat=True)
    texts += AgendaItem.objects.filter(meeting__mentorship=pair).values_list("title", flat=True)
    texts += Reflection.objects.filter(meeting__mentorship=pair).values_list("text", flat=True)
    texts += Message.objects.filter(conversation__mentorship=pair).values_list("text", flat=True)
    return {" ".join(t.split()) for t in texts if len(t.split()) >= 3}


def test_the_finnish_demo_pairs_journey_reads_in_finnish(client):
    call_command("seed_demo")
    counts = (Mentorship.objects.count(), Message.objects.count(), Notification.objects.count())
    call_command("seed_demo")  # twice: nothing new the second time
    assert (
        Mentorship.objects.count(),
        Message.objects.count(),
        Notification.objects.count(),
    ) == counts
    student = User.objects.get(email="opiskelija@demo.mentorlab.fi")
    mentor = User.objects.get(email="mentori@demo.mentorlab.fi")
    assert (student.language, mentor.language) == ("fi", "fi")
    programme = Programme.objects.get(slug="mentoring-2026")
    pair = Mentorship.objects.get(programme=programme, mentor=mentor, members__actor=student)
    first_pair = Mentorship.objects.get(
        programme=programme,
        mentor__email="mentor@demo.mentorlab.fi",
        members__actor__email="actor@demo.mentorlab.fi",
    )
    goal = GoalComment.objects.get(goal__mentorship=pair).goal  # the one the mentor commented
    meeting = Meeting.objects.filter(mentorship=pair).order_by("start").last()
    registration = Registration.objects.get(user=student, event__programme=programme)
    invitation = Invitation.objects.get(survey__programme=programme, user=student)
    assert meeting is not None
    sign_in(client, student)
    client.cookies["django_language"] = "fi"
    pages = [
        reverse("core:home"),
        reverse("programmes:detail", args=[programme.slug]),
        reverse("mentorships:detail", args=[pair.pk]),
        reverse("mentorships:agreement", args=[pair.pk]),
        reverse("mentorships:goal", args=[goal.pk]),
        reverse("mentorships:meeting", args=[meeting.pk]),
        reverse("conversations:thread", args=["mentorship", pair.pk]),
        reverse("notifications:list"),
        reverse("events:list"),
        reverse("events:detail", args=[registration.event_id]),
        reverse("surveys:mine"),
        reverse("surveys:respond", args=[invitation.token]),
    ]
    english = english_content() | english_interface() | english_of_the_first_pair(first_pair)
    found = {}
    texts = {}
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        texts[url] = text = " ".join(visible_text(response.content).split())
        leaks = sorted(e for e in english if e in text)
        if leaks:
            found[url] = leaks
    assert found == {}
    # …and they read their own Finnish words and Finnish notifications instead.
    assert "Harjoittele työhaastatteluja" in texts[pages[4]]
    assert "Voin toimia haastattelijana seuraavalla kerralla, jos haluat." in texts[pages[4]]
    assert "Sopii hyvin, nähdään silloin!" in texts[pages[6]]
    assert f"{mentor.display_name} lähetti sinulle viestin." in texts[pages[7]]
