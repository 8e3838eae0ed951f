"""``python -m mentorlab.matching INPUT.json [-o OUTPUT.json] [--mode M] [-k K]``.

Reads the full profile format or a bare solver instance (detected by a "pairs" key), writes
the result as JSON. Bad input: a message naming the path on stderr, exit code 2, no output.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from dataclasses import replace
from typing import Any

from mentorlab.matching.engine import MODES, MatchingInputError, match, solve_pairs
from mentorlab.matching.jsonio import (
    bare_from_json,
    is_bare,
    pair_result_to_json,
    problem_from_json,
    result_to_json,
)


def run(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mentorlab.matching", description=__doc__)
    parser.add_argument("input", help="input JSON file ('-' for stdin)")
    parser.add_argument("-o", "--output", help="output JSON file (default: stdout)")
    parser.add_argument("--mode", choices=MODES, help="override the input's mode (full format)")
    parser.add_argument("-k", type=int, help="candidates per actor and per mentor (full format)")
    args = parser.parse_args(argv)
    if args.k is not None and args.k < 1:
        parser.error("-k must be ≥ 1")
    try:
        if args.input == "-":
            data = json.load(sys.stdin)
        else:
            with open(args.input, encoding="utf-8") as fh:
                data = json.load(fh)
    except OSError as exc:
        print(f"error: cannot read {args.input}: {exc.strerror}", file=sys.stderr)
        return 2
    except json.JSONDecodeError as exc:
        print(
            f"error: {args.input}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}",
            file=sys.stderr,
        )
        return 2
    try:
        out: dict[str, Any]
        if is_bare(data):
            inst = bare_from_json(data)
            out = pair_result_to_json(solve_pairs(inst.actors, inst.capacities, inst.pairs))
        else:
            problem = problem_from_json(data)
            if args.mode:
                problem = replace(problem, mode=args.mode)
            if args.k:
                problem = replace(problem, k=args.k)
            out = result_to_json(match(problem))
    except MatchingInputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    text = json.dumps(out, indent=2, ensure_ascii=False) + "\n"
    if args.output:
        # Write atomically so a failed run never leaves a half-written file.
        folder = os.path.dirname(os.path.abspath(args.output))
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=folder, delete=False) as tmp:
            tmp.write(text)
        os.replace(tmp.name, args.output)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(run())
