"""Peer ``greedy``: festival's constructive schedule (``festival.solver.construct``) alone.

The same candidates the optimiser sees (dominated ones dropped, ``festival.solver.dominance``),
placed greedily as ``plan()`` places them: pins, guest appearances, minimums (best first across
films at the sizes solved window by window, else film by film, hardest first), then whatever adds
value, best first. Its schedule is the optimiser's first hint.
"""

from __future__ import annotations

from festival.candidates import enumerate_candidates
from festival.scoring import score
from festival.screenings import screenings_of
from festival.solver.construct import construct
from festival.solver.dominance import dominant
from festival.solver.strategy import Strategy
from tests.benchmarks.instances import Instance
from tests.benchmarks.peers import Clock, main
from tests.benchmarks.placements import PeerResult, Placement


def solve(instance: Instance, time_limit: float, clock: Clock, result: PeerResult) -> None:
    """Enumerate candidates and construct; no time limit applies (it runs to the end)."""
    inputs = instance.inputs
    candidates = dominant(enumerate_candidates(inputs))
    result.setup_seconds = clock.now()
    strategy = Strategy.for_size(len(candidates), len(inputs.days), replan=False)
    built = construct(inputs, candidates, best_first=strategy.best_first)
    if built is None:
        result.status = "no_solution"
        result.message = "the greedy pass got stuck (a minimum or a guest it could not place)"
        return
    chosen = [candidates[i] for i in built.chosen]
    done = clock.now()
    result.status = "ok"
    result.placements = [
        Placement(s.start_local.replace(tzinfo=None), s.venue, s.hall, s.film, s.guest)
        for s in screenings_of(inputs, chosen)
    ]
    result.copy_at = [(f, k, c, d.isoformat()) for f, k, c, d in sorted(built.copy_at)]
    result.claimed_objective = score(screenings_of(inputs, chosen), inputs).total
    result.trace = [(done, result.claimed_objective)]
    result.extra = {"candidates": len(candidates)}


if __name__ == "__main__":
    main("greedy", solve)
