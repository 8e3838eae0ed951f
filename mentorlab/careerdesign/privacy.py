"""Career design toolkit: everything here is the owner's own.

Export: all of the person's toolkit items (shared or not), their themes, values,
strengths, story versions, the comments on their items, and the comments they wrote on
someone else's shared item (their own words only; the other person's item is not copied).

Erasure: every item, theme, value, strength and story version of the person is deleted,
with all comments on those items. Comments the person wrote on another person's shared
item stay in that person's thread, under the anonymised name."""

from __future__ import annotations

from typing import Any

from mentorlab.accounts.models import User
from mentorlab.accounts.privacy import person, plain, serialize

from .models import Comment, Strength, Theme, Value
from .registry import KINDS


def _comments(kind: str, item_id: int) -> list[dict[str, Any]]:
    return [
        {"author": person(c.author), "text": c.body, "created_at": plain(c.created_at)}
        for c in Comment.objects.filter(item_kind=kind, item_id=item_id).select_related("author")
    ]


def export(user: User) -> dict[str, Any]:
    items: dict[str, list[dict[str, Any]]] = {}
    own_ids: dict[str, set[int]] = {}
    for key, kind in KINDS.items():
        rows = []
        for item in kind.model._default_manager.filter(owner=user).order_by("pk"):
            extra: dict[str, Any] = {"comments": _comments(key, item.pk)}
            versions = getattr(item, "versions", None)
            if versions is not None:
                extra["versions"] = [
                    {"number": v.number, "text": v.text, "created_at": plain(v.created_at)}
                    for v in versions.order_by("number")
                ]
            rows.append(serialize(item, exclude=("owner",), **extra))
            own_ids.setdefault(key, set()).add(item.pk)
        if rows:
            items[key] = rows
    written_elsewhere = [
        {"item_kind": c.item_kind, "text": c.body, "created_at": plain(c.created_at)}
        for c in Comment.objects.filter(author=user).order_by("created_at")
        if c.item_id not in own_ids.get(c.item_kind, set())
    ]
    return {
        "items": items,
        "themes": [serialize(t, exclude=("owner",)) for t in Theme.objects.filter(owner=user)],
        "values": [serialize(v, exclude=("owner",)) for v in Value.objects.filter(owner=user)],
        "strengths": [
            serialize(s, exclude=("owner",)) for s in Strength.objects.filter(owner=user)
        ],
        "comments_you_wrote_on_others_items": written_elsewhere,
    }


def erase(user: User) -> None:
    for key, kind in KINDS.items():
        own = kind.model._default_manager.filter(owner=user)
        Comment.objects.filter(item_kind=key, item_id__in=own.values("pk")).delete()
        own.delete()
    Theme.objects.filter(owner=user).delete()
    Value.objects.filter(owner=user).delete()
    Strength.objects.filter(owner=user).delete()
