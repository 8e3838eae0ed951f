from __future__ import annotations

import io

import pytest

from mentorlab.accounts.models import User
from mentorlab.programmes import demo as programmes_demo
from mentorlab.surveys import demo
from mentorlab.surveys.models import Answer, HelpRequest, Survey

pytestmark = pytest.mark.django_db


def test_demo_seeds_surveys_once_and_the_report_renders(as_user):
    programmes_demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    counts = (Survey.objects.count(), Answer.objects.count(), HelpRequest.objects.count())
    demo.seed(io.StringIO())
    assert (Survey.objects.count(), Answer.objects.count(), HelpRequest.objects.count()) == counts
    assert counts[0] == 3 and counts[2] == 1

    final = Survey.objects.get(kind="final")
    coordinator = User.objects.get(email="coordinator@demo.mentorlab.fi")
    html = (
        as_user(coordinator)
        .get(f"/surveys/p/{final.programme.slug}/{final.pk}/report/")
        .content.decode()
    )
    assert "Benefit change" in html
    assert 'data-benefit="career-options"' in html
    assert "people answered both" in html
    assert "m26-actor" not in html


def test_demo_report_shows_the_confidence_scale_with_dz_and_alpha(as_user):
    programmes_demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    final = Survey.objects.get(kind="final")
    coordinator = User.objects.get(email="coordinator@demo.mentorlab.fi")
    html = (
        as_user(coordinator)
        .get(f"/surveys/p/{final.programme.slug}/{final.pk}/report/")
        .content.decode()
    )
    start = html.index('data-scale="scale:career-confidence"')
    row = html[start : html.index("</tr>", start)]
    cells = [c.split("<", 1)[0] for c in row.split("<td")[1:]]
    effect = [c for c in cells if "[" in c]
    assert effect, row  # d_z [low, high] is shown
    alphas = [c.lstrip(">").strip() for c in cells[-2:]]
    assert all(a not in ("–", "") for a in alphas), row
