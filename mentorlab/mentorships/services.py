"""Writes for mentorships. Every workflow that changes a mentorship lives here.

Permission rules enforced here (views add a 404 for anyone who may not even see the thing):
the actor(s) own goals, agendas and the agreement draft; the mentor supports, comments and
keeps their own learning goals; private goals and reflections belong to their author alone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from mentorlab.accounts.models import User
from mentorlab.audit.models import Action
from mentorlab.audit.services import audit_record
from mentorlab.programmes.access import require_coordinator
from mentorlab.programmes.choices import ApplicationStatus
from mentorlab.programmes.models import ActorApplication, MentorApplication, Programme

from . import emails, notices
from .models import (
    AgendaItem,
    Agreement,
    AgreementConfirmation,
    AgreementVersion,
    ChecklistTick,
    ClosingReflection,
    FirstMeetingStep,
    Goal,
    GoalComment,
    Meeting,
    MeetingStatus,
    Mentorship,
    MentorshipActor,
    MentorshipState,
    Reflection,
)
from .selectors import mentor_live_load

MAX_GROUP_SIZE = 3


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
            Agreement.objects.create(mentorship=mentorship)
    except IntegrityError as exc:
        raise ValidationError(
            _("A student in this group already has a mentor in this programme.")
        ) from exc
    return mentorship


def mentorship_create_by_coordinator(
    *, programme: Programme, mentor: User, actors: Sequence[User], by: User
) -> Mentorship:
    """A coordinator pairs a mentor with 1–3 accepted students by hand. The mentor's
    application row is locked so that two coordinators cannot overfill the mentor."""
    require_coordinator(programme, by)
    if not 1 <= len(actors) <= MAX_GROUP_SIZE:
        raise ValidationError(
            {"actors": _("Choose one to three students.")}  # a pair or a small group
        )
    with transaction.atomic():
        application = (
            MentorApplication.objects.select_for_update()
            .filter(programme=programme, user=mentor, status=ApplicationStatus.ACCEPTED)
            .first()
        )
        if application is None:
            raise ValidationError({"mentor": _("This mentor is not accepted in the programme.")})
        actor_apps = {
            a.user_id: a
            for a in ActorApplication.objects.filter(
                programme=programme, user__in=actors, status=ApplicationStatus.ACCEPTED
            )
        }
        errors: list[str] = []
        for actor in actors:
            actor_app = actor_apps.get(actor.pk)
            if actor_app is None:
                errors.append(
                    _("%(name)s is not an accepted student in this programme.")
                    % {"name": actor.display_name}
                )
            elif not application.takes_level(actor_app.degree_level):
                errors.append(
                    _("%(mentor)s does not mentor %(level)s students.")
                    % {
                        "mentor": mentor.display_name,
                        "level": actor_app.get_degree_level_display(),
                    }
                )
        if errors:
            raise ValidationError({"actors": errors})
        load = mentor_live_load(programme=programme, mentor=mentor)
        if load + len(actors) > application.capacity:
            raise ValidationError(
                {
                    "mentor": _(
                        "This mentor can take %(capacity)d student(s) and already has %(load)d."
                    )
                    % {"capacity": application.capacity, "load": load}
                }
            )
        mentorship = mentorship_create(
            programme=programme, mentor=mentor, actors=actors, created_by=by
        )
        audit_record(
            action=Action.MENTORSHIP_PAIRED,
            by=by,
            target=mentorship,
            programme=programme,
            details={"mentor": mentor.pk, "actors": [a.pk for a in actors]},
        )
        emails.mentorship_introduced(mentorship)
    return mentorship


# --- helpers ------------------------------------------------------------------------------
def _participant(mentorship: Mentorship, user: User) -> None:
    if not mentorship.is_participant(user):
        raise PermissionDenied


def _live(mentorship: Mentorship) -> None:
    if not mentorship.is_live:
        raise ValidationError(_("This mentorship has ended; it can no longer be changed."))


def _participants(mentorship: Mentorship) -> list[User]:
    return [mentorship.mentor, *(m.actor for m in mentorship.members.all())]


# --- last contact -------------------------------------------------------------------------
def mentorship_record_contact(*, mentorship_id: int, at: dt.datetime) -> None:
    """Note that the participants were in touch at `at` (a message, a meeting held). Only
    ever moves the date forward, in one UPDATE, so concurrent messages need no lock."""
    Mentorship.objects.filter(pk=mentorship_id).filter(
        Q(last_contact_at__isnull=True) | Q(last_contact_at__lt=at)
    ).update(last_contact_at=at)


# --- first meeting checklist --------------------------------------------------------------
def checklist_tick(*, mentorship: Mentorship, by: User, step: str, done: bool) -> None:
    _participant(mentorship, by)
    if step not in FirstMeetingStep.values:
        raise ValidationError(_("Unknown step."))
    with transaction.atomic():
        if done:
            ChecklistTick.objects.get_or_create(
                mentorship=mentorship, step=step, defaults={"ticked_by": by}
            )
        else:
            ChecklistTick.objects.filter(mentorship=mentorship, step=step).delete()


# --- agreement ----------------------------------------------------------------------------
AGREEMENT_FIELDS = (
    "objectives",
    "topics",
    "topics_out",
    "confidentiality",
    "frequency",
    "mode",
    "duration_months",
    "who_books",
    "progress_recording",
    "comment",
)


def _agreement(mentorship: Mentorship) -> Agreement:
    agreement, _created = Agreement.objects.get_or_create(mentorship=mentorship)
    return agreement


def agreement_propose(*, mentorship: Mentorship, by: User, **fields: Any) -> AgreementVersion:
    """Save a new version of the agreement: the actor drafts it, then either side may
    propose changes (with a comment). The author's own version counts as confirmed by them."""
    _participant(mentorship, by)
    _live(mentorship)
    unknown = set(fields) - set(AGREEMENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown agreement fields: {sorted(unknown)}")
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=_agreement(mentorship).pk)
        if agreement.is_confirmed:
            raise ValidationError(
                _("The agreement is confirmed. Reopen it before you change anything.")
            )
        last = agreement.versions.aggregate(n=Max("number"))["n"] or 0
        if last == 0 and not mentorship.is_actor(by):
            raise ValidationError(
                _("The student writes the first draft; you can propose changes to it.")
            )
        version = AgreementVersion(agreement=agreement, number=last + 1, author=by, **fields)
        version.full_clean()
        version.save()
        AgreementConfirmation.objects.create(version=version, user=by)
        notices.agreement_to_confirm(mentorship, by=by)
    return version


def agreement_confirm(*, mentorship: Mentorship, by: User) -> bool:
    """Confirm the latest version. Returns True when this confirmation completed it (everyone
    has confirmed), which makes the mentorship active."""
    _participant(mentorship, by)
    _live(mentorship)
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=_agreement(mentorship).pk)
        version = agreement.latest()
        if version is None:
            raise ValidationError(_("There is no draft to confirm yet."))
        if agreement.is_confirmed:
            raise ValidationError(_("The agreement is already confirmed."))
        AgreementConfirmation.objects.get_or_create(version=version, user=by)
        confirmed = set(version.confirmations.values_list("user_id", flat=True))
        if not {p.pk for p in _participants(mentorship)} <= confirmed:
            return False
        now = timezone.now()
        agreement.confirmed_at = now
        agreement.save(update_fields=["confirmed_at"])
        if mentorship.state == MentorshipState.INTRODUCED:
            mentorship.state = MentorshipState.ACTIVE
        mentorship.agreed_at = mentorship.agreed_at or now
        mentorship.save(update_fields=["state", "agreed_at"])
        ChecklistTick.objects.get_or_create(
            mentorship=mentorship, step=FirstMeetingStep.AGREEMENT, defaults={"ticked_by": by}
        )
    return True


def agreement_reopen(*, mentorship: Mentorship, by: User) -> None:
    """Open a confirmed agreement for changes (e.g. when goals are rewritten). The
    mentorship stays active; the next version needs everyone's confirmation again."""
    _participant(mentorship, by)
    _live(mentorship)
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=_agreement(mentorship).pk)
        if not agreement.is_confirmed:
            raise ValidationError(_("The agreement is already open for changes."))
        agreement.confirmed_at = None
        agreement.reopened_at = timezone.now()
        agreement.save(update_fields=["confirmed_at", "reopened_at"])


# --- goals --------------------------------------------------------------------------------
GOAL_FIELDS = ("title", "why", "success", "target_date", "status", "progress", "visibility")


def goal_create(*, mentorship: Mentorship, by: User, **fields: Any) -> Goal:
    """An actor's goal, or — when `by` is the mentor — the mentor's own learning goal."""
    _participant(mentorship, by)
    _live(mentorship)
    goal = Goal(mentorship=mentorship, owner=by, **{k: fields[k] for k in fields})
    goal.full_clean()
    goal.save()
    return goal


def goal_update(*, goal: Goal, by: User, **fields: Any) -> Goal:
    if goal.owner_id != by.pk:
        raise PermissionDenied(_("Only the person who set this goal can change it."))
    _live(goal.mentorship)
    unknown = set(fields) - set(GOAL_FIELDS)
    if unknown:
        raise TypeError(f"unknown goal fields: {sorted(unknown)}")
    with transaction.atomic():
        current = Goal.objects.select_for_update().get(pk=goal.pk)
        moved = any(
            k in fields and fields[k] != getattr(current, k) for k in ("progress", "status")
        )
        for key, value in fields.items():
            setattr(current, key, value)
        current.full_clean()
        if moved:
            current.progress_changed_at = timezone.now()
        current.save()
    return current


def goal_comment_add(*, goal: Goal, by: User, text: str) -> GoalComment:
    if not goal.visible_to(by):
        raise PermissionDenied
    if not text.strip():
        raise ValidationError({"text": _("Write a comment first.")})
    comment = GoalComment(goal=goal, author=by, text=text.strip())
    comment.full_clean()
    with transaction.atomic():
        comment.save()
        notices.goal_commented(goal, by=by)
    return comment


# --- meetings -----------------------------------------------------------------------------
def _meeting_times(start: dt.datetime, end: dt.datetime, *, now: dt.datetime) -> int:
    errors: dict[str, str] = {}
    if start <= now:
        errors["start"] = _("Choose a time in the future for a new meeting.")
    if end <= start:
        errors["end"] = _("The meeting must end after it starts.")
    elif end - start > dt.timedelta(hours=8):
        errors["end"] = _("A meeting can last at most eight hours.")
    elif end - start < dt.timedelta(minutes=15):
        errors["end"] = _("A meeting lasts at least 15 minutes.")
    if errors:
        raise ValidationError(errors)
    return int((end - start).total_seconds() // 60)


def meeting_schedule(
    *,
    mentorship: Mentorship,
    by: User,
    start: dt.datetime,
    end: dt.datetime,
    mode: str,
    place: str = "",
    video_link: str = "",
) -> Meeting:
    _participant(mentorship, by)
    _live(mentorship)
    minutes = _meeting_times(start, end, now=timezone.now())
    meeting = Meeting(
        mentorship=mentorship,
        start=start,
        duration_minutes=minutes,
        mode=mode,
        place=place,
        video_link=video_link,
        created_by=by,
    )
    meeting.full_clean()
    with transaction.atomic():
        meeting.save()
        notices.meeting_changed(meeting, by=by, what="booked")
    return meeting


def meeting_update(
    *,
    meeting: Meeting,
    by: User,
    start: dt.datetime,
    end: dt.datetime,
    mode: str,
    place: str = "",
    video_link: str = "",
) -> Meeting:
    """Move a planned meeting or change its place; SEQUENCE grows so calendars update."""
    _participant(meeting.mentorship, by)
    _live(meeting.mentorship)
    with transaction.atomic():
        current = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if current.status != MeetingStatus.PLANNED:
            raise ValidationError(_("Only a planned meeting can be changed."))
        now = timezone.now()
        if start == current.start and end > start:
            # Keeping the time of a meeting that is under way is fine.
            minutes = _meeting_times(start, end, now=min(now, start - dt.timedelta(seconds=1)))
        else:
            minutes = _meeting_times(start, end, now=now)
        new = {
            "start": start,
            "duration_minutes": minutes,
            "mode": mode,
            "place": place,
            "video_link": video_link,
        }
        changed = any(getattr(current, k) != v for k, v in new.items())
        for key, value in new.items():
            setattr(current, key, value)
        current.full_clean()
        if changed:
            current.sequence += 1
            current.reminded_at = None  # a moved meeting deserves a fresh reminder
        current.save()
        if changed:
            notices.meeting_changed(current, by=by, what="moved")
    return current


def meeting_set_status(*, meeting: Meeting, by: User, status: str) -> Meeting:
    """Mark a planned meeting held (once it has started) or cancelled."""
    _participant(meeting.mentorship, by)
    with transaction.atomic():
        current = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if status not in (MeetingStatus.HELD, MeetingStatus.CANCELLED):
            raise ValidationError(_("Unknown meeting status."))
        if current.status == status:
            return current
        if status == MeetingStatus.HELD and current.start > timezone.now():
            raise ValidationError(_("A meeting can be marked held only once it has started."))
        if current.status == MeetingStatus.CANCELLED and status == MeetingStatus.HELD:
            pass  # logged late: the pair met after all
        if current.status == MeetingStatus.HELD and status == MeetingStatus.CANCELLED:
            raise ValidationError(_("A meeting that was held cannot be cancelled."))
        current.status = status
        current.sequence += 1
        current.save(update_fields=["status", "sequence", "updated_at"])
        if status == MeetingStatus.HELD:
            mentorship_record_contact(mentorship_id=current.mentorship_id, at=current.start)
        if status == MeetingStatus.CANCELLED:
            notices.meeting_changed(current, by=by, what="cancelled")
    return current


def meeting_notes_save(*, meeting: Meeting, by: User, text: str) -> Meeting:
    """The pair's shared notes; any participant may write them."""
    _participant(meeting.mentorship, by)
    meeting.shared_notes = text
    meeting.notes_updated_at = timezone.now()
    meeting.full_clean()
    meeting.save(update_fields=["shared_notes", "notes_updated_at", "updated_at"])
    return meeting


def reflection_save(*, meeting: Meeting, by: User, text: str) -> Reflection | None:
    """The author's private reflection on a meeting; an empty text deletes it."""
    _participant(meeting.mentorship, by)
    if not text.strip():
        Reflection.objects.filter(meeting=meeting, author=by).delete()
        return None
    reflection, _created = Reflection.objects.update_or_create(
        meeting=meeting, author=by, defaults={"text": text}
    )
    return reflection


def _is_internal_path(link: str) -> bool:
    """A path on this site: "//host/…" and "/\\host/…" lead browsers to another site."""
    return (
        link.startswith("/")
        and not link.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(link, allowed_hosts=None)
    )


def agenda_item_add(*, meeting: Meeting, by: User, title: str, link: str = "") -> AgendaItem:
    """Put a topic on a meeting's agenda. The agenda is the actor's to draft; a meeting that
    is cancelled, held or already over takes no new items. `link` is an internal path
    (e.g. to a career-design item)."""
    mentorship = meeting.mentorship
    if not mentorship.is_actor(by):
        raise PermissionDenied(_("Only the student drafts the agenda."))
    _live(mentorship)
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Give the topic a title.")})
    if link and not _is_internal_path(link):
        raise ValidationError({"link": _("The link must be a path inside Mentorlab.")})
    with transaction.atomic():
        current = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if current.status == MeetingStatus.CANCELLED:
            raise ValidationError(_("This meeting is cancelled; choose another meeting."))
        if current.status == MeetingStatus.HELD or current.end < timezone.now():
            raise ValidationError(_("This meeting is already over; choose a coming meeting."))
        position = (current.agenda.aggregate(n=Max("position"))["n"] or 0) + 1
        item = AgendaItem(meeting=current, title=title, link=link, added_by=by, position=position)
        item.full_clean()
        item.save()
    return item


def agenda_item_remove(*, item: AgendaItem, by: User) -> None:
    if not item.meeting.mentorship.is_actor(by):
        raise PermissionDenied(_("Only the student drafts the agenda."))
    if item.meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(_("The agenda of a past or cancelled meeting is kept as it was."))
    item.delete()


# --- closure ------------------------------------------------------------------------------
def closing_reflection_save(*, mentorship: Mentorship, by: User, text: str) -> ClosingReflection:
    _participant(mentorship, by)
    if not text.strip():
        raise ValidationError({"reflection": _("Write a few words about what you take away.")})
    reflection, _created = ClosingReflection.objects.update_or_create(
        mentorship=mentorship, author=by, defaults={"text": text.strip()}
    )
    return reflection


def _close(current: Mentorship, *, state: str, reason: str = "") -> None:
    """Put a locked, live mentorship into a closed state: planned meetings are cancelled and,
    after an early end, the programme's rematch rule decides whether the students are free
    for a new match. Shared by the participants' and the coordinators' paths."""
    current.state = state
    current.ended_at = timezone.now()
    fields = ["state", "ended_at"]
    if state == MentorshipState.ENDED_EARLY:
        current.end_reason = reason
        fields.append("end_reason")
    current.save(update_fields=fields)
    planned = list(
        Meeting.objects.filter(mentorship=current, status=MeetingStatus.PLANNED).select_for_update()
    )
    # SEQUENCE grows, so calendars (the feed and the invitations) drop the entries.
    Meeting.objects.filter(pk__in=[m.pk for m in planned]).update(
        status=MeetingStatus.CANCELLED, sequence=F("sequence") + 1, updated_at=timezone.now()
    )
    for meeting in planned:
        meeting.status = MeetingStatus.CANCELLED
        meeting.sequence += 1
        meeting.mentorship = current
    notices.meetings_cancelled_at_closure(planned)
    if state == MentorshipState.ENDED_EARLY and current.programme.rematch_after_early_end:
        # Frees the students for a new match in the same programme.
        current.members.update(live=False)


def _audit_close(mentorship: Mentorship, *, by: User, old_state: str) -> None:
    completed = mentorship.state == MentorshipState.COMPLETED
    audit_record(
        action=Action.MENTORSHIP_COMPLETED if completed else Action.MENTORSHIP_ENDED,
        by=by,
        target=mentorship,
        programme=mentorship.programme,
        details={"old": old_state, "new": mentorship.state},
    )


def mentorship_complete(*, mentorship: Mentorship, by: User, reflection: str) -> Mentorship:
    """Close an active mentorship as completed, with the closer's closing reflection; the
    others can add theirs afterwards. The coordinators are told."""
    _participant(mentorship, by)
    with transaction.atomic():
        current = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
        if current.state != MentorshipState.ACTIVE:
            raise ValidationError(_("Only an active mentorship can be completed."))
        closing_reflection_save(mentorship=current, by=by, text=reflection)
        _close(current, state=MentorshipState.COMPLETED)
        emails.mentorship_closed(current)
    return current


def mentorship_end(*, mentorship: Mentorship, by: User, reason: str) -> Mentorship:
    """End a live mentorship early, with a reason (a participant or a coordinator). Whether
    the students may be matched again follows the programme's setting."""
    by_participant = mentorship.is_participant(by)
    if not (by_participant or mentorship.programme.is_coordinator(by)):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Tell briefly why the mentorship ends.")})
    with transaction.atomic():
        current = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
        if not current.is_live:
            raise ValidationError(_("This mentorship has already ended."))
        old_state = current.state
        _close(current, state=MentorshipState.ENDED_EARLY, reason=reason.strip())
        if not by_participant:
            # A coordinator's action on other people's mentorship; a participant ending
            # their own is their business, not the coordinators' audit trail.
            _audit_close(current, by=by, old_state=old_state)
        emails.mentorship_closed(current)
    return current


def mentorship_close_by_coordinator(
    *, mentorship: Mentorship, by: User, outcome: str, reason: str = ""
) -> Mentorship:
    """A coordinator ends a live mentorship early (with a reason the participants read) or
    marks an active one completed. The participants are told by e-mail; the other
    coordinators get the usual notice, the acting coordinator does not. No closing
    reflection is written for anyone: each participant can add their own afterwards."""
    require_coordinator(mentorship.programme, by)
    if outcome not in (MentorshipState.ENDED_EARLY, MentorshipState.COMPLETED):
        raise ValidationError(_("Choose whether the mentorship ends early or is completed."))
    reason = reason.strip()
    if outcome == MentorshipState.ENDED_EARLY and not reason:
        raise ValidationError(
            {"reason": _("Tell the participants briefly why the mentorship ends.")}
        )
    with transaction.atomic():
        current = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
        if not current.is_live:
            raise ValidationError(_("This mentorship has already ended."))
        if outcome == MentorshipState.COMPLETED and current.state != MentorshipState.ACTIVE:
            raise ValidationError(
                _(
                    "Only an active mentorship (agreement confirmed) can be completed; "
                    "end it early instead."
                )
            )
        old_state = current.state
        _close(current, state=outcome, reason=reason)
        _audit_close(current, by=by, old_state=old_state)
        emails.mentorship_closed_by_coordinator(current, by=by)
        emails.mentorship_closed(current, by=by)
    return current
