"""The report for leadership against a hand-computed programme, as a page, a PDF and an
Excel file, and who may see it.

"Mentoring R" (kick-off 10 Sep 2025, halfway 15 Jan 2026, closing 20 Mar 2026), read on
1 Apr 2026. Six master's students applied, s1–s5 accepted (s6 declined), four mentors.

    P1  M1  s1   agreed, 2 meetings (Sep, Oct), completed
    P2  M2  s2   agreed, 1 meeting (Oct), active
    P3  M3  s3   agreed, no meeting, active
    P4  M4  s4   no agreement, introduced          (s5 is accepted but not matched)

Funnel: applied 6, accepted 5 (83%), matched 4 (67%), agreement 3 (50%), first meeting 2
(33%), halfway 2, completed 1 (17%); ended early 0. Meetings: 3 in all, 0.75 per mentorship.

Outcomes (students; named surveys, smallest group 3): s1, s2, s3 answered both.
Confidence 2→4, 3→4, 3→3: changes 2, 1, 0; mean baseline 2.67, final 3.67, change +1.00,
sd 1, 95% CI 1 ± t(0.975, 2)·1/√3 = 1 ± 4.3027/1.7321 = 1 ± 2.4841 → −1.48 … +3.48.
d_z = mean/sd of the changes = 1/1 = 1.00 (its interval is the surveys' noncentral t).
Clarity was answered in both by s1 and s2 only: 2 < 3, too few to report.
s4 answered the baseline only (confidence 3): attrition 1 of 4 who answered the baseline (25%).

Responses: baseline 4 of 4, final 3 of 3, halfway 1 of 2 (50%).
Quotes: the final's written question, answered by s1 (agrees), s2 (does not agree), s3
(agrees); the halfway survey has 1 sent response, fewer than its smallest group (5), so its
answer, although its author agreed, is not quoted.
"""

from __future__ import annotations

import datetime as dt
import io
import sys

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from mentorlab.audit.models import AuditEntry
from mentorlab.dashboard import leadership
from mentorlab.programmes.choices import ApplicationStatus
from mentorlab.surveys.models import (
    Answer,
    Invitation,
    Item,
    ItemKind,
    Response,
    Survey,
    SurveyKind,
    SurveyState,
)
from mentorlab.surveys.stats import cohens_dz
from tests.dashboard.test_funnel_and_cycles import _answers, _cycle, _pair, _survey, at
from tests.factories import ActorApplicationFactory, MentorApplicationFactory, UserFactory
from tests.second_factor import totp_add

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 4, 1)
CONSENTING = ["My mentor helped me see a path into research.", "Talking monthly kept me going."]
NOT_CONSENTING = "I now dare to apply for jobs abroad, said Sanna."
TOO_SMALL = "One voice from a group far too small to quote."


def _written(survey, person, text, *, may_quote, order=9):
    item, _created = Item.objects.get_or_create(
        survey=survey, kind=ItemKind.TEXT, defaults={"order": order, "text": "What changed?"}
    )
    invitation, _created = Invitation.objects.get_or_create(survey=survey, user=person)
    response, _created = Response.objects.get_or_create(
        survey=survey, invitation=invitation, defaults={"submitted_at": survey.opens_at}
    )
    Response.objects.filter(pk=response.pk).update(may_quote=may_quote)
    Answer.objects.create(response=response, item=item, text=text)


@pytest.fixture
def world(coordinator):
    r = _cycle("Mentoring R", "mentoring-r", 2025)
    r.coordinators.add(coordinator)
    s = {}
    for i in range(1, 7):
        s[i] = UserFactory(full_name=f"Student {i}")
        status = ApplicationStatus.DECLINED if i == 6 else ApplicationStatus.ACCEPTED
        ActorApplicationFactory(programme=r, user=s[i], status=status)
    m = {i: UserFactory(full_name=f"Mentor {i}") for i in range(1, 5)}
    for user in m.values():
        MentorApplicationFactory(programme=r, user=user)
    _pair(r, m[1], [s[1]], state="completed", ended=at(2026, 3, 20),
          meetings=[at(2025, 9, 20), at(2025, 10, 20)])  # fmt: skip
    _pair(r, m[2], [s[2]], state="active", meetings=[at(2025, 10, 5)])
    _pair(r, m[3], [s[3]], state="active")
    _pair(r, m[4], [s[4]], state="introduced", agreed=False)

    baseline = _survey(r, SurveyKind.BASELINE, anonymous=False, opens=at(2025, 9, 12))
    final = _survey(r, SurveyKind.FINAL, anonymous=False, opens=at(2026, 3, 1))
    Survey.objects.filter(pk__in=[baseline.pk, final.pk]).update(min_group_size=3)
    _answers(baseline, [(s[1], {"confidence": 2, "clarity": 3}),
                        (s[2], {"confidence": 3, "clarity": 3}),
                        (s[3], {"confidence": 3}),
                        (s[4], {"confidence": 3})])  # fmt: skip
    _answers(final, [(s[1], {"confidence": 4, "clarity": 3}),
                     (s[2], {"confidence": 4, "clarity": 5}),
                     (s[3], {"confidence": 3})])  # fmt: skip
    _written(final, s[1], CONSENTING[0], may_quote=True)
    _written(final, s[2], NOT_CONSENTING, may_quote=False)
    _written(final, s[3], CONSENTING[1], may_quote=True)

    halfway = Survey.objects.create(
        programme=r, audience="actor", kind=SurveyKind.HALFWAY, title="Halfway check-in",
        opens_at=at(2026, 1, 10), closes_at=at(2026, 1, 24), state=SurveyState.CLOSED,
    )  # fmt: skip
    Invitation.objects.create(survey=halfway, user=s[2])
    _written(halfway, s[1], TOO_SMALL, may_quote=True)
    return {"programme": r, "students": s, "mentors": m}


@pytest.fixture
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


def test_figures_match_the_hand_computed_programme(world):
    report = leadership.leadership_report(world["programme"], today=TODAY)
    everyone = report.trends.funnels[0]
    assert [s.count for s in everyone.stages] == [6, 5, 4, 3, 2, 2, 1]
    assert everyone.ended_early == 0
    assert not any(s.due for s in everyone.stages)
    assert (report.cycle.meetings_held, report.cycle.mentorships) == (3, 4)
    assert report.cycle.meetings_per_pair == pytest.approx(0.75)
    rates = {r.survey.title: (r.invited, r.answered) for r in report.trends.surveys}
    assert rates["Halfway check-in"] == (2, 1)

    (students,) = report.outcomes
    assert (students.label, students.paired_people, students.min_group) == ("Students", 3, 3)
    confidence, clarity = students.rows
    assert confidence.key == "confidence" and confidence.n == 3
    assert confidence.mean_baseline == pytest.approx(8 / 3)
    assert confidence.mean_final == pytest.approx(11 / 3)
    assert confidence.mean_change == pytest.approx(1.0)
    assert confidence.ci_low == pytest.approx(1 - 2.484138, abs=1e-5)
    assert confidence.ci_high == pytest.approx(1 + 2.484138, abs=1e-5)
    assert confidence.d_z == pytest.approx(1.0)
    expected = cohens_dz([2, 3, 3], [4, 4, 3])
    assert expected is not None
    assert (confidence.d_z_low, confidence.d_z_high) == pytest.approx(
        (expected.ci_low, expected.ci_high)
    )
    assert confidence.d_z_low < 1.0 < confidence.d_z_high
    assert (clarity.n, clarity.reported, clarity.mean_change, clarity.d_z) == (2, False, None, None)
    assert (students.baseline.answered, students.baseline.invited) == (4, 4)
    assert (students.final.answered, students.final.invited) == (3, 3)
    assert students.attrition == 1
    assert students.attrition_rate == pytest.approx(0.25)

    assert [q.text for q in report.quotes] == CONSENTING


def test_page_shows_the_figures_and_only_consenting_quotes(
    as_user, coordinator, world, frozen_today
):
    page = as_user(coordinator).get(reverse("dashboard:report", args=["mentoring-r"]))
    assert page.status_code == 200
    html = page.content.decode()
    text = " ".join(html.split()).replace("> <", "><")
    assert "Report for leadership: Mentoring R" in text
    assert "Matched with a mentor</th><td>4</td><td>67%</td>" in text
    assert "Completed</th><td>1</td><td>17%</td>" in text
    assert "3 meetings held in all." in text
    assert (
        "<td>3</td><td>2.67</td><td>3.67</td><td>+1.00</td><td>-1.48 … +3.48</td><td>1.00 [" in text
    )
    assert "“final survey”: 3 of 3 answered (100%)." in text
    assert (
        "Attrition: 1 of those who answered the first survey did not answer the last (25%)." in text
    )
    assert "Too few to report: fewer than 3 people answered both." in text
    assert "Halfway check-in</th><td>2</td><td>1</td><td>50%</td>" in text
    assert '<svg role="img"' in text and "<title id=" in text
    for quote in CONSENTING:
        assert quote in html
    assert NOT_CONSENTING not in html and "dare to apply" not in html
    assert TOO_SMALL not in html
    for student in world["students"].values():
        assert student.full_name not in html
    assert "style=" not in html


def test_pdf_text_reads_back_with_the_figures_and_consenting_quotes_only(
    as_user, coordinator, world, frozen_today
):
    response = as_user(coordinator).get(reverse("dashboard:report_pdf", args=["mentoring-r"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="mentoring-r-report.pdf"' in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Report for leadership: Mentoring R" in text
    assert "Matched with a mentor 4 67%" in text
    assert "Completed 1 17%" in text
    assert "+1.00" in text and "-1.48 … +3.48" in text
    assert (
        "Attrition: 1 of those who answered the first survey did not answer the last (25%)." in text
    )
    for quote in CONSENTING:
        assert quote in text
    assert "dare to apply" not in text
    assert TOO_SMALL not in text
    assert AuditEntry.objects.filter(details__what="report.pdf").count() == 1


def test_pdf_refuses_anything_but_the_sites_own_static_files():
    from mentorlab.dashboard.pdf import static_file

    assert static_file("file:///static/css/report.css") is not None
    assert static_file("https://example.org/static/css/report.css") is None
    assert static_file("file:///etc/passwd") is None
    assert static_file("file:///static/../../etc/passwd") is None
    assert static_file("file://example.org/static/css/report.css") is None


def test_pdf_charts_carry_their_colours_inside_the_svg():
    from mentorlab.dashboard.pdf import with_chart_styles

    html = with_chart_styles('<p>x</p><svg role="img" viewBox="0 0 1 1"><rect/></svg>')
    start, rest = html.split('<svg role="img" viewBox="0 0 1 1">')
    assert start == "<p>x</p>"
    assert rest.startswith("<style>") and ".chart-bar { fill: #2f6fb2; }" in rest


def test_without_weasyprint_the_pdf_link_explains_what_is_missing(
    as_user, coordinator, world, monkeypatch
):
    # A None entry makes `import weasyprint` raise ImportError, as on a server without it.
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    response = as_user(coordinator).get(reverse("dashboard:report_pdf", args=["mentoring-r"]))
    assert response.status_code == 503
    html = response.content.decode()
    assert "The PDF cannot be made on this server" in html
    assert "WeasyPrint" in html and "Pango" in html
    assert reverse("dashboard:report_xlsx", args=["mentoring-r"]) in html
    assert not AuditEntry.objects.filter(details__what="report.pdf").exists()


def test_excel_has_the_figures_as_numbers_and_consenting_quotes_only(
    as_user, coordinator, world, frozen_today
):
    response = as_user(coordinator).get(reverse("dashboard:report_xlsx", args=["mentoring-r"]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert {"Funnel", "Outcomes", "Quotes"} <= set(book.sheetnames)
    funnel_rows = list(book["Funnel"].iter_rows(values_only=True))
    stages = {(r[0], r[1]): r[2:4] for r in funnel_rows[1:]}
    assert stages[("All students", "Applied")] == (6, 100.0)
    assert stages[("All students", "Matched with a mentor")] == (4, 66.7)
    assert stages[("All students", "Completed")] == (1, 16.7)
    outcomes = list(book["Outcomes"].iter_rows(values_only=True))
    confidence = next(r for r in outcomes if r[1] == "confidence")
    assert confidence[:9] == ("Students", "confidence", 3, 2.67, 3.67, 1.0, -1.48, 3.48, 1.0)
    attrition = list(book["Attrition"].iter_rows(values_only=True))
    assert attrition[1][:8] == ("Students", "baseline survey", 4, "final survey", 3, 3, 1, 25.0)
    clarity = next(r for r in outcomes if r[1] == "clarity")
    assert clarity[2] == 2 and clarity[5] is None
    assert clarity[8:13] == (None,) * 5
    assert clarity[13] == "Too few to report: fewer than 3 people answered both."
    quotes = [r[2] for r in book["Quotes"].iter_rows(min_row=2, values_only=True)]
    assert quotes == CONSENTING
    everything = " ".join(
        str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row
    )
    assert "dare to apply" not in everything and TOO_SMALL not in everything
    assert AuditEntry.objects.filter(details__what="report.xlsx").count() == 1


@pytest.mark.parametrize("name", ["report", "report_pdf", "report_xlsx"])
def test_only_its_coordinators_and_site_staff_may_open_the_report(
    as_user, coordinator, other_coordinator, other_programme, world, name, monkeypatch
):
    monkeypatch.setattr("mentorlab.dashboard.pdf.render_pdf", lambda html: b"%PDF-1.7")
    url = reverse(f"dashboard:{name}", args=["mentoring-r"])
    staff = UserFactory(is_staff=True)
    totp_add(staff)
    assert as_user(coordinator).get(url).status_code == 200
    assert as_user(staff).get(url).status_code == 200
    assert as_user(other_coordinator).get(url).status_code == 404
    assert as_user(world["students"][1]).get(url).status_code == 404
    assert as_user(world["mentors"][1]).get(url).status_code == 404
    assert as_user(None).get(url).status_code == 302


def test_overview_and_home_link_to_the_report(as_user, coordinator, world):
    client = as_user(coordinator)
    url = reverse("dashboard:report", args=["mentoring-r"])
    assert (
        f'href="{url}"'
        in client.get(reverse("dashboard:overview", args=["mentoring-r"])).content.decode()
    )
    assert f'href="{url}"' in client.get(reverse("core:home")).content.decode()


@pytest.mark.parametrize(
    ("language", "title", "quotes_heading", "sheet"),
    [
        ("fi", "Raportti johdolle", "Heidän omin sanoin", "Lainaukset"),
        ("sv", "Rapport till ledningen", "Med deras egna ord", "Citat"),
    ],
)
def test_report_speaks_finnish_and_swedish(
    as_user, coordinator, world, frozen_today, language, title, quotes_heading, sheet
):
    from django.conf import settings

    client = as_user(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(reverse("dashboard:report", args=["mentoring-r"])).content.decode()
    assert f"{title}: Mentoring R" in html
    assert quotes_heading in html
    response = client.get(reverse("dashboard:report_xlsx", args=["mentoring-r"]))
    assert sheet in load_workbook(io.BytesIO(response.content)).sheetnames


def test_a_scored_scale_shows_its_effect_size_and_alpha(as_user, coordinator, programme):
    # The surveys' own worked example (tests/surveys/test_scales.py): five students, the
    # career-confidence scale, changes 1 2 3 2 2 → d_z = 2/√0.5 = 2.83; items agree
    # perfectly in the final survey → alpha 1.00.
    from tests.surveys.conftest import close
    from tests.surveys.test_scales import answer_scale, uniform, with_scale

    people = [UserFactory() for _ in range(5)]
    for person in people:
        ActorApplicationFactory(programme=programme, user=person)
    baseline, _scale = with_scale(programme, coordinator, "baseline")
    final, _scale = with_scale(programme, coordinator, "final")
    for person, before, after in zip(people, [1, 2, 1, 2, 1], [2, 4, 4, 4, 3], strict=True):
        answer_scale(baseline, person, uniform(before))
        answer_scale(final, person, uniform(after))
    close(baseline)
    close(final)
    (students,) = leadership.programme_outcomes(programme)
    whole = next(r for r in students.rows if r.key == "scale:career-confidence")
    assert whole.d_z == pytest.approx(2 / 0.5**0.5)
    assert whole.alpha_final == pytest.approx(1.0)
    html = as_user(coordinator).get(reverse("dashboard:report", args=[programme.slug]))
    text = " ".join(html.content.decode().split()).replace("> <", "><")
    start = text.index(f'<th scope="row">{whole.text}</th>')
    row = text[start : text.index("</tr>", start)]
    assert "<td>5</td>" in row and "<td>+2.00</td>" in row
    assert "2.83 [" in row and "/ 1.00</td>" in row
