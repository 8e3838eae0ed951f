"""The notifications page, the preferences page and the one-click unsubscribe."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from mentorlab.core.redirects import safe_next_path

from . import services
from .kinds import Delivery, kind_get, required_kinds
from .models import Notification
from .selectors import notifications_for, preferences_for, unread_count

PAGE_SIZE = 25


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(notifications_for(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/list.html", {"page": page})


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark read, then go to the thing (a POST: opening changes the read state)."""
    try:
        notification = services.notification_open(notification_id=pk, user=request.user)
    except Notification.DoesNotExist as missing:
        raise Http404 from missing
    target = safe_next_path(request, notification.url)
    return HttpResponseRedirect(target) if target else redirect("notifications:list")


@login_required
@require_POST
def seen(request: HttpRequest) -> HttpResponse:
    """The page at `path` was shown (the bell posts it once the page has loaded): its
    notifications are read. Answers with the bell, count updated, for htmx to swap in."""
    services.notifications_mark_read_for(user=request.user, path=request.POST.get("path", ""))
    return render(
        request,
        "notifications/_bell.html",
        {"unread_notifications": unread_count(user=request.user), "mark_seen": False},
    )


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    services.notifications_mark_all_read(user=request.user)
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    choices = preferences_for(user=request.user)
    if request.method == "POST":
        wanted = {c.kind.name: request.POST.get(c.kind.name, c.delivery) for c in choices}
        if any(value not in Delivery.values for value in wanted.values()):
            messages.error(request, _("Choose one of the offered options."))
        else:
            services.preferences_save(user=request.user, choices=wanted)
            messages.success(request, _("Your notification choices are saved."))
            return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"choices": choices, "required": required_kinds(), "deliveries": Delivery.choices},
    )


# Mail clients POST here without a session or CSRF token (RFC 8058); the signed token in the
# address is the proof, so nothing else is needed.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, kind: str, token: str) -> HttpResponse:
    try:
        registered = kind_get(kind)
        services.unsubscribe_user_id(kind=kind, token=token)
    except (LookupError, signing.BadSignature):
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    if request.method == "POST":
        try:
            services.unsubscribe(kind=kind, token=token)
        except ObjectDoesNotExist:  # the account is gone: nothing to stop
            return render(request, "notifications/unsubscribe_invalid.html", status=400)
        return render(request, "notifications/unsubscribe_done.html", {"kind": registered})
    return render(request, "notifications/unsubscribe.html", {"kind": registered})
