"""Writes for the toolkit. Every function checks that the writer owns what they change;
the views have already made sure the owner is an actor."""

from __future__ import annotations

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
    OdysseyPlan,
    PlanKind,
    Strength,
    Theme,
    ToolkitItem,
    Value,
    ValuesProfile,
)


def _check_owner(item: Any, owner: User) -> None:
    if item.pk is not None and item.owner_id != owner.pk:
        raise PermissionDenied


def item_save(*, owner: User, form: forms.ModelForm) -> Any:
    """Create or update one of the owner's items from a valid ModelForm."""
    instance = form.instance
    _check_owner(instance, owner)
    if isinstance(instance, OdysseyPlan):
        return odyssey_plan_save(owner=owner, form=form)
    with transaction.atomic():
        instance.owner = owner
        try:
            with transaction.atomic():
                instance.full_clean()
                return form.save()
        except IntegrityError as exc:
            raise ValidationError(
                _("You already have one of these; edit that one instead.")
            ) from exc


def odyssey_plan_save(*, owner: User, form: forms.ModelForm) -> OdysseyPlan:
    """Save a plan, keeping to the exercise's shape: at most three, one of each kind."""
    plan = form.instance
    assert isinstance(plan, OdysseyPlan)
    _check_owner(plan, owner)
    with transaction.atomic():
        # Lock the owner's row so two tabs cannot both add a third plan.
        User.objects.select_for_update().filter(pk=owner.pk).first()
        others = OdysseyPlan.objects.filter(owner=owner).exclude(pk=plan.pk)
        if plan.pk is None and others.count() >= MAX_ODYSSEY_PLANS:
            raise ValidationError(
                _(
                    "You already have three odyssey plans, which is what the exercise asks for. "
                    "Edit or delete one of them to make room."
                )
            )
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
        plan.owner = owner
        plan.full_clean()
        saved: OdysseyPlan = form.save()
    return saved


def item_share(*, owner: User, item: ToolkitItem, shared: bool) -> None:
    _check_owner(item, owner)
    item.shared = shared
    item.save(update_fields=["shared", "updated_at"])


def item_delete(*, owner: User, item: ToolkitItem) -> None:
    _check_owner(item, owner)
    with transaction.atomic():
        Comment.objects.filter(item_kind=item.kind, item_id=item.pk).delete()
        item.delete()


def theme_add(*, owner: User, form: forms.ModelForm) -> Theme:
    theme = form.instance
    assert isinstance(theme, Theme)
    theme.owner = owner
    if Theme.objects.filter(owner=owner, name__iexact=theme.name).exists():
        raise ValidationError({"name": _("You already have a theme with this name.")})
    saved: Theme = form.save()
    return saved


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


def strength_add(*, owner: User, form: forms.ModelForm) -> Strength:
    strength = form.instance
    assert isinstance(strength, Strength)
    with transaction.atomic():
        values_profile_ensure(owner=owner)
        strength.owner = owner
        saved: Strength = form.save()
    return saved


def strength_remove(*, owner: User, strength: Strength) -> None:
    if strength.owner_id != owner.pk:
        raise PermissionDenied
    strength.delete()


def compass_save(*, owner: User, form: forms.ModelForm) -> ValuesProfile:
    profile = form.instance
    assert isinstance(profile, ValuesProfile)
    _check_owner(profile, owner)
    profile.owner = owner
    saved: ValuesProfile = form.save()
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
