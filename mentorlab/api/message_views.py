"""Messages of a mentorship's or a peer group's conversation, through the conversations
app's selectors and services: only the participants read and write (404 for everyone
else, the programme's coordinators included), the author edits within the service's window
and deletes at any time (the message keeps its place as "deleted")."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from mentorlab.conversations import selectors as conversation_selectors
from mentorlab.conversations import services as conversation_services
from mentorlab.conversations.models import Message

from . import serializers as s
from .views import _ListView, _user

# The service's own codes for a message text that is empty or too long: they belong on
# the `text` field, as the page shows them under its text box.
TEXT_ERRORS = ("empty", "too_long")


@contextmanager
def _text_errors_on_field() -> Iterator[None]:
    try:
        yield
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            raise
        on_text = [e for e in exc.error_list if e.code in TEXT_ERRORS]
        if not on_text:
            raise
        rest = [e for e in exc.error_list if e.code not in TEXT_ERRORS]
        raise ValidationError(
            {"text": on_text, **({NON_FIELD_ERRORS: rest} if rest else {})}
        ) from exc


def _after(request: Request) -> int | None:
    value = request.query_params.get("after", "")
    if not value:
        return None
    if not (value.isascii() and value.isdigit()):
        raise ValidationError({"after": [_("Give the id of a message (a whole number).")]})
    return int(value)


AFTER = OpenApiParameter(
    "after",
    OpenApiTypes.INT,
    description="Only messages newer than the message with this id (to fetch what is new).",
)


class _MessageList(_ListView):
    """The conversation, oldest message first (the newest on the last page). POST sends a
    message; the other participants are notified as from the page."""

    kind = ""
    serializer_class = s.MessageSerializer

    @extend_schema(parameters=[AFTER])
    def get(self, request: Request, pk: int) -> Response:
        thread = conversation_selectors.thread_or_404(_user(request), self.kind, pk)
        if thread.conversation is None:
            messages = Message.objects.none()
        else:
            messages = thread.conversation.messages.select_related("author").order_by("pk")
            if (after := _after(request)) is not None:
                messages = messages.filter(pk__gt=after)
        return self.paginated(messages)

    @extend_schema(request=s.MessageInputSerializer, responses={201: s.MessageSerializer})
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        thread = conversation_selectors.thread_or_404(user, self.kind, pk)
        data = s.MessageInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with _text_errors_on_field():
            message = conversation_services.message_post(
                by=user, kind=self.kind, owner_id=thread.owner_id, text=data.validated_data["text"]
            )
        return Response(s.MessageSerializer(message).data, status=status.HTTP_201_CREATED)


class MentorshipMessageList(_MessageList):
    kind = conversation_selectors.MENTORSHIP


class GroupMessageList(_MessageList):
    kind = conversation_selectors.GROUP


class MessageDetail(GenericAPIView[Any]):
    """Your own message: PATCH corrects it (within the edit window), DELETE deletes it.
    Anyone else's message is a 404, as on the pages."""

    serializer_class = s.MessageSerializer

    @extend_schema(request=s.MessageInputSerializer, responses=s.MessageSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        user = _user(request)
        message, _thread = conversation_selectors.own_message_or_404(user, pk)
        data = s.MessageInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with _text_errors_on_field():
            message = conversation_services.message_edit(
                by=user, message_id=message.pk, text=data.validated_data["text"]
            )
        return Response(s.MessageSerializer(message).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        user = _user(request)
        message, _thread = conversation_selectors.own_message_or_404(user, pk)
        conversation_services.message_delete(by=user, message_id=message.pk)
        return Response(status=status.HTTP_204_NO_CONTENT)
