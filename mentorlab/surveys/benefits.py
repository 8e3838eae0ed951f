"""Built-in survey content: the promised benefits as agreement statements, and the other
items each kind of survey starts with. Coordinators reword them per programme."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import Audience, ItemKind, SurveyKind


@dataclass(frozen=True)
class ItemSpec:
    kind: str
    text: str | Promise
    required: bool = False
    choices: tuple[str | Promise, ...] = ()
    help_text: str | Promise = ""
    help_answer: str | Promise = ""
    benefit: str = field(default="")


# What the programme promises, phrased so that the same statement can be rated before the
# programme starts and again at its end.
BUILT_IN_BENEFITS: dict[str, list[tuple[str, str | Promise]]] = {
    Audience.ACTORS: [
        ("professional-identity", _("I have a clear sense of who I am as a professional.")),
        ("strengths", _("I can name my strengths and the things I still want to develop.")),
        ("interests", _("I know which kinds of work genuinely interest me.")),
        ("courage", _("I dare to try things I have not done before.")),
        ("confidence", _("I feel confident and hopeful about my working future.")),
        ("career-thinking", _("My thinking about my career is clear to me.")),
        ("career-options", _("I know many different paths my degree can lead to.")),
        ("perspective", _("I can look at my career choices from more than one angle.")),
        ("test-assumptions", _("I have had chances to test my views about working life.")),
        ("advice", _("I know where to get good advice on career questions.")),
        ("network", _("I have professional contacts I could turn to.")),
    ],
    Audience.MENTORS: [
        ("challenged-ideas", _("Conversations with students challenge my ideas about careers.")),
        ("own-values", _("I take time to reflect on my own values and opinions.")),
        ("mental-exercise", _("I get stimulating mental exercise outside my daily work.")),
        ("meaningful-volunteering", _("I do volunteer work that feels meaningful.")),
        ("sharing-experience", _("I have a channel to pass on what experience has taught me.")),
        ("success-supporting", _("I experience success from helping someone else move on.")),
        ("new-perspectives", _("I regularly meet perspectives different from my own.")),
        (
            "leadership-skills",
            _("I practise listening, empathy and supporting others' success."),
        ),
        ("university-ties", _("I feel connected to the university and its students.")),
        ("new-energy", _("I find new energy in my life and work.")),
    ],
}

NEEDS_HELP = _("Yes, please contact me")

EXTRA_ITEMS: dict[str, list[ItemSpec]] = {
    SurveyKind.BASELINE: [
        ItemSpec(ItemKind.TEXT, _("What do you most hope to gain from the programme?")),
    ],
    SurveyKind.HALFWAY: [
        ItemSpec(
            ItemKind.LIKERT, _("Our mentoring relationship works well for me."), required=True
        ),
        ItemSpec(
            ItemKind.LIKERT,
            _("We are making progress towards the goals we set together."),
            required=True,
        ),
        ItemSpec(
            ItemKind.SCALE,
            _("How useful have the meetings been so far? (0 = not at all, 10 = extremely)"),
        ),
        ItemSpec(
            ItemKind.SINGLE,
            _("Would you like a coordinator to contact you about your mentorship?"),
            required=True,
            choices=(_("No, things are going fine"), NEEDS_HELP),
            help_answer=NEEDS_HELP,
            help_text=_("Choose this if something is not working and you would like support."),
        ),
        ItemSpec(ItemKind.TEXT, _("Anything else you would like the coordinators to know?")),
    ],
    SurveyKind.FINAL: [
        ItemSpec(
            ItemKind.SCALE,
            _("Overall, how valuable was the programme for you? (0 = not at all, 10 = very)"),
            required=True,
        ),
        ItemSpec(ItemKind.TEXT, _("What was the most valuable part of the programme?")),
        ItemSpec(ItemKind.TEXT, _("What should we change for the next cycle?")),
    ],
    SurveyKind.PULSE: [
        ItemSpec(ItemKind.LIKERT, _("Our latest meeting was useful to me."), required=True),
        ItemSpec(ItemKind.TEXT, _("One thing you take away from the meeting (optional).")),
    ],
}

# Benefit statements come first in the surveys that measure change.
KINDS_WITH_BENEFITS = (SurveyKind.BASELINE, SurveyKind.FINAL)
