"""A constructive schedule: fast, greedy, and satisfying every hard rule — the solver's first hint.

Pins first; on a re-plan, the published screenings that still fit; then every guest appearance;
then each film's per-city and total minimums, hardest films first (for these two, removing
cheaper screenings of other films when no hall has room, see ``_place``); then every remaining
placement that adds value, best first. Film copies are assigned as screenings are placed (a copy
already in the city, else a free copy that can travel there in time). No solver is involved, so
it also serves as the baseline the optimiser is measured against.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter

import numpy as np

from festival.candidates import Candidate, overlaps
from festival.dominance import dense_codes
from festival.inputs import HallKey, Inputs
from festival.replan import Anchor
from festival.scoring import hire_points, spread_points

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


class _State:
    """The schedule being built and the counters that keep it within the hard rules."""

    def __init__(self, inputs: Inputs) -> None:
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
                _far_enough(day, city, c.day, c.city, self.inputs.copy_days_apart)
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
        return self.guest_fits(c) and self.copy_for(c) is not None

    def gain(self, c: Candidate) -> int:
        value = c.points
        if not self.film_days.get((c.film, c.day)):
            value += self.spread
        if not self.hall_days.get((c.hall, c.day)):
            value -= self.hire[c.hall]
        return value

    def add(self, index: int, c: Candidate) -> None:
        copy = self.copy_for(c)
        assert copy is not None
        if copy:
            self.copies[(c.film, copy)][c.day] = c.city
        self.chosen.append(index)
        bisect.insort(self.busy[c.hall], (c.start, c.release, index))
        self.total[c.film] += 1
        self.city[(c.film, c.city)] += 1
        self.city_day[(c.film, c.city, c.day)] += 1
        self.film_days[(c.film, c.day)] += 1
        self.hall_days[(c.hall, c.day)] += 1
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
        self.busy[c.hall].remove((c.start, c.release, index))
        self.total[c.film] -= 1
        self.city[(c.film, c.city)] -= 1
        self.city_day[(c.film, c.city, c.day)] -= 1
        self.film_days[(c.film, c.day)] -= 1
        self.hall_days[(c.hall, c.day)] -= 1
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
    refused = state.refused
    for i in pool:
        if i in refused:
            continue
        c = candidates[i]
        if best is not None and c.points + state.most_extra < best_gain:
            break
        g = state.gain(c)
        # the cheap gain first: the rule checks only for a candidate that would win
        if best is not None and (g < best_gain or (g == best_gain and i > best)):
            continue
        if state.fits(c):
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
) -> bool:
    """Place the best candidate of ``pool`` that fits; failing that, make room for one.

    For a guest's appearance or a film's minimum. Making room (needed when re-planning a full
    festival: a withdrawn hall's screenings must go somewhere, and every other hall is taken by
    kept screenings) removes the screenings that block a candidate in its hall, if each of them
    may go: not pinned, not frozen, without a guest, of another film, and leaving its film's
    minimums met. The candidate losing the fewest points is tried first. Removed published
    screenings lose their match (cancelled).
    """
    pick = _best(state, candidates, pool)
    if pick is not None:
        state.add(pick, candidates[pick])
        return True
    options = []
    for i in pool[:ROOM_SCAN]:
        c = candidates[i]
        blocking = state.blockers(c)
        if blocking and all(_may_go(candidates, j, c.film, protected) for j in blocking):
            lost = sum(candidates[j].points for j in blocking)
            options.append((lost - c.points, i, blocking))
    for _, i, blocking in sorted(options):
        if not _minimums_kept(state, [candidates[j] for j in blocking]):
            continue
        for j in blocking:
            state.remove(j, candidates[j])
        if state.fits(candidates[i]):
            state.add(i, candidates[i])
            for n in [n for n, j in matched.items() if j in blocking]:
                del matched[n]
            return True
        for j in blocking:
            state.add(j, candidates[j])
    return False


ROOM_SCAN = 5_000
"""How many of a film's best candidates ``_place`` considers when it must make room."""


def _may_go(candidates: list[Candidate], j: int, film: str, protected: set[int]) -> bool:
    """Whether ``_place`` may remove chosen screening ``j`` to make room for ``film``."""
    c = candidates[j]
    return not c.pinned and j not in protected and c.guest is None and c.film != film


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


def _pools(
    candidates: list[Candidate],
) -> tuple[list[int], dict[str, list[int]], dict[tuple[str, str], list[int]]]:
    """The candidates that are not pinned, best first (lowest index on ties): those without a
    guest in one list and by film, and guest appearances by (guest, film). Every pool keeps
    that order, which ``_best`` relies on. Sorted and grouped with numpy: this is on the way to
    the first schedule, and a large festival has hundreds of thousands of candidates."""
    n = len(candidates)
    points = np.fromiter(map(attrgetter("points"), candidates), np.int64, n)
    # 0: neither pinned nor with a guest; 1: a guest appearance; 2: pinned
    kind = np.fromiter((2 if c.pinned else c.guest is not None for c in candidates), np.int8, n)
    ranked = np.argsort(-points, kind="stable")
    order = ranked[kind[ranked] == 0]
    films = list(map(attrgetter("film"), candidates))
    film_code = dense_codes(films)
    grouped = order[np.argsort(film_code[order], kind="stable")]
    edges = np.flatnonzero(np.diff(film_code[grouped])) + 1
    by_film: dict[str, list[int]] = defaultdict(list)
    for part in np.split(grouped, edges):
        if len(part):
            by_film[films[int(part[0])]] = part.tolist()
    by_guest: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i in ranked[kind[ranked] == 1].tolist():
        c = candidates[i]
        by_guest[(c.guest, c.film)].append(i)
    return order.tolist(), by_film, by_guest


def construct(
    inputs: Inputs, candidates: list[Candidate], found: list[Anchor] | None = None
) -> Construction | None:
    """A schedule that meets every hard rule, or None if the greedy pass gets stuck.

    On a re-plan, every published screening that still fits is kept first (``found``).
    """
    state = _State(inputs)
    matched: dict[int, int] = {}
    for i, c in enumerate(candidates):
        if c.pinned:
            if not state.fits(c):
                return None
            state.add(i, c)
    order, by_film, by_guest = _pools(candidates)
    for n, anchor in enumerate(found or []):
        if anchor.keep is None:
            continue
        c = candidates[anchor.keep]
        if anchor.keep in state.chosen:
            matched[n] = anchor.keep
        elif state.fits(c):
            state.add(anchor.keep, c)
            matched[n] = anchor.keep
        elif anchor.frozen or c.pinned:
            return None
    for n, anchor in enumerate(found or []):
        if n in matched:
            continue
        # not kept in place: move it to the cheapest placement that still fits; a guest who
        # still appears moves with it (else the film's count could leave no room for them)
        s = anchor.screening
        guest = s.guest if (s.guest, s.film) in state.wanted else None
        for i, _ in sorted(anchor.options, key=lambda option: (option[1], option[0])):
            if guest is not None and candidates[i].guest != guest:
                continue
            if i not in state.chosen and state.fits(candidates[i]):
                state.add(i, candidates[i])
                matched[n] = i
                break
    protected = {a.keep for a in found or [] if a.frozen and a.keep is not None}
    for (guest, film_id), wanted in sorted(state.wanted.items()):
        while state.guest_film[(guest, film_id)] < wanted:
            if not _place(state, candidates, by_guest[(guest, film_id)], protected, matched):
                return None
    films = sorted(inputs.active_films, key=lambda f: (len(by_film[f.id]), f.id))
    for film in films:
        for city in inputs.venues.cities:
            low, _ = inputs.city_limits(film, city.id)
            if state.city[(film.id, city.id)] >= low:
                continue
            pool = [i for i in by_film[film.id] if candidates[i].city == city.id]
            while state.city[(film.id, city.id)] < low:
                if not _place(state, candidates, pool, protected, matched):
                    return None
        while state.total[film.id] < film.screenings.min:
            if not _place(state, candidates, by_film[film.id], protected, matched):
                return None
    total, cap = state.total, state.cap
    for i in order:
        c = candidates[i]
        if total.get(c.film, 0) >= cap[c.film]:
            continue  # most candidates, once their film is full: skip them cheaply
        if state.fits(c) and state.gain(c) > 0:
            state.add(i, c)
    return Construction(sorted(state.chosen), state.copy_at(), matched)
