"""The whole mentoring cycle through the pages, in Chromium, with a screenshot of every step
(test-artifacts/screenshots/test_whole_mentoring_cycle_in_the_browser/).

A mentor signs up and applies → a student applies → the coordinator accepts both, runs the
matching and publishes it → the student drafts the agreement and the mentor confirms it → the
student adds a goal and books a meeting, and both log it → they exchange messages → the
student registers for an event → both answer the final survey → the coordinator sees the answers on the dashboard.

Each step is one function taking the `Journey`, so a new step is one more function in
`STEPS`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from mentorlab.accounts.models import User
from mentorlab.events.models import Event, EventKind, EventStatus
from mentorlab.mentorships.models import Meeting, Mentorship
from mentorlab.surveys import services as survey_services
from mentorlab.surveys.models import Survey
from tests.browser.conftest import Screenshots
from tests.factories import ProgrammeFactory, UserFactory
from tests.second_factor import totp_add

pytestmark = pytest.mark.browser

PASSWORD = "a long and unusual passphrase 31"


@dataclass
class Journey:
    new_page: Callable[..., Any]
    shots: Screenshots
    programme: Any
    coordinator: User
    student: User
    event: Event
    surveys: dict[str, Survey]
    pages: dict[str, Any] = field(default_factory=dict)

    def page(self, who: str) -> Any:
        """The browser tab of `who` ("mentor", "student", "coordinator"), opened on first use.
        The mentor signs up in the browser; the others are signed in by `sign_in()`."""
        if who not in self.pages:
            user = {"student": self.student, "coordinator": self.coordinator}.get(who)
            self.pages[who] = self.new_page(user)
        return self.pages[who]

    def shot(self, who: str, name: str) -> None:
        self.shots.take(self.page(who), f"{who}-{name}")

    @property
    def mentorship(self) -> Mentorship:
        return Mentorship.objects.get(programme=self.programme)


def fill(page: Any, data: dict[str, str | list[str]]) -> None:
    """Fill a form's fields by name: text, selects, checkboxes and radio buttons."""
    for name, value in data.items():
        fields = page.locator(f"[name='{name}']")
        first = fields.first
        tag = first.evaluate("el => el.tagName.toLowerCase() + ':' + (el.type || '')")
        if tag.startswith("select"):
            first.select_option(value)
        elif tag.endswith("checkbox") and value == "on":
            first.check()
        elif tag.endswith(("checkbox", "radio")):
            for one in [value] if isinstance(value, str) else value:
                page.locator(f"[name='{name}'][value='{one}']").check()
        else:
            first.fill(str(value))


def step_mentor_signs_up_and_applies(j: Journey) -> None:
    page = j.page("mentor")
    page.goto("/accounts/signup/")
    fill(
        page,
        {
            "email": "maija.mentor@example.org",
            "full_name": "Maija Mentor",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    j.shot("mentor", "signs-up")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    page.goto(link.group(1))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(f"/programmes/{j.programme.slug}/apply/mentor/")
    fill(
        page,
        {
            "degree": "M.Sc. (Tech.)",
            "degree_field": "Energy Technology",
            "graduation_year": "2008",
            "current_role": "Head of Sustainability",
            "employer": "Neste",
            "industry": "energy",
            "topics": [str(t.pk) for t in j.programme.topics.all()[:2]],
            "levels": "both",
            "capacity": "2",
            "offer": "Twenty years in energy, two career changes and a lot of questions.",
            "languages": ["en"],
            "city": "Helsinki",
            "privacy_consent": "on",
        },
    )
    j.shot("mentor", "applies")
    page.get_by_role("button", name="Send application").click()
    page.get_by_text("Thank you! Your application has been sent.").wait_for()


def step_student_applies(j: Journey) -> None:
    page = j.page("student")
    page.goto(f"/programmes/{j.programme.slug}/")
    page.goto(f"/programmes/{j.programme.slug}/apply/actor/")
    fill(
        page,
        {
            "degree_level": "masters",
            "field_of_study": "Energy Technology",
            "school": "ENG",
            "study_year": "2",
            "goals": "I want to find out whether research or industry suits me better.",
            "topics": [str(j.programme.topics.first().pk)],
            "industries": ["energy", "research"],
            "languages": ["fi", "en"],
            "city": "Espoo",
            "privacy_consent": "on",
        },
    )
    j.shot("student", "applies")
    page.get_by_role("button", name="Send application").click()
    page.get_by_text("Thank you! Your application has been sent.").wait_for()


def step_coordinator_accepts_matches_and_publishes(j: Journey) -> None:
    page = j.page("coordinator")
    page.goto(f"/programmes/{j.programme.slug}/review/")
    for checkbox in page.locator("input[name=selected]").all():
        checkbox.check()
    page.locator("select[name=decision]").select_option("accepted")
    j.shot("coordinator", "accepts")
    page.get_by_role("button", name="Apply to selected").click()
    page.wait_for_load_state()
    page.goto(f"/matching/{j.programme.slug}/")
    page.get_by_role("button", name="Run", exact=True).click()
    page.get_by_role("button", name="Publish this matching").wait_for()
    j.shot("coordinator", "matching")
    page.get_by_role("button", name="Publish this matching").click()
    page.wait_for_load_state()
    j.shot("coordinator", "published")
    assert j.mentorship.actors.get() == j.student


def step_agreement(j: Journey) -> None:
    student, mentor = j.page("student"), j.page("mentor")
    pk = j.mentorship.pk
    student.goto(f"/mentorships/{pk}/agreement/")
    fill(
        student,
        {
            "objectives": "Find out which career paths fit me.",
            "topics": "Career options",
            "topics_out": "Salary details",
            "confidentiality": "What we say stays between us.",
            "frequency": "Monthly",
            "mode": "mixed",
            "duration_months": "6",
            "who_books": "The student",
            "progress_recording": "Shared notes after each meeting",
        },
    )
    student.get_by_role("button", name="Save this version").click()
    # Saving a version confirms it for its author; the mentor's confirmation is awaited.
    student.get_by_text("not yet").wait_for()
    j.shot("student", "drafts-agreement")
    mentor.goto(f"/mentorships/{pk}/agreement/")
    mentor.get_by_role("button", name="I accept this version").click()
    mentor.get_by_text("Confirmed by everyone").wait_for()
    j.shot("mentor", "confirms-agreement")


def step_goal_and_meeting(j: Journey) -> None:
    student = j.page("student")
    pk = j.mentorship.pk
    student.goto(f"/mentorships/{pk}/goals/new/")
    fill(
        student,
        {
            "title": "Learn about product management",
            "why": "I am curious",
            "success": "Two conversations",
            "progress": "10",
        },
    )
    student.locator("main form button[type=submit]").last.click()
    student.wait_for_load_state()
    j.shot("student", "adds-goal")
    start = timezone.localtime() + dt.timedelta(days=3)
    student.goto(f"/mentorships/{pk}/meetings/new/")
    fill(
        student,
        {
            "date": start.date().isoformat(),
            "start_time": "17:00",
            "end_time": "18:00",
            "mode": "online",
            "video_link": "https://meet.example.org/abc",
        },
    )
    j.shot("student", "books-meeting")
    student.locator("main form button[type=submit]").last.click()
    student.wait_for_load_state()
    # Three days later: the meeting has taken place.
    meeting = Meeting.objects.get(mentorship=j.mentorship)
    held = timezone.now() - dt.timedelta(hours=2)
    Meeting.objects.filter(pk=meeting.pk).update(start=held)
    for who, text in (("student", "I was nervous, but it went well."), ("mentor", "Good start.")):
        page = j.page(who)
        page.goto(f"/mentorships/meetings/{meeting.pk}/")
        if who == "student":
            page.get_by_role("button", name="Mark as held").click()
            page.wait_for_load_state()
        page.locator("form[action$='/reflection/'] textarea").fill(text)
        page.get_by_role("button", name="Save reflection").click()
        page.wait_for_load_state()
        j.shot(who, "logs-meeting")
    assert meeting.reflections.count() == 2


def step_pair_exchange_messages(j: Journey) -> None:
    pk = j.mentorship.pk
    for who, text in (
        ("student", "Thank you for today! I wrote down the three companies you mentioned."),
        ("mentor", "Glad it helped. Ask me anything before our next meeting."),
    ):
        page = j.page(who)
        page.goto(f"/mentorships/{pk}/")
        page.get_by_role("link", name=re.compile("Conversation|Messages")).first.click()
        page.locator("#message-form textarea[name=text]").fill(text)
        page.locator("#message-form").get_by_role("button", name="Send").click()
        page.get_by_text(text).wait_for()
        j.shot(who, "sends-message")
    # The student sees the mentor's answer in the conversation.
    student = j.page("student")
    student.goto(f"/conversations/mentorship/{pk}/")
    student.get_by_text("Ask me anything before our next meeting.").wait_for()


def step_student_registers_for_event(j: Journey) -> None:
    page = j.page("student")
    page.goto("/events/")
    page.get_by_role("link", name=j.event.title).click()
    page.get_by_role("button", name="Register").click()
    page.get_by_role("button", name="Cancel my registration").wait_for()
    j.shot("student", "registers-for-event")


def step_both_answer_the_final_survey(j: Journey) -> None:
    page = j.page("coordinator")
    for survey in j.surveys.values():
        page.goto(f"/surveys/p/{j.programme.slug}/{survey.pk}/")
        page.get_by_role("button", name="Open and send invitations").click()
        page.wait_for_load_state()
    for who, survey in (("student", j.surveys["actor"]), ("mentor", j.surveys["mentor"])):
        page = j.page(who)
        page.goto("/surveys/")
        page.get_by_role("link", name=survey.title).first.click()
        radios = page.eval_on_selector_all(
            "main form input[type=radio]", "els => [...new Set(els.map(e => e.name))]"
        )
        for name in radios:
            options = page.locator(f"input[type=radio][name='{name}']")
            options.nth(min(3, options.count() - 1)).check()
        for textarea in page.locator("main form textarea").all():
            textarea.fill("The conversations helped me see my options.")
        j.shot(who, "answers-survey")
        page.get_by_role("button", name="Send answers").click()
        page.get_by_text("Thank you! Your answers were sent.").wait_for()


def step_coordinator_sees_the_dashboard(j: Journey) -> None:
    page = j.page("coordinator")
    page.goto(f"/dashboard/{j.programme.slug}/")
    j.shot("coordinator", "dashboard")
    main = page.locator("main").inner_text()
    assert "Accepted\t1\t1" in main  # one student and one mentor
    assert "Active: 1" in main
    assert "1 meetings held in all" in main
    for survey in j.surveys.values():
        assert survey.responses.exclude(submitted_at=None).count() == 1


STEPS = [
    step_mentor_signs_up_and_applies,
    step_student_applies,
    step_coordinator_accepts_matches_and_publishes,
    step_agreement,
    step_goal_and_meeting,
    step_pair_exchange_messages,
    step_student_registers_for_event,
    step_both_answer_the_final_survey,
    step_coordinator_sees_the_dashboard,
]


@pytest.fixture
def journey(transactional_db: Any, new_page: Any, screenshots: Screenshots) -> Journey:
    coordinator = UserFactory(email="cora@example.org", full_name="Cora Coordinator")
    totp_add(coordinator)  # coordinators must have a second factor
    student = UserFactory(email="sanni@example.org", full_name="Sanni Student")
    programme = ProgrammeFactory(name="Mentoring 2031", slug="mentoring-2031")
    programme.coordinators.add(coordinator)
    now = timezone.now()
    event = Event.objects.create(
        programme=programme,
        kind=EventKind.NETWORKING,
        title="Kick-off evening",
        starts_at=now + dt.timedelta(days=10),
        ends_at=now + dt.timedelta(days=10, hours=2),
        place="Dipoli",
        status=EventStatus.PUBLISHED,
        created_by=coordinator,
    )
    surveys = {
        audience: survey_services.survey_create(
            programme=programme,
            by=coordinator,
            audience=audience,
            kind="final",
            title=f"Final survey for {audience}s",
            opens_at=now - dt.timedelta(minutes=1),
            closes_at=now + dt.timedelta(days=14),
            anonymous=False,
            min_group_size=2,
        )
        for audience in ("actor", "mentor")
    }
    return Journey(new_page, screenshots, programme, coordinator, student, event, surveys)


def test_whole_mentoring_cycle_in_the_browser(journey: Journey) -> None:
    for step in STEPS:
        step(journey)
