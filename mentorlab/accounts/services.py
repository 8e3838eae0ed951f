from __future__ import annotations

from django.db import transaction

from .forms import ProfileForm
from .models import CalendarFeed, User, new_feed_token


def profile_update(*, user: User, form: ProfileForm) -> User:
    if form.instance.pk != user.pk:
        raise PermissionError("A profile can only be edited by its owner.")
    with transaction.atomic():
        saved: User = form.save()
    return saved


def calendar_feed_renew(*, user: User) -> CalendarFeed:
    """Create the person's feed address, or replace it (revoking the old one)."""
    feed, created = CalendarFeed.objects.get_or_create(user=user)
    if not created:
        feed.token = new_feed_token()
        feed.save(update_fields=["token", "created_at"])
    return feed
