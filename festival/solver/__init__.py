"""The optimiser: ``solve()`` is the only entry, and the only place in festival that imports ortools.

It takes the problem (inputs, candidates, the published schedule on a re-plan), drops dominated
candidates, builds its own greedy start, chooses its strategy, runs CP-SAT, reports progress
through a callback (never prints), and returns the chosen candidates with honest statistics.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import itertools
import math
import os
import random
import sys
import threading
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from festival.candidates import Candidate
from festival.errors import InfeasibleError
from festival.inputs import HallKey, Inputs
from festival.replan import Anchor, add_penalty, kept_in_place
from festival.scoring import hire_points, spread_points
from festival.solver.api import Problem, Progress, Solved, SolveOptions, gap
from festival.solver.bound import ACCURACY as BOUND_ACCURACY
from festival.solver.bound import BLOCK, Floats, Relaxation
from festival.solver.cliques import overlaps
from festival.solver.clock import Deadline
from festival.solver.construct import Construction, CopyAt, construct
from festival.solver.dominance import dominant
from festival.solver.explain import relax
from festival.solver.model import Fixed, Variables, build, hint, linear
from festival.solver.start import Start
from festival.solver.strategy import Strategy
from festival.solver.whole import (
    MIN_WINDOW_SECONDS,
    Outcome,
    first,
    read_chosen,
    set_params,
    solve_whole,
)

__all__ = [
    "CopyAt",
    "Problem",
    "Progress",
    "SolveOptions",
    "Solved",
    "Strategy",
    "gap",
    "relaxations",
    "solve",
]


def solve(
    problem: Problem,
    options: SolveOptions,
    on_progress: Callable[[Progress], None] = lambda p: None,
) -> Solved:
    """The best schedule of ``problem`` found within ``options``' time limit.

    Drops the dominated candidates, builds the greedy start (``Start``), and runs the strategy
    (``options.strategy``, else the one for the problem's size): the whole model, or the window
    search from the start, guided by the relaxation, which also bounds it. Raises
    InfeasibleError, with the fewest requirements to relax, when the rules cannot all hold;
    NoSolutionError when no schedule is found in time.
    """
    start = Start.of(problem, options)
    strategy = start.runs()
    try:
        if strategy is Strategy.WHOLE:
            outcome = _whole_from(start, options, on_progress)
        else:
            outcome = _by_windows(start, strategy, options, on_progress)
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
    return relax(problem.inputs, dominant(problem.candidates), time_limit, deterministic)


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
) -> Outcome:
    """The window search from the greedy start, steered by the relaxation (``_guided``) and
    bounded by it (``_Relaxed``); for ``Strategy.WINDOWS_THEN_WHOLE`` a third of the time, then
    the whole model hinted with its result for the rest."""
    inputs, candidates, found = start.inputs, start.candidates, start.anchors
    greedy, start_objective = start.greedy, start.objective
    assert greedy is not None and start_objective is not None
    # the greedy schedule is the first feasible plan: say so before anything else starts
    on_progress(first(start_objective, start.bound))
    clock = options.clock
    began = clock()
    relaxed = _Relaxed(inputs, candidates, options, began, guide=found is None)
    bound = relaxed.bound_or(start.bound)
    if relaxed.guidance is not None:
        plain = start_objective
        greedy, start_objective = _guided(
            inputs, candidates, greedy, start_objective, relaxed.guidance, relaxed.guide_deadline
        )
        if start_objective > plain:
            b = bound()
            seconds = clock() - began
            on_progress(Progress(start_objective, b, gap(start_objective, b), seconds))
    relaxed.start()
    ahead = clock() - began
    if not options.deterministic:
        options = dataclasses.replace(options, time_limit=max(options.time_limit - ahead, 0.0))
    if strategy is Strategy.WINDOWS:
        improved = _neighbourhoods(
            inputs, candidates, greedy, start_objective, bound, options, on_progress, found, ahead
        )
        return relaxed.tighten(
            dataclasses.replace(improved, wall_seconds=ahead + improved.wall_seconds)
        )
    third = dataclasses.replace(options, time_limit=options.time_limit / 3)
    improved = _neighbourhoods(
        inputs, candidates, greedy, start_objective, bound, third, on_progress, elapsed=ahead
    )
    assert improved.objective is not None
    spent = third.time_limit if options.deterministic else improved.wall_seconds
    rest = dataclasses.replace(options, time_limit=max(options.time_limit - spent, 1.0))
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


GUIDE_SHARE = 0.5
"""The most of the time limit that building and solving the relaxation for guidance may take,
and after which no guided greedy pass starts (``_guided``)."""

GUIDE_ACCURACY = 3e-3
"""PDLP's relative accuracy for guidance: coarse and quick, its duals still a bound, which the
later solve tightens. Measured with 2 threads, the guided greedy pass's best of the two weights
(``GUIDE_WEIGHTS``) after it: Sundance 2024 size 1.4 s and 163,691 at 3e-3, 2.3 s and 163,374 at
1e-3, 2.3 s and 163,136 at 5e-4 (4.3 s at ``BOUND_ACCURACY``); Berlinale size 1.9 s and 278,994,
2.5 s and 278,454; its stressed variant 1.7 s and 330,131, 2.3 s and 328,239. Finer is no better
guidance; the bound its duals prove is looser (Sundance 2024: 173,969 against 168,089)."""


class _Relaxed:
    """The relaxation (``festival.solver.bound``): its bound, and its solution as guidance.

    On a fresh plan it is built and solved coarsely in the foreground first (``GUIDE_ACCURACY``,
    every worker, by ``GUIDE_SHARE`` of the time limit): its primal values guide the greedy
    start (``guidance``) and its duals give a first bound. ``start`` then solves it again in a
    background thread to ``BOUND_ACCURACY`` for a tighter bound; on a re-plan, which takes no
    guidance, the thread builds it too. The thread and PDLP's process run at the lowest CPU
    priority (``_yield_cpu``), so they use what the search leaves idle (while a window's model
    is built, for one). PDLP stops at the search's deadline with the bound its duals prove by
    then; ``tighten`` waits for it (and for nothing else: measured at Sundance 2024 size, a 10 s
    plan took 27 s while an unlimited PDLP ran on). In deterministic mode it is solved once, in
    the foreground and to convergence with one thread: same answer every time, and the search's
    deterministic time is not shared with it.
    """

    SOURCE = "relaxation bound"

    def __init__(
        self,
        inputs: Inputs,
        candidates: list[Candidate],
        options: SolveOptions,
        began: float,
        guide: bool,
    ) -> None:
        self.inputs, self.candidates = inputs, candidates
        self.value: int | None = None
        self.error: str | None = None
        """Why the relaxation gave no bound or guidance (kept for debugging; the search goes on
        without them)."""
        self.relaxation: Relaxation | None = None
        self.guidance: Floats | None = None
        clock = options.clock
        self.deadline = (
            None if options.deterministic else Deadline(began + options.time_limit, clock)
        )
        self.guide_deadline = (
            None
            if options.deterministic
            else Deadline(began + GUIDE_SHARE * options.time_limit, clock)
        )
        self.thread: threading.Thread | None = None
        if options.deterministic:
            self._solve(None, BOUND_ACCURACY, 1, nice=False, guide=guide)
        elif guide:
            self._solve(
                self.guide_deadline, GUIDE_ACCURACY, options.effective_workers, False, guide
            )

    def _solve(
        self,
        deadline: Deadline | None,
        accuracy: float,
        threads: int,
        nice: bool,
        guide: bool,
        block: int = BLOCK,
    ) -> None:
        """Solve the relaxation, building it first (starts grouped by ``block`` minutes) unless
        it is built; keep the smaller bound, and the guidance if ``guide``."""
        try:
            if self.relaxation is None:
                self.relaxation = Relaxation.of(self.inputs, self.candidates, deadline, block)
            if self.relaxation is None:
                return
            answer = self.relaxation.solve(deadline, accuracy, threads, nice)
            if answer is None:
                return
            value = self.relaxation.bound(answer)
            self.value = value if self.value is None else min(self.value, value)
            if guide:
                self.guidance = self.relaxation.guidance(answer)
        except Exception as err:  # the bound and the guidance are optional: the search goes on
            self.error = f"{type(err).__name__}: {err}"

    def start(self) -> None:
        """Start the background solve for the tighter bound (not in deterministic mode, which
        has no deadline and has solved it to convergence already)."""
        if self.deadline is None:
            return
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        _yield_cpu()
        self._solve(self.deadline, BOUND_ACCURACY, 1, nice=True, guide=False)
        if self.deadline is not None and self.deadline.left() > FINER_SECONDS:
            # time left: a finer grouping of starts, a tighter bound
            self.relaxation = None
            self._solve(self.deadline, BOUND_ACCURACY, 1, True, False, FINER_BLOCK)

    def bound_or(self, other: int) -> Callable[[], int]:
        """The tighter of ``other`` and the relaxation bound, once the latter is known."""
        return lambda: other if self.value is None else min(other, self.value)

    def tighten(self, solved: Outcome) -> Outcome:
        """Wait for the relaxation bound and keep it when it is the tighter."""
        if self.thread is not None:
            self.thread.join()
        if self.value is not None and self.value <= solved.bound:
            return dataclasses.replace(solved, bound=self.value, bound_source=self.SOURCE)
        return solved


FINER_BLOCK = 30
"""Minutes of starts per column of the finer relaxation solved for the bound after the first,
when ``FINER_SECONDS`` are left (measured, to 1e-4 on 2 threads: Berlinale size 286,701 in
7.8 s against 288,384 in 4.8 s at ``bound.BLOCK``; Sundance 2024 165,964 against 166,188)."""

FINER_SECONDS = 10.0
"""The time left before the deadline for which solving the finer relaxation is worth starting."""


GUIDE_WEIGHTS = (2, 4)
"""The guided greedy passes (``_guided``): each adds to a candidate's points its share of the
relaxation's solution times this many times the plain start's mean points per screening."""


GUIDE_FLOOR = 1e-3
"""Shares of the relaxation's solution below this are PDLP's numerical noise, not guidance."""


def _guided(
    inputs: Inputs,
    candidates: list[Candidate],
    start: Construction,
    start_objective: int,
    guidance: Floats,
    deadline: Deadline | None,
) -> tuple[Construction, int]:
    """The best of ``start`` and the greedy schedules steered by the relaxation's solution.

    The greedy pass (``festival.solver.construct``) ranks candidates by points; here a candidate the
    relaxation uses ranks higher by its share of it, so the pass places films where the
    relaxation does, which days and halls included, where the plain pass takes each film's best
    placement left. Measured in the benchmark (PDLP at ``GUIDE_ACCURACY``, 2 cores): Sundance
    2024 158,528 → 163,254, Berlinale size 268,323 → 278,808, its stressed variant 316,006 →
    330,016. From the guided start the window search had 164,097 at Sundance 2024 after 10 s,
    a value it reached after 18.6 s from the plain start (back to back, same machine).
    """
    mean = sum(candidates[i].points for i in start.chosen) / max(len(start.chosen), 1)
    best, best_value = start, start_objective
    for n, factor in enumerate(GUIDE_WEIGHTS):
        if n and deadline is not None and deadline.passed():
            break  # the first pass always: the relaxation's solve took the costly part
        weight = factor * mean
        steered = list(candidates)
        for i in np.flatnonzero(guidance > GUIDE_FLOOR).tolist():
            c = candidates[i]
            if not c.pinned:
                steered[i] = dataclasses.replace(c, points=c.points + round(weight * guidance[i]))
        made = construct(inputs, steered)
        if made is None:
            continue
        value = _value(inputs, candidates, made.chosen)
        if value > best_value:
            best, best_value = made, value
    return best, best_value


def _yield_cpu() -> None:
    """Give the calling thread the lowest CPU priority (Linux: a thread has a nice value of its own,
    and threads it starts inherit it); elsewhere, nothing. The search's own threads keep theirs."""
    if not sys.platform.startswith("linux"):
        return  # elsewhere a thread id is not a process id: setpriority could hit another process
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)


@dataclass(frozen=True)
class _Window:
    """One neighbourhood of the current schedule: a festival day, or a group of films."""

    day: dt.date | None = None
    films: frozenset[str] = frozenset()

    def holds(self, c: Candidate) -> bool:
        """Whether the current schedule's screening ``c`` stays fixed while the window is solved."""
        if c.pinned:
            return True
        return c.day != self.day if self.day is not None else c.film not in self.films


def _film_groups(inputs: Inputs, candidates: list[Candidate], seed: int) -> list[_Window]:
    """The active films shuffled (seeded) and dealt into groups of about
    ``FILM_WINDOW_CANDIDATES`` candidates each: at least ``MIN_FILM_GROUPS`` groups (when there
    are as many films), each film in exactly one."""
    films = sorted(f.id for f in inputs.active_films)
    random.Random(seed).shuffle(films)
    count = max(MIN_FILM_GROUPS, math.ceil(len(candidates) / FILM_WINDOW_CANDIDATES))
    count = min(count, len(films))
    return [_Window(films=frozenset(films[n::count])) for n in range(count)]


def _unpinned_by_day_and_film(
    candidates: list[Candidate],
) -> tuple[dict[dt.date, list[int]], dict[str, list[int]]]:
    """The indices of the candidates that are not pinned, by festival day and by film."""
    by_day: dict[dt.date, list[int]] = defaultdict(list)
    by_film: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(candidates):
        if not c.pinned:
            by_day[c.day].append(i)
            by_film[c.film].append(i)
    return by_day, by_film


def _free(
    inputs: Inputs,
    candidates: list[Candidate],
    window: _Window,
    held: list[int],
    by_day: dict[dt.date, list[int]],
    by_film: dict[str, list[int]],
) -> list[int]:
    """The window's candidates that the fixed screenings ``held`` still leave room for.

    Only for speed (the model would refuse the others too, after building them): a day's
    candidates of a film whose fixed screenings already reach its maximum, overall or in that city
    (Rule.FILM_COUNT, Rule.CITY_COUNT; most films of a large festival are at their maximum, so a
    day's window keeps about the films playing that day); a film group's candidates in a hall
    where a fixed screening overlaps them (Rule.HALL_OVERLAP).
    """
    if window.day is not None:
        total: Counter[str] = Counter()
        city: Counter[tuple[str, str]] = Counter()
        for i in held:
            total[candidates[i].film] += 1
            city[(candidates[i].film, candidates[i].city)] += 1
        room: dict[tuple[str, str], bool] = {}
        out = []
        for i in by_day[window.day]:
            c = candidates[i]
            key = (c.film, c.city)
            if key not in room:
                film = inputs.films[c.film]
                high = inputs.city_limits(film, c.city)[1]
                room[key] = total[c.film] < inputs.film_max(film) and (
                    high is None or city[key] < high
                )
            if room[key]:
                out.append(i)
        return out
    busy: dict[HallKey, list[tuple[int, int]]] = defaultdict(list)
    for i in held:
        busy[candidates[i].hall].append((candidates[i].start, candidates[i].release))
    for spans in busy.values():
        spans.sort()
    return [
        i
        for film in sorted(window.films)
        for i in by_film[film]
        if not overlaps(busy[candidates[i].hall], candidates[i].start, candidates[i].release)
    ]


@dataclass(frozen=True)
class _Part:
    """A re-plan as one window sees it: the published screenings it decides (``found``, in the
    window's candidate numbering), what the held screenings already carry (``fixed``), and the
    current matching of the former (``current``)."""

    found: list[Anchor] | None
    numbers: list[int]
    """``found[k]`` is the re-plan's published screening ``numbers[k]``."""
    fixed: Fixed
    current: dict[int, int]
    kept: dict[int, int]
    """The held screenings' matching, unchanged by the window."""

    def matched(
        self, before: dict[int, int], indices: list[int], solver: cp_model.CpSolver, v: Variables
    ) -> dict[int, int]:
        """The whole matching after the window's solution (``before`` when not a re-plan)."""
        if self.found is None:
            return before
        out = dict(self.kept)
        for (k, n), var in v.match.items():
            if solver.boolean_value(var):
                out[self.numbers[k]] = indices[n]
        return out


class _Carried:
    """The published screenings of a re-plan (``found``; None when planning afresh), split per
    window between those its held screenings carry and those it decides."""

    def __init__(self, inputs: Inputs, found: list[Anchor] | None) -> None:
        self.found = found
        self.add = add_penalty(inputs)

    def frozen(self, matched: dict[int, int]) -> set[int]:
        """The chosen candidates carrying a frozen or sold screening: held in every window."""
        if self.found is None:
            return set()
        return {i for n, i in matched.items() if self.found[n].frozen}

    def window(self, matched: dict[int, int], held: set[int], position: dict[int, int]) -> _Part:
        if self.found is None:
            return _Part(None, [], Fixed(), {}, {})
        kept = {n: i for n, i in matched.items() if i in held}
        taken = set(kept.values())
        value = sum(self.add - self.found[n].cost[i] for n, i in kept.items())
        changes = len(kept) - kept_in_place(self.found, kept)
        found: list[Anchor] = []
        numbers: list[int] = []
        hinted: dict[int, int] = {}
        for n, anchor in enumerate(self.found):
            if n in kept:
                continue
            options = tuple(
                (position[i], cost)
                for i, cost in anchor.options
                if i in position and i not in taken
            )
            keep = anchor.keep if anchor.keep in position and anchor.keep not in taken else None
            if n in matched:
                hinted[len(found)] = position[matched[n]]
            found.append(
                dataclasses.replace(
                    anchor, keep=None if keep is None else position[keep], options=options
                )
            )
            numbers.append(n)
        return _Part(found, numbers, Fixed(value, changes), hinted, kept)


@dataclass
class _Current:
    """The schedule the window search is improving, and its objective."""

    chosen: list[int]
    copy_at: frozenset[CopyAt]
    matched: dict[int, int]
    best: int

    def improve(self, solution: _Solution | None) -> bool:
        """Take ``solution`` if it is worth more; whether it was."""
        if solution is None or solution.value <= self.best:
            return False
        self.chosen, self.copy_at = solution.chosen, solution.copy_at
        self.matched, self.best = solution.matched, solution.value
        return True


@dataclass(frozen=True)
class _Shares:
    """A day window of a lane (``_lanes``): what it leaves alone, and its share of each film's
    room to grow or shrink, so that its result can be kept whatever the other lane does."""

    second: bool
    """The second lane's window: it leaves films with a limited number of copies (``owned``)
    and guest appearances to the first lane."""
    owned: frozenset[str]
    limits: dict[tuple[str, str | None], tuple[int, int]]
    """(film, city or None for all cities) → (screenings the window may add, may remove)."""


class _WindowSolver:
    """Solves one window of a schedule (``_neighbourhoods``): festival's own model over the
    window's candidates that still have room (``_free``) and the rest of the schedule held,
    hinted with the schedule. The schedule is ``now``, the one the search is improving, or a
    lane's ``base`` (``_lanes``: the schedule as it was when the lane took the window)."""

    def __init__(
        self,
        inputs: Inputs,
        candidates: list[Candidate],
        now: _Current,
        options: SolveOptions,
        left: Callable[[], float],
        found: list[Anchor] | None = None,
    ) -> None:
        self.inputs, self.candidates, self.now, self.options = inputs, candidates, now, options
        self.left = left
        """Seconds left of the search's time limit (not read in deterministic mode)."""
        self.by_day, self.by_film = _unpinned_by_day_and_film(candidates)
        self.carried = _Carried(inputs, found)

    def __call__(
        self,
        window: _Window,
        seconds: float,
        workers: int,
        shares: _Shares | None = None,
        base: _Current | None = None,
    ) -> _Solution | None:
        """The window's best schedule found in ``seconds`` (deterministic time in deterministic
        mode) with ``workers``, or None; a lane's window keeps to its ``shares`` (``_limit``)."""
        inputs, candidates, options = self.inputs, self.candidates, self.options
        at = self.now if base is None else base
        frozen = self.carried.frozen(at.matched)
        held = [i for i in at.chosen if window.holds(candidates[i]) or i in frozen]
        if shares is not None and shares.second:
            # copies and guests stay as they are: the first lane's windows may change them
            held += [
                i
                for i in at.chosen
                if not window.holds(candidates[i]) and _shared_away(candidates[i], shares)
            ]
        free = _free(inputs, candidates, window, held, self.by_day, self.by_film)
        if shares is not None and shares.second:
            free = [i for i in free if not _shared_away(candidates[i], shares)]
        indices = held + free
        sub = [dataclasses.replace(candidates[i], pinned=True) for i in held]
        sub += [candidates[i] for i in free]
        position = {index: n for n, index in enumerate(indices)}
        part = self.carried.window(at.matched, set(held), position)
        hinted = Construction(sorted(position[i] for i in at.chosen), at.copy_at, part.current)
        v = build(inputs, sub, found=part.found, fixed=part.fixed)
        if shares is not None:
            _limit(v, inputs, sub, range(len(held), len(sub)), hinted.chosen, shares)
        hint(v, sub, hinted)
        if not options.deterministic:
            # the build counts against the time limit (about a second at Sundance 2024 size)
            seconds = min(seconds, self.left())
            if seconds < MIN_WINDOW_SECONDS / 2:
                return None
        solver = cp_model.CpSolver()
        set_params(solver, dataclasses.replace(options, workers=workers), seconds)
        solver.parameters.relative_gap_limit = WINDOW_GAP
        status = solver.solve(v.model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        return _Solution(
            sorted(indices[n] for n in read_chosen(solver, v)),
            frozenset(key for key, var in v.copy_at.items() if solver.boolean_value(var)),
            part.matched(at.matched, indices, solver, v),
            round(solver.objective_value),
        )


def _neighbourhoods(
    inputs: Inputs,
    candidates: list[Candidate],
    start: Construction,
    start_objective: int,
    bound: Callable[[], int],
    options: SolveOptions,
    on_progress: Callable[[Progress], None],
    found: list[Anchor] | None = None,
    elapsed: float = 0.0,
) -> Outcome:
    """Large-neighbourhood search: re-solve one window of the schedule at a time, the rest held.

    Each window is festival's own model (every rule, the whole objective, copies and guests across
    days included) over the window's candidates plus the rest of the current schedule as fixed
    screenings, hinted with the current schedule; an improvement is kept. A round visits every
    festival day, richest first (their current points), then groups of films (a fresh seeded
    shuffle each round) with every day and hall open to them: a day window rearranges a day, a
    film group moves films between days and swaps their halls. A window runs until CP-SAT proves
    it optimal (within ``WINDOW_GAP``) or ``WINDOW_SECONDS`` pass; its model's build counts
    against the time limit. The search stops at the time limit or after a whole round without a
    gain. In deterministic mode: one round, each window an equal share of deterministic time.
    Only the objective improves; ``bound`` is only reported.

    With two or more workers (not in deterministic mode, not on a re-plan), days are solved in
    two lanes, one worker each (``_lanes``).

    On a re-plan (``found``), the published screenings carried by held screenings stay as they
    are (``_Carried``); each window decides for the others.
    """
    clock = options.clock
    began = clock()
    now = _Current(list(start.chosen), start.copy_at, dict(start.matched), start_objective)
    worth: dict[dt.date, int] = defaultdict(int)
    for i in now.chosen:
        worth[candidates[i].day] += candidates[i].points
    lanes = found is None and not options.deterministic and options.workers >= 2

    def report() -> None:
        b = bound()
        on_progress(Progress(now.best, b, gap(now.best, b), elapsed + clock() - began))

    def left() -> float:
        return options.time_limit - (clock() - began)

    solve_window = _WindowSolver(inputs, candidates, now, options, left, found)
    by_day = solve_window.by_day
    days = sorted((d for d in inputs.days if by_day[d]), key=lambda d: (-worth[d], d))

    def keep(solution: _Solution | None) -> bool:
        if not now.improve(solution):
            return False
        report()
        return True

    rounds = round_size = stale = 0
    queue: list[_Window] = []
    while True:
        if not queue:
            if rounds and (options.deterministic or stale >= round_size):
                break
            queue = [_Window(day=d) for d in days]
            queue += _film_groups(inputs, candidates, options.seed + rounds)
            round_size = len(queue)
            rounds += 1
        window = queue.pop(0)
        share = options.time_limit / round_size
        if options.deterministic:
            seconds = share
        elif left() < MIN_WINDOW_SECONDS:
            break
        else:
            seconds = min(max(share, WINDOW_SECONDS), left())
        if lanes and window.day is not None and queue and queue[0].day is not None:
            days_now = [window]
            while queue and queue[0].day is not None:
                days_now.append(queue.pop(0))
            gained = _lanes(inputs, candidates, now, days_now, seconds, solve_window, keep, left)
            stale = 0 if gained else stale + len(days_now)
            continue
        stale = 0 if keep(solve_window(window, seconds, options.workers)) else stale + 1
    return Outcome(
        now.chosen,
        now.copy_at,
        now.matched,
        "feasible",
        now.best,
        bound(),
        "per-film bound",
        clock() - began,
    )


@dataclass(frozen=True)
class _Solution:
    """A window's solution, as the whole schedule: chosen candidates, copies, matching, value."""

    chosen: list[int]
    copy_at: frozenset[CopyAt]
    matched: dict[int, int]
    value: int


def _shared_away(c: Candidate, shares: _Shares) -> bool:
    """Whether the second lane's window leaves candidate ``c`` to the first lane."""
    return shares.second and (c.guest is not None or c.film in shares.owned)


def _shares(
    inputs: Inputs,
    candidates: list[Candidate],
    chosen: list[int],
    owner: bool,
    other: _Shares | None = None,
) -> _Shares:
    """A lane's share of each film's room to grow or shrink (overall and per limited city) in
    the current schedule ``chosen``: the larger half of what the other lane's running window
    (``other``, None when there is none) has not taken. Films with limited copies are the
    ``owner`` lane's alone (no limit: the other lane holds them)."""
    total: Counter[str] = Counter()
    city: Counter[tuple[str, str]] = Counter()
    for i in chosen:
        total[candidates[i].film] += 1
        city[(candidates[i].film, candidates[i].city)] += 1
    owned = frozenset(f.id for f in inputs.active_films if inputs.copy_pool(f.id) is not None)
    taken = {} if other is None else other.limits
    limits: dict[tuple[str, str | None], tuple[int, int]] = {}

    def half(key: tuple[str, str | None], grow: int, shrink: int) -> tuple[int, int]:
        took_grow, took_shrink = taken.get(key, (0, 0))
        free_grow, free_shrink = max(grow - took_grow, 0), max(shrink - took_shrink, 0)
        return free_grow - free_grow // 2, free_shrink - free_shrink // 2

    for film in inputs.active_films:
        if film.id in owned:
            continue  # the owner's alone: the other lane holds them
        n = total[film.id]
        key: tuple[str, str | None] = (film.id, None)
        limits[key] = half(key, inputs.film_max(film) - n, n - film.screenings.min)
        for c in inputs.venues.cities:
            low, high = inputs.city_limits(film, c.id)
            if low == 0 and high is None:
                continue
            m = city[(film.id, c.id)]
            key = (film.id, c.id)
            grow, shrink = half(key, 0 if high is None else high - m, m - low)
            limits[key] = (UNLIMITED if high is None else grow, shrink)
    return _Shares(not owner, owned, limits)


UNLIMITED = 10**9
"""A share's room to grow in a city without a per-city maximum."""


def _limit(
    v: Variables,
    inputs: Inputs,
    sub: list[Candidate],
    free: range,
    chosen: list[int],
    shares: _Shares,
) -> None:
    """Keep a lane's window's changes within its share of each film's room: its free
    candidates of a film (in a city) may number at most as many more, and at least as many
    fewer, than the current schedule has there."""
    now = set(chosen)
    groups: dict[tuple[str, str | None], list[int]] = defaultdict(list)
    for n in free:
        c = sub[n]
        groups[(c.film, None)].append(n)
        groups[(c.film, c.city)].append(n)
    for key, members in groups.items():
        if key not in shares.limits:
            continue
        grow, shrink = shares.limits[key]
        current = sum(1 for n in members if n in now)
        if current + grow < len(members):
            linear(v, members, 0, current + grow)
        if current > shrink:
            linear(v, members, current - shrink, len(members))


def _lanes(
    inputs: Inputs,
    candidates: list[Candidate],
    now: _Current,
    windows: list[_Window],
    seconds: float,
    solve_window: Callable[
        [_Window, float, int, _Shares | None, _Current | None], _Solution | None
    ],
    keep: Callable[[_Solution | None], bool],
    left: Callable[[], float],
) -> bool:
    """Solve day windows in two lanes, one CP-SAT worker each, each lane taking the next day as
    soon as it is done with one; every result is merged into the current schedule at once
    (``_merge``). Returns whether any day gained.

    Two days combine because nothing else ties them: a window may change each film's count by
    at most its share of the room left to grow or shrink, after what the other lane's running
    window may still take (``_shares``), and only the first lane changes films with limited
    copies and guest appearances (copies and guests are what tie days together). A merge is
    still checked for screenings that overlap in a hall across the night, and its value
    counted afresh.

    Lanes, not pairs waiting for each other: a day's window took 0.5-4 s at Sundance 2024 size,
    and the two days of a pair seldom ended together. Film groups stay one at a time: two
    groups may take the same idle hall time (measured when paired: 278,491 at Berlinale size
    after 60 s against 280,332).
    """
    lock = threading.Lock()
    queue = list(windows)
    running: list[_Shares | None] = [None, None]
    gained: list[bool] = []
    failed: list[BaseException] = []

    def lane(k: int) -> None:
        try:
            while True:
                with lock:
                    if not queue or failed or left() < MIN_WINDOW_SECONDS:
                        return
                    window = queue.pop(0)
                    base = _Current(list(now.chosen), now.copy_at, dict(now.matched), now.best)
                    shares = _shares(inputs, candidates, base.chosen, k == 0, running[1 - k])
                    running[k] = shares
                solution = solve_window(window, seconds, 1, shares, base)
                with lock:
                    running[k] = None
                    if solution is not None and solution.value > base.best:
                        merged = _merge(inputs, candidates, now, window, solution, k == 0)
                        if keep(merged):
                            gained.append(True)
        except BaseException as err:  # raised again in the calling thread
            failed.append(err)

    helper = threading.Thread(target=lane, args=(1,), daemon=True)
    helper.start()
    lane(0)
    helper.join()
    if failed:
        raise failed[0]
    return bool(gained)


def _merge(
    inputs: Inputs,
    candidates: list[Candidate],
    now: _Current,
    window: _Window,
    solution: _Solution,
    owner: bool,
) -> _Solution | None:
    """The current schedule with the window's day as ``solution`` has it, or None when that
    makes two screenings overlap in a hall. The copies are the solution's if its lane may
    change them (``owner``), else the current ones."""
    chosen = sorted(
        [i for i in now.chosen if window.holds(candidates[i])]
        + [i for i in solution.chosen if not window.holds(candidates[i])]
    )
    if _clash(candidates, chosen):
        return None
    copy_at = solution.copy_at if owner else now.copy_at
    return _Solution(chosen, copy_at, {}, _value(inputs, candidates, chosen))


def _clash(candidates: list[Candidate], chosen: list[int]) -> bool:
    """Whether two of the chosen screenings overlap in a hall (turnover included)."""
    spans = sorted((candidates[i].hall, candidates[i].start, candidates[i].release) for i in chosen)
    return any(h1 == h2 and s2 < r1 for (h1, _, r1), (h2, s2, _) in itertools.pairwise(spans))


def _value(inputs: Inputs, candidates: list[Candidate], chosen: list[int]) -> int:
    """The objective of a schedule without a re-plan's change penalty: points, the spread bonus
    per (film, day) and the hire cost per (hall, day), as ``festival.scoring.score`` counts them."""
    picked = [candidates[i] for i in chosen]
    hire = {key: hire_points(inputs, info) for key, info in inputs.halls.items()}
    film_days = {(c.film, c.day) for c in picked}
    hall_days = {(c.hall, c.day) for c in picked}
    return (
        sum(c.points for c in picked)
        + spread_points(inputs) * len(film_days)
        - sum(hire[hall] for hall, _ in hall_days)
    )


WINDOW_SECONDS = 10.0
"""The longest a window runs when it is not proven optimal sooner (non-deterministic)."""

WINDOW_GAP = 3e-4
"""A window stops once its schedule is within this fraction of what CP-SAT can prove for it (about
50 points at Sundance 2024 size): the last points of a window's proof cost seconds that the next
windows use better. Measured with days in lanes, 2 cores: Berlinale size after 60 s 281,750 and
282,017 against 281,247, 281,561 and 281,698 at 1e-4; Sundance 2024 161,946 at 10 s against
161,164 back to back. (1e-4 had in turn beaten a full proof: 154,976 against 153,885 at Sundance
2024 size after 10 s, in an earlier version of the search.)"""

FILM_WINDOW_CANDIDATES = 60_000
"""About how many candidates a film group's window starts from, before ``_free`` drops those in
occupied halls (measured at Sundance 2024 size: 10 groups of 14 films, 30,000-40,000 candidates
left, each window proven optimal in 2-3 s on 2 cores)."""

MIN_FILM_GROUPS = 4
"""Film groups per round at least, so that a group never opens the whole festival."""
