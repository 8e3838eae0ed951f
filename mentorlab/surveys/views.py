from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.forms import modelformset_factory
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentorlab.accounts.auth import signed_in_user
from mentorlab.audit.services import export_record
from mentorlab.core.errors import add_errors_to_form, messages_from_error
from mentorlab.core.spreadsheets import csv_response, xlsx_response
from mentorlab.programmes.access import coordinated_programme_or_404

from . import exports, selectors, services
from . import scales as scale_services
from .forms import (
    BenefitForm,
    ItemEditForm,
    ItemPreviewForm,
    ResponseForm,
    ScaleImportForm,
    SurveyCreateForm,
)
from .models import Invitation, Item, ItemKind, ProgrammeBenefit, Response, Survey, SurveyState
from .report import survey_report

# --- respondents --------------------------------------------------------------------


@login_required
def my_surveys(request: HttpRequest) -> HttpResponse:
    invitations = selectors.my_invitations(signed_in_user(request))
    return render(request, "surveys/my_surveys.html", {"invitations": invitations})


@login_required
def respond(request: HttpRequest, token: str) -> HttpResponse:
    """Answer, save a draft, or change a sent response until the survey closes. The link
    works only for its own invitee; anyone else gets a 404."""
    user = signed_in_user(request)
    invitation = selectors.invitation_for_invitee_or_404(user, token)
    survey = invitation.survey
    items = list(survey.items.all())
    blocker = selectors.answering_blocker(survey, items)
    answering = request.method == "POST" and blocker is None
    saved = selectors.invitation_response(invitation)
    form = ResponseForm(
        request.POST if answering else None,
        survey=survey,
        items=items,
        answers=selectors.saved_answers(saved),
        may_quote=saved.may_quote if saved is not None else False,
        read_only=blocker is not None,
    )
    if request.method == "POST" and blocker is not None:
        messages.error(request, blocker)
    elif answering and form.is_valid():
        submit = request.POST.get("action") == "send"
        try:
            services.response_save(
                invitation=invitation,
                user=user,
                answers=form.answers(),
                submit=submit,
                help_consent=form.help_consent(),
                may_quote=form.may_quote(),
            )
        except services.IncompleteResponse as exc:
            add_errors_to_form(form, exc)
            messages.warning(
                request,
                _("Your answers are kept as a draft. Answer the marked questions to send them."),
            )
        except ValidationError as exc:
            add_errors_to_form(form, exc)
        else:
            messages.success(request, _response_saved_message(survey, sent=submit))
            return redirect("surveys:respond", token=invitation.token)
    return render(
        request,
        "surveys/respond.html",
        {
            "invitation": invitation,
            "survey": survey,
            "form": form,
            "response": selectors.invitation_response(invitation),
            "can_answer": blocker is None,
            "closed": survey.is_closed(),
        },
    )


def _response_saved_message(survey: Survey, *, sent: bool) -> str:
    if not sent:
        return _("Draft saved. Nothing is sent until you send it.")
    closes = formats.date_format(timezone.localtime(survey.closes_at), "DATETIME_FORMAT")
    return _("Thank you! Your answers were sent. You can change them until %(closes)s.") % {
        "closes": closes
    }


# --- coordinators -------------------------------------------------------------------


def _count_per_survey(rows: QuerySet[Any]) -> Coalesce:
    counted = rows.filter(survey=OuterRef("pk")).order_by().values("survey").annotate(n=Count("pk"))
    return Coalesce(Subquery(counted.values("n")), 0)


@login_required
def programme_surveys(request: HttpRequest, slug: str) -> HttpResponse:
    programme = coordinated_programme_or_404(request.user, slug)
    form = SurveyCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create(
                programme=programme, by=signed_in_user(request), **form.cleaned_data
            )
        except ValidationError as exc:
            add_errors_to_form(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Survey created as a draft with its starting questions. Check them, then open it."
                ),
            )
            return redirect("surveys:detail", slug=programme.slug, pk=survey.pk)
    # Counted in subqueries: two COUNT(DISTINCT) over joined invitations and responses
    # multiply the rows (invitations x responses per survey) before counting.
    surveys = selectors.surveys_of(programme).annotate(
        invited=_count_per_survey(Invitation.objects.all()),
        sent=_count_per_survey(Response.objects.filter(submitted_at__isnull=False)),
    )
    return render(
        request,
        "surveys/programme_surveys.html",
        {
            "programme": programme,
            "surveys": surveys,
            "form": form,
            "open_help": selectors.help_requests(programme, open_only=True).count(),
        },
    )


@login_required
def survey_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    survey = selectors.survey_for_coordinator_or_404(request.user, slug, pk)
    return render(
        request,
        "surveys/survey_detail.html",
        {"survey": survey, "programme": survey.programme, "items": survey.items.all()},
    )


@login_required
@require_POST
def survey_open(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    survey = selectors.survey_for_coordinator_or_404(request.user, slug, pk)
    try:
        count = services.survey_open(survey=survey, by=signed_in_user(request))
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        messages.success(
            request,
            _("The survey is open; %(count)d invitation(s) were e-mailed.") % {"count": count},
        )
    return redirect("surveys:detail", slug=slug, pk=pk)


@login_required
@require_POST
def survey_close(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    survey = selectors.survey_for_coordinator_or_404(request.user, slug, pk)
    try:
        services.survey_close(survey=survey, by=signed_in_user(request))
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        messages.success(request, _("The survey is closed. Answers can no longer be changed."))
    return redirect("surveys:detail", slug=slug, pk=pk)


@login_required
def report(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    survey = selectors.survey_for_coordinator_or_404(request.user, slug, pk)
    return render(
        request,
        "surveys/report.html",
        {"survey": survey, "programme": survey.programme, "report": survey_report(survey)},
    )


def _export_name(survey: Survey, what: str, ext: str) -> str:
    return f"{survey.programme.slug}-{survey.kind}-{survey.audience}-{survey.pk}-{what}.{ext}"


def _refuse_small_anonymous(request: HttpRequest, survey: Survey) -> HttpResponse | None:
    data = survey_report(survey)
    if data.suppressed:
        messages.error(
            request,
            _(
                "This anonymous survey has fewer than %(n)d answers, so it cannot be exported "
                "without risking someone's anonymity."
            )
            % {"n": survey.min_group_size},
        )
        return redirect("surveys:report", slug=survey.programme.slug, pk=survey.pk)
    return None


@login_required
def export_responses_csv(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    survey = selectors.survey_for_coordinator_or_404(request.user, slug, pk)
    refused = _refuse_small_anonymous(request, survey)
    if refused:
        return refused
    export_record(by=request.user, programme=survey.programme, what="responses.csv", target=survey)
    return csv_response(
        exports.response_rows(survey), filename=_export_name(survey, "responses", "csv")
    )


@login_required
def export_benefit_csv(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    survey = selectors.survey_for_coordinator_or_404(request.user, slug, pk)
    data = survey_report(survey)
    if data.benefit is None:
        messages.error(request, _("This survey has no baseline and final pair to compare."))
        return redirect("surveys:report", slug=slug, pk=pk)
    export_record(
        by=request.user, programme=survey.programme, what="benefit-change.csv", target=survey
    )
    return csv_response(
        exports.benefit_rows(data.benefit), filename=_export_name(survey, "benefit-change", "csv")
    )


@login_required
def export_xlsx(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    survey = selectors.survey_for_coordinator_or_404(request.user, slug, pk)
    refused = _refuse_small_anonymous(request, survey)
    if refused:
        return refused
    data = survey_report(survey)
    sheets = {_("Responses"): exports.response_rows(survey)}
    if data.benefit is not None:
        sheets[_("Benefit change")] = exports.benefit_rows(data.benefit)
    export_record(by=request.user, programme=survey.programme, what="export.xlsx", target=survey)
    return xlsx_response(sheets, filename=_export_name(survey, "export", "xlsx"))


@login_required
def help_requests(request: HttpRequest, slug: str) -> HttpResponse:
    programme = coordinated_programme_or_404(request.user, slug)
    return render(
        request,
        "surveys/help_requests.html",
        {"programme": programme, "help_requests": selectors.help_requests(programme)},
    )


@login_required
@require_POST
def help_request_resolve(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme = coordinated_programme_or_404(request.user, slug)
    help_request = get_object_or_404(selectors.help_requests(programme), pk=pk)
    services.help_request_resolve(help_request=help_request, by=signed_in_user(request))
    messages.success(request, _("Marked as handled."))
    return redirect("surveys:help_requests", slug=slug)


BenefitFormSet = modelformset_factory(ProgrammeBenefit, form=BenefitForm, extra=0)


@login_required
def benefits(request: HttpRequest, slug: str) -> HttpResponse:
    """Reword the promised benefits that new baseline and final surveys will ask about."""
    programme = coordinated_programme_or_404(request.user, slug)
    queryset = ProgrammeBenefit.objects.filter(programme=programme)
    formset = BenefitFormSet(request.POST or None, queryset=queryset)
    if request.method == "POST" and formset.is_valid():
        for form in formset.forms:
            if form.has_changed():
                services.benefit_update(
                    benefit=form.instance,
                    by=signed_in_user(request),
                    statement=form.cleaned_data["statement"],
                    active=form.cleaned_data["active"],
                )
        messages.success(request, _("The benefit statements were saved."))
        return redirect("surveys:benefits", slug=slug)
    return render(request, "surveys/benefits.html", {"programme": programme, "formset": formset})


@login_required
@require_POST
def benefits_add_built_in(request: HttpRequest, slug: str) -> HttpResponse:
    """A programme set up before the promised benefits existed gets the built-in ones."""
    programme = coordinated_programme_or_404(request.user, slug)
    services.benefits_ensure(programme=programme)
    messages.success(request, _("The built-in benefit statements were added."))
    return redirect("surveys:benefits", slug=slug)


# --- scored scales ---------------------------------------------------------------------


@login_required
def scales(request: HttpRequest, slug: str) -> HttpResponse:
    """The programme's scored scales (the built-in ones and any it imported), and the form
    to import an instrument from a file."""
    programme = coordinated_programme_or_404(request.user, slug)
    return render(
        request,
        "surveys/scales.html",
        {
            "programme": programme,
            "scales": selectors.programme_scales(programme),
            "form": ScaleImportForm(),
        },
    )


@login_required
@require_POST
def scale_import(request: HttpRequest, slug: str) -> HttpResponse:
    programme = coordinated_programme_or_404(request.user, slug)
    form = ScaleImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            scale = scale_services.scale_import(
                programme=programme,
                by=signed_in_user(request),
                content=upload.read(),
                filename=upload.name,
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.success(
                request, _("The scale “%(name)s” was imported.") % {"name": scale.name}
            )
            return redirect("surveys:scales", slug=slug)
    return render(
        request,
        "surveys/scales.html",
        {"programme": programme, "scales": selectors.programme_scales(programme), "form": form},
        status=400,
    )


@login_required
@require_POST
def scales_add_built_in(request: HttpRequest, slug: str) -> HttpResponse:
    programme = coordinated_programme_or_404(request.user, slug)
    scale_services.built_ins_ensure(programme=programme)
    messages.success(request, _("Mentorlab's built-in scales were added."))
    return redirect("surveys:scales", slug=slug)


@login_required
@require_POST
def scale_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    survey = selectors.survey_for_coordinator_or_404(request.user, slug, pk)
    scale = get_object_or_404(
        selectors.programme_scales(survey.programme), pk=request.POST.get("scale") or 0
    )
    try:
        scale_services.scale_add_to_survey(survey=survey, scale=scale, by=signed_in_user(request))
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        messages.success(
            request, _("The scale “%(name)s” was added at the end.") % {"name": scale.name}
        )
    return redirect(_editor_url(survey))


# --- question editor ----------------------------------------------------------------


def _item_or_404(request: HttpRequest, slug: str, pk: int, item_pk: int) -> Item:
    survey = selectors.survey_for_coordinator_or_404(request.user, slug, pk)
    item = get_object_or_404(survey.items.all(), pk=item_pk)
    item.survey = survey  # the programme is already loaded with it
    return item


def _editor_url(survey: Survey, item_pk: int | None = None) -> str:
    url = reverse("surveys:items", args=[survey.programme.slug, survey.pk])
    return f"{url}#item-{item_pk}" if item_pk else url


def _item_form(request: HttpRequest, survey: Survey, item: Item | None = None) -> ItemEditForm:
    return ItemEditForm(
        request.POST if request.method == "POST" else None,
        initial=ItemEditForm.initial_for(item) if item else {"kind": ItemKind.LIKERT},
        benefits=services.benefit_keys(survey),
        current_benefit=item.benefit if item else "",
        item=item,
    )


def _preview_item(data: Any, survey: Survey) -> Item | None:
    """An unsaved question built from whatever was typed, for the preview; None before
    any question text is written."""
    text = str(data.get("text", "")).strip()
    if not text:
        return None
    kind = data.get("kind", "")
    return Item(
        survey=survey,
        kind=kind if kind in ItemKind.values else ItemKind.TEXT,
        text=text[:300],
        help_text=str(data.get("help_text", ""))[:300],
        choices=str(data.get("choices", "")),
        required=bool(data.get("required")),
    )


def _preview(item: Item | None) -> ItemPreviewForm | None:
    return ItemPreviewForm(item) if item is not None else None


def _kwargs(form: ItemEditForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "kind": data["kind"],
        "text": data["text"],
        "help_text": data["help_text"],
        "choices": data["choices"],
        "required": data["required"],
        "benefit": data["benefit"],
        "help_answer": data["help_answer"],
        "translations": form.translations(),
    }


@login_required
def survey_items(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The questions of a survey; while it is a draft, add, edit, remove and reorder them."""
    survey = selectors.survey_for_coordinator_or_404(request.user, slug, pk)
    editable = survey.state == SurveyState.DRAFT
    form = _item_form(request, survey) if editable else None
    if request.method == "POST":
        if form is not None and form.is_valid():
            try:
                item = services.item_add(survey=survey, by=signed_in_user(request), **_kwargs(form))
            except services.ItemsLocked as exc:
                messages_from_error(request, exc)
                return redirect(_editor_url(survey))
            except ValidationError as exc:
                add_errors_to_form(form, exc)
            else:
                messages.success(request, _("Question added at the end."))
                return redirect(_editor_url(survey, item.pk))
        elif form is None:
            messages.error(
                request, _("This survey is no longer a draft; its questions are locked.")
            )
            return redirect(_editor_url(survey))
    return render(
        request,
        "surveys/survey_items.html",
        {
            "survey": survey,
            "programme": survey.programme,
            "items": list(survey.items.all()),
            "editable": editable,
            "scales": selectors.programme_scales(survey.programme) if editable else [],
            "form": form,
            "preview": _preview(_preview_item(request.POST, survey))
            if request.method == "POST"
            else None,
        },
    )


@login_required
def item_edit(request: HttpRequest, slug: str, pk: int, item_pk: int) -> HttpResponse:
    item = _item_or_404(request, slug, pk, item_pk)
    survey = item.survey
    if survey.state != SurveyState.DRAFT:
        messages.error(
            request,
            _("This survey is no longer a draft; its questions are locked."),
        )
        return redirect(_editor_url(survey))
    form = _item_form(request, survey, item)
    if request.method == "POST" and form.is_valid():
        try:
            services.item_update(item=item, by=signed_in_user(request), **_kwargs(form))
        except services.ItemsLocked as exc:
            messages_from_error(request, exc)
            return redirect(_editor_url(survey))
        except ValidationError as exc:
            add_errors_to_form(form, exc)
        else:
            messages.success(request, _("Question saved."))
            return redirect(_editor_url(survey, item.pk))
    preview_source = _preview_item(request.POST, survey) if request.method == "POST" else item
    return render(
        request,
        "surveys/item_edit.html",
        {
            "survey": survey,
            "programme": survey.programme,
            "item": item,
            "form": form,
            "preview": _preview(preview_source),
        },
    )


@login_required
@require_POST
def item_remove(request: HttpRequest, slug: str, pk: int, item_pk: int) -> HttpResponse:
    item = _item_or_404(request, slug, pk, item_pk)
    text = item.text
    try:
        services.item_remove(item=item, by=signed_in_user(request))
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        messages.success(request, _("Question removed: “%(text)s”") % {"text": text})
    return redirect(_editor_url(item.survey))


@login_required
@require_POST
def item_move(request: HttpRequest, slug: str, pk: int, item_pk: int) -> HttpResponse:
    item = _item_or_404(request, slug, pk, item_pk)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        messages.error(request, _("Move a question up or down."))
        return redirect(_editor_url(item.survey, item.pk))
    try:
        moved = services.item_move(
            item=item, by=signed_in_user(request), direction="up" if direction == "up" else "down"
        )
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        if moved:
            messages.success(request, _("Question moved to place %(n)d.") % {"n": item.order})
        elif direction == "up":
            messages.info(request, _("This question is already the first."))
        else:
            messages.info(request, _("This question is already the last."))
    return redirect(_editor_url(item.survey, item.pk))


@login_required
@require_POST
def item_preview(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The question being typed, as respondents will see it (htmx partial)."""
    survey = selectors.survey_for_coordinator_or_404(request.user, slug, pk)
    return render(
        request,
        "surveys/_item_preview.html",
        {"preview": _preview(_preview_item(request.POST, survey))},
    )
