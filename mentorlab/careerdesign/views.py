"""Thin views: look up through an access-checking selector (404 for anyone who may not
see), validate a form, call one service, then redirect or re-render with what was typed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentorlab.accounts.models import User
from mentorlab.core.errors import add_errors_to_form, messages_from_error
from mentorlab.core.redirects import safe_next_path

from . import selectors, services
from .chart import build_chart, weekly_averages
from .forms import (
    EDIT_FORMS,
    NEEDS_OWNER,
    SUMMARY_SECTIONS,
    CommentForm,
    CompassForm,
    JournalEntryForm,
    MomentForm,
    OdysseyPlanForm,
    PrototypeForm,
    ReflectionForm,
    StoryForm,
    StrengthForm,
    SummaryForm,
    ThemeForm,
    ValuesPickForm,
    ValuesRankForm,
)
from .models import MAX_ODYSSEY_PLANS, StoryVersion, Strength, Theme, Value
from .registry import KINDS


def _save(request: HttpRequest, form: forms.BaseForm, call: Any, success: str) -> bool:
    """Validate, call the service, and report. True when saved."""
    if not form.is_valid():
        return False
    try:
        call()
    except ValidationError as exc:
        add_errors_to_form(form, exc)
        return False
    messages.success(request, success)
    return True


# --- overview ---------------------------------------------------------------------------
@login_required
def index(request: HttpRequest) -> HttpResponse:
    owner = selectors.actor_or_404(request.user)
    return render(
        request,
        "careerdesign/index.html",
        {"counts": selectors.item_counts(owner), "mentors": selectors.mentors_of(owner)},
    )


# --- Good Time Journal ------------------------------------------------------------------
@login_required
def journal(request: HttpRequest) -> HttpResponse:
    owner = selectors.actor_or_404(request.user)
    form = JournalEntryForm(prefix="entry")
    reflection_form = ReflectionForm(prefix="reflection")
    if request.method == "POST":
        if "reflection-text" in request.POST:
            reflection_form = ReflectionForm(request.POST, prefix="reflection")
            if _save(
                request,
                reflection_form,
                lambda: services.item_save(
                    owner=owner, kind="reflection", values=reflection_form.cleaned_data
                ),
                _("Your reflection is saved."),
            ):
                return redirect("careerdesign:journal")
        else:
            form = JournalEntryForm(request.POST, prefix="entry")
            if _save(
                request,
                form,
                lambda: services.item_save(owner=owner, kind="entry", values=form.cleaned_data),
                _("Entry added to your journal."),
            ):
                return redirect("careerdesign:journal")
    entries = selectors.journal_entries(owner)
    points = weekly_averages(entries)
    return render(
        request,
        "careerdesign/journal.html",
        {
            "form": form,
            "reflection_form": reflection_form,
            "entries": entries,
            "points": points,
            "chart": build_chart(points),
            "reflections": selectors.reflections(owner),
            "high_points": sorted(entries, key=lambda e: (-e.engagement, -e.energy))[:5],
        },
    )


# --- Meaningful moments -----------------------------------------------------------------
@login_required
def moments(request: HttpRequest) -> HttpResponse:
    owner = selectors.actor_or_404(request.user)
    form = MomentForm(owner=owner, prefix="moment")
    theme_form = ThemeForm(prefix="theme")
    if request.method == "POST":
        if "theme-name" in request.POST:
            theme_form = ThemeForm(request.POST, prefix="theme")
            if _save(
                request,
                theme_form,
                lambda: services.theme_add(owner=owner, **theme_form.cleaned_data),
                _("Theme added."),
            ):
                return redirect("careerdesign:moments")
        else:
            form = MomentForm(request.POST, owner=owner, prefix="moment")
            if _save(
                request,
                form,
                lambda: services.item_save(owner=owner, kind="moment", values=form.cleaned_data),
                _("Moment added."),
            ):
                return redirect("careerdesign:moments")
    items = selectors.moments(owner)
    return render(
        request,
        "careerdesign/moments.html",
        {
            "form": form,
            "theme_form": theme_form,
            "groups": selectors.moments_by_theme(items),
            "themes": selectors.themes(owner),
            "count": len(items),
        },
    )


@login_required
@require_POST
def theme_delete(request: HttpRequest, pk: int) -> HttpResponse:
    owner = selectors.actor_or_404(request.user)
    theme = get_object_or_404(Theme, pk=pk, owner=owner)
    services.theme_delete(owner=owner, theme=theme)
    messages.success(request, _("Theme removed; its moments are kept."))
    return redirect("careerdesign:moments")


# --- Values, strengths, compass ---------------------------------------------------------
@login_required
def values(request: HttpRequest) -> HttpResponse:
    owner = selectors.actor_or_404(request.user)
    current = selectors.values(owner)
    profile = selectors.values_profile(owner)
    pick_form = ValuesPickForm(prefix="pick")
    rank_form = ValuesRankForm(values=current, prefix="rank")
    strength_form = StrengthForm(prefix="strength")
    compass_form = CompassForm(instance=profile, prefix="compass")
    if request.method == "POST":
        action = request.POST.get("action")
        saved = False
        if action == "pick":
            pick_form = ValuesPickForm(request.POST, prefix="pick")
            saved = _save(
                request,
                pick_form,
                lambda: services.values_add(owner=owner, names=pick_form.chosen()),
                _("Values added. Now rank them."),
            )
        elif action == "rank":
            rank_form = ValuesRankForm(request.POST, values=current, prefix="rank")
            saved = _save(
                request,
                rank_form,
                lambda: services.values_rank(owner=owner, ranks=rank_form.ranks()),
                _("Your ranking is saved."),
            )
        elif action == "strength":
            strength_form = StrengthForm(request.POST, prefix="strength")
            saved = _save(
                request,
                strength_form,
                lambda: services.strength_add(owner=owner, **strength_form.cleaned_data),
                _("Added."),
            )
        elif action == "compass":
            compass_form = CompassForm(request.POST, instance=profile, prefix="compass")
            saved = _save(
                request,
                compass_form,
                lambda: services.compass_save(owner=owner, **compass_form.cleaned_data),
                _("Your workview and lifeview are saved."),
            )
        if saved:
            return redirect("careerdesign:values")
    all_strengths = selectors.strengths(owner)
    return render(
        request,
        "careerdesign/values.html",
        {
            "profile": profile,
            "pick_form": pick_form,
            "rank_form": rank_form,
            "strength_form": strength_form,
            "compass_form": compass_form,
            "strengths": [s for s in all_strengths if s.kind == "strength"],
            "to_develop": [s for s in all_strengths if s.kind == "develop"],
        },
    )


@login_required
@require_POST
def value_remove(request: HttpRequest, pk: int) -> HttpResponse:
    owner = selectors.actor_or_404(request.user)
    services.value_remove(owner=owner, value=get_object_or_404(Value, pk=pk, owner=owner))
    messages.success(request, _("Value removed."))
    return redirect("careerdesign:values")


@login_required
@require_POST
def strength_remove(request: HttpRequest, pk: int) -> HttpResponse:
    owner = selectors.actor_or_404(request.user)
    services.strength_remove(owner=owner, strength=get_object_or_404(Strength, pk=pk, owner=owner))
    messages.success(request, _("Removed."))
    return redirect("careerdesign:values")


# --- Odyssey plans ----------------------------------------------------------------------
@login_required
def odyssey(request: HttpRequest) -> HttpResponse:
    owner = selectors.actor_or_404(request.user)
    form = OdysseyPlanForm(prefix="plan")
    if request.method == "POST":
        form = OdysseyPlanForm(request.POST, prefix="plan")
        if _save(
            request,
            form,
            lambda: services.item_save(owner=owner, kind="plan", values=form.cleaned_data),
            _("Plan saved."),
        ):
            return redirect("careerdesign:odyssey")
    plans = selectors.plans(owner)
    return render(
        request,
        "careerdesign/odyssey.html",
        {"form": form, "plans": plans, "room": len(plans) < MAX_ODYSSEY_PLANS},
    )


@login_required
def odyssey_compare(request: HttpRequest) -> HttpResponse:
    owner = selectors.actor_or_404(request.user)
    return render(request, "careerdesign/odyssey_compare.html", {"plans": selectors.plans(owner)})


# --- Prototypes -------------------------------------------------------------------------
@login_required
def prototypes(request: HttpRequest) -> HttpResponse:
    owner = selectors.actor_or_404(request.user)
    form = PrototypeForm(owner=owner, prefix="prototype")
    if request.method == "POST":
        form = PrototypeForm(request.POST, owner=owner, prefix="prototype")
        if _save(
            request,
            form,
            lambda: services.item_save(owner=owner, kind="prototype", values=form.cleaned_data),
            _("Prototype saved."),
        ):
            return redirect("careerdesign:prototypes")
    items = selectors.prototypes(owner)
    return render(
        request,
        "careerdesign/prototypes.html",
        {"form": form, "prototypes": items, "ideas": selectors.conversation_ideas(items)},
    )


# --- Career story -----------------------------------------------------------------------
@login_required
def story(request: HttpRequest) -> HttpResponse:
    owner = selectors.actor_or_404(request.user)
    current = selectors.story(owner)
    latest = current.latest if current else None
    form = StoryForm(initial={"text": latest.text if latest else ""})
    if request.method == "POST":
        # On any failure the bound form re-renders the textarea with exactly what was typed.
        form = StoryForm(request.POST)
        if _save(
            request,
            form,
            lambda: services.story_save(owner=owner, text=form.cleaned_data["text"]),
            _("Your story is saved as a new version."),
        ):
            return redirect("careerdesign:story")
    return render(
        request,
        "careerdesign/story.html",
        {
            "form": form,
            "story": current,
            "versions": list(current.versions.all()) if current else [],
            "values": selectors.values(owner)[:5],
            "profile": selectors.values_profile(owner),
            "strengths": [s for s in selectors.strengths(owner) if s.kind == "strength"],
            "themes": selectors.themes(owner),
            "plans": selectors.plans(owner),
            "learned": [p for p in selectors.prototypes(owner) if p.learned],
        },
    )


@login_required
def story_version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    _kind, item, is_owner = selectors.item_for_viewer_or_404(request.user, "story", pk)
    version = get_object_or_404(StoryVersion, story_id=item.pk, number=number)
    return render(
        request,
        "careerdesign/story_version.html",
        {"story": item, "version": version, "is_owner": is_owner},
    )


# --- Printable summary ------------------------------------------------------------------
@login_required
def summary(request: HttpRequest) -> HttpResponse:
    owner = selectors.actor_or_404(request.user)
    form = SummaryForm(request.GET or None)
    context: dict[str, Any] = {"form": form, "owner": owner}
    if form.is_valid():
        chosen = set(form.cleaned_data["sections"])
        context["chosen"] = chosen
        context["sections"] = [(key, label) for key, label in SUMMARY_SECTIONS if key in chosen]
        if "journal" in chosen:
            entries = selectors.journal_entries(owner)
            context["points"] = weekly_averages(entries)
            context["high_points"] = sorted(entries, key=lambda e: (-e.engagement, -e.energy))[:5]
            context["reflections"] = selectors.reflections(owner)
        if "moments" in chosen:
            context["groups"] = selectors.moments_by_theme(selectors.moments(owner))
        if "values" in chosen:
            context["profile"] = selectors.values_profile(owner)
            context["values"] = selectors.values(owner)
            context["strengths"] = selectors.strengths(owner)
        if "odyssey" in chosen:
            context["plans"] = selectors.plans(owner)
        if "prototypes" in chosen:
            context["prototypes"] = selectors.prototypes(owner)
        if "story" in chosen:
            current = selectors.story(owner)
            context["story_version"] = current.latest if current else None
        return render(request, "careerdesign/summary_print.html", context)
    return render(request, "careerdesign/summary.html", context)


# --- one item: read, edit, share, delete, comment, bring to a meeting -------------------
def _item_context(
    request: HttpRequest, kind_key: str, item: Any, is_owner: bool, comment_form: CommentForm
) -> dict[str, Any]:
    owner = item.owner
    context: dict[str, Any] = {
        "kind": KINDS[kind_key],
        "item": item,
        "is_owner": is_owner,
        "comments": selectors.comments_for(item),
        "comment_form": comment_form,
        "mentors": selectors.mentors_of(owner) if is_owner else [],
        "mentorships": list(selectors.mentorships_of_actor(owner)) if is_owner else [],
    }
    if kind_key == "values":
        context["values"] = selectors.values(owner)
        all_strengths = selectors.strengths(owner)
        context["strengths"] = [s for s in all_strengths if s.kind == "strength"]
        context["to_develop"] = [s for s in all_strengths if s.kind == "develop"]
    if kind_key == "story":
        context["versions"] = list(item.versions.all())
    return context


@login_required
def item_detail(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    _kind, item, is_owner = selectors.item_for_viewer_or_404(request.user, kind, pk)
    comment_form = CommentForm()
    if request.method == "POST":
        comment_form = CommentForm(request.POST)
        user = request.user
        assert isinstance(user, User)
        if _save(
            request,
            comment_form,
            lambda: services.comment_add(
                user=user, item=item, body=comment_form.cleaned_data["body"]
            ),
            _("Comment added."),
        ):
            return redirect("careerdesign:item", kind=kind, pk=pk)
    return render(
        request,
        "careerdesign/item_detail.html",
        _item_context(request, kind, item, is_owner, comment_form),
    )


@login_required
def item_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    item_kind, item = selectors.own_item_or_404(request.user, kind, pk)
    form_class = EDIT_FORMS.get(kind)
    if form_class is None:
        raise Http404
    owner = selectors.actor_or_404(request.user)
    extra: dict[str, Any] = {"owner": owner} if kind in NEEDS_OWNER else {}
    form = form_class(instance=item, **extra)
    if request.method == "POST":
        form = form_class(request.POST, instance=item, **extra)
        if _save(
            request,
            form,
            lambda: services.item_save(owner=owner, kind=kind, values=form.cleaned_data, item=item),
            _("Your changes are saved."),
        ):
            return redirect("careerdesign:item", kind=kind, pk=pk)
    return render(
        request, "careerdesign/item_edit.html", {"kind": item_kind, "item": item, "form": form}
    )


@login_required
@require_POST
def item_share(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    _kind, item = selectors.own_item_or_404(request.user, kind, pk)
    owner = selectors.actor_or_404(request.user)
    shared = request.POST.get("shared") == "1"
    services.item_share(owner=owner, item=item, shared=shared)
    if shared:
        messages.success(request, _("Shared with your mentor."))
    else:
        messages.success(request, _("Private again: your mentor no longer sees it."))
    back = safe_next_path(request, request.POST.get("next"))
    return HttpResponseRedirect(back or reverse("careerdesign:index"))


@login_required
def item_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    item_kind, item = selectors.own_item_or_404(request.user, kind, pk)
    if request.method == "POST":
        owner = selectors.actor_or_404(request.user)
        services.item_delete(owner=owner, item=item)
        messages.success(request, _("Deleted."))
        return redirect(f"careerdesign:{item_kind.exercise}")
    return render(request, "careerdesign/item_delete.html", {"kind": item_kind, "item": item})


@login_required
@require_POST
def item_agenda(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    _kind, item = selectors.own_item_or_404(request.user, kind, pk)
    owner = selectors.actor_or_404(request.user)
    mentorships = list(selectors.mentorships_of_actor(owner))
    chosen = request.POST.get("mentorship")
    mentorship = next((m for m in mentorships if str(m.pk) == chosen), None)
    if mentorship is None and len(mentorships) == 1:
        mentorship = mentorships[0]
    if mentorship is None:
        messages.error(request, _("Choose which mentorship's meeting to add it to."))
    else:
        try:
            services.item_bring_to_meeting(owner=owner, item=item, mentorship=mentorship)
        except ValidationError as exc:
            messages_from_error(request, exc)
        else:
            messages.success(
                request,
                _("Added to the agenda of your next meeting and shared with %(mentor)s.")
                % {"mentor": mentorship.mentor},
            )
    return redirect("careerdesign:item", kind=kind, pk=pk)


# --- what a mentor sees -----------------------------------------------------------------
@login_required
def shared_index(request: HttpRequest) -> HttpResponse:
    mentees = selectors.mentees_of(request.user)
    if not mentees:
        raise Http404
    return render(request, "careerdesign/shared_index.html", {"mentees": mentees})


@login_required
def shared_actor(request: HttpRequest, actor_pk: int) -> HttpResponse:
    owner = selectors.mentee_or_404(request.user, actor_pk)
    items = selectors.shared_items(owner)
    points = weekly_averages(selectors.journal_entries(owner, shared_only=True))
    all_prototypes = selectors.prototypes(owner, shared_only=True)
    return render(
        request,
        "careerdesign/shared_actor.html",
        {
            "owner": owner,
            "items": items,
            "kinds": KINDS,
            "points": points,
            "chart": build_chart(points),
            "ideas": selectors.conversation_ideas(all_prototypes),
            "nothing": not any(items.values()),
        },
    )
