"""What a coordinator's survey report shows, computed once per request.

Anonymity rules live here, in one place:
- an anonymous survey with fewer sent responses than its smallest group shows only the
  response rate (no distributions, no free text, no export);
- free-text answers of an anonymous survey are sorted, so their order says nothing about
  who answered when;
- baseline and final answers are paired by person internally; only aggregates leave;
- a breakdown by track appears only when every group has at least the smallest group.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from mentorlab.programmes.choices import DegreeLevel

from .models import Answer, Item, ItemKind, Response, Survey, SurveyKind, SurveyState
from .stats import PairedChange, paired_change

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


@dataclass
class SurveyReport:
    survey: Survey
    invited: int
    submitted: int
    drafts: int
    suppressed: bool
    items: list[ItemReport]
    benefit: BenefitReport | None

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
) -> list[BenefitRow]:
    rows = []
    for item in items:
        pairs = [
            (before[p][item.benefit], after[p][item.benefit])
            for p in sorted(people)
            if item.benefit in before.get(p, {}) and item.benefit in after.get(p, {})
        ]
        n = len(pairs)
        change = None
        if n and n >= min_n:
            change = paired_change([b for b, _a in pairs], [a for _b, a in pairs])
        rows.append(BenefitRow(key=item.benefit, text=item.text, change=change, n=n))
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
    rows = _rows(items, before, after, people, min_group if anonymous else 1)

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
                    rows=_rows(items, before, after, members, min_group),
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
    )
