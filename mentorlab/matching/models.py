from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mentorlab.programmes.models import Programme


class Mode(models.TextChoices):
    BEST = "best", _("Best total fit")
    FAIREST = "fairest", _("Protect the worst-off pair first")
    RANKINGS = "rankings", _("Respect students' rankings first")


class Exclusion(models.Model):
    """A pair the coordinator never wants matched ("never these two")."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="exclusions")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    note = models.CharField(_("why"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("exclusion")
        verbose_name_plural = _("exclusions")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "actor", "mentor"], name="exclusion_unique_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.actor} ✕ {self.mentor}"


class Lock(models.Model):
    """A pair the coordinator always keeps in the next runs."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="locks")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("locked pair")
        verbose_name_plural = _("locked pairs")
        constraints = [
            models.UniqueConstraint(fields=["programme", "actor"], name="lock_one_per_actor")
        ]

    def __str__(self) -> str:
        return f"{self.actor} → {self.mentor}"


class Preference(models.Model):
    """An actor's ranked wish for a mentor (1 = first choice)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="preferences")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(
        _("rank"), validators=[MinValueValidator(1), MaxValueValidator(3)]
    )

    class Meta:
        ordering = ("rank",)
        verbose_name = _("ranked choice")
        verbose_name_plural = _("ranked choices")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "actor", "rank"], name="preference_one_per_rank"
            ),
            models.UniqueConstraint(
                fields=["programme", "actor", "mentor"], name="preference_mentor_once"
            ),
            models.CheckConstraint(
                condition=Q(rank__gte=1) & Q(rank__lte=3), name="preference_rank_1_to_3"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.actor} #{self.rank}: {self.mentor}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Proposal ready")
    FAILED = "failed", _("Failed")
    PUBLISHING = "publishing", _("Publishing")
    PUBLISHED = "published", _("Published")


class MatchRun(models.Model):
    """One run of the matcher: who ran it, when, with which weights, and what came out.
    Runs are kept so that a past decision can be explained later."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="match_runs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.BEST)
    weights = models.JSONField(_("weights"), default=dict)
    shortlist_size = models.PositiveSmallIntegerField(_("shortlist size"), default=10)
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    stats = models.JSONField(default=dict, blank=True)
    unmatched = models.JSONField(default=list, blank=True)
    mentor_remaining = models.JSONField(default=dict, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")

    def __str__(self) -> str:
        return f"{self.programme} run {self.pk}"

    @property
    def is_pending(self) -> bool:
        return self.status == RunStatus.DONE

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED, RunStatus.PUBLISHED)


def main_reason(breakdown: dict[str, int]) -> str:
    """The criterion that gave a pair the most points ("" when none gave any): the key the
    proposal page sorts and filters pairs by, stored in its own indexed column."""
    best = max(breakdown.items(), key=lambda kv: (kv[1], kv[0]), default=("", 0))
    return best[0] if best[1] > 0 else ""


class ProposedPair(models.Model):
    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="pairs")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    score = models.IntegerField()
    breakdown = models.JSONField(default=dict)
    reason = models.CharField(
        _("main reason"),
        max_length=20,
        blank=True,
        default="",
    )
    locked = models.BooleanField(default=False)
    edited = models.BooleanField(
        default=False, help_text=_("Changed by hand after the run (a swap).")
    )

    class Meta:
        ordering = ("mentor__full_name", "actor__full_name")
        constraints = [
            models.UniqueConstraint(fields=["run", "actor"], name="proposed_pair_actor_once")
        ]
        indexes = [
            models.Index(fields=["run", "score"], name="proposed_pair_run_score"),
            models.Index(fields=["run", "reason", "score"], name="proposed_pair_run_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.actor} → {self.mentor} ({self.score})"
