"""Reads for the toolkit that already apply who may see what.

- The owner (an actor: accepted into at least one programme) sees and edits everything.
- A mentor of a mentorship the owner belongs to (not one that ended early) reads what the
  owner shared, and may comment on it.
- Coordinators get usage counts per programme only (`usage_counts`). Everyone else: 404."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q
from django.http import Http404

from mentorlab.accounts.models import User
from mentorlab.mentorships.models import Mentorship, MentorshipState
from mentorlab.programmes import selectors as programme_selectors
from mentorlab.programmes.choices import ApplicationStatus
from mentorlab.programmes.models import ActorApplication, Programme

from .models import (
    CareerStory,
    Comment,
    JournalEntry,
    Moment,
    OdysseyPlan,
    Prototype,
    Strength,
    Theme,
    ToolkitItem,
    Value,
    ValuesProfile,
    WeeklyReflection,
)
from .registry import KINDS, ItemKind, kind_or_404


def is_actor(user: Any) -> bool:
    """May use the toolkit: accepted as an actor in some programme."""
    return programme_selectors.is_accepted_actor(user)


def actor_or_404(user: Any) -> User:
    if not is_actor(user):
        raise Http404
    assert isinstance(user, User)
    return user


def _mentoring_relations() -> Q:
    # A mentorship that ended early closes the window onto the actor's toolkit; a
    # completed one keeps it open, so the pair can still look back together.
    return ~Q(state=MentorshipState.ENDED_EARLY)


def mentorships_of_actor(owner: User) -> Iterable[Mentorship]:
    return (
        Mentorship.objects.filter(_mentoring_relations(), members__actor=owner)
        .select_related("programme", "mentor")
        .distinct()
    )


def mentors_of(owner: User) -> list[User]:
    return [m.mentor for m in mentorships_of_actor(owner)]


def is_mentor_of(user: Any, owner: User) -> bool:
    if not getattr(user, "is_authenticated", False) or user.pk == owner.pk:
        return False
    return Mentorship.objects.filter(
        _mentoring_relations(), mentor=user, members__actor=owner
    ).exists()


def mentees_of(mentor: Any) -> list[User]:
    """The actors whose shared toolkit items this mentor may read."""
    if not getattr(mentor, "is_authenticated", False):
        return []
    return list(
        User.objects.filter(
            mentorship_memberships__mentorship__mentor=mentor,
            mentorship_memberships__mentorship__state__in=[
                MentorshipState.INTRODUCED,
                MentorshipState.ACTIVE,
                MentorshipState.COMPLETED,
            ],
        )
        .distinct()
        .order_by("full_name")
    )


def mentee_or_404(mentor: Any, owner_pk: int) -> User:
    owner = User.objects.filter(pk=owner_pk).first()
    if owner is None or not is_mentor_of(mentor, owner):
        raise Http404
    return owner


def item_for_viewer_or_404(user: Any, kind_key: str, pk: int) -> tuple[ItemKind, ToolkitItem, bool]:
    """(kind, item, is_owner) if `user` may see the item: its owner, or a mentor of the
    owner when the item is shared. 404 for anyone else."""
    kind = kind_or_404(kind_key)
    if not getattr(user, "is_authenticated", False):
        raise Http404
    item = kind.model._default_manager.select_related("owner").filter(pk=pk).first()
    if item is None:
        raise Http404
    if item.owner_id == user.pk:
        return kind, item, True
    if item.shared and is_mentor_of(user, item.owner):
        return kind, item, False
    raise Http404


def own_item_or_404(user: Any, kind_key: str, pk: int) -> tuple[ItemKind, ToolkitItem]:
    kind = kind_or_404(kind_key)
    owner = actor_or_404(user)
    item = kind.model._default_manager.filter(pk=pk, owner=owner).first()
    if item is None:
        raise Http404
    return kind, item


def comments_for(item: ToolkitItem) -> list[Comment]:
    return list(
        Comment.objects.filter(item_kind=item.kind, item_id=item.pk).select_related("author")
    )


# --- per-exercise reads for the owner (or a mentor reading shared things) ---------------
def journal_entries(owner: User, *, shared_only: bool = False) -> list[JournalEntry]:
    qs = JournalEntry.objects.filter(owner=owner)
    if shared_only:
        qs = qs.filter(shared=True)
    return list(qs)


def reflections(owner: User, *, shared_only: bool = False) -> list[WeeklyReflection]:
    qs = WeeklyReflection.objects.filter(owner=owner)
    if shared_only:
        qs = qs.filter(shared=True)
    return list(qs)


def themes(owner: User) -> list[Theme]:
    return list(Theme.objects.filter(owner=owner))


def moments(owner: User, *, shared_only: bool = False) -> list[Moment]:
    qs = Moment.objects.filter(owner=owner).select_related("theme")
    if shared_only:
        qs = qs.filter(shared=True)
    return list(qs)


def moments_by_theme(items: list[Moment]) -> list[tuple[Theme | None, list[Moment]]]:
    groups: dict[int | None, tuple[Theme | None, list[Moment]]] = {}
    for moment in items:
        key = moment.theme_id
        groups.setdefault(key, (moment.theme, []))[1].append(moment)
    named = sorted(
        (g for k, g in groups.items() if k is not None), key=lambda g: g[0].name if g[0] else ""
    )
    return named + ([groups[None]] if None in groups else [])


def values_profile(owner: User) -> ValuesProfile | None:
    return ValuesProfile.objects.filter(owner=owner).first()


def values(owner: User) -> list[Value]:
    return list(Value.objects.filter(owner=owner))


def strengths(owner: User) -> list[Strength]:
    return list(Strength.objects.filter(owner=owner))


def plans(owner: User, *, shared_only: bool = False) -> list[OdysseyPlan]:
    qs = OdysseyPlan.objects.filter(owner=owner)
    if shared_only:
        qs = qs.filter(shared=True)
    order = {"current": 0, "vanished": 1, "wildcard": 2}
    return sorted(qs, key=lambda p: order.get(p.plan_kind, 9))


def prototypes(owner: User, *, shared_only: bool = False) -> list[Prototype]:
    qs = Prototype.objects.filter(owner=owner).select_related("plan")
    if shared_only:
        qs = qs.filter(shared=True)
    return list(qs)


def conversation_ideas(items: list[Prototype]) -> list[Prototype]:
    """Prototype conversations not yet done where the mentor could help, e.g. with an
    introduction from their network."""
    return [
        p
        for p in items
        if p.prototype_kind == "conversation" and p.mentor_can_help and p.status != "done"
    ]


def story(owner: User) -> CareerStory | None:
    return CareerStory.objects.filter(owner=owner).prefetch_related("versions").first()


def shared_items(owner: User) -> dict[str, list[ToolkitItem]]:
    """Everything `owner` shares, by kind key (what a mentor may read)."""
    return {
        key: list(kind.model._default_manager.filter(owner=owner, shared=True))
        for key, kind in KINDS.items()
    }


def item_counts(owner: User) -> dict[str, int]:
    return {
        key: kind.model._default_manager.filter(owner=owner).count() for key, kind in KINDS.items()
    }


def usage_counts(programme: Programme) -> dict[str, int]:
    """For a coordinator dashboard: how much the programme's actors use the toolkit.
    Counts only; nothing about content or about which actor did what."""
    # A subquery, not a list: a thousand ids bound into 21 queries cost 0.2 s on SQLite.
    actor_ids = ActorApplication.objects.filter(
        programme=programme, status=ApplicationStatus.ACCEPTED
    ).values("user_id")
    counts: dict[str, int] = {"actors": actor_ids.count()}
    owners = []
    shared = 0
    for key, kind in KINDS.items():
        qs = kind.model._default_manager.filter(owner_id__in=actor_ids).order_by()
        # One query a kind: all its items and the shared ones.
        totals = qs.aggregate(n=Count("pk"), shared=Count("pk", filter=Q(shared=True)))
        counts[key] = totals["n"]
        shared += totals["shared"]
        owners.append(qs.values("owner_id"))
    counts["shared"] = shared
    # Counted in the database (a UNION drops the duplicates): never a row per item.
    counts["actors_using"] = owners[0].union(*owners[1:]).count() if owners else 0
    return counts
