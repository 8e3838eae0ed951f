"""The data subject's rights: a copy of one's data (`data_export`) and erasure
(`account_erase`), and the accounts app's own part of both.

Every app that keeps personal data has a `privacy.py` with
`export(user) -> dict` (JSON-ready data about or written by the person, never another
person's private things) and `erase(user) -> None` (that app's part of the erasure), and
registers them with `register_privacy` from its `AppConfig.ready`. The collector below
calls them in the order given at registration.

Erasure anonymises rather than deletes the account row. Many records the other side of a
pair needs (meetings, shared notes, agreement versions) point at the person; deleting the
row would cascade them away from the partner. Instead each app deletes what was private to
the person and keeps what was shared, which then reads "Former participant".
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentorlab.audit.models import Action
from mentorlab.audit.services import audit_record
from mentorlab.core.registry import Registry

from .models import ApiToken, CalendarFeed, User

FORMER_PARTICIPANT = gettext_lazy("Former participant")
ERASED_EMAIL_DOMAIN = "erased.invalid"  # RFC 2606: can never receive mail


@dataclass(frozen=True)
class PrivacyProvider:
    export: Callable[[User], dict[str, Any]]
    erase: Callable[[User], None]
    # What the person should know before deleting (merged into the confirmation page).
    preview: Callable[[User], dict[str, Any]] | None = None


def _is_provider(provider: PrivacyProvider) -> bool:
    return (
        callable(provider.export)
        and callable(provider.erase)
        and (provider.preview is None or callable(provider.preview))
    )


privacy_providers: Registry[PrivacyProvider] = Registry("privacy providers", validate=_is_provider)


def register_privacy(
    app: str,
    *,
    order: int,
    export: Callable[[User], dict[str, Any]],
    erase: Callable[[User], None],
    preview: Callable[[User], dict[str, Any]] | None = None,
) -> None:
    """Called from an app's `AppConfig.ready`. The order matters for erasure: mentorships
    and events run their services as the person (ending a mentorship, cancelling a seat)
    before the person's applications (programmes) and account (accounts, always last) go;
    the export lists the sections in the same order."""
    privacy_providers.register(
        app, PrivacyProvider(export=export, erase=erase, preview=preview), order=order
    )


# --- helpers for the apps' export functions ---------------------------------------------
def plain(value: Any) -> Any:
    """A value as JSON can hold it (dates as ISO 8601 text, in the site's time zone)."""
    if isinstance(value, dt.datetime):
        return (
            timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
        )
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def person(user: Any) -> str | None:
    """How another person appears in an export: by the name shown to them in the app."""
    if user is None:
        return None
    return str(user)


def serialize(obj: models.Model, *, exclude: Iterable[str] = (), **extra: Any) -> dict[str, Any]:
    """A row as a dict of its concrete fields; people by name, other links by id."""
    skip = set(exclude)
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in skip:
            continue
        if field.is_relation:
            if field.related_model is User:
                data[field.name] = person(getattr(obj, field.name))
            else:
                data[field.name] = getattr(obj, field.attname)
        else:
            data[field.name] = plain(field.value_from_object(obj))
    data.update({k: plain(v) for k, v in extra.items()})
    return data


# --- the accounts app's own part -------------------------------------------------------
PROFILE_FIELDS = (
    "email",
    "full_name",
    "preferred_name",
    "pronouns",
    "phone",
    "linkedin_url",
    "bio",
    "language",
    "date_joined",
    "last_login",
    "is_active",
)


def export(user: User) -> dict[str, Any]:
    feed = CalendarFeed.objects.filter(user=user).first()
    return {
        "profile": {name: plain(getattr(user, name)) for name in PROFILE_FIELDS},
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
        ],
        # Single sign-on identities: which provider knows the person under which id. What
        # the provider sent at each sign-in (name, address) is in the profile already.
        "connected_accounts": [
            {
                "provider": a.provider,
                "uid": a.uid,
                "connected_at": plain(a.date_joined),
                "last_login": plain(a.last_login),
            }
            for a in SocialAccount.objects.filter(user=user).order_by("provider", "uid")
        ],
        # The address itself is a secret (anyone holding it reads the calendar): not exported.
        "calendar_feed": {
            "exists": feed is not None,
            "created_at": plain(feed.created_at) if feed else None,
        },
        # Like the feed address, a token's secret is never exported (only its digest is kept).
        "api_tokens": [
            serialize(t, exclude=("user", "digest")) for t in ApiToken.objects.filter(user=user)
        ],
    }


def erase(user: User) -> None:
    """Anonymise the account so that nobody can sign in with it or recognise the person."""
    EmailAddress.objects.filter(user=user).delete()
    # The university id (e.g. eduPersonPrincipalName) names the person, and a kept link
    # would sign them back in to the erased account.
    SocialAccount.objects.filter(user=user).delete()
    CalendarFeed.objects.filter(user=user).delete()
    ApiToken.objects.filter(user=user).delete()
    user.email = f"former-{user.pk}-{secrets.token_hex(6)}@{ERASED_EMAIL_DOMAIN}"
    user.full_name = str(FORMER_PARTICIPANT)
    user.preferred_name = ""
    user.pronouns = ""
    user.phone = ""
    user.linkedin_url = ""
    user.bio = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()


# --- the two rights ---------------------------------------------------------------------
def data_export(*, user: User) -> dict[str, Any]:
    """Everything the service holds about the person, app by app, as JSON-ready data."""
    data: dict[str, Any] = {
        "exported_at": plain(timezone.now()),
        "accounts": export(user),
    }
    for app, provider in privacy_providers.items():
        section = provider.export(user)
        if section:
            data[app] = section
    return data


def confirmation_matches(user: User, typed: str) -> bool:
    return typed.strip().lower() == user.email.strip().lower()


def account_erase(*, user: User, confirmation: str) -> None:
    """Erase the person's account. `confirmation` must be their e-mail address; anything
    else changes nothing. Runs as one transaction: either all of it happens or none."""
    if not confirmation_matches(user, confirmation):
        raise ValidationError(
            {"confirmation": _("That is not your e-mail address. Nothing was deleted.")}
        )
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if not locked.is_active:
            raise ValidationError(_("This account has already been deleted."))
        _anonymise(locked)
        # Recorded after the erasure, so the trail names the account, not the person.
        audit_record(action=Action.ACCOUNT_ERASED, by=locked, target=locked)


def account_anonymise(*, user: User) -> bool:
    """Erase the account without the person asking (the retention period has passed).
    Returns False, changing nothing, when it is already anonymised: a second run, or a
    second machine's run, must not do it twice. The caller records why (the audit trail),
    in the same transaction."""
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if not locked.is_active or locked.email.endswith("@" + ERASED_EMAIL_DOMAIN):
            return False
        _anonymise(locked)
    return True


def _anonymise(user: User) -> None:
    for provider in privacy_providers:
        provider.erase(user)
    erase(user)


def erasure_preview(*, user: User) -> dict[str, Any]:
    """What the person should know before deleting, gathered from the apps (for example
    the live mentorships that will end, and programmes left without a coordinator)."""
    preview: dict[str, Any] = {}
    for provider in privacy_providers:
        if provider.preview is not None:
            preview.update(provider.preview(user))
    return preview
