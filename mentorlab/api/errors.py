"""One shape for every error: `{"detail": "...", "errors": {"field": ["why", ...]}}`.

The services raise Django's ValidationError (naming fields where a field is at fault) and
PermissionDenied; DRF knows neither ValidationError nor its field messages, so they are
mapped here. Unchecked access has already become a 404 in the selectors, so a 403 means the
object is visible but the action is not allowed.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


def _field_errors(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {
            (api_settings.NON_FIELD_ERRORS_KEY if name == NON_FIELD_ERRORS else name): [
                str(m) for m in messages
            ]
            for name, messages in exc.message_dict.items()
        }
    return {api_settings.NON_FIELD_ERRORS_KEY: [str(m) for m in exc.messages]}


def _flatten(data: Any) -> dict[str, Any]:
    if isinstance(data, dict):
        return {str(k): v if isinstance(v, list | dict) else [v] for k, v in data.items()}
    if isinstance(data, list):
        return {api_settings.NON_FIELD_ERRORS_KEY: data}
    return {api_settings.NON_FIELD_ERRORS_KEY: [data]}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        return Response(
            {"detail": _("The request was not valid."), "errors": _field_errors(exc)},
            status=status.HTTP_400_BAD_REQUEST,
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"detail": _("The request was not valid."), "errors": _flatten(exc.detail)}
    elif isinstance(response.data, dict) and "detail" in response.data:
        response.data = {"detail": str(response.data["detail"]), "errors": {}}
    return response
