"""An upper bound for large festivals: a small linear relaxation, solved by PDLP, made safe by hand.

The time-indexed model of a Berlinale-size festival is too large for CP-SAT to produce a bound in
a minute, and the plain per-film bound (``festival.candidates.upper_bound``) ignores that halls are
full. This relaxation keeps what binds at scale:

- candidates are grouped by (film, hall, festival day, block): blocks of starts at most ``BLOCK``
  minutes long that never cross a time-of-day band or prime-time edge, so a group's best points
  are what any screening in it earns at most;
- per (film, city, day) at most ``max_per_film_city_day``; per film its minimum and maximum; per
  (film, city) its per-city minimum and maximum;
- the spread bonus at most once per (film, day), and only on a day the film plays;
- a film with a limited number of copies: per day at most ``max_per_film_city_day`` screenings
  per copy (a copy is in one city a day), none on a day the copies are not available;
- hall time: a screening of a group is running (turnover included) from the group's latest start
  to its earliest release, so at any such moment at most one of the groups running then is
  chosen in that hall; and one hall's screenings of a day add up to at most the time between its
  earliest start and latest release;
- a hall's hire cost for a day: "hired" is at least what runs at any of those moments, and at
  least the share of the day's time its screenings fill (a schedule that uses the hall that day
  pays all of it, so this never overstates the cost);
- every pin is chosen (a group of its own).

Copy travel and guests (which only restrict schedules further) are left out, so every schedule
satisfies the relaxation and its optimum bounds the objective.

PDLP runs in a process of its own (``pdlp_process``), so the window search can go on meanwhile.
Its answer is not trusted as is: the bound is recomputed from its dual values in plain Python by
weak duality (any non-negative duals give a valid bound), so an approximate or numerically
imperfect LP solution can only loosen the bound, never make it wrong.

The relaxation's primal solution also says where the festival's screenings belong: which films
take which halls, days and hours (``guidance``). The window search starts from a greedy schedule
steered by it (``festival.solver._guided``).
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import subprocess
import sys
import time
from array import array
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ortools.linear_solver import linear_solver_pb2

from festival.candidates import Candidate, no_cyclic_gc
from festival.inputs import HallKey, Inputs
from festival.scoring import hire_points, spread_points
from festival.timeline import NonexistentLocalTime

ACCURACY = 1e-4
"""PDLP stops at this relative accuracy, for the bound. Measured at Berlinale size (176,000
columns, one thread): 9 s and 292,830, where GLOP's simplex took 20 s for 292,555 and PDLP at
1e-3 took 5 s for 294,682."""

BLOCK = 60
"""Minutes: the longest run of starts grouped together (finer is tighter and slower)."""


@dataclass
class _Group:
    value: int
    length: int
    """The shortest candidate's minutes from start to release."""
    first: int
    last: int
    """The earliest and latest start."""
    pinned: bool = False
    """A pinned candidate, alone in its group: the group's column is at least 1."""


@dataclass
class _Relaxation:
    """Rows as (coefficients by column, right-hand side); columns with objective and bounds."""

    objective: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    lower: list[float] = field(default_factory=list)
    rows: list[tuple[dict[int, float], float]] = field(default_factory=list)

    def column(self, objective: float, upper: float, lower: float = 0.0) -> int:
        self.objective.append(objective)
        self.upper.append(upper)
        self.lower.append(lower)
        return len(self.objective) - 1

    def row(self, coefficients: dict[int, float], rhs: float) -> None:
        if coefficients:
            self.rows.append((coefficients, rhs))


def _cuts(inputs: Inputs, hall: HallKey, day: dt.date) -> list[int]:
    """Absolute minutes at which the points of a start may change on that hall's day."""
    policy = inputs.venues.policy
    times = {b.from_ for b in policy.time_of_day}
    for window in policy.prime_time:
        times |= {window.from_, window.to}
    tz = inputs.halls[hall].tz
    out = []
    for t in times:
        try:
            out.append(inputs.timeline.minute_festival(day, t, tz))
        except NonexistentLocalTime:
            continue  # a coarser segment only loosens the bound
    return sorted(out)


class _TooLate(Exception):
    """The deadline passed while the relaxation was being built."""


def _check(deadline: float | None) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise _TooLate


def _relaxation(
    inputs: Inputs, candidates: list[Candidate], deadline: float | None = None
) -> _Relaxation:
    return _grouped(inputs, candidates, deadline)[0]


def _grouped(
    inputs: Inputs, candidates: list[Candidate], deadline: float | None = None
) -> tuple[_Relaxation, array[int]]:
    """The relaxation, and each candidate's column (its group's)."""
    k = inputs.venues.policy.max_per_film_city_day
    cuts: dict[tuple[HallKey, dt.date], list[int]] = {}
    groups: dict[tuple[str, HallKey, dt.date, int, int, int], _Group] = {}
    keys: list[tuple[str, HallKey, dt.date, int, int, int]] = []
    span: dict[tuple[HallKey, dt.date], tuple[int, int]] = {}
    for n, c in enumerate(candidates):
        if not n % 8192:
            _check(deadline)
        hall_day = (c.hall, c.day)
        if hall_day not in cuts:
            cuts[hall_day] = _cuts(inputs, c.hall, c.day)
        segment = bisect.bisect_right(cuts[hall_day], c.start)
        block = (c.start - (cuts[hall_day][segment - 1] if segment else 0)) // BLOCK
        # a pin is a group of its own (0 for the others)
        key = (c.film, c.hall, c.day, segment, block, n + 1 if c.pinned else 0)
        keys.append(key)
        group = groups.get(key)
        if group is None:
            groups[key] = _Group(c.points, c.release - c.start, c.start, c.start, c.pinned)
        else:
            group.value = max(group.value, c.points)
            group.length = min(group.length, c.release - c.start)
            group.first = min(group.first, c.start)
            group.last = max(group.last, c.start)
        first, last = span.get(hall_day, (c.start, c.release))
        span[hall_day] = (min(first, c.start), max(last, c.release))

    lp = _Relaxation()
    per_city_day: dict[tuple[str, str, dt.date], dict[int, float]] = defaultdict(dict)
    per_film: dict[str, dict[int, float]] = defaultdict(dict)
    per_city: dict[tuple[str, str], dict[int, float]] = defaultdict(dict)
    per_film_day: dict[tuple[str, dt.date], dict[int, float]] = defaultdict(dict)
    per_hall_day: dict[tuple[HallKey, dt.date], dict[int, float]] = defaultdict(dict)
    covering: dict[tuple[HallKey, dt.date], list[tuple[int, int, int]]] = defaultdict(list)
    column_of: dict[tuple[str, HallKey, dt.date, int, int, int], int] = {}
    for key, group in sorted(groups.items()):
        film, hall, day = key[:3]
        j = lp.column(group.value, k, 1.0 if group.pinned else 0.0)
        column_of[key] = j
        city = inputs.halls[hall].city.id
        per_city_day[(film, city, day)][j] = 1
        per_film[film][j] = 1
        per_city[(film, city)][j] = 1
        per_film_day[(film, day)][j] = -1
        per_hall_day[(hall, day)][j] = group.length
        # every screening of the group is running from its latest start until its earliest end
        covering[(hall, day)].append((group.last, group.first + group.length, j))
    for row in per_city_day.values():
        lp.row(row, k)
    for f in inputs.active_films:
        lp.row(per_film[f.id], inputs.film_max(f))
        if f.screenings.min:
            lp.row({j: -a for j, a in per_film[f.id].items()}, -f.screenings.min)
        for town in inputs.venues.cities:
            low, high = inputs.city_limits(f, town.id)
            if high is not None:
                lp.row(per_city[(f.id, town.id)], high)
            if low:
                lp.row({j: -a for j, a in per_city[(f.id, town.id)].items()}, -low)
    for (film, day), row in per_film_day.items():
        pool = inputs.copy_pool(film)
        if pool is None:
            continue
        available = (pool.available_from is None or pool.available_from <= day) and (
            pool.available_until is None or day <= pool.available_until
        )
        # each copy serves one city a day, and a city at most k screenings of the film a day
        lp.row(dict.fromkeys(row, 1.0), pool.count * k if available else 0)
    spread = spread_points(inputs)
    if spread:
        for row in per_film_day.values():
            lp.row({**row, lp.column(spread, 1): 1}, 0)
    used: dict[tuple[HallKey, dt.date], int] = {}
    """(hall, day) → the column "the hall is hired that day", for halls with a hire cost."""
    for (hall, day), row in per_hall_day.items():
        length = span[(hall, day)][1] - span[(hall, day)][0]
        hire = hire_points(inputs, inputs.halls[hall])
        if hire > 0:
            used[(hall, day)] = lp.column(-hire, 1)
            lp.row({**row, used[(hall, day)]: -length}, 0)
        else:
            lp.row(row, length)
    for hall_day, spans in covering.items():
        _check(deadline)
        points = sorted({last for last, _, _ in spans})
        at: dict[int, dict[int, float]] = defaultdict(dict)
        for last, until, j in spans:
            for t in points[bisect.bisect_left(points, last) : bisect.bisect_left(points, until)]:
                at[t][j] = 1
        for t in sorted(at):
            if hall_day in used:
                # what runs at t is at most "the hall is hired", itself at most 1
                lp.row({**at[t], used[hall_day]: -1}, 0)
            elif len(at[t]) > 1:
                lp.row(at[t], 1)
    return lp, array("l", map(column_of.__getitem__, keys))


def _safe(lp: _Relaxation, duals: list[float]) -> int:
    """Weak duality: for any u ≥ 0, Σ b·u + Σ_j max(upper_j · r_j, lower_j · r_j), where
    r_j = c_j − a_j·u, bounds the LP."""
    u = [max(0.0, d) for d in duals]
    reduced = list(lp.objective)
    total = 0.0
    for (coefficients, rhs), ui in zip(lp.rows, u, strict=True):
        if ui == 0.0:
            continue
        total += rhs * ui
        for j, a in coefficients.items():
            reduced[j] -= a * ui
    total += sum(
        (up if r > 0 else low) * r
        for up, low, r in zip(lp.upper, lp.lower, reduced, strict=True)
        if r != 0.0
    )
    return math.floor(total + 1e-6)


@dataclass(frozen=True)
class Relaxation:
    """The relaxation of a festival, built once: solved for guidance, then again for the bound."""

    lp: _Relaxation
    column: array[int]
    """Candidate i's column: its group's."""
    model: bytes
    """The relaxation as a serialised ``MPModelProto``, for PDLP's process."""

    @classmethod
    def of(
        cls, inputs: Inputs, candidates: list[Candidate], deadline: float | None = None
    ) -> Relaxation | None:
        """Built by ``deadline`` (``time.monotonic()`` seconds), or None."""
        try:
            with no_cyclic_gc():
                lp, column = _grouped(inputs, candidates, deadline)
                model = _proto(lp).SerializeToString()
            _check(deadline)
        except _TooLate:
            return None
        return cls(lp, column, model)

    def solve(
        self,
        deadline: float | None,
        accuracy: float = ACCURACY,
        threads: int = 1,
        nice: bool = True,
    ) -> LpAnswer | None:
        """PDLP's answer, stopped at ``deadline`` if it has not converged to ``accuracy`` by then;
        None if it gives no usable numbers, RuntimeError if its process fails. ``nice``: at the
        lowest CPU priority, beside the window search."""
        args = [repr(deadline or 0.0), repr(accuracy), str(threads), "nice" if nice else "-"]
        script = str(Path(__file__).with_name("pdlp_process.py"))
        child = subprocess.run(
            [sys.executable, "-I", script, *args],
            input=self.model,
            capture_output=True,
            check=False,
        )
        if child.returncode != 0:
            last = child.stderr.decode(errors="replace").strip().splitlines()[-1:]
            raise RuntimeError(f"PDLP's process failed ({child.returncode}): {' '.join(last)}")
        numbers = array("d", child.stdout)
        columns = len(self.lp.objective)
        if len(numbers) != columns + len(self.lp.rows) or not all(map(math.isfinite, numbers)):
            return None
        return LpAnswer(numbers[:columns], numbers[columns:])

    def bound(self, answer: LpAnswer) -> int:
        """The upper bound PDLP's duals prove: valid however far PDLP got (``_safe``)."""
        return _safe(self.lp, list(answer.duals))

    def guidance(self, answer: LpAnswer) -> list[float]:
        """Each candidate's share of the LP's solution: its group's value (0 to
        ``max_per_film_city_day``; numerically a little outside that, PDLP being approximate)."""
        primal = answer.primal
        return [primal[j] for j in self.column]


@dataclass(frozen=True)
class LpAnswer:
    """PDLP's primal values (by column) and dual values (by row, ≥ 0 on a binding row)."""

    primal: array[float]
    duals: array[float]


def relaxation_bound(
    inputs: Inputs, candidates: list[Candidate], deadline: float | None = None
) -> int | None:
    """An upper bound on every schedule's objective, or None if PDLP gives no usable duals
    (RuntimeError if its process fails).

    With a ``deadline`` (``time.monotonic()`` seconds), PDLP stops there and the bound is what its
    duals prove at that moment: looser than at convergence, never wrong (``_safe``); None if the
    relaxation is not even built by then. Measured at Sundance 2024 size, PDLP alone on one core:
    373,339 after 1 s, 172,313 after 4 s, 166,491 after 8 s, 166,189 at convergence (11 s).
    """
    relaxation = Relaxation.of(inputs, candidates, deadline)
    if relaxation is None:
        return None
    answer = relaxation.solve(deadline)
    return None if answer is None else relaxation.bound(answer)


def _proto(lp: _Relaxation) -> linear_solver_pb2.MPModelProto:
    """The relaxation as a model proto, a row at a time (three times faster than setting each
    coefficient through the solver's API: 1.4 million of them at Berlinale size)."""
    model = linear_solver_pb2.MPModelProto(maximize=True)
    for objective, upper, lower in zip(lp.objective, lp.upper, lp.lower, strict=True):
        # a proto variable's bounds default to ±infinity
        model.variable.add(lower_bound=lower, upper_bound=upper, objective_coefficient=objective)
    for coefficients, rhs in lp.rows:
        row = model.constraint.add(lower_bound=-math.inf, upper_bound=rhs)
        row.var_index.extend(list(coefficients))
        row.coefficient.extend(list(coefficients.values()))
    return model
