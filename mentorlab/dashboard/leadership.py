"""The report for leadership: one page per programme with its facts, the funnel, meetings,
the outcomes with their uncertainty and a few quotes, as a page, a PDF and an Excel file
built from the same `LeadershipReport`.

Every figure comes from the code that already computes it (`funnel.trends`,
`cycles.compare`, the surveys' `benefit_report`); this module only chooses and arranges.
What is stricter here than on the coordinators' own pages, because the report leaves the
programme's hands:

- an outcome figure is reported only when at least the survey's smallest group answered
  both surveys, anonymous or not ("too few to report" otherwise);
- a quote is a written answer whose author ticked "you may quote my written answers" in
  that response, from a survey with at least its smallest group of sent responses; it is
  shown without a name or track, and quotes are sorted by their text, so their order says
  nothing about who wrote them or when.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentorlab.programmes.models import Programme
from mentorlab.surveys.models import (
    Answer,
    Audience,
    ItemKind,
    Survey,
    SurveyState,
)
from mentorlab.surveys.report import (
    ChangeChart,
    SurveyTurnout,
    benefit_report,
    change_chart,
)
from mentorlab.surveys.report import programme_outcomes as survey_outcomes

from . import cycles, funnel

# The page and the PDF show this many quotes; the Excel file has every quotable answer.
QUOTES_SHOWN = 6

AUDIENCE_LABELS = {
    Audience.ACTORS: gettext_lazy("Students"),
    Audience.MENTORS: gettext_lazy("Mentors"),
}


@dataclass
class OutcomeRow:
    """One benefit statement or scored (sub)scale, baseline against final. Figures are
    None when not reported (fewer pairs than the smallest group, or hidden for anonymity)
    or when they cannot be computed (no variation)."""

    key: str
    text: str
    kind: str  # "benefit", "scale" or "subscale"
    n: int  # people who answered it in both surveys
    reported: bool
    mean_baseline: float | None = None
    mean_final: float | None = None
    mean_change: float | None = None
    ci_low: float | None = None  # 95% t interval of the mean change (benefits)
    ci_high: float | None = None
    d_z: float | None = None  # Cohen's d_z with its 95% interval
    d_z_low: float | None = None
    d_z_high: float | None = None
    items: int = 1
    alpha_baseline: float | None = None  # Cronbach's alpha, multi-item scales only
    alpha_final: float | None = None


@dataclass
class Outcomes:
    """Baseline against final for one audience."""

    audience: str
    label: str
    baseline: SurveyTurnout | None
    final: SurveyTurnout | None
    paired_people: int  # 0 when hidden for anonymity
    attrition: int | None  # answered the baseline, not the final; None when hidden
    attrition_rate: float | None
    min_group: int
    too_few: bool
    note: str
    rows: list[OutcomeRow]
    chart: ChangeChart | None


@dataclass
class Quote:
    survey: str
    question: str
    text: str


@dataclass
class LeadershipReport:
    programme: Programme
    today: dt.date
    cycle: cycles.Cycle
    trends: funnel.Trends
    outcomes: list[Outcomes]
    quotes: list[Quote]  # every quotable answer; `shown_quotes` is what the page prints
    notes: list[str] = field(default_factory=list)

    @property
    def shown_quotes(self) -> list[Quote]:
        return self.quotes[:QUOTES_SHOWN]

    @property
    def meetings_held(self) -> int:
        return self.cycle.meetings_held


def programme_outcomes(programme: Programme) -> list[Outcomes]:
    """The one place this report reads outcome figures from the surveys app: the surveys'
    own `programme_outcomes` (response, attrition, mean change, d_z [CI], alpha, with their
    smallest-group and anonymity rules), and from `benefit_report` the 95% interval of each
    benefit's mean change and its chart, for the same reported rows."""
    result = []
    for evidence in survey_outcomes(programme):
        intervals: dict[str, tuple[float | None, float | None]] = {}
        chart = None
        if evidence.baseline is not None and evidence.final is not None:
            surveys = Survey.objects.in_bulk(
                [evidence.baseline.survey_id, evidence.final.survey_id]
            )
            report = benefit_report(
                surveys[evidence.baseline.survey_id], surveys[evidence.final.survey_id]
            )
            shown = [r for r in report.rows if _reported(r, report.min_group)]
            intervals = {
                r.key: (r.change.ci_low, r.change.ci_high) for r in shown if r.change is not None
            }
            chart = change_chart(shown)
        rows = []
        for m in evidence.measures:
            ci_low, ci_high = intervals.get(m.key, (None, None)) if m.reported else (None, None)
            rows.append(
                OutcomeRow(
                    key=m.key,
                    text=m.label,
                    kind=m.kind,
                    n=m.pairs,
                    reported=m.reported,
                    mean_baseline=m.mean_baseline,
                    mean_final=m.mean_final,
                    mean_change=m.mean_change,
                    ci_low=ci_low,
                    ci_high=ci_high,
                    d_z=m.d_z,
                    d_z_low=m.d_z_low,
                    d_z_high=m.d_z_high,
                    items=m.items,
                    alpha_baseline=m.alpha_baseline,
                    alpha_final=m.alpha_final,
                )
            )
        result.append(
            Outcomes(
                audience=evidence.audience,
                label=str(
                    AUDIENCE_LABELS.get(Audience(evidence.audience), evidence.audience_label)
                ),
                baseline=evidence.baseline,
                final=evidence.final,
                paired_people=evidence.paired,
                attrition=evidence.attrition,
                attrition_rate=evidence.attrition_rate,
                min_group=evidence.min_group,
                too_few=evidence.too_few,
                note=evidence.note,
                rows=rows,
                chart=chart,
            )
        )
    return result


def _reported(row: Any, min_group: int) -> bool:
    return row.change is not None and row.n >= min_group


def quotable_answers(programme: Programme) -> list[Quote]:
    """Written answers whose authors agreed to be quoted, from surveys of the programme
    with at least their smallest group of sent responses; no name, sorted by survey, then
    by text."""
    surveys = {
        s.pk: s
        for s in Survey.objects.filter(programme=programme)
        .exclude(state=SurveyState.DRAFT)
        .annotate(sent=Count("responses", filter=Q(responses__submitted_at__isnull=False)))
    }
    large_enough = [pk for pk, s in surveys.items() if s.sent >= s.min_group_size]
    answers = (
        Answer.objects.filter(
            response__survey_id__in=large_enough,
            response__submitted_at__isnull=False,
            response__may_quote=True,
            item__kind=ItemKind.TEXT,
        )
        .exclude(text="")
        .select_related("item", "response")
    )
    chosen = [(surveys[a.response.survey_id], a) for a in answers if a.text.strip()]
    chosen.sort(key=lambda sa: (sa[0].opens_at, sa[0].pk, sa[1].text.strip().casefold()))
    return [Quote(survey=s.title, question=a.item.text, text=a.text.strip()) for s, a in chosen]


def leadership_report(programme: Programme, *, today: dt.date | None = None) -> LeadershipReport:
    today = today or timezone.localdate()
    outcomes = programme_outcomes(programme)
    notes = []
    if not outcomes:
        notes.append(
            _("No outcomes yet: they need a baseline and a final survey that have been opened.")
        )
    return LeadershipReport(
        programme=programme,
        today=today,
        cycle=cycles.compare([programme])[0],
        trends=funnel.trends(programme, today=today),
        outcomes=outcomes,
        quotes=quotable_answers(programme),
        notes=notes,
    )


# --- the Excel file -------------------------------------------------------------------


def _percent(value: float | None) -> float | None:
    return round(100 * value, 1) if value is not None else None


def _rounded(value: float | None, digits: int = 2) -> float | None:
    return round(value, digits) if value is not None else None


def workbook(report: LeadershipReport) -> dict[str, list[list[Any]]]:
    """The report as sheets of rows: numbers as numbers, an empty cell where a figure is
    not reported."""
    c = report.cycle
    facts: list[list[Any]] = [
        [_("Figure"), _("Value")],
        [_("Programme"), report.programme.name],
        [_("Kick-off"), report.programme.kickoff_date],
        [_("Closing event"), report.programme.closing_date],
        [_("Report date"), report.today],
        [_("Students applied"), c.applied],
        [_("Students accepted"), c.accepted],
        [_("Mentors accepted"), c.mentors_accepted],
        [_("Mentorships"), c.mentorships],
        [_("Completed"), c.completed],
        [_("Ended early"), c.ended_early],
        [_("Meetings held"), c.meetings_held],
        [_("Meetings per mentorship"), _rounded(c.meetings_per_pair)],
    ]
    funnel_rows: list[list[Any]] = [
        [
            _("Group"),
            _("Stage"),
            _("Students"),
            _("Of those who applied (%)"),
            _("Of the stage before (%)"),
            _("Not due until"),
        ]
    ]
    for f in report.trends.funnels:
        for s in f.stages:
            funnel_rows.append(
                [f.label, s.label, s.count, _percent(s.of_applied), _percent(s.of_previous), s.due]
            )
        funnel_rows.append([f.label, _("Ended early (of those matched)"), f.ended_early])
    meetings: list[list[Any]] = [[_("Month"), _("Meetings held"), _("Mentorships that met")]]
    meetings += [[m.month, m.meetings, m.pairs] for m in report.trends.months]
    responses: list[list[Any]] = [
        [_("Survey"), _("Invited"), _("Answered"), _("Response rate (%)")]
    ]
    responses += [
        [r.survey.title, r.invited, r.answered, _percent(r.rate)] for r in report.trends.surveys
    ]
    outcomes: list[list[Any]] = [
        [
            _("Asked of"),
            _("Benefit"),
            _("People who answered both"),
            _("Mean baseline"),
            _("Mean final"),
            _("Mean change"),
            _("95% CI low"),
            _("95% CI high"),
            _("Effect size d_z"),
            _("d_z 95% CI low"),
            _("d_z 95% CI high"),
            _("Cronbach's alpha, first survey"),
            _("Cronbach's alpha, last survey"),
            _("Note"),
        ]
    ]
    attrition: list[list[Any]] = [
        [
            _("Asked of"),
            _("First survey"),
            _("Answered the first"),
            _("Last survey"),
            _("Answered the last"),
            _("People who answered both"),
            _("Answered the first, not the last"),
            _("Attrition (%)"),
            _("Note"),
        ]
    ]
    for block in report.outcomes:
        attrition.append(
            [
                block.label,
                block.baseline.title if block.baseline else None,
                block.baseline.answered if block.baseline else None,
                block.final.title if block.final else None,
                block.final.answered if block.final else None,
                block.paired_people if not block.too_few else None,
                block.attrition,
                _percent(block.attrition_rate),
                block.note,
            ]
        )
        for row in block.rows:
            outcomes.append(
                [
                    block.label,
                    row.text,
                    row.n,
                    _rounded(row.mean_baseline),
                    _rounded(row.mean_final),
                    _rounded(row.mean_change),
                    _rounded(row.ci_low),
                    _rounded(row.ci_high),
                    _rounded(row.d_z),
                    _rounded(row.d_z_low),
                    _rounded(row.d_z_high),
                    _rounded(row.alpha_baseline),
                    _rounded(row.alpha_final),
                    ""
                    if row.reported
                    else _("Too few to report: fewer than %(n)s people answered both.")
                    % {"n": block.min_group},
                ]
            )
    quotes: list[list[Any]] = [[_("Survey"), _("Question"), _("Answer")]]
    quotes += [[q.survey, q.question, q.text] for q in report.quotes]
    return {
        _("Facts"): facts,
        _("Funnel"): funnel_rows,
        _("Meetings"): meetings,
        _("Responses"): responses,
        _("Outcomes"): outcomes,
        _("Attrition"): attrition,
        _("Quotes"): quotes,
    }
