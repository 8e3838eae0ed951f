"""Coordinators and site staff need a second factor before any coordinator page.

One mechanism, in one place: a middleware that knows the coordinator pages by their URL
names. It runs before the view, so a page is protected whatever its view does, and
tests/programmes/test_second_factor.py walks every URL pattern of the site: each one is
either listed here or reviewed there as a participant page, so a new page cannot slip
through unclassified.

The names are strings: this module imports no app above programmes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from mentorlab.accounts.mfa import has_second_factor, second_factor_verified

from .models import Programme

# Every page of these URL namespaces is a coordinator page.
COORDINATOR_NAMESPACES = frozenset({"admin", "dashboard"})

# Coordinator pages of namespaces that also serve participants, by "namespace:name".
COORDINATOR_PAGES = frozenset(
    {
        # Matching: everything but a student's own ranking of suggested mentors.
        "matching:home",
        "matching:rule_add",
        "matching:rule_remove",
        "matching:run",
        "matching:export",
        "matching:publish",
        "matching:reject",
        "matching:lock",
        "matching:swap",
        # Review of applications.
        "programmes:review",
        "programmes:review_detail",
        # Setting programmes up: create, copy, settings, questions, topics, coordinators.
        "programmes:setup_new",
        "programmes:setup_copy",
        "programmes:setup_coordinators_all",
        "programmes:setup",
        "programmes:setup_questions",
        "programmes:setup_question",
        "programmes:setup_question_move",
        "programmes:setup_question_delete",
        "programmes:setup_topics",
        "programmes:setup_topic",
        "programmes:setup_topic_delete",
        "programmes:setup_coordinators",
        "programmes:setup_coordinator_remove",
        # Importing applicants from a spreadsheet.
        "programmes:import",
        "programmes:import_preview",
        "programmes:import_confirm",
        "programmes:import_mapping",
        # Mentorship overview and manual pairing.
        "mentorships:coordinator",
        "mentorships:coordinator_create",
        "mentorships:coordinator_close",
        "mentorships:coordinator_nudge",
        # Writing announcements (the archive is read by the participants too).
        "announcements:new",
        # Events, attendance and peer groups.
        "events:manage",
        "events:create",
        "events:edit",
        "events:publish",
        "events:cancel",
        "events:registrations",
        "events:check_in",
        "events:check_in_toggle",
        "events:groups",
        "events:groups_propose",
        "events:group_create",
        "events:group_member_move",
        "events:group_publish",
        "events:group_unpublish",
        "events:group_delete",
        # Surveys, their reports and exports, help requests, benefit statements.
        "surveys:programme",
        "surveys:benefits",
        "surveys:benefits_add_built_in",
        "surveys:scales",
        "surveys:scale_import",
        "surveys:scales_add_built_in",
        "surveys:scale_add",
        "surveys:help_requests",
        "surveys:help_resolve",
        "surveys:detail",
        "surveys:open",
        "surveys:close",
        "surveys:report",
        "surveys:items",
        "surveys:item_preview",
        "surveys:item_edit",
        "surveys:item_remove",
        "surveys:item_move",
        "surveys:export_responses_csv",
        "surveys:export_benefit_csv",
        "surveys:export_xlsx",
        # Writing the tips-and-tools library.
        "library:create",
        "library:edit",
        "library:preview",
    }
)


def is_coordinator_page(namespace: str, view_name: str) -> bool:
    top = namespace.split(":", 1)[0]
    return top in COORDINATOR_NAMESPACES or view_name in COORDINATOR_PAGES


def needs_second_factor(user: Any) -> bool:
    """Site staff and everyone who coordinates a programme."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff or user.is_superuser:
        return True
    return Programme.objects.filter(coordinators=user).exists()


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    if getattr(request, "htmx", False):
        # An htmx request would swap the sign-in page into a fragment; go to it instead.
        return HttpResponseClientRedirect(url)
    return HttpResponseRedirect(url)


class CoordinatorSecondFactorMiddleware:
    """Sends a coordinator or staff member without a proven second factor from a coordinator
    page to set one up (or to confirm it with a code, if they have one). Anyone else goes on
    to the view, which answers as before (404 for what they may not see)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is None or not is_coordinator_page(match.namespace, match.view_name):
            return None
        user = request.user
        if not needs_second_factor(user) or second_factor_verified(request):
            return None
        if has_second_factor(user):
            # Signed in before the authenticator was added, or without its code: ask for it.
            url = reverse("mfa_reauthenticate") + "?" + urlencode({"next": request.path})
            return _redirect(request, url)
        messages.warning(
            request,
            _(
                "Coordinator pages need two-factor sign-in. Set up an authenticator app "
                "or a security key below, then open the page again."
            ),
        )
        return _redirect(request, reverse("mfa_index"))


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """A coordinator may replace an authenticator app but not be left without a factor."""
        user = authenticator.user
        if not needs_second_factor(user):
            return True
        others = Authenticator.objects.filter(
            user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
        ).exclude(pk=authenticator.pk)
        return others.exists()
