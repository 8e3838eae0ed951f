from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ApiToken, CalendarFeed, User, new_feed_token

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


# --- personal API tokens ----------------------------------------------------------------
# A token reads "mlab_<prefix>_<secret>". The prefix is public (it finds the row and is shown
# in the list of tokens); only the SHA-256 digest of the whole token is stored. A random
# 32-byte secret needs no slow hash: nobody can guess it, so a fast digest is as safe here
# and keeps every API request cheap.
TOKEN_SCHEME = "mlab"  # noqa: S105 - a public label, not a secret
# Writing "last used" on every request would make each API call a write; once a minute is
# precise enough for a person deciding which token to revoke.
LAST_USED_PRECISION = dt.timedelta(minutes=1)


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def api_token_create(
    *, user: User, name: str, expires_at: dt.datetime | None = None
) -> tuple[ApiToken, str]:
    """Make a token for `user` and return it with its secret, which is never stored and
    cannot be shown again. Raises ValidationError naming the field for a blank name or an
    expiry in the past."""
    name = name.strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Give the token a name, so you know later what it is for.")]
    if expires_at is not None and expires_at <= timezone.now():
        errors["expires_at"] = [_("The expiry must be in the future.")]
    if errors:
        raise ValidationError(errors)
    prefix = secrets.token_hex(4)
    raw = f"{TOKEN_SCHEME}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(
        user=user, name=name, prefix=prefix, digest=_digest(raw), expires_at=expires_at
    )
    token.full_clean(exclude=["user", "prefix", "digest"])
    token.save()
    return token, raw


def api_token_use(*, raw: str, now: dt.datetime | None = None) -> ApiToken | None:
    """The usable token that `raw` is the secret of (its user loaded), or None for anything
    else: malformed, unknown, wrong secret, revoked, expired, or an inactive account.
    Records when it was last used."""
    now = now or timezone.now()
    scheme, _sep, rest = raw.partition("_")
    prefix, _sep, secret = rest.partition("_")
    if scheme != TOKEN_SCHEME or not prefix or not secret:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.digest, _digest(raw)):
        return None
    if not token.is_usable(now) or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def api_token_revoke(*, token: ApiToken, by: User) -> ApiToken:
    """Revoke one's own token at once; requests that carry it are refused from now on."""
    if token.user_id != by.pk:
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
