"""The CP-SAT model: one boolean per candidate placement, one function per rule, one objective.

Time-indexed: a candidate is a (film, hall, start) that already meets every single-screening rule
(see ``festival.candidates``). The rules that tie screenings together are added here, each by the
function named after it in ``festival.rules``. The LP relaxation of this formulation is tight, so
CP-SAT's own bound is meaningful; the reported bound is still the smaller of it and a plain-Python one.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from festival.candidates import Candidate
from festival.inputs import HallKey, Inputs
from festival.rules import Rule
from festival.scoring import hire_points, spread_points


@dataclass
class Variables:
    """The model and its decision variables; never leaves ``festival.solver``."""

    model: cp_model.CpModel
    x: list[cp_model.IntVar]
    film_day: dict[tuple[str, dt.date], cp_model.IntVar] = field(default_factory=dict)
    hall_day: dict[tuple[HallKey, dt.date], cp_model.IntVar] = field(default_factory=dict)
    constraints: Counter[Rule] = field(default_factory=Counter)


def hall_overlap(v: Variables, candidates: list[Candidate]) -> None:
    """Rule.HALL_OVERLAP: in each hall, at most one screening covers any moment (intro to turnover).

    One at-most-one per maximal set of candidates covering a common start point.
    """
    by_hall: dict[HallKey, list[int]] = defaultdict(list)
    for i, c in enumerate(candidates):
        by_hall[c.hall].append(i)
    for indices in by_hall.values():
        indices.sort(key=lambda i: candidates[i].start)
        points = sorted({candidates[i].start for i in indices})
        active: list[int] = []
        j = 0
        for n, point in enumerate(points):
            active = [i for i in active if candidates[i].release > point]
            while j < len(indices) and candidates[indices[j]].start == point:
                active.append(indices[j])
                j += 1
            following = points[n + 1] if n + 1 < len(points) else None
            maximal = following is None or any(candidates[i].release <= following for i in active)
            if maximal and len(active) > 1:
                v.model.add_at_most_one(v.x[i] for i in active)
                v.constraints[Rule.HALL_OVERLAP] += 1


def pin(v: Variables, candidates: list[Candidate]) -> None:
    """Rule.PIN: every pinned placement is chosen."""
    for i, c in enumerate(candidates):
        if c.pinned:
            v.model.add(v.x[i] == 1)
            v.constraints[Rule.PIN] += 1


def film_count(v: Variables, inputs: Inputs, candidates: list[Candidate]) -> None:
    """Rule.FILM_COUNT: each film's total within [min, max]."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(candidates):
        groups[c.film].append(i)
    for film in inputs.programme.films:
        total = sum(v.x[i] for i in groups[film.id])
        v.model.add_linear_constraint(total, film.screenings.min, film.screenings.max)
        v.constraints[Rule.FILM_COUNT] += 1


def city_count(v: Variables, inputs: Inputs, candidates: list[Candidate]) -> None:
    """Rule.CITY_COUNT: each film's screenings per city within its per-city limits."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, c in enumerate(candidates):
        groups[(c.film, c.city)].append(i)
    for film in inputs.programme.films:
        for city in inputs.venues.cities:
            low, high = inputs.city_limits(film, city.id)
            if low == 0 and high is None:
                continue
            total = sum(v.x[i] for i in groups[(film.id, city.id)])
            v.model.add_linear_constraint(total, low, high if high is not None else 10**6)
            v.constraints[Rule.CITY_COUNT] += 1


def film_city_day(v: Variables, inputs: Inputs, candidates: list[Candidate]) -> None:
    """Rule.FILM_CITY_DAY: at most k screenings of a film per city per festival day."""
    k = inputs.venues.policy.max_per_film_city_day
    groups: dict[tuple[str, str, dt.date], list[int]] = defaultdict(list)
    for i, c in enumerate(candidates):
        groups[(c.film, c.city, c.day)].append(i)
    for group in groups.values():
        if len(group) > k:
            if k == 1:
                v.model.add_at_most_one(v.x[i] for i in group)
            else:
                v.model.add(sum(v.x[i] for i in group) <= k)
            v.constraints[Rule.FILM_CITY_DAY] += 1


Term = tuple[cp_model.IntVar, int]
"""A variable and its objective coefficient, in points."""


def spread(v: Variables, inputs: Inputs, candidates: list[Candidate]) -> list[Term]:
    """Rule.SPREAD (soft): points for each (film, day) with a screening; returns the terms."""
    points = spread_points(inputs)
    if points == 0:
        return []
    groups: dict[tuple[str, dt.date], list[int]] = defaultdict(list)
    for i, c in enumerate(candidates):
        groups[(c.film, c.day)].append(i)
    for key, group in sorted(groups.items()):
        d = v.model.new_bool_var(f"spread_{key[0]}_{key[1]}")
        v.model.add(sum(v.x[i] for i in group) >= d)
        v.film_day[key] = d
    return [(d, points) for d in v.film_day.values()]


def hire_cost(v: Variables, inputs: Inputs, candidates: list[Candidate]) -> list[Term]:
    """Rule.HIRE_COST (soft): points lost per hall-day used; returns the (negative) terms."""
    cost = {key: hire_points(inputs, info) for key, info in inputs.halls.items()}
    terms: list[Term] = []
    for i, c in enumerate(candidates):
        if cost[c.hall] <= 0:
            continue
        key = (c.hall, c.day)
        if key not in v.hall_day:
            v.hall_day[key] = v.model.new_bool_var(f"hire_{c.hall[0]}_{c.hall[1]}_{c.day}")
            terms.append((v.hall_day[key], -cost[c.hall]))
        v.model.add_implication(v.x[i], v.hall_day[key])
    return terms


def build(inputs: Inputs, candidates: list[Candidate]) -> Variables:
    """The complete model: hard rules as constraints, soft goals summed into one objective."""
    model = cp_model.CpModel()
    x = [model.new_bool_var(f"x{i}") for i in range(len(candidates))]
    v = Variables(model, x)
    hall_overlap(v, candidates)
    pin(v, candidates)
    film_count(v, inputs, candidates)
    city_count(v, inputs, candidates)
    film_city_day(v, inputs, candidates)
    terms: list[Term] = [(x[i], c.points) for i, c in enumerate(candidates) if c.points]
    terms += spread(v, inputs, candidates) + hire_cost(v, inputs, candidates)
    model.maximize(cp_model.LinearExpr.weighted_sum([t[0] for t in terms], [t[1] for t in terms]))
    return v


def hint(v: Variables, candidates: list[Candidate], chosen: list[int]) -> None:
    """Give a complete schedule as the search's hint: every variable gets a value."""
    picked = set(chosen)
    film_days = {(candidates[i].film, candidates[i].day) for i in picked}
    hall_days = {(candidates[i].hall, candidates[i].day) for i in picked}
    for i, var in enumerate(v.x):
        v.model.add_hint(var, i in picked)
    for film_day, var in v.film_day.items():
        v.model.add_hint(var, film_day in film_days)
    for hall_day, var in v.hall_day.items():
        v.model.add_hint(var, hall_day in hall_days)
