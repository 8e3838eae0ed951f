"""Writes for mentorships. Every workflow that changes a mentorship lives here."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from mentorlab.accounts.models import User
from mentorlab.programmes.models import Programme

from .models import Mentorship, MentorshipActor


def mentorship_create(
    *,
    programme: Programme,
    mentor: User,
    actors: Sequence[User],
    created_by: User | None = None,
) -> Mentorship:
    """Create a mentorship in the `introduced` state. Capacity and eligibility are the
    caller's to check (matching checks them when it publishes); the database refuses a
    second live mentorship for an actor in the same programme."""
    if not actors:
        raise ValidationError(_("A mentorship needs at least one student."))
    if any(a.pk == mentor.pk for a in actors):
        raise ValidationError(_("A mentor cannot mentor themselves."))
    try:
        with transaction.atomic():
            mentorship = Mentorship.objects.create(
                programme=programme, mentor=mentor, created_by=created_by
            )
            MentorshipActor.objects.bulk_create(
                MentorshipActor(mentorship=mentorship, actor=a, programme=programme) for a in actors
            )
    except IntegrityError as exc:
        raise ValidationError(
            _("A student in this group already has a mentor in this programme.")
        ) from exc
    return mentorship
