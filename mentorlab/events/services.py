"""Writes for events, registrations, attendance, peer groups and the directory.

Capacity: `event_register` and `registration_cancel` lock the event row
(`select_for_update`) before counting seats, so simultaneous registrations queue up on the
lock and an event never gets more registered people than it has seats."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, fields

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentorlab.accounts.models import User
from mentorlab.core.translated import DEFAULT_LANGUAGE, language_fields
from mentorlab.programmes.access import require_coordinator
from mentorlab.programmes.choices import LANGUAGES, Role
from mentorlab.programmes.models import Programme, Topic

from . import emails, notices
from .models import (
    Audience,
    BoardPost,
    DirectoryEntry,
    Event,
    EventStatus,
    PeerGroup,
    PeerGroupMember,
    Registration,
    RegistrationStatus,
)
from .selectors import registration_blocker, role_in

MIN_GROUP_SIZE = 4
MAX_GROUP_SIZE = 6
# Changing any of these makes calendars update the entry (SEQUENCE) and tells registrants.
TRANSLATED = ("title", "description", "place")
CALENDAR_FIELDS = (
    "starts_at",
    "ends_at",
    "video_url",
    *language_fields("place"),
    *language_fields("title"),
)


def _active_registrations(event: Event) -> list[Registration]:
    return list(
        event.registrations.exclude(status=RegistrationStatus.CANCELLED).select_related(
            "user", "event"
        )
    )


# --- events -------------------------------------------------------------------------------
@dataclass(frozen=True)
class EventData:
    """What a coordinator sets on an event (everything but its status and bookkeeping)."""

    kind: str
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    description: str = ""
    place: str = ""
    video_url: str = ""
    audience: str = Audience.EVERYONE
    peer_group: PeerGroup | None = None
    capacity: int | None = None
    registration_deadline: dt.datetime | None = None
    reminder_hours: int = 24
    # `title`, `description` and `place` are the English text; these are their Finnish and
    # Swedish versions ("" shows readers the English one).
    title_fi: str = ""
    title_sv: str = ""
    description_fi: str = ""
    description_sv: str = ""
    place_fi: str = ""
    place_sv: str = ""


def _stripped(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


def event_save(
    *, programme: Programme, by: User, data: EventData, event: Event | None = None
) -> Event:
    """Create an event (no `event`) or update `event`. A change of time, place or title bumps
    the calendar SEQUENCE and e-mails everyone registered for a published event. Raises
    ValidationError naming the field, and saves nothing, when the data breaks a rule."""
    require_coordinator(programme, by)
    creating = event is None
    with transaction.atomic():
        if event is None:
            event = Event(programme=programme, created_by=by)
        else:
            if event.programme_id != programme.pk:
                raise PermissionDenied
            # Compare with what is stored, not with the caller's copy (a bound ModelForm has
            # already written the new values onto it), and hold the row while saving.
            event = Event.objects.select_for_update().get(pk=event.pk)
            if event.is_cancelled:
                raise ValidationError(_("A cancelled event can no longer be changed."))
        values = {
            (f"{f.name}_{DEFAULT_LANGUAGE}" if f.name in TRANSLATED else f.name): _stripped(
                getattr(data, f.name)
            )
            for f in fields(data)
        }
        changed = not creating and any(
            (getattr(event, f) or "") != (values[f] or "") for f in CALENDAR_FIELDS
        )
        for name, value in values.items():
            setattr(event, name, value)
        if changed:
            event.sequence += 1
        event.full_clean()
        event.save()
        if event.is_published:
            _fill_from_waitlist(event)  # a raised capacity (or none) frees seats
        if changed and event.is_published:
            for registration in _active_registrations(event):
                emails.event_changed(registration)
    return event


def event_publish(*, event: Event, by: User) -> Event:
    require_coordinator(event.programme, by)
    if event.status != EventStatus.DRAFT:
        raise ValidationError(_("Only a draft can be published."))
    event.status = EventStatus.PUBLISHED
    event.save(update_fields=["status", "updated_at"])
    return event


def event_cancel(*, event: Event, by: User) -> Event:
    """Cancel the event; everyone registered or waiting is told, calendars show it cancelled."""
    require_coordinator(event.programme, by)
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if event.is_cancelled:
            raise ValidationError(_("This event is already cancelled."))
        was_published = event.is_published
        event.status = EventStatus.CANCELLED
        event.sequence += 1
        event.save(update_fields=["status", "sequence", "updated_at"])
        if was_published:
            for registration in _active_registrations(event):
                emails.event_cancelled(registration)
    return event


# --- registration -------------------------------------------------------------------------
def event_register(*, event: Event, user: User, note: str = "") -> Registration:
    """Register the person, or put them on the waitlist when every seat is taken; either
    way they get an e-mail saying which."""
    with transaction.atomic():
        event = (
            Event.objects.select_for_update(of=("self",))
            .select_related("programme", "peer_group")
            .get(pk=event.pk)
        )
        blocker = registration_blocker(event, user)
        if blocker is not None:
            raise ValidationError(blocker)
        existing = Registration.objects.filter(event=event, user=user).first()
        if existing and existing.status != RegistrationStatus.CANCELLED:
            if existing.status == RegistrationStatus.WAITLISTED:
                raise ValidationError(_("You are already on the waitlist for this event."))
            raise ValidationError(_("You are already registered for this event."))
        taken = event.registrations.filter(status=RegistrationStatus.REGISTERED).count()
        full = event.capacity is not None and taken >= event.capacity
        status = RegistrationStatus.WAITLISTED if full else RegistrationStatus.REGISTERED
        registration = existing or Registration(event=event, user=user)
        registration.status = status
        registration.note = note.strip()
        registration.queued_at = timezone.now()
        registration.attended = False
        registration.reminded_at = None
        registration.full_clean(exclude=["event", "user"])
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError as exc:
            raise ValidationError(_("You are already registered for this event.")) from exc
        registration.event = event
        emails.registered(registration)
    return registration


def registration_cancel(*, registration: Registration, by: User) -> Registration | None:
    """Cancel one's registration (or waitlist place). When a seat frees, the first person on
    the waitlist moves up and gets an e-mail. Returns the promoted registration, if any."""
    if registration.user_id != by.pk:
        raise PermissionDenied
    promoted: Registration | None = None
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == RegistrationStatus.CANCELLED:
            raise ValidationError(_("This registration is already cancelled."))
        if event.starts_at <= timezone.now():
            raise ValidationError(_("The event has already started."))
        freed = registration.status == RegistrationStatus.REGISTERED
        registration.status = RegistrationStatus.CANCELLED
        registration.save(update_fields=["status"])
        if freed and event.is_published:
            promoted = _promote_next(event)
    return promoted


def _fill_from_waitlist(event: Event) -> list[Registration]:
    """Promote waitlisted people, first come first served, into every free seat."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    promoted: list[Registration] = []
    while (registration := _promote_next(event)) is not None:
        promoted.append(registration)
    return promoted


def _promote_next(event: Event) -> Registration | None:
    """Fill free seats from the waitlist, first come first served (event row is locked)."""
    taken = event.registrations.filter(status=RegistrationStatus.REGISTERED).count()
    if event.capacity is not None and taken >= event.capacity:
        return None
    first = (
        event.registrations.filter(status=RegistrationStatus.WAITLISTED)
        .select_related("user", "event")
        .order_by("queued_at", "pk")
        .first()
    )
    if first is None:
        return None
    first.status = RegistrationStatus.REGISTERED
    first.save(update_fields=["status"])
    notices.registration_promoted(first)
    return first


def attendance_set(*, registration: Registration, attended: bool, by: User) -> Registration:
    event = registration.event
    require_coordinator(event.programme, by)
    if registration.status != RegistrationStatus.REGISTERED:
        raise ValidationError(_("Only registered people can be checked in."))
    registration.attended = attended
    registration.checked_in_at = timezone.now() if attended else None
    registration.save(update_fields=["attended", "checked_in_at"])
    return registration


# --- peer groups --------------------------------------------------------------------------
def group_create(*, programme: Programme, name: str, theme: str = "", by: User) -> PeerGroup:
    require_coordinator(programme, by)
    group = PeerGroup(programme=programme, name=name.strip(), theme=theme.strip())
    group.full_clean()
    group.save()
    return group


def _check_actor(programme: Programme, user: User) -> None:
    if role_in(programme, user) != Role.ACTOR:
        raise ValidationError(_("Only accepted students of this programme can join a group."))


def group_member_move(*, programme: Programme, user: User, to: PeerGroup | None, by: User) -> None:
    """Put a student into a group (taking them out of any other), or out of all groups."""
    require_coordinator(programme, by)
    if to is not None and to.programme_id != programme.pk:
        raise PermissionDenied
    with transaction.atomic():
        PeerGroupMember.objects.filter(programme=programme, user=user).delete()
        if to is not None:
            _check_actor(programme, user)
            PeerGroupMember.objects.create(group=to, programme=programme, user=user)


def group_publish(*, group: PeerGroup, by: User) -> PeerGroup:
    require_coordinator(group.programme, by)
    size = group.memberships.count()
    if not MIN_GROUP_SIZE <= size <= MAX_GROUP_SIZE:
        raise ValidationError(
            _("A peer group needs %(low)d–%(high)d members; %(name)s has %(size)d.")
            % {"low": MIN_GROUP_SIZE, "high": MAX_GROUP_SIZE, "name": group.name, "size": size}
        )
    group.is_published = True
    group.save(update_fields=["is_published"])
    return group


def group_unpublish(*, group: PeerGroup, by: User) -> PeerGroup:
    require_coordinator(group.programme, by)
    group.is_published = False
    group.save(update_fields=["is_published"])
    return group


def group_delete(*, group: PeerGroup, by: User) -> None:
    require_coordinator(group.programme, by)
    if group.events.exists():
        raise ValidationError(_("This group has sessions; cancel or move them first."))
    group.delete()


def groups_propose(*, programme: Programme, by: User) -> list[PeerGroup]:
    """Replace the unpublished groups with an automatic proposal for every accepted student
    who is not yet in a published group. Published groups are kept as they are."""
    from .grouping import ActorProfile, propose_groups

    require_coordinator(programme, by)
    from .selectors import accepted_actor_applications

    with transaction.atomic():
        drafts = programme.peer_groups.filter(is_published=False)
        if Event.objects.filter(peer_group__in=drafts).exists():
            raise ValidationError(
                _("A draft group already has sessions; publish or remove them first.")
            )
        drafts.delete()
        taken = set(
            PeerGroupMember.objects.filter(programme=programme).values_list("user_id", flat=True)
        )
        applications = [a for a in accepted_actor_applications(programme) if a.user_id not in taken]
        profiles = [
            ActorProfile(
                id=str(a.user_id),
                topics=frozenset(t.name for t in a.topics.all()),
                goals=a.goals,
            )
            for a in applications
        ]
        proposal = propose_groups(profiles, min_size=MIN_GROUP_SIZE, max_size=MAX_GROUP_SIZE)
        used_names = set(programme.peer_groups.values_list("name", flat=True))
        created: list[PeerGroup] = []
        number = 1
        for proposed in proposal:
            while (name := _("Peer group %(n)d") % {"n": number}) in used_names:
                number += 1
            used_names.add(name)
            group = PeerGroup.objects.create(
                programme=programme, name=name, theme=", ".join(proposed.themes)
            )
            PeerGroupMember.objects.bulk_create(
                PeerGroupMember(group=group, programme=programme, user_id=int(member))
                for member in proposed.members
            )
            created.append(group)
    return created


def post_create(*, group: PeerGroup, author: User, body: str) -> BoardPost:
    is_member = group.is_published and group.memberships.filter(user=author).exists()
    if not (is_member or group.programme.is_coordinator(author)):
        raise PermissionDenied
    post = BoardPost(group=group, author=author, body=body.strip())
    if not post.body:
        raise ValidationError({"body": _("Write a message first.")})
    post.full_clean()
    post.save()
    return post


# --- networking directory -----------------------------------------------------------------
def directory_entry_save(
    *,
    programme: Programme,
    user: User,
    field: str = "",
    industry: str = "",
    topics: Iterable[Topic] = (),
    languages: Iterable[str] = (),
    intro: str = "",
    contact_email: str = "",
) -> DirectoryEntry:
    """Create or update the person's own card in the programme's directory. Topics must be
    the programme's own; raises ValidationError naming the field when a value is not allowed."""
    role = role_in(programme, user)
    if role is None:
        raise PermissionDenied
    topics = list(topics)
    languages = list(languages)
    errors: dict[str, list[object]] = {}
    if any(t.programme_id != programme.pk for t in topics):
        errors["topics"] = [forms.ModelChoiceField.default_error_messages["invalid_choice"]]
    known_languages = {code for code, _label in LANGUAGES}
    unknown = [code for code in languages if code not in known_languages]
    if unknown:
        errors["languages"] = [_invalid_choice(unknown[0])]
    with transaction.atomic():
        entry = DirectoryEntry.objects.filter(programme=programme, user=user).first()
        if entry is None:
            entry = DirectoryEntry(programme=programme, user=user)
        entry.role = role
        entry.field = field.strip()
        entry.industry = industry
        entry.languages = languages
        entry.intro = intro.strip()
        entry.contact_email = contact_email.strip()
        try:
            entry.full_clean(validate_unique=False)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors.setdefault(name, []).extend(messages)
        if errors:
            raise ValidationError(errors)
        try:
            with transaction.atomic():
                entry.save()
        except IntegrityError as exc:
            raise ValidationError(_("You are already in this directory.")) from exc
        entry.topics.set(topics)
    return entry


def _invalid_choice(value: str) -> str:
    # The very words the form's choice fields use, so every caller sees the same message.
    return str(forms.ChoiceField.default_error_messages["invalid_choice"]) % {"value": value}


def directory_entry_remove(*, programme: Programme, user: User) -> int:
    """Opt out: the person's card is deleted at once."""
    deleted, _details = DirectoryEntry.objects.filter(programme=programme, user=user).delete()
    return deleted
