"""What a schedule is worth: the soft goals, in integer points (1 point = 1 expected attendee).

The solver takes its objective coefficients from these functions and the verifier re-scores every
finished schedule with them, so the objective the solver reports is the one the schedule earns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from festival.domain import Film, Score, Screening
from festival.inputs import HallInfo, Inputs
from festival.timeline import is_weekend


def base_audience(inputs: Inputs, film: Film, city: str) -> float:
    """A film's expected audience in a city at the best time of a weekend day, before seat limits."""
    demand = film.demand
    if city in demand.by_city:
        return float(demand.by_city[city])
    if demand.audience is not None:
        base = float(demand.audience)
    else:
        assert demand.tier is not None
        base = float(inputs.programme.demand_tiers.get(demand.tier, 0))
    return base * inputs.cities[city].demand_factor


def high_demand(inputs: Inputs, film: Film) -> bool:
    """Whether the film's headline audience reaches the prime-time threshold."""
    demand = film.demand
    if demand.audience is not None:
        base = demand.audience
    else:
        assert demand.tier is not None
        base = inputs.programme.demand_tiers.get(demand.tier, 0)
    return base >= inputs.venues.policy.weights.prime_time_min_demand


def time_factor(inputs: Inputs, local_start: dt.datetime) -> float:
    """The time-of-day demand factor of the band the start falls in (bands wrap past midnight)."""
    order = inputs.timeline.order_of
    bands = sorted(inputs.venues.policy.time_of_day, key=lambda b: order(b.from_))
    if not bands:
        return 1.0
    at = order(local_start.time())
    chosen = bands[-1]
    for band in bands:
        if order(band.from_) <= at:
            chosen = band
    return chosen.factor


def day_factor(inputs: Inputs, day: dt.date) -> float:
    """The weekday or weekend demand factor of a festival day (holidays count as weekend)."""
    policy = inputs.venues.policy
    weekend = is_weekend(day, policy.holidays)
    return policy.day_weights.weekend if weekend else policy.day_weights.weekday


def expected_attendance(
    inputs: Inputs, film: Film, info: HallInfo, day: dt.date, local_start: dt.datetime
) -> int:
    """min(demand(film, city, day kind, time of day), seats), in whole attendees."""
    demand = (
        base_audience(inputs, film, info.city.id)
        * day_factor(inputs, day)
        * time_factor(inputs, local_start)
    )
    return round(min(demand, float(info.hall.seats)))


def in_prime_time(inputs: Inputs, day: dt.date, local_start: dt.datetime) -> bool:
    """Whether a start falls inside a prime-time window for its kind of day."""
    policy = inputs.venues.policy
    order = inputs.timeline.order_of
    weekend = is_weekend(day, policy.holidays)
    at = order(local_start.time())
    for window in policy.prime_time:
        if (window.days == "weekday" and weekend) or (window.days == "weekend" and not weekend):
            continue
        if order(window.from_) <= at < order(window.to):
            return True
    return False


def placement_points(
    inputs: Inputs, film: Film, info: HallInfo, day: dt.date, local_start: dt.datetime
) -> tuple[int, int]:
    """(attendance points, prime-time points) of one screening placed like this."""
    weights = inputs.venues.policy.weights
    attendance = round(
        weights.attendance * expected_attendance(inputs, film, info, day, local_start)
    )
    prime = 0
    if high_demand(inputs, film) and in_prime_time(inputs, day, local_start):
        prime = round(weights.prime_time)
    return attendance, prime


def spread_points(inputs: Inputs) -> int:
    """Points for each (film, festival day) on which the film plays somewhere."""
    return round(inputs.venues.policy.weights.spread)


def hire_points(inputs: Inputs, info: HallInfo) -> int:
    """Points lost for using the hall on one festival day (0 when it has no hire cost)."""
    cost = info.hall.hire_cost or 0.0
    return round(inputs.venues.policy.weights.hire_cost * cost)


def score(screenings: Iterable[Screening], inputs: Inputs) -> Score:
    """The objective a set of screenings earns, term by term."""
    attendance = prime = 0
    film_days: set[tuple[str, dt.date]] = set()
    hall_days: set[tuple[str, str, dt.date]] = set()
    for s in screenings:
        film = inputs.films[s.film]
        info = inputs.halls[(s.venue, s.hall)]
        a, p = placement_points(inputs, film, info, s.festival_day, s.start_local)
        attendance += a
        prime += p
        film_days.add((s.film, s.festival_day))
        hall_days.add((s.venue, s.hall, s.festival_day))
    spread = spread_points(inputs) * len(film_days)
    hire = sum(hire_points(inputs, inputs.halls[(v, h)]) for v, h, _ in hall_days)
    return Score(
        attendance=attendance,
        prime_time=prime,
        spread=spread,
        hire_cost=-hire,
        total=attendance + prime + spread - hire,
    )
