"""A constructive schedule: fast, greedy, and satisfying every hard rule — the solver's first hint.

Pins first; then each film's per-city and total minimums, hardest films first; then every remaining
placement that adds value, best first. No solver is involved, so it also serves as the baseline the
optimiser is measured against.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter, defaultdict

from festival.candidates import Candidate
from festival.inputs import HallKey, Inputs
from festival.scoring import hire_points, spread_points


class _State:
    """The schedule being built and the counters that keep it within the hard rules."""

    def __init__(self, inputs: Inputs) -> None:
        self.inputs = inputs
        self.k = inputs.venues.policy.max_per_film_city_day
        self.chosen: list[int] = []
        self.busy: dict[HallKey, list[tuple[int, int]]] = defaultdict(list)
        self.total: Counter[str] = Counter()
        self.city: Counter[tuple[str, str]] = Counter()
        self.city_day: Counter[tuple[str, str, dt.date]] = Counter()
        self.film_days: set[tuple[str, dt.date]] = set()
        self.hall_days: set[tuple[HallKey, dt.date]] = set()
        self.spread = spread_points(inputs)
        self.hire = {key: hire_points(inputs, info) for key, info in inputs.halls.items()}

    def fits(self, c: Candidate) -> bool:
        film = self.inputs.films[c.film]
        if self.total[c.film] >= film.screenings.max:
            return False
        _, high = self.inputs.city_limits(film, c.city)
        if high is not None and self.city[(c.film, c.city)] >= high:
            return False
        if self.city_day[(c.film, c.city, c.day)] >= self.k:
            return False
        spans = self.busy[c.hall]
        i = bisect.bisect_left(spans, (c.start, c.release))
        if i > 0 and spans[i - 1][1] > c.start:
            return False
        return not (i < len(spans) and spans[i][0] < c.release)

    def gain(self, c: Candidate) -> int:
        value = c.points
        if (c.film, c.day) not in self.film_days:
            value += self.spread
        if (c.hall, c.day) not in self.hall_days:
            value -= self.hire[c.hall]
        return value

    def add(self, index: int, c: Candidate) -> None:
        self.chosen.append(index)
        bisect.insort(self.busy[c.hall], (c.start, c.release))
        self.total[c.film] += 1
        self.city[(c.film, c.city)] += 1
        self.city_day[(c.film, c.city, c.day)] += 1
        self.film_days.add((c.film, c.day))
        self.hall_days.add((c.hall, c.day))


def _best(state: _State, candidates: list[Candidate], pool: list[int]) -> int | None:
    """The index in ``pool`` that fits and gains most (earliest on ties), or None."""
    best: int | None = None
    best_gain = 0
    for i in pool:
        c = candidates[i]
        if not state.fits(c):
            continue
        g = state.gain(c)
        if best is None or g > best_gain:
            best, best_gain = i, g
    return best


def construct(inputs: Inputs, candidates: list[Candidate]) -> list[int] | None:
    """Indices of candidates forming a schedule that meets every hard rule, or None if greedy fails."""
    state = _State(inputs)
    by_film: dict[str, list[int]] = defaultdict(list)
    by_film_city: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, c in enumerate(candidates):
        if c.pinned:
            if not state.fits(c):
                return None
            state.add(i, c)
        else:
            by_film[c.film].append(i)
            by_film_city[(c.film, c.city)].append(i)
    films = sorted(inputs.programme.films, key=lambda f: (len(by_film[f.id]), f.id))
    for film in films:
        for city in inputs.venues.cities:
            low, _ = inputs.city_limits(film, city.id)
            while state.city[(film.id, city.id)] < low:
                pick = _best(state, candidates, by_film_city[(film.id, city.id)])
                if pick is None:
                    return None
                state.add(pick, candidates[pick])
        while state.total[film.id] < film.screenings.min:
            pick = _best(state, candidates, by_film[film.id])
            if pick is None:
                return None
            state.add(pick, candidates[pick])
    order = sorted(
        (i for i, c in enumerate(candidates) if not c.pinned),
        key=lambda i: (-candidates[i].points, i),
    )
    for i in order:
        c = candidates[i]
        if state.fits(c) and state.gain(c) > 0:
            state.add(i, c)
    return sorted(state.chosen)
