"""CSV and Excel exports of a survey. An anonymous survey's export has no column that
points at a person (no name, e-mail, track or time), and its rows are not people: each
question's answers are sorted on their own, so a row does not hold one person's answers.
(Someone who asked for help is named to the coordinators; a row with their "please
contact me" answer would otherwise show everything else they answered.)"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from .models import Answer, Invitation, Response, Survey
from .report import BenefitReport

# Rows hold the raw values; mentorlab.core.spreadsheets keeps typed text from running as a
# formula when it writes them.
Row = list[Any]


def _sort_key(value: Any) -> tuple[bool, bool, Any]:
    """Blank answers last; numbers by value, texts alphabetically."""
    number = isinstance(value, int | float)
    return (value == "", not number, value if number else str(value).casefold())


def _answer_cell(answer: Answer | None) -> Any:
    if answer is None:
        return ""
    if answer.number is not None:
        return answer.number
    if answer.selected:
        return "; ".join(answer.selected)
    return answer.text


def response_rows(survey: Survey) -> list[Row]:
    items = list(survey.items.all())
    responses = Response.objects.filter(survey=survey).prefetch_related("answers")
    if survey.anonymous:
        responses = responses.filter(submitted_at__isnull=False)
    else:
        responses = responses.select_related("invitation__user")
    body: list[tuple[Response, Row]] = []
    for response in responses:
        by_item = {a.item_id: a for a in response.answers.all()}
        body.append((response, [_answer_cell(by_item.get(i.pk)) for i in items]))
    questions = [i.text for i in items]
    if survey.anonymous:
        # The export then depends only on each question's answers, like the report.
        columns = [
            sorted((cells[c] for _r, cells in body), key=_sort_key) for c in range(len(items))
        ]
        header: Row = [_("Row"), *questions]
        return [header] + [
            [n, *(column[n - 1] for column in columns)] for n in range(1, len(body) + 1)
        ]
    header = [_("Name"), _("E-mail"), _("Track"), _("Status"), _("Sent"), *questions]
    rows: list[Row] = [header]
    body.sort(key=lambda pair: pair[0].invitation.user.full_name.casefold())
    for response, cells in body:
        invitation: Invitation = response.invitation
        rows.append(
            [
                invitation.user.full_name,
                invitation.user.email,
                invitation.track,
                _("sent") if response.is_submitted else _("draft"),
                response.submitted_at.isoformat() if response.submitted_at else "",
                *cells,
            ]
        )
    return rows


def benefit_rows(report: BenefitReport) -> list[Row]:
    header: Row = [
        _("Benefit"),
        _("Statement"),
        _("Group"),
        _("Pairs"),
        _("Mean baseline"),
        _("Mean final"),
        _("Mean change"),
        _("Share improved"),
        _("95% CI low"),
        _("95% CI high"),
        _("Paired t"),
        _("p (t-test)"),
        _("Wilcoxon W"),
        _("p (Wilcoxon)"),
        _("Effect size d_z"),
        _("d_z 95% CI low"),
        _("d_z 95% CI high"),
    ]
    rows: list[Row] = [header]
    groups = [(_("All"), report.rows)] + [(g.label, g.rows) for g in report.groups]
    for group, group_rows in groups:
        for row in group_rows:
            c, e = row.change, row.effect
            effect: Row = [e.d_z, e.ci_low, e.ci_high] if e is not None else ["", "", ""]
            if c is None:
                rows.append([row.key, row.text, group, row.n, *[""] * 10, *effect])
                continue
            rows.append(
                [
                    row.key,
                    row.text,
                    group,
                    c.n,
                    c.mean_baseline,
                    c.mean_final,
                    c.mean_change,
                    c.share_improved,
                    c.ci_low,
                    c.ci_high,
                    c.t_statistic,
                    c.t_pvalue,
                    c.wilcoxon_statistic,
                    c.wilcoxon_pvalue,
                    *effect,
                ]
            )
    # Scored scales and subscales: the same change figures where they apply.
    for scale in report.scales:
        for m in scale.measures:
            figures = [m.mean_baseline, m.mean_final, m.mean_change] if m.reported else ["", "", ""]
            dz = [m.d_z, m.d_z_low, m.d_z_high] if m.d_z is not None else ["", "", ""]
            rows.append([m.key, m.label, _("All"), m.pairs, *figures, *[""] * 7, *dz])
    return rows
