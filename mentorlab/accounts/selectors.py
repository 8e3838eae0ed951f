"""Reads of a person's own account data."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from .models import ApiToken, User


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    """The person's tokens, newest first; revoked ones stay listed (with the date)."""
    return ApiToken.objects.filter(user=user)


def api_token_of_or_404(user: User, pk: int) -> ApiToken:
    """One of the person's own tokens; anyone else's is a 404."""
    return get_object_or_404(ApiToken, user=user, pk=pk)
