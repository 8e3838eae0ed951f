from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from mentorlab.matching import selectors
from mentorlab.matching.engine import Problem
from mentorlab.programmes.models import Programme


def problem_to_json(problem: Problem) -> dict[str, Any]:
    """The engine's full profile format (see mentorlab/matching/README.md)."""
    return {
        "mode": problem.mode,
        "k": problem.k,
        "weights": problem.weights.as_dict(),
        "actors": [
            {
                "id": a.id,
                "degree_level": a.degree_level,
                "field": a.field,
                "languages": sorted(a.languages),
                "topics": sorted(a.topics),
                "industries": sorted(a.industries),
                "goals_text": a.goals_text,
                "city": a.city,
                "remote_ok": a.remote_ok,
                "conflict_employer": a.conflict_employer,
                "preferences": list(a.preferences),
            }
            for a in problem.actors
        ],
        "mentors": [
            {
                "id": m.id,
                "levels": sorted(m.levels),
                "field": m.field,
                "languages": sorted(m.languages),
                "topics": sorted(m.topics),
                "industry": m.industry,
                "employer": m.employer,
                "offer_text": m.offer_text,
                "city": m.city,
                "remote_ok": m.remote_ok,
                "capacity": m.capacity,
            }
            for m in problem.mentors
        ],
        "rules": {
            "exclusions": sorted([a, m] for a, m in problem.rules.exclusions),
            "locks": [list(lock) for lock in problem.rules.locks],
        },
    }


class Command(BaseCommand):
    help = (
        "Write a programme's matching input (accepted students still without a mentor, "
        "mentors' free places, rules) as JSON for `python -m mentorlab.matching`. Ids are "
        "user ids."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("programme", help="the programme's short name (slug)")
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        programme = Programme.objects.filter(slug=options["programme"]).first()
        if programme is None:
            raise CommandError(f"No programme with the short name {options['programme']!r}.")
        data = json.dumps(problem_to_json(selectors.build_problem(programme)), indent=1)
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as fh:
                fh.write(data)
        else:
            sys.stdout.write(data + "\n")
