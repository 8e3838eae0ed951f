from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
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
from .forms import PairForm, ProposalViewForm, RankingForm, RunForm
from .models import MatchRun, RunStatus


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
        try:
            run = services.match_run_start(
                programme=programme,
                by=signed_in_user(request),
                weights=form.weights(),
                mode=form.cleaned_data["mode"],
                k=form.cleaned_data["k"],
            )
        except services.RunAlreadyUnderWay as exc:
            messages_from_error(request, exc)
            run = exc.run
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
            "pickers": [_picker(request, programme, role) for role in PICKER_ROLES],
            "waiting": selectors.waiting_count(programme),
            "places": selectors.free_places(programme),
        },
    )


PICKER_ROLES = ("actor", "mentor")


def _picker(request: HttpRequest, programme: Programme, role: str) -> dict[str, Any]:
    """One search-as-you-type picker of the rule form: the query (`actor_q` / `mentor_q`,
    kept in the address without JavaScript) and at most a screenful of matching people."""
    query = request.GET.get(f"{role}_q", "")[:100]
    people, more = selectors.rule_candidates(programme, role, query)
    return {
        "role": role,
        "label": _("Student") if role == "actor" else _("Mentor"),
        "search_label": _("Find a student") if role == "actor" else _("Find a mentor"),
        "query": query,
        "people": people,
        "more": more,
    }


@login_required
def rule_candidates(request: HttpRequest, slug: str, role: str) -> HttpResponse:
    """The picker's results for htmx (the page itself answers the same search without it)."""
    programme = coordinated_programme_or_404(request.user, slug)
    if role not in PICKER_ROLES:
        raise Http404
    return render(
        request,
        "matching/_picker_results.html",
        {"programme": programme, "picker": _picker(request, programme, role), "oob": True},
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
    view = ProposalViewForm(request.GET)
    choice = view.choice()
    counts = selectors.proposal_counts(run)
    pairs = selectors.proposal_pairs(
        run, sort=choice["sort"], show=choice["show"], reason=choice["reason"]
    )
    page = Paginator(pairs, selectors.PROPOSAL_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "matching/run_detail.html",
        {
            "programme": run.programme,
            "run": run,
            "view": view,
            "choice": choice,
            "counts": counts,
            "show_links": _show_links(request, choice, counts),
            "reason_links": _reason_links(request, choice, counts),
            "page": page,
            "query": query.urlencode(),
            "pairs": _pair_rows(run, page.object_list),
            "unmatched": [
                {**row, "text": unmatched_reason(row)}
                for row in selectors.unmatched_rows(run, limit=UNMATCHED_SHOWN)
            ],
            "unmatched_total": len(run.unmatched),
            "capacity": selectors.mentor_places_left(run, limit=CAPACITY_SHOWN),
            "capacity_total": len(run.mentor_remaining),
            "summary": selectors.run_summary(run),
            "published_note": (
                _("Published %(count)d pairs. Each participant has been introduced by e-mail.")
                % {"count": counts["all"]}
                if run.status == RunStatus.PUBLISHED
                else ""
            ),
        },
    )


def _pair_rows(run: MatchRun, pairs: Any) -> list[dict[str, Any]]:
    """A page of pairs with their reasons and the addresses of their actions. The addresses
    are built from the run's own (one `reverse` a page, not three a row): the paths follow
    urls.py, and the tests compare them with `reverse`."""
    base = reverse("matching:run", args=[run.programme.slug, run.pk])
    return [
        {
            "pair": pair,
            "reasons": breakdown_rows(pair.breakdown),
            "swap": f"{base}swap/{pair.actor_id}/",
            "lock": f"{base}pairs/{pair.pk}/lock/",
            "reject": f"{base}pairs/{pair.pk}/reject/",
        }
        for pair in pairs
    ]


UNMATCHED_SHOWN = 50
CAPACITY_SHOWN = 50


def _link(request: HttpRequest, **changes: str) -> str:
    """This page's address with some query values changed (and back to its first page)."""
    query = request.GET.copy()
    query.pop("page", None)
    for key, value in changes.items():
        if value:
            query[key] = value
        else:
            query.pop(key, None)
    return f"?{query.urlencode()}" if query else "?"


def _show_links(
    request: HttpRequest, choice: dict[str, str], counts: dict[str, Any]
) -> list[dict[str, Any]]:
    labels = {"all": _("All pairs"), "locked": _("Locked"), "swapped": _("Changed by hand")}
    return [
        {
            "label": labels[show],
            "count": counts[show],
            "url": _link(request, show="" if show == "all" else show),
            "current": choice["show"] == show,
        }
        for show in ("all", "locked", "swapped")
    ]


def _reason_links(
    request: HttpRequest, choice: dict[str, str], counts: dict[str, Any]
) -> list[dict[str, Any]]:
    return [
        {
            "label": capfirst(str(CRITERION_LABELS.get(reason, reason))) if reason else _("None"),
            "count": n,
            "url": _link(request, reason=reason or "-"),
            "current": choice["reason"] == reason,
        }
        for reason, n in sorted(counts["reasons"].items(), key=lambda kv: (-kv[1], kv[0]))
    ]


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
    if request.method == "POST":
        users = selectors.users_by_id(int(s.mentor) for s in options)
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
    show_all = request.GET.get("all") == "1"
    shown = options if show_all else options[:SWAP_OPTIONS_SHOWN]
    users = selectors.users_by_id(int(s.mentor) for s in shown)
    return render(
        request,
        "matching/swap.html",
        {
            "programme": run.programme,
            "run": run,
            "actor": actor,
            "current": current,
            "options": [
                (users[int(s.mentor)], s.score, breakdown_rows(s.breakdown)) for s in shown
            ],
            "hidden_count": len(options) - len(shown),
        },
    )


SWAP_OPTIONS_SHOWN = 10


@login_required
@require_POST
def run_publish(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    run = _run_or_404(request, slug, run_id)
    try:
        services.match_publish_request(run=run, by=signed_in_user(request))
    except ValidationError as exc:
        messages_from_error(request, exc)
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
