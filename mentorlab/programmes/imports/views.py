"""The coordinator's import pages: upload → preview (with the mapping) → confirm."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentorlab.accounts.auth import signed_in_user
from mentorlab.core.errors import add_errors_to_form, messages_from_error

from ..access import coordinated_programme_or_404
from ..models import ImportMapping, ImportUpload, Programme
from . import services
from .fields import suggest_mapping
from .forms import ConfirmForm, MappingForm, SaveMappingForm, UploadForm
from .plan import import_plan
from .reading import Table, UnreadableFile, read_table


def _upload_or_404(request: HttpRequest, programme: Programme, pk: int) -> ImportUpload:
    """Only the coordinator who uploaded a file may see or import it."""
    return get_object_or_404(ImportUpload, pk=pk, programme=programme, owner=request.user)


def _mapping_form(
    data: QueryDict | None, programme: Programme, table: Table, saved: ImportMapping | None
) -> MappingForm:
    questions = list(programme.questions.all())
    if data is not None and "role" in data:
        return MappingForm(data, headers=table.headers, questions=questions)
    if saved is not None:
        columns, role = dict(saved.columns), saved.role
    else:
        columns, role = suggest_mapping(table.headers, questions), ""
    initial = MappingForm.initial_for(table.headers, columns, role)
    # Bound to the suggestion, so that the preview below it can be shown at once.
    return MappingForm(initial, headers=table.headers, questions=questions)


@login_required
def import_upload(request: HttpRequest, slug: str) -> HttpResponse:
    programme = coordinated_programme_or_404(request.user, slug)
    form = UploadForm(request.POST or None, request.FILES or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            upload = services.import_upload_store(
                programme=programme,
                owner=signed_in_user(request),
                filename=file.name or "",
                content=file.read(services.MAX_UPLOAD_BYTES + 1),
            )
        except UnreadableFile as exc:
            form.add_error("file", str(exc))
        except ValidationError as exc:
            add_errors_to_form(form, exc, default_field="file")
        else:
            url = reverse("programmes:import_preview", args=[programme.slug, upload.pk])
            saved = form.cleaned_data["mapping"]
            return HttpResponseRedirect(f"{url}?saved={saved.pk}" if saved else url)
    return render(
        request,
        "programmes/import_upload.html",
        {"programme": programme, "form": form, "mappings": programme.import_mappings.all()},
    )


@login_required
def import_preview(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Read-only: shows the mapping and what importing with it would do."""
    programme = coordinated_programme_or_404(request.user, slug)
    upload = _upload_or_404(request, programme, pk)
    content = bytes(upload.content)
    table = read_table(content)
    saved = None
    if request.GET.get("saved", "").isdigit():
        saved = programme.import_mappings.filter(pk=int(request.GET["saved"])).first()
    form = _mapping_form(request.GET, programme, table, saved)
    plan = fingerprint = None
    if form.is_valid():
        plan = import_plan(
            programme=programme, table=table, columns=form.columns(), role=form.chosen_role()
        )
        fingerprint = services.import_fingerprint(
            content=content, columns=form.columns(), role=form.chosen_role()
        )
    return render(
        request,
        "programmes/import_preview.html",
        {
            "programme": programme,
            "upload": upload,
            "form": form,
            "plan": plan,
            "hidden": form.as_hidden_values() if plan else [],
            "confirm_form": ConfirmForm(initial={"fingerprint": fingerprint}),
            "save_form": SaveMappingForm(initial={"name": saved.name if saved else ""}),
        },
    )


@login_required
@require_POST
def import_confirm(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme = coordinated_programme_or_404(request.user, slug)
    upload = _upload_or_404(request, programme, pk)
    table = read_table(bytes(upload.content))
    form = MappingForm(request.POST, headers=table.headers, questions=programme.questions.all())
    confirm = ConfirmForm(request.POST)
    back = reverse("programmes:import_preview", args=[programme.slug, upload.pk])
    if not (form.is_valid() and confirm.is_valid()):
        messages.error(request, _("The import could not be confirmed. Check the preview again."))
        return HttpResponseRedirect(back)
    try:
        plan = services.import_upload_confirm(
            upload=upload,
            by=signed_in_user(request),
            columns=form.columns(),
            role=form.chosen_role(),
            fingerprint=confirm.cleaned_data["fingerprint"],
            send_mail=confirm.cleaned_data["send_mail"],
        )
    except ValidationError as exc:
        messages_from_error(request, exc)
        return HttpResponseRedirect(f"{back}?{urlencode(form.as_hidden_values())}")
    if not plan.is_clean:
        messages.error(request, _("Something changed since the preview, and nothing was imported."))
        return HttpResponseRedirect(back)
    messages.success(
        request,
        _("Imported: %(create)d new, %(update)d updated, %(unchanged)d unchanged.")
        % {
            "create": plan.count("create"),
            "update": plan.count("update"),
            "unchanged": plan.count("unchanged"),
        },
    )
    return redirect("programmes:review", slug=programme.slug)


@login_required
@require_POST
def import_mapping_save(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme = coordinated_programme_or_404(request.user, slug)
    upload = _upload_or_404(request, programme, pk)
    table = read_table(bytes(upload.content))
    form = MappingForm(request.POST, headers=table.headers, questions=programme.questions.all())
    save = SaveMappingForm(request.POST)
    back = reverse("programmes:import_preview", args=[programme.slug, upload.pk])
    if not (form.is_valid() and save.is_valid()):
        messages.error(request, _("Give the mapping a name."))
        return HttpResponseRedirect(back)
    mapping = services.import_mapping_save(
        programme=programme,
        by=signed_in_user(request),
        name=save.cleaned_data["name"],
        columns=form.columns(),
        role=form.chosen_role(),
    )
    messages.success(request, _("The mapping “%(name)s” was saved.") % {"name": mapping.name})
    return HttpResponseRedirect(f"{back}?saved={mapping.pk}")
