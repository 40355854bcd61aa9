"""One window of the schedule (a festival day, or a group of films) re-solved with the rest held:
festival's own model over the window's candidates that still have room (``WindowSolver``)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import random
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from festival.candidates import Candidate, audience_draws
from festival.inputs import HallKey, Inputs
from festival.replan import Anchor, add_penalty, kept_in_place
from festival.scoring import SharedAudience, hire_points, spread_points
from festival.solver.api import SolveOptions
from festival.solver.cliques import overlaps
from festival.solver.construct import Construction, CopyAt
from festival.solver.model import Fixed, Variables, audience_slack, build, hint, linear
from festival.solver.whole import MIN_WINDOW_SECONDS, read_chosen, set_params


@dataclass(frozen=True)
class Window:
    """One neighbourhood of the current schedule: a festival day, or a group of films."""

    day: dt.date | None = None
    films: frozenset[str] = frozenset()

    def holds(self, c: Candidate) -> bool:
        """Whether the current schedule's screening ``c`` stays fixed while the window is solved."""
        if c.pinned:
            return True
        return c.day != self.day if self.day is not None else c.film not in self.films


def film_groups(inputs: Inputs, candidates: list[Candidate], seed: int) -> list[Window]:
    """The active films shuffled (seeded) and dealt into groups of about
    ``FILM_WINDOW_CANDIDATES`` candidates each: at least ``MIN_FILM_GROUPS`` groups (when there
    are as many films), each film in exactly one."""
    films = sorted(f.id for f in inputs.active_films)
    random.Random(seed).shuffle(films)
    count = max(MIN_FILM_GROUPS, math.ceil(len(candidates) / FILM_WINDOW_CANDIDATES))
    count = min(count, len(films))
    return [Window(films=frozenset(films[n::count])) for n in range(count)]


def unpinned_by_day_and_film(
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


def free_candidates(
    inputs: Inputs,
    candidates: list[Candidate],
    window: Window,
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
class Current:
    """The schedule the window search is improving, and its objective."""

    chosen: list[int]
    copy_at: frozenset[CopyAt]
    matched: dict[int, int]
    best: int

    def improve(self, solution: Solution | None) -> bool:
        """Take ``solution`` if it is worth more; whether it was."""
        if solution is None or solution.value <= self.best:
            return False
        self.chosen, self.copy_at = solution.chosen, solution.copy_at
        self.matched, self.best = solution.matched, solution.value
        return True


@dataclass(frozen=True)
class Solution:
    """A window's solution, as the whole schedule: chosen candidates, copies, matching, value."""

    chosen: list[int]
    copy_at: frozenset[CopyAt]
    matched: dict[int, int]
    value: int


@dataclass(frozen=True)
class Shares:
    """A day window of a lane (``festival.solver.lanes``): what it leaves alone, and its share
    of each film's room to grow or shrink, so that its result can be kept whatever the other
    lane does."""

    second: bool
    """The second lane's window: it leaves films with a limited number of copies (``owned``)
    and guest appearances to the first lane."""
    owned: frozenset[str]
    limits: dict[tuple[str, str | None], tuple[int, int]]
    """(film, city or None for all cities) → (screenings the window may add, may remove)."""


def shared_away(c: Candidate, shares: Shares) -> bool:
    """Whether the second lane's window leaves candidate ``c`` to the first lane."""
    return shares.second and (c.guest is not None or c.film in shares.owned)


def _limit(
    v: Variables,
    inputs: Inputs,
    sub: list[Candidate],
    free: range,
    chosen: list[int],
    shares: Shares,
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


class WindowSolver:
    """Solves one window of a schedule (``search_windows``): festival's own model over the
    window's candidates that still have room (``free_candidates``) and the rest of the schedule
    held, hinted with the schedule. The schedule is ``now``, the one the search is improving, or a
    lane's ``base`` (``solve_in_lanes``: the schedule as it was when the lane took the window)."""

    def __init__(
        self,
        inputs: Inputs,
        candidates: list[Candidate],
        now: Current,
        options: SolveOptions,
        left: Callable[[], float],
        found: list[Anchor] | None = None,
    ) -> None:
        self.inputs, self.candidates, self.now, self.options = inputs, candidates, now, options
        self.left = left
        """Seconds left of the search's time limit (not read in deterministic mode)."""
        self.by_day, self.by_film = unpinned_by_day_and_film(candidates)
        self.carried = _Carried(inputs, found)

    def __call__(
        self,
        window: Window,
        seconds: float,
        workers: int,
        shares: Shares | None = None,
        base: Current | None = None,
    ) -> Solution | None:
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
                if not window.holds(candidates[i]) and shared_away(candidates[i], shares)
            ]
        free = free_candidates(inputs, candidates, window, held, self.by_day, self.by_film)
        if shares is not None and shares.second:
            free = [i for i in free if not shared_away(candidates[i], shares)]
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
        picked = read_chosen(solver, v)
        return Solution(
            sorted(indices[n] for n in picked),
            frozenset(key for key, var in v.copy_at.items() if solver.boolean_value(var)),
            part.matched(at.matched, indices, solver, v),
            round(solver.objective_value) + audience_slack(v, sub, picked, solver.value),
        )


def schedule_value(inputs: Inputs, candidates: list[Candidate], chosen: list[int]) -> int:
    """The objective of a schedule without a re-plan's change penalty: points, the spread bonus
    per (film, day), the hire cost per (hall, day) and the shared audience's loss per (city, day)
    and (city, day, window), as ``festival.scoring.score`` counts them."""
    picked = [candidates[i] for i in chosen]
    hire = {key: hire_points(inputs, info) for key, info in inputs.halls.items()}
    film_days = {(c.film, c.day) for c in picked}
    hall_days = {(c.hall, c.day) for c in picked}
    shared = SharedAudience(inputs)
    draws = audience_draws(shared, picked)
    return (
        sum(c.points for c in picked)
        + spread_points(inputs) * len(film_days)
        - sum(hire[hall] for hall, _ in hall_days)
        - sum(shared.loss(key, draw) for key, draw in draws.items())
    )


WINDOW_GAP = 3e-4
"""A window stops once its schedule is within this fraction of what CP-SAT can prove for it (about
50 points at Sundance 2024 size): the last points of a window's proof cost seconds that the next
windows use better. Measured with days in lanes, 2 cores: Berlinale size after 60 s 281,750 and
282,017 against 281,247, 281,561 and 281,698 at 1e-4; Sundance 2024 161,946 at 10 s against
161,164 back to back. (1e-4 had in turn beaten a full proof: 154,976 against 153,885 at Sundance
2024 size after 10 s, in an earlier version of the search.)"""

FILM_WINDOW_CANDIDATES = 60_000
"""About how many candidates a film group's window starts from, before ``free_candidates`` drops
those in occupied halls (measured at Sundance 2024 size: 10 groups of 14 films, 30,000-40,000 candidates
left, each window proven optimal in 2-3 s on 2 cores)."""

MIN_FILM_GROUPS = 4
"""Film groups per round at least, so that a group never opens the whole festival."""
