"""Where ``plan()``'s time and memory go, stage by stage, on one instance (a measurement, not a test).

    python -m tests.benchmarks.stages NAME [--grain MIN] [--seed N]

Runs the stages ``plan()`` runs, in the same order, and prints each one's wall time and the process's
resident memory after it: candidates, pre-checks, dominated candidates dropped, the greedy
schedule, the per-film bound, the CP-SAT model, the hint, and CP-SAT up to its first solution
(its own first report). ``--grain 30``
measures the same on the instance with a coarser time grain (half the candidates): every schedule
on a 30-min grain is also valid on 15 min, so this is a candidate-thinning experiment whose
schedules the benchmark can judge under the original rules.
"""

from __future__ import annotations

import argparse
import resource
import time

import psutil
from ortools.sat.python import cp_model

from festival import precheck
from festival.candidates import Candidate, enumerate_candidates
from festival.inputs import Inputs
from festival.scoring import score
from festival.screenings import screenings_of
from festival.solver.bound import upper_bound
from festival.solver.construct import construct
from festival.solver.dominance import dominant
from festival.solver.model import build, hint
from festival.solver.strategy import Strategy
from festival.solver.whole import tune
from tests.benchmarks.instances import build as build_instance


def regrained(inputs: Inputs, grain: int) -> Inputs:
    """The same festival with starts on a coarser grain (pins keep their times)."""
    policy = inputs.venues.policy.model_copy(update={"grain_minutes": grain})
    venues = inputs.venues.model_copy(update={"policy": policy})
    return Inputs(venues, inputs.programme, inputs.venues_source, inputs.programme_source)


class _First(cp_model.CpSolverSolutionCallback):
    def __init__(self) -> None:
        super().__init__()
        self.began = time.monotonic()
        self.first: tuple[float, int] | None = None

    def on_solution_callback(self) -> None:
        if self.first is None:
            self.first = (time.monotonic() - self.began, round(self.objective_value))
            self.stop_search()


def main() -> None:
    """Time each stage of planning one instance."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--grain", type=int)
    args = parser.parse_args()
    inputs = build_instance(args.name, args.seed).inputs
    if args.grain:
        inputs = regrained(inputs, args.grain)
    me = psutil.Process()
    began = last = time.monotonic()

    def stage(name: str, detail: str = "") -> None:
        nonlocal last
        now = time.monotonic()
        rss = me.memory_info().rss / 2**20
        print(
            f"{name:<28} {now - last:7.2f} s  (total {now - began:7.2f} s)  RSS {rss:7.0f} MB  {detail}"
        )
        last = now

    candidates: list[Candidate] = enumerate_candidates(inputs)
    stage("candidates", f"{len(candidates):,}")
    reasons = precheck.reasons(inputs, candidates)
    stage("pre-checks", f"{len(reasons)} reasons")
    candidates = dominant(candidates)
    stage("dominated dropped", f"{len(candidates):,} kept")
    strategy = Strategy.for_size(len(candidates), len(inputs.days), replan=False)
    start = construct(inputs, candidates, best_first=strategy.best_first)
    greedy = (
        None
        if start is None
        else score(screenings_of(inputs, [candidates[i] for i in start.chosen]), inputs).total
    )
    stage("greedy schedule", f"objective {greedy}")
    bound = upper_bound(inputs, candidates)
    stage("per-film bound", f"{bound}")
    v = build(inputs, candidates)
    proto = v.model.proto
    stage(
        "CP-SAT model",
        f"{len(proto.variables):,} variables, {len(proto.constraints):,} constraints",
    )
    if start is not None:
        hint(v, candidates, start)
    stage("hint")
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 2
    tune(solver.parameters, 2)
    solver.parameters.max_time_in_seconds = 120
    first = _First()
    solver.solve(v.model, first)
    stage("CP-SAT first solution", f"{first.first}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
