"""Peer ``ours``: festival's ``plan()`` as a user runs it (2 workers, wall-time limit).

With ``--deterministic`` (the smoke test) it runs as ``festival plan --deterministic`` does: one
worker, the limit in CP-SAT's deterministic time units.

The time limit is CP-SAT's (``SolveOptions.time_limit``); candidates, pre-checks and the greedy hint
come before it and are counted in the wall time and the time to first feasible. The first feasible
schedule is the first progress report that carries an objective: the greedy schedule, reported as
soon as it is built, before the search starts.
"""

from __future__ import annotations

import datetime as dt

from festival.errors import InfeasibleError, NoSolutionError
from festival.plan import plan
from festival.solver import Progress, SolveOptions
from tests.benchmarks.instances import Instance
from tests.benchmarks.peers import Clock, main
from tests.benchmarks.placements import CopyAt, PeerResult, Placement

STAMP = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def solve(instance: Instance, time_limit: float, clock: Clock, result: PeerResult) -> None:
    """Plan, recording every improvement reported through ``on_progress``."""

    def on_progress(p: Progress) -> None:
        if result.setup_seconds is None:
            result.setup_seconds = clock.now()
        if p.objective is not None and (not result.trace or p.objective > result.trace[-1][1]):
            result.trace.append((clock.now(), p.objective))

    options = SolveOptions(
        time_limit=time_limit, workers=2, deterministic=bool(result.extra.get("deterministic"))
    )
    try:
        schedule = plan(instance.inputs, options, STAMP, on_progress)
    except (InfeasibleError, NoSolutionError) as err:
        result.status = "no_solution"
        result.message = str(err)[:500]
        return
    result.status = "ok"
    result.placements = [
        Placement(s.start_local.replace(tzinfo=None), s.venue, s.hall, s.film, s.guest)
        for s in schedule.screenings
    ]
    copy_at: list[CopyAt] = []
    for itinerary in schedule.copies:
        for stay in itinerary.stays:
            day = stay.first_day
            while day <= stay.last_day:
                copy_at.append((itinerary.film, itinerary.copy_number, stay.city, day.isoformat()))
                day += dt.timedelta(days=1)
    result.copy_at = copy_at
    stats = schedule.solver
    result.claimed_objective = stats.objective
    if not result.trace or result.trace[-1][1] < stats.objective:
        result.trace.append((clock.now(), stats.objective))
    result.bound = stats.bound
    result.bound_kind = f"ours: {stats.bound_source}"
    result.bound_exact = True
    result.message = stats.status
    result.extra = {
        "candidates": stats.candidates,
        "hint_objective": stats.hint_objective,
        "solver_status": stats.status,
    }


if __name__ == "__main__":
    main("ours", solve)
