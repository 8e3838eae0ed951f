"""The actor's career-design toolkit. Everything here belongs to one person (`owner`), is
private by default and can be shared, item by item, with that person's mentor(s).

The toolkit is per person, not per programme: self-knowledge carries over from one cycle
to the next, and the mentor of any of the owner's mentorships may read what is shared."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

ENGAGEMENT_MIN, ENGAGEMENT_MAX = 1, 10
ENERGY_MIN, ENERGY_MAX = -5, 5
GAUGE_MIN, GAUGE_MAX = 0, 10
MAX_ODYSSEY_PLANS = 3


def _field_label(instance: models.Model, name: str) -> str:
    field = instance._meta.get_field(name)
    assert isinstance(field, models.Field)
    return str(field.verbose_name)


class ToolkitItem(models.Model):
    """Common parts of every shareable item."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("owner"),
    )
    shared = models.BooleanField(
        _("share with my mentor"),
        default=False,
        help_text=_("Your mentor can read it and comment. Nobody else sees it."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    kind: str = ""

    class Meta:
        abstract = True

    @property
    def display_title(self) -> str:
        return str(self)


# --- Good Time Journal ------------------------------------------------------------------
class JournalEntry(ToolkitItem):
    kind = "entry"

    day = models.DateField(_("day"), default=dt.date.today)
    activity = models.CharField(_("activity"), max_length=160)
    engagement = models.PositiveSmallIntegerField(
        _("engagement (1–10)"),
        validators=[
            MinValueValidator(
                ENGAGEMENT_MIN, _("Engagement goes from 1 (not at all) to 10 (fully absorbed).")
            ),
            MaxValueValidator(
                ENGAGEMENT_MAX, _("Engagement goes from 1 (not at all) to 10 (fully absorbed).")
            ),
        ],
        help_text=_("1 = my mind was elsewhere, 10 = completely absorbed."),
    )
    energy = models.SmallIntegerField(
        _("energy (−5…+5)"),
        validators=[
            MinValueValidator(ENERGY_MIN, _("Energy goes from −5 (drained) to +5 (energised).")),
            MaxValueValidator(ENERGY_MAX, _("Energy goes from −5 (drained) to +5 (energised).")),
        ],
        help_text=_("−5 = it drained me, 0 = neutral, +5 = it gave me energy."),
    )
    flow = models.BooleanField(_("I was in flow (lost track of time)"), default=False)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    tag_activities = models.CharField(
        _("activities"),
        max_length=200,
        blank=True,
        help_text=_("What exactly were you doing? Comma-separated, e.g. sketching, explaining."),
    )
    tag_environment = models.CharField(
        _("environment"), max_length=200, blank=True, help_text=_("Where were you?")
    )
    tag_interactions = models.CharField(
        _("interactions"), max_length=200, blank=True, help_text=_("With people or with things?")
    )
    tag_objects = models.CharField(
        _("objects"), max_length=200, blank=True, help_text=_("Tools or devices you used.")
    )
    tag_users = models.CharField(
        _("users"), max_length=200, blank=True, help_text=_("Who else was there?")
    )

    TAG_FIELDS = (
        "tag_activities",
        "tag_environment",
        "tag_interactions",
        "tag_objects",
        "tag_users",
    )

    class Meta:
        ordering = ("-day", "-created_at")
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        constraints = [
            models.CheckConstraint(
                condition=Q(engagement__gte=ENGAGEMENT_MIN) & Q(engagement__lte=ENGAGEMENT_MAX),
                name="journal_engagement_range",
            ),
            models.CheckConstraint(
                condition=Q(energy__gte=ENERGY_MIN) & Q(energy__lte=ENERGY_MAX),
                name="journal_energy_range",
            ),
        ]

    def __str__(self) -> str:
        # Shown to people as the item's title: the reader's date format, not ISO.
        return f"{date_format(self.day)} {self.activity}"

    def tags(self) -> list[tuple[str, list[str]]]:
        """(label, tags) for each AEIOU category that has tags."""
        result = []
        for name in self.TAG_FIELDS:
            values = [t.strip() for t in getattr(self, name).split(",") if t.strip()]
            if values:
                result.append((_field_label(self, name), values))
        return result


class WeeklyReflection(ToolkitItem):
    kind = "reflection"

    week = models.DateField(_("week starting"))
    text = models.TextField(_("reflection"), max_length=4000)

    class Meta:
        ordering = ("-week",)
        verbose_name = _("weekly reflection")
        verbose_name_plural = _("weekly reflections")
        constraints = [
            models.UniqueConstraint(fields=["owner", "week"], name="one_reflection_per_week"),
        ]

    def __str__(self) -> str:
        return str(_("Reflection, week of %(week)s") % {"week": date_format(self.week)})


# --- Meaningful moments -----------------------------------------------------------------
class Theme(models.Model):
    """A label the owner uses to group moments; shown wherever a shared moment is shown."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("theme"), max_length=80)
    description = models.TextField(
        _("what the moments have in common"), blank=True, max_length=1000
    )

    class Meta:
        ordering = ("name",)
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="theme_name_unique_per_owner")
        ]

    def __str__(self) -> str:
        return self.name


class Moment(ToolkitItem):
    kind = "moment"

    title = models.CharField(_("moment"), max_length=160)
    description = models.TextField(
        _("what happened and why it mattered"), blank=True, max_length=3000
    )
    when = models.CharField(_("when"), max_length=60, blank=True, help_text=_("e.g. summer 2024"))
    theme = models.ForeignKey(
        Theme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moments",
        verbose_name=_("theme"),
    )

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("meaningful moment")
        verbose_name_plural = _("meaningful moments")

    def __str__(self) -> str:
        return self.title


# --- Values, strengths and the compass -------------------------------------------------
class ValuesProfile(ToolkitItem):
    """One per owner: the workview and lifeview, and the sharing switch for the owner's
    values and strengths, which are read together as one item."""

    kind = "values"

    workview = models.TextField(
        _("workview"),
        blank=True,
        max_length=2000,
        help_text=_("Why do you work? What is work for, and what makes it good?"),
    )
    lifeview = models.TextField(
        _("lifeview"),
        blank=True,
        max_length=2000,
        help_text=_("What is life for? How do you and other people fit in?"),
    )

    class Meta:
        verbose_name = _("values and strengths")
        verbose_name_plural = _("values and strengths")
        constraints = [models.UniqueConstraint(fields=["owner"], name="one_values_profile")]

    def __str__(self) -> str:
        return str(_("Values, strengths and compass"))


class Value(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("value"), max_length=80)
    rank = models.PositiveSmallIntegerField(
        _("rank"),
        validators=[MinValueValidator(1, _("Rank from 1 (most important) upwards."))],
    )
    note = models.CharField(_("what it means to me"), max_length=300, blank=True)

    class Meta:
        ordering = ("rank", "name")
        verbose_name = _("value")
        verbose_name_plural = _("values")
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="value_unique_per_owner"),
            models.CheckConstraint(condition=Q(rank__gte=1), name="value_rank_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class StrengthKind(models.TextChoices):
    STRENGTH = "strength", _("Strength")
    DEVELOP = "develop", _("Something to develop")


class Strength(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(
        _("kind"), max_length=10, choices=StrengthKind.choices, default=StrengthKind.STRENGTH
    )
    name = models.CharField(_("name"), max_length=120)
    evidence = models.TextField(
        _("evidence or plan"),
        blank=True,
        max_length=2000,
        help_text=_("For a strength: when did it show? For something to develop: how?"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("kind", "created_at")
        verbose_name = _("strength")
        verbose_name_plural = _("strengths")

    def __str__(self) -> str:
        return self.name


# --- Odyssey plans ----------------------------------------------------------------------
class PlanKind(models.TextChoices):
    CURRENT = "current", _("The path I am on")
    VANISHED = "vanished", _("If that path vanished")
    WILDCARD = "wildcard", _("If money and image did not matter")


GAUGE_MESSAGE = _("A gauge is a whole number from 0 (empty) to 10 (full).")


def _gauge_validators() -> list[MinValueValidator | MaxValueValidator]:
    return [
        MinValueValidator(GAUGE_MIN, GAUGE_MESSAGE),
        MaxValueValidator(GAUGE_MAX, GAUGE_MESSAGE),
    ]


def plan_title_clean(title: str) -> str:
    """The exercise's rule for a plan's title: six words at most."""
    title = title.strip()
    if len(title.split()) > 6:
        raise ValidationError(
            _("Six words at most: this title has %(n)d.") % {"n": len(title.split())}
        )
    return title


def plan_questions_clean(text: str) -> str:
    """Three questions at most, one per line; blank lines and stray spaces are dropped."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > 3:
        raise ValidationError(
            _("Keep it to three questions at most (one per line); there are %(n)d.")
            % {"n": len(lines)}
        )
    return "\n".join(lines)


class OdysseyPlan(ToolkitItem):
    """At most three per owner, one per kind: the database holds the line."""

    kind = "plan"

    plan_kind = models.CharField(_("which plan"), max_length=10, choices=PlanKind.choices)
    title = models.CharField(
        _("six-word title"),
        max_length=80,
        help_text=_("Six words at most, e.g. 'Engineer by day, founder by night'."),
    )
    year1 = models.TextField(_("year 1"), blank=True, max_length=600)
    year2 = models.TextField(_("year 2"), blank=True, max_length=600)
    year3 = models.TextField(_("year 3"), blank=True, max_length=600)
    year4 = models.TextField(_("year 4"), blank=True, max_length=600)
    year5 = models.TextField(_("year 5"), blank=True, max_length=600)
    questions = models.TextField(
        _("questions this plan raises"),
        max_length=1000,
        help_text=_("Two or three questions, one per line."),
    )
    resources = models.PositiveSmallIntegerField(
        _("resources (0–10)"),
        default=5,
        validators=_gauge_validators(),
        help_text=_("Do I have the time, money, skills and contacts?"),
    )
    likability = models.PositiveSmallIntegerField(
        _("likability (0–10)"),
        default=5,
        validators=_gauge_validators(),
        help_text=_("How much do I like this plan?"),
    )
    confidence = models.PositiveSmallIntegerField(
        _("confidence (0–10)"),
        default=5,
        validators=_gauge_validators(),
        help_text=_("How sure am I that I could make it work?"),
    )
    coherence = models.PositiveSmallIntegerField(
        _("coherence (0–10)"),
        default=5,
        validators=_gauge_validators(),
        help_text=_("Does it fit my values, workview and lifeview?"),
    )

    GAUGES = ("resources", "likability", "confidence", "coherence")
    YEARS = ("year1", "year2", "year3", "year4", "year5")

    class Meta:
        ordering = ("created_at",)
        verbose_name = _("odyssey plan")
        verbose_name_plural = _("odyssey plans")
        constraints = [
            models.UniqueConstraint(fields=["owner", "plan_kind"], name="one_plan_per_kind"),
            models.CheckConstraint(
                condition=Q(resources__lte=GAUGE_MAX)
                & Q(likability__lte=GAUGE_MAX)
                & Q(confidence__lte=GAUGE_MAX)
                & Q(coherence__lte=GAUGE_MAX),
                name="plan_gauges_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def question_list(self) -> list[str]:
        return [q.strip() for q in self.questions.splitlines() if q.strip()]

    def gauge_list(self) -> list[tuple[str, int]]:
        return [(_field_label(self, g), getattr(self, g)) for g in self.GAUGES]

    def timeline(self) -> list[tuple[int, str]]:
        return [(i + 1, getattr(self, y)) for i, y in enumerate(self.YEARS)]


# --- Prototypes -------------------------------------------------------------------------
class PrototypeKind(models.TextChoices):
    CONVERSATION = "conversation", _("Prototype conversation")
    EXPERIENCE = "experience", _("Prototype experience")
    OTHER = "other", _("Other experiment")


class PrototypeStatus(models.TextChoices):
    IDEA = "idea", _("Idea")
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")


class Prototype(ToolkitItem):
    kind = "prototype"

    prototype_kind = models.CharField(
        _("type"), max_length=12, choices=PrototypeKind.choices, default=PrototypeKind.CONVERSATION
    )
    question = models.CharField(
        _("question it answers"),
        max_length=200,
        help_text=_("e.g. What does a normal week look like for a product manager?"),
    )
    plan = models.ForeignKey(
        OdysseyPlan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="prototypes",
        verbose_name=_("odyssey plan it tests"),
    )
    what = models.TextField(_("what I will do"), blank=True, max_length=2000)
    who_where = models.CharField(_("who or where"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=PrototypeStatus.choices, default=PrototypeStatus.IDEA
    )
    learned = models.TextField(_("what I learned"), blank=True, max_length=3000)
    mentor_can_help = models.BooleanField(
        _("my mentor could help (e.g. an introduction to someone)"), default=False
    )

    class Meta:
        ordering = ("status", "-created_at")
        verbose_name = _("prototype")
        verbose_name_plural = _("prototypes")

    def __str__(self) -> str:
        return self.question


# --- Career story -----------------------------------------------------------------------
class CareerStory(ToolkitItem):
    """One per owner; its text lives in versions, so nothing the actor saved is ever lost."""

    kind = "story"

    class Meta:
        verbose_name = _("career story")
        verbose_name_plural = _("career stories")
        constraints = [models.UniqueConstraint(fields=["owner"], name="one_story_per_owner")]

    def __str__(self) -> str:
        return str(_("My career story"))

    @property
    def latest(self) -> StoryVersion | None:
        return self.versions.order_by("-number").first()


class StoryVersion(models.Model):
    story = models.ForeignKey(CareerStory, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("story"), max_length=20000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-number",)
        verbose_name = _("story version")
        verbose_name_plural = _("story versions")
        constraints = [
            models.UniqueConstraint(fields=["story", "number"], name="story_version_unique")
        ]

    def __str__(self) -> str:
        return f"v{self.number}"


# --- Comments on shared items -----------------------------------------------------------
class Comment(models.Model):
    """A comment on one toolkit item, by its owner or by a mentor who may see it."""

    item_kind = models.CharField(max_length=12)
    item_id = models.PositiveIntegerField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("comment"), max_length=3000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("created_at",)
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [models.Index(fields=["item_kind", "item_id"], name="comment_item_idx")]

    def __str__(self) -> str:
        return self.body[:40]
