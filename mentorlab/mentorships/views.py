"""Pages of the mentorship workspace (participants only) and the coordinator's overview
(metadata only). Anyone who may not see a thing gets a 404."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from mentorlab.accounts.auth import signed_in_user
from mentorlab.audit.services import export_record
from mentorlab.core.calendar import ics_response
from mentorlab.core.errors import add_errors_to_form, messages_from_error
from mentorlab.core.spreadsheets import csv_response, xlsx_response
from mentorlab.programmes.access import coordinated_programme_or_404
from mentorlab.programmes.models import Programme

from . import nudges, selectors, services
from .calendar import meeting_item
from .exports import pairs_table
from .forms import (
    AgendaItemForm,
    AgreementForm,
    CompleteForm,
    CoordinatorEndForm,
    CreateMentorshipForm,
    EndEarlyForm,
    GoalCommentForm,
    GoalForm,
    MeetingForm,
    NotesForm,
    NudgeForm,
    PairFilterForm,
    ReflectionForm,
)
from .models import (
    AgendaItem,
    FirstMeetingStep,
    GoalStatus,
    Meeting,
    MeetingStatus,
    Mentorship,
    MentorshipState,
    Reflection,
)


def _mentorship(request: HttpRequest, pk: int) -> Mentorship:
    return selectors.mentorship_for_participant_or_404(signed_in_user(request), pk)


# --- the workspace ------------------------------------------------------------------------
@login_required
def mentorship_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    mentorship = _mentorship(request, pk)
    meetings = list(mentorship.meetings.all())
    goals = selectors.goals_visible_to(mentorship, user)
    agreement = selectors.agreement_of(mentorship)
    ticked = set(mentorship.ticks.values_list("step", flat=True))
    held = sum(1 for m in meetings if m.status == MeetingStatus.HELD)
    now = timezone.now()
    return render(
        request,
        "mentorships/detail.html",
        {
            "mentorship": mentorship,
            "programme": mentorship.programme,
            "is_actor": mentorship.is_actor(user),
            "is_mentor": mentorship.is_mentor(user),
            "agreement": agreement,
            "latest_version": agreement.latest(),
            "steps": [(s.value, s.label, s.value in ticked) for s in FirstMeetingStep],
            "show_checklist": mentorship.is_live and len(ticked) < len(FirstMeetingStep),
            "my_goals": [g for g in goals if g.owner_id == user.pk],
            "shared_goals": [g for g in goals if g.owner_id != user.pk],
            "review_goals": selectors.goals_need_review(
                mentorship, goals, today=timezone.localdate()
            ),
            "upcoming": [m for m in meetings if m.status == MeetingStatus.PLANNED and m.end >= now],
            "past": [
                m
                for m in reversed(meetings)
                if not (m.status == MeetingStatus.PLANNED and m.end >= now)
            ],
            "held": held,
            "recommended": mentorship.programme.recommended_meetings,
            "next_meeting": selectors.next_meeting(mentorship),
            "my_closing": mentorship.closing_reflections.filter(author=user).first(),
        },
    )


@login_required
@require_POST
def checklist_tick(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = _mentorship(request, pk)
    try:
        services.checklist_tick(
            mentorship=mentorship,
            by=signed_in_user(request),
            step=request.POST.get("step", ""),
            done=request.POST.get("done") == "1",
        )
    except ValidationError as exc:
        messages_from_error(request, exc)
    return redirect("mentorships:detail", pk=pk)


# --- agreement ----------------------------------------------------------------------------
@login_required
def agreement(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    mentorship = _mentorship(request, pk)
    agreement = selectors.agreement_of(mentorship)
    latest = agreement.latest()
    can_edit = (
        mentorship.is_live
        and not agreement.is_confirmed
        and (latest is not None or mentorship.is_actor(user))
    )
    form = None
    if request.method == "POST":
        form = AgreementForm(request.POST)
        if form.is_valid():
            try:
                services.agreement_propose(mentorship=mentorship, by=user, **form.cleaned_data)
            except ValidationError as exc:
                add_errors_to_form(form, exc)
            else:
                messages.success(request, _("Your version of the agreement was saved."))
                return redirect("mentorships:agreement", pk=pk)
    elif can_edit:
        initial = {}
        if latest is not None:
            initial = {f: getattr(latest, f) for f in AgreementForm.Meta.fields if f != "comment"}
        form = AgreementForm(initial=initial)
    versions = selectors.agreement_versions(agreement)
    confirmed_ids = {c.user_id for c in versions[0].confirmations.all()} if versions else set()
    participants = [mentorship.mentor, *(m.actor for m in mentorship.members.all())]
    return render(
        request,
        "mentorships/agreement.html",
        {
            "mentorship": mentorship,
            "agreement": agreement,
            "latest": latest,
            "versions": versions,
            "form": form,
            "can_edit": can_edit,
            "confirmations": [(p, p.pk in confirmed_ids) for p in participants],
            "i_confirmed": user.pk in confirmed_ids,
        },
    )


@login_required
@require_POST
def agreement_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = _mentorship(request, pk)
    try:
        done = services.agreement_confirm(mentorship=mentorship, by=signed_in_user(request))
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        if done:
            messages.success(request, _("Everyone has confirmed: the agreement is in force."))
        else:
            messages.success(request, _("You confirmed this version."))
    return redirect("mentorships:agreement", pk=pk)


@login_required
@require_POST
def agreement_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = _mentorship(request, pk)
    try:
        services.agreement_reopen(mentorship=mentorship, by=signed_in_user(request))
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        messages.success(request, _("The agreement is open for changes."))
    return redirect("mentorships:agreement", pk=pk)


# --- goals --------------------------------------------------------------------------------
@login_required
def goal_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    mentorship = _mentorship(request, pk)
    if not mentorship.is_live:
        raise Http404
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            goal = services.goal_create(mentorship=mentorship, by=user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors_to_form(form, exc)
        else:
            messages.success(request, _("Goal saved."))
            return redirect("mentorships:goal", pk=goal.pk)
    return render(
        request,
        "mentorships/goal_form.html",
        {
            "mentorship": mentorship,
            "form": form,
            "goal": None,
            "is_mentor": mentorship.is_mentor(user),
        },
    )


@login_required
def goal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    goal = selectors.goal_for_viewer_or_404(user, pk)
    form = GoalCommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_comment_add(goal=goal, by=user, text=form.cleaned_data["text"])
        except ValidationError as exc:
            add_errors_to_form(form, exc)
        else:
            messages.success(request, _("Comment added."))
            return redirect("mentorships:goal", pk=pk)
    return render(
        request,
        "mentorships/goal_detail.html",
        {
            "goal": goal,
            "mentorship": goal.mentorship,
            "comments": goal.comments.select_related("author"),
            "form": form if goal.is_shared else None,
            "is_owner": goal.owner_id == user.pk,
        },
    )


@login_required
def goal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    goal = selectors.goal_for_viewer_or_404(user, pk)
    if goal.owner_id != user.pk:
        messages.error(request, _("Only the person who set this goal can change it."))
        return redirect("mentorships:goal", pk=pk)
    form = GoalForm(request.POST or None, instance=goal)
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_update(goal=goal, by=user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors_to_form(form, exc)
        else:
            messages.success(request, _("Goal saved."))
            return redirect("mentorships:goal", pk=pk)
    return render(
        request,
        "mentorships/goal_form.html",
        {
            "mentorship": goal.mentorship,
            "form": form,
            "goal": goal,
            "is_mentor": goal.is_learning_goal,
        },
    )


# --- meetings -----------------------------------------------------------------------------
@login_required
def meeting_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    mentorship = _mentorship(request, pk)
    if not mentorship.is_live:
        raise Http404
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_schedule(
                mentorship=mentorship, by=user, **form.service_args()
            )
        except ValidationError as exc:
            add_errors_to_form(form, exc, field_names=MeetingForm.field_for_error)
        else:
            messages.success(request, _("Meeting booked. Add it to your calendar below."))
            return redirect("mentorships:meeting", pk=meeting.pk)
    return render(
        request,
        "mentorships/meeting_form.html",
        {"mentorship": mentorship, "form": form, "meeting": None},
    )


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    meeting = selectors.meeting_for_participant_or_404(user, pk)
    if meeting.status != MeetingStatus.PLANNED or not meeting.mentorship.is_live:
        messages.error(request, _("Only a planned meeting can be changed."))
        return redirect("mentorships:meeting", pk=pk)
    form = MeetingForm(request.POST or None, initial=MeetingForm.initial_for(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(meeting=meeting, by=user, **form.service_args())
        except ValidationError as exc:
            add_errors_to_form(form, exc, field_names=MeetingForm.field_for_error)
        else:
            messages.success(request, _("Meeting updated."))
            return redirect("mentorships:meeting", pk=pk)
    return render(
        request,
        "mentorships/meeting_form.html",
        {"mentorship": meeting.mentorship, "form": form, "meeting": meeting},
    )


def _meeting_page(
    request: HttpRequest,
    meeting: Meeting,
    *,
    agenda_form: AgendaItemForm | None = None,
    notes_form: NotesForm | None = None,
    reflection_form: ReflectionForm | None = None,
) -> HttpResponse:
    user = signed_in_user(request)
    mentorship = meeting.mentorship
    reflection = Reflection.objects.filter(meeting=meeting, author=user).first()
    can_add_agenda = (
        mentorship.is_actor(user)
        and mentorship.is_live
        and meeting.status == MeetingStatus.PLANNED
        and meeting.end >= timezone.now()
    )
    return render(
        request,
        "mentorships/meeting_detail.html",
        {
            "meeting": meeting,
            "mentorship": mentorship,
            "agenda": meeting.agenda.select_related("added_by"),
            "can_add_agenda": can_add_agenda,
            "agenda_form": agenda_form or AgendaItemForm(),
            "goals": [g for g in selectors.goals_visible_to(mentorship, user)]
            if can_add_agenda
            else [],
            "notes_form": notes_form or NotesForm(initial={"text": meeting.shared_notes}),
            "reflection_form": reflection_form
            or ReflectionForm(initial={"text": reflection.text if reflection else ""}),
            "has_started": meeting.start <= timezone.now(),
            "is_planned": meeting.status == MeetingStatus.PLANNED,
        },
    )


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for_participant_or_404(signed_in_user(request), pk)
    return _meeting_page(request, meeting)


def _meeting_post(
    handler: Callable[[HttpRequest, Meeting], HttpResponse],
) -> Callable[[HttpRequest, int], HttpResponse]:
    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        meeting = selectors.meeting_for_participant_or_404(signed_in_user(request), pk)
        return handler(request, meeting)

    view.__name__ = handler.__name__
    return view


@_meeting_post
def meeting_status(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    try:
        services.meeting_set_status(
            meeting=meeting, by=signed_in_user(request), status=request.POST.get("status", "")
        )
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        messages.success(request, _("Meeting status saved."))
    return redirect("mentorships:meeting", pk=meeting.pk)


@_meeting_post
def agenda_add(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    form = AgendaItemForm(request.POST)
    if form.is_valid():
        try:
            services.agenda_item_add(
                meeting=meeting, by=signed_in_user(request), **form.cleaned_data
            )
        except ValidationError as exc:
            add_errors_to_form(form, exc)
        except PermissionDenied as exc:
            messages_from_error(request, exc)
            return redirect("mentorships:meeting", pk=meeting.pk)
        else:
            messages.success(request, _("Added to the agenda."))
            return redirect("mentorships:meeting", pk=meeting.pk)
    return _meeting_page(request, meeting, agenda_form=form)


@login_required
@require_POST
def agenda_remove(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    meeting = selectors.meeting_for_participant_or_404(signed_in_user(request), pk)
    agenda_item = AgendaItem.objects.filter(meeting=meeting, pk=item).first()
    if agenda_item is None:
        raise Http404
    try:
        services.agenda_item_remove(item=agenda_item, by=signed_in_user(request))
    except (ValidationError, PermissionDenied) as exc:
        messages_from_error(request, exc)
    return redirect("mentorships:meeting", pk=pk)


@_meeting_post
def meeting_notes(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    form = NotesForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_notes_save(
                meeting=meeting, by=signed_in_user(request), text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            add_errors_to_form(form, exc)
        else:
            messages.success(request, _("Shared notes saved."))
            return redirect("mentorships:meeting", pk=meeting.pk)
    return _meeting_page(request, meeting, notes_form=form)


@_meeting_post
def meeting_reflection(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    form = ReflectionForm(request.POST)
    if form.is_valid():
        services.reflection_save(
            meeting=meeting, by=signed_in_user(request), text=form.cleaned_data["text"]
        )
        messages.success(request, _("Your private reflection was saved."))
        return redirect("mentorships:meeting", pk=meeting.pk)
    return _meeting_page(request, meeting, reflection_form=form)


@login_required
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for_participant_or_404(signed_in_user(request), pk)
    return ics_response([meeting_item(meeting)], filename=f"meeting-{meeting.pk}.ics")


# --- closure ------------------------------------------------------------------------------
@login_required
def close(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    mentorship = _mentorship(request, pk)
    complete_form = CompleteForm()
    end_form = EndEarlyForm()
    reflection_form = None
    if not mentorship.is_live:
        mine = mentorship.closing_reflections.filter(author=user).first()
        reflection_form = CompleteForm(
            request.POST or None, initial={"reflection": mine.text if mine else ""}
        )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "complete" and mentorship.is_live:
                complete_form = CompleteForm(request.POST)
                if complete_form.is_valid():
                    services.mentorship_complete(
                        mentorship=mentorship,
                        by=user,
                        reflection=complete_form.cleaned_data["reflection"],
                    )
                    messages.success(request, _("The mentorship is completed. Thank you!"))
                    return redirect("mentorships:detail", pk=pk)
            elif action == "end" and mentorship.is_live:
                end_form = EndEarlyForm(request.POST)
                if end_form.is_valid():
                    services.mentorship_end(
                        mentorship=mentorship, by=user, reason=end_form.cleaned_data["reason"]
                    )
                    messages.success(request, _("The mentorship has ended."))
                    return redirect("mentorships:detail", pk=pk)
            elif (
                action == "reflection"
                and reflection_form is not None
                and reflection_form.is_valid()
            ):
                services.closing_reflection_save(
                    mentorship=mentorship,
                    by=user,
                    text=reflection_form.cleaned_data["reflection"],
                )
                messages.success(request, _("Your closing reflection was saved."))
                return redirect("mentorships:detail", pk=pk)
        except ValidationError as exc:
            target = {"complete": complete_form, "end": end_form}.get(action or "", reflection_form)
            if target is not None:
                add_errors_to_form(target, exc)
            else:
                messages_from_error(request, exc)
    return render(
        request,
        "mentorships/close.html",
        {
            "mentorship": mentorship,
            "complete_form": complete_form,
            "end_form": end_form,
            "reflection_form": reflection_form,
            "can_complete": mentorship.state == MentorshipState.ACTIVE,
        },
    )


# --- coordinators -------------------------------------------------------------------------
@login_required
def coordinator_overview(request: HttpRequest, slug: str) -> HttpResponse:
    """The programme's pairs: searched, filtered, sorted and paged in the database (the
    query string keeps the coordinator's choices), with bulk actions on the ticked rows."""
    programme = coordinated_programme_or_404(request.user, slug)
    filters = PairFilterForm(request.GET or None)
    query = filters.query()
    result = selectors.pairs_page(programme, query, page=request.GET.get("page"))
    filters.counts(state_counts=result.state_counts, flag_counts=result.flag_counts)
    kept = request.GET.copy()
    kept.pop("page", None)
    return render(
        request,
        "mentorships/coordinator.html",
        {
            "programme": programme,
            "filters": filters,
            "filtered": any((query.q, query.state, query.flag, query.track)),
            "page": result.page,
            "rows": result.rows,
            "matching": result.page.paginator.count,
            "total": result.total,
            "flagged": result.flag_counts[selectors.ATTENTION],
            "query": kept.urlencode(),
            "kept": [
                (k, v) for k in ("q", "state", "flag", "track", "sort") for v in kept.getlist(k)
            ],
            "statuses": GoalStatus.choices,
        },
    )


def _pair_ids(values: list[str]) -> list[int]:
    try:
        return sorted({int(v) for v in values})
    except ValueError:
        raise Http404 from None


def _chosen_rows(
    programme: Programme, data: QueryDict, *, live_only: bool = False
) -> list[selectors.CoordinatorRow]:
    """The rows a bulk action is for: the ticked pairs (`pair=`), every pair that matches
    the overview's filters (`all=1` with them), or every running pair that needs attention
    (`flagged=1`). A pair of another programme is a 404."""
    ids = _pair_ids(data.getlist("pair"))
    if data.get("all"):
        rows = selectors.pairs_matching_rows(programme, PairFilterForm(data).query())
        return [r for r in rows if r.mentorship.is_live] if live_only else rows
    if data.get("flagged") and not ids:
        ids = selectors.flagged_pair_ids(programme)
        if not ids:
            return []
    if not ids:
        return []
    rows = selectors.coordinator_rows(programme, only=set(ids))
    if len(rows) != len(ids):
        raise Http404  # a mentorship of another programme, or none at all
    return rows


@login_required
def coordinator_nudge(request: HttpRequest, slug: str) -> HttpResponse:
    """A coordinator nudges the chosen pairs (`?pair=` one or more, `?flagged=1` for every
    running pair that needs attention, or `?all=1` with the overview's filters) with a
    message they can edit. A pair of another programme is a 404 and nothing is sent."""
    programme = coordinated_programme_or_404(request.user, slug)
    data = request.POST if request.method == "POST" else request.GET
    chosen = _chosen_rows(programme, data, live_only=True)
    ids = [r.mentorship.pk for r in chosen]
    form = NudgeForm(request.POST or None, initial={"text": nudges.default_text()})
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            sent = nudges.pairs_nudge(
                programme=programme,
                mentorship_ids=ids,
                text=form.cleaned_data["text"],
                by=signed_in_user(request),
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                add_errors_to_form(form, exc)
            else:
                errors = exc.messages
        else:
            messages.success(
                request,
                ngettext("The pair was nudged.", "%(count)d pairs were nudged.", len(sent))
                % {"count": len(sent)},
            )
            return redirect("mentorships:coordinator", slug=slug)
    return render(
        request,
        "mentorships/coordinator_nudge.html",
        {"programme": programme, "rows": chosen, "form": form, "errors": errors},
    )


@login_required
def coordinator_export(request: HttpRequest, slug: str) -> HttpResponse:
    """The chosen pairs (ticked, or all that match the filters) as CSV or Excel: dates,
    counts, states and reasons, as the overview shows them; never what the pairs wrote."""
    programme = coordinated_programme_or_404(request.user, slug)
    fmt = request.GET.get("format", "csv")
    if fmt not in ("csv", "xlsx"):
        raise Http404
    rows = _chosen_rows(programme, request.GET)
    if not rows:
        messages.error(
            request, _("Tick the pairs to export, or choose every pair that matches the filters.")
        )
        back = request.GET.copy()
        for key in ("pair", "all", "flagged", "format"):
            back.pop(key, None)
        overview = reverse("mentorships:coordinator", args=[slug])
        return HttpResponseRedirect(f"{overview}?{back.urlencode()}")
    header, table = pairs_table(rows)
    name = f"{programme.slug}-pairs.{fmt}"
    export_record(by=request.user, programme=programme, what=name)
    if fmt == "xlsx":
        return xlsx_response({_("Pairs"): [header, *table]}, filename=name)
    return csv_response([header, *table], filename=name)


@login_required
def coordinator_create(request: HttpRequest, slug: str) -> HttpResponse:
    programme = coordinated_programme_or_404(request.user, slug)
    form = CreateMentorshipForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.mentorship_create_by_coordinator(
                programme=programme,
                mentor=form.cleaned_data["mentor"],
                actors=list(form.cleaned_data["actors"]),
                by=signed_in_user(request),
            )
        except ValidationError as exc:
            add_errors_to_form(form, exc)
        else:
            messages.success(request, _("Mentorship created; the participants were introduced."))
            return redirect("mentorships:coordinator", slug=slug)
    return render(
        request, "mentorships/coordinator_create.html", {"programme": programme, "form": form}
    )


@login_required
def coordinator_close(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A coordinator ends a mentorship early (the reason goes to the participants) or marks
    it completed. The page shows the same metadata as the overview, never the pair's
    content."""
    programme = coordinated_programme_or_404(request.user, slug)
    mentorship = selectors.mentorship_for_coordinator_or_404(programme, pk)
    end_form = CoordinatorEndForm()
    errors: list[str] = []
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "end":
            end_form = CoordinatorEndForm(request.POST)
        if action == "complete" or (action == "end" and end_form.is_valid()):
            ending = action == "end"
            try:
                services.mentorship_close_by_coordinator(
                    mentorship=mentorship,
                    by=signed_in_user(request),
                    outcome=MentorshipState.ENDED_EARLY if ending else MentorshipState.COMPLETED,
                    reason=end_form.cleaned_data["reason"] if ending else "",
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    add_errors_to_form(end_form, exc)
                else:
                    errors = exc.messages
                mentorship.refresh_from_db()
            else:
                if ending:
                    done = _("The mentorship has ended; the participants were told by e-mail.")
                else:
                    done = _("The mentorship is completed; the participants were told by e-mail.")
                messages.success(request, done)
                return redirect("mentorships:coordinator", slug=slug)
        elif action != "end":
            errors = [_("Choose whether the mentorship ends early or is completed.")]
    return render(
        request,
        "mentorships/coordinator_close.html",
        {
            "programme": programme,
            "mentorship": mentorship,
            "actor_names": [str(m.actor) for m in mentorship.members.all()],
            "end_form": end_form,
            "errors": errors,
            "can_complete": mentorship.state == MentorshipState.ACTIVE,
        },
    )
