"""Writes for conversations. Each service takes plain data (ids and text), checks again
that the person takes part (the views have already answered 404 to anyone else) and runs in
one transaction."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentorlab.accounts.models import User
from mentorlab.mentorships.services import mentorship_record_contact
from mentorlab.notifications.services import notifications_mark_read_for, notify

from .emails import UNREAD_KIND
from .models import MAX_MESSAGE_LENGTH, Conversation, Message, ReadMarker
from .selectors import MENTORSHIP, Thread, thread_for, thread_of_conversation

EDIT_WINDOW = dt.timedelta(minutes=15)


def _thread(by: User, kind: str, owner_id: int) -> Thread:
    thread = thread_for(by, kind, owner_id)
    if thread is None:
        raise PermissionDenied
    return thread


def _clean_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError(_("Write something before sending."), code="empty")
    if len(text) > MAX_MESSAGE_LENGTH:
        raise ValidationError(
            _("A message can be at most %(limit)d characters long (this one has %(count)d).")
            % {"limit": MAX_MESSAGE_LENGTH, "count": len(text)},
            code="too_long",
        )
    return text


def _writable(thread: Thread) -> None:
    if not thread.can_post:
        raise ValidationError(_("This mentorship has ended; its conversation can only be read."))


def message_post(*, by: User, kind: str, owner_id: int, text: str) -> Message:
    """Post a message to the conversation of a mentorship (`kind="mentorship"`) or a peer
    group (`kind="group"`), creating the conversation with its first message. The author
    has read their own message; the pair's "last contact" date moves on."""
    thread = _thread(by, kind, owner_id)
    _writable(thread)
    text = _clean_text(text)
    now = timezone.now()
    with transaction.atomic():
        if kind == MENTORSHIP:
            conversation, _created = Conversation.objects.get_or_create(mentorship_id=owner_id)
        else:
            conversation, _created = Conversation.objects.get_or_create(peer_group_id=owner_id)
        message = Message(conversation=conversation, author=by, text=text, created_at=now)
        message.full_clean()
        message.save()
        Conversation.objects.filter(pk=conversation.pk).update(changed_at=now)
        _mark_read(conversation.pk, by, message.pk, now)
        if kind == MENTORSHIP:
            mentorship_record_contact(mentorship_id=owner_id, at=now)
        for person in thread.participants:
            if person.pk != by.pk:
                notify(
                    user=person,
                    kind=UNREAD_KIND,
                    message=gettext_lazy("%(name)s sent you a message."),
                    params={"name": by.display_name},
                    url=thread.url() + "#latest",
                    programme_id=getattr(thread.owner, "programme_id", None),
                    # E-mailed by the unread reminder only if it stays unread a while.
                    mailed_later_by_caller=True,
                )
    return message


def _own_message(by: User, message_id: int) -> tuple[Message, Thread]:
    message = (
        Message.objects.select_for_update()
        .select_related("conversation")
        .filter(pk=message_id, author_id=by.pk)
        .first()
    )
    if message is None:
        raise PermissionDenied
    kind, owner_id = thread_of_conversation(message.conversation)
    return message, _thread(by, kind, owner_id)


def message_edit(*, by: User, message_id: int, text: str) -> Message:
    """The author corrects their message within `EDIT_WINDOW` of sending it; it then
    shows "edited"."""
    text = _clean_text(text)
    now = timezone.now()
    with transaction.atomic():
        message, thread = _own_message(by, message_id)
        _writable(thread)
        if message.is_deleted:
            raise ValidationError(_("A deleted message cannot be edited."))
        if now - message.created_at > EDIT_WINDOW:
            raise ValidationError(
                _("A message can be edited for %(minutes)d minutes after sending.")
                % {"minutes": EDIT_WINDOW.seconds // 60}
            )
        if text == message.text:
            return message
        message.text = text
        message.edited_at = now
        message.full_clean()
        message.save(update_fields=["text", "edited_at"])
        Conversation.objects.filter(pk=message.conversation_id).update(changed_at=now)
    return message


def message_delete(*, by: User, message_id: int) -> Message:
    """The author deletes their message at any time: its text is erased and the others
    see "message deleted" in its place, so the conversation still reads in order."""
    now = timezone.now()
    with transaction.atomic():
        message, _thread = _own_message(by, message_id)
        if message.is_deleted:
            return message
        message.text = ""
        message.deleted_at = now
        message.save(update_fields=["text", "deleted_at"])
        Conversation.objects.filter(pk=message.conversation_id).update(changed_at=now)
    return message


def _mark_read(conversation_id: int, user: User, up_to: int, now: dt.datetime) -> None:
    marker, _created = ReadMarker.objects.get_or_create(conversation_id=conversation_id, user=user)
    # Only forwards: a slow, late request must not mark newer messages unread again.
    ReadMarker.objects.filter(pk=marker.pk, last_read_id__lt=up_to).update(
        last_read_id=up_to, read_at=now
    )


def conversation_mark_read(*, by: User, kind: str, owner_id: int, up_to: int) -> None:
    """The participant has seen the conversation up to message `up_to` (the newest message
    their page shows), and so the notifications of those messages. Ids beyond the newest
    message are capped to it."""
    thread = _thread(by, kind, owner_id)
    conversation = thread.conversation
    if conversation is None:
        return
    newest = (
        Message.objects.filter(conversation=conversation, pk__lte=up_to)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    if newest is None:
        return
    # A message's notification is made just after the message, so the notifications of
    # what was read are those made before the first message the reader has not seen.
    unseen_since = (
        Message.objects.filter(conversation=conversation, pk__gt=newest)
        .order_by("pk")
        .values_list("created_at", flat=True)
        .first()
    )
    with transaction.atomic():
        _mark_read(conversation.pk, by, newest, timezone.now())
        notifications_mark_read_for(user=by, path=thread.url(), before=unseen_since)
