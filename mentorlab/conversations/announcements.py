"""Announcements: a coordinator writes to a programme's students, mentors or both, narrowed
by track or by the state of their mentorship, previews who gets it and sends it.

Sending writes the announcement, who it went to, everyone's in-app notification and the
e-mails in one transaction; the e-mails go through the outbox (`send_later`: one row per
person with a key, so nobody gets it twice, rendered in each reader's language by the worker).

Why the notification kind is optional, with "e-mail at once" as its default: an
announcement is programme news (a kick-off reminder, a new event, a deadline), not
something about the person's own mentorship that they must act on, so each person may
choose a digest or the app only, and every mail carries the one-click unsubscribe that
bulk mail should. Still, most announcements are timely, so those who never chose hear at
once; and nothing is lost for anyone: the archive keeps every announcement addressed to them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentorlab.accounts.models import User
from mentorlab.audit.models import Action
from mentorlab.audit.services import audit_record
from mentorlab.core.markdown import render_markdown
from mentorlab.core.translated import read_when_shown
from mentorlab.mentorships.models import LIVE_STATES, MeetingStatus, Mentorship
from mentorlab.mentorships.selectors import coordinator_rows
from mentorlab.notifications.kinds import NotificationKind
from mentorlab.notifications.mail import Later, MailSpec
from mentorlab.notifications.services import notify_cohort, unsubscribe_headers
from mentorlab.programmes.access import require_coordinator
from mentorlab.programmes.choices import ApplicationStatus, DegreeLevel, MentorLevels
from mentorlab.programmes.models import ActorApplication, MentorApplication, Programme

from .models import (
    ANNOUNCEMENT_BODY_LENGTH,
    ANNOUNCEMENT_SUBJECT_LENGTH,
    Announcement,
    AnnouncementRecipient,
    Audience,
    PairState,
)

KIND = NotificationKind("announcement", gettext_lazy("Announcements from your programme"))


# --- who gets it --------------------------------------------------------------------------
@dataclass(frozen=True)
class Choice:
    """Whom an announcement is for. `track` is "" or a degree level; `pair_state` a
    `PairState`."""

    audience: str
    track: str = ""
    pair_state: str = ""

    def clean(self) -> Choice:
        errors = {}
        if self.audience not in Audience.values:
            errors["audience"] = _("Choose whether it goes to students, mentors or both.")
        if self.track and self.track not in DegreeLevel.values:
            errors["track"] = _("Choose a track of the programme.")
        if self.pair_state not in PairState.values:
            errors["pair_state"] = _("Choose which mentorships it is for.")
        if errors:
            raise ValidationError(errors)
        return self


def _pairs(programme: Programme, pair_state: str) -> list[Mentorship]:
    """The running mentorships an announcement about pairs in `pair_state` is for."""
    live = Mentorship.objects.filter(programme=programme, state__in=LIVE_STATES)
    if pair_state == PairState.NO_AGREEMENT:
        live = live.filter(agreed_at__isnull=True)
    elif pair_state == PairState.NO_MEETING:
        live = live.exclude(meetings__status=MeetingStatus.HELD)
    elif pair_state == PairState.ATTENTION:
        # The coordinators' own definition of "needs attention" (mentorships/attention.py).
        flagged = {r.mentorship.pk for r in coordinator_rows(programme) if r.flags}
        live = live.filter(pk__in=flagged)
    return list(live.prefetch_related("members"))


def announcement_recipients(programme: Programme, choice: Choice) -> list[User]:
    """Exactly the people an announcement goes to, by name. Students and mentors are those
    accepted into the programme (a student's track is their degree level; a mentor is in a
    track they said they mentor). A pair state narrows them to the people in such running
    mentorships (or, for "not in a running mentorship", to everyone else)."""
    choice.clean()
    actors: QuerySet[ActorApplication] = ActorApplication.objects.filter(
        programme=programme, status=ApplicationStatus.ACCEPTED
    )
    mentors: QuerySet[MentorApplication] = MentorApplication.objects.filter(
        programme=programme, status=ApplicationStatus.ACCEPTED
    )
    if choice.track:
        actors = actors.filter(degree_level=choice.track)
        mentors = mentors.filter(Q(levels=choice.track) | Q(levels=MentorLevels.BOTH))
    ids: set[int] = set()
    if choice.audience in (Audience.ACTORS, Audience.BOTH):
        ids |= set(actors.values_list("user_id", flat=True))
    if choice.audience in (Audience.MENTORS, Audience.BOTH):
        ids |= set(mentors.values_list("user_id", flat=True))
    if choice.pair_state:
        pairs = _pairs(
            programme,
            PairState.MATCHED if choice.pair_state == PairState.UNMATCHED else choice.pair_state,
        )
        in_pairs = {m.mentor_id for m in pairs} | {
            member.actor_id for m in pairs for member in m.members.all()
        }
        ids = ids - in_pairs if choice.pair_state == PairState.UNMATCHED else ids & in_pairs
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("full_name", "pk"))


def describe(choice: Choice) -> str:
    """Whom it was for, in words, for the archive and the preview."""
    parts = [str(Audience(choice.audience).label)]
    if choice.track:
        parts.append(str(DegreeLevel(choice.track).label))
    if choice.pair_state:
        parts.append(str(PairState(choice.pair_state).label))
    return " · ".join(parts)


# --- sending ------------------------------------------------------------------------------
def clean_text(subject: str, body: str) -> tuple[str, str]:
    subject, body = " ".join(subject.split()), body.strip()
    errors = {}
    if not subject:
        errors["subject"] = _("Write a subject.")
    elif len(subject) > ANNOUNCEMENT_SUBJECT_LENGTH:
        errors["subject"] = _(
            "The subject can be at most %(limit)d characters long (this one has %(count)d)."
        ) % {"limit": ANNOUNCEMENT_SUBJECT_LENGTH, "count": len(subject)}
    if not body:
        errors["body"] = _("Write the announcement.")
    elif len(body) > ANNOUNCEMENT_BODY_LENGTH:
        errors["body"] = _(
            "The announcement can be at most %(limit)d characters long (this one has %(count)d)."
        ) % {"limit": ANNOUNCEMENT_BODY_LENGTH, "count": len(body)}
    if errors:
        raise ValidationError(errors)
    return subject, body


def announcement_send(
    *,
    programme: Programme,
    by: User,
    subject: str,
    body: str,
    choice: Choice,
    token: uuid.UUID,
) -> Announcement:
    """Send an announcement to everyone `choice` names now: the announcement, its
    recipients, their notifications and e-mails in one transaction, and one audit entry.
    The same `token` again (a second click) returns the first announcement and sends
    nothing. Nobody to send to is a ValidationError."""
    require_coordinator(programme, by)
    subject, body = clean_text(subject, body)
    choice.clean()
    with transaction.atomic():
        existing = Announcement.objects.filter(token=token).first()
        if existing is not None:
            if existing.programme_id != programme.pk:
                raise PermissionDenied
            return existing
        people = announcement_recipients(programme, choice)
        if not people:
            raise ValidationError(_("Nobody matches these recipients, so nothing was sent."))
        try:
            with transaction.atomic():
                announcement = Announcement.objects.create(
                    programme=programme,
                    author=by,
                    subject=subject,
                    body=body,
                    audience=choice.audience,
                    track=choice.track,
                    pair_state=choice.pair_state,
                    token=token,
                )
        except IntegrityError:  # the same form, sent at the same moment by a second click
            return Announcement.objects.get(token=token)
        AnnouncementRecipient.objects.bulk_create(
            AnnouncementRecipient(announcement=announcement, user=user) for user in people
        )
        notify_cohort(
            users=people,
            kind=KIND.name,
            message=gettext_lazy("Announcement from %(programme)s: %(subject)s"),
            params={"programme": read_when_shown(programme, "name"), "subject": subject},
            url=reverse("announcements:detail", args=[programme.slug, announcement.pk]),
            programme_id=programme.pk,
            mail=lambda user: Later(
                to=user,
                template="conversations/email/announcement",
                render_with=announcement_mail,
                render_args={"announcement_id": announcement.pk, "user_id": user.pk},
                programme_id=programme.pk,
                key=f"announcement:{announcement.pk}:{user.pk}",
            ),
        )
        audit_record(
            action=Action.ANNOUNCEMENT_SENT,
            by=by,
            target=announcement,
            programme=programme,
            details={"recipients": len(people), "to": describe(choice)},
        )
    return announcement


def announcement_mail(*, announcement_id: int, user_id: int) -> MailSpec | None:
    """The e-mail of one announcement to one person, rendered by the outbox worker."""
    announcement = (
        Announcement.objects.filter(pk=announcement_id).select_related("programme").first()
    )
    user = User.objects.filter(pk=user_id).first()
    if announcement is None or user is None:
        return None
    programme = announcement.programme
    unsubscribe, headers = unsubscribe_headers(user=user, kind=KIND.name)
    return MailSpec(
        to=user,
        template="conversations/email/announcement",
        context={
            "announcement": announcement,
            "programme_name": programme.name,
            "body_html": render_markdown(announcement.body, profile="event"),
            "path": reverse("announcements:detail", args=[programme.slug, announcement.pk]),
            "unsubscribe_url": unsubscribe,
        },
        reply_to=programme.reply_to(),
        headers=headers,
    )


# --- reading ------------------------------------------------------------------------------
def _takes_part(programme: Programme, user: Any) -> bool:
    return (
        ActorApplication.objects.filter(
            programme=programme, user=user, status=ApplicationStatus.ACCEPTED
        ).exists()
        or MentorApplication.objects.filter(
            programme=programme, user=user, status=ApplicationStatus.ACCEPTED
        ).exists()
        or AnnouncementRecipient.objects.filter(
            announcement__programme=programme, user=user
        ).exists()
    )


def archive_or_404(user: Any, slug: str) -> tuple[Programme, QuerySet[Announcement], bool]:
    """The programme's announcements `user` may read: all of them for its coordinators,
    those addressed to them for its students and mentors; a 404 for anyone else. The last
    value says whether `user` coordinates the programme."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    programme = get_object_or_404(Programme, slug=slug)
    announcements = Announcement.objects.filter(programme=programme)
    if programme.is_coordinator(user):
        return programme, announcements.select_related("programme", "author"), True
    if not _takes_part(programme, user):
        raise Http404
    return (
        programme,
        announcements.filter(recipients__user=user).select_related("programme", "author"),
        False,
    )


def announcement_or_404(user: Any, slug: str, pk: int) -> tuple[Announcement, bool]:
    _programme, announcements, coordinates = archive_or_404(user, slug)
    announcement = announcements.filter(pk=pk).first()
    if announcement is None:
        raise Http404
    return announcement, coordinates


def new_token() -> uuid.UUID:
    return uuid.uuid4()
