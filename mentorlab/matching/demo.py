"""Demo matching: ranked choices for some 2027 students and one pending proposal."""

from __future__ import annotations

import random
from typing import Any

from mentorlab.accounts.models import User
from mentorlab.programmes.models import Programme

from . import engine, selectors, services
from .engine import Weights
from .models import MatchRun, Preference


def seed(stdout: Any) -> None:
    programme = Programme.objects.filter(slug="mentoring-2027").first()
    coordinator = User.objects.filter(email="coordinator@demo.mentorlab.fi").first()
    if programme is None or coordinator is None or programme.match_runs.exists():
        return
    rng = random.Random(2027)
    problem = selectors.build_problem(programme)
    rows = []
    for actor in problem.actors:
        if rng.random() < 0.4:
            choices = engine.suggestions(problem, actor.id, k=8)
            picked = rng.sample(choices, min(len(choices), rng.randint(1, 3)))
            rows += [
                Preference(
                    programme=programme, actor_id=int(actor.id), mentor_id=int(s.mentor), rank=r
                )
                for r, s in enumerate(picked, start=1)
            ]
    Preference.objects.bulk_create(rows)
    run = MatchRun.objects.create(
        programme=programme, created_by=coordinator, weights=Weights().as_dict(), mode="best"
    )
    services.match_run_execute(run.pk)
    stdout.write("  a pending matching proposal for Mentoring 2027")
