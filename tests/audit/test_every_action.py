"""Every coordinator action that changes or reveals people's data leaves exactly one audit
entry, naming who did it, what they did and to which object (one row per action below)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.forms.models import model_to_dict
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from mentorlab.accounts.models import User
from mentorlab.accounts.privacy import account_erase
from mentorlab.audit.models import Action, AuditEntry
from mentorlab.matching import services as matching
from mentorlab.matching.engine import Weights
from mentorlab.matching.models import MatchRun
from mentorlab.mentorships import services as mentorships
from mentorlab.mentorships.models import Mentorship
from mentorlab.mentorships.nudges import pairs_nudge
from mentorlab.programmes import setup
from mentorlab.programmes.choices import ApplicationStatus
from mentorlab.programmes.imports.fields import suggest_mapping
from mentorlab.programmes.imports.reading import read_table
from mentorlab.programmes.imports.services import applicants_import
from mentorlab.programmes.models import Programme
from mentorlab.programmes.services import application_decide
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.programmes.test_import import MENTOR_HEADER, as_csv, mentor_row
from tests.surveys.conftest import make_survey

pytestmark = pytest.mark.django_db


@dataclass
class World:
    programme: Programme
    coordinator: User
    actor: User
    other_actor: User
    mentor: User
    other_mentor: User
    staff: User


@pytest.fixture
def world(programme, coordinator, actor, other_actor, mentor, other_mentor) -> World:
    # The actor must not meet Reaktor, the mentor's employer: the run pairs them elsewhere.
    app = actor.actor_applications.get()
    app.conflict_employer = "reaktor"
    app.save()
    staff = UserFactory(full_name="Sara Staff", is_staff=True, is_superuser=True)
    return World(programme, coordinator, actor, other_actor, mentor, other_mentor, staff)


def _finished_run(w: World) -> MatchRun:
    run = matching.match_run_start(
        programme=w.programme, by=w.coordinator, weights=Weights(), mode="best"
    )
    matching.match_run_execute(run.pk)
    run.refresh_from_db()
    return run


def _pair(w: World) -> Mentorship:
    return mentorships.mentorship_create(programme=w.programme, mentor=w.mentor, actors=[w.actor])


def _admin_request(user: User) -> Any:
    request = RequestFactory().post("/admin/")
    request.user = user
    return request


# Each case: set-up (not audited) → the action → (who, action, target) expected.
Setup = Callable[[World], Any]
Act = Callable[[World, Any], Any]


def decide(w: World, _ctx: Any) -> Any:
    application = w.actor.actor_applications.get()
    application_decide(
        programme=w.programme,
        applications=[application],
        status=ApplicationStatus.DECLINED,
        by=w.coordinator,
    )
    return application


def run_start(w: World, _ctx: Any) -> Any:
    return matching.match_run_start(
        programme=w.programme, by=w.coordinator, weights=Weights(), mode="best"
    )


def swap(w: World, run: MatchRun) -> Any:
    pair = run.pairs.get(actor=w.other_actor)
    free = w.other_mentor if pair.mentor == w.mentor else w.mentor
    application = free.mentor_applications.get()
    application.capacity = 3
    application.save()
    run.mentor_remaining = {**run.mentor_remaining, str(free.pk): 2}
    run.save()
    return matching.proposal_swap(run=run, actor=w.other_actor, mentor=free, by=w.coordinator)


def lock(w: World, _ctx: Any) -> Any:
    return matching.lock_add(
        programme=w.programme, actor=w.actor, mentor=w.other_mentor, by=w.coordinator
    )


def reject(w: World, run: MatchRun) -> Any:
    pair = run.pairs.get(actor=w.other_actor)
    matching.proposal_reject_pair(run=run, pair_id=pair.pk, by=w.coordinator)
    return run


def publish(w: World, run: MatchRun) -> Any:
    matching.match_publish(run=run, by=w.coordinator)
    return run


def pair_by_hand(w: World, _ctx: Any) -> Any:
    return mentorships.mentorship_create_by_coordinator(
        programme=w.programme, mentor=w.mentor, actors=[w.actor], by=w.coordinator
    )


def end_by_coordinator(w: World, pair: Mentorship) -> Any:
    mentorships.mentorship_close_by_coordinator(
        mentorship=pair, by=w.coordinator, outcome="ended_early", reason="Moved abroad."
    )
    return pair


def end_early_as_coordinator(w: World, pair: Mentorship) -> Any:
    mentorships.mentorship_end(mentorship=pair, by=w.coordinator, reason="Moved abroad.")
    return pair


def complete_by_coordinator(w: World, pair: Mentorship) -> Any:
    Mentorship.objects.filter(pk=pair.pk).update(state="active", agreed_at=timezone.now())
    mentorships.mentorship_close_by_coordinator(
        mentorship=pair, by=w.coordinator, outcome="completed"
    )
    return pair


def export_dashboard(w: World, _ctx: Any) -> Any:
    url = reverse("dashboard:export", args=[w.programme.slug, "applications", "xlsx"])
    assert client_for(w.coordinator).get(url).status_code == 200
    return w.programme


def export_matching(w: World, run: MatchRun) -> Any:
    url = reverse("matching:export", args=[w.programme.slug, run.pk])
    assert client_for(w.coordinator).get(url).status_code == 200
    return run


def export_survey(w: World, _ctx: Any) -> Any:
    survey = make_survey(w.programme, w.coordinator, anonymous=False)
    url = reverse("surveys:export_xlsx", args=[w.programme.slug, survey.pk])
    assert client_for(w.coordinator).get(url).status_code == 200
    return survey


def coordinator_added(w: World, _ctx: Any) -> Any:
    newcomer = UserFactory(full_name="Nea Newcoordinator")
    _save_programme_in_admin(w, [w.coordinator, newcomer])
    return newcomer


def coordinator_removed(w: World, _ctx: Any) -> Any:
    leaving = UserFactory(full_name="Leo Leaving")
    w.programme.coordinators.add(leaving)
    _save_programme_in_admin(w, [w.coordinator])
    return leaving


def _save_programme_in_admin(w: World, coordinators: list[User]) -> None:
    model_admin = admin.site._registry[Programme]
    request = _admin_request(w.staff)
    data = model_to_dict(w.programme)
    data["coordinators"] = [u.pk for u in coordinators]
    form = model_admin.get_form(request, w.programme, fields=None)(data, instance=w.programme)
    assert form.is_valid(), form.errors
    model_admin.save_model(request, form.save(commit=False), form, change=True)
    model_admin.save_related(request, form, [], change=True)


def coordinator_added_on_site(w: World, _ctx: Any) -> Any:
    return setup.coordinator_add(programme=w.programme, by=w.staff, email=w.mentor.email)


def coordinator_removed_on_site(w: World, _ctx: Any) -> Any:
    leaving = UserFactory(full_name="Leo Leaving")
    w.programme.coordinators.add(leaving)
    setup.coordinator_remove(programme=w.programme, by=w.staff, user=leaving)
    return leaving


def programme_created(w: World, _ctx: Any) -> Any:
    values = setup.shifted_settings(w.programme, w.programme.mentor_signup_opens)
    return setup.programme_create(by=w.coordinator, values=dict(values, slug="brand-new"))


def programme_copied(w: World, _ctx: Any) -> Any:
    values = setup.shifted_settings(w.programme, w.programme.mentor_signup_opens)
    return setup.programme_copy(source=w.programme, by=w.coordinator, values=values)


def staff_granted(w: World, _ctx: Any) -> Any:
    model_admin = admin.site._registry[User]
    request = _admin_request(w.staff)
    data = model_to_dict(w.mentor)
    data.update(is_staff=True, groups=[], user_permissions=[])
    data["date_joined_0"], data["date_joined_1"] = "2030-01-01", "12:00"
    form = model_admin.get_form(request, w.mentor)(data, instance=w.mentor)
    assert form.is_valid(), form.errors
    model_admin.save_model(request, form.save(commit=False), form, change=True)
    return w.mentor


def import_applicants(w: World, _ctx: Any) -> Any:
    table = read_table(as_csv(MENTOR_HEADER, [mentor_row("Ada", "ada@example.org")]))
    plan = applicants_import(
        programme=w.programme,
        by=w.coordinator,
        table=table,
        columns=suggest_mapping(table.headers, w.programme.questions.all()),
        role="mentor",
        send_mail=False,
    )
    assert plan.is_clean, plan.report()
    return w.programme


def nudge_pair(w: World, pair: Mentorship) -> Any:
    pairs_nudge(programme=w.programme, mentorship_ids=[pair.pk], text="Hello!", by=w.coordinator)
    return pair


def erase_on_request(w: World, _ctx: Any) -> Any:
    account_erase(user=w.other_actor, confirmation=w.other_actor.email)
    return w.other_actor


CASES: list[tuple[str, Setup | None, Act, str, Action]] = [
    ("application decision", None, decide, "coordinator", Action.APPLICATION_DECIDED),
    ("matching run started", None, run_start, "coordinator", Action.MATCH_RUN_STARTED),
    ("swap in a proposal", _finished_run, swap, "coordinator", Action.PROPOSAL_SWAPPED),
    ("pair locked", None, lock, "coordinator", Action.PAIR_LOCKED),
    ("pair rejected", _finished_run, reject, "coordinator", Action.PROPOSAL_REJECTED),
    ("publish", _finished_run, publish, "coordinator", Action.MATCH_PUBLISHED),
    ("manual pairing", None, pair_by_hand, "coordinator", Action.MENTORSHIP_PAIRED),
    ("ended by coordinator", _pair, end_by_coordinator, "coordinator", Action.MENTORSHIP_ENDED),
    ("ended early", _pair, end_early_as_coordinator, "coordinator", Action.MENTORSHIP_ENDED),
    ("completed", _pair, complete_by_coordinator, "coordinator", Action.MENTORSHIP_COMPLETED),
    ("applicant import", None, import_applicants, "coordinator", Action.APPLICANTS_IMPORTED),
    ("dashboard export", None, export_dashboard, "coordinator", Action.DATA_EXPORTED),
    ("matching export", _finished_run, export_matching, "coordinator", Action.DATA_EXPORTED),
    ("survey export", None, export_survey, "coordinator", Action.DATA_EXPORTED),
    ("coordinator added", None, coordinator_added, "staff", Action.COORDINATOR_ADDED),
    ("coordinator removed", None, coordinator_removed, "staff", Action.COORDINATOR_REMOVED),
    (
        "coordinator added on the site",
        None,
        coordinator_added_on_site,
        "staff",
        Action.COORDINATOR_ADDED,
    ),
    (
        "coordinator removed on the site",
        None,
        coordinator_removed_on_site,
        "staff",
        Action.COORDINATOR_REMOVED,
    ),
    ("programme created", None, programme_created, "coordinator", Action.PROGRAMME_CREATED),
    ("programme copied", None, programme_copied, "coordinator", Action.PROGRAMME_COPIED),
    ("staff granted", None, staff_granted, "staff", Action.STAFF_GRANTED),
    ("erasure on request", None, erase_on_request, "other_actor", Action.ACCOUNT_ERASED),
    ("pair nudged", _pair, nudge_pair, "coordinator", Action.PAIR_NUDGED),
]


@pytest.mark.parametrize(
    ("setup", "act", "who", "action"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_each_action_leaves_exactly_one_entry_naming_who_what_and_which(
    world, setup, act, who, action
):
    context = setup(world) if setup else None
    before = AuditEntry.objects.order_by("pk").last()
    target = act(world, context)
    new = list(AuditEntry.objects.filter(pk__gt=before.pk if before else 0))
    assert len(new) == 1, [(e.action, e.target_repr) for e in new]
    entry = new[0]
    person = getattr(world, who)
    assert entry.action == action
    assert entry.actor_id == person.pk
    assert entry.target_type == target._meta.label
    assert entry.target_id == str(target.pk)
    if action in (Action.PROGRAMME_CREATED, Action.PROGRAMME_COPIED):
        assert entry.programme_id == target.pk  # the new programme
    elif action != Action.STAFF_GRANTED and action != Action.ACCOUNT_ERASED:
        assert entry.programme_id == world.programme.pk
        assert entry.programme_name == "Mentoring 2031"


def test_a_bulk_decision_leaves_one_entry_per_application(world):
    applications = [
        world.actor.actor_applications.get(),
        world.other_actor.actor_applications.get(),
    ]
    application_decide(
        programme=world.programme,
        applications=applications,
        status=ApplicationStatus.WAITLISTED,
        by=world.coordinator,
    )
    entries = AuditEntry.objects.filter(action=Action.APPLICATION_DECIDED).order_by("target_id")
    assert [(e.target_id, e.details["old"], e.details["new"]) for e in entries] == sorted(
        (str(a.pk), "accepted", "waitlisted") for a in applications
    )
    assert {e.actor_name for e in entries} == {"Cora Coordinator"}


def test_a_participant_ending_their_own_mentorship_is_not_a_coordinator_action(world):
    pair = _pair(world)
    mentorships.mentorship_end(mentorship=pair, by=world.actor, reason="Busy.")
    assert not AuditEntry.objects.exists()


def test_a_refused_action_leaves_no_entry(world):
    application = world.actor.actor_applications.get()
    with pytest.raises(PermissionDenied):
        application_decide(
            programme=world.programme,
            applications=[application],
            status=ApplicationStatus.DECLINED,
            by=world.mentor,
        )
    assert not AuditEntry.objects.exists()


def test_an_import_entry_says_how_many_were_created_and_updated(world):
    import_applicants(world, None)
    entry = AuditEntry.objects.get(action=Action.APPLICANTS_IMPORTED)
    assert entry.details == {"role": "mentor", "rows": 1, "created": 1, "updated": 0}
