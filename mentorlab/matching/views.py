from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentorlab.accounts.auth import signed_in_user
from mentorlab.audit.services import export_record
from mentorlab.core.errors import add_errors_to_form, messages_from_error
from mentorlab.core.spreadsheets import csv_response
from mentorlab.programmes.access import coordinated_programme_or_404
from mentorlab.programmes.models import Programme

from . import selectors, services
from .explain import CRITERION_LABELS, breakdown_rows, suggestion_reasons, unmatched_reason
from .forms import PairForm, RankingForm, RunForm
from .models import MatchRun


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _pair_form(programme: Programme, data: Any = None) -> PairForm:
    return PairForm(
        data,
        actors=selectors.accepted_actors(programme),
        mentors=selectors.accepted_mentors(programme),
    )


@login_required
def matching_home(request: HttpRequest, slug: str) -> HttpResponse:
    programme = coordinated_programme_or_404(request.user, slug)
    form = RunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        run = services.match_run_start(
            programme=programme,
            by=signed_in_user(request),
            weights=form.weights(),
            mode=form.cleaned_data["mode"],
            k=form.cleaned_data["k"],
        )
        return redirect("matching:run", slug=slug, run_id=run.pk)
    return render(
        request,
        "matching/home.html",
        {
            "programme": programme,
            "form": form,
            "runs": selectors.recent_runs(programme),
            "locks": selectors.locks_of(programme),
            "exclusions": selectors.exclusions_of(programme),
            "pair_form": _pair_form(programme),
            "waiting": selectors.waiting_count(programme),
            "places": selectors.free_places(programme),
        },
    )


@login_required
@require_POST
def rule_add(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    programme = coordinated_programme_or_404(request.user, slug)
    form = _pair_form(programme, request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(str(e) for e in errors)}")
        return redirect("matching:home", slug=slug)
    by = signed_in_user(request)
    actor, mentor = form.cleaned_data["actor"], form.cleaned_data["mentor"]
    try:
        if kind == "lock":
            services.lock_add(programme=programme, actor=actor, mentor=mentor, by=by)
            messages.success(
                request,
                _("%(actor)s will be kept with %(mentor)s.") % {"actor": actor, "mentor": mentor},
            )
        elif kind == "exclusion":
            services.exclusion_add(
                programme=programme,
                actor=actor,
                mentor=mentor,
                by=by,
                note=form.cleaned_data["note"],
            )
            messages.success(
                request,
                _("%(actor)s will never be matched with %(mentor)s.")
                % {"actor": actor, "mentor": mentor},
            )
        else:
            raise Http404
    except ValidationError as exc:
        messages_from_error(request, exc)
    return redirect("matching:home", slug=slug)


@login_required
@require_POST
def rule_remove(request: HttpRequest, slug: str, kind: str, pk: int) -> HttpResponse:
    programme = coordinated_programme_or_404(request.user, slug)
    by = signed_in_user(request)
    if kind == "lock":
        lock = get_object_or_404(selectors.locks_of(programme), pk=pk)
        services.lock_remove(programme=programme, actor=lock.actor, by=by)
    elif kind == "exclusion":
        services.exclusion_remove(programme=programme, exclusion_id=pk, by=by)
    else:
        raise Http404
    messages.success(request, _("Rule removed."))
    return redirect("matching:home", slug=slug)


def _run_or_404(request: HttpRequest, slug: str, run_id: int) -> MatchRun:
    return selectors.run_or_404(coordinated_programme_or_404(request.user, slug), run_id)


@login_required
def run_detail(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    run = _run_or_404(request, slug, run_id)
    if not run.is_finished:
        template = (
            "matching/_run_progress.html" if _is_htmx(request) else "matching/run_waiting.html"
        )
        return render(request, template, {"programme": run.programme, "run": run})
    if _is_htmx(request):
        response = HttpResponse()
        response["HX-Refresh"] = "true"
        return response
    return render(
        request,
        "matching/run_detail.html",
        {
            "programme": run.programme,
            "run": run,
            "pairs": [(p, breakdown_rows(p.breakdown)) for p in selectors.run_pairs(run)],
            "unmatched": [
                {**row, "text": unmatched_reason(row)} for row in selectors.unmatched_rows(run)
            ],
            "capacity": selectors.mentor_places_left(run),
            "summary": selectors.run_summary(run),
            "locked_ids": selectors.locked_actor_ids(run.programme),
        },
    )


@login_required
@require_POST
def pair_reject(request: HttpRequest, slug: str, run_id: int, pair_id: int) -> HttpResponse:
    run = _run_or_404(request, slug, run_id)
    try:
        services.proposal_reject_pair(run=run, pair_id=pair_id, by=signed_in_user(request))
        messages.success(request, _("Pair rejected. The next run will not propose it again."))
    except ValidationError as exc:
        messages_from_error(request, exc)
    return redirect("matching:run", slug=slug, run_id=run.pk)


@login_required
@require_POST
def pair_lock(request: HttpRequest, slug: str, run_id: int, pair_id: int) -> HttpResponse:
    run = _run_or_404(request, slug, run_id)
    pair = selectors.run_pair_or_404(run, pair_id)
    try:
        services.lock_add(
            programme=run.programme,
            actor=pair.actor,
            mentor=pair.mentor,
            by=signed_in_user(request),
        )
        messages.success(request, _("Locked: the next runs keep this pair."))
    except ValidationError as exc:
        messages_from_error(request, exc)
    return redirect("matching:run", slug=slug, run_id=run.pk)


@login_required
def pair_swap(request: HttpRequest, slug: str, run_id: int, actor_id: int) -> HttpResponse:
    run = _run_or_404(request, slug, run_id)
    actor = selectors.accepted_actor_or_404(run.programme, actor_id)
    if not run.is_pending:
        messages.error(request, _("Only a pending proposal can be changed."))
        return redirect("matching:run", slug=slug, run_id=run.pk)
    options = selectors.swap_options(run=run, actor=actor)
    users = selectors.users_by_id(int(s.mentor) for s in options)
    if request.method == "POST":
        mentor = users.get(int(request.POST.get("mentor", "0") or 0))
        if mentor is None:
            messages.error(request, _("Choose one of the listed mentors."))
        else:
            try:
                services.proposal_swap(
                    run=run, actor=actor, mentor=mentor, by=signed_in_user(request)
                )
            except ValidationError as exc:
                messages_from_error(request, exc)
            else:
                messages.success(
                    request, _("%(actor)s now has %(mentor)s.") % {"actor": actor, "mentor": mentor}
                )
                return redirect("matching:run", slug=slug, run_id=run.pk)
    current = selectors.current_pair(run, actor)
    return render(
        request,
        "matching/swap.html",
        {
            "programme": run.programme,
            "run": run,
            "actor": actor,
            "current": current,
            "options": [
                (users[int(s.mentor)], s.score, breakdown_rows(s.breakdown)) for s in options
            ],
        },
    )


@login_required
@require_POST
def run_publish(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    run = _run_or_404(request, slug, run_id)
    try:
        count = services.match_publish(run=run, by=signed_in_user(request))
    except ValidationError as exc:
        messages_from_error(request, exc)
        return redirect("matching:run", slug=slug, run_id=run.pk)
    messages.success(
        request,
        _("Published %(count)d pairs. Each participant has been introduced by e-mail.")
        % {"count": count},
    )
    return redirect("matching:run", slug=slug, run_id=run.pk)


EXPORT_CRITERIA = ["topics", "industry", "text", "location", "preference", "diversity"]


@login_required
def run_export(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    run = _run_or_404(request, slug, run_id)
    header = [
        _("Student"),
        _("Student's e-mail"),
        _("Mentor"),
        _("Mentor's e-mail"),
        _("Score"),
        *[capfirst(str(CRITERION_LABELS[c])) for c in EXPORT_CRITERIA],
        capfirst(_("locked")),
        _("Changed by hand, or why unmatched"),
    ]
    rows: list[list[Any]] = [header]
    for p in run.pairs.select_related("actor", "mentor"):
        rows.append(
            [p.actor.full_name, p.actor.email, p.mentor.full_name, p.mentor.email, p.score]
            + [p.breakdown.get(c, 0) for c in EXPORT_CRITERIA]
            + [p.locked, p.edited]
        )
    for row in selectors.unmatched_rows(run):
        user = row["user"]
        rows.append(
            [
                user.full_name if user else row["actor"],
                user.email if user else "",
                "",
                "",
                "",
                *[""] * len(EXPORT_CRITERIA),
                "",
                unmatched_reason(row),
            ]
        )
    export_record(by=request.user, programme=run.programme, what="matching-run.csv", target=run)
    return csv_response(rows, filename=f"matching-run-{run.pk}.csv")


@login_required
def choose_mentors(request: HttpRequest, slug: str) -> HttpResponse:
    """An accepted student's suggested mentors, and their ranking of up to three."""
    programme = selectors.ranking_programme_or_404(slug)
    user = signed_in_user(request)
    application = selectors.accepted_application_or_404(programme, user)
    suggestions = selectors.suggestions_for(programme=programme, actor=user)
    cards = [
        (mentor, suggestion_reasons(application, mentor, s.breakdown))
        for mentor, s in selectors.suggested_mentor_applications(programme, suggestions)
    ]
    choices = [(str(m.user_id), f"{m.user.full_name} – {m.current_role}") for m, _r in cards]
    initial = selectors.current_ranking(programme, user)
    form = RankingForm(request.POST or None, choices=choices, initial=initial)
    if request.method == "POST" and form.is_valid():
        chosen = selectors.users_in_order([int(pk) for pk in form.cleaned_data["ranked"]])
        try:
            services.preferences_set(programme=programme, actor=user, mentors=chosen)
        except ValidationError as exc:
            add_errors_to_form(form, exc)
        else:
            messages.success(
                request,
                _("Your choices are saved. You can change them until matching is published."),
            )
            return redirect("matching:choose", slug=slug)
    return render(
        request,
        "matching/choose.html",
        {
            "programme": programme,
            "cards": cards,
            "form": form,
            "closed": selectors.matching_published(programme),
        },
    )
