"""The CP-SAT model: one boolean per candidate placement, one function per rule, one objective.

Time-indexed: a candidate is a (film, hall, start) that already meets every single-screening rule
(see ``festival.candidates``). The rules that tie screenings together are added here, each by the
function named after it in ``festival.rules``. The LP relaxation of this formulation is tight, so
CP-SAT's own bound is meaningful; the reported bound is still the smaller of it and a plain-Python one.
"""

from __future__ import annotations

import bisect
import datetime as dt
import threading
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from ortools.sat.python import cp_model, cp_model_helper

from festival.candidates import Candidate, audience_draws, most_drawn, premiere_placements
from festival.inputs import UNCERTIFIED_LIMIT, HallKey, Inputs
from festival.replan import Anchor, add_penalty, cancel_penalty
from festival.rules import Rule
from festival.scoring import AudienceWindow, SharedAudience, hire_points, spread_points
from festival.solver.cliques import overlap_cliques
from festival.solver.construct import Construction

RequirementKind = Literal["pin", "film_min", "city_min", "guest"]


@dataclass(frozen=True)
class Requirement:
    """An organiser's requirement that explaining infeasibility may relax (pins, minimums, guests).

    ``subject`` names it: the pinned candidate's index; the film; (film, city); (guest, film).
    ``asked`` is the number required and ``indices`` the candidates that count towards it.
    """

    kind: RequirementKind
    subject: tuple[str, ...]
    asked: int
    indices: tuple[int, ...]


class Literals:
    """The candidates' booleans: candidate i is the model's variable i.

    They are made in one go, by merging copies of ready-made blocks of booleans into the model
    (``new_bool_var`` one at a time took a third of a large window's build: 0.2 s for 31,565 at
    Sundance 2024 size), and the rules write them into the model's proto by index. An ``IntVar``
    is made only when asked for.
    """

    _blocks: ClassVar[list[cp_model_helper.CpModelProto]] = []
    """``_blocks[k]`` holds 2**k booleans (made once, on first need, under ``_lock``)."""
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, model: cp_model.CpModel, count: int) -> None:
        assert not model.proto.variables, "candidate i must be variable i"
        self._model = model
        self._count = count
        k = 0
        while count >> k:
            if (count >> k) & 1:
                model.proto.merge_from(self._block(k))
            k += 1

    @classmethod
    def _block(cls, k: int) -> cp_model_helper.CpModelProto:
        with cls._lock:
            if not cls._blocks:
                one = cp_model.CpModel()
                one.new_bool_var("")
                cls._blocks.append(one.proto)
            while len(cls._blocks) <= k:
                double = cp_model.CpModel()
                double.proto.merge_from(cls._blocks[-1])
                double.proto.merge_from(cls._blocks[-1])
                cls._blocks.append(double.proto)
            return cls._blocks[k]

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, i: int) -> cp_model.IntVar:
        if not 0 <= i < self._count:
            raise IndexError(i)
        return self._model.get_bool_var_from_proto_index(i)


def linear(
    v: Variables, indices: list[int], low: int, high: int
) -> cp_model_helper.ConstraintProto:
    """low ≤ (how many of these candidates are chosen) ≤ high, written straight into the proto."""
    constraint: cp_model_helper.ConstraintProto = v.model.proto.constraints.add()
    constraint.linear.vars.extend(indices)
    constraint.linear.coeffs.extend([1] * len(indices))
    constraint.linear.domain.extend([low, high])
    return constraint


def _at_least(low: int, indices: list[int]) -> int:
    """The upper end of "at least ``low`` of these": all of them (``low`` when there are fewer,
    which leaves the constraint infeasible, as it should be, but its domain valid)."""
    return max(low, len(indices))


def _implies(v: Variables, literal: int, then: int) -> None:
    """Variable ``literal`` implies variable ``then`` (``add_implication``, by index)."""
    constraint = v.model.proto.constraints.add()
    constraint.enforcement_literal.append(literal)
    constraint.bool_and.literals.append(then)


@dataclass
class Variables:
    """The model and its decision variables; never leaves ``festival.solver``."""

    model: cp_model.CpModel
    x: Literals
    relaxable: bool = False
    """When True, organiser requirements are enforced by literals in ``requirements``."""
    requirements: list[tuple[cp_model.IntVar, Requirement]] = field(default_factory=list)
    film_day: dict[tuple[str, dt.date], cp_model.IntVar] = field(default_factory=dict)
    hall_day: dict[tuple[HallKey, dt.date], cp_model.IntVar] = field(default_factory=dict)
    copy_at: dict[tuple[str, int, str, dt.date], cp_model.IntVar] = field(default_factory=dict)
    """(film, copy number, city, day) → the copy is in that city that day."""
    shown: dict[tuple[str, str, dt.date], cp_model.IntVar] = field(default_factory=dict)
    """(film, city, day) → the film plays in that city that day (films with limited copies)."""
    guest_at: dict[tuple[str, str, dt.date], cp_model.IntVar] = field(default_factory=dict)
    """(guest, city, day) → the guest appears in that city that day."""
    audience: dict[AudienceWindow, cp_model.IntVar] = field(default_factory=dict)
    """(city, day, window) or (city, day, WHOLE_DAY) → the points lost there, at least
    (Rule.SHARED_AUDIENCE)."""
    shared: SharedAudience | None = None
    premiered: list[tuple[cp_model.IntVar, str, int]] = field(default_factory=list)
    """(flag, film, minute): a screening of the film that may be its premiere starts by then
    (Rule.PREMIERE)."""
    premieres: set[int] = field(default_factory=set)
    """The candidates that may be their film's premiere (of films with one)."""
    match: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)
    """(anchor position, candidate index) → the published screening is kept or moved there."""
    constraints: Counter[Rule] = field(default_factory=Counter)
    hall_cliques: dict[HallKey, list[list[int]]] = field(default_factory=dict)
    """Each hall's maximal overlapping sets of candidates, sets of one included (``hall_overlap``
    makes them; ``hire_cost`` reuses them)."""


def hall_overlap(v: Variables, candidates: list[Candidate]) -> None:
    """Rule.HALL_OVERLAP: in each hall, at most one screening covers any moment (intro to turnover).

    One at-most-one per maximal set of candidates covering a common start point.
    """
    by_hall: dict[HallKey, list[int]] = defaultdict(list)
    for i, c in enumerate(candidates):
        by_hall[c.hall].append(i)
    for hall, indices in by_hall.items():
        v.hall_cliques[hall] = overlap_cliques(indices, candidates, "release")
        for clique in v.hall_cliques[hall]:
            if len(clique) < 2:
                continue
            _at_most_one(v, clique)
            v.constraints[Rule.HALL_OVERLAP] += 1


def _at_most_one(v: Variables, indices: list[int]) -> None:
    """At most one of these candidates is chosen.

    Written straight into the model's proto (candidate i is variable i, see ``build``): three
    times faster than ``add_at_most_one`` over the variables, and the hall cliques of a large
    festival hold millions of literals.
    """
    v.model.proto.constraints.add().at_most_one.literals.extend(indices)


def _require(
    v: Variables, constraint: cp_model_helper.ConstraintProto, requirement: Requirement
) -> None:
    """Register an organiser requirement: hard, or enforced by a literal when relaxing."""
    if v.relaxable:
        literal = v.model.new_bool_var(f"requirement_{len(v.requirements)}")
        constraint.enforcement_literal.append(literal.index)
        v.requirements.append((literal, requirement))


def venue_stagger(v: Variables, inputs: Inputs, candidates: list[Candidate]) -> None:
    """Rule.VENUE_STAGGER: in a venue with a stagger of s minutes, at most one screening starts
    in any s minutes (one row per distinct start t, over the starts in [t, t + s))."""
    by_venue: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(candidates):
        by_venue[c.hall[0]].append(i)
    for _, group in sorted(by_venue.items()):
        gap = inputs.stagger(inputs.halls[candidates[group[0]].hall].venue)
        if not gap:
            continue
        ordered = sorted(group, key=lambda i: candidates[i].start)
        starts = [candidates[i].start for i in ordered]
        last_end = -1
        for n, t in enumerate(starts):
            if n and t == starts[n - 1]:
                continue
            end = bisect.bisect_left(starts, t + gap)
            members = ordered[n:end]
            if end <= last_end or _one_hall_apart(candidates, members, gap):
                continue  # inside the previous row, or hall_overlap keeps it
            linear(v, members, 0, 1)
            last_end = end
            v.constraints[Rule.VENUE_STAGGER] += 1


def _one_hall_apart(candidates: list[Candidate], members: list[int], gap: int) -> bool:
    """Whether the candidates are all in one hall and each keeps it ``gap`` minutes or more
    (Rule.HALL_OVERLAP then allows one of them at most)."""
    return len({candidates[i].hall for i in members}) < 2 and all(
        candidates[i].release - candidates[i].start >= gap for i in members
    )


def premiere(v: Variables, inputs: Inputs, candidates: list[Candidate]) -> None:
    """Rule.PREMIERE: a film with a premiere plays first where its premiere allows. Per distinct
    start t of the film's premiere placements, a flag "premiered by t" that only a chosen
    premiere placement at or before t can raise; every other placement of the film needs the
    flag of the latest premiere start strictly before its own (none: it is never chosen), so
    nothing shares the premiere's first moment elsewhere."""
    by_film: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(candidates):
        if inputs.films[c.film].premiere is not None:
            by_film[c.film].append(i)
    everywhere = set(premiere_placements(inputs, candidates))
    for film, group in sorted(by_film.items()):
        allowed = [i for i in group if i in everywhere]
        chosen = set(allowed)
        v.premieres |= chosen
        others = [i for i in group if i not in chosen]
        if not others:
            continue
        starts = sorted({candidates[i].start for i in allowed})
        flags = [v.model.new_bool_var(f"premiered_{film}_{t}") for t in starts]
        v.premiered += [(flag, film, t) for flag, t in zip(flags, starts, strict=True)]
        _premiere_rows(v, candidates, allowed, starts, flags)
        for j in others:
            k = bisect.bisect_left(starts, candidates[j].start) - 1
            if k < 0:
                linear(v, [j], 0, 0)
            else:
                _implies(v, j, flags[k].index)
        v.constraints[Rule.PREMIERE] += 1


def _premiere_rows(
    v: Variables,
    candidates: list[Candidate],
    allowed: list[int],
    starts: list[int],
    flags: list[cp_model.IntVar],
) -> None:
    """flag(t_k) ≤ flag(t_{k-1}) + Σ premiere placements starting at t_k."""
    at: dict[int, list[int]] = defaultdict(list)
    for i in allowed:
        at[candidates[i].start].append(i)
    for k, t in enumerate(starts):
        row = v.model.proto.constraints.add().linear
        before = [flags[k - 1].index] if k else []
        row.vars.extend([flags[k].index, *before, *at[t]])
        row.coeffs.extend([1] + [-1] * len(before) + [-1] * len(at[t]))
        row.domain.extend([-(2**40), 0])


def commitments(v: Variables, inputs: Inputs, candidates: list[Candidate]) -> None:
    """Rule.HALL_COMMITMENT: on each day a committed hall is open, at least its
    min_per_open_day screenings; Rule.VENUE_COMMITMENT: a venue's min_screenings in all."""
    by_hall_day: dict[tuple[HallKey, dt.date], list[int]] = defaultdict(list)
    by_venue: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(candidates):
        by_hall_day[(c.hall, c.day)].append(i)
        by_venue[c.hall[0]].append(i)
    for key, info in sorted(inputs.halls.items()):
        for day in inputs.committed_days(info):
            group = by_hall_day.get((key, day), [])
            low = info.hall.min_per_open_day
            linear(v, group, low, _at_least(low, group))
            v.constraints[Rule.HALL_COMMITMENT] += 1
    for venue in inputs.venues.venues:
        if venue.min_screenings and not venue.withdrawn:
            group = by_venue.get(venue.id, [])
            linear(v, group, venue.min_screenings, _at_least(venue.min_screenings, group))
            v.constraints[Rule.VENUE_COMMITMENT] += 1


def pin(v: Variables, candidates: list[Candidate]) -> None:
    """Rule.PIN: every pinned placement is chosen."""
    for i, c in enumerate(candidates):
        if c.pinned:
            constraint = linear(v, [i], 1, 1)
            _require(v, constraint, Requirement("pin", (str(i),), 1, (i,)))
            v.constraints[Rule.PIN] += 1


def film_count(v: Variables, inputs: Inputs, candidates: list[Candidate]) -> None:
    """Rule.FILM_COUNT: each film's total within [min, max]."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(candidates):
        groups[c.film].append(i)
    for film in inputs.active_films:
        indices = groups[film.id]
        linear(v, indices, 0, film.screenings.max)
        if film.screenings.min:
            constraint = linear(
                v, indices, film.screenings.min, _at_least(film.screenings.min, indices)
            )
            _require(
                v,
                constraint,
                Requirement("film_min", (film.id,), film.screenings.min, tuple(indices)),
            )
        v.constraints[Rule.FILM_COUNT] += 1


def city_count(v: Variables, inputs: Inputs, candidates: list[Candidate]) -> None:
    """Rule.CITY_COUNT: each film's screenings per city within its per-city limits."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, c in enumerate(candidates):
        groups[(c.film, c.city)].append(i)
    for film in inputs.active_films:
        for city in inputs.venues.cities:
            low, high = inputs.city_limits(film, city.id)
            if low == 0 and high is None:
                continue
            indices = groups[(film.id, city.id)]
            if high is not None:
                linear(v, indices, 0, high)
            if low:
                constraint = linear(v, indices, low, _at_least(low, indices))
                _require(
                    v, constraint, Requirement("city_min", (film.id, city.id), low, tuple(indices))
                )
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
                _at_most_one(v, group)
            else:
                linear(v, group, 0, k)
            v.constraints[Rule.FILM_CITY_DAY] += 1


Term = tuple[int, int]
"""A variable's index and its objective coefficient, in points."""


def ru_uncertified_limit(v: Variables, inputs: Inputs, candidates: list[Candidate]) -> None:
    """Rule.RU_UNCERTIFIED_LIMIT (126-FZ Art. 5.1): an uncertified film plays at most 5 times."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(candidates):
        groups[c.film].append(i)
    for film in inputs.active_films:
        if inputs.uncertified(film):
            linear(v, groups[film.id], 0, UNCERTIFIED_LIMIT)
            v.constraints[Rule.RU_UNCERTIFIED_LIMIT] += 1


def guest_count(v: Variables, inputs: Inputs, candidates: list[Candidate]) -> None:
    """Rule.GUEST_COUNT: each guest appears at exactly the asked number of a film's screenings."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, c in enumerate(candidates):
        if c.guest is not None:
            groups[(c.guest, c.film)].append(i)
    for guest, a in inputs.appearances():
        indices = groups[(guest.id, a.film)]
        linear(v, indices, 0, a.count)
        constraint = linear(v, indices, a.count, _at_least(a.count, indices))
        _require(v, constraint, Requirement("guest", (guest.id, a.film), a.count, tuple(indices)))
        v.constraints[Rule.GUEST_COUNT] += 1


def _apart(
    v: Variables,
    at: dict[tuple[str, str, dt.date], cp_model.IntVar],
    days_apart: Callable[[str, str], int],
    rule: Rule,
) -> None:
    """Forbid being in two different cities on days closer than the travel between them."""
    by_owner: dict[str, list[tuple[str, dt.date, cp_model.IntVar]]] = defaultdict(list)
    for (owner, city, day), var in sorted(at.items(), key=lambda kv: kv[0]):
        by_owner[owner].append((city, day, var))
    for entries in by_owner.values():
        for n, (city_a, day_a, var_a) in enumerate(entries):
            for city_b, day_b, var_b in entries[n + 1 :]:
                if city_a == city_b:
                    continue
                if day_a <= day_b:
                    too_close = (day_b - day_a).days < days_apart(city_a, city_b)
                else:
                    too_close = (day_a - day_b).days < days_apart(city_b, city_a)
                if too_close:
                    v.model.add_bool_or([var_a.Not(), var_b.Not()])
                    v.constraints[rule] += 1


def guests(v: Variables, inputs: Inputs, candidates: list[Candidate]) -> None:
    """Rules GUEST_OVERLAP, GUEST_TRAVEL, GUEST_PER_DAY for every guest's candidate appearances."""
    by_guest: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(candidates):
        if c.guest is not None:
            by_guest[c.guest].append(i)
    for guest_id, indices in sorted(by_guest.items()):
        per_city: dict[str, list[int]] = defaultdict(list)
        per_day: dict[dt.date, list[int]] = defaultdict(list)
        for i in indices:
            c = candidates[i]
            key = (guest_id, c.city, c.day)
            if key not in v.guest_at:
                v.guest_at[key] = v.model.new_bool_var(f"guest_{guest_id}_{c.city}_{c.day}")
            _implies(v, i, v.guest_at[key].index)
            per_city[c.city].append(i)
            per_day[c.day].append(i)
        for city_indices in per_city.values():
            for clique in overlap_cliques(city_indices, candidates, "end"):
                if len(clique) < 2:
                    continue
                _at_most_one(v, clique)
                v.constraints[Rule.GUEST_OVERLAP] += 1
        limit = inputs.guests[guest_id].max_per_day
        for day_indices in per_day.values():
            if len(day_indices) > limit:
                linear(v, day_indices, 0, limit)
                v.constraints[Rule.GUEST_PER_DAY] += 1
    days: dict[tuple[str, dt.date], list[cp_model.IntVar]] = defaultdict(list)
    for (guest_id, _, day), var in v.guest_at.items():
        days[(guest_id, day)].append(var)
    for group in days.values():
        if len(group) > 1:
            v.model.add_at_most_one(group)
            v.constraints[Rule.GUEST_OVERLAP] += 1
    _apart(v, v.guest_at, inputs.guest_days_apart, Rule.GUEST_TRAVEL)


def copies(v: Variables, inputs: Inputs, candidates: list[Candidate]) -> None:
    """Rules COPY_LOCATION, COPY_TRANSIT, COPY_AVAILABLE for films with limited copies."""
    groups: dict[tuple[str, str, dt.date], list[int]] = defaultdict(list)
    for i, c in enumerate(candidates):
        if inputs.copy_pool(c.film) is not None:
            groups[(c.film, c.city, c.day)].append(i)
    for (film, city, day), indices in sorted(groups.items()):
        pool = inputs.copy_pool(film)
        assert pool is not None
        shown = v.model.new_bool_var(f"shown_{film}_{city}_{day}")
        v.shown[(film, city, day)] = shown
        for i in indices:
            _implies(v, i, shown.index)
        here = []
        for k in range(1, pool.count + 1):
            if (pool.available_from and day < pool.available_from) or (
                pool.available_until and day > pool.available_until
            ):
                continue
            var = v.model.new_bool_var(f"copy_{film}_{k}_{city}_{day}")
            v.copy_at[(film, k, city, day)] = var
            here.append(var)
        v.model.add_bool_or([shown.Not(), *here])
        v.constraints[Rule.COPY_LOCATION] += 1
        if len(here) < pool.count:
            v.constraints[Rule.COPY_AVAILABLE] += 1
    per_copy_day: dict[tuple[str, int, dt.date], list[cp_model.IntVar]] = defaultdict(list)
    at: dict[tuple[str, str, dt.date], cp_model.IntVar] = {}
    for (film, k, city, day), var in v.copy_at.items():
        per_copy_day[(film, k, day)].append(var)
        at[(f"{film}#{k}", city, day)] = var
    for group in per_copy_day.values():
        if len(group) > 1:
            v.model.add_at_most_one(group)
            v.constraints[Rule.COPY_LOCATION] += 1
    _apart(v, at, inputs.copy_days_apart, Rule.COPY_TRANSIT)


def spread(v: Variables, inputs: Inputs, candidates: list[Candidate]) -> list[Term]:
    """Rule.SPREAD (soft): points for each (film, day) with a screening; returns the terms."""
    points = spread_points(inputs)
    if points == 0:
        return []
    groups: dict[tuple[str, dt.date], list[int]] = defaultdict(list)
    for i, c in enumerate(candidates):
        groups[(c.film, c.day)].append(i)
    per_city = inputs.venues.policy.max_per_film_city_day
    for key, group in sorted(groups.items()):
        d = v.model.new_bool_var(f"spread_{key[0]}_{key[1]}")
        # Rule.FILM_CITY_DAY already allows per_city screenings per city: one part per city
        by_city: dict[str, list[int]] = defaultdict(list)
        for i in group:
            by_city[candidates[i].city].append(i)
        _either_way(v, d, group, list(by_city.values()), per_city)
        v.film_day[key] = d
    return [(d.index, points) for d in v.film_day.values()]


def _either_way(
    v: Variables, flag: cp_model.IntVar, group: list[int], parts: list[list[int]], most: int = 1
) -> None:
    """flag ⇔ some candidate of the group is chosen (both directions, so that every solution's
    objective equals the score the schedule earns — a one-sided link lets it under-report).

    ``parts`` split the group into sets of which the other rules already allow at most ``most``,
    so ``sum(part) <= most × flag`` says "any of them implies flag" in one row (for ``most`` 1
    tighter for the LP than an implication per candidate, and far fewer constraints: for more,
    as tight where it counts, as the objective only ever pushes a flag up). Written straight
    into the proto.
    """
    v.model.proto.constraints.add().bool_or.literals.extend([-flag.index - 1, *group])
    for part in parts:
        k = min(most, len(part))
        row = v.model.proto.constraints.add().linear
        row.vars.extend([*part, flag.index])
        row.coeffs.extend([1] * len(part) + [-k])
        row.domain.extend([-k, 0])


def hire_cost(v: Variables, inputs: Inputs, candidates: list[Candidate]) -> list[Term]:
    """Rule.HIRE_COST (soft): points lost per hall-day used; returns the (negative) terms."""
    cost = {key: hire_points(inputs, info) for key, info in inputs.halls.items()}
    # Rule.HALL_OVERLAP allows one of each overlap clique (``hall_overlap`` made them): each
    # candidate goes in the part of the first clique that holds it, by festival day
    parts: dict[tuple[HallKey, dt.date], list[list[int]]] = defaultdict(list)
    for hall, cliques in v.hall_cliques.items():
        if cost[hall] <= 0:
            continue
        placed: set[int] = set()
        for clique in cliques:
            by_day: dict[dt.date, list[int]] = defaultdict(list)
            for i in clique:
                if i not in placed:
                    placed.add(i)
                    by_day[candidates[i].day].append(i)
            for day, part in by_day.items():
                parts[(hall, day)].append(part)
    terms: list[Term] = []
    for key, hall_day_parts in sorted(parts.items()):
        used = v.model.new_bool_var(f"hire_{key[0][0]}_{key[0][1]}_{key[1]}")
        group = sorted(i for part in hall_day_parts for i in part)
        _either_way(v, used, group, hall_day_parts)
        v.hall_day[key] = used
        terms.append((used.index, -cost[key[0]]))
    return terms


def shared_audience(v: Variables, inputs: Inputs, candidates: list[Candidate]) -> list[Term]:
    """Rule.SHARED_AUDIENCE (soft): in each (city, day, window) and each (city, day) whose
    candidates could draw more than its pool, the points lost, at least as
    ``scoring.SharedAudience.loss`` counts them: lost ≥ num/den × (draw − pool), lost ≥ 0. An
    optimal solution's are exactly that; any other's slack is taken back by ``audience_slack``,
    so that the objective reported is the score the schedule earns."""
    shared = SharedAudience(inputs)
    if not shared.num:
        return []
    groups: dict[AudienceWindow, list[int]] = defaultdict(list)
    for i, c in enumerate(candidates):
        if c.audience:
            for key in shared.shares(c.city, c.day, c.window):
                groups[key].append(i)
    v.shared = shared
    terms: list[Term] = []
    num, den = shared.num, shared.den
    for key, group in sorted(groups.items()):
        pool = shared.pool(key)
        most = most_drawn(candidates, group)
        if most <= pool:
            continue
        draw = sum(candidates[i].audience * v.x[i] for i in group)
        name = f"{key[0]}_{key[1]}_{key[2]}"
        lost = v.model.new_int_var(0, shared.loss(key, most), f"lost_{name}")
        # lost ≥ share × (draw − pool), and ≥ 0; maximising pushes it down to the loss itself
        # (an exact "both ways" form with a flag per window left CP-SAT 10 % short on the medium
        # instance; a solution's slack is taken back in ``audience_slack``)
        v.model.add(den * lost - num * draw >= -num * pool)
        v.audience[key] = lost
        v.constraints[Rule.SHARED_AUDIENCE] += 1
        terms.append((lost.index, -1))
    return terms


def audience_slack(
    v: Variables, candidates: list[Candidate], chosen: list[int], value: Callable[[Any], int]
) -> int:
    """What a solution's loss variables (``value`` of each) report beyond the shared audience's
    loss its chosen candidates truly have: add it to CP-SAT's objective for the schedule's."""
    if v.shared is None or not v.audience:
        return 0
    draws = audience_draws(v.shared, (candidates[i] for i in chosen))
    return sum(value(lost) - v.shared.loss(key, draws[key]) for key, lost in v.audience.items())


@dataclass(frozen=True)
class Fixed:
    """What a window's fixed screenings already carry of a re-plan (none for a whole model):
    published screenings they keep or move, which the window's ``found`` leaves out."""

    value: int = 0
    """Their share of the objective: the addition penalty each saves, less its move penalty."""
    changes: int = 0
    """How many of them are moved: spent of ``max_changes``."""


def stability(
    v: Variables,
    inputs: Inputs,
    candidates: list[Candidate],
    found: list[Anchor],
    fixed: Fixed = Fixed(),
) -> tuple[list[Term], int]:
    """Rule.CHANGE (soft): the change penalty of a re-plan; returns (terms, constant).

    Each published screening is kept, moved to one matching placement, or cancelled; each chosen
    placement carries at most one published screening; the rest are added. Frozen or sold
    screenings may only be kept (Rule.FROZEN); ``max_changes`` caps moves and cancellations
    (Rule.CHANGE_BUDGET).
    """
    cancel, add = cancel_penalty(inputs), add_penalty(inputs)
    terms: list[Term] = []
    carried: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    kept: list[cp_model.IntVar] = []
    for n, anchor in enumerate(found):
        options = []
        for i, cost in anchor.options:
            m = v.model.new_bool_var(f"match_{n}_{i}")
            v.match[(n, i)] = m
            _implies(v, m.index, i)
            carried[i].append(m)
            options.append(m)
            terms.append((m.index, cancel + add - cost))
            if i == anchor.keep:
                kept.append(m)
        if options:
            v.model.add_at_most_one(options)
        if anchor.frozen and anchor.keep is not None:
            v.model.add(v.match[(n, anchor.keep)] == 1)
            v.constraints[Rule.FROZEN] += 1
    for ms in carried.values():
        if len(ms) > 1:
            v.model.add_at_most_one(ms)
    terms += [(i, -add) for i in range(len(v.x))]
    limit = inputs.venues.replanning.max_changes
    if limit is not None:
        v.model.add(sum(kept) >= len(found) - (limit - fixed.changes))
        v.constraints[Rule.CHANGE_BUDGET] += 1
    return terms, fixed.value - cancel * len(found)


def build(
    inputs: Inputs,
    candidates: list[Candidate],
    relaxable: bool = False,
    found: list[Anchor] | None = None,
    fixed: Fixed = Fixed(),
) -> Variables:
    """The complete model: hard rules as constraints, soft goals summed into one objective.

    With ``relaxable``, organiser requirements (pins, minimums, guest appearances) are enforced
    by literals instead, and the objective is the number of requirements kept. A re-plan's
    published screenings are ``found`` (less those ``fixed`` already carries, in a window).
    """
    model = cp_model.CpModel()
    v = Variables(model, Literals(model, len(candidates)), relaxable)
    hall_overlap(v, candidates)
    venue_stagger(v, inputs, candidates)
    premiere(v, inputs, candidates)
    commitments(v, inputs, candidates)
    pin(v, candidates)
    film_count(v, inputs, candidates)
    city_count(v, inputs, candidates)
    film_city_day(v, inputs, candidates)
    ru_uncertified_limit(v, inputs, candidates)
    guest_count(v, inputs, candidates)
    guests(v, inputs, candidates)
    copies(v, inputs, candidates)
    if relaxable:
        model.maximize(sum(literal for literal, _ in v.requirements))
        return v
    terms: list[Term] = [(i, c.points) for i, c in enumerate(candidates) if c.points]
    terms += spread(v, inputs, candidates) + hire_cost(v, inputs, candidates)
    terms += shared_audience(v, inputs, candidates)
    constant = 0
    if found is not None:
        change_terms, constant = stability(v, inputs, candidates, found, fixed)
        terms += change_terms
    _maximize(model, terms, constant)
    return v


def _maximize(model: cp_model.CpModel, terms: list[Term], constant: int) -> None:
    """``model.maximize(sum(terms) + constant)``, written straight into the proto.

    The same objective as the API builds (CP-SAT minimises: coefficients and offset negated,
    scaling -1), in a tenth of the time at festival sizes.
    """
    merged: dict[int, int] = defaultdict(int)
    for index, coefficient in terms:
        merged[index] += coefficient
    objective = model.proto.objective
    objective.vars.extend(list(merged))
    objective.coeffs.extend([-c for c in merged.values()])
    objective.offset = -constant
    objective.scaling_factor = -1.0


def hint(v: Variables, candidates: list[Candidate], start: Construction) -> None:
    """Give a complete schedule as the search's hint: every variable gets a value."""
    picked = set(start.chosen)
    chosen = [candidates[i] for i in picked]
    flags: list[tuple[dict[Any, cp_model.IntVar], set[Any] | frozenset[Any]]] = [
        (v.film_day, {(c.film, c.day) for c in chosen}),
        (v.hall_day, {(c.hall, c.day) for c in chosen}),
        (v.shown, {(c.film, c.city, c.day) for c in chosen}),
        (v.guest_at, {(c.guest, c.city, c.day) for c in chosen if c.guest is not None}),
        (v.copy_at, start.copy_at),
    ]
    variables = list(range(len(v.x)))
    values = [int(i in picked) for i in range(len(v.x))]
    for flag, on in flags:
        variables += (var.index for var in flag.values())
        values += (int(key in on) for key in flag)
    variables += (var.index for var in v.match.values())
    values += (int(start.matched.get(n) == i) for (n, i) in v.match)
    if v.premiered:
        first: dict[str, int] = {}
        for i in picked & v.premieres:
            c = candidates[i]
            first[c.film] = min(first.get(c.film, c.start), c.start)
        variables += (flag.index for flag, _, _ in v.premiered)
        values += (int(first.get(film, t + 1) <= t) for _, film, t in v.premiered)
    if v.shared is not None:
        draws = audience_draws(v.shared, chosen)
        for key, lost in v.audience.items():
            variables.append(lost.index)
            values.append(v.shared.loss(key, draws[key]))
    # straight into the proto: add_hint, one variable at a time, costs seconds at festival sizes
    v.model.proto.solution_hint.vars.extend(variables)
    v.model.proto.solution_hint.values.extend(values)
