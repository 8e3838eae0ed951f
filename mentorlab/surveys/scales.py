"""Scored scales: Mentorlab's built-in short scales, importing an instrument from a file the
programme supplies, adding a scale to a survey, and scoring it per respondent.

File format (CSV, UTF-8 or Windows-1252, or .xlsx; first row names the columns, one row per
item, one scale per file):

    scale           the scale's key (letters, digits, hyphens), the same on every row
    scale_name_en   its name in English (Finnish, Swedish: scale_name_fi, scale_name_sv)
    rule            "mean" or "sum": how item answers make a score
    answer          "1-5" (agreement) or "0-10"
    subscale        the item's subscale key; subscale_name_en (and _fi, _sv) on its first row
    item_en         the statement in English (item_fi, item_sv optional)
    reverse         "yes" when agreeing means less of what the scale measures, else empty/"no"

The scale columns may be left empty after the first row. Any fault gives a message naming
the row and the column, and nothing is created.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentorlab.accounts.models import User
from mentorlab.core.translated import CONTENT_LANGUAGES, in_each_language
from mentorlab.programmes.access import require_coordinator
from mentorlab.programmes.imports.reading import UnreadableFile, read_table
from mentorlab.programmes.models import Programme

from .models import (
    Answer,
    Item,
    ItemKind,
    Scale,
    ScaleItem,
    ScoringRule,
    Subscale,
    Survey,
    SurveyState,
)
from .stats import Reliability, cronbach_alpha, scale_score

Text = str | Promise


@dataclass(frozen=True)
class ItemDef:
    text: dict[str, str]  # language -> statement
    reverse: bool = False


@dataclass(frozen=True)
class SubscaleDef:
    key: str
    name: dict[str, str]
    items: list[ItemDef] = field(default_factory=list)


@dataclass(frozen=True)
class ScaleDef:
    """A scale as plain data, whatever it came from (built-in or a file)."""

    key: str
    name: dict[str, str]
    rule: str
    item_kind: str
    subscales: list[SubscaleDef]
    source: str = ""


def _texts(text: Text) -> dict[str, str]:
    return in_each_language(text)


def _builtin(
    key: str, name: Text, subscales: list[tuple[str, Text, list[tuple[Text, bool]]]]
) -> ScaleDef:
    return ScaleDef(
        key=key,
        name=_texts(name),
        rule=ScoringRule.MEAN,
        item_kind=ItemKind.LIKERT,
        source="Mentorlab",
        subscales=[
            SubscaleDef(
                key=sub_key,
                name=_texts(sub_name),
                items=[ItemDef(text=_texts(t), reverse=rev) for t, rev in items],
            )
            for sub_key, sub_name, items in subscales
        ],
    )


def built_in_scales() -> list[ScaleDef]:
    """Mentorlab's own short scales (1–5 agreement, scored as the mean), for what the
    programme promises. Worded for this project; free to use."""
    t = gettext_lazy
    return [
        _builtin(
            "career-confidence",
            t("Career-design confidence"),
            [
                (
                    "direction",
                    t("Clarity of direction"),
                    [
                        (t("I can describe the direction I want my working life to take."), False),
                        (t("I feel lost when I think about my next career step."), True),
                    ],
                ),
                (
                    "strengths-values",
                    t("Knowing my strengths and values"),
                    [
                        (t("I can name strengths that others also see in me."), False),
                        (t("I know which values I want my work to reflect."), False),
                    ],
                ),
                (
                    "courage",
                    t("Courage to try"),
                    [
                        (t("I am willing to try a new kind of work before I feel ready."), False),
                        (t("Fear of failing keeps me from testing career ideas."), True),
                    ],
                ),
            ],
        ),
        _builtin(
            "relationship-quality",
            t("Quality of the mentoring relationship"),
            [
                (
                    "relationship",
                    t("Relationship"),
                    [
                        (t("I can talk openly with my mentoring partner."), False),
                        (t("My mentoring partner takes my views seriously."), False),
                        (t("Our meetings feel like a duty rather than a help."), True),
                        (t("We agree on what we are working towards."), False),
                        (t("I look forward to our next meeting."), False),
                    ],
                ),
            ],
        ),
        _builtin(
            "mentor-gains",
            t("What mentoring gives the mentor"),
            [
                (
                    "gains",
                    t("Gains"),
                    [
                        (t("Mentoring has made me see my own career in a new light."), False),
                        (t("I have learned something from my mentee."), False),
                        (t("Mentoring has given me little in return for my time."), True),
                        (t("Mentoring has strengthened my listening and coaching skills."), False),
                    ],
                ),
            ],
        ),
    ]


# --- Creating scales --------------------------------------------------------------------


def _create(programme: Programme, spec: ScaleDef, *, built_in: bool) -> Scale:
    scale = Scale(
        programme=programme,
        key=spec.key,
        rule=spec.rule,
        item_kind=spec.item_kind,
        source=spec.source,
        built_in=built_in,
        **{f"name_{lang}": spec.name.get(lang) or None for lang in CONTENT_LANGUAGES},
    )
    scale.save()
    for s_order, sub in enumerate(spec.subscales, start=1):
        subscale = Subscale.objects.create(
            scale=scale,
            key=sub.key,
            order=s_order,
            **{f"name_{lang}": sub.name.get(lang) or None for lang in CONTENT_LANGUAGES},
        )
        ScaleItem.objects.bulk_create(
            ScaleItem(
                subscale=subscale,
                order=i_order,
                reverse=item.reverse,
                **{f"text_{lang}": item.text.get(lang) or None for lang in CONTENT_LANGUAGES},
            )
            for i_order, item in enumerate(sub.items, start=1)
        )
    return scale


def built_ins_ensure(*, programme: Programme) -> list[Scale]:
    """The programme's copies of the built-in scales, made the first time they are needed."""
    existing = {s.key for s in Scale.objects.filter(programme=programme)}
    with transaction.atomic():
        for spec in built_in_scales():
            if spec.key not in existing:
                _create(programme, spec, built_in=True)
    return list(Scale.objects.filter(programme=programme))


def _error(row: int, column: str, why: str) -> str:
    return _("Row %(row)d, column “%(column)s”: %(why)s") % {
        "row": row,
        "column": column,
        "why": why,
    }


YES = {"yes", "y", "true", "1", "x", "kyllä", "ja"}
NO = {"", "no", "n", "false", "0", "ei", "nej"}
ANSWER_KINDS = {"1-5": ItemKind.LIKERT, "1–5": ItemKind.LIKERT, "0-10": ItemKind.SCALE}
REQUIRED_COLUMNS = ("scale", "scale_name_en", "rule", "answer", "subscale", "item_en")


def parse_instrument(content: bytes, *, source: str = "") -> ScaleDef:
    """The scale a supplied file describes (format in this module's docstring), or
    ValidationError with one message per fault, each naming its row and column."""
    try:
        table = read_table(content)
    except UnreadableFile as exc:
        raise ValidationError(str(exc)) from exc
    headers = [h.strip().lower() for h in table.headers]
    missing = [c for c in REQUIRED_COLUMNS if c not in headers]
    if missing:
        raise ValidationError(
            _("The first row must name the columns %(columns)s; missing: %(missing)s.")
            % {"columns": ", ".join(REQUIRED_COLUMNS), "missing": ", ".join(missing)}
        )
    errors: list[str] = []
    scale_values: dict[str, str] = {}
    sub_names: dict[str, dict[str, str]] = {}
    sub_items: dict[str, list[ItemDef]] = defaultdict(list)
    other_names: dict[str, str] = {}
    for number, cells in table.numbered():
        row = dict(zip(headers, cells, strict=False))
        if not any(cells):
            continue
        for lang in CONTENT_LANGUAGES:
            if lang != "en" and row.get(f"scale_name_{lang}", "").strip():
                other_names.setdefault(lang, row[f"scale_name_{lang}"].strip())
        for column in ("scale", "scale_name_en", "rule", "answer"):
            value = row.get(column, "").strip()
            if column == "scale":
                value = value.lower()
            if not value:
                if column not in scale_values:
                    errors.append(_error(number, column, _("the first row must fill this.")))
                continue
            if column in scale_values and value != scale_values[column]:
                errors.append(
                    _error(number, column, _("one file holds one scale; this differs from above."))
                )
            scale_values.setdefault(column, value)
        if (
            row.get("scale", "").strip()
            and slugify(row["scale"].strip()) != row["scale"].strip().lower()
        ):
            errors.append(_error(number, "scale", _("use only letters, digits and hyphens.")))
        rule = row.get("rule", "").strip().lower()
        if rule and rule not in ScoringRule.values:
            errors.append(_error(number, "rule", _("write “mean” or “sum”.")))
        answer = row.get("answer", "").strip()
        if answer and answer not in ANSWER_KINDS:
            errors.append(_error(number, "answer", _("write “1-5” or “0-10”.")))
        sub = row.get("subscale", "").strip().lower()
        if not sub:
            errors.append(_error(number, "subscale", _("every item needs a subscale key.")))
            continue
        if slugify(sub) != sub:
            errors.append(_error(number, "subscale", _("use only letters, digits and hyphens.")))
        if sub not in sub_names:
            names = {
                lang: row.get(f"subscale_name_{lang}", "").strip() for lang in CONTENT_LANGUAGES
            }
            if not names["en"]:
                errors.append(
                    _error(
                        number,
                        "subscale_name_en",
                        _("the first row of a subscale must name it in English."),
                    )
                )
            sub_names[sub] = names
        texts = {lang: row.get(f"item_{lang}", "").strip() for lang in CONTENT_LANGUAGES}
        if not texts["en"]:
            errors.append(_error(number, "item_en", _("write the statement in English.")))
        for lang, text in texts.items():
            if len(text) > 300:
                errors.append(_error(number, f"item_{lang}", _("at most 300 characters.")))
        reverse = row.get("reverse", "").strip().lower()
        if reverse not in YES | NO:
            errors.append(_error(number, "reverse", _("write “yes” or leave it empty.")))
        sub_items[sub].append(ItemDef(text=texts, reverse=reverse in YES))
    if not errors and sum(len(v) for v in sub_items.values()) < 2:
        errors.append(_("A scale needs at least two items."))
    if errors:
        raise ValidationError(errors)
    return ScaleDef(
        key=scale_values["scale"],
        name={"en": scale_values["scale_name_en"], **other_names},
        rule=scale_values["rule"].lower(),
        item_kind=ANSWER_KINDS[scale_values["answer"]],
        subscales=[
            SubscaleDef(key=key, name=sub_names[key], items=items)
            for key, items in sub_items.items()
        ],
        source=source,
    )


def scale_import(*, programme: Programme, by: User, content: bytes, filename: str = "") -> Scale:
    """Create a scale from a supplied file; ValidationError (row and column) and nothing
    created when the file is faulty or the programme already has a scale with its key."""
    require_coordinator(programme, by)
    spec = parse_instrument(content, source=filename[:200])
    with transaction.atomic():
        if Scale.objects.filter(programme=programme, key=spec.key).exists():
            raise ValidationError(
                _("Row 2, column “scale”: this programme already has a scale “%(key)s”.")
                % {"key": spec.key}
            )
        return _create(programme, spec, built_in=False)


# --- Using scales in surveys ------------------------------------------------------------


def scale_add_to_survey(*, survey: Survey, scale: Scale, by: User) -> list[Item]:
    """Append the scale's items to a draft survey (all three languages copied)."""
    require_coordinator(survey.programme, by)
    if scale.programme_id != survey.programme_id:
        raise ValidationError(_("This scale belongs to another programme."))
    with transaction.atomic():
        current = Survey.objects.select_for_update().get(pk=survey.pk)
        if current.state != SurveyState.DRAFT:
            raise ValidationError(
                _("Only a draft survey can get new questions: the answers depend on them.")
            )
        if Item.objects.filter(survey=survey, scale_item__subscale__scale=scale).exists():
            raise ValidationError(_("This survey already asks this scale."))
        last = survey.items.order_by("-order").values_list("order", flat=True).first() or 0
        items = [
            Item(
                survey=survey,
                order=last + index,
                kind=scale.item_kind,
                required=False,
                scale_item=scale_item,
                **{
                    f"text_{lang}": getattr(scale_item, f"text_{lang}")
                    for lang in CONTENT_LANGUAGES
                },
            )
            for index, scale_item in enumerate(
                ScaleItem.objects.filter(subscale__scale=scale).select_related("subscale"),
                start=1,
            )
        ]
        Item.objects.bulk_create(items)
    return items


def scales_in(survey: Survey) -> list[Scale]:
    return list(
        Scale.objects.filter(subscales__items__survey_items__survey=survey)
        .distinct()
        .order_by("pk")
    )


@dataclass(frozen=True)
class Scored:
    """Scores of one scale in one survey, per person (ids stay inside the surveys app)."""

    scale: Scale
    total: dict[int, float]  # person -> whole-scale score
    by_subscale: dict[str, dict[int, float]]  # subscale key -> person -> score
    alpha: Reliability | None  # over the whole scale's items, reverse-scored
    subscale_alpha: dict[str, Reliability | None]


def score_survey(survey: Survey, scale: Scale) -> Scored:
    """Each sender's scale and subscale scores (reverse items counted as low + high -
    answer, then the scale's rule), and Cronbach's alpha of the scale and each subscale
    with more than one item."""
    low, high = scale.bounds
    scale_items = list(ScaleItem.objects.filter(subscale__scale=scale).select_related("subscale"))
    answers: dict[int, dict[int, int]] = defaultdict(dict)
    for person, scale_item, number in Answer.objects.filter(
        response__survey=survey,
        response__submitted_at__isnull=False,
        item__scale_item__subscale__scale=scale,
        number__isnull=False,
    ).values_list("response__invitation__user_id", "item__scale_item_id", "number"):
        if scale_item is not None and number is not None:
            answers[person][scale_item] = number

    def scored(si: ScaleItem, person: int) -> float | None:
        value = answers[person].get(si.pk)
        if value is None:
            return None
        return float(low + high - value if si.reverse else value)

    def scored_rows(items: list[ScaleItem]) -> list[list[float | None]]:
        return [[scored(si, p) for si in items] for p in sorted(answers)]

    def scores(items: list[ScaleItem]) -> dict[int, float]:
        result = {}
        for person in sorted(answers):
            value = scale_score(
                [answers[person].get(si.pk) for si in items],
                [si.reverse for si in items],
                low,
                high,
                scale.rule,
            )
            if value is not None:
                result[person] = value
        return result

    subs: dict[str, list[ScaleItem]] = defaultdict(list)
    for si in scale_items:
        subs[si.subscale.key].append(si)
    return Scored(
        scale=scale,
        total=scores(scale_items),
        by_subscale={key: scores(items) for key, items in subs.items()},
        alpha=cronbach_alpha(scored_rows(scale_items)),
        subscale_alpha={key: cronbach_alpha(scored_rows(items)) for key, items in subs.items()},
    )


def scales_copy(*, source: Programme, target: Programme) -> dict[int, ScaleItem]:
    """Copy the source programme's scales (every language) to the target; returns the new
    ScaleItem for each old one's id, so copied survey questions keep their scale."""
    mapping: dict[int, ScaleItem] = {}
    for scale in Scale.objects.filter(programme=source).prefetch_related("subscales__items"):
        if Scale.objects.filter(programme=target, key=scale.key).exists():
            continue
        new_scale = Scale.objects.create(
            programme=target,
            key=scale.key,
            rule=scale.rule,
            item_kind=scale.item_kind,
            source=scale.source,
            built_in=scale.built_in,
            **{f"name_{lang}": getattr(scale, f"name_{lang}") for lang in CONTENT_LANGUAGES},
        )
        for sub in scale.subscales.all():
            new_sub = Subscale.objects.create(
                scale=new_scale,
                key=sub.key,
                order=sub.order,
                **{f"name_{lang}": getattr(sub, f"name_{lang}") for lang in CONTENT_LANGUAGES},
            )
            for item in sub.items.all():
                mapping[item.pk] = ScaleItem.objects.create(
                    subscale=new_sub,
                    order=item.order,
                    reverse=item.reverse,
                    **{f"text_{lang}": getattr(item, f"text_{lang}") for lang in CONTENT_LANGUAGES},
                )
    return mapping
