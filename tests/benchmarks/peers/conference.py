"""Peer ``conference``: conference-scheduler 3.0.1 (PyCon UK's ILP on a fixed slot grid, via PuLP/CBC).

The festival is translated into the package's terms as faithfully as it allows:

- Slots: every hall, every day, back to back from opening, each as long as the festival's longest
  screening (intro + runtime + turnover, on the grain), so that every film fits every slot. A slot
  is kept if some film may start there (festival's candidates: hours, latest end, age policy,
  blocks, eligibility). Slots that overlap a pin are dropped; pins are placed as given.
- Events: one per screening. The package schedules every event exactly once, so each film asks for
  its minimum (per-city minimums as events bound to that city), topped up towards its maximum by
  demand while events stay under 80 % of the slots.
- Objective: the package's ``efficiency_capacity_demand_difference`` with the film's demand.
- Not expressible in the package, so left to the verifier: one screening per film per city and
  day, guests, film copies, hall hire costs. The festival's objective is not the package's.

The package scans Python lists for availability (cubic in the instance size); the same availability
is handed to it as a precomputed array instead. Instances above ``LIMIT`` event×slot variables are
reported as too large without building the model (the package creates every variable densely).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

import numpy as np

from festival.candidates import Candidate, enumerate_candidates
from festival.domain import Film
from festival.inputs import HallKey, Inputs
from festival.scoring import base_audience
from tests.benchmarks.instances import Instance
from tests.benchmarks.peers import Clock, main
from tests.benchmarks.placements import PeerResult, Placement

LIMIT = 150_000
"""Most event × slot binaries attempted (PuLP model building alone takes minutes beyond)."""

SlotKey = tuple[HallKey, int, str, dt.date]
"""A slot as the festival sees it: (hall, start minute, city, festival day)."""
Wanted = tuple[str, str | None]
"""An event: (film, the city it must play in, or None for any)."""


def solve(instance: Instance, time_limit: float, clock: Clock, result: PeerResult) -> None:
    """Translate, solve with CBC for ``time_limit`` seconds, translate back."""
    import pulp  # type: ignore[import, unused-ignore]
    from conference_scheduler import scheduler  # type: ignore[import, unused-ignore]
    from conference_scheduler.lp_problem import (  # type: ignore[import, unused-ignore]
        objective_functions,
    )
    from conference_scheduler.lp_problem import utils as lpu  # type: ignore[import, unused-ignore]

    inputs = instance.inputs
    candidates = enumerate_candidates(inputs)
    starts: dict[tuple[HallKey, int], set[str]] = defaultdict(set)
    for c in candidates:
        if c.guest is None and not c.pinned:
            starts[(c.hall, c.start)].add(c.film)
    length = _slot_minutes(inputs)
    pinned = [c for c in candidates if c.pinned]
    slots, slot_key = _slots(inputs, starts, pinned, length)
    wanted = _wanted(inputs, pinned, len(slots))
    size = len(wanted) * len(slots)
    result.extra = {
        "events": len(wanted),
        "slots": len(slots),
        "variables": size,
        "slot_minutes": length,
    }
    if size > LIMIT:
        result.status = "too_large"
        result.message = (
            f"{len(wanted)} events × {len(slots)} slots = {size:,} binaries > {LIMIT:,}"
        )
        return
    events, available = _events(inputs, wanted, slot_key, starts, length)

    def slot_availability_array(events: object, slots: object) -> np.ndarray:
        return available

    lpu.slot_availability_array = slot_availability_array
    result.setup_seconds = clock.now()
    try:
        solution = scheduler.solution(
            events,
            slots,
            objective_function=objective_functions.efficiency_capacity_demand_difference,
            solver=pulp.PULP_CBC_CMD(msg=False, timeLimit=time_limit),
        )
    except ValueError as err:
        result.status = "no_solution"
        result.message = str(err)
        return
    result.placements = _placements(inputs, solution, slot_key, wanted, pinned)
    result.status = "ok"
    result.message = f"{len(wanted)} events in {len(slots)} slots of {length} min"


def _slot_minutes(inputs: Inputs) -> int:
    """The length of every slot: the longest screening (intro + runtime + turnover), on the grain."""
    policy = inputs.venues.policy
    longest = max(
        policy.intro_minutes + f.runtime + inputs.turnover(info.hall)
        for f in inputs.active_films
        for info in inputs.halls.values()
        if inputs.eligible(f, info)
    )
    return math.ceil(longest / policy.grain_minutes) * policy.grain_minutes


def _slots(
    inputs: Inputs,
    starts: dict[tuple[HallKey, int], set[str]],
    pinned: list[Candidate],
    length: int,
) -> tuple[list[Any], list[SlotKey]]:
    """The package's slots, and each one's key: back to back in every hall, clear of the pins."""
    from conference_scheduler.resources import Slot  # type: ignore[import, unused-ignore]

    tl = inputs.timeline
    slots: list[Any] = []
    slot_key: list[SlotKey] = []
    by_hall_start: dict[HallKey, list[int]] = defaultdict(list)
    for (hall, start), _ in starts.items():
        by_hall_start[hall].append(start)
    for hall, minutes in sorted(by_hall_start.items()):
        info = inputs.halls[hall]
        minutes.sort()
        next_free = -1
        for m in minutes:
            if m < next_free:
                continue
            if any(p.hall == hall and m < p.release and p.start < m + length for p in pinned):
                continue
            local = tl.local(m, info.tz)
            day = tl.festival_day(local)
            slots.append(
                Slot(
                    venue=f"{hall[0]}/{hall[1]}",
                    starts_at=local.replace(tzinfo=None),
                    duration=length,
                    capacity=info.hall.seats,
                    session=f"{info.city.id}-{day}",
                )
            )
            slot_key.append((hall, m, info.city.id, day))
            next_free = m + length
    return slots, slot_key


def _wanted(inputs: Inputs, pinned: list[Candidate], slot_count: int) -> list[Wanted]:
    """The events: each film's minimums (per city first), then extra screenings by demand."""
    pins_of = Counter(c.film for c in pinned)
    pins_city = Counter((c.film, c.city) for c in pinned)
    wanted: list[Wanted] = []
    for film in inputs.active_films:
        need = max(0, film.screenings.min - pins_of[film.id])
        for city in inputs.venues.cities:
            low, _ = inputs.city_limits(film, city.id)
            for _ in range(max(0, low - pins_city[(film.id, city.id)])):
                wanted.append((film.id, city.id))
                need -= 1
        wanted += [(film.id, None)] * max(0, need)
    _top_up(inputs, wanted, Counter(f for f, _ in wanted) + pins_of, slot_count)
    return wanted


def _top_up(inputs: Inputs, wanted: list[Wanted], counts: Counter[str], slot_count: int) -> None:
    """Extra screenings, one per film in order of demand, round after round, towards each film's
    maximum, while the events stay under 80 % of the slots."""
    by_demand = sorted(inputs.active_films, key=lambda f: -_demand(inputs, f))
    grew = True
    while grew:
        grew = False
        for film in by_demand:
            if len(wanted) >= 0.8 * slot_count:
                break
            if counts[film.id] < inputs.film_max(film):
                wanted.append((film.id, None))
                counts[film.id] += 1
                grew = True


def _demand(inputs: Inputs, film: Film) -> float:
    """A film's audience in the city that wants it most."""
    return max(base_audience(inputs, film, c.id) for c in inputs.venues.cities)


def _events(
    inputs: Inputs,
    wanted: list[Wanted],
    slot_key: list[SlotKey],
    starts: dict[tuple[HallKey, int], set[str]],
    length: int,
) -> tuple[list[Any], np.ndarray]:
    """The package's events, and which slots each may take (1 where the film may start there)."""
    from conference_scheduler.resources import Event  # type: ignore[import, unused-ignore]

    policy = inputs.venues.policy
    events = []
    available = np.zeros((len(wanted), len(slot_key)))
    for e, (film_id, city) in enumerate(wanted):
        film = inputs.films[film_id]
        duration = policy.intro_minutes + film.runtime + policy.turnover_minutes
        events.append(
            Event(
                name=f"{film_id}#{e}",
                duration=min(duration, length),
                demand=round(_demand(inputs, film)),
            )
        )
        for s, (hall, m, slot_city, _) in enumerate(slot_key):
            if film_id in starts[(hall, m)] and (city is None or city == slot_city):
                available[e, s] = 1
    return events, available


def _placements(
    inputs: Inputs,
    solution: Iterable[tuple[int, int]],
    slot_key: list[SlotKey],
    wanted: list[Wanted],
    pinned: list[Candidate],
) -> list[Placement]:
    """The package's (event, slot) pairs as placements, with the pins, in order."""
    tl = inputs.timeline
    placements = []
    for e, s in solution:
        hall, m, _, _ = slot_key[s]
        info = inputs.halls[hall]
        placements.append(
            Placement(tl.local(m, info.tz).replace(tzinfo=None), hall[0], hall[1], wanted[e][0])
        )
    for c in pinned:
        info = inputs.halls[c.hall]
        placements.append(
            Placement(
                tl.local(c.start, info.tz).replace(tzinfo=None),
                c.hall[0],
                c.hall[1],
                c.film,
                c.guest,
            )
        )
    return sorted(placements)


if __name__ == "__main__":
    main("conference", solve)
