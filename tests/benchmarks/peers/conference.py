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

import numpy as np

from festival.candidates import enumerate_candidates
from festival.scoring import base_audience
from tests.benchmarks.instances import Instance
from tests.benchmarks.peers import Clock, main
from tests.benchmarks.placements import PeerResult, Placement

LIMIT = 150_000
"""Most event × slot binaries attempted (PuLP model building alone takes minutes beyond)."""


def solve(instance: Instance, time_limit: float, clock: Clock, result: PeerResult) -> None:
    """Translate, solve with CBC for ``time_limit`` seconds, translate back."""
    import pulp
    from conference_scheduler import scheduler
    from conference_scheduler.lp_problem import objective_functions
    from conference_scheduler.lp_problem import utils as lpu
    from conference_scheduler.resources import Event, Slot

    inputs = instance.inputs
    policy = inputs.venues.policy
    tl = inputs.timeline
    grain = policy.grain_minutes
    candidates = enumerate_candidates(inputs)
    starts: dict[tuple[object, int], set[str]] = defaultdict(set)
    for c in candidates:
        if c.guest is None and not c.pinned:
            starts[(c.hall, c.start)].add(c.film)
    longest = max(
        policy.intro_minutes + f.runtime + inputs.turnover(info.hall)
        for f in inputs.active_films
        for info in inputs.halls.values()
        if inputs.eligible(f, info)
    )
    length = math.ceil(longest / grain) * grain
    pinned = [c for c in candidates if c.pinned]
    slots: list[Slot] = []
    slot_key: list[tuple[tuple[str, str], int, str, dt.date]] = []
    by_hall_start: dict[object, list[int]] = defaultdict(list)
    for (hall, start), _ in starts.items():
        by_hall_start[hall].append(start)
    for hall, minutes in sorted(by_hall_start.items()):
        info = inputs.halls[hall]  # type: ignore[index]
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
                    venue=f"{hall[0]}/{hall[1]}",  # type: ignore[index]
                    starts_at=local.replace(tzinfo=None),
                    duration=length,
                    capacity=info.hall.seats,
                    session=f"{info.city.id}-{day}",
                )
            )
            slot_key.append((hall, m, info.city.id, day))  # type: ignore[arg-type]
            next_free = m + length
    # events: minimums (per city first), then extra screenings by demand
    pins_of = Counter(c.film for c in pinned)
    pins_city = Counter((c.film, c.city) for c in pinned)
    wanted: list[tuple[str, str | None]] = []
    for film in inputs.active_films:
        need = max(0, film.screenings.min - pins_of[film.id])
        for city in inputs.venues.cities:
            low, _ = inputs.city_limits(film, city.id)
            for _ in range(max(0, low - pins_city[(film.id, city.id)])):
                wanted.append((film.id, city.id))
                need -= 1
        wanted += [(film.id, None)] * max(0, need)
    counts = Counter(f for f, _ in wanted) + pins_of
    by_demand = sorted(
        inputs.active_films,
        key=lambda f: -max(base_audience(inputs, f, c.id) for c in inputs.venues.cities),
    )
    grew = True
    while grew:
        grew = False
        for film in by_demand:
            if len(wanted) >= 0.8 * len(slots):
                break
            if counts[film.id] < inputs.film_max(film):
                wanted.append((film.id, None))
                counts[film.id] += 1
                grew = True
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
    events = []
    available = np.zeros((len(wanted), len(slots)))
    for e, (film_id, city) in enumerate(wanted):
        film = inputs.films[film_id]
        duration = policy.intro_minutes + film.runtime + policy.turnover_minutes
        events.append(
            Event(
                name=f"{film_id}#{e}",
                duration=min(duration, length),
                demand=round(max(base_audience(inputs, film, c.id) for c in inputs.venues.cities)),
            )
        )
        for s, (hall, m, slot_city, _) in enumerate(slot_key):
            if film_id in starts[(hall, m)] and (city is None or city == slot_city):
                available[e, s] = 1

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
    placements = []
    for e, s in solution:
        hall, m, _, _ = slot_key[s]
        info = inputs.halls[hall]  # type: ignore[index]
        placements.append(
            Placement(tl.local(m, info.tz).replace(tzinfo=None), hall[0], hall[1], wanted[e][0])  # type: ignore[index]
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
    result.placements = sorted(placements)
    result.status = "ok"
    result.message = f"{len(wanted)} events in {len(slots)} slots of {length} min"


if __name__ == "__main__":
    main("conference", solve)
