"""The audit trail: who did what, when, to which object, in which programme.

The app sits just above `core`, below `accounts`: every app that changes or reveals people's
data writes here from its services, accounts included (erasure, staff status). So it imports
no app. The programme and the target are plain columns, not foreign keys, and the actor's
name and e-mail are copied: an entry must outlive the programme, the object and the
account it talks about, and it must read the same after an erasure.

Entries are written once and never changed: the model refuses an update or a delete (the
admin is read-only too). A database administrator can still do either; the audit trail
answers "who changed what through Mentorlab", not "who had database access"."""

from __future__ import annotations

from typing import Any, ClassVar, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    APPLICATION_DECIDED = "application_decided", _("Application decided")
    MATCH_RUN_STARTED = "match_run_started", _("Matching run started")
    PROPOSAL_SWAPPED = "proposal_swapped", _("Pair changed in a proposal")
    PAIR_LOCKED = "pair_locked", _("Pair locked")
    PROPOSAL_REJECTED = "proposal_rejected", _("Pair rejected from a proposal")
    MATCH_PUBLISHED = "match_published", _("Matching published")
    MENTORSHIP_PAIRED = "mentorship_paired", _("Mentorship paired by hand")
    MENTORSHIP_ENDED = "mentorship_ended", _("Mentorship ended early")
    MENTORSHIP_COMPLETED = "mentorship_completed", _("Mentorship completed")
    APPLICANTS_IMPORTED = "applicants_imported", _("Applicants imported")
    DATA_EXPORTED = "data_exported", _("Personal data exported")
    ANNOUNCEMENT_SENT = "announcement_sent", _("Announcement sent")
    PAIR_NUDGED = "pair_nudged", _("Pair nudged")
    PROGRAMME_CREATED = "programme_created", _("Programme created")
    PROGRAMME_COPIED = "programme_copied", _("Programme copied from an earlier one")
    COORDINATOR_ADDED = "coordinator_added", _("Coordinator added")
    COORDINATOR_REMOVED = "coordinator_removed", _("Coordinator removed")
    STAFF_GRANTED = "staff_granted", _("Staff status granted")
    STAFF_REVOKED = "staff_revoked", _("Staff status removed")
    ACCOUNT_ERASED = "account_erased", _("Account erased on request")
    RETENTION_ANONYMISED = "retention_anonymised", _("Participant anonymised (retention)")
    RETENTION_RUN = "retention_run", _("Retention applied")


class ReadOnlyQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise PermissionError("Audit entries cannot be changed.")

    def delete(self) -> NoReturn:
        raise PermissionError("Audit entries cannot be deleted.")


class AuditEntry(models.Model):
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_name = models.CharField(_("name"), max_length=150, blank=True)
    actor_email = models.CharField(_("e-mail address"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=40, choices=Action.choices, db_index=True)
    programme_id = models.PositiveIntegerField(_("programme"), null=True, blank=True, db_index=True)
    programme_name = models.CharField(_("programme name"), max_length=120, blank=True)
    target_type = models.CharField(_("object type"), max_length=100, blank=True)
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    target_repr = models.CharField(_("object"), max_length=200, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    objects: ClassVar[models.Manager[AuditEntry]] = ReadOnlyQuerySet.as_manager()

    class Meta:
        ordering = ("-at", "-pk")
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["programme_id", "-at"], name="audit_programme_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.get_action_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError("Audit entries cannot be deleted.")
