"""A coordinator writes an event in English, Finnish and Swedish; each reader gets their own
language, and English where a translation was left empty."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mentorlab.events.models import Event
from tests.events.test_event_form import form_data
from tests.visible import visible_text

pytestmark = pytest.mark.django_db


def test_an_event_written_in_three_languages_reads_in_each(as_user, coordinator, programme, actor):
    client = as_user(coordinator)
    client.cookies["django_language"] = "fi"  # the form's boxes do not depend on the UI language
    form = client.get(reverse("events:create", args=[programme.slug])).content.decode()
    assert 'name="title_fi"' in form and 'name="description_sv"' in form
    data = form_data(
        title="Kick-off 2031",
        title_fi="Aloitustilaisuus 2031",
        description="Welcome, everyone!",
        description_fi="Tervetuloa kaikki!",
        description_sv="Välkomna allihopa!",
    )
    assert client.post(reverse("events:create", args=[programme.slug]), data).status_code == 302
    event = Event.objects.get()
    assert (event.title_en, event.title_fi, event.title_sv) == (
        "Kick-off 2031",
        "Aloitustilaisuus 2031",
        "",
    )
    client.post(reverse("events:publish", args=[event.pk]))

    reader = as_user(actor)
    url = reverse("events:detail", args=[event.pk])
    reader.cookies["django_language"] = "fi"
    finnish = visible_text(reader.get(url).content)
    assert "Aloitustilaisuus 2031" in finnish and "Tervetuloa kaikki!" in finnish
    assert "Kick-off 2031" not in finnish and "Welcome, everyone!" not in finnish
    reader.cookies["django_language"] = "sv"
    swedish = visible_text(reader.get(url).content)
    assert "Välkomna allihopa!" in swedish
    assert "Kick-off 2031" in swedish  # no Swedish title: the English one stands in

    # Editing in Finnish shows each language's own text in its own box.
    edit = client.get(reverse("events:edit", args=[programme.slug, event.pk])).content.decode()
    assert 'value="Kick-off 2031"' in edit and 'value="Aloitustilaisuus 2031"' in edit
