from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.urls import reverse

from mentorlab.accounts.models import User
from mentorlab.conversations.models import Announcement
from mentorlab.mentorships.models import Nudge
from mentorlab.notifications.models import Notification
from mentorlab.programmes.models import ActorApplication, MentorApplication, Programme
from tests.factories import ProgrammeFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_home_page_explains_the_programme(client, programme):
    body = client.get(reverse("core:home")).content.decode()
    assert "Who takes part" in body
    assert "career design" in body
    assert "Mentoring 2031" in body
    assert "Student applications" in body  # the timeline


@pytest.mark.django_db
def test_public_home_page_has_apply_buttons_for_the_open_programme(client, programme):
    """The public home page had no way to apply: a visitor had to find the programme page."""
    today = dt.date.today()
    ProgrammeFactory(
        name="Mentoring closed",
        slug="mentoring-closed",
        **{
            name: today + dt.timedelta(days=offset)
            for name, offset in (
                ("mentor_signup_opens", -60),
                ("mentor_signup_closes", -40),
                ("actor_applications_open", -60),
                ("actor_applications_close", -30),
                ("matching_date", -20),
                ("kickoff_date", -10),
            )
        },
    )
    body = " ".join(client.get(reverse("core:home")).content.decode().split())
    assert f"Applications are open for {programme.name}." in body
    assert "Applications are open for Mentoring closed." not in body
    signup = reverse("account_signup")
    for role, label in (("actor", "Apply as a student"), ("mentor", "Sign up as a mentor")):
        form = reverse("programmes:application", args=[programme.slug, role])
        link = f'href="{signup}?next={quote(form)}">{label}</a>'
        assert link in body, label
        # The sign-up page carries the form's address on, so the visitor lands on the form.
        page = client.get(f"{signup}?next={quote(form)}").content.decode()
        assert f'value="{form}"' in page


@pytest.mark.django_db
def test_home_page_in_finnish(client, programme):
    client.cookies["django_language"] = "fi"
    body = client.get(reverse("core:home")).content.decode()
    assert '<html lang="fi">' in body
    assert "Kuka on mukana" in body


@pytest.mark.django_db
def test_coordinator_home_links_to_review(as_user, coordinator, programme):
    body = as_user(coordinator).get(reverse("core:home")).content.decode()
    assert "Programmes you coordinate" in body
    assert reverse("programmes:review", args=[programme.slug]) in body


@pytest.mark.django_db
def test_mentor_home_shows_their_sign_up(as_user, mentor, programme):
    body = as_user(mentor).get(reverse("core:home")).content.decode()
    assert "You signed up as a mentor." in body
    assert "You are in!" in body


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_realistic():
    call_command("seed_demo")
    call_command("seed_demo")
    big = Programme.objects.get(slug="mentoring-2027")
    assert ActorApplication.objects.filter(programme=big).count() == 120
    assert MentorApplication.objects.filter(programme=big).count() == 90
    # The three logins of the first demo, plus the Finnish-speaking student and mentor.
    assert set(
        User.objects.filter(email__endswith="@demo.mentorlab.fi").values_list("email", flat=True)
    ) == {
        "coordinator@demo.mentorlab.fi",
        "actor@demo.mentorlab.fi",
        "mentor@demo.mentorlab.fi",
        "opiskelija@demo.mentorlab.fi",
        "mentori@demo.mentorlab.fi",
    }
    coordinator = User.objects.get(email="coordinator@demo.mentorlab.fi")
    assert coordinator.check_password("mentorlab-demo")
    assert big.coordinators.filter(pk=coordinator.pk).exists()
    # An announcement the demo student reads, and one pair nudged by the coordinator.
    running = Programme.objects.get(slug="mentoring-2026")
    [announcement] = Announcement.objects.filter(programme=running)
    actor = User.objects.get(email="actor@demo.mentorlab.fi")
    assert announcement.recipients.filter(user=actor).exists()
    assert Notification.objects.filter(user=actor, kind="announcement").count() == 1
    assert Notification.objects.filter(user=actor, kind="match").exists()  # the bell's demo
    assert Nudge.objects.filter(mentorship__programme=running, sent_by=coordinator).count() == 1


def test_check_deploy_passes_with_production_settings():
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "x" * 60 + "-production-test-key-with-enough-entropy-1234567890",
        "ALLOWED_HOSTS": "mentorlab.example.org",
        "DATABASE_URL": "sqlite:///:memory:",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
