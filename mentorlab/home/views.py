from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentorlab.accounts.auth import signed_in_user
from mentorlab.accounts.models import CalendarFeed
from mentorlab.accounts.services import calendar_feed_renew
from mentorlab.core.calendar import absolute_url, feed_items_for, ics_response
from mentorlab.dashboard.workqueue import work_queue
from mentorlab.mentorships.selectors import home_cards
from mentorlab.programmes import selectors as programme_selectors
from mentorlab.programmes.choices import Role
from mentorlab.surveys.selectors import open_invitations

from . import next_steps


def home(request: HttpRequest) -> HttpResponse:
    """The public landing page, or for a signed-in person what to do next in each role."""
    programmes = programme_selectors.open_programmes()
    context: dict[str, object] = {"programmes": programmes}
    if request.user.is_authenticated:
        user = signed_in_user(request)
        participation = programme_selectors.user_participation(user)
        cards = home_cards(user)
        matched = next_steps.matched_programme_ids(cards)
        today = timezone.localdate()
        for role, key in ((Role.ACTOR, "actor_applications"), (Role.MENTOR, "mentor_applications")):
            next_steps.annotate_applications(
                participation[key], role=role, matched=matched[role], today=today
            )
        context.update(participation)
        context["cards"] = cards
        context["next_steps"] = next_steps.next_steps(
            cards=cards,
            invitations=open_invitations(user),
            actor_applications=participation["actor_applications"],
            mentor_applications=participation["mentor_applications"],
        )
        context["work_queue"] = work_queue(participation["coordinated"])
        # The programmes the person is in already show as their applications, mentorships
        # or coordinated programmes: the list at the end offers only the others.
        involved = (
            {a.programme_id for a in participation["actor_applications"]}
            | {a.programme_id for a in participation["mentor_applications"]}
            | {p.pk for p in participation["coordinated"]}
            | matched[Role.ACTOR]
            | matched[Role.MENTOR]
        )
        context["involved"] = bool(involved)
        context["other_programmes"] = [p for p in programmes if p.pk not in involved]
        return render(request, "home/dashboard.html", context)
    return render(request, "home/home.html", context)


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "home/privacy.html", programme_selectors.retention_periods())


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A person's meetings and events as one subscribable calendar; the secret token in
    the address is the only key, so calendar apps can fetch it without signing in."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    if not feed.user.is_active:
        return HttpResponse(status=404)
    return ics_response(
        feed_items_for(feed.user), filename="mentorlab.ics", name=f"Mentorlab – {feed.user}"
    )


@login_required
def calendar_settings(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    feed = CalendarFeed.objects.filter(user=user).first()
    url = absolute_url(f"/calendar/{feed.token}.ics") if feed else ""
    return render(request, "home/calendar_settings.html", {"feed_url": url})


@login_required
@require_POST
def calendar_renew(request: HttpRequest) -> HttpResponse:
    calendar_feed_renew(user=signed_in_user(request))
    messages.success(
        request, _("Your calendar has a new secret address. The old address no longer works.")
    )
    return redirect("core:calendar_settings")
