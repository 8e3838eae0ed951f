"""Adds the one error shape (mentorlab/api/errors.py) to every operation of the schema, so
clients know what a 400, 401, 403, 404 or 429 looks like and the schemathesis run checks
error responses against the schema too."""

from __future__ import annotations

from typing import Any

ERROR = {
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "What went wrong, in the caller's language."},
        "errors": {
            "type": "object",
            "description": (
                "Messages by field name (`non_field_errors` for the request as a whole); "
                "a nested object for a nested field such as `weights`."
            ),
            "additionalProperties": {},
        },
    },
    "required": ["detail", "errors"],
}

WHEN = {
    "400": "The input is not valid; `errors` names each field and why.",
    "401": "No token, or a token that is unknown, expired or revoked.",
    "403": "You may see this object, but not do this with it.",
    "404": "No such object, or not one you may see.",
    "429": "This token's rate limit is used up; retry after the Retry-After header.",
}


def add_error_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status, description in WHEN.items():
                responses.setdefault(status, {"description": description, "content": reference})
    return result
