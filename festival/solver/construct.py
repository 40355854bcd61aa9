"""A constructive schedule: fast, greedy, and satisfying every hard rule — the solver's first hint.

Pins first; on a re-plan, the published screenings that still fit; then every guest appearance;
then the screenings the films' per-city and total minimums ask for, best first across all films
(``_Minimums``); then what that left unplaced, film by film, hardest films first, making room
where no hall has any (see ``_place``: it removes cheaper screenings of other films, or moves
them); then every remaining placement that adds value, best first. Film copies are assigned as
screenings are placed (a copy already in the city, else a free copy that can travel there in
time). No solver is involved, so it also serves as the baseline the optimiser is measured against.
"""

from __future__ import annotations

import array
import bisect
import datetime as dt
import functools
import heapq
import itertools
import statistics
import weakref
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn

import numpy as np

from festival.candidates import (
    Candidate,
    Columns,
    Ints,
    columns_of,
    no_cyclic_gc,
    premiere_placements,
)
from festival.inputs import HallKey, Inputs
from festival.replan import Anchor
from festival.scoring import (
    WHOLE_DAY,
    AudienceWindow,
    SharedAudience,
    hire_points,
    spread_points,
)
from festival.solver.cliques import overlaps

CopyAt = tuple[str, int, str, dt.date]
"""(film, copy number, city, festival day): the copy is in that city that day."""


@dataclass(frozen=True)
class Construction:
    """A complete schedule: chosen candidates and where each film copy is."""

    chosen: list[int]
    copy_at: frozenset[CopyAt]
    matched: dict[int, int]
    """Re-plans: anchor position → the candidate keeping that published screening."""


def _far_enough(
    day_a: dt.date, city_a: str, day_b: dt.date, city_b: str, apart: Callable[[str, str], int]
) -> bool:
    """Whether being in city_a on day_a and city_b on day_b leaves time to travel between them."""
    if city_a == city_b:
        return True
    if day_a <= day_b:
        return (day_b - day_a).days >= apart(city_a, city_b)
    return (day_a - day_b).days >= apart(city_b, city_a)


class _Rows:
    """The candidates of a construction as ``_State``'s checks by index read them: each one's
    points, hire cost and attendance, and the number of each counter it reads — its film; film
    and city; film, city and day; film and day; hall; hall and day; window and day of the
    shared audience — with the limits and pools of those numbers.

    ``gain`` and ``fits`` build a tuple key for each counter they read and hash it: at
    Berlinale size the greedy pass asked them 630,000 times, most of its time (2.0-2.5 s of
    CPU for the whole pass then, 0.9-1.2 s by index). A number per candidate is kept in an
    ``array.array``, not a list: the pass reads them out of order, and a list's every number
    is an object of its own somewhere in memory (a third slower to read so)."""

    def __init__(self, state: _State, candidates: list[Candidate], columns: Columns) -> None:
        inputs, shared = state.inputs, state.shared
        c = self.columns = columns
        self.candidates = candidates
        films, halls, cities, days = c.films, c.halls, c.cities, c.days
        n_cities, n_days = len(cities), len(days)
        self.points = _numbers(c.points)
        self.audience = _numbers(c.audience)
        self.film = _numbers(c.film)
        self.hall = _numbers(c.hall)
        film_city = c.film * n_cities + c.city
        self.film_city = _numbers(film_city)
        self.film_city_day = _numbers(film_city * n_days + c.day)
        self.film_day = _numbers(c.film * n_days + c.day)
        self.hall_day = _numbers(c.hall * n_days + c.day)
        self.hire = _numbers(np.array([state.hire[h] for h in halls], dtype=np.int64)[c.hall])
        # a window's number, and its day's just before its first window's
        low = int(c.window.min()) if len(c) else 0
        span = (int(c.window.max()) if len(c) else 0) - low + 2
        place = (c.city * n_days + c.day) * span
        self.window = _numbers(place + c.window - low + 1)
        self.whole_day = _numbers(place)
        self.keys: list[AudienceWindow] = [
            (city, day, WHOLE_DAY if k == 0 else low + k - 1)
            for city in cities
            for day in days
            for k in range(span)
        ]
        self.pool = [shared.pool(key) for key in self.keys]
        self.cap = [state.cap[f] for f in films]
        never = len(candidates) + 1  # more screenings than there are placements
        self.high = [state.high.get((f, city), never) for f in films for city in cities]
        self.premiering = [f in state.premiering for f in films]
        self.copies = [inputs.copy_pool(f) is not None for f in films]
        self.stagger = [state.stagger[h[0]] for h in halls]
        self.base = int(c.start.min()) if len(c) else 0
        span = int(c.release.max()) - self.base if len(c) else 0
        self.start = _numbers(c.start - self.base)
        self.release = _numbers(c.release - self.base)
        """Minutes from ``base`` (reading them here spares reading the candidate itself)."""
        self.taken = [bytearray(span) for _ in halls]
        """Per hall, from minute ``base``: 1 where a chosen screening holds it (``_State.busy``,
        whose spans never meet: ``bytearray.find`` tells whether a span meets one without a
        Python step per screening)."""
        self.venue_starts = [state.venue_starts[h[0]] for h in halls]
        """Each hall's venue's list in ``_State.venue_starts`` (the same list)."""
        self.sizes = (len(films), len(films) * n_cities, len(films) * n_cities * n_days)
        self.halls_days = len(halls) * n_days
        self.films_days = len(films) * n_days


def _numbers(values: Ints) -> array.array[int]:
    """The numbers as an ``array.array`` of 64-bit integers."""
    return array.array("q", values.astype(np.int64).tobytes())


def _without_rows(i: int) -> NoReturn:
    raise ValueError("the state was built without its candidates: it checks them by value")


class _State:
    """The schedule being built and the counters that keep it within the hard rules."""

    def __init__(
        self,
        inputs: Inputs,
        candidates: list[Candidate] | None = None,
        columns: Columns | None = None,
    ) -> None:
        """The empty schedule; with the ``candidates`` it is built from (and their
        ``columns``, unless read from them), ``gain_at`` and ``fits_at`` check them by index
        (``_Rows``)."""
        self.inputs = inputs
        self.k = inputs.venues.policy.max_per_film_city_day
        self.chosen: list[int] = []
        self.busy: dict[HallKey, list[tuple[int, int, int]]] = defaultdict(list)
        """Each hall's chosen (start, release, candidate index), sorted."""
        self.total: Counter[str] = Counter()
        self.city: Counter[tuple[str, str]] = Counter()
        self.city_day: Counter[tuple[str, str, dt.date]] = Counter()
        self.film_days: Counter[tuple[str, dt.date]] = Counter()
        """Screenings per (film, day): the spread bonus is earned on a day with one or more."""
        self.hall_days: Counter[tuple[HallKey, dt.date]] = Counter()
        """Screenings per (hall, day): the hire cost is paid on a day with one or more."""
        self.spread = spread_points(inputs)
        self.hire = {key: hire_points(inputs, info) for key, info in inputs.halls.items()}
        self.shared = SharedAudience(inputs)
        self.venue_total: Counter[str] = Counter()
        """Screenings per venue (Rule.VENUE_COMMITMENT)."""
        self.owed: dict[tuple[HallKey, dt.date], int] = {}
        """The screenings each committed hall-day must keep, once met (Rule.HALL_COMMITMENT)."""
        self.venue_owed: dict[str, int] = {}
        """The screenings each committed venue must keep, once met (Rule.VENUE_COMMITMENT)."""
        self.premiering = {f.id for f in inputs.active_films if f.premiere is not None}
        self.premieres: set[Candidate] = set()
        """The candidates that may be their film's premiere (``allow_premieres`` fills it)."""
        self.first: dict[str, int] = {}
        """Per film with a premiere: the start of its earliest chosen premiere placement."""
        self.premiere_starts: dict[str, list[int]] = defaultdict(list)
        """Per film with a premiere: its chosen premiere placements' starts, sorted (``first``
        is the least, kept right when one is removed)."""
        self.stagger = {v.id: inputs.stagger(v) for v in inputs.venues.venues}
        self.venue_starts: dict[str, list[int]] = defaultdict(list)
        """Each staggered venue's chosen starts, sorted (Rule.VENUE_STAGGER)."""
        self.draws: Counter[AudienceWindow] = Counter()
        self.pools: dict[AudienceWindow, int] = {}
        """Each window's (and day's) pool, as ``gain`` needs it."""
        """Attendance points per (city, day, window): its screenings share one audience."""
        self.guest_busy: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self.guest_days: dict[str, dict[dt.date, str]] = defaultdict(dict)
        self.guest_day_count: Counter[tuple[str, dt.date]] = Counter()
        self.guest_film: Counter[tuple[str, str]] = Counter()
        self.wanted = {(g.id, a.film): a.count for g, a in inputs.appearances()}
        self.copies: dict[tuple[str, int], dict[dt.date, str]] = defaultdict(dict)
        self.most_extra = self.spread + max(0, -min(self.hire.values(), default=0))
        """The most a candidate can gain beyond its own points."""
        self.cap = {f.id: inputs.film_max(f) for f in inputs.programme.films}
        self.refused: set[int] = set()
        """Candidates ``_best`` found not to fit since the last ``remove``: while screenings are
        only added, a refused candidate stays refused, so it is not checked again."""
        self.high = {
            (f.id, city.id): high
            for f in inputs.programme.films
            for city in inputs.venues.cities
            if (high := inputs.city_limits(f, city.id)[1]) is not None
        }
        self.premiere_rows: set[int] = set()
        """The indices of ``premieres``."""
        self.rows: _Rows | None = None
        self.copy_days_apart = functools.cache(inputs.copy_days_apart)
        """``inputs.copy_days_apart``, kept per pair of cities (``copy_for`` asks it often)."""
        self.gain_at: Callable[[int], int] = _without_rows
        """``gain`` of a candidate by its index in those the state was built with."""
        self.fits_at: Callable[[int], bool] = _without_rows
        """``fits`` of a candidate by its index in those the state was built with."""
        if candidates is not None:
            if columns is None:
                columns = columns_of(candidates)
            rows = self.rows = _Rows(self, candidates, columns)
            films, film_cities, film_city_days = rows.sizes
            # counted in place (``_count``): ``gain_at`` and ``fits_at`` keep them
            self.total_at = [0] * films
            self.city_at = [0] * film_cities
            self.city_day_at = [0] * film_city_days
            self.film_days_at = [0] * rows.films_days
            self.hall_days_at = [0] * rows.halls_days
            self.draws_at = [0] * len(rows.keys)
            self.gain_at = self._gain_by_index(rows)
            self.fits_at = self._fits_by_index(rows)

    def copy_for(self, c: Candidate) -> int | None:
        """The copy that can serve the candidate (0 when copies do not limit the film)."""
        pool = self.inputs.copy_pool(c.film)
        if pool is None:
            return 0
        for k in range(1, pool.count + 1):
            if self.copies[(c.film, k)].get(c.day) == c.city:
                return k
        for k in range(1, pool.count + 1):
            days = self.copies[(c.film, k)]
            if c.day in days:
                continue
            if (pool.available_from and c.day < pool.available_from) or (
                pool.available_until and c.day > pool.available_until
            ):
                continue
            if all(
                _far_enough(day, city, c.day, c.city, self.copy_days_apart)
                for day, city in days.items()
            ):
                return k
        return None

    def guest_fits(self, c: Candidate) -> bool:
        g = c.guest
        if g is None:
            return True
        if self.guest_film[(g, c.film)] >= self.wanted.get((g, c.film), 0):
            return False
        if self.guest_day_count[(g, c.day)] >= self.inputs.guests[g].max_per_day:
            return False
        for day, city in self.guest_days[g].items():
            if not _far_enough(day, city, c.day, c.city, self.inputs.guest_days_apart):
                return False
        return not overlaps(self.guest_busy[g], c.start, c.end)

    def fits(self, c: Candidate) -> bool:
        # .get: a Counter's own lookup of a missing key runs Python code, and this runs a million
        # times at Berlinale size
        if self.total.get(c.film, 0) >= self.cap[c.film]:
            return False
        high = self.high.get((c.film, c.city))
        if high is not None and self.city.get((c.film, c.city), 0) >= high:
            return False
        if self.city_day.get((c.film, c.city, c.day), 0) >= self.k:
            return False
        if overlaps(self.busy[c.hall], c.start, c.release):
            return False
        if (
            c.film in self.premiering
            and c not in self.premieres
            and self.first.get(c.film, c.start) >= c.start
        ):
            return False  # Rule.PREMIERE: only after a premiere placement of the film
        gap = self.stagger[c.hall[0]]
        if gap:
            starts = self.venue_starts[c.hall[0]]
            k = bisect.bisect_right(starts, c.start - gap)
            if k < len(starts) and starts[k] < c.start + gap:
                return False
        return self.guest_fits(c) and self.copy_for(c) is not None

    def gain(self, c: Candidate) -> int:
        value = c.points
        if not self.film_days.get((c.film, c.day)):
            value += self.spread
        if not self.hall_days.get((c.hall, c.day)):
            value -= self.hire[c.hall]
        if c.audience:
            # only a draw that goes over its pool loses (most do not: checked first, cheaply)
            loss, pools, a = self.shared.loss, self.pools, c.audience
            for key in self.shared.shares(c.city, c.day, c.window):
                draw = self.draws.get(key, 0)
                pool = pools.get(key)
                if pool is None:
                    pool = pools[key] = self.shared.pool(key)
                if draw + a > pool:
                    value -= loss(key, draw + a) - loss(key, draw)
        return value

    def _fits_by_index(self, rows: _Rows) -> Callable[[int], bool]:
        """``fits`` by candidate index, what it reads bound once (the greedy pass asks it
        260,000 times at Berlinale size)."""
        candidates, taken = rows.candidates, rows.taken
        start_of, release_of = rows.start, rows.release
        hall_of, film_of, film_city_of, film_city_day_of = (
            rows.hall,
            rows.film,
            rows.film_city,
            rows.film_city_day,
        )
        cap, high, premiering, copies = rows.cap, rows.high, rows.premiering, rows.copies
        stagger, venue_starts = rows.stagger, rows.venue_starts
        total, city, city_day, first = self.total_at, self.city_at, self.city_day_at, self.first
        state = weakref.proxy(self)  # no cycle: the state goes with its last reference

        def fits_at(i: int) -> bool:
            hall = hall_of[i]
            if taken[hall].find(1, start_of[i], release_of[i]) >= 0:
                return False  # the hall is taken (turnover included)
            film = film_of[i]
            if total[film] >= cap[film]:
                return False
            film_city = film_city_of[i]
            if city[film_city] >= high[film_city]:
                return False
            if city_day[film_city_day_of[i]] >= state.k:
                return False
            c = candidates[i]
            if (
                premiering[film]
                and i not in state.premiere_rows
                and first.get(c.film, c.start) >= c.start
            ):
                return False  # Rule.PREMIERE: only after a premiere placement of the film
            gap = stagger[hall]
            if gap:
                starts = venue_starts[hall]
                k = bisect.bisect_right(starts, c.start - gap)
                if k < len(starts) and starts[k] < c.start + gap:
                    return False
            if c.guest is not None and not state.guest_fits(c):
                return False
            return not copies[film] or state.copy_for(c) is not None

        return fits_at

    def _gain_by_index(self, rows: _Rows) -> Callable[[int], int]:
        """``gain`` by candidate index, what it reads bound once (the greedy pass asks it
        370,000 times at Berlinale size)."""
        points, hire, audience = rows.points, rows.hire, rows.audience
        film_day, hall_day, window, whole_day = (
            rows.film_day,
            rows.hall_day,
            rows.window,
            rows.whole_day,
        )
        pool, keys, loss, spread = rows.pool, rows.keys, self.shared.loss, self.spread
        film_days, hall_days, draws = self.film_days_at, self.hall_days_at, self.draws_at

        def gain_at(i: int) -> int:
            value = points[i]
            if not film_days[film_day[i]]:
                value += spread
            if not hall_days[hall_day[i]]:
                value -= hire[i]
            a = audience[i]
            if a:
                # only a draw that goes over its pool loses (most do not: checked first); the
                # window's, then the day's (written out: this runs 370,000 times)
                k = window[i]
                draw = draws[k]
                if draw + a > pool[k]:
                    value -= loss(keys[k], draw + a) - loss(keys[k], draw)
                k = whole_day[i]
                draw = draws[k]
                if draw + a > pool[k]:
                    value -= loss(keys[k], draw + a) - loss(keys[k], draw)
            return value

        return gain_at

    def _count(self, i: int, step: int) -> None:
        """Add ``step`` (1 or -1) to the counters ``fits_at`` and ``gain_at`` read for
        candidate ``i``, and mark its hall's minutes taken (or free)."""
        rows = self.rows
        if rows is None:
            return
        low, high = rows.start[i], rows.release[i]
        rows.taken[rows.hall[i]][low:high] = bytes([step > 0]) * (high - low)
        self.total_at[rows.film[i]] += step
        self.city_at[rows.film_city[i]] += step
        self.city_day_at[rows.film_city_day[i]] += step
        self.film_days_at[rows.film_day[i]] += step
        self.hall_days_at[rows.hall_day[i]] += step
        a = rows.audience[i]
        self.draws_at[rows.window[i]] += step * a
        self.draws_at[rows.whole_day[i]] += step * a

    def add(self, index: int, c: Candidate) -> None:
        copy = self.copy_for(c)
        assert copy is not None
        if copy:
            self.copies[(c.film, copy)][c.day] = c.city
        self.chosen.append(index)
        self._count(index, 1)
        bisect.insort(self.busy[c.hall], (c.start, c.release, index))
        if self.stagger[c.hall[0]]:
            bisect.insort(self.venue_starts[c.hall[0]], c.start)
        if c in self.premieres:
            bisect.insort(self.premiere_starts[c.film], c.start)
            self.first[c.film] = self.premiere_starts[c.film][0]
        self.total[c.film] += 1
        self.city[(c.film, c.city)] += 1
        self.city_day[(c.film, c.city, c.day)] += 1
        self.film_days[(c.film, c.day)] += 1
        self.hall_days[(c.hall, c.day)] += 1
        self.venue_total[c.hall[0]] += 1
        for key in self.shared.shares(c.city, c.day, c.window):
            self.draws[key] += c.audience
        if c.guest is not None:
            bisect.insort(self.guest_busy[c.guest], (c.start, c.end))
            self.guest_days[c.guest][c.day] = c.city
            self.guest_day_count[(c.guest, c.day)] += 1
            self.guest_film[(c.guest, c.film)] += 1

    def remove(self, index: int, c: Candidate) -> None:
        """Undo ``add`` for a screening without a guest (callers never remove an appearance)."""
        assert c.guest is None
        self.refused.clear()
        self.chosen.remove(index)
        self._count(index, -1)
        self.busy[c.hall].remove((c.start, c.release, index))
        if self.stagger[c.hall[0]]:
            self.venue_starts[c.hall[0]].remove(c.start)
        if c in self.premieres:
            starts = self.premiere_starts[c.film]
            starts.remove(c.start)
            if starts:
                self.first[c.film] = starts[0]
            else:
                del self.first[c.film]
        self.total[c.film] -= 1
        self.city[(c.film, c.city)] -= 1
        self.city_day[(c.film, c.city, c.day)] -= 1
        self.film_days[(c.film, c.day)] -= 1
        self.hall_days[(c.hall, c.day)] -= 1
        self.venue_total[c.hall[0]] -= 1
        for key in self.shared.shares(c.city, c.day, c.window):
            self.draws[key] -= c.audience
        pool = self.inputs.copy_pool(c.film)
        if pool is not None and not self.city_day[(c.film, c.city, c.day)]:
            # the film's copy in that city that day served this screening alone: it is free again
            for k in range(1, pool.count + 1):
                if self.copies[(c.film, k)].get(c.day) == c.city:
                    del self.copies[(c.film, k)][c.day]

    def blockers(self, c: Candidate) -> list[int]:
        """The chosen screenings in ``c``'s hall that overlap it (turnover included)."""
        return [
            j for start, release, j in self.busy[c.hall] if start < c.release and c.start < release
        ]

    def copy_at(self) -> frozenset[CopyAt]:
        return frozenset(
            (film, k, city, day)
            for (film, k), days in self.copies.items()
            for day, city in days.items()
        )


def _best(state: _State, candidates: list[Candidate], pool: list[int]) -> int | None:
    """The index in ``pool`` that fits and gains most (lowest index on ties), or None.

    ``pool`` is in descending order of points, so the scan stops once no later candidate can
    reach the best gain even with the spread bonus.
    """
    best: int | None = None
    best_gain = 0
    refused, gain, most_extra = state.refused, state.gain_at, state.most_extra
    for i in pool:
        if i in refused:
            continue
        c = candidates[i]
        if best is not None and c.points + most_extra < best_gain:
            break
        g = gain(i)
        # the cheap gain first: the rule checks only for a candidate that would win
        if best is not None and (g < best_gain or (g == best_gain and i > best)):
            continue
        if state.fits_at(i):
            best, best_gain = i, g
        else:
            refused.add(i)
    return best


def _place(
    state: _State,
    candidates: list[Candidate],
    pool: list[int],
    protected: set[int],
    matched: dict[int, int],
    by_film: dict[str, list[int]],
) -> bool:
    """Place the best candidate of ``pool`` that fits; failing that, make room for one.

    For a guest's appearance or a film's minimum. Making room (needed when re-planning a full
    festival: a withdrawn hall's screenings must go somewhere, and every other hall is taken by
    kept screenings) removes the screenings that block a candidate in its hall, if each of them
    may go: not pinned, not frozen, without a guest, of another film. The candidate losing the
    fewest points is tried first: first among those whose blockers' films keep their minimums
    without them, then among the rest, each blocker moving to the best placement left to its
    film in the same city (minimums placed best first can leave a hard film no free placement,
    every one taken by other films' minimums). Removed published screenings lose their match
    (cancelled).
    """
    pick = _best(state, candidates, pool)
    if pick is not None:
        state.add(pick, candidates[pick])
        return True
    options = []
    for i in pool[:ROOM_SCAN]:
        c = candidates[i]
        blocking = state.blockers(c)
        if (
            blocking
            and all(_may_go(state, candidates, j, c.film, protected) for j in blocking)
            and _commitments_kept(state, [candidates[j] for j in blocking], c)
        ):
            lost = sum(candidates[j].points for j in blocking)
            options.append((lost - c.points, i, blocking))
    options.sort()
    stuck: set[tuple[str, str]] = set()
    for moving in (False, True):
        for _, i, blocking in options:
            if not moving and not _minimums_kept(state, [candidates[j] for j in blocking]):
                continue
            if moving and any((candidates[j].film, candidates[j].city) in stuck for j in blocking):
                continue
            if _make_room(state, candidates, i, blocking, by_film, moving, stuck):
                for n in [n for n, j in matched.items() if j in blocking]:
                    del matched[n]
                return True
    return False


def _make_room(
    state: _State,
    candidates: list[Candidate],
    i: int,
    blocking: list[int],
    by_film: dict[str, list[int]],
    moving: bool,
    stuck: set[tuple[str, str]],
) -> bool:
    """Put candidate ``i`` in place of the screenings ``blocking`` it; when ``moving``, each
    of those moves to its film's best placement left in its city. Undone (False) if any of
    that fails; a (film, city) that found no placement is added to ``stuck``, not to be tried
    again (a shortcut: another option's blockers could free a placement for it)."""
    for j in blocking:
        state.remove(j, candidates[j])
    placed: list[int] = []
    if state.fits_at(i):
        state.add(i, candidates[i])
        placed.append(i)
        for j in blocking if moving else []:
            c = candidates[j]
            pool = [k for k in by_film[c.film] if candidates[k].city == c.city]
            pick = _best(state, candidates, pool)
            if pick is None:
                stuck.add((c.film, c.city))
                break
            state.add(pick, candidates[pick])
            placed.append(pick)
        else:
            return True
    for k in reversed(placed):
        state.remove(k, candidates[k])
    for j in blocking:
        state.add(j, candidates[j])
    return False


ROOM_SCAN = 5_000
"""How many of a film's best candidates ``_place`` considers when it must make room."""


def _may_go(
    state: _State, candidates: list[Candidate], j: int, film: str, protected: set[int]
) -> bool:
    """Whether ``_place`` may remove chosen screening ``j`` to make room for ``film``: not a
    film's premiere (its earliest chosen premiere placement, ``_State.first``, which its later
    screenings need: a later one in a premiere hall may go)."""
    c = candidates[j]
    if j in state.premiere_rows and c.start <= state.first.get(c.film, c.start):
        return False
    return not c.pinned and j not in protected and c.guest is None and c.film != film


def _commitments_kept(state: _State, leaving: list[Candidate], coming: Candidate) -> bool:
    """Whether every hall-day and venue the festival committed to (``_State.owed``) keeps its
    screenings once ``leaving`` make way for ``coming``."""
    hall_days = Counter((c.hall, c.day) for c in leaving)
    hall_days[(coming.hall, coming.day)] -= 1
    for key, n in hall_days.items():
        if n > 0 and state.hall_days[key] - n < state.owed.get(key, 0):
            return False
    venues = Counter(c.hall[0] for c in leaving)
    venues[coming.hall[0]] -= 1
    for venue, n in venues.items():
        if n > 0 and state.venue_total[venue] - n < state.venue_owed.get(venue, 0):
            return False
    return True


def _minimums_kept(state: _State, leaving: list[Candidate]) -> bool:
    """Whether every film keeps its minimum, in all and per city, once ``leaving`` are removed."""
    inputs = state.inputs
    total = Counter(c.film for c in leaving)
    city = Counter((c.film, c.city) for c in leaving)
    for film_id, n in total.items():
        if state.total[film_id] - n < inputs.films[film_id].screenings.min:
            return False
    for (film_id, city_id), n in city.items():
        low, _ = inputs.city_limits(inputs.films[film_id], city_id)
        if state.city[(film_id, city_id)] - n < low:
            return False
    return True


def _stable_order(values: Ints) -> Ints:
    """``np.argsort(values, kind="stable")``, by radix sort when the values fit in 16 bits
    (six times faster on 526,000 candidates' points)."""
    if len(values) and values.min() >= -(2**15) and values.max() < 2**15:
        values = values.astype(np.int16)
    return np.argsort(values, kind="stable")


def _pools(
    candidates: list[Candidate], columns: Columns | None = None
) -> tuple[list[int], dict[str, list[int]], dict[tuple[str, str], list[int]]]:
    """The candidates that are not pinned, best first (lowest index on ties): those without a
    guest in one list and by film, and guest appearances by (guest, film). Every pool keeps
    that order, which ``_best`` relies on. Sorted and grouped with numpy from the candidates'
    columns: this is on the way to the first schedule, and a large festival has hundreds of
    thousands of candidates."""
    if columns is None:
        columns = columns_of(candidates)
    # 0: neither pinned nor with a guest; 1: a guest appearance; 2: pinned
    kind = np.where(columns.pinned, 2, columns.guest >= 0)
    ranked = _stable_order(-columns.points)
    order = ranked[kind[ranked] == 0]
    film_code = columns.film
    grouped = order[_stable_order(film_code[order])]
    edges = np.flatnonzero(np.diff(film_code[grouped])) + 1
    by_film: dict[str, list[int]] = defaultdict(list)
    for part in np.split(grouped, edges):
        if len(part):
            by_film[columns.films[int(film_code[part[0]])]] = part.tolist()
    by_guest: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i in ranked[kind[ranked] == 1].tolist():
        c = candidates[i]
        assert c.guest is not None
        by_guest[(c.guest, c.film)].append(i)
    return order.tolist(), by_film, by_guest


def construct(
    inputs: Inputs,
    candidates: list[Candidate],
    found: list[Anchor] | None = None,
    best_first: bool = True,
) -> Construction | None:
    """A schedule that meets every hard rule, or None if the greedy pass gets stuck.

    On a re-plan, every published screening that still fits is kept first (``found``). Without
    ``best_first``, minimums are placed film by film, hardest first, from the start; when best
    first leaves a minimum that no room can be made for, the pass starts again that way.

    One screening of a film per city and day first: where the policy allows more
    (``max_per_film_city_day`` > 1), the pass keeps to one until every minimum is placed and
    the schedule filled, then fills again up to the policy's limit (``_construct``); only if
    that gets stuck does it start again at the limit throughout.
    """
    columns = columns_of(candidates)  # read once (unless carried), for every pass
    candidates = list(candidates)  # a plain list: the quickest to index
    most = inputs.venues.policy.max_per_film_city_day
    with no_cyclic_gc():  # its lists of a number per candidate made each collection slow
        if most > 1:
            made = _construct(inputs, candidates, columns, found, best_first, 1)
            if made is not None:
                return made
        return _construct(inputs, candidates, columns, found, best_first, most)


def _construct(
    inputs: Inputs,
    candidates: list[Candidate],
    columns: Columns,
    found: list[Anchor] | None,
    best_first: bool,
    per_day: int,
) -> Construction | None:
    """``construct``, placing at most ``per_day`` screenings of a film per city and day after
    the pins and the published screenings, until a last fill up to the policy's limit.

    The greedy pass is myopic: allowed more than one a day, it gives a film's second screening
    the same prime evening as its first wherever that gains most now, and the halls and
    audience that takes are missed by the films placed later (Berlinale size, 4 a day:
    257,218 against 259,368 at 1 a day). At one a day first, the pass is the strict one's, and
    the last fill only adds what gains: a relaxed limit never starts the search lower.
    """
    state = _State(inputs, candidates, columns)
    matched: dict[int, int] = {}
    # a film's premiere placements (Rule.PREMIERE) are known before anything is placed; its
    # premiere is never removed (``_may_go``): its later screenings need it
    premieres = [
        i for i in premiere_placements(inputs, candidates) if candidates[i].film in state.premiering
    ]
    state.premieres = {candidates[i] for i in premieres}
    state.premiere_rows = set(premieres)
    if not _pins(state, candidates):
        return None
    order, by_film, by_guest = _pools(candidates, columns)
    if not _keep_published(state, candidates, found or [], matched):
        return None
    _move_published(state, candidates, found or [], matched)
    most, state.k = state.k, per_day
    protected = {a.keep for a in found or [] if a.frozen and a.keep is not None}
    for (guest, film_id), wanted in sorted(state.wanted.items()):
        while state.guest_film[(guest, film_id)] < wanted:
            if not _place(
                state, candidates, by_guest[(guest, film_id)], protected, matched, by_film
            ):
                return None
    if not _premieres(state, candidates, by_film, protected, matched):
        return None
    if not _commitments(state, candidates, order, by_film, protected, matched):
        return None
    if best_first:
        scarce = _scarce(state.inputs, by_film)
        if not _film_by_film(state, candidates, by_film, protected, matched, scarce):
            return _stuck(inputs, candidates, columns, found, best_first, per_day)
        _Minimums(state, candidates, by_film).place_best_first()
    if not _film_by_film(state, candidates, by_film, protected, matched):
        return _stuck(inputs, candidates, columns, found, best_first, per_day)
    _fill(state, candidates, order)
    if per_day < most:
        state.k = most
        _fill(state, candidates, order)
    return Construction(sorted(state.chosen), state.copy_at(), matched)


def _rows(state: _State) -> _Rows:
    assert state.rows is not None, "the greedy pass builds its state with its candidates"
    return state.rows


def _pins(state: _State, candidates: list[Candidate]) -> bool:
    """Place every pinned candidate (premieres first: a film's later pins need its premiere);
    False if two of them break a rule together."""
    pinned = sorted(
        np.flatnonzero(_rows(state).columns.pinned).tolist(),
        key=lambda i: i not in state.premiere_rows,
    )
    for i in pinned:
        c = candidates[i]
        if c.pinned:
            if not state.fits(c):
                return False
            state.add(i, c)
    return True


def _premieres(
    state: _State,
    candidates: list[Candidate],
    by_film: dict[str, list[int]],
    protected: set[int],
    matched: dict[int, int],
) -> bool:
    """Place the premiere of every film with one that must play (Rule.PREMIERE), best first,
    before its other screenings need it; False if one cannot be placed."""
    inputs = state.inputs
    for film in sorted(state.premiering):
        if film in state.first or not inputs.films[film].screenings.min:
            continue
        pool = [i for i in by_film[film] if i in state.premiere_rows]
        if not _place(state, candidates, pool, protected, matched, by_film):
            return False
    return True


def _commitments(
    state: _State,
    candidates: list[Candidate],
    order: list[int],
    by_film: dict[str, list[int]],
    protected: set[int],
    matched: dict[int, int],
) -> bool:
    """Fill the hall-days and venues the festival committed to (Rule.HALL_COMMITMENT,
    Rule.VENUE_COMMITMENT), best first; from then on, room is made only where they stay met
    (``_State.owed``, ``_commitments_kept``). False if a commitment cannot be met."""
    inputs = state.inputs
    if not any(info.hall.min_per_open_day for info in inputs.halls.values()) and not any(
        v.min_screenings for v in inputs.venues.venues
    ):
        return True
    by_hall_day: dict[tuple[HallKey, dt.date], list[int]] = defaultdict(list)
    by_venue: dict[str, list[int]] = defaultdict(list)
    for i in order:  # best first, as every pool
        c = candidates[i]
        by_hall_day[(c.hall, c.day)].append(i)
        by_venue[c.hall[0]].append(i)
    # (the placements that count, the counter they raise, its key, how many are owed)
    wanted: list[tuple[list[int], Counter[Any], Any, int]] = []
    for key, info in sorted(inputs.halls.items()):
        for day in inputs.committed_days(info):
            low = info.hall.min_per_open_day
            wanted.append((by_hall_day[(key, day)], state.hall_days, (key, day), low))
    for venue in inputs.venues.venues:
        if venue.min_screenings and not venue.withdrawn:
            wanted.append((by_venue[venue.id], state.venue_total, venue.id, venue.min_screenings))
    for pool, counter, key, low in wanted:
        while counter[key] < low:
            if not _place(state, candidates, pool, protected, matched, by_film):
                return False
        if counter is state.hall_days:
            state.owed[key] = low
        else:
            state.venue_owed[key] = low
    return True


def _keep_published(
    state: _State, candidates: list[Candidate], found: list[Anchor], matched: dict[int, int]
) -> bool:
    """Keep each published screening in place where it still fits (``matched``); False if a
    frozen or pinned one does not."""
    for n, anchor in enumerate(found):
        if anchor.keep is None:
            continue
        c = candidates[anchor.keep]
        if anchor.keep in state.chosen:
            matched[n] = anchor.keep
        elif state.fits_at(anchor.keep):
            state.add(anchor.keep, c)
            matched[n] = anchor.keep
        elif anchor.frozen or c.pinned:
            return False
    return True


def _move_published(
    state: _State, candidates: list[Candidate], found: list[Anchor], matched: dict[int, int]
) -> None:
    """Move each published screening not kept in place to the cheapest placement that still
    fits; a guest who still appears moves with it (else the film's count could leave no room
    for them)."""
    for n, anchor in enumerate(found):
        if n in matched:
            continue
        s = anchor.screening
        guest = s.guest if (s.guest, s.film) in state.wanted else None
        for i, _ in sorted(anchor.options, key=lambda option: (option[1], option[0])):
            if guest is not None and candidates[i].guest != guest:
                continue
            if i not in state.chosen and state.fits_at(i):
                state.add(i, candidates[i])
                matched[n] = i
                break


SCARCE = 0.25
"""A film with fewer placements per screening it needs than this share of the median film's
is scarce: best first would give its few places to others before it comes to them."""


def _scarce(inputs: Inputs, by_film: dict[str, list[int]]) -> set[str]:
    """The films whose minimums are placed before best first (see ``SCARCE``): e.g. award
    winners that may only play after the awards, on the festival's last two days (Sundance
    2024: 103 placements per screening against a median of 935; best first filled those days
    and the pass had to start again film by film, twice the time for a lower start)."""
    ratio = {
        f.id: len(by_film[f.id]) / f.screenings.min for f in inputs.active_films if f.screenings.min
    }
    if not ratio:
        return set()
    median = statistics.median(ratio.values())
    return {film for film, r in ratio.items() if r < SCARCE * median}


def _film_by_film(
    state: _State,
    candidates: list[Candidate],
    by_film: dict[str, list[int]],
    protected: set[int],
    matched: dict[int, int],
    only: set[str] | None = None,
) -> bool:
    """Place what the films' minimums still ask for (all of it, without best first; else what
    best first left: a film whose every placement is taken), film by film, hardest first,
    making room where needed (``only`` these films, when given); False if a minimum cannot be
    placed."""
    inputs = state.inputs
    films = sorted(
        (f for f in inputs.active_films if only is None or f.id in only),
        key=lambda f: (len(by_film[f.id]), f.id),
    )
    for film in films:
        for city in inputs.venues.cities:
            low, _ = inputs.city_limits(film, city.id)
            if state.city[(film.id, city.id)] >= low:
                continue
            pool = [i for i in by_film[film.id] if candidates[i].city == city.id]
            while state.city[(film.id, city.id)] < low:
                if not _place(state, candidates, pool, protected, matched, by_film):
                    return False
        while state.total[film.id] < film.screenings.min:
            if not _place(state, candidates, by_film[film.id], protected, matched, by_film):
                return False
    return True


def _fill(state: _State, candidates: list[Candidate], order: list[int]) -> None:
    """Add every remaining placement that fits and adds value, best first."""
    assert state.rows is not None
    total, cap, film = state.total_at, state.rows.cap, state.rows.film
    fits, gain = state.fits_at, state.gain_at
    for i in order:
        if total[film[i]] >= cap[film[i]]:
            continue  # most candidates, once their film is full: skip them cheaply
        if fits(i) and gain(i) > 0:
            state.add(i, candidates[i])


def _stuck(
    inputs: Inputs,
    candidates: list[Candidate],
    columns: Columns,
    found: list[Anchor] | None,
    best_first: bool,
    per_day: int,
) -> Construction | None:
    """A minimum the pass could not place: None, or after best first, the film-by-film pass
    (placing the hardest films first can succeed where best first took their places)."""
    return _construct(inputs, candidates, columns, found, False, per_day) if best_first else None


class _Minimums:
    """The screenings every film's minimums (overall and per city) ask for, placed best first
    across all films: the candidate that gains most of all films still short of a minimum, then
    the next. Placing film by film instead hands the first films the best halls and times
    whatever they are worth (measured: Sundance 2024, where every screening is a minimum,
    152,767 against 158,528 best first; Berlinale size 261,111 against 268,323).

    Each film short of a minimum keeps its best candidate, found by scanning its pool (best
    points first) only as far as a candidate could still win; a heap over the films gives the
    best of all. Screenings are only added here, so a candidate that does not fit, or that its
    film no longer needs, never will again and is not looked at twice. A film's best changes
    when it is placed, when its best stops fitting (found when it comes to the top), and when a
    hall-day it passed over for the hire cost is hired (``watch``).
    """

    def __init__(
        self, state: _State, candidates: list[Candidate], by_film: dict[str, list[int]]
    ) -> None:
        inputs = state.inputs
        self.state = state
        self.candidates = candidates
        self.by_film = by_film
        self.low: dict[str, dict[str, int]] = defaultdict(dict)
        self.min: dict[str, int] = {}
        for film in inputs.active_films:
            self.min[film.id] = film.screenings.min
            for city in inputs.venues.cities:
                low = inputs.city_limits(film, city.id)[0]
                if low:
                    self.low[film.id][city.id] = low
        self.head: dict[str, int] = defaultdict(int)
        """Per film: the position in its pool before which every candidate is done with."""
        self.dead = bytearray(len(candidates))
        self.watch: dict[int, set[str]] = defaultdict(set)
        """(hall, day) not yet hired (its number, ``_Rows.hall_day``) → films whose best may
        change once it is."""
        self.heap: list[tuple[int, int, str, int]] = []
        self.stamp: Counter[str] = Counter()
        """Per film: the number of its latest heap entry (older entries are stale)."""

    def _unmet(self, film: str) -> int:
        return sum(max(0, low - self.state.city[(film, c)]) for c, low in self.low[film].items())

    def _short(self, film: str) -> bool:
        return self._unmet(film) > 0 or self.state.total[film] < self.min[film]

    def _needed(self, c: Candidate) -> bool:
        """Whether placing ``c`` brings its film closer to a minimum without taking a place
        another city's minimum still needs."""
        cities = self._open(c.film)
        return cities is None or c.city in cities

    def _open(self, film: str) -> set[str] | None:
        """The cities where a screening of the film is needed now (None: any city)."""
        state = self.state
        short = {c for c, low in self.low[film].items() if state.city[(film, c)] < low}
        if self.min[film] - state.total[film] > self._unmet(film):
            return None
        return short

    def _refresh(self, film: str) -> None:
        """Find the film's best candidate now and push it on the heap."""
        state, candidates, dead = self.state, self.candidates, self.dead
        rows = state.rows
        assert rows is not None
        points, hire, hall_day, hall_days = (
            rows.points,
            rows.hire,
            rows.hall_day,
            state.hall_days_at,
        )
        gain, fits, most_extra = state.gain_at, state.fits_at, state.most_extra
        cities = self._open(film)
        pool = self.by_film[film]
        k = self.head[film]
        while k < len(pool) and dead[pool[k]]:
            k += 1
        self.head[film] = k
        best, best_gain = -1, 0
        passed: list[int] = []
        for i in itertools.islice(pool, k, None):
            if dead[i]:
                continue
            if best >= 0 and points[i] + most_extra < best_gain:
                break
            if cities is not None and candidates[i].city not in cities:
                dead[i] = 1  # never again: the film needs this city no more
                continue
            g = gain(i)
            if best >= 0 and g <= best_gain:
                passed.append(i)
            elif fits(i):
                if best >= 0:
                    passed.append(best)
                best, best_gain = i, g
            else:
                dead[i] = 1
        if best < 0:
            return
        for i in [*passed, best]:
            if hire[i] and not hall_days[hall_day[i]]:
                self.watch[hall_day[i]].add(film)
        self.stamp[film] += 1
        heapq.heappush(self.heap, (-best_gain, best, film, self.stamp[film]))

    def place_best_first(self) -> None:
        state, candidates = self.state, self.candidates
        for film in self.min:
            if self._short(film):
                self._refresh(film)
        heap = self.heap
        while heap:
            negative, i, film, stamp = heapq.heappop(heap)
            if stamp != self.stamp[film]:
                continue
            c = candidates[i]
            if not (self._needed(c) and state.gain_at(i) == -negative and state.fits_at(i)):
                self._refresh(film)
                continue
            fresh = not state.hall_days.get((c.hall, c.day))
            state.add(i, c)
            self.dead[i] = 1
            if self._short(film):
                self._refresh(film)
            if fresh:
                assert state.rows is not None
                for other in self.watch.pop(state.rows.hall_day[i], set()):
                    if self._short(other):
                        self._refresh(other)
