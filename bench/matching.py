"""Benchmark of the matching engine on synthetic seeded cohorts (not a test).

    .venv/bin/python bench/matching.py --sizes 1000 10000 50000

Each size runs in a fresh subprocess so that peak memory (ru_maxrss) belongs to that size.
Prints a Markdown table: engine (mode best) with wall and CPU time (all threads); in the same
process the floor "read every feasible pair once with NumPy" (one float32 product per block,
the engine's own block layout, nothing kept) and the ratio engine / floor; and, on the same
candidate graph, OR-Tools min-cost flow alone, a greedy by-score fill and Gale-Shapley
hospitals/residents from the PyPI package ``matching``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
# This file is named like the PyPI package `matching`: drop bench/ from the import path.
sys.path = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

from mentorlab.matching.engine import (  # noqa: E402
    Actor,
    Mentor,
    Problem,
    candidate_graph,
    match,
)
from mentorlab.matching.engine.flow import min_cost_flow_matching  # noqa: E402
from mentorlab.matching.engine.prepare import prepare  # noqa: E402

CLUSTERS = {
    "software": ["ai", "machine learning", "software", "data", "cloud"],
    "business": ["finance", "marketing", "strategy", "entrepreneurship", "sales"],
    "science": ["research", "biotech", "chemistry", "physics", "materials"],
    "public": ["policy", "law", "sustainability", "education", "health"],
    "design": ["design", "ux", "architecture", "media", "arts"],
    "engineering": ["energy", "manufacturing", "robotics", "construction", "logistics"],
}
TOPICS = [t for ts in CLUSTERS.values() for t in ts]
INDUSTRY = {
    "software": "tech",
    "business": "finance",
    "science": "pharma",
    "public": "public sector",
    "design": "creative",
    "engineering": "industry",
}
LANGS = [("fi", 0.75), ("en", 0.65), ("sv", 0.1), ("de", 0.04), ("ru", 0.04)]
CITIES = ["Helsinki", "Espoo", "Tampere", "Turku", "Oulu", "Vantaa", "Jyväskylä", "Stockholm"]
CITY_W = [30, 20, 12, 10, 8, 8, 6, 6]
EMPLOYERS = [f"Company {c}" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"] + ["University", "City"]
GOAL_VERBS = ["I want to", "I hope to", "My goal is to", "I would like to"]
GOAL_ENDS = ["find my first job in", "understand careers in", "move into", "build a network in"]
OFFER_STARTS = ["I work with", "I lead a team in", "I have 10 years in", "I can help with"]


def _langs(rng: random.Random) -> frozenset[str]:
    out = {lang for lang, p in LANGS if rng.random() < p}
    return frozenset(out or {"en"})


def _topics(rng: random.Random, cluster: str) -> list[str]:
    own = rng.sample(CLUSTERS[cluster], rng.randint(2, 3))
    if rng.random() < 0.3:
        own.append(rng.choice(TOPICS))
    return sorted(set(own))


def cohort(n: int, seed: int) -> Problem:
    rng = random.Random(seed)
    clusters = list(CLUSTERS)
    m = int(0.6 * n)
    mentors = []
    for j in range(m):
        c = rng.choice(clusters)
        t = _topics(rng, c)
        lv = rng.random()
        levels = {"masters"} if lv < 0.6 else {"doctoral"} if lv < 0.75 else {"masters", "doctoral"}
        mentors.append(
            Mentor(
                f"m{j:06d}",
                frozenset(levels),
                field=c,
                languages=_langs(rng),
                topics=frozenset(t),
                industry=INDUSTRY[c] if rng.random() < 0.8 else INDUSTRY[rng.choice(clusters)],
                employer=rng.choice(EMPLOYERS),
                offer_text=f"{rng.choice(OFFER_STARTS)} {' and '.join(t)}.",
                city=rng.choices(CITIES, CITY_W)[0],
                remote_ok=rng.random() < 0.5,
                capacity=rng.randint(1, 3),
            )
        )
    mentor_ids = [x.id for x in mentors]  # built once: per actor it made the generator O(n*m)
    actors = []
    for i in range(n):
        c = rng.choice(clusters)
        t = _topics(rng, c)
        prefs: tuple[str, ...] = ()
        if rng.random() < 0.3:
            prefs = tuple(rng.sample(mentor_ids, min(3, m)))
        actors.append(
            Actor(
                f"a{i:06d}",
                "masters" if rng.random() < 0.75 else "doctoral",
                field=c,
                languages=_langs(rng),
                topics=frozenset(t),
                industries=frozenset({INDUSTRY[c], INDUSTRY[rng.choice(clusters)]}),
                goals_text=f"{rng.choice(GOAL_VERBS)} {rng.choice(GOAL_ENDS)} {', '.join(t)}.",
                city=rng.choices(CITIES, CITY_W)[0],
                remote_ok=rng.random() < 0.5,
                conflict_employer=rng.choice(EMPLOYERS) if rng.random() < 0.1 else "",
                preferences=prefs,
            )
        )
    return Problem(actors, mentors, k=10)


def greedy(
    ei: np.ndarray, ej: np.ndarray, w: np.ndarray, caps: np.ndarray, n: int
) -> tuple[int, int]:
    order = np.lexsort((ej, ei, -w))
    left = caps.copy()
    used = np.zeros(n, dtype=bool)
    total = matched = 0
    for e in order.tolist():
        i, j = ei[e], ej[e]
        if not used[i] and left[j] > 0:
            used[i] = True
            left[j] -= 1
            total += int(w[e])
            matched += 1
    return matched, total


def gale_shapley(
    ei: np.ndarray, ej: np.ndarray, w: np.ndarray, caps: np.ndarray
) -> tuple[int, int]:
    from matching.games import HospitalResident

    sys.setrecursionlimit(1_000_000)
    score = {(int(i), int(j)): int(s) for i, j, s in zip(ei, ej, w, strict=True)}
    res: dict[int, list[int]] = {}
    hos: dict[int, list[int]] = {}
    for (i, j), _ in sorted(score.items(), key=lambda kv: (-kv[1], kv[0])):
        res.setdefault(i, []).append(j)
        hos.setdefault(j, []).append(i)
    game = HospitalResident.create_from_dictionaries(res, hos, {j: int(caps[j]) for j in hos})
    sol = game.solve(optimal="resident")
    matched = total = 0
    for h, rs in sol.items():
        for r in rs:
            matched += 1
            total += score[(r.name, h.name)]
    return matched, total


def run_one(n: int, seed: int, hr_max: int) -> dict[str, Any]:
    # One-time process cost (a worker has these loaded): measured, reported on its own line.
    t = time.perf_counter()
    import sklearn.feature_extraction.text  # noqa: F401
    import threadpoolctl  # noqa: F401

    imports = time.perf_counter() - t
    t = time.perf_counter()
    problem = cohort(n, seed)
    gen = time.perf_counter() - t
    cpu = time.process_time()
    result = match(problem)
    cpu = time.process_time() - cpu
    st = result.stats
    rss_engine = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    row: dict[str, Any] = {
        "n": n,
        "m": len(problem.mentors),
        "gen_s": gen,
        "import_s": imports,
        "method": st.bound.method if st.bound else None,
        "timings": st.timings,
        "cpu_s": cpu,
        "matched": st.matched,
        "share": st.share,
        "total": st.total_score,
        "gap": st.bound.gap if st.bound else None,
        "certified": st.bound.cardinality_certified if st.bound else None,
        "edges": st.candidate_edges,
        "repaired": st.repaired,
        "peak_gib": rss_engine,
        "load": os.getloadavg()[0],
    }
    # The floor: every feasible pair read once (one float32 product per block), nothing kept.
    prep = prepare(problem)
    t = time.perf_counter()
    for _ in prep.features.map_blocks(prep.available, None, lambda r, c, b: float(b[0, 0])):
        pass
    row["floor_s"] = time.perf_counter() - t
    g = candidate_graph(problem)
    t = time.perf_counter()
    chosen = min_cost_flow_matching(len(g.actors), g.capacity, g.actor, g.mentor, g.score)
    row["ortools"] = (int(chosen.sum()), int(g.score[chosen].sum()), time.perf_counter() - t)
    t = time.perf_counter()
    row["greedy"] = (
        *greedy(g.actor, g.mentor, g.score, g.capacity, len(g.actors)),
        time.perf_counter() - t,
    )
    if n <= hr_max:
        t = time.perf_counter()
        row["gs"] = (*gale_shapley(g.actor, g.mentor, g.score, g.capacity), time.perf_counter() - t)
    return row


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--hr-max", type=int, default=10000, help="largest size for Gale-Shapley")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.seed, args.hr_max)))
        return
    rows = []
    for n in args.sizes:
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--one",
                str(n),
                "--seed",
                str(args.seed),
                "--hr-max",
                str(args.hr_max),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(f"done {n} (1-min load average {rows[-1]['load']:.2f})", file=sys.stderr)
    # The engine package imports OR-Tools at module level, before run_one: time that import alone.
    ort = subprocess.run(
        [
            sys.executable,
            "-c",
            "import time; t = time.perf_counter(); "
            "import ortools.graph.python.min_cost_flow; print(time.perf_counter() - t)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    print(
        f"One-time imports, not in the timings below: scikit-learn (TF-IDF) "
        f"{rows[0]['import_s']:.2f} s, OR-Tools {float(ort.stdout):.2f} s.\n"
    )
    print(
        "| actors | mentors | method | build s | score s | solve s | bound s | total s | CPU s "
        "| floor s (ratio) | peak GiB | matched | repaired | share | total score | gap to bound "
        "| edges | load |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        t = r["timings"]
        gap = (
            "n/a"
            if r["gap"] is None
            else f"{100 * r['gap']:.4f}% ({r['method']})"
            + ("" if r["certified"] else " (card. not certified)")
        )
        print(
            f"| {r['n']} | {r['m']} | engine (best) | {t['build']:.2f} | {t['score']:.2f} "
            f"| {t['solve']:.2f} | {t['bound']:.2f} | {t['total']:.2f} | {r['cpu_s']:.2f} "
            f"| {r['floor_s']:.2f} ({t['total'] / max(r['floor_s'], 1e-9):.1f}x) "
            f"| {r['peak_gib']:.2f} | {r['matched']} | {r['repaired']} | {r['share']:.4f} "
            f"| {r['total']} | {gap} | {r['edges']} | {r['load']:.1f} |"
        )
        for name, key in (
            ("OR-Tools min-cost flow on same graph", "ortools"),
            ("greedy on same graph", "greedy"),
            ("`matching` HospitalResident", "gs"),
        ):
            if key not in r:
                print(_row(r, name, {"solve": "skipped (> --hr-max)"}))
                continue
            k_matched, k_total, k_s = r[key]
            cells = {
                "solve": f"{k_s:.2f}",
                "matched": k_matched,
                "share": f"{k_matched / r['n']:.4f}",
            }
            print(_row(r, name, {**cells, "total score": k_total}))


COLUMNS = [
    "actors",
    "mentors",
    "method",
    "build",
    "score",
    "solve",
    "bound",
    "total",
    "cpu",
    "floor",
    "peak",
    "matched",
    "repaired",
    "share",
    "total_score",
    "gap",
    "edges",
    "load",
]


def _row(r: dict[str, Any], name: str, cells: dict[str, object]) -> str:
    """A baseline's table row: its own cells, the others empty."""
    values = {"actors": r["n"], "mentors": r["m"], "method": name}
    values.update({k.replace(" ", "_"): v for k, v in cells.items()})
    return "| " + " | ".join(str(values.get(c, "")) for c in COLUMNS) + " |"


if __name__ == "__main__":
    main()
