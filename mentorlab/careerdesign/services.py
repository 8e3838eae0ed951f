"""Writes for the toolkit. Every function checks that the writer owns what they change;
the views have already made sure the owner is an actor."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext as _

from mentorlab.accounts.models import User
from mentorlab.mentorships import selectors as mentorship_selectors
from mentorlab.mentorships import services as mentorship_services
from mentorlab.mentorships.models import AgendaItem, Mentorship

from . import selectors
from .models import (
    MAX_ODYSSEY_PLANS,
    CareerStory,
    Comment,
    JournalEntry,
    OdysseyPlan,
    PlanKind,
    Strength,
    Theme,
    ToolkitItem,
    Value,
    ValuesProfile,
    plan_questions_clean,
    plan_title_clean,
)
from .registry import KINDS

# What an owner may set on each kind of item (everything else is bookkeeping). The pages'
# forms offer the same fields; an import or an API passes any subset of them.
ITEM_FIELDS: dict[str, tuple[str, ...]] = {
    "entry": (
        "day",
        "activity",
        "engagement",
        "energy",
        "flow",
        "note",
        *JournalEntry.TAG_FIELDS,
        "shared",
    ),
    "reflection": ("week", "text", "shared"),
    "moment": ("title", "when", "description", "theme", "shared"),
    "values": ("workview", "lifeview", "shared"),
    "plan": (
        "plan_kind",
        "title",
        *OdysseyPlan.YEARS,
        "questions",
        *OdysseyPlan.GAUGES,
        "shared",
    ),
    "prototype": (
        "prototype_kind",
        "question",
        "plan",
        "what",
        "who_where",
        "status",
        "learned",
        "mentor_can_help",
        "shared",
    ),
}


def _check_owner(item: Any, owner: User) -> None:
    if item.pk is not None and item.owner_id != owner.pk:
        raise PermissionDenied


def _editable(owner: User, kind: str, item: ToolkitItem | None) -> Any:
    """A new item of `kind`, or a fresh, locked copy of `item` (so a refused change leaves
    the caller's object alone and two saves do not interleave)."""
    if kind not in ITEM_FIELDS:
        raise ValueError(f"Not an item kind that can be saved this way: {kind!r}")
    model = KINDS[kind].model
    if item is None:
        return model(owner=owner)
    if item.kind != kind:
        raise ValueError(f"The item is a {item.kind!r}, not a {kind!r}.")
    _check_owner(item, owner)
    return model._default_manager.select_for_update().get(pk=item.pk)


def _assign(instance: Any, owner: User, kind: str, values: Mapping[str, Any]) -> None:
    """Set the values on the item; ValidationError names a field whose value is not
    allowed (a theme or plan must be the owner's own, like the form's choices)."""
    unknown = set(values) - set(ITEM_FIELDS[kind])
    if unknown:
        raise ValueError(f"Fields that a {kind!r} does not have: {sorted(unknown)}")
    errors: dict[str, list[object]] = {}
    for name, value in values.items():
        if name in ("theme", "plan") and value is not None and value.owner_id != owner.pk:
            errors[name] = [forms.ModelChoiceField.default_error_messages["invalid_choice"]]
        setattr(instance, name, value.strip() if isinstance(value, str) else value)
    if kind == "plan":
        for name, rule in (("title", plan_title_clean), ("questions", plan_questions_clean)):
            try:
                setattr(instance, name, rule(getattr(instance, name)))
            except ValidationError as exc:
                errors[name] = list(exc.messages)
    if errors:
        raise ValidationError(errors)


def item_save(
    *,
    owner: User,
    kind: str,
    values: Mapping[str, Any],
    item: ToolkitItem | None = None,
) -> Any:
    """Create one of the owner's items of `kind` (see ITEM_FIELDS) or update `item`.
    Raises ValidationError naming the field, and saves nothing, when a value is not allowed."""
    if kind == "plan":
        if item is not None and not isinstance(item, OdysseyPlan):
            raise ValueError(f"The item is a {item.kind!r}, not a 'plan'.")
        return odyssey_plan_save(owner=owner, values=values, plan=item)
    with transaction.atomic():
        instance = _editable(owner, kind, item)
        _assign(instance, owner, kind, values)
        try:
            with transaction.atomic():
                instance.full_clean()
                instance.save()
                return instance
        except IntegrityError as exc:
            raise ValidationError(
                _("You already have one of these; edit that one instead.")
            ) from exc


def odyssey_plan_save(
    *, owner: User, values: Mapping[str, Any], plan: OdysseyPlan | None = None
) -> OdysseyPlan:
    """Save a plan, keeping to the exercise's shape: at most three, one of each kind."""
    with transaction.atomic():
        # Lock the owner's row so two tabs cannot both add a third plan.
        User.objects.select_for_update().filter(pk=owner.pk).first()
        plan = _editable(owner, "plan", plan)
        assert isinstance(plan, OdysseyPlan)
        others = OdysseyPlan.objects.filter(owner=owner).exclude(pk=plan.pk)
        if plan.pk is None and others.count() >= MAX_ODYSSEY_PLANS:
            raise ValidationError(
                _(
                    "You already have three odyssey plans, which is what the exercise asks for. "
                    "Edit or delete one of them to make room."
                )
            )
        _assign(plan, owner, "plan", values)
        if others.filter(plan_kind=plan.plan_kind).exists():
            raise ValidationError(
                {
                    "plan_kind": _(
                        "You already have a plan for “%(kind)s”. Each of the three plans "
                        "explores a different path; choose another one or edit that plan."
                    )
                    % {"kind": PlanKind(plan.plan_kind).label}
                }
            )
        plan.full_clean()
        plan.save()
    return plan


def item_share(*, owner: User, item: ToolkitItem, shared: bool) -> None:
    _check_owner(item, owner)
    item.shared = shared
    item.save(update_fields=["shared", "updated_at"])


def item_delete(*, owner: User, item: ToolkitItem) -> None:
    _check_owner(item, owner)
    with transaction.atomic():
        Comment.objects.filter(item_kind=item.kind, item_id=item.pk).delete()
        item.delete()


def theme_add(*, owner: User, name: str, description: str = "") -> Theme:
    theme = Theme(owner=owner, name=name.strip(), description=description.strip())
    if Theme.objects.filter(owner=owner, name__iexact=theme.name).exists():
        raise ValidationError({"name": _("You already have a theme with this name.")})
    theme.full_clean()
    theme.save()
    return theme


def theme_delete(*, owner: User, theme: Theme) -> None:
    if theme.owner_id != owner.pk:
        raise PermissionDenied
    theme.delete()  # its moments stay, without a theme


def values_profile_ensure(*, owner: User) -> ValuesProfile:
    profile, _created = ValuesProfile.objects.get_or_create(owner=owner)
    return profile


def values_add(*, owner: User, names: list[str]) -> int:
    """Add values by name (skipping ones the owner already has) at the end of the ranking."""
    if not names:
        raise ValidationError({"picked": _("Pick at least one value or write your own.")})
    with transaction.atomic():
        values_profile_ensure(owner=owner)
        existing = {v.name.casefold() for v in Value.objects.filter(owner=owner)}
        rank = (Value.objects.filter(owner=owner).aggregate(m=Max("rank"))["m"] or 0) + 1
        added = 0
        for name in names:
            if name.casefold() in existing:
                continue
            Value.objects.create(owner=owner, name=name, rank=rank)
            existing.add(name.casefold())
            rank += 1
            added += 1
    return added


def values_rank(*, owner: User, ranks: dict[int, tuple[int, str]]) -> None:
    """Store the owner's ranking. Equal ranks are allowed (two values can matter as much)."""
    with transaction.atomic():
        for value in Value.objects.select_for_update().filter(owner=owner, pk__in=ranks):
            value.rank, value.note = ranks[value.pk]
            value.full_clean()
            value.save(update_fields=["rank", "note"])


def value_remove(*, owner: User, value: Value) -> None:
    if value.owner_id != owner.pk:
        raise PermissionDenied
    value.delete()


def strength_add(*, owner: User, kind: str, name: str, evidence: str = "") -> Strength:
    strength = Strength(owner=owner, kind=kind, name=name.strip(), evidence=evidence.strip())
    strength.full_clean()
    with transaction.atomic():
        values_profile_ensure(owner=owner)
        strength.save()
    return strength


def strength_remove(*, owner: User, strength: Strength) -> None:
    if strength.owner_id != owner.pk:
        raise PermissionDenied
    strength.delete()


def compass_save(*, owner: User, workview: str, lifeview: str, shared: bool) -> ValuesProfile:
    """Save the owner's workview and lifeview and whether their values page is shared."""
    with transaction.atomic():
        profile = values_profile_ensure(owner=owner)
        saved: ValuesProfile = item_save(
            owner=owner,
            kind="values",
            item=profile,
            values={"workview": workview, "lifeview": lifeview, "shared": shared},
        )
    return saved


def story_save(*, owner: User, text: str) -> CareerStory:
    """Save the story as a new version; every earlier version stays readable."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("The story is empty; write something before saving.")})
    with transaction.atomic():
        story, _created = CareerStory.objects.get_or_create(owner=owner)
        story = CareerStory.objects.select_for_update().get(pk=story.pk)
        latest = story.versions.order_by("-number").first()
        if latest is not None and latest.text == text:
            return story  # nothing changed: no empty new version
        number = (latest.number if latest else 0) + 1
        version = story.versions.create(number=number, text=text)
        version.full_clean()
        story.save(update_fields=["updated_at"])
    return story


def comment_add(*, user: User, item: ToolkitItem, body: str) -> Comment:
    """The owner or a mentor who may read the (shared) item leaves a comment."""
    allowed = item.owner_id == user.pk or (item.shared and selectors.is_mentor_of(user, item.owner))
    if not allowed:
        raise PermissionDenied
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write a comment before sending.")})
    comment = Comment(item_kind=item.kind, item_id=item.pk, author=user, body=body)
    comment.full_clean()
    comment.save()
    return comment


def item_url(item: ToolkitItem) -> str:
    return reverse("careerdesign:item", kwargs={"kind": item.kind, "pk": item.pk})


def item_bring_to_meeting(*, owner: User, item: ToolkitItem, mentorship: Mentorship) -> AgendaItem:
    """Share the item with the mentor and put it on the agenda of the pair's next meeting,
    in one step: both happen or neither does."""
    _check_owner(item, owner)
    if not mentorship.is_actor(owner):
        raise PermissionDenied
    meeting = mentorship_selectors.next_meeting(mentorship)
    if meeting is None:
        raise ValidationError(
            _("There is no upcoming meeting yet. Book the next meeting first, then add this.")
        )
    with transaction.atomic():
        item_share(owner=owner, item=item, shared=True)
        return mentorship_services.agenda_item_add(
            meeting=meeting, by=owner, title=item.display_title[:200], link=item_url(item)
        )
