"""Experiment (not a test, not part of ``plan()``): decomposition by festival day, measured.

    python -m tests.benchmarks.lns NAME [--window 5] [--passes 1] [--grain MIN]

Starts from festival's greedy schedule and re-optimises one festival day at a time with festival's
own CP-SAT model (``festival.solver.solve``): every screening on other days is held fixed (passed
as a pinned candidate), every candidate of the day is free, and all the festival's rules and its
whole objective apply (counts, copies and guests across days included). Each window gets
``--window`` seconds. The final schedule is judged by the benchmark's judge (festival's verifier and
evaluator), so the numbers printed are festival's, not the experiment's. It measures what a
large-neighbourhood search in the product could gain; ``--grain 30`` combines it with thinning.
"""

from __future__ import annotations

import argparse
import dataclasses
import resource
import time
from collections import defaultdict

from festival.candidates import Candidate, enumerate_candidates, upper_bound
from festival.construct import Construction, construct
from festival.plan import screenings_of
from festival.scoring import score
from festival.solver import SolveOptions, solve
from tests.benchmarks.instances import build
from tests.benchmarks.placements import Placement
from tests.benchmarks.score import judge
from tests.benchmarks.stages import regrained


def main() -> None:
    """Run the day-by-day re-optimisation and print its progress."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--window", type=float, default=5.0, help="CP-SAT seconds per day")
    parser.add_argument("--passes", type=int, default=1)
    parser.add_argument("--grain", type=int)
    args = parser.parse_args()
    original = build(args.name, args.seed).inputs
    inputs = regrained(original, args.grain) if args.grain else original
    began = time.monotonic()
    candidates = enumerate_candidates(inputs)
    start = construct(inputs, candidates)
    assert start is not None, "the greedy pass got stuck"
    bound = upper_bound(inputs, candidates)
    chosen = [candidates[i] for i in start.chosen]
    copy_at = start.copy_at
    best = score(screenings_of(inputs, chosen), inputs).total
    print(f"greedy {best} at {time.monotonic() - began:.1f} s ({len(candidates):,} candidates)")
    by_day: dict[object, list[Candidate]] = defaultdict(list)
    for c in candidates:
        by_day[c.day].append(c)
    for n in range(args.passes):
        for day in inputs.days:
            held = [c for c in chosen if c.day != day]
            fixed = [dataclasses.replace(c, pinned=True) for c in held]
            free = by_day[day]
            sub = fixed + free
            index = {c: i for i, c in enumerate(sub)}
            hint = Construction(
                list(range(len(fixed))) + [index[c] for c in chosen if c.day == day],
                copy_at,
                {},
            )
            window = time.monotonic()
            solved = solve(inputs, sub, hint, bound, SolveOptions(time_limit=args.window))
            picked = [held[i] if i < len(held) else sub[i] for i in solved.chosen]
            value = score(screenings_of(inputs, picked), inputs).total
            if value > best:
                chosen, copy_at, best = picked, solved.copy_at, value
            print(
                f"pass {n + 1} day {day}: {len(free):,} free candidates, {solved.status} in "
                f"{time.monotonic() - window:.1f} s → {best} (total {time.monotonic() - began:.1f} s)"
            )
    tl = original.timeline
    placements = [
        Placement(
            tl.local(c.start, original.halls[c.hall].tz).replace(tzinfo=None),
            c.hall[0],
            c.hall[1],
            c.film,
            c.guest,
        )
        for c in chosen
    ]
    copies = [(f, k, city, d.isoformat()) for f, k, city, d in copy_at]
    judged = judge(original, placements, copies)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"judged: {judged.score.total} with {len(judged.violations)} violations "
        f"{judged.violations[:3]}; {time.monotonic() - began:.1f} s; peak RSS {peak:.0f} MB"
    )


if __name__ == "__main__":
    main()
