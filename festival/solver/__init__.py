"""The optimiser: ``solve()`` is the only entry, and the only place in festival that imports ortools.

It takes candidates and a complete constructive hint, runs CP-SAT, reports progress through a
callback (never prints), and returns the chosen candidates with honest statistics.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from ortools.sat.python import cp_model

from festival.candidates import Candidate
from festival.construct import Construction, CopyAt
from festival.errors import InfeasibleError, InternalError, NoSolutionError
from festival.inputs import Inputs
from festival.replan import Anchor
from festival.solver.model import build, hint


@dataclass(frozen=True)
class SolveOptions:
    """How long and how to search. ``deterministic`` trades wall-time limits for repeatability."""

    time_limit: float = 30.0
    seed: int = 0
    workers: int = 2
    deterministic: bool = False

    @property
    def effective_workers(self) -> int:
        """Search threads actually used: one in deterministic mode."""
        return 1 if self.deterministic else self.workers


@dataclass(frozen=True)
class Progress:
    """A progress report: best objective so far, the honest bound, the gap, elapsed seconds."""

    objective: int | None
    bound: int
    gap: float | None
    seconds: float


@dataclass(frozen=True)
class Solved:
    """What the search found."""

    chosen: list[int]
    copy_at: frozenset[CopyAt]
    matched: dict[int, int]
    status: Literal["optimal", "feasible"]
    objective: int | None
    bound: int
    bound_source: str
    wall_seconds: float


def tune(params: cp_model.SatParameters, workers: int) -> None:
    """Search settings measured on the bundled examples (2 cores; see the README's Performance).

    A light presolve: full presolve spent 6-12 s probing the tour model before the first solution,
    and gained nothing. The LP at linearization level 2 (CP-SAT's ``max_lp`` worker) closes the
    2025 example's gap in about a second, where the default LP worker stalls at 0.6 %.
    """
    params.max_presolve_iterations = 1
    params.cp_model_probing_level = 0
    params.symmetry_level = 0
    if workers == 1:
        params.linearization_level = 2
    elif workers == 2:
        params.subsolvers.extend(["max_lp", "default_lp"])


def gap(objective: int, bound: int) -> float:
    """Relative gap to the bound (0 when they meet)."""
    if bound <= objective:
        return 0.0
    return (bound - objective) / max(abs(bound), 1)


class _Reporter(cp_model.CpSolverSolutionCallback):
    def __init__(self, on_progress: Callable[[Progress], None], plain_bound: int) -> None:
        super().__init__()
        self.on_progress = on_progress
        self.plain_bound = plain_bound
        self.started = time.monotonic()
        self.best: int | None = None
        self.bound = plain_bound

    def report(self) -> None:
        seconds = time.monotonic() - self.started
        g = None if self.best is None else gap(self.best, self.bound)
        self.on_progress(Progress(self.best, self.bound, g, seconds))

    def on_solution_callback(self) -> None:
        self.best = round(self.objective_value)
        self.bound = min(self.bound, int(self.best_objective_bound))
        self.report()

    def on_bound(self, bound: float) -> None:
        self.bound = min(self.bound, int(bound))
        self.report()


def solve(
    inputs: Inputs,
    candidates: list[Candidate],
    start: Construction | None,
    plain_bound: int,
    options: SolveOptions,
    on_progress: Callable[[Progress], None] = lambda p: None,
    found: list[Anchor] | None = None,
) -> Solved:
    """Optimise from the constructive schedule ``start`` (may be None); raise if nothing is found."""
    v = build(inputs, candidates, found=found)
    if start is not None:
        hint(v, candidates, start)
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.num_workers = options.effective_workers
    params.random_seed = options.seed
    tune(params, options.effective_workers)
    if options.deterministic:
        # One worker is repeatable; a multi-worker search is not unless interleaved, which was
        # ~10x slower here (tests/benchmarks). The limit is in deterministic time units.
        params.max_deterministic_time = options.time_limit
    else:
        params.max_time_in_seconds = options.time_limit
    reporter = _Reporter(on_progress, plain_bound)
    solver.best_bound_callback = reporter.on_bound
    began = time.monotonic()
    status = solver.solve(v.model, reporter)
    wall = time.monotonic() - began
    if status == cp_model.INFEASIBLE:
        raise InfeasibleError(
            [
                "the counting pre-checks pass, but the solver proved that the pins, counts, hall "
                "hours and one-per-day rules cannot all hold together; relax a pin or a minimum"
            ]
        )
    if status == cp_model.MODEL_INVALID:
        raise InternalError(f"invalid CP-SAT model: {v.model.validate()}")
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        if start is None:
            raise NoSolutionError(
                f"no schedule found within {options.time_limit:g} s; raise --time-limit"
            )
        return Solved(
            start.chosen,
            start.copy_at,
            start.matched,
            "feasible",
            None,
            plain_bound,
            "per-film bound",
            wall,
        )
    chosen = [i for i, var in enumerate(v.x) if solver.boolean_value(var)]
    copy_at = frozenset(key for key, var in v.copy_at.items() if solver.boolean_value(var))
    matched = {n: i for (n, i), var in v.match.items() if solver.boolean_value(var)}
    objective = round(solver.objective_value)
    cp_bound = int(solver.best_objective_bound)
    if status == cp_model.OPTIMAL:
        bound, source = objective, "optimality proof"
    elif cp_bound < plain_bound:
        bound, source = cp_bound, "CP-SAT bound"
    else:
        bound, source = plain_bound, "per-film bound"
    return Solved(
        chosen,
        copy_at,
        matched,
        "optimal" if status == cp_model.OPTIMAL else "feasible",
        objective,
        bound,
        source,
        wall,
    )
