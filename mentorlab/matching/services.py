"""Between the database and the matching engine, and every write of the matching workflow.

Run → proposal (pending) → the coordinator swaps, rejects, locks, re-runs → publish. Publishing
turns the proposal into mentorships; it is the only step that reaches participants."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import asdict
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentorlab.accounts.models import User
from mentorlab.audit.models import Action
from mentorlab.audit.services import audit_record
from mentorlab.mentorships.selectors import mentor_places_used_by_id
from mentorlab.mentorships.services import mentorship_create
from mentorlab.programmes.access import require_coordinator
from mentorlab.programmes.choices import ApplicationStatus, DegreeLevel, Track
from mentorlab.programmes.models import ActorApplication, MentorApplication, Programme

from . import engine, notices, selectors
from .engine import Weights
from .models import Exclusion, Lock, MatchRun, Preference, ProposedPair, RunStatus, main_reason

logger = logging.getLogger(__name__)


# ----------------------------------------------------------------------- rules
def exclusion_add(
    *, programme: Programme, actor: User, mentor: User, by: User, note: str = ""
) -> Exclusion:
    require_coordinator(programme, by)
    if Lock.objects.filter(programme=programme, actor=actor, mentor=mentor).exists():
        raise ValidationError(_("This pair is locked. Unlock it before excluding it."))
    exclusion, _created = Exclusion.objects.get_or_create(
        programme=programme, actor=actor, mentor=mentor, defaults={"note": note, "created_by": by}
    )
    return exclusion


def lock_add(*, programme: Programme, actor: User, mentor: User, by: User) -> Lock:
    """Keep this pair in every following run. Refused (with the rule named) when the pair
    breaks a hard rule or the mentor's places are already taken by other locks."""
    require_coordinator(programme, by)
    if Exclusion.objects.filter(programme=programme, actor=actor, mentor=mentor).exists():
        raise ValidationError(_("This pair is excluded. Remove the exclusion before locking it."))
    problem = selectors.build_problem(programme)
    trial = engine.Problem(
        actors=problem.actors,
        mentors=problem.mentors,
        rules=engine.Rules(
            exclusions=problem.rules.exclusions,
            locks=(
                *[lk for lk in problem.rules.locks if lk[0] != str(actor.pk)],
                (str(actor.pk), str(mentor.pk)),
            ),
        ),
        k=1,
        certify=False,
    )
    try:
        engine.candidate_graph(trial)  # validates the locks against every hard rule
    except engine.MatchingInputError as exc:
        raise ValidationError(_("This pair cannot be locked: %(why)s") % {"why": exc}) from exc
    with transaction.atomic():
        lock, _created = Lock.objects.update_or_create(
            programme=programme, actor=actor, defaults={"mentor": mentor, "created_by": by}
        )
        audit_record(
            action=Action.PAIR_LOCKED,
            by=by,
            target=lock,
            programme=programme,
            details={"actor": actor.pk, "mentor": mentor.pk},
        )
    return lock


def lock_remove(*, programme: Programme, actor: User, by: User) -> None:
    require_coordinator(programme, by)
    Lock.objects.filter(programme=programme, actor=actor).delete()


def exclusion_remove(*, programme: Programme, exclusion_id: int, by: User) -> None:
    require_coordinator(programme, by)
    Exclusion.objects.filter(programme=programme, pk=exclusion_id).delete()


def preferences_set(*, programme: Programme, actor: User, mentors: list[User]) -> None:
    """Replace an actor's ranked choices (up to three, best first). Rankings close once a
    proposal of the programme has been published."""
    if not programme.actor_preferences_enabled:
        raise ValidationError(_("This programme does not ask students to rank mentors."))
    if selectors.matching_published(programme):
        raise ValidationError(
            _("The matching has been published, so choices can no longer be changed.")
        )
    if not programme.actor_applications.filter(
        user=actor, status=ApplicationStatus.ACCEPTED
    ).exists():
        raise PermissionDenied
    if len(mentors) > 3:
        raise ValidationError(_("You can rank at most three mentors."))
    if len({m.pk for m in mentors}) != len(mentors):
        raise ValidationError(_("Each mentor can be ranked only once."))
    allowed = {s.mentor for s in selectors.suggestions_for(programme=programme, actor=actor)}
    for mentor in mentors:
        if str(mentor.pk) not in allowed:
            raise ValidationError(_("You can only rank mentors from your suggestions."))
    with transaction.atomic():
        Preference.objects.filter(programme=programme, actor=actor).delete()
        Preference.objects.bulk_create(
            Preference(programme=programme, actor=actor, mentor=m, rank=i)
            for i, m in enumerate(mentors, start=1)
        )


# ----------------------------------------------------------------------- runs
def match_run_start(
    *, programme: Programme, by: User, weights: Weights, mode: str, k: int = 10
) -> MatchRun:
    """Record a run and hand it to the task queue (a worker in production; in-process on
    the embedded default). The page polls the run until it is finished. A second start while
    a run of the programme is still waiting or running (a double click, a second tab) is
    refused with that run named, so the queue never holds two runs of one programme."""
    require_coordinator(programme, by)
    with transaction.atomic():
        # The programme row is the lock two simultaneous starts queue on.
        Programme.objects.select_for_update().get(pk=programme.pk)
        busy = (
            MatchRun.objects.filter(
                programme=programme, status__in=(RunStatus.QUEUED, RunStatus.RUNNING)
            )
            .order_by("-pk")
            .first()
        )
        if busy is not None:
            raise RunAlreadyUnderWay(busy)
        run = MatchRun.objects.create(
            programme=programme,
            created_by=by,
            weights=weights.as_dict(),
            mode=mode,
            shortlist_size=k,
        )
        audit_record(
            action=Action.MATCH_RUN_STARTED,
            by=by,
            target=run,
            programme=programme,
            details={"mode": mode, "shortlist_size": k, "weights": run.weights},
        )
    from .tasks import run_matching

    transaction.on_commit(partial(run_matching.enqueue, run.pk))
    return run


class RunAlreadyUnderWay(ValidationError):
    """A run of the programme is already waiting or running: `run` is that run."""

    def __init__(self, run: MatchRun) -> None:
        super().__init__(
            _("A matching run of this programme is already under way; its page shows progress.")
        )
        self.run = run


def match_run_execute(run_id: int) -> None:
    """Do the work of a run (called by the task). Whatever goes wrong, the run ends FAILED
    with a message the coordinator can read, so the page stops polling."""
    run = MatchRun.objects.select_related("programme").get(pk=run_id)
    if run.status != RunStatus.QUEUED:
        return
    MatchRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, progress=10)
    try:
        _match_run_compute(run)
    except (engine.MatchingInputError, ValueError) as exc:
        # The programme's data cannot be matched as it is; the message names the reason.
        _match_run_failed(run, str(exc))
    except Exception:
        # A bug or an outage: the details go to the log, never to the page.
        logger.exception("Matching run %s failed", run.pk)
        _match_run_failed(
            run,
            _(
                "The matching stopped because of an unexpected error. Start a new run; "
                "if it fails again, contact the support."
            ),
        )


def _match_run_compute(run: MatchRun) -> None:
    problem = selectors.build_problem(
        run.programme, weights=Weights(**run.weights), mode=run.mode, k=run.shortlist_size
    )
    MatchRun.objects.filter(pk=run.pk).update(progress=30)
    result = engine.match(problem)
    with transaction.atomic():
        ProposedPair.objects.bulk_create(
            ProposedPair(
                run=run,
                actor_id=int(a.actor),
                mentor_id=int(a.mentor),
                score=a.score,
                breakdown=a.breakdown,
                reason=main_reason(a.breakdown),
                locked=a.locked,
            )
            for a in result.assignments
        )
        stats = asdict(result.stats)
        MatchRun.objects.filter(pk=run.pk).update(
            status=RunStatus.DONE,
            progress=100,
            stats=stats,
            unmatched=[asdict(u) for u in result.unmatched],
            mentor_remaining=result.mentor_remaining,
            finished_at=timezone.now(),
        )


def _match_run_failed(run: MatchRun, error: str) -> None:
    MatchRun.objects.filter(pk=run.pk).update(
        status=RunStatus.FAILED, error=error, finished_at=timezone.now(), progress=100
    )


def _pending_run(run: MatchRun, by: User) -> MatchRun:
    require_coordinator(run.programme, by)
    locked = MatchRun.objects.select_for_update().get(pk=run.pk)
    if locked.status != RunStatus.DONE:
        raise ValidationError(_("Only a pending proposal can be changed."))
    return locked


def proposal_reject_pair(*, run: MatchRun, pair_id: int, by: User) -> None:
    """Take a pair out of the proposal; the next run will not propose it again."""
    with transaction.atomic():
        run = _pending_run(run, by)
        pair = run.pairs.filter(pk=pair_id).first()
        if pair is None:
            raise ValidationError(_("That pair is not in this proposal."))
        Exclusion.objects.get_or_create(
            programme=run.programme,
            actor_id=pair.actor_id,
            mentor_id=pair.mentor_id,
            defaults={"note": _("Rejected from run %(run)s") % {"run": run.pk}, "created_by": by},
        )
        Lock.objects.filter(
            programme=run.programme, actor_id=pair.actor_id, mentor_id=pair.mentor_id
        ).delete()
        _record_unmatched(run, pair.actor_id, "rejected", _("rejected by a coordinator"))
        _free_place(run, pair.mentor_id, +1)
        audit_record(
            action=Action.PROPOSAL_REJECTED,
            by=by,
            target=run,
            target_repr=str(pair),
            programme=run.programme,
            details={"run": run.pk, "actor": pair.actor_id, "mentor": pair.mentor_id},
        )
        pair.delete()


def proposal_swap(*, run: MatchRun, actor: User, mentor: User, by: User) -> ProposedPair:
    """Give an actor a different mentor (one that passes every hard rule and has a free
    place), or a mentor to an actor the run left unmatched."""
    with transaction.atomic():
        run = _pending_run(run, by)
        options = {s.mentor: s for s in selectors.swap_options(run=run, actor=actor)}
        choice = options.get(str(mentor.pk))
        if choice is None:
            raise ValidationError(
                _(
                    "%(mentor)s cannot take %(actor)s: a hard rule or their capacity stands in the way."
                )
                % {"mentor": mentor, "actor": actor}
            )
        old = run.pairs.filter(actor=actor).first()
        old_mentor = old.mentor_id if old is not None else None
        if old is not None:
            _free_place(run, old.mentor_id, +1)
            old.delete()
        _free_place(run, mentor.pk, -1)
        run.unmatched = [u for u in run.unmatched if u["actor"] != str(actor.pk)]
        run.save(update_fields=["unmatched"])
        pair = ProposedPair.objects.create(
            run=run,
            actor=actor,
            mentor=mentor,
            score=choice.score,
            breakdown=choice.breakdown,
            reason=main_reason(choice.breakdown),
            edited=True,
        )
        audit_record(
            action=Action.PROPOSAL_SWAPPED,
            by=by,
            target=pair,
            programme=run.programme,
            details={"run": run.pk, "actor": actor.pk, "old": old_mentor, "new": mentor.pk},
        )
        return pair


def _free_place(run: MatchRun, mentor_id: int, delta: int) -> None:
    remaining = dict(run.mentor_remaining)
    remaining[str(mentor_id)] = int(remaining.get(str(mentor_id), 0)) + delta
    run.mentor_remaining = remaining
    run.save(update_fields=["mentor_remaining"])


def _record_unmatched(run: MatchRun, actor_id: int, code: str, reason: str) -> None:
    run.unmatched = [
        *[u for u in run.unmatched if u["actor"] != str(actor_id)],
        {"actor": str(actor_id), "code": code, "reason": reason, "details": {}},
    ]
    run.save(update_fields=["unmatched"])


def match_publish_request(*, run: MatchRun, by: User) -> MatchRun:
    """Mark a pending proposal as being published and hand the publishing to the task queue
    (as a run is). A second request for the same proposal, while it is being published or
    after, changes nothing and says so (ValidationError)."""
    with transaction.atomic():
        require_coordinator(run.programme, by)
        locked_run = MatchRun.objects.select_for_update().get(pk=run.pk)
        if locked_run.status == RunStatus.PUBLISHED:
            raise ValidationError(_("This proposal has already been published."))
        if locked_run.status == RunStatus.PUBLISHING:
            raise ValidationError(
                _("This proposal is already being published; its page shows progress.")
            )
        if locked_run.status != RunStatus.DONE:
            raise ValidationError(_("Only a finished proposal can be published."))
        if not locked_run.pairs.exists():
            raise ValidationError(_("The proposal has no pairs to publish."))
        MatchRun.objects.filter(pk=locked_run.pk).update(
            status=RunStatus.PUBLISHING, published_by=by, error=""
        )
    from .tasks import publish_matching

    transaction.on_commit(partial(publish_matching.enqueue, run.pk, by.pk))
    locked_run.refresh_from_db()
    return locked_run


def match_publish_execute(run_id: int, by_id: int) -> None:
    """Do the publishing asked for by `match_publish_request` (called by the task). Runs
    at most once: a run that is no longer being published is left alone. A refusal (a
    mentor now full, a student gone) puts the proposal back to pending with the reason
    on its page."""
    run = MatchRun.objects.select_related("programme").get(pk=run_id)
    if run.status != RunStatus.PUBLISHING:
        return
    by = User.objects.get(pk=by_id)
    try:
        _publish(run=run, by=by, from_status=RunStatus.PUBLISHING)
    except (ValidationError, PermissionDenied) as exc:
        why = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        MatchRun.objects.filter(pk=run.pk, status=RunStatus.PUBLISHING).update(
            status=RunStatus.DONE,
            published_by=None,
            error=_("Publishing stopped: %(why)s") % {"why": why},
        )
    except Exception:
        logger.exception("Publishing matching run %s failed", run.pk)
        MatchRun.objects.filter(pk=run.pk, status=RunStatus.PUBLISHING).update(
            status=RunStatus.DONE,
            published_by=None,
            error=_(
                "Publishing stopped because of an unexpected error; nothing was published. "
                "Try again; if it fails again, contact the support."
            ),
        )


def match_publish(*, run: MatchRun, by: User) -> int:
    """Turn a pending proposal into mentorships and introduce each pair by e-mail, in this
    request (the API; the pages go through `match_publish_request`)."""
    return _publish(run=run, by=by, from_status=RunStatus.DONE)


def _publish(*, run: MatchRun, by: User, from_status: str) -> int:
    """Publish a proposal whose status is `from_status`.

    Safe against double clicks and two coordinators at once: the run row is locked, so the
    second attempt sees it published; mentors' application rows are locked while their
    places are counted, so no mentor ends up over capacity whatever else is published."""
    from mentorlab.mentorships import emails as mentorship_emails

    with transaction.atomic():
        require_coordinator(run.programme, by)
        # One publish at a time per programme: everything below reads and writes the
        # programme's mentorships, so the programme row is the lock everyone queues on.
        Programme.objects.select_for_update().get(pk=run.programme_id)
        locked_run = (
            MatchRun.objects.select_for_update(of=("self",))
            .select_related("programme")
            .get(pk=run.pk)
        )
        if locked_run.status == RunStatus.PUBLISHED:
            raise ValidationError(_("This proposal has already been published."))
        if locked_run.status == RunStatus.PUBLISHING and from_status != RunStatus.PUBLISHING:
            raise ValidationError(
                _("This proposal is already being published; its page shows progress.")
            )
        if locked_run.status != from_status:
            raise ValidationError(_("Only a finished proposal can be published."))
        programme = locked_run.programme
        pairs = list(
            locked_run.pairs.select_related("actor", "mentor").order_by("mentor_id", "actor_id")
        )
        if not pairs:
            raise ValidationError(_("The proposal has no pairs to publish."))
        by_mentor: dict[int, list[ProposedPair]] = defaultdict(list)
        for pair in pairs:
            by_mentor[pair.mentor_id].append(pair)
        applications = {
            m.user_id: m
            for m in MentorApplication.objects.select_for_update()
            .filter(programme=programme, user_id__in=by_mentor)
            .order_by("pk")
        }
        accepted_actors = set(
            programme.actor_applications.filter(
                status=ApplicationStatus.ACCEPTED, user_id__in=[p.actor_id for p in pairs]
            ).values_list("user_id", flat=True)
        )
        gone = [p.actor for p in pairs if p.actor_id not in accepted_actors]
        if gone:
            raise ValidationError(
                _("%(student)s is no longer an accepted student; re-run the matching.")
                % {"student": gone[0]}
            )
        load = mentor_places_used_by_id(programme)
        for mentor_id, group in by_mentor.items():
            application = applications.get(mentor_id)
            if application is None or application.status != ApplicationStatus.ACCEPTED:
                raise ValidationError(
                    _("%(mentor)s is no longer an accepted mentor; re-run the matching.")
                    % {"mentor": group[0].mentor}
                )
            if load.get(mentor_id, 0) + len(group) > application.capacity:
                raise ValidationError(
                    _(
                        "%(mentor)s would have more students than the %(capacity)d they offered; re-run the matching."
                    )
                    % {"mentor": group[0].mentor, "capacity": application.capacity}
                )
        created = []
        for group in by_mentor.values():
            mentor = group[0].mentor
            if programme.track == Track.DOCTORAL or _all_doctoral(programme, group):
                created.append(
                    mentorship_create(
                        programme=programme,
                        mentor=mentor,
                        actors=[p.actor for p in group],
                        created_by=by,
                    )
                )
            else:
                created.extend(
                    mentorship_create(
                        programme=programme, mentor=mentor, actors=[p.actor], created_by=by
                    )
                    for p in group
                )
        MatchRun.objects.filter(pk=locked_run.pk).update(
            status=RunStatus.PUBLISHED, published_at=timezone.now(), published_by=by, error=""
        )
        # Other pending proposals were made from the same people; they are out of date now.
        MatchRun.objects.filter(
            programme=programme, status__in=(RunStatus.DONE, RunStatus.PUBLISHING)
        ).exclude(pk=locked_run.pk).update(
            status=RunStatus.FAILED, error=_("Another proposal was published.")
        )
        audit_record(
            action=Action.MATCH_PUBLISHED,
            by=by,
            target=locked_run,
            programme=programme,
            details={"pairs": len(pairs), "mentorships": len(created)},
        )
        mentorship_emails.mentorships_introduced(created)
        notices.matches_published(created, programme=programme)
    return len(pairs)


def _all_doctoral(programme: Programme, group: list[ProposedPair]) -> bool:
    """In a mixed programme, a mentor's doctoral actors form a group when there are 2+."""
    if len(group) < 2:
        return False
    levels = set(
        ActorApplication.objects.filter(
            programme=programme, user_id__in=[p.actor_id for p in group]
        ).values_list("degree_level", flat=True)
    )
    return levels == {DegreeLevel.DOCTORAL}
