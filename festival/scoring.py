"""What a schedule is worth: the soft goals, in integer points (1 point = 1 expected attendee).

The solver takes its objective coefficients from these functions and the verifier re-scores every
finished schedule with them, so the objective the solver reports is the one the schedule earns.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

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


def placement_points(
    inputs: Inputs, film: Film, info: HallInfo, day: dt.date, local_start: dt.datetime
) -> tuple[int, int]:
    """(attendance points, prime-time points) of one screening placed like this."""
    points = Points(inputs)
    return points.value(film, info, points.factors(day, local_start))


@dataclass(frozen=True, slots=True)
class Factors:
    """What a start's festival day and time of day contribute to any screening placed there."""

    day: float
    time: float
    prime: bool


class Points:
    """The placement rules above, with every factor worked out once and kept.

    Planning scores hundreds of thousands of placements that share a few hundred distinct days,
    times and films; this computes each of those once. It is the only implementation:
    ``placement_points`` is a thin wrapper over it.
    """

    def __init__(self, inputs: Inputs) -> None:
        self.inputs = inputs
        policy = inputs.venues.policy
        order = inputs.timeline.order_of
        self.weights = policy.weights
        self._bands = sorted((order(b.from_), b.factor) for b in policy.time_of_day)
        self._base: dict[tuple[str, str], float] = {}
        self._high: dict[str, bool] = {}
        self._factors: dict[tuple[dt.date, dt.time | None], Factors] = {}

    def _time_factor(self, at: int) -> float:
        if not self._bands:
            return 1.0
        chosen = self._bands[-1][1]
        for begins, factor in self._bands:
            if begins <= at:
                chosen = factor
        return chosen

    def _prime(self, weekend: bool, at: int) -> bool:
        order = self.inputs.timeline.order_of
        for window in self.inputs.venues.policy.prime_time:
            if (window.days == "weekday" and weekend) or (window.days == "weekend" and not weekend):
                continue
            if order(window.from_) <= at < order(window.to):
                return True
        return False

    def factors(self, day: dt.date, local_start: dt.datetime | None) -> Factors:
        """The day's weekday/weekend factor, the start's time-of-day factor and prime-time flag."""
        clock = None if local_start is None else local_start.time().replace(tzinfo=None)
        key = (day, clock)
        found = self._factors.get(key)
        if found is not None:
            return found
        policy = self.inputs.venues.policy
        weekend = is_weekend(day, policy.holidays)
        day_f = policy.day_weights.weekend if weekend else policy.day_weights.weekday
        if clock is None:
            made = Factors(day_f, 1.0, False)
        else:
            at = self.inputs.timeline.order_of(clock)
            made = Factors(day_f, self._time_factor(at), self._prime(weekend, at))
        self._factors[key] = made
        return made

    def base(self, film: Film, city: str) -> float:
        """``base_audience``, kept."""
        key = (film.id, city)
        found = self._base.get(key)
        if found is None:
            found = self._base[key] = base_audience(self.inputs, film, city)
        return found

    def high(self, film: Film) -> bool:
        """``high_demand``, kept."""
        found = self._high.get(film.id)
        if found is None:
            found = self._high[film.id] = high_demand(self.inputs, film)
        return found

    def attendance(self, film: Film, info: HallInfo, f: Factors) -> int:
        """Expected attendees: min(demand at that day and time, seats)."""
        demand = self.base(film, info.city.id) * f.day * f.time
        return round(min(demand, float(info.hall.seats)))

    def value(self, film: Film, info: HallInfo, f: Factors) -> tuple[int, int]:
        """(attendance points, prime-time points) of the film placed in the hall at ``f``."""
        attendance = round(self.weights.attendance * self.attendance(film, info, f))
        prime = 0
        if f.prime and self.high(film):
            prime = round(self.weights.prime_time)
        return attendance, prime


def spread_points(inputs: Inputs) -> int:
    """Points for each (film, festival day) on which the film plays somewhere."""
    return round(inputs.venues.policy.weights.spread)


def hire_points(inputs: Inputs, info: HallInfo) -> int:
    """Points lost for using the hall on one festival day (0 when it has no hire cost)."""
    cost = info.hall.hire_cost or 0.0
    return round(inputs.venues.policy.weights.hire_cost * cost)


AudienceWindow = tuple[str, dt.date, int]
"""(city, festival day, window of start times, or ``WHOLE_DAY``): screenings sharing one audience."""

WHOLE_DAY = -1
"""The window number that stands for a whole festival day."""


class SharedAudience:
    """Rule.SHARED_AUDIENCE: a city's screenings share its audience, twice over. Those that start
    in the same window of a festival day share the window's pool; all those of a festival day share
    the day's. Each screening's attendance points add up to its window's and its day's *draw*; of
    what a draw exceeds its pool, the share ``lost`` stays away, rounded up to whole points:

        loss(draw) = ceil(lost × max(0, draw − pool))

    Linear in pieces and convex in the draw (the score concave), so CP-SAT's objective
    (``festival.solver.model``) and this evaluator agree to the point; pools are in attendance
    points (attendees × ``weights.attendance``).
    """

    def __init__(self, inputs: Inputs) -> None:
        policy = inputs.venues.policy
        shared = policy.shared_audience
        self.minutes = shared.window_minutes
        lost = Fraction(shared.lost).limit_denominator(1000)
        self.num, self.den = lost.numerator, lost.denominator
        seats: Counter[str] = Counter()
        largest: Counter[str] = Counter()
        for info in inputs.halls.values():
            if not (info.hall.withdrawn or info.venue.withdrawn):
                seats[info.city.id] += info.hall.seats
                largest[info.city.id] = max(largest[info.city.id], info.hall.seats)
        weight = policy.weights.attendance
        self.pools: dict[str, int] = {}
        self.day_pools: dict[str, int] = {}
        for c in inputs.venues.cities:
            window = max(largest[c.id], shared.pool_share * seats[c.id])
            day = shared.day_share * seats[c.id]
            self.pools[c.id] = round(
                weight * (window if c.audience_pool is None else c.audience_pool)
            )
            self.day_pools[c.id] = round(
                weight * (day if c.audience_day_pool is None else c.audience_day_pool)
            )

    def window(self, festival_time: int) -> int:
        """The window of a start, from its minutes since the day cutoff (``festival_time``)."""
        return festival_time // self.minutes

    @staticmethod
    def shares(city: str, day: dt.date, window: int) -> tuple[AudienceWindow, AudienceWindow]:
        """The two audiences a screening starting in ``window`` shares: its window's, its day's."""
        return (city, day, window), (city, day, WHOLE_DAY)

    def pool(self, key: AudienceWindow) -> int:
        """The draw a window (or a whole day) takes in full."""
        return (self.day_pools if key[2] == WHOLE_DAY else self.pools)[key[0]]

    def loss(self, key: AudienceWindow, draw: int) -> int:
        """The points lost in a window (or a whole day) whose screenings draw ``draw`` points."""
        excess = draw - self.pool(key)
        if excess <= 0 or not self.num:
            return 0
        return -(-self.num * excess // self.den)


def score(screenings: Iterable[Screening], inputs: Inputs) -> Score:
    """The objective a set of screenings earns, term by term."""
    attendance = prime = 0
    points = Points(inputs)
    shared = SharedAudience(inputs)
    film_days: set[tuple[str, dt.date]] = set()
    hall_days: set[tuple[str, str, dt.date]] = set()
    draws: Counter[AudienceWindow] = Counter()
    for s in screenings:
        film = inputs.films[s.film]
        info = inputs.halls[(s.venue, s.hall)]
        a, p = points.value(film, info, points.factors(s.festival_day, s.start_local))
        attendance += a
        prime += p
        film_days.add((s.film, s.festival_day))
        hall_days.add((s.venue, s.hall, s.festival_day))
        at = inputs.timeline.festival_time(s.start_local)
        for key in shared.shares(s.city, s.festival_day, shared.window(at)):
            draws[key] += a
    spread = spread_points(inputs) * len(film_days)
    hire = sum(hire_points(inputs, inputs.halls[(v, h)]) for v, h, _ in hall_days)
    lost = sum(shared.loss(key, draw) for key, draw in draws.items())
    return Score(
        attendance=attendance,
        prime_time=prime,
        spread=spread,
        hire_cost=-hire,
        shared_audience=-lost,
        total=attendance + prime + spread - hire - lost,
    )
