"""One date and time format per language, everywhere (mentorlab/formats/): templates name a
format instead of spelling one out. Before, the English pages showed four formats side by side
("Mon 7.12.2026 16:00", "Tue 22 Dec 2026, 18:00", "2026-12-01" and "Jan. 15, 2027, 4 p.m.."
with a double full stop)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.template import engines
from django.utils import translation
from django.utils.formats import date_format

from mentorlab.programmes.services import _check_can_apply
from tests.factories import ProgrammeFactory, UserFactory

TEMPLATES = Path(__file__).resolve().parents[2] / "mentorlab" / "templates"
NAMED = {"DATE_FORMAT", "DATETIME_FORMAT", "TIME_FORMAT", "MONTH_DAY_FORMAT", "YEAR_MONTH_FORMAT"}
# For datetime="" attributes and data-* values, not for people. "c" carries microseconds,
# which HTML's datetime="" does not allow (the Nu checker says so), hence the last one.
MACHINE = {"c", "Y-m-d", r"Y-m-d\TH:i:sO"}
MEETING = dt.datetime(2026, 12, 7, 16, 0, tzinfo=ZoneInfo("Europe/Helsinki"))


def test_no_template_spells_out_a_date_format():
    spelled = []
    for template in TEMPLATES.rglob("*"):
        if template.suffix not in {".html", ".txt"}:
            continue
        for fmt in re.findall(r"\|date:[\"']([^\"']*)[\"']", template.read_text(encoding="utf-8")):
            if fmt not in NAMED | MACHINE:
                spelled.append(f"{template.relative_to(TEMPLATES)}: {fmt}")
        assert "|time:" not in template.read_text(encoding="utf-8"), template
    assert not spelled, "\n".join(spelled)


@pytest.mark.parametrize(
    ("language", "date", "datetime", "time"),
    [
        ("en", "7 Dec 2026", "Mon 7 Dec 2026, 16:00", "16:00"),
        ("fi", "7.12.2026", "ma 7.12.2026 klo 16.00", "16.00"),
        ("sv", "7 dec 2026", "mån 7 dec 2026 kl. 16:00", "16:00"),
    ],
)
def test_each_language_has_one_date_and_time_format(language, date, datetime, time):
    with translation.override(language):
        assert date_format(MEETING.date()) == date
        assert date_format(MEETING, "DATETIME_FORMAT") == datetime
        assert date_format(MEETING, "SHORT_DATETIME_FORMAT") == datetime
        assert date_format(MEETING, "TIME_FORMAT") == time
        # A datetime printed without a filter uses the same format.
        rendered = engines["django"].from_string("{{ when }}").render({"when": MEETING})
        assert rendered == datetime


def test_a_sentence_ending_in_a_time_has_one_full_stop():
    """The survey's thank-you ended "until Jan. 15, 2027, 4 p.m.." in English."""
    with translation.override("en"):
        sentence = translation.gettext(
            "Thank you! Your answers were sent. You can change them until %(closes)s."
        ) % {"closes": date_format(MEETING, "DATETIME_FORMAT")}
    assert ".." not in sentence
    assert "p.m" not in sentence


@pytest.mark.django_db
def test_closed_application_window_message_uses_the_date_format():
    """It said "open from 2025-12-01 to 2025-12-08" in every language."""
    programme = ProgrammeFactory(
        actor_applications_open=dt.date(2025, 12, 1), actor_applications_close=dt.date(2025, 12, 8)
    )
    with translation.override("fi"), pytest.raises(ValidationError) as raised:
        _check_can_apply(programme=programme, user=UserFactory(), role="actor")
    assert "1.12.2025" in raised.value.messages[0]
    assert "8.12.2025" in raised.value.messages[0]


@pytest.mark.django_db
def test_toolkit_item_titles_use_the_date_format():
    """Journal entries and weekly reflections were titled with ISO dates ("2026-11-25")."""
    from mentorlab.careerdesign.models import JournalEntry, WeeklyReflection

    owner = UserFactory()
    entry = JournalEntry(owner=owner, day=dt.date(2026, 11, 25), activity="Coding")
    reflection = WeeklyReflection(owner=owner, week=dt.date(2026, 11, 23))
    with translation.override("en"):
        assert entry.display_title == "25 Nov 2026 Coding"
        assert reflection.display_title == "Reflection, week of 23 Nov 2026"
    with translation.override("fi"):
        assert entry.display_title == "25.11.2026 Coding"
