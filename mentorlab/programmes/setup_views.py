"""The set-up pages: create or copy a programme, edit its settings, questions and topics
(its coordinators), and say who coordinates it (site staff). Every page is a coordinator
page (programmes/second_factor.py); anyone else gets "not found"."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentorlab.accounts.auth import signed_in_user
from mentorlab.accounts.models import User
from mentorlab.core.errors import add_errors_to_form, messages_from_error

from . import setup
from .access import coordinated_programme_or_404
from .models import ActorApplication, CustomQuestion, MentorApplication, Programme, Topic
from .setup_forms import (
    CoordinatorAddForm,
    CopyChoiceForm,
    programme_form_class,
    programme_initial,
    question_form_class,
    question_initial,
    topic_form_class,
    topic_initial,
)


def _settings_groups(form: forms.Form) -> list[tuple[str, list[forms.BoundField]]]:
    """The settings form in three fieldsets: texts (and address), dates, rules."""
    dates = set(setup.DATE_FIELDS)
    rules = set(setup.RULE_FIELDS)
    texts = [form[name] for name in form.fields if name not in dates | rules]
    return [
        (_("Name and description"), texts),
        (_("Dates"), [form[name] for name in setup.DATE_FIELDS if name in form.fields]),
        (_("Rules and other settings"), [form[name] for name in setup.RULE_FIELDS]),
    ]


def _may_create_or_404(request: HttpRequest) -> User:
    user = signed_in_user(request)
    if not setup.may_create_programme(user):
        raise Http404
    return user


def _staff_or_404(request: HttpRequest) -> User:
    user = signed_in_user(request)
    if not (user.is_staff or user.is_superuser):
        raise Http404
    return user


# --- create, copy, settings ---------------------------------------------------------


@login_required
def programme_new(request: HttpRequest) -> HttpResponse:
    user = _may_create_or_404(request)
    form_class = programme_form_class(with_slug=True)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = setup.programme_create(by=user, values=form.values())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(
                request,
                _("%(name)s was created and you are its coordinator.") % {"name": programme},
            )
            return redirect("programmes:setup", slug=programme.slug)
    return render(
        request,
        "programmes/setup/programme_new.html",
        {"form": form, "groups": _settings_groups(form)},
    )


@login_required
def programme_copy(request: HttpRequest) -> HttpResponse:
    """Step one (a GET form): which programme, and the new first day. Step two: the copy's
    settings with every date moved, editable, saved by POST to the same address."""
    user = _may_create_or_404(request)
    sources = Programme.objects.filter(coordinators=user).order_by("-kickoff_date", "name")
    choice = CopyChoiceForm(request.GET if "source" in request.GET else None, sources=sources)
    context: dict[str, Any] = {"choice": choice, "has_sources": sources.exists()}
    if choice.is_bound and choice.is_valid():
        source: Programme = choice.cleaned_data["source"]
        form_class = programme_form_class(with_slug=True)
        if request.method == "POST":
            form = form_class(request.POST)
            if form.is_valid():
                try:
                    programme = setup.programme_copy(source=source, by=user, values=form.values())
                except ValidationError as exc:
                    form.add_service_errors(exc)
                else:
                    messages.success(
                        request,
                        _(
                            "%(name)s was copied from %(source)s. Its surveys and events are "
                            "drafts: check their dates and publish them when ready."
                        )
                        % {"name": programme, "source": source},
                    )
                    return redirect("programmes:setup", slug=programme.slug)
        else:
            form = form_class(
                initial=setup.shifted_settings(source, choice.cleaned_data["first_date"])
            )
        context.update(
            source=source,
            form=form,
            groups=_settings_groups(form),
            topics=source.topics.count(),
            questions=source.questions.count(),
        )
    return render(request, "programmes/setup/programme_copy.html", context)


@login_required
def programme_settings(request: HttpRequest, slug: str) -> HttpResponse:
    programme = coordinated_programme_or_404(request.user, slug)
    form_class = programme_form_class(with_slug=False)
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                setup.programme_update(
                    programme=programme, by=signed_in_user(request), values=form.values()
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("The programme's settings were saved."))
                return redirect("programmes:setup", slug=programme.slug)
    else:
        form = form_class(initial=programme_initial(programme))
    return render(
        request,
        "programmes/setup/programme_settings.html",
        {"programme": programme, "form": form, "groups": _settings_groups(form)},
    )


# --- custom questions ---------------------------------------------------------------


def _question_or_404(programme: Programme, pk: int) -> CustomQuestion:
    return get_object_or_404(CustomQuestion, programme=programme, pk=pk)


@login_required
def questions(request: HttpRequest, slug: str) -> HttpResponse:
    programme = coordinated_programme_or_404(request.user, slug)
    form = question_form_class()(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            setup.question_save(
                programme=programme, by=signed_in_user(request), values=form.values()
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The question was added."))
            return redirect("programmes:setup_questions", slug=programme.slug)
    return render(
        request,
        "programmes/setup/questions.html",
        {"programme": programme, "questions": programme.questions.all(), "form": form},
    )


@login_required
def question_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme = coordinated_programme_or_404(request.user, slug)
    question = _question_or_404(programme, pk)
    form_class = question_form_class()
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                setup.question_save(
                    programme=programme,
                    by=signed_in_user(request),
                    values=form.values(),
                    question=question,
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("The question was saved."))
                return redirect("programmes:setup_questions", slug=programme.slug)
    else:
        form = form_class(initial=question_initial(question))
    return render(
        request,
        "programmes/setup/question_edit.html",
        {"programme": programme, "question": question, "form": form},
    )


@login_required
@require_POST
def question_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme = coordinated_programme_or_404(request.user, slug)
    question = _question_or_404(programme, pk)
    direction = request.POST.get("direction", "")
    try:
        setup.question_move(
            question=question,
            by=signed_in_user(request),
            direction=cast(Any, direction),
        )
    except ValidationError as exc:
        messages_from_error(request, exc)
    return redirect(f"{_url('setup_questions', programme)}#question-{question.pk}")


@login_required
@require_POST
def question_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme = coordinated_programme_or_404(request.user, slug)
    question = _question_or_404(programme, pk)
    try:
        setup.question_delete(question=question, by=signed_in_user(request))
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        messages.success(request, _("The question was deleted."))
    return redirect("programmes:setup_questions", slug=programme.slug)


def _url(name: str, programme: Programme) -> str:
    return reverse(f"programmes:{name}", kwargs={"slug": programme.slug})


# --- topics -------------------------------------------------------------------------


def _topic_or_404(programme: Programme, pk: int) -> Topic:
    return get_object_or_404(Topic, programme=programme, pk=pk)


def _topic_usage(programme: Programme) -> dict[int, int]:
    """How many applications chose each topic: such a topic is renamed, never deleted."""
    counts: dict[int, int] = {}
    for model in (ActorApplication, MentorApplication):
        through = model.topics.through.objects.filter(topic__programme=programme)
        for topic_id in through.values_list("topic_id", flat=True):
            counts[topic_id] = counts.get(topic_id, 0) + 1
    return counts


@login_required
def topics(request: HttpRequest, slug: str) -> HttpResponse:
    programme = coordinated_programme_or_404(request.user, slug)
    form = topic_form_class()(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            setup.topic_add(programme=programme, by=signed_in_user(request), values=form.values())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The topic was added."))
            return redirect("programmes:setup_topics", slug=programme.slug)
    usage = _topic_usage(programme)
    listed = [(topic, usage.get(topic.pk, 0)) for topic in programme.topics.all()]
    return render(
        request,
        "programmes/setup/topics.html",
        {"programme": programme, "topics": listed, "form": form},
    )


@login_required
def topic_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme = coordinated_programme_or_404(request.user, slug)
    topic = _topic_or_404(programme, pk)
    form_class = topic_form_class()
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                setup.topic_rename(topic=topic, by=signed_in_user(request), values=form.values())
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("The topic was renamed."))
                return redirect("programmes:setup_topics", slug=programme.slug)
    else:
        form = form_class(initial=topic_initial(topic))
    return render(
        request,
        "programmes/setup/topic_edit.html",
        {"programme": programme, "topic": topic, "form": form},
    )


@login_required
@require_POST
def topic_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    programme = coordinated_programme_or_404(request.user, slug)
    topic = _topic_or_404(programme, pk)
    try:
        setup.topic_delete(topic=topic, by=signed_in_user(request))
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        messages.success(request, _("The topic was deleted."))
    return redirect("programmes:setup_topics", slug=programme.slug)


# --- coordinators (site staff) ------------------------------------------------------


@login_required
def coordinators_all(request: HttpRequest) -> HttpResponse:
    _staff_or_404(request)
    programmes = Programme.objects.order_by("-kickoff_date", "name").prefetch_related(
        "coordinators"
    )
    return render(request, "programmes/setup/coordinators_all.html", {"programmes": programmes})


@login_required
def coordinators(request: HttpRequest, slug: str) -> HttpResponse:
    staff = _staff_or_404(request)
    programme = get_object_or_404(Programme, slug=slug)
    form = CoordinatorAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = setup.coordinator_add(
                programme=programme, by=staff, email=form.cleaned_data["email"]
            )
        except ValidationError as exc:
            add_errors_to_form(form, exc, default_field="email")
        else:
            messages.success(
                request,
                _("%(name)s now coordinates %(programme)s.")
                % {"name": user, "programme": programme},
            )
            return redirect("programmes:setup_coordinators", slug=programme.slug)
    return render(
        request,
        "programmes/setup/coordinators.html",
        {
            "programme": programme,
            "coordinators": programme.coordinators.order_by("full_name", "email"),
            "form": form,
        },
    )


@login_required
@require_POST
def coordinator_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    staff = _staff_or_404(request)
    programme = get_object_or_404(Programme, slug=slug)
    user = get_object_or_404(programme.coordinators.all(), pk=pk)
    try:
        setup.coordinator_remove(programme=programme, by=staff, user=user)
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        messages.success(
            request,
            _("%(name)s no longer coordinates %(programme)s.")
            % {"name": user, "programme": programme},
        )
    return redirect("programmes:setup_coordinators", slug=programme.slug)
