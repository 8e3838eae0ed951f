from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentorlab.accounts.auth import signed_in_user
from mentorlab.core.calendar import ics_response
from mentorlab.core.errors import add_errors_to_form, messages_from_error
from mentorlab.core.markdown import render_markdown
from mentorlab.programmes.access import coordinated_programme_or_404
from mentorlab.programmes.choices import Role
from mentorlab.programmes.models import Programme

from . import selectors, services
from .calendar import event_item
from .forms import (
    DirectoryEntryForm,
    DirectoryFilterForm,
    EventForm,
    GroupForm,
    PostForm,
    RegistrationForm,
)
from .models import DirectoryEntry, EventStatus, Registration, RegistrationStatus

CSS = "css/events.css"


# --- participants' pages ------------------------------------------------------------------


def _int_or_404(value: str | None) -> int:
    """A form's id field, or "not found" when it is not a whole number."""
    try:
        return int(value or "")
    except ValueError:
        raise Http404 from None


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    now = timezone.now()
    rows = selectors.events_for(user)
    return render(
        request,
        "events/event_list.html",
        {
            "upcoming": [(e, r) for e, r in rows if e.ends_at >= now],
            "past": [(e, r) for e, r in rows if e.ends_at < now][::-1],
            "programmes": list(selectors.participant_programmes(user)),
            "groups": list(selectors.my_groups(user)),
        },
    )


@login_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The event, and the person's registration: GET shows it, POST registers."""
    user = signed_in_user(request)
    event, role = selectors.visible_event_or_404(user, pk)
    registration = selectors.my_registration(event, user)
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.event_register(
                event=event, user=user, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            add_errors_to_form(form, exc)
        else:
            if registration.status == RegistrationStatus.WAITLISTED:
                messages.warning(
                    request,
                    _(
                        "The event is full; you are on the waitlist. We will e-mail you if a seat frees up."
                    ),
                )
            else:
                messages.success(request, _("You are registered. See you there!"))
            return redirect("events:detail", pk=event.pk)
    taken = selectors.seats_taken(event)
    blocker = None if role == Role.COORDINATOR else selectors.registration_blocker(event, user)
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "role": role,
            "is_coordinator": role == Role.COORDINATOR,
            "description": render_markdown(event.description, profile="event"),
            "registration": registration,
            "form": form,
            "taken": taken,
            "seats_left": None if event.capacity is None else max(event.capacity - taken, 0),
            "can_register": role != Role.COORDINATOR and blocker is None,
            "registration_blocker": blocker,
        },
    )


@login_required
@require_POST
def registration_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    event, _role = selectors.visible_event_or_404(user, pk)
    registration = selectors.my_registration(event, user)
    if registration is None:
        return redirect("events:detail", pk=event.pk)
    try:
        services.registration_cancel(registration=registration, by=user)
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        messages.success(request, _("Your registration has been cancelled."))
    return redirect("events:detail", pk=event.pk)


@login_required
def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    event, _role = selectors.visible_event_or_404(signed_in_user(request), pk)
    return ics_response([event_item(event)], filename=f"event-{event.pk}.ics", name=event.title)


# --- coordinators: events -----------------------------------------------------------------
@login_required
def programme_events(request: HttpRequest, slug: str) -> HttpResponse:
    programme = coordinated_programme_or_404(request.user, slug)
    return render(
        request,
        "events/programme_events.html",
        {
            "programme": programme,
            "events": selectors.programme_events(programme),
            "summary": selectors.attendance_summary(programme),
        },
    )


def _event_form_page(request: HttpRequest, slug: str, pk: int | None) -> HttpResponse:
    programme = coordinated_programme_or_404(request.user, slug)
    instance = get_object_or_404(programme.events, pk=pk) if pk else None
    if instance is not None and instance.status == EventStatus.CANCELLED:
        raise Http404
    form = EventForm(request.POST or None, instance=instance, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_save(
                programme=programme,
                by=signed_in_user(request),
                data=services.EventData(**form.cleaned_data),
                event=instance,
            )
        except ValidationError as exc:
            add_errors_to_form(form, exc)
        else:
            messages.success(request, _("The event has been saved."))
            return redirect("events:detail", pk=event.pk)
    return render(
        request,
        "events/event_form.html",
        {"programme": programme, "form": form, "event": instance},
    )


@login_required
def event_create(request: HttpRequest, slug: str) -> HttpResponse:
    return _event_form_page(request, slug, None)


@login_required
def event_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _event_form_page(request, slug, pk)


@login_required
@require_POST
def event_publish(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.coordinated_event_or_404(request.user, pk)
    try:
        services.event_publish(event=event, by=signed_in_user(request))
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        messages.success(request, _("The event is published; participants can now register."))
    return redirect("events:detail", pk=event.pk)


@login_required
@require_POST
def event_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.coordinated_event_or_404(request.user, pk)
    try:
        services.event_cancel(event=event, by=signed_in_user(request))
    except ValidationError as exc:
        messages_from_error(request, exc)
    else:
        messages.success(request, _("The event is cancelled; everyone registered was e-mailed."))
    return redirect("events:detail", pk=event.pk)


@login_required
def event_registrations(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.coordinated_event_or_404(request.user, pk)
    return render(
        request,
        "events/registrations.html",
        {"event": event, "registrations": selectors.event_registrations(event)},
    )


CHECK_IN_SHOWN = 100  # names listed at once; a search finds the others


@login_required
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    """The door list: search by name or e-mail as you type (htmx asks for the list alone;
    without JavaScript the form reloads the page), tap a name to mark them present, and a
    live "present / registered" count. Lists at most `CHECK_IN_SHOWN` names at once."""
    event = selectors.coordinated_event_or_404(request.user, pk)
    q = request.GET.get("q", "").strip()[:100]
    found = selectors.check_in_list(event, q=q)
    shown = list(found[: CHECK_IN_SHOWN + 1])
    context = {
        "event": event,
        "q": q,
        "registrations": shown[:CHECK_IN_SHOWN],
        "more": len(shown) > CHECK_IN_SHOWN,
        "shown_limit": CHECK_IN_SHOWN,
        "counts": selectors.check_in_counts(event),
    }
    htmx = getattr(request, "htmx", None)
    if htmx and htmx.target == "check-in-list":
        return render(request, "events/_check_in_list.html", context)
    return render(request, "events/check_in.html", context)


@login_required
@require_POST
def check_in_toggle(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    event = selectors.coordinated_event_or_404(request.user, pk)
    registration = get_object_or_404(
        Registration.objects.select_related("user", "event__programme"),
        event=event,
        pk=registration_pk,
    )
    attended = request.POST.get("attended") == "1"
    try:
        services.attendance_set(
            registration=registration, attended=attended, by=signed_in_user(request)
        )
    except ValidationError as exc:
        messages_from_error(request, exc)
    q = request.POST.get("q", "").strip()[:100]
    if getattr(request, "htmx", False):
        # The row, and the count swapped in beside it (out of band) for the live region.
        return render(
            request,
            "events/_check_in_row.html",
            {
                "event": event,
                "r": registration,
                "q": q,
                "counts": selectors.check_in_counts(event),
                "oob_count": True,
            },
        )
    url = reverse("events:check_in", args=[event.pk])
    return redirect(f"{url}?{urlencode({'q': q})}" if q else url)


# --- peer groups --------------------------------------------------------------------------
# The coordinators' groups page shows everything; each of its buttons posts to its own small
# view, which redirects back to the page (or shows it again with the new-group form's errors).
GROUPS_PAGE_SIZE = 20
PEOPLE_PAGE_SIZE = 50


def _groups_page(
    request: HttpRequest, programme: Programme, form: GroupForm | None = None
) -> HttpResponse:
    # Paged in SQL: a page of groups (with their members) and a page of the students
    # without one; only the groups' names are read whole, for the "move to" lists.
    groups = Paginator(selectors.programme_groups(programme), GROUPS_PAGE_SIZE).get_page(
        request.GET.get("groups")
    )
    ungrouped = Paginator(selectors.ungrouped_students(programme), PEOPLE_PAGE_SIZE).get_page(
        request.GET.get("people")
    )
    return render(
        request,
        "events/groups_manage.html",
        {
            "programme": programme,
            "groups": groups,
            "group_names": list(programme.peer_groups.values_list("pk", "name")),
            "ungrouped": ungrouped,
            "form": form or GroupForm(),
        },
    )


def _back_to_groups(programme: Programme) -> HttpResponse:
    return redirect("events:groups", slug=programme.slug)


@login_required
def groups_manage(request: HttpRequest, slug: str) -> HttpResponse:
    return _groups_page(request, coordinated_programme_or_404(request.user, slug))


@login_required
@require_POST
def groups_propose(request: HttpRequest, slug: str) -> HttpResponse:
    programme = coordinated_programme_or_404(request.user, slug)
    try:
        created = services.groups_propose(programme=programme, by=signed_in_user(request))
    except ValidationError as exc:
        messages_from_error(request, exc)
        return _groups_page(request, programme)
    messages.success(
        request,
        _("%(count)d groups proposed. Adjust them, then publish.") % {"count": len(created)},
    )
    return _back_to_groups(programme)


@login_required
@require_POST
def group_create(request: HttpRequest, slug: str) -> HttpResponse:
    programme = coordinated_programme_or_404(request.user, slug)
    form = GroupForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Give the group a name."))
        services.group_create(programme=programme, by=signed_in_user(request), **form.cleaned_data)
    except ValidationError as exc:
        messages_from_error(request, exc)
        return _groups_page(request, programme, form)
    messages.success(request, _("The group has been created."))
    return _back_to_groups(programme)


@login_required
@require_POST
def group_member_move(request: HttpRequest, slug: str) -> HttpResponse:
    """Move a student to another group, or (an empty group) out of all groups."""
    programme = coordinated_programme_or_404(request.user, slug)
    member = get_object_or_404(
        selectors.group_move_candidates(programme), pk=_int_or_404(request.POST.get("user"))
    )
    target = request.POST.get("group") or None
    to = get_object_or_404(programme.peer_groups, pk=_int_or_404(target)) if target else None
    try:
        services.group_member_move(
            programme=programme, user=member, to=to, by=signed_in_user(request)
        )
    except ValidationError as exc:
        messages_from_error(request, exc)
        return _groups_page(request, programme)
    messages.success(request, _("%(name)s moved.") % {"name": member})
    return _back_to_groups(programme)


def _group_action(
    request: HttpRequest, slug: str, pk: int, action: Callable[..., Any], done: str
) -> HttpResponse:
    """One coordinator action on one peer group: look it up, call the service, say so."""
    programme = coordinated_programme_or_404(request.user, slug)
    group = get_object_or_404(programme.peer_groups, pk=pk)
    name = str(group)
    try:
        action(group=group, by=signed_in_user(request))
    except ValidationError as exc:
        messages_from_error(request, exc)
        return _groups_page(request, programme)
    messages.success(request, done % {"name": name})
    return _back_to_groups(programme)


@login_required
@require_POST
def group_publish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _group_action(request, slug, pk, services.group_publish, _("%(name)s is published."))


@login_required
@require_POST
def group_unpublish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _group_action(
        request, slug, pk, services.group_unpublish, _("%(name)s is hidden again.")
    )


@login_required
@require_POST
def group_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _group_action(request, slug, pk, services.group_delete, _("The group has been removed."))


@login_required
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    group, is_coordinator = selectors.group_for_member_or_404(user, pk)
    form = PostForm()
    if request.method == "POST":
        form = PostForm(request.POST)
        if form.is_valid():
            try:
                services.post_create(group=group, author=user, body=form.cleaned_data["body"])
            except ValidationError as exc:
                add_errors_to_form(form, exc, default_field="body")
            else:
                messages.success(request, _("Your message is on the board."))
                return redirect("events:group", pk=group.pk)
    return render(
        request,
        "events/group_detail.html",
        {
            "group": group,
            "is_coordinator": is_coordinator,
            "members": group.memberships.select_related("user"),
            "events": selectors.group_events(group),
            "posts": group.posts.select_related("author")[:100],
            "form": form,
        },
    )


# --- networking directory -----------------------------------------------------------------
@login_required
def directory(request: HttpRequest, slug: str) -> HttpResponse:
    user = signed_in_user(request)
    programme, _role = selectors.programme_for_participant_or_404(user, slug)
    filters = DirectoryFilterForm(request.GET or None, programme=programme)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    topic = criteria.get("topic")
    entries = selectors.directory_entries(
        programme,
        q=criteria.get("q", ""),
        topic=topic.pk if topic else None,
        industry=criteria.get("industry", ""),
        language=criteria.get("language", ""),
    )
    return render(
        request,
        "events/directory.html",
        {
            "programme": programme,
            "filters": filters,
            "entries": entries,
            "mine": DirectoryEntry.objects.filter(programme=programme, user=user).first(),
        },
    )


@login_required
def directory_me(request: HttpRequest, slug: str) -> HttpResponse:
    user = signed_in_user(request)
    programme, _role = selectors.programme_for_participant_or_404(user, slug)
    instance = DirectoryEntry.objects.filter(programme=programme, user=user).first()
    form = DirectoryEntryForm(request.POST or None, instance=instance, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.directory_entry_save(programme=programme, user=user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors_to_form(form, exc)
        else:
            messages.success(request, _("Your directory card is saved."))
            return redirect("events:directory", slug=programme.slug)
    return render(
        request,
        "events/directory_me.html",
        {"programme": programme, "form": form, "entry": instance},
    )


@login_required
@require_POST
def directory_remove(request: HttpRequest, slug: str) -> HttpResponse:
    user = signed_in_user(request)
    programme, _role = selectors.programme_for_participant_or_404(user, slug)
    services.directory_entry_remove(programme=programme, user=user)
    messages.success(request, _("You have been removed from the directory."))
    return redirect("events:directory", slug=programme.slug)
