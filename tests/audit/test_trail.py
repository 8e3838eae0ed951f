"""The audit trail is read-only and survives erasure; the pages show a programme's entries
to its coordinators (and everything to site staff), filtered, paged and exportable."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from mentorlab.accounts.privacy import account_erase
from mentorlab.audit.models import Action, AuditEntry
from mentorlab.audit.services import audit_record
from mentorlab.core.spreadsheets import BYTE_ORDER_MARK
from tests.factories import UserFactory
from tests.second_factor import totp_add

pytestmark = pytest.mark.django_db


def audit_url(programme):
    return reverse("dashboard:audit", args=[programme.slug])


@pytest.fixture
def entries(programme, other_programme, coordinator, other_coordinator, actor):
    application = actor.actor_applications.get()
    audit_record(
        action=Action.APPLICATION_DECIDED,
        by=coordinator,
        target=application,
        programme=programme,
        details={"old": "submitted", "new": "accepted"},
    )
    audit_record(action=Action.DATA_EXPORTED, by=coordinator, target=programme, programme=programme)
    audit_record(
        action=Action.DATA_EXPORTED,
        by=other_coordinator,
        target=other_programme,
        programme=other_programme,
    )


def test_an_entry_cannot_be_changed_or_deleted(coordinator, programme):
    entry = audit_record(action=Action.DATA_EXPORTED, by=coordinator, programme=programme)
    entry.details = {"forged": True}
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(details={})
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get().details == {}


def test_the_admin_shows_entries_but_cannot_add_change_or_delete(coordinator, programme):
    entry = audit_record(action=Action.DATA_EXPORTED, by=coordinator, programme=programme)
    request = RequestFactory().get("/admin/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    model_admin = admin.site._registry[AuditEntry]
    assert model_admin.has_view_permission(request, entry)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, entry)
    assert not model_admin.has_delete_permission(request, entry)


def test_an_unknown_action_code_is_refused(coordinator):
    with pytest.raises(ValueError):
        audit_record(action="made_up", by=coordinator)


def test_who_did_it_is_still_named_after_they_erase_their_account(coordinator, programme):
    audit_record(action=Action.DATA_EXPORTED, by=coordinator, programme=programme)
    account_erase(user=coordinator, confirmation=coordinator.email)
    export = AuditEntry.objects.get(action=Action.DATA_EXPORTED)
    assert (export.actor_name, export.actor_email) == (
        "Cora Coordinator",
        "coordinator@example.org",
    )
    # The erasure itself names the account, not the person.
    erased = AuditEntry.objects.get(action=Action.ACCOUNT_ERASED)
    assert erased.actor_name == "Former participant"
    assert "Cora" not in erased.target_repr


def test_coordinators_see_their_programmes_entries_only(as_user, coordinator, programme, entries):
    page = as_user(coordinator).get(audit_url(programme)).content.decode()
    assert "2 entries" in page
    assert "Application decided" in page
    assert "Aino Actor" in page
    assert "Olli Othercoord" not in page


@pytest.mark.parametrize("who", ["other_coordinator", "outsider", "actor"])
def test_anyone_else_gets_a_404(as_user, request, programme, entries, who):
    assert as_user(request.getfixturevalue(who)).get(audit_url(programme)).status_code == 404


def test_anonymous_visitor_is_asked_to_sign_in(client, programme):
    assert client.get(audit_url(programme)).status_code == 302


def test_site_staff_see_every_programme_on_the_all_page(as_user, entries, coordinator):
    staff = UserFactory(is_staff=True)
    totp_add(staff)  # site staff sign in with a second factor
    page = as_user(staff).get(reverse("dashboard:audit_all")).content.decode()
    assert "3 entries" in page
    assert "Other programme" in page
    assert as_user(coordinator).get(reverse("dashboard:audit_all")).status_code == 404


def test_site_staff_may_open_any_programmes_page(as_user, programme, entries):
    staff = UserFactory(is_staff=True)
    totp_add(staff)  # site staff sign in with a second factor
    assert "2 entries" in as_user(staff).get(audit_url(programme)).content.decode()


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ({"action": "data_exported"}, 1),
        ({"action": "application_decided"}, 1),
        ({"person": "cora"}, 2),
        ({"person": "coordinator@example"}, 2),
        ({"person": "nobody"}, 0),
        ({"since": "2000-01-01", "until": "2000-12-31"}, 0),
    ],
)
def test_filters_by_action_person_and_date(as_user, coordinator, programme, entries, query, count):
    page = as_user(coordinator).get(audit_url(programme), query).content.decode()
    assert f"{count} entr" in page


def test_the_date_range_includes_both_ends(as_user, coordinator, programme, entries):
    today = timezone.localdate().isoformat()
    page = as_user(coordinator).get(audit_url(programme), {"since": today, "until": today})
    assert "2 entries" in page.content.decode()


def test_a_reversed_date_range_is_refused_with_a_message(as_user, coordinator, programme, entries):
    page = as_user(coordinator).get(
        audit_url(programme), {"since": "2030-02-01", "until": "2030-01-01"}
    )
    assert "The start date is after the end date." in page.content.decode()


def test_pages_are_fifty_entries_long(as_user, coordinator, programme):
    for _i in range(51):
        audit_record(action=Action.DATA_EXPORTED, by=coordinator, programme=programme)
    client = as_user(coordinator)
    assert "Page 1 of 2" in client.get(audit_url(programme)).content.decode()
    second = client.get(audit_url(programme), {"page": 2}).content.decode()
    assert second.count("Personal data exported</td>") == 1


def test_the_filtered_entries_download_as_csv(as_user, coordinator, programme, entries):
    response = as_user(coordinator).get(
        audit_url(programme), {"action": "application_decided", "export": "csv"}
    )
    assert response["Content-Disposition"] == 'attachment; filename="mentoring-2031-audit.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode().removeprefix(BYTE_ORDER_MARK))))
    assert rows[0][:4] == ["When", "Who", "E-mail address", "Action"]
    assert len(rows) == 2
    assert rows[1][1:4] == ["Cora Coordinator", "coordinator@example.org", "Application decided"]
    assert "new: accepted; old: submitted" in rows[1]


def test_the_entries_download_as_excel(as_user, coordinator, programme, entries):
    response = as_user(coordinator).get(audit_url(programme), {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')


def test_the_coordinators_home_links_to_the_audit_trail(as_user, coordinator, programme):
    page = as_user(coordinator).get(reverse("core:home")).content.decode()
    assert audit_url(programme) in page


@pytest.mark.parametrize(
    ("language", "heading", "action"),
    [("fi", "Tapahtumaloki", "Hakemuksesta päätetty"), ("sv", "Händelselogg", "Beslut om ansökan")],
)
def test_the_trail_page_speaks_finnish_and_swedish(
    as_user, coordinator, programme, entries, language, heading, action
):
    client = as_user(coordinator)
    client.cookies["django_language"] = language
    page = client.get(audit_url(programme)).content.decode()
    assert heading in page
    assert action in page
