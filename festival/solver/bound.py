"""Upper bounds on any schedule's objective: per film without a solver (``upper_bound``), and for
large festivals a small linear relaxation, solved by PDLP, made safe by hand (``Relaxation``).

The time-indexed model of a Berlinale-size festival is too large for CP-SAT to produce a bound in
a minute, and the plain per-film bound (``upper_bound``) ignores that halls are full. The
relaxation keeps what binds at scale:

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
steered by it (``festival.solver.relaxed.guided_start``).
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
import subprocess
import sys
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path

import numpy as np
import numpy.typing as npt
from ortools.linear_solver import linear_solver_pb2

from festival.candidates import Candidate, no_cyclic_gc
from festival.inputs import HallKey, Inputs
from festival.scoring import SharedAudience, hire_points, spread_points
from festival.solver.clock import Deadline
from festival.solver.dominance import dense_codes
from festival.timeline import NonexistentLocalTime

ACCURACY = 1e-4
"""PDLP stops at this relative accuracy, for the bound. Measured at Berlinale size (176,000
columns, one thread): 9 s and 292,830, where GLOP's simplex took 20 s for 292,555 and PDLP at
1e-3 took 5 s for 294,682."""

ITERATIONS = 20_000
"""PDLP's iterations at most, whatever the accuracy reached: a work limit, the same on a quiet
and a busy machine. Measured, one thread: Berlinale size converges to ``ACCURACY`` within 2,000
(283,652 at 2,000 and at 4,000)."""

BLOCK = 60
"""Minutes: the longest run of starts grouped together (finer is tighter and slower)."""


Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]


def upper_bound(inputs: Inputs, candidates: list[Candidate]) -> int:
    """An upper bound on any schedule's objective, computed without a solver.

    Per film: at most ``max_per_film_city_day`` screenings per (city, day), each worth at most the
    best candidate there; at most ``max`` screenings in all; plus the spread bonus for at most
    min(max, days) days. Hall hire costs are taken as zero. Sum over films.
    """
    per_day = inputs.venues.policy.max_per_film_city_day
    places: dict[tuple[str, str, dt.date], list[int]] = defaultdict(list)
    for c in candidates:
        places[(c.film, c.city, c.day)].append(c.points)
    values: dict[str, list[int]] = defaultdict(list)
    days: dict[str, set[dt.date]] = defaultdict(set)
    for (film_id, _, day), points in places.items():
        values[film_id].extend(heapq.nlargest(per_day, points))
        days[film_id].add(day)
    total = 0
    for film in inputs.active_films:
        best = sorted(values[film.id], reverse=True)
        cap = inputs.film_max(film)
        total += sum(v for v in best[:cap] if v > 0)
        total += spread_points(inputs) * min(cap, len(days[film.id]), len(best))
    return total


@dataclass
class _Relaxation:
    """Columns with their objective and bounds; rows ``A x ≤ rhs``, A in coordinate form
    (``row``, ``col``, ``coef``) sorted by row."""

    objective: Floats
    upper: Floats
    lower: Floats
    row: Ints
    col: Ints
    coef: Floats
    rhs: Floats


class _Rows:
    """The relaxation's rows as they are made, a family at a time."""

    def __init__(self) -> None:
        self.count = 0
        self.parts: list[tuple[Ints, Ints, Floats]] = []
        self.rhs: list[Floats] = []

    def add(self, key: Ints, col: Ints, coef: Floats, rhs: Floats) -> None:
        """A row per distinct ``key`` (a number below ``len(rhs)``) over the entries ``col`` and
        ``coef``, with right-hand side ``rhs[key]``; a key whose ``rhs`` is NaN has no row."""
        keys, inverse = np.unique(key, return_inverse=True)
        right = rhs[keys]
        kept = ~np.isnan(right)
        number = np.cumsum(kept) - 1 + self.count
        alive = kept[inverse]
        self.parts.append((number[inverse][alive], col[alive], coef[alive]))
        self.rhs.append(right[kept])
        self.count += int(kept.sum())

    def done(
        self, objective: list[Floats], upper: list[Floats], lower: list[Floats]
    ) -> _Relaxation:
        row = np.concatenate([np.zeros(0, np.int64), *(r for r, _, _ in self.parts)])
        col = np.concatenate([np.zeros(0, np.int64), *(c for _, c, _ in self.parts)])
        coef = np.concatenate([np.zeros(0), *(a for _, _, a in self.parts)])
        order = np.argsort(row, kind="stable")
        return _Relaxation(
            np.concatenate(objective),
            np.concatenate(upper),
            np.concatenate(lower),
            row[order],
            col[order],
            coef[order],
            np.concatenate([np.zeros(0), *self.rhs]),
        )


def _windows_per_span(shared: SharedAudience) -> int:
    """How many windows of the shared audience one span of the relaxation holds: as many as fit
    in a ``BLOCK``, so that its groups are no finer than without a shared audience."""
    return max(1, BLOCK // shared.minutes)


def _cuts(inputs: Inputs, hall: HallKey, day: dt.date) -> list[int]:
    """Absolute minutes at which the points of a start may change on that hall's day, and where
    a span of the shared audience's windows begins."""
    policy = inputs.venues.policy
    times = {b.from_ for b in policy.time_of_day}
    for window in policy.prime_time:
        times |= {window.from_, window.to}
    shared = SharedAudience(inputs)
    if shared.num:
        span = shared.minutes * _windows_per_span(shared)
        cutoff = dt.datetime.combine(day, policy.day_cutoff)
        times |= {(cutoff + dt.timedelta(minutes=m)).time() for m in range(0, 24 * 60, span)}
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


def _check(deadline: Deadline | None) -> None:
    if deadline is not None and deadline.passed():
        raise _TooLate


def _relaxation(
    inputs: Inputs, candidates: list[Candidate], deadline: Deadline | None = None
) -> _Relaxation:
    return _grouped(inputs, candidates, deadline)[0]


def _grouped(
    inputs: Inputs,
    candidates: list[Candidate],
    deadline: Deadline | None = None,
    block: int = BLOCK,
) -> tuple[_Relaxation, Ints]:
    """The relaxation, and each candidate's column (its group's). Built with numpy: it is on
    the way to the guided start, and a large festival has hundreds of thousands of candidates
    (Sundance 2024 size: 0.3 s, against 1.5 s a candidate at a time)."""
    n = len(candidates)
    k = inputs.venues.policy.max_per_film_city_day
    films = list(dict.fromkeys(c.film for c in candidates))
    film = dense_codes([c.film for c in candidates])
    hall_days = [(c.hall, c.day) for c in candidates]
    places = list(dict.fromkeys(hall_days))
    place = dense_codes(hall_days)
    start = np.fromiter(map(attrgetter("start"), candidates), np.int64, n)
    release = np.fromiter(map(attrgetter("release"), candidates), np.int64, n)
    points = np.fromiter(map(attrgetter("points"), candidates), np.int64, n)
    pinned = np.fromiter(map(attrgetter("pinned"), candidates), np.bool_, n)
    _check(deadline)

    # each start's segment between the minutes where points may change, and block in it
    segment = np.zeros(n, np.int64)
    base = np.zeros(n, np.int64)
    by_place = np.argsort(place, kind="stable")
    edges = np.searchsorted(place[by_place], np.arange(len(places) + 1))
    for code, (hall, day) in enumerate(places):
        cuts = np.asarray(_cuts(inputs, hall, day), np.int64)
        if not len(cuts):
            continue
        mine = by_place[edges[code] : edges[code + 1]]
        at = np.searchsorted(cuts, start[mine], side="right")
        segment[mine] = at
        base[mine] = np.where(at > 0, cuts[np.maximum(at - 1, 0)], 0)
    block_of = (start - base) // block
    alone = np.where(pinned, np.cumsum(pinned), 0)  # a pin is a group of its own
    order = np.lexsort((alone, block_of, segment, place, film))
    same = np.ones(max(n - 1, 0), np.bool_)
    for part in (film, place, segment, block_of, alone):
        ranked = part[order]
        same &= ranked[1:] == ranked[:-1]
    fresh = np.concatenate([np.ones(min(n, 1), np.bool_), ~same])
    heads = np.flatnonzero(fresh)
    column = np.empty(n, np.int64)
    column[order] = np.cumsum(fresh) - 1
    groups = len(heads)
    if n:
        value = np.maximum.reduceat(points[order], heads)
        length = np.minimum.reduceat((release - start)[order], heads)
        earliest = np.minimum.reduceat(start[order], heads)
        latest = np.maximum.reduceat(start[order], heads)
    else:
        value = length = earliest = latest = np.zeros(0, np.int64)
    g_film, g_place = film[order][heads], place[order][heads]
    _check(deadline)

    halls = [inputs.halls[hall] for hall, _ in places]
    cities = list(dict.fromkeys(info.city.id for info in halls))
    days = sorted({day for _, day in places})
    g_city = np.asarray([cities.index(info.city.id) for info in halls], np.int64)[g_place]
    g_day = np.asarray([days.index(day) for _, day in places], np.int64)[g_place]
    cols = np.arange(groups, dtype=np.int64)
    ones = np.ones(groups)
    objective, upper, lower = (
        [value.astype(np.float64)],
        [np.full(groups, float(k))],
        [pinned[order][heads].astype(np.float64)],
    )
    count = groups

    def new_columns(points: Floats, high: Floats | None = None) -> Ints:
        """Columns between 0 and 1 (or ``high``), one per entry of ``points`` (their
        objective)."""
        nonlocal count
        objective.append(points)
        upper.append(np.ones(len(points)) if high is None else high)
        lower.append(np.zeros(len(points)))
        count += len(points)
        return np.arange(count - len(points), count, dtype=np.int64)

    rows = _Rows()
    nf, nc, nd = len(films), len(cities), len(days)
    # per (film, city, day) at most k
    film_city_day = (g_film * nc + g_city) * nd + g_day
    rows.add(film_city_day, cols, ones, np.full(nf * nc * nd, float(k)))
    # per film its minimum and maximum, in all and per city
    active = {f.id: f for f in inputs.active_films}
    most = np.asarray([inputs.film_max(active[f]) if f in active else 0 for f in films], float)
    least = np.asarray([active[f].screenings.min if f in active else 0 for f in films], float)
    rows.add(g_film, cols, ones, most)
    rows.add(g_film, cols, -ones, np.where(least > 0, -least, np.nan))
    limits = [
        inputs.city_limits(active[f], town) if f in active else (0, 0)
        for f in films
        for town in cities
    ]
    film_city = g_film * nc + g_city
    rows.add(film_city, cols, ones, np.asarray([np.nan if h is None else h for _, h in limits]))
    rows.add(film_city, cols, -ones, np.asarray([-lo if lo else np.nan for lo, _ in limits]))
    # a film's copies: each serves one city a day, and a city at most k screenings a day
    copies = np.full(nf * nd, np.nan)
    for code, f in enumerate(films):
        pool = inputs.copy_pool(f)
        for d, day in enumerate(days if pool is not None else []):
            assert pool is not None
            available = (pool.available_from is None or pool.available_from <= day) and (
                pool.available_until is None or day <= pool.available_until
            )
            copies[code * nd + d] = pool.count * k if available else 0
    film_day = g_film * nd + g_day
    rows.add(film_day, cols, ones, copies)
    # the spread bonus at most once per (film, day), and only on a day the film plays
    spread = spread_points(inputs)
    if spread:
        played = np.unique(film_day)
        bonus = new_columns(np.full(len(played), float(spread)))
        rows.add(
            np.concatenate([film_day, played]),
            np.concatenate([cols, bonus]),
            np.concatenate([-ones, np.ones(len(played))]),
            np.zeros(nf * nd),
        )
    # a hall's screenings of a day fit between its earliest start and latest release; with a
    # hire cost, "hired" is at least the share of that time they fill (a schedule that uses the
    # hall that day pays all of it, so this never overstates the cost)
    first = np.full(len(places), np.iinfo(np.int64).max)
    last = np.full(len(places), np.iinfo(np.int64).min)
    np.minimum.at(first, place, start)
    np.maximum.at(last, place, release)
    span = (last - first).astype(np.float64)
    cost = np.asarray([hire_points(inputs, info) for info in halls], np.float64)
    paid = np.flatnonzero(cost > 0)
    hired = new_columns(-cost[paid])
    rows.add(
        np.concatenate([g_place, paid]),
        np.concatenate([cols, hired]),
        np.concatenate([length.astype(np.float64), -span[paid]]),
        np.where(cost > 0, 0.0, span),
    )
    _check(deadline)
    # every screening of a group is running from its latest start until its earliest release:
    # at each of those moments at most one group of the hall is chosen, or at most "hired"
    # (moments keyed by hall-day and minute: absolute minutes are never negative, the timeline
    # starting two days before the festival)
    scale = int(max(latest.max(initial=0), (earliest + length).max(initial=0))) + 1
    moments = np.unique(g_place * scale + latest)
    since = np.searchsorted(moments, g_place * scale + latest, side="left")
    until = np.searchsorted(moments, g_place * scale + earliest + length, side="left")
    spans = np.maximum(until - since, 0)
    total = int(spans.sum())
    within = np.arange(total) - np.repeat(np.cumsum(spans) - spans, spans)
    moment = np.repeat(since, spans) + within
    column_at = np.repeat(cols, spans)
    moment_place = moments // scale
    hire_of = np.full(len(places), -1, np.int64)
    hire_of[paid] = hired
    with_hire = np.flatnonzero(hire_of[moment_place] >= 0)
    entries = np.bincount(moment, minlength=len(moments))
    rhs = np.where(hire_of[moment_place] >= 0, 0.0, np.where(entries > 1, 1.0, np.nan))
    rows.add(
        np.concatenate([moment, with_hire]),
        np.concatenate([column_at, hire_of[moment_place[with_hire]]]),
        np.concatenate([np.ones(total), -np.ones(len(with_hire))]),
        rhs,
    )
    audience = SharedAudience(inputs)
    if audience.num and n:
        windows = np.fromiter(map(attrgetter("window"), candidates), np.int64, n)
        spans = windows // _windows_per_span(audience)
        low_span = np.minimum.reduceat(spans[order], heads)
        one_span = low_span == np.maximum.reduceat(spans[order], heads)
        draw = np.fromiter(map(attrgetter("audience"), candidates), np.int64, n)
        g_draw = np.minimum.reduceat(draw[order], heads)
        _shared_audience(
            (inputs, audience, rows, new_columns),
            cities,
            (g_city, g_day, np.where(one_span, low_span, -1)),
            g_draw,
        )
    return rows.done(objective, upper, lower), column


def _shared_audience(
    context: tuple[Inputs, SharedAudience, _Rows, Callable[[Floats, Floats | None], Ints]],
    cities: list[str],
    where: tuple[Ints, Ints, Ints],
    draw: Ints,
) -> None:
    """Rule.SHARED_AUDIENCE, relaxed: per (city, day, span of windows), what the span loses is at
    least lost × (its draw − its windows' pools), the loss being convex in each window's draw;
    per (city, day), at least lost × (its draw − the day's pool). ``cities`` are the relaxation's
    (``g_city`` numbers them); a group across two spans has span -1 and is left out of the span
    rows.

    Each group counts at its members' smallest draw, so that every schedule, with each column at
    max(0, lost × (that draw − pool)) — never more than what it truly loses — satisfies the rows:
    the bound stays honest."""
    audience = context[1]
    g_city, g_day, g_span = where
    per_span = _windows_per_span(audience)
    spans = int(g_span.max(initial=0)) + 1
    days = int(g_day.max(initial=0)) + 1
    city_day = g_city * days + g_day
    window_pool = np.asarray([audience.pools[c] * per_span for c in cities], np.float64)
    day_pool = np.asarray([audience.day_pools[c] for c in cities], np.float64)
    spanned = g_span >= 0
    _loss_rows(
        context,
        (city_day * spans + g_span)[spanned],
        np.flatnonzero(spanned),
        draw[spanned],
        lambda key: window_pool[key // (days * spans)],
    )
    _loss_rows(context, city_day, np.arange(len(draw)), draw, lambda key: day_pool[key // days])


def _loss_rows(
    context: tuple[Inputs, SharedAudience, _Rows, Callable[[Floats, Floats | None], Ints]],
    key: Ints,
    col: Ints,
    draw: Ints,
    pool_of: Callable[[Ints], Floats],
) -> None:
    """One loss column and row per distinct ``key`` whose groups (columns ``col``) could draw
    more than its pool: lost × Σ draw · group − loss ≤ lost × pool."""
    inputs, audience, rows, new_columns = context
    lost = audience.num / audience.den
    # a group is chosen at most k times (max_per_film_city_day): the most a key can draw
    k = float(inputs.venues.policy.max_per_film_city_day)
    keys, inverse = np.unique(key, return_inverse=True)
    most = np.bincount(inverse, weights=draw * k, minlength=len(keys))
    pools = pool_of(keys)
    over = most > pools
    if not over.any():
        return
    losses = new_columns(-np.ones(int(over.sum())), lost * (most[over] - pools[over]))
    mine = np.flatnonzero(over[inverse] & (draw > 0))
    rows.add(
        np.concatenate([keys[inverse[mine]], keys[over]]),
        np.concatenate([col[mine], losses]),
        np.concatenate([lost * draw[mine].astype(np.float64), -np.ones(len(losses))]),
        _rhs(keys, over, lost * pools),
    )


def _rhs(keys: Ints, over: npt.NDArray[np.bool_], values: Floats) -> Floats:
    """``_Rows.add``'s right-hand sides: indexed by key value, NaN (no row) where not ``over``."""
    out = np.full(int(keys.max(initial=0)) + 1, np.nan)
    out[keys[over]] = values[over]
    return out


def _safe(lp: _Relaxation, duals: Sequence[float] | Floats) -> int:
    """Weak duality: for any u ≥ 0, Σ b·u + Σ_j max(upper_j · r_j, lower_j · r_j), where
    r_j = c_j − a_j·u, bounds the LP."""
    u = np.maximum(np.asarray(duals, dtype=np.float64), 0.0)
    reduced = lp.objective - np.bincount(
        lp.col, weights=lp.coef * u[lp.row], minlength=len(lp.objective)
    )
    total = float(lp.rhs @ u) + float(np.where(reduced > 0, lp.upper, lp.lower) @ reduced)
    return math.floor(total + 1e-6)


@dataclass(frozen=True)
class Relaxation:
    """The relaxation of a festival, built once and solved for the bound and for guidance."""

    lp: _Relaxation
    column: Ints
    """Candidate i's column: its group's."""
    model: bytes
    """The relaxation as a serialised ``MPModelProto``, for PDLP's process."""

    @classmethod
    def of(
        cls,
        inputs: Inputs,
        candidates: list[Candidate],
        deadline: Deadline | None = None,
        block: int = BLOCK,
    ) -> Relaxation | None:
        """Built by ``deadline``, or None; starts grouped in runs of at most ``block`` minutes."""
        try:
            with no_cyclic_gc():
                lp, column = _grouped(inputs, candidates, deadline, block)
                model = _proto(lp).SerializeToString()
            _check(deadline)
        except _TooLate:
            return None
        return cls(lp, column, model)

    def solve(
        self,
        deadline: Deadline | None,
        accuracy: float = ACCURACY,
        threads: int = 1,
        iterations: int = ITERATIONS,
    ) -> LpAnswer | None:
        """PDLP's answer at ``accuracy`` or after ``iterations``, the sooner (work limits: the same
        answer on any machine with the same ``threads``); None if PDLP's process is still running
        at ``deadline`` (it is stopped) or gives no usable numbers, RuntimeError if it fails."""
        script = str(Path(__file__).with_name("pdlp_process.py"))
        args = [repr(accuracy), str(threads), str(iterations)]
        left = math.inf if deadline is None else deadline.left()
        with subprocess.Popen(
            [sys.executable, "-P", script, *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        ) as child:
            try:
                out, err = child.communicate(
                    self.model, timeout=None if math.isinf(left) else max(left, 0.0)
                )
            except subprocess.TimeoutExpired:
                child.kill()
                child.communicate()
                return None
        if child.returncode != 0:
            last = err.decode(errors="replace").strip().splitlines()[-1:]
            raise RuntimeError(f"PDLP's process failed ({child.returncode}): {' '.join(last)}")
        numbers = np.frombuffer(out, dtype=np.float64)
        columns = len(self.lp.objective)
        if len(numbers) != columns + len(self.lp.rhs) or not np.isfinite(numbers).all():
            return None
        return LpAnswer(numbers[:columns], numbers[columns:])

    def bound(self, answer: LpAnswer) -> int:
        """The upper bound PDLP's duals prove: valid however far PDLP got (``_safe``)."""
        return _safe(self.lp, answer.duals)

    def guidance(self, answer: LpAnswer) -> Floats:
        """Each candidate's share of the LP's solution: its group's value (0 to
        ``max_per_film_city_day``; numerically a little outside that, PDLP being approximate)."""
        return answer.primal[self.column]


@dataclass(frozen=True)
class LpAnswer:
    """PDLP's primal values (by column) and dual values (by row, ≥ 0 on a binding row)."""

    primal: Floats
    duals: Floats


def relaxation_bound(
    inputs: Inputs, candidates: list[Candidate], deadline: Deadline | None = None
) -> int | None:
    """An upper bound on every schedule's objective, or None if PDLP gives no usable duals
    (RuntimeError if its process fails).

    PDLP stops at ``ACCURACY`` or after ``ITERATIONS``, so the bound is the same on any machine;
    with a ``deadline``, None if the relaxation is not built or solved by then. Measured at
    Sundance 2024 size, PDLP alone on one core: 166,189 at convergence (11 s).
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
    for objective, upper, lower in zip(
        lp.objective.tolist(), lp.upper.tolist(), lp.lower.tolist(), strict=True
    ):
        # a proto variable's bounds default to ±infinity
        model.variable.add(lower_bound=lower, upper_bound=upper, objective_coefficient=objective)
    edges = np.searchsorted(lp.row, np.arange(len(lp.rhs) + 1)).tolist()
    cols, coefs = lp.col.tolist(), lp.coef.tolist()
    for r, rhs in enumerate(lp.rhs.tolist()):
        row = model.constraint.add(lower_bound=-math.inf, upper_bound=rhs)
        row.var_index.extend(cols[edges[r] : edges[r + 1]])
        row.coefficient.extend(coefs[edges[r] : edges[r + 1]])
    return model
