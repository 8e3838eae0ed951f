"""Writes for programmes and applications. Views call these; nothing else writes."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentorlab.accounts.models import User

from . import emails
from .access import require_coordinator
from .choices import ApplicationStatus, Role
from .forms import ApplicationFormBase
from .models import ActorApplication, MentorApplication, Programme

Application = ActorApplication | MentorApplication


def _check_can_apply(*, programme: Programme, user: User, role: str) -> None:
    if not programme.window_is_open(role):
        opens, closes = programme.window_dates(role)
        raise ValidationError(
            _("Applications for this role are open from %(opens)s to %(closes)s.")
            % {"opens": opens.isoformat(), "closes": closes.isoformat()}
        )
    other = MentorApplication if role == Role.ACTOR else ActorApplication
    if other.objects.filter(programme=programme, user=user).exists():
        raise ValidationError(_("You have already applied to this programme in the other role."))
    if programme.is_coordinator(user):
        raise ValidationError(_("Coordinators of a programme cannot apply to it."))


def application_save(*, form: ApplicationFormBase, user: User) -> Application:
    """Create or update the user's application from a valid form.

    Raises ValidationError (and saves nothing) when the window is closed, the user already
    applied, or the application is not theirs."""
    programme = form.programme
    instance = form.instance
    creating = instance.pk is None
    with transaction.atomic():
        if creating:
            _check_can_apply(programme=programme, user=user, role=form.role)
            instance.programme = programme
            instance.user = user
        else:
            if instance.user_id != user.pk:
                raise PermissionDenied
            if not instance.is_editable:
                raise ValidationError(
                    _("The application window has closed; this can no longer be changed.")
                )
        try:
            with transaction.atomic():
                application: Application = form.save()
        except IntegrityError as exc:
            raise ValidationError(_("You have already applied to this programme.")) from exc
        if creating:
            transaction.on_commit(partial(emails.application_received, application))
    return application


def application_withdraw(*, application: Application, user: User) -> None:
    if application.user_id != user.pk:
        raise PermissionDenied
    if application.status in (ApplicationStatus.WITHDRAWN, ApplicationStatus.DECLINED):
        raise ValidationError(_("This application is already closed."))
    application.status = ApplicationStatus.WITHDRAWN
    application.save(update_fields=["status", "updated_at"])


def application_decide(
    *,
    programme: Programme,
    applications: Iterable[Application],
    status: str,
    by: User,
) -> int:
    """Accept, waitlist or decline applications, and tell each applicant. Returns how many
    changed; applications already in that status are left alone (and not e-mailed again)."""
    require_coordinator(programme, by)
    if status not in (
        ApplicationStatus.ACCEPTED,
        ApplicationStatus.WAITLISTED,
        ApplicationStatus.DECLINED,
    ):
        raise ValidationError(_("Unknown decision."))
    changed = 0
    now = timezone.now()
    with transaction.atomic():
        for application in applications:
            if application.programme_id != programme.pk:
                raise PermissionDenied
            if application.status in (status, ApplicationStatus.WITHDRAWN):
                continue
            application.status = status
            application.decided_at = now
            application.decided_by = by
            application.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
            transaction.on_commit(partial(emails.application_decided, application))
            changed += 1
    return changed
