"""What a coordinator's survey report shows, computed once per request.

Anonymity rules live here, in one place:
- an anonymous survey with fewer sent responses than its smallest group shows only the
  response rate (no distributions, no free text, no export);
- free-text answers of an anonymous survey are sorted, so their order says nothing about
  who answered when;
- baseline and final answers are paired by person internally; only aggregates leave;
- a breakdown by track appears only when every group has at least the smallest group;
- an effect size (d_z) or a reliability (alpha) is reported only for at least the smallest
  group (the survey's `min_group_size`, by default `stats.MIN_REPORTED_GROUP`), anonymous or
  not: below it the page says "too few to report".

`programme_outcomes` gives the same figures as plain data for other reports.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from mentorlab.programmes.choices import DegreeLevel
from mentorlab.programmes.models import Programme

from .models import (
    Answer,
    Audience,
    Item,
    ItemKind,
    Response,
    Survey,
    SurveyKind,
    SurveyState,
)
from .scales import Scored, scales_in, score_survey
from .stats import EffectSize, PairedChange, cohens_dz, paired_change

CHART_WIDTH = 640
LABEL_WIDTH = 250
BAR_AREA = 300
ROW_HEIGHT = 26


@dataclass
class Bar:
    label: str
    count: int
    share: float
    y: int
    width: float
    text_y: int
    count_x: float


@dataclass
class ItemReport:
    item: Item
    answered: int
    bars: list[Bar] = field(default_factory=list)
    mean: float | None = None
    texts: list[str] = field(default_factory=list)
    chart_height: int = 0

    @property
    def has_chart(self) -> bool:
        return bool(self.bars)


@dataclass
class BenefitRow:
    key: str
    text: str
    change: PairedChange | None  # None when hidden for anonymity
    n: int
    effect: EffectSize | None = None  # None below the smallest group or without variation
    too_few: bool = False  # fewer pairs than the smallest group: no effect size reported


@dataclass
class ChangeMark:
    label: str
    y: int
    text_y: int
    bar_x: float
    bar_width: float
    ci_x1: float | None
    ci_x2: float | None
    positive: bool


@dataclass
class ChangeChart:
    marks: list[ChangeMark]
    height: int
    zero_x: float
    axis_min: float
    axis_max: float
    ticks: list[tuple[float, str]]


@dataclass
class TrackGroup:
    track: str
    label: str
    people: int
    rows: list[BenefitRow]


@dataclass
class BenefitReport:
    baseline: Survey
    final: Survey
    rows: list[BenefitRow]
    paired_people: int
    min_group: int
    chart: ChangeChart | None
    groups: list[TrackGroup]
    breakdown_note: str
    turnout: Turnout
    scales: list[ScaleChange] = field(default_factory=list)

    @property
    def too_few(self) -> bool:
        return self.paired_people < self.min_group

    @property
    def too_few_note(self) -> str:
        return too_few_note(self.min_group) if self.too_few else ""

    @property
    def hides_counts(self) -> bool:
        """An anonymous pair with fewer pairs than the smallest group shows neither how
        many people answered both nor the attrition (which would give that number away)."""
        return self.too_few and (self.baseline.anonymous or self.final.anonymous)


@dataclass
class ScaleChange:
    """A scored scale both surveys carry: its whole-scale and subscale measures."""

    key: str
    name: str
    measures: list[OutcomeMeasure]


@dataclass(frozen=True)
class Turnout:
    """Who answered: invited and sent per survey, and attrition, the people who sent the
    baseline but not the final (as a count and as a share of the baseline's senders)."""

    baseline_invited: int
    baseline_answered: int
    final_invited: int
    final_answered: int
    attrition: int

    @property
    def baseline_rate(self) -> float | None:
        return self.baseline_answered / self.baseline_invited if self.baseline_invited else None

    @property
    def final_rate(self) -> float | None:
        return self.final_answered / self.final_invited if self.final_invited else None

    @property
    def attrition_rate(self) -> float | None:
        return self.attrition / self.baseline_answered if self.baseline_answered else None


@dataclass
class SurveyReport:
    survey: Survey
    invited: int
    submitted: int
    drafts: int
    suppressed: bool
    items: list[ItemReport]
    benefit: BenefitReport | None
    scales: list[ScaleSummary] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.submitted / self.invited if self.invited else 0.0


def _bars(options: list[tuple[Any, str]], counts: Counter[Any], answered: int) -> list[Bar]:
    most = max(counts.values(), default=0) or 1
    bars = []
    for index, (value, label) in enumerate(options):
        count = counts.get(value, 0)
        y = index * ROW_HEIGHT
        bars.append(
            Bar(
                label=label,
                count=count,
                share=count / answered if answered else 0.0,
                y=y + 4,
                width=round(BAR_AREA * count / most, 1),
                text_y=y + 18,
                count_x=round(LABEL_WIDTH + BAR_AREA * count / most + 6, 1),
            )
        )
    return bars


def _item_report(item: Item, answers: list[Answer], anonymous: bool) -> ItemReport:
    if item.kind == ItemKind.TEXT:
        texts = [a.text for a in answers if a.text]
        if anonymous:
            texts.sort(key=str.casefold)
        return ItemReport(item=item, answered=len(texts), texts=texts)
    counts: Counter[Any] = Counter()
    answered = 0
    numbers: list[int] = []
    for answer in answers:
        if item.is_numeric and answer.number is not None:
            counts[answer.number] += 1
            numbers.append(answer.number)
            answered += 1
        elif item.kind == ItemKind.SINGLE and answer.text:
            counts[answer.text] += 1
            answered += 1
        elif item.kind == ItemKind.MULTIPLE and answer.selected:
            counts.update(answer.selected)
            answered += 1
    options = item.options()
    return ItemReport(
        item=item,
        answered=answered,
        bars=_bars(options, counts, answered),
        mean=sum(numbers) / len(numbers) if numbers else None,
        chart_height=len(options) * ROW_HEIGHT + 8,
    )


def counterpart(survey: Survey) -> tuple[Survey, Survey] | None:
    """(baseline, final) for a baseline or final survey: the latest survey of the other
    kind for the same programme and audience that has been opened."""
    if survey.kind not in (SurveyKind.BASELINE, SurveyKind.FINAL):
        return None
    other_kind = SurveyKind.FINAL if survey.kind == SurveyKind.BASELINE else SurveyKind.BASELINE
    other = (
        Survey.objects.filter(programme=survey.programme, audience=survey.audience, kind=other_kind)
        .exclude(state=SurveyState.DRAFT)
        .order_by("-opens_at")
        .first()
    )
    if other is None:
        return None
    return (survey, other) if survey.kind == SurveyKind.BASELINE else (other, survey)


def _numbers_by_person(survey: Survey) -> tuple[dict[int, dict[str, int]], dict[int, str]]:
    """{person: {benefit key: rating}} and {person: track} for sent responses. Person ids
    stay inside this module; nothing returned to a page carries them."""
    values: dict[int, dict[str, int]] = defaultdict(dict)
    tracks: dict[int, str] = {}
    answers = Answer.objects.filter(
        response__survey=survey,
        response__submitted_at__isnull=False,
        number__isnull=False,
    ).exclude(item__benefit="")
    for person, track, key, number in answers.values_list(
        "response__invitation__user_id", "response__invitation__track", "item__benefit", "number"
    ):
        if number is not None:
            values[person][key] = number
            tracks[person] = track
    return values, tracks


def _rows(
    items: list[Item],
    before: dict[int, dict[str, int]],
    after: dict[int, dict[str, int]],
    people: set[int],
    min_n: int,
    min_group: int,
) -> list[BenefitRow]:
    rows = []
    for item in items:
        pairs = [
            (before[p][item.benefit], after[p][item.benefit])
            for p in sorted(people)
            if item.benefit in before.get(p, {}) and item.benefit in after.get(p, {})
        ]
        n = len(pairs)
        change = effect = None
        if n and n >= min_n:
            change = paired_change([b for b, _a in pairs], [a for _b, a in pairs])
        if n >= min_group:
            effect = cohens_dz([b for b, _a in pairs], [a for _b, a in pairs])
        rows.append(
            BenefitRow(
                key=item.benefit,
                text=item.text,
                change=change,
                n=n,
                effect=effect,
                too_few=n < min_group,
            )
        )
    return rows


def _nice_bound(value: float) -> float:
    return max(0.5, math.ceil(value * 2) / 2)


def change_chart(rows: list[BenefitRow]) -> ChangeChart | None:
    shown = [r for r in rows if r.change is not None]
    if not shown:
        return None
    extent = 0.0
    for row in shown:
        assert row.change is not None
        for v in (row.change.mean_change, row.change.ci_low, row.change.ci_high):
            if v is not None:
                extent = max(extent, abs(v))
    bound = _nice_bound(extent)

    def x(v: float) -> float:
        return round(LABEL_WIDTH + (v + bound) / (2 * bound) * BAR_AREA, 1)

    marks = []
    for index, row in enumerate(shown):
        assert row.change is not None
        c = row.change
        y = index * ROW_HEIGHT
        x0, x1 = sorted((x(0), x(c.mean_change)))
        marks.append(
            ChangeMark(
                label=row.text if len(row.text) <= 38 else row.text[:36] + "…",
                y=y + 6,
                text_y=y + 18,
                bar_x=x0,
                bar_width=round(max(x1 - x0, 1.0), 1),
                ci_x1=x(c.ci_low) if c.ci_low is not None else None,
                ci_x2=x(c.ci_high) if c.ci_high is not None else None,
                positive=c.mean_change >= 0,
            )
        )
    ticks = [(x(v), f"{v:+g}" if v else "0") for v in (-bound, -bound / 2, 0.0, bound / 2, bound)]
    return ChangeChart(
        marks=marks,
        height=len(shown) * ROW_HEIGHT + 30,
        zero_x=x(0),
        axis_min=-bound,
        axis_max=bound,
        ticks=ticks,
    )


TRACK_LABELS = {
    DegreeLevel.MASTERS.value: DegreeLevel.MASTERS.label,
    DegreeLevel.DOCTORAL.value: DegreeLevel.DOCTORAL.label,
}


def benefit_report(baseline: Survey, final: Survey) -> BenefitReport:
    """Baseline against final for each benefit both surveys measure, for the people who
    sent both. Hidden rows: with an anonymous survey, fewer pairs than the smallest group."""
    min_group = max(baseline.min_group_size, final.min_group_size)
    anonymous = baseline.anonymous or final.anonymous
    before, before_tracks = _numbers_by_person(baseline)
    after, after_tracks = _numbers_by_person(final)
    people = set(before) & set(after)
    baseline_kinds = {i.benefit: i.kind for i in baseline.items.exclude(benefit="")}
    items = [
        i
        for i in final.items.exclude(benefit="")
        if i.is_numeric and baseline_kinds.get(i.benefit) == i.kind
    ]
    rows = _rows(items, before, after, people, min_group if anonymous else 1, min_group)

    by_track: dict[str, set[int]] = defaultdict(set)
    for person in people:
        track = after_tracks.get(person) or before_tracks.get(person) or ""
        if track in TRACK_LABELS:
            by_track[track].add(person)
    groups: list[TrackGroup] = []
    if len(by_track) < 2:
        note = _("A breakdown by track needs answers from both master's and doctoral students.")
    elif any(len(members) < min_group for members in by_track.values()):
        note = _(
            "No breakdown by track: each group needs at least %(n)d people who answered both "
            "surveys."
        ) % {"n": min_group}
    else:
        note = ""
        for track, label in TRACK_LABELS.items():
            members = by_track[track]
            groups.append(
                TrackGroup(
                    track=track,
                    label=str(label),
                    people=len(members),
                    rows=_rows(items, before, after, members, min_group, min_group),
                )
            )
    return BenefitReport(
        baseline=baseline,
        final=final,
        rows=rows,
        paired_people=len(people),
        min_group=min_group,
        chart=change_chart(rows),
        groups=groups,
        breakdown_note=note,
        turnout=turnout(baseline, final),
        scales=scale_changes(baseline, final, min_group, anonymous),
    )


def _scale_measure(
    key: str,
    label: str,
    kind: str,
    items: int,
    before: dict[int, float],
    after: dict[int, float],
    alphas: tuple[Any, Any],
    min_group: int,
    anonymous: bool,
) -> OutcomeMeasure:
    people = sorted(set(before) & set(after))
    n = len(people)
    b = [before[p] for p in people]
    a = [after[p] for p in people]
    shown = n >= min_group
    alpha_b, alpha_f = (r.alpha if r is not None and r.n >= min_group else None for r in alphas)
    if not shown:
        return OutcomeMeasure(
            key=key,
            label=label,
            kind=kind,
            pairs=n,
            reported=False,
            items=items,
            alpha_baseline=alpha_b,
            alpha_final=alpha_f,
        )
    change = paired_change(b, a)
    effect = cohens_dz(b, a)
    return OutcomeMeasure(
        key=key,
        label=label,
        kind=kind,
        pairs=n,
        reported=True,
        mean_baseline=change.mean_baseline,
        mean_final=change.mean_final,
        mean_change=change.mean_change,
        d_z=effect.d_z if effect else None,
        d_z_low=effect.ci_low if effect else None,
        d_z_high=effect.ci_high if effect else None,
        items=items,
        alpha_baseline=alpha_b,
        alpha_final=alpha_f,
    )


def scale_changes(
    baseline: Survey, final: Survey, min_group: int, anonymous: bool
) -> list[ScaleChange]:
    """Per scale both surveys ask: the whole scale, then each subscale (when there are
    several), as paired measures. Scores, d_z and alpha only for at least `min_group`."""
    in_final = {s.pk for s in scales_in(final)}
    changes = []
    for scale in scales_in(baseline):
        if scale.pk not in in_final:
            continue
        sb: Scored = score_survey(baseline, scale)
        sf: Scored = score_survey(final, scale)
        subscales = list(scale.subscales.all())
        count = {sub.key: sub.items.count() for sub in subscales}
        measures = [
            _scale_measure(
                f"scale:{scale.key}",
                scale.name,
                "scale",
                sum(count.values()),
                sb.total,
                sf.total,
                (sb.alpha, sf.alpha),
                min_group,
                anonymous,
            )
        ]
        if len(subscales) > 1:
            measures += [
                _scale_measure(
                    f"scale:{scale.key}/{sub.key}",
                    sub.name,
                    "subscale",
                    count[sub.key],
                    sb.by_subscale.get(sub.key, {}),
                    sf.by_subscale.get(sub.key, {}),
                    (sb.subscale_alpha.get(sub.key), sf.subscale_alpha.get(sub.key)),
                    min_group,
                    anonymous,
                )
                for sub in subscales
            ]
        changes.append(ScaleChange(key=scale.key, name=scale.name, measures=measures))
    return changes


def _senders(survey: Survey) -> set[int]:
    return set(
        Response.objects.filter(survey=survey, submitted_at__isnull=False).values_list(
            "invitation__user_id", flat=True
        )
    )


def turnout(baseline: Survey, final: Survey) -> Turnout:
    sent_baseline, sent_final = _senders(baseline), _senders(final)
    return Turnout(
        baseline_invited=baseline.invitations.count(),
        baseline_answered=len(sent_baseline),
        final_invited=final.invitations.count(),
        final_answered=len(sent_final),
        attrition=len(sent_baseline - sent_final),
    )


def survey_report(survey: Survey) -> SurveyReport:
    invited = survey.invitations.count()
    responses = Response.objects.filter(survey=survey)
    submitted = responses.filter(submitted_at__isnull=False).count()
    drafts = responses.filter(submitted_at__isnull=True).count()
    suppressed = survey.anonymous and submitted < survey.min_group_size
    items: list[ItemReport] = []
    if not suppressed:
        answers_by_item: dict[int, list[Answer]] = defaultdict(list)
        for answer in Answer.objects.filter(
            response__survey=survey, response__submitted_at__isnull=False
        ).only("item_id", "number", "text", "selected"):
            answers_by_item[answer.item_id].append(answer)
        items = [
            _item_report(item, answers_by_item[item.pk], survey.anonymous)
            for item in survey.items.all()
        ]
    pair = counterpart(survey)
    return SurveyReport(
        survey=survey,
        invited=invited,
        submitted=submitted,
        drafts=drafts,
        suppressed=suppressed,
        items=items,
        benefit=benefit_report(*pair) if pair else None,
        scales=scale_summaries(survey),
    )


@dataclass(frozen=True)
class ScaleSummary:
    """A scored scale (or subscale) in one survey: how many scored, mean, sd and alpha.
    Figures are None below the survey's smallest group."""

    key: str  # "scale:<key>" or "scale:<key>/<subscale key>"
    label: str
    kind: str  # "scale" or "subscale"
    survey_id: int
    items: int
    n: int
    reported: bool
    mean: float | None = None
    sd: float | None = None
    alpha: float | None = None


def _summary(
    key: str,
    label: str,
    kind: str,
    survey: Survey,
    items: int,
    scores: dict[int, float],
    alpha: Any,
) -> ScaleSummary:
    values = list(scores.values())
    n = len(values)
    shown = n >= survey.min_group_size
    if not shown:
        return ScaleSummary(key, label, kind, survey.pk, items, n, False)
    mean = sum(values) / n
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1)) if n > 1 else None
    a = alpha.alpha if alpha is not None and alpha.n >= survey.min_group_size else None
    return ScaleSummary(key, label, kind, survey.pk, items, n, True, mean, sd, a)


def scale_summaries(survey: Survey) -> list[ScaleSummary]:
    """Each scored scale the survey asks, then its subscales when there are several."""
    result = []
    for scale in scales_in(survey):
        scored = score_survey(survey, scale)
        subscales = list(scale.subscales.all())
        count = {sub.key: sub.items.count() for sub in subscales}
        result.append(
            _summary(
                f"scale:{scale.key}",
                scale.name,
                "scale",
                survey,
                sum(count.values()),
                scored.total,
                scored.alpha,
            )
        )
        if len(subscales) > 1:
            result += [
                _summary(
                    f"scale:{scale.key}/{sub.key}",
                    sub.name,
                    "subscale",
                    survey,
                    count[sub.key],
                    scored.by_subscale.get(sub.key, {}),
                    scored.subscale_alpha.get(sub.key),
                )
                for sub in subscales
            ]
    return result


# --- Plain data for other reports (the leadership report builds on this) -----------------


@dataclass(frozen=True)
class OutcomeMeasure:
    """One benefit statement or scored scale, baseline against final, for the people who
    sent both. Figures are None when `reported` is False (fewer pairs than the smallest
    group, or hidden for anonymity) or when they cannot be computed (no variation)."""

    key: str  # the benefit key, or "scale:<key>" / "scale:<key>/<subscale key>"
    label: str  # in the active language
    kind: str  # "benefit", "scale" or "subscale"
    pairs: int
    reported: bool
    mean_baseline: float | None = None
    mean_final: float | None = None
    mean_change: float | None = None
    d_z: float | None = None
    d_z_low: float | None = None  # 95 % interval, noncentral t (see stats.cohens_dz)
    d_z_high: float | None = None
    items: int = 1
    alpha_baseline: float | None = None  # Cronbach's alpha, multi-item scales only
    alpha_final: float | None = None


@dataclass(frozen=True)
class SurveyTurnout:
    survey_id: int
    title: str
    kind: str
    invited: int
    answered: int

    @property
    def rate(self) -> float | None:
        return self.answered / self.invited if self.invited else None


@dataclass(frozen=True)
class ProgrammeOutcome:
    """A programme's outcome evidence for one audience (actors or mentors)."""

    audience: str
    audience_label: str
    baseline: SurveyTurnout | None
    final: SurveyTurnout | None
    paired: int  # people who sent both (0 when hidden for anonymity)
    attrition: int | None  # sent the baseline, not the final (None: hidden for anonymity)
    attrition_rate: float | None  # attrition / baseline senders
    min_group: int
    too_few: bool  # fewer pairs than min_group: no effect size or alpha is reported
    note: str  # why nothing is reported, in the active language ("" when all is well)
    measures: list[OutcomeMeasure]
    # Scales asked once, not paired: those of the latest opened halfway survey (e.g. the
    # quality of the mentoring relationship) and of the final survey only (e.g. what
    # mentors gained); mean, sd and alpha.
    single_scales: list[ScaleSummary] = field(default_factory=list)


def _measure_from_row(row: BenefitRow) -> OutcomeMeasure:
    c, e = row.change, row.effect
    reported = c is not None and not row.too_few
    return OutcomeMeasure(
        key=row.key,
        label=row.text,
        kind="benefit",
        pairs=row.n,
        reported=reported,
        mean_baseline=c.mean_baseline if reported and c else None,
        mean_final=c.mean_final if reported and c else None,
        mean_change=c.mean_change if reported and c else None,
        d_z=e.d_z if reported and e else None,
        d_z_low=e.ci_low if reported and e else None,
        d_z_high=e.ci_high if reported and e else None,
    )


def _survey_turnout(survey: Survey | None) -> SurveyTurnout | None:
    if survey is None:
        return None
    return SurveyTurnout(
        survey_id=survey.pk,
        title=survey.title,
        kind=survey.kind,
        invited=survey.invitations.count(),
        answered=len(_senders(survey)),
    )


def _latest_opened(programme: Programme, audience: str, kind: str) -> Survey | None:
    return (
        Survey.objects.filter(programme=programme, audience=audience, kind=kind)
        .exclude(state=SurveyState.DRAFT)
        .order_by("-opens_at")
        .first()
    )


def programme_outcomes(programme: Programme) -> list[ProgrammeOutcome]:
    """Outcome evidence of a programme as plain data: one ProgrammeOutcome per audience
    that has an opened baseline, halfway or final survey (actors first, then mentors).

    Each compares the latest opened baseline with the latest opened final survey of that
    audience: response rate of each, attrition (sent the baseline but not the final),
    and per promised benefit and scored (sub)scale the mean change and Cohen's d_z with its
    95 % interval, plus Cronbach's alpha of multi-item scales; `single_scales` summarise
    the scales asked only once (halfway, or final only). The same anonymity and
    smallest-group rules as the survey report page apply (the figures come from
    `benefit_report`); no person is identifiable from the result. Labels are in the active
    language. Access is the caller's job: check the user may see the programme first."""
    outcomes = []
    for audience, audience_label in Audience.choices:
        baseline = _latest_opened(programme, audience, SurveyKind.BASELINE)
        final = _latest_opened(programme, audience, SurveyKind.FINAL)
        halfway = _latest_opened(programme, audience, SurveyKind.HALFWAY)
        if baseline is None and final is None and halfway is None:
            continue
        single = _single_scales(baseline, halfway, final)
        if baseline is None or final is None:
            only = baseline or final or halfway
            assert only is not None
            outcomes.append(
                ProgrammeOutcome(
                    audience=audience,
                    audience_label=str(audience_label),
                    baseline=_survey_turnout(baseline),
                    final=_survey_turnout(final),
                    paired=0,
                    attrition=0,
                    attrition_rate=None,
                    min_group=only.min_group_size,
                    too_few=True,
                    note=_("Change needs both a baseline and a final survey."),
                    measures=[],
                    single_scales=single,
                )
            )
            continue
        report = benefit_report(baseline, final)
        measures = [_measure_from_row(row) for row in report.rows]
        measures += [m for scale in report.scales for m in scale.measures]
        t = report.turnout
        outcomes.append(
            ProgrammeOutcome(
                audience=audience,
                audience_label=str(audience_label),
                baseline=SurveyTurnout(
                    baseline.pk,
                    baseline.title,
                    baseline.kind,
                    t.baseline_invited,
                    t.baseline_answered,
                ),
                final=SurveyTurnout(
                    final.pk, final.title, final.kind, t.final_invited, t.final_answered
                ),
                paired=0 if report.hides_counts else report.paired_people,
                attrition=None if report.hides_counts else t.attrition,
                attrition_rate=None if report.hides_counts else t.attrition_rate,
                min_group=report.min_group,
                too_few=report.too_few,
                note=report.too_few_note,
                measures=measures,
                single_scales=single,
            )
        )
    return outcomes


def _single_scales(
    baseline: Survey | None, halfway: Survey | None, final: Survey | None
) -> list[ScaleSummary]:
    found = scale_summaries(halfway) if halfway else []
    if final is not None:
        paired = {f"scale:{s.key}" for s in scales_in(baseline)} if baseline else set()
        found += [
            summary
            for summary in scale_summaries(final)
            if summary.key.split("/", 1)[0] not in paired
        ]
    return found


def too_few_note(min_group: int) -> str:
    return _(
        "Too few to report: effect sizes and reliabilities need at least %(n)d people who "
        "answered both surveys."
    ) % {"n": min_group}
