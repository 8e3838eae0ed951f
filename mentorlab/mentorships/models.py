from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mentorlab.programmes.models import Programme


class MentorshipState(models.TextChoices):
    INTRODUCED = "introduced", _("Introduced")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    ENDED_EARLY = "ended_early", _("Ended early")


LIVE_STATES = (MentorshipState.INTRODUCED, MentorshipState.ACTIVE)


class Mentorship(models.Model):
    """A mentor with one actor, or with a small group of 2–3 actors (doctoral track)."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="mentorships", verbose_name=_("programme")
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mentorships_as_mentor",
        verbose_name=_("mentor"),
    )
    actors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="MentorshipActor",
        related_name="mentorships_as_actor",
        verbose_name=_("actors"),
    )
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=MentorshipState.choices,
        default=MentorshipState.INTRODUCED,
    )
    introduced_at = models.DateTimeField(_("introduced"), auto_now_add=True)
    agreed_at = models.DateTimeField(_("agreement confirmed"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    end_reason = models.TextField(_("reason for ending early"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("-introduced_at",)
        verbose_name = _("mentorship")
        verbose_name_plural = _("mentorships")

    def __str__(self) -> str:
        names = ", ".join(str(a) for a in self.actors.all())
        return f"{self.mentor} – {names}"

    @property
    def is_live(self) -> bool:
        return self.state in LIVE_STATES

    @property
    def is_group(self) -> bool:
        return self.members.count() > 1

    def is_actor(self, user: Any) -> bool:
        return any(m.actor_id == getattr(user, "pk", None) for m in self.members.all())

    def is_mentor(self, user: Any) -> bool:
        return self.mentor_id == getattr(user, "pk", None)

    def is_participant(self, user: Any) -> bool:
        return self.is_mentor(user) or self.is_actor(user)


class MentorshipActor(models.Model):
    """One actor in a mentorship. `programme` is copied here so that the database itself
    guarantees an actor has at most one live mentorship per programme."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="members")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentorship_memberships"
    )
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    live = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("mentorship member")
        verbose_name_plural = _("mentorship members")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "actor"],
                condition=Q(live=True),
                name="one_live_mentorship_per_actor",
            ),
            models.UniqueConstraint(
                fields=["mentorship", "actor"], name="actor_once_per_mentorship"
            ),
        ]

    def __str__(self) -> str:
        return str(self.actor)
