"""Plain-language, translatable explanations of the engine's output."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentorlab.programmes.choices import INDUSTRIES, LANGUAGES, label_for

CRITERION_LABELS = {
    "topics": gettext_lazy("topics"),
    "industry": gettext_lazy("industry"),
    "text": gettext_lazy("goals vs offer"),
    "location": gettext_lazy("location"),
    "preference": gettext_lazy("student's ranking"),
    "diversity": gettext_lazy("different field"),
}


def breakdown_rows(breakdown: dict[str, int]) -> list[tuple[str, int]]:
    return [
        (str(CRITERION_LABELS.get(name, name)), points)
        for name, points in sorted(breakdown.items(), key=lambda kv: -kv[1])
        if points
    ]


def unmatched_reason(row: dict[str, Any]) -> str:
    code, details = row.get("code", ""), row.get("details") or {}
    languages = ", ".join(label_for(LANGUAGES, c) for c in details.get("languages", [])) or "–"
    level = _("doctoral") if details.get("level") == "doctoral" else _("master's")
    # "compatible" is the engine's true total; "mentors" lists at most 20 of them.
    count = details.get("compatible") or len(details.get("mentors", []))
    messages = {
        "no_shared_language": _("No mentor shares a language with this student (%(languages)s).")
        % {"languages": languages},
        "no_level_language": _(
            "No mentor who takes %(level)s students shares a language with them (%(languages)s)."
        )
        % {"level": level, "languages": languages},
        "conflict_of_interest": _(
            "Every mentor who would fit works at %(employer)s, which the student asked to avoid."
        )
        % {"employer": details.get("employer", "")},
        "excluded": _("Every compatible mentor (%(count)d) is excluded by a coordinator.")
        % {"count": count},
        "no_capacity": _("No compatible mentor has any places to offer."),
        "at_capacity": _("Every compatible mentor (%(count)d) is already full.") % {"count": count},
        "outside_shortlist": _(
            "Mentors with free places exist but were not on the shortlist; run again with a longer shortlist."
        ),
        "rejected": _("A coordinator rejected the proposed pair."),
    }
    return str(messages.get(code, row.get("reason", "")))


def suggestion_reasons(actor: Any, mentor_application: Any, breakdown: dict[str, int]) -> list[str]:
    """Why a mentor is suggested to a student, in the student's language."""
    reasons = []
    shared = sorted(
        {t.name for t in actor.topics.all()} & {t.name for t in mentor_application.topics.all()}
    )
    if shared:
        reasons.append(_("Knows about: %(topics)s") % {"topics": ", ".join(shared)})
    if mentor_application.industry in actor.industries:
        reasons.append(
            _("Works in %(industry)s, an industry you chose")
            % {"industry": label_for(INDUSTRIES, mentor_application.industry)}
        )
    if breakdown.get("text", 0) > 0:
        reasons.append(_("What they offer echoes your goals"))
    if actor.city and actor.city.strip().casefold() == mentor_application.city.strip().casefold():
        reasons.append(_("Also in %(city)s") % {"city": mentor_application.city})
    elif actor.remote_ok and mentor_application.remote_ok:
        reasons.append(_("You are both happy to meet online"))
    return reasons
