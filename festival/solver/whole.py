"""One CP-SAT model of the whole festival (``solve_whole``), and what every CP-SAT run of the search
shares: its parameters (``params``), reading its choice (``chosen``), and its result (``Outcome``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from ortools.sat.python import cp_model

from festival.candidates import Candidate
from festival.errors import InfeasibleError, InternalError, NoSolutionError
from festival.inputs import Inputs
from festival.replan import Anchor
from festival.solver.api import Progress, SolveOptions, gap
from festival.solver.clock import Clock
from festival.solver.construct import Construction, CopyAt
from festival.solver.model import Variables, audience_slack, build, hint


@dataclass(frozen=True)
class Outcome:
    """What a search found, over the candidates it was given (``Solved`` tells the caller)."""

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


def set_params(solver: cp_model.CpSolver, options: SolveOptions, seconds: float) -> None:
    params = solver.parameters
    params.num_workers = options.effective_workers
    params.random_seed = options.seed
    tune(params, options.effective_workers)
    if options.deterministic:
        # One worker is repeatable; a multi-worker search is not unless interleaved, which was
        # ~10x slower here (tests/benchmarks). The limit is in deterministic time units.
        params.max_deterministic_time = seconds
    else:
        params.max_time_in_seconds = seconds


def read_chosen(solver: cp_model.CpSolver, v: Variables) -> list[int]:
    """The chosen candidates' indices, read from the response in one go (candidate i is
    variable i; ``boolean_value`` one variable at a time is slow at festival sizes)."""
    solution = list(solver.response_proto.solution)
    return [i for i in range(len(v.x)) if solution[i]]


def first(start_objective: int, plain_bound: int) -> Progress:
    """The greedy schedule, reported as the first feasible plan before the search starts."""
    return Progress(start_objective, plain_bound, gap(start_objective, plain_bound), 0.0)


class Reporter(cp_model.CpSolverSolutionCallback):
    """Reports CP-SAT's improvements on ``best`` (the hint's objective, already reported)."""

    def __init__(
        self,
        on_progress: Callable[[Progress], None],
        plain_bound: int,
        elapsed: float,
        best: int | None,
        clock: Clock,
    ) -> None:
        super().__init__()
        self.on_progress = on_progress
        self.plain_bound = plain_bound
        self.clock = clock
        self.started = clock() - elapsed
        self.best = best
        self.bound = plain_bound

    def report(self) -> None:
        seconds = self.clock() - self.started
        g = None if self.best is None else gap(self.best, self.bound)
        self.on_progress(Progress(self.best, self.bound, g, seconds))

    def on_solution_callback(self) -> None:
        value = round(self.objective_value)
        self.bound = min(self.bound, int(self.best_objective_bound))
        if self.best is not None and value <= self.best:
            return
        self.best = value
        self.report()

    def on_bound(self, bound: float) -> None:
        self.bound = min(self.bound, int(bound))
        self.report()


MIN_WINDOW_SECONDS = 1.0
"""The shortest CP-SAT run worth starting: for a window, or for the whole model without a start
after its build; with less left, no search (``NoSolutionError``) rather than overrunning."""

MIN_HINTED_SECONDS = 0.1
"""The shortest CP-SAT run of the whole model from a start, after its build took (nearly) all
the time: the start is kept if CP-SAT finds nothing better, and the command's time limit holds."""


def solve_whole(
    inputs: Inputs,
    candidates: list[Candidate],
    start: Construction | None,
    plain_bound: int,
    options: SolveOptions,
    on_progress: Callable[[Progress], None] = lambda p: None,
    found: list[Anchor] | None = None,
    start_objective: int | None = None,
    elapsed: float = 0.0,
) -> Outcome:
    """Solve one model of the whole festival (``elapsed``: seconds already spent, for progress).

    Building the model counts against the time limit: a re-plan of a Berlinale-size festival
    spends about 15 s on it (a match variable per way to keep or move each published screening).
    """
    clock = options.clock
    began = clock()
    if start is not None and not options.deterministic and options.time_limit <= 0:
        return _started_with(start, start_objective, plain_bound, math.inf, 0.0)
    reporter = Reporter(on_progress, plain_bound, elapsed, start_objective, clock)
    v = build(inputs, candidates, found=found)
    if start is not None:
        hint(v, candidates, start)
    solver = cp_model.CpSolver()
    seconds = options.time_limit
    if not options.deterministic:
        seconds -= clock() - began
        if start is None and seconds < MIN_WINDOW_SECONDS:
            # nothing to keep, and a search now would overrun the command's limit by its length
            raise NoSolutionError(
                "no schedule found within the time limit (building the model took nearly all of it, "
                "and the greedy pass found none); raise --time-limit"
            )
        seconds = max(seconds, MIN_WINDOW_SECONDS if start is None else MIN_HINTED_SECONDS)
    set_params(solver, options, seconds)
    solver.best_bound_callback = reporter.on_bound
    status = solver.solve(v.model, reporter)
    wall = clock() - began
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
            raise NoSolutionError("no schedule found within the time limit; raise --time-limit")
        return _started_with(start, start_objective, plain_bound, solver.best_objective_bound, wall)
    chosen = read_chosen(solver, v)
    copy_at = frozenset(key for key, var in v.copy_at.items() if solver.boolean_value(var))
    matched = {n: i for (n, i), var in v.match.items() if solver.boolean_value(var)}
    objective = round(solver.objective_value) + audience_slack(v, candidates, chosen, solver.value)
    cp_bound = int(solver.best_objective_bound)
    if status == cp_model.OPTIMAL:
        bound, source = objective, "optimality proof"
    elif cp_bound < plain_bound:
        bound, source = cp_bound, "CP-SAT bound"
    else:
        bound, source = plain_bound, "per-film bound"
    return Outcome(
        chosen,
        copy_at,
        matched,
        "optimal" if status == cp_model.OPTIMAL else "feasible",
        objective,
        bound,
        source,
        wall,
    )


def _started_with(
    start: Construction, objective: int | None, plain_bound: int, cp_bound: float, wall: float
) -> Outcome:
    """The start, kept as the outcome (no time was left, or CP-SAT found nothing in it)."""
    if math.isfinite(cp_bound) and int(cp_bound) < plain_bound:
        bound, source = int(cp_bound), "CP-SAT bound"
    else:
        bound, source = plain_bound, "per-film bound"
    return Outcome(
        start.chosen, start.copy_at, start.matched, "feasible", objective, bound, source, wall
    )
