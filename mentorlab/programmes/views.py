from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentorlab.accounts.auth import signed_in_user
from mentorlab.core.errors import add_errors_to_form, messages_from_error
from mentorlab.core.translated import label_for_choice
from mentorlab.programmes.access import coordinated_programme_or_404

from . import selectors, services
from .choices import Role
from .forms import (
    ActorApplicationForm,
    ApplicationFormBase,
    DecisionForm,
    MentorApplicationForm,
    ReviewFilterForm,
)
from .models import ActorApplication, MentorApplication, Programme

Application = ActorApplication | MentorApplication

FORMS: dict[str, type[ApplicationFormBase]] = {
    Role.ACTOR: ActorApplicationForm,
    Role.MENTOR: MentorApplicationForm,
}
DATA: dict[str, type[services.ActorApplicationData] | type[services.MentorApplicationData]] = {
    Role.ACTOR: services.ActorApplicationData,
    Role.MENTOR: services.MentorApplicationData,
}
MODELS: dict[str, type[ActorApplication] | type[MentorApplication]] = {
    Role.ACTOR: ActorApplication,
    Role.MENTOR: MentorApplication,
}


def _role_or_404(role: str) -> str:
    if role not in FORMS:
        raise Http404
    return role


def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(Programme, slug=slug, is_public=True)
    mine: dict[str, object] = {}
    if request.user.is_authenticated:
        for role, model in MODELS.items():
            mine[role] = model.objects.filter(
                programme=programme, user=signed_in_user(request)
            ).first()
    return render(
        request,
        "programmes/programme_detail.html",
        {
            "programme": programme,
            "mine": mine,
            "actor_open": programme.actor_applications_are_open(),
            "mentor_open": programme.mentor_signup_is_open(),
            "topics": programme.topics.all(),
            "is_coordinator": programme.is_coordinator(request.user),
        },
    )


@login_required
def application_form(request: HttpRequest, slug: str, role: str) -> HttpResponse:
    """Apply, or edit one's own application while the window is open."""
    role = _role_or_404(role)
    programme = get_object_or_404(Programme, slug=slug)
    instance = (
        MODELS[role].objects.filter(programme=programme, user=signed_in_user(request)).first()
    )
    form_class = FORMS[role]
    if instance is None and not programme.window_is_open(role):
        messages.error(request, _("Applications for this role are not open at the moment."))
        return redirect("programmes:detail", slug=programme.slug)
    readonly = instance is not None and not instance.is_editable
    if request.method == "POST" and not readonly:
        form = form_class(request.POST, instance=instance, programme=programme)
        if form.is_valid():
            try:
                data = DATA[role](**form.application_values(), answers=form.answers())
                services.application_save(
                    programme=programme, user=signed_in_user(request), data=data
                )
            except ValidationError as exc:
                add_errors_to_form(form, exc)
            else:
                if instance is None:
                    messages.success(request, _("Thank you! Your application has been sent."))
                else:
                    messages.success(request, _("Your changes have been saved."))
                return redirect("programmes:application", slug=programme.slug, role=role)
    else:
        form = form_class(instance=instance, programme=programme)
    return render(
        request,
        "programmes/application_form.html",
        {
            "programme": programme,
            "form": form,
            "role": role,
            "application": instance,
            "readonly": readonly,
        },
    )


@login_required
@require_POST
def application_withdraw(request: HttpRequest, slug: str, role: str) -> HttpResponse:
    role = _role_or_404(role)
    application = cast(
        Application,
        get_object_or_404(MODELS[role], programme__slug=slug, user=signed_in_user(request)),
    )
    try:
        services.application_withdraw(application=application, user=signed_in_user(request))
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        messages.success(request, _("Your application has been withdrawn."))
    return redirect("core:home")


REVIEW_PAGE_SIZE = 100


@login_required
def review_list(request: HttpRequest, slug: str) -> HttpResponse:
    programme = coordinated_programme_or_404(request.user, slug)
    filters = ReviewFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    applications = selectors.applications_for_review(programme, **criteria)
    if request.method == "POST":
        # The choices are the posted keys that name an application of this programme: the
        # list is never loaded whole to validate a selection.
        posted = selectors.review_keys_in(programme, request.POST.getlist("selected"))
        decision_form = DecisionForm(request.POST, keys=posted)
        if decision_form.is_valid():
            chosen = selectors.applications_by_keys(
                programme, decision_form.cleaned_data["selected"]
            )
            changed = services.application_decide(
                programme=programme,
                applications=chosen,
                status=decision_form.cleaned_data["decision"],
                by=signed_in_user(request),
            )
            messages.success(
                request,
                _("%(count)d application(s) updated; applicants were e-mailed.")
                % {"count": changed},
            )
            # The same page again (a path, never resolved as a view name).
            return HttpResponseRedirect(request.get_full_path())
    page = Paginator(applications, REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(selectors.application_key(a), a) for a in page.object_list]
    if request.method != "POST":
        decision_form = DecisionForm(keys=[key for key, _a in rows])
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "programmes/review_list.html",
        {
            "programme": programme,
            "filters": filters,
            "total": page.paginator.count,
            "page": page,
            "query": query.urlencode(),
            "applications": rows,
            "decision_form": decision_form,
        },
    )


@login_required
def review_detail(request: HttpRequest, slug: str, role: str, pk: int) -> HttpResponse:
    role = _role_or_404(role)
    programme = coordinated_programme_or_404(request.user, slug)
    application = cast(Application, get_object_or_404(MODELS[role], programme=programme, pk=pk))
    if request.method == "POST":
        status = request.POST.get("decision", "")
        try:
            services.application_decide(
                programme=programme,
                applications=[application],
                status=status,
                by=signed_in_user(request),
            )
        except ValidationError as exc:
            messages_from_error(request, exc)
        else:
            messages.success(request, _("Decision saved; the applicant was e-mailed."))
        return redirect("programmes:review_detail", slug=slug, role=role, pk=pk)
    questions = {str(q.pk): q for q in programme.questions.all()}
    answers = [
        (
            questions[key].label if key in questions else "?",
            label_for_choice(questions[key], value) if key in questions else value,
        )
        for key, value in application.answers.items()
        if value not in ("", [], None)
    ]
    return render(
        request,
        "programmes/review_detail.html",
        {"programme": programme, "application": application, "role": role, "answers": answers},
    )
