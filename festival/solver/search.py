"""``solve()``: from the problem to the best schedule found, by the strategy chosen once.

The façade (``festival.solver``) exposes it; this module runs the strategy: the whole model from
the greedy start (``festival.solver.whole``), or the window search (``festival.solver.windows``)
from a start the relaxation steers (``festival.solver.relaxed``), bounded by it.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable

from festival.candidates import calm_windows
from festival.errors import InfeasibleError
from festival.solver.api import Problem, Progress, Solved, SolveOptions, gap
from festival.solver.construct import Construction
from festival.solver.dominance import dominant
from festival.solver.explain import relax
from festival.solver.relaxed import Relaxed, guided_start
from festival.solver.start import Start, undominated
from festival.solver.strategy import Strategy
from festival.solver.whole import Outcome, first, solve_whole
from festival.solver.windows import search_windows


def solve(
    problem: Problem,
    options: SolveOptions,
    on_progress: Callable[[Progress], None] = lambda p: None,
) -> Solved:
    """The best schedule of ``problem`` found within ``options``' time limit.

    Drops the dominated candidates, builds the greedy start (``Start``), and runs the strategy
    (``options.strategy``, else the one for the problem's size) for the time limit or until
    ``options.deadline``, the sooner: the whole model, or the window search from the start,
    guided by the relaxation, which also bounds it. Raises
    InfeasibleError, with the fewest requirements to relax, when the rules cannot all hold;
    NoSolutionError when no schedule is found in time.
    """
    start = Start.of(problem, options)
    strategy = start.runs()
    asked = options.time_limit
    options = options.until_deadline()
    try:
        if strategy is Strategy.WHOLE:
            outcome = _whole_from(start, options, on_progress)
        else:
            outcome = _by_windows(start, strategy, options, on_progress, asked)
    except InfeasibleError:
        ways = relax(start.inputs, start.candidates)
        raise InfeasibleError(
            [f"the fewest requirements to relax: {w}" for w in ways]
            or ["the solver proved that the rules cannot all hold together"]
        ) from None
    return Solved(
        start.candidates,
        outcome.chosen,
        outcome.copy_at,
        start.anchors,
        outcome.matched,
        outcome.status,
        outcome.objective,
        min(outcome.bound, start.bound),
        outcome.bound_source,
        outcome.wall_seconds,
        start.objective,
        strategy,
    )


def relaxations(
    problem: Problem, time_limit: float = 20.0, deterministic: bool = False
) -> list[str]:
    """Why ``problem`` has no schedule: the fewest requirements to relax, searched for
    ``time_limit`` seconds (deterministic time if ``deterministic``) over the candidates
    dominance keeps (``festival.solver.explain.relax``); [] when a schedule does exist."""
    inputs, candidates = problem.inputs, problem.candidates
    kept = dominant(candidates, undominated(inputs, candidates), calm_windows(inputs, candidates))
    return relax(problem.inputs, kept, time_limit, deterministic)


def _whole_from(
    start: Start, options: SolveOptions, on_progress: Callable[[Progress], None]
) -> Outcome:
    """The whole model from the greedy start (if any), reported first."""
    if start.objective is not None:
        on_progress(first(start.objective, start.bound))
    return solve_whole(
        start.inputs,
        start.candidates,
        start.greedy,
        start.bound,
        options,
        on_progress,
        start.anchors,
        start.objective,
    )


def _by_windows(
    start: Start,
    strategy: Strategy,
    options: SolveOptions,
    on_progress: Callable[[Progress], None],
    asked: float,
) -> Outcome:
    """The window search from the greedy start, steered by the relaxation (``guided_start``) and
    bounded by it (``Relaxed``); for ``Strategy.WINDOWS_THEN_WHOLE`` a third of the time, then
    the whole model hinted with its result for the rest. ``asked``: the time limit asked for,
    before the deadline cut it (what the relaxation's work is decided on)."""
    inputs, candidates, found = start.inputs, start.candidates, start.anchors
    greedy, start_objective = start.greedy, start.objective
    assert greedy is not None and start_objective is not None
    clock = options.clock
    began = clock()
    live = _Live(on_progress, clock, began)
    on_progress = live
    # the greedy schedule is the first feasible plan: say so before anything else starts
    on_progress(first(start_objective, start.bound))
    relaxed = Relaxed(
        inputs, candidates, options, began, guide=found is None, asked=asked, on_bound=live.bound
    )
    bound = relaxed.bound_or(start.bound)
    if relaxed.guidance is not None:
        plain = start_objective
        greedy, start_objective = guided_start(
            inputs, candidates, greedy, start_objective, relaxed.guidance, relaxed.guide_deadline
        )
        if start_objective > plain:
            b = bound()
            seconds = clock() - began
            on_progress(Progress(start_objective, b, gap(start_objective, b), seconds))
    ahead = clock() - began
    if not options.deterministic:
        options = dataclasses.replace(options, time_limit=max(options.time_limit - ahead, 0.0))
    if strategy is Strategy.WINDOWS:
        improved = search_windows(
            inputs, candidates, greedy, start_objective, bound, options, on_progress, found, ahead
        )
        return relaxed.tighten(
            dataclasses.replace(improved, wall_seconds=ahead + improved.wall_seconds)
        )
    third = dataclasses.replace(options, time_limit=options.time_limit / 3)
    improved = search_windows(
        inputs, candidates, greedy, start_objective, bound, third, on_progress, elapsed=ahead
    )
    assert improved.objective is not None
    spent = third.time_limit if options.deterministic else improved.wall_seconds
    least = 1.0 if options.deterministic else 0.0  # past the deadline: no model is built
    rest = dataclasses.replace(options, time_limit=max(options.time_limit - spent, least))
    then = Construction(improved.chosen, improved.copy_at, {})
    final = solve_whole(
        inputs,
        candidates,
        then,
        bound(),
        rest,
        on_progress,
        None,
        improved.objective,
        ahead + improved.wall_seconds,
    )
    wall = ahead + improved.wall_seconds + final.wall_seconds
    if final.objective is None or final.objective < improved.objective:
        # the whole model's bound holds for every schedule, so it is kept either way
        final = dataclasses.replace(improved, bound=final.bound, bound_source=final.bound_source)
    return relaxed.tighten(dataclasses.replace(final, wall_seconds=wall))


class _Live:
    """The search's progress reports, and a bound found in the background reported as it comes
    (beside the best objective last reported), so the live line shows every bound found."""

    def __init__(
        self, on_progress: Callable[[Progress], None], clock: Callable[[], float], began: float
    ) -> None:
        self.on_progress, self.clock, self.began = on_progress, clock, began
        self.last: Progress | None = None
        self.lock = threading.Lock()

    def __call__(self, p: Progress) -> None:
        with self.lock:
            if self.last is not None and self.last.bound < p.bound:
                p = _with_bound(p, self.last.bound)
            self.last = p
            self.on_progress(p)

    def bound(self, value: int) -> None:
        with self.lock:
            last = self.last
            if last is None or value >= last.bound:
                return
            self.last = _with_bound(last, value, self.clock() - self.began)
            self.on_progress(self.last)


def _with_bound(p: Progress, bound: int, seconds: float | None = None) -> Progress:
    g = None if p.objective is None else gap(p.objective, bound)
    return Progress(p.objective, bound, g, p.seconds if seconds is None else seconds)
