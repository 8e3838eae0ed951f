"""A Finnish-speaking student in the demo reads the programme's content in Finnish: none of
the English wording of what the coordinator wrote (programme, topics, questions, surveys,
events, peer groups) appears on the pages of their journey."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from mentorlab.accounts.models import User
from mentorlab.events.models import Event, EventStatus, PeerGroupMember
from mentorlab.home.demo_content import TEXTS
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
