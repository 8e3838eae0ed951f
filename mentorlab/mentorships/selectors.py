"""Reads that already apply who may see what."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from .models import Mentorship


def mentorships_of(user: Any) -> QuerySet[Mentorship]:
    """Mentorships the user takes part in, as mentor or as actor."""
    return (
        Mentorship.objects.filter(Q(mentor=user) | Q(members__actor=user))
        .distinct()
        .select_related("programme", "mentor")
        .prefetch_related("members__actor")
    )


def mentorship_for_participant_or_404(user: Any, pk: int) -> Mentorship:
    """The mentorship if `user` is its mentor or one of its actors; 404 for anyone else,
    coordinators included (they use the coordinator view, which shows metadata only)."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    mentorship = mentorships_of(user).filter(pk=pk).first()
    if mentorship is None:
        raise Http404
    return mentorship
