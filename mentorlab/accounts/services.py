from __future__ import annotations

from django.db import transaction

from .models import CalendarFeed, User, new_feed_token

# The fields a person edits on their own profile page (and nothing else: not the e-mail
# address they sign in with, not their rights).
PROFILE_FIELDS = (
    "full_name",
    "preferred_name",
    "pronouns",
    "phone",
    "linkedin_url",
    "bio",
    "language",
)


def profile_update(
    *,
    user: User,
    full_name: str,
    preferred_name: str = "",
    pronouns: str = "",
    phone: str = "",
    linkedin_url: str = "",
    bio: str = "",
    language: str = "en",
) -> User:
    """Save the person's own profile. Raises ValidationError naming the field (and saves
    nothing) when a value is not allowed; there is no way to edit someone else's profile."""
    values = {
        "full_name": full_name.strip(),
        "preferred_name": preferred_name.strip(),
        "pronouns": pronouns.strip(),
        "phone": phone.strip(),
        "linkedin_url": linkedin_url.strip(),
        "bio": bio.strip(),
        "language": language,
    }
    with transaction.atomic():
        # Validate a fresh copy, so a refused change leaves the caller's object as it was.
        profile = User.objects.select_for_update().get(pk=user.pk)
        for name, value in values.items():
            setattr(profile, name, value)
        others = [f.name for f in User._meta.concrete_fields if f.name not in PROFILE_FIELDS]
        profile.full_clean(exclude=others)
        profile.save(update_fields=list(PROFILE_FIELDS))
    for name, value in values.items():
        setattr(user, name, value)
    return profile


def calendar_feed_renew(*, user: User) -> CalendarFeed:
    """Create the person's feed address, or replace it (revoking the old one)."""
    feed, created = CalendarFeed.objects.get_or_create(user=user)
    if not created:
        feed.token = new_feed_token()
        feed.save(update_fields=["token", "created_at"])
    return feed
