"""Timefold's planning domain for the ``timefold`` peer (imported only inside that peer's process).

No ``from __future__ import annotations`` here: Timefold reads the ``Annotated`` markers at class
creation, so they must be real objects, and the classes must live at module level.
"""

from dataclasses import dataclass, field
from typing import Annotated, Any

from timefold.solver.domain import (  # type: ignore[import-not-found]
    PlanningEntityCollectionProperty,
    PlanningId,
    PlanningPin,
    PlanningScore,
    PlanningVariable,
    ProblemFactCollectionProperty,
    ValueRangeProvider,
    planning_entity,
    planning_solution,
)
from timefold.solver.score import (  # type: ignore[import-not-found]
    ConstraintCollectors,
    ConstraintFactory,
    HardSoftScore,
    Joiners,
    constraint_provider,
)


@dataclass
class Option:
    """A candidate placement (festival's): hall, city, day index, minutes, points, hire points."""

    id: Annotated[int, PlanningId]
    hall: str
    city: str
    day: int
    start: int
    release: int
    points: int
    hire: int


@dataclass
class Need:
    """A film's per-city limits."""

    id: Annotated[int, PlanningId]
    film: str
    city: str
    low: int
    high: int


@planning_entity
@dataclass
class Screening:
    """One screening a film may have: placed at one of the film's options, or not at all."""

    id: Annotated[int, PlanningId]
    film: str
    film_min: int
    per_day: int
    spread: int
    options: Annotated[list[Option], ValueRangeProvider(id="options"), field(repr=False)]
    pinned: Annotated[bool, PlanningPin] = False
    placement: Annotated[
        Option | None,
        PlanningVariable(value_range_provider_refs=["options"], allows_unassigned=True),
    ] = None


@planning_solution
@dataclass
class Plan:
    """The whole problem and, once solved, the schedule."""

    options: Annotated[list[Option], ProblemFactCollectionProperty]
    needs: Annotated[list[Need], ProblemFactCollectionProperty]
    screenings: Annotated[list[Screening], PlanningEntityCollectionProperty]
    score: Annotated[HardSoftScore | None, PlanningScore] = None


@constraint_provider  # type: ignore[untyped-decorator]
def rules(f: ConstraintFactory) -> list[Any]:
    """Hard: overlap, per day, minimums. Soft: the festival's points."""
    return [
        f.for_each_unique_pair(
            Screening,
            Joiners.equal(lambda s: s.placement.hall),
            Joiners.overlapping(lambda s: s.placement.start, lambda s: s.placement.release),
        )
        .penalize(HardSoftScore.ONE_HARD)
        .as_constraint("hall_overlap"),
        f.for_each(Screening)
        .group_by(
            lambda s: (s.film, s.placement.city, s.placement.day),
            lambda s: s.per_day,
            ConstraintCollectors.count(),
        )
        .filter(lambda key, k, n: n > k)
        .penalize(HardSoftScore.ONE_HARD, lambda key, k, n: n - k)
        .as_constraint("film_city_day"),
        f.for_each_including_unassigned(Screening)
        .group_by(
            lambda s: s.film,
            lambda s: s.film_min,
            ConstraintCollectors.conditionally(
                lambda s: s.placement is not None, ConstraintCollectors.count()
            ),
        )
        .filter(lambda film, low, n: n < low)
        .penalize(HardSoftScore.ONE_HARD, lambda film, low, n: low - n)
        .as_constraint("film_count"),
        f.for_each(Need)
        .join(
            f.for_each_including_unassigned(Screening),
            Joiners.equal(lambda need: need.film, lambda s: s.film),
        )
        .group_by(
            lambda need, s: need,
            ConstraintCollectors.conditionally(
                lambda need, s: s.placement is not None and s.placement.city == need.city,
                ConstraintCollectors.count_bi(),
            ),
        )
        .filter(lambda need, n: n < need.low or n > need.high)
        .penalize(
            HardSoftScore.ONE_HARD,
            lambda need, n: need.low - n if n < need.low else n - need.high,
        )
        .as_constraint("city_count"),
        f.for_each(Screening)
        .reward(HardSoftScore.ONE_SOFT, lambda s: s.placement.points)
        .as_constraint("attendance_and_prime_time"),
        f.for_each(Screening)
        .group_by(lambda s: s.placement.hall, lambda s: s.placement.day, lambda s: s.placement.hire)
        .filter(lambda hall, day, hire: hire > 0)
        .penalize(HardSoftScore.ONE_SOFT, lambda hall, day, hire: hire)
        .as_constraint("hire_cost"),
        f.for_each(Screening)
        .group_by(lambda s: s.film, lambda s: s.placement.day, lambda s: s.spread)
        .reward(HardSoftScore.ONE_SOFT, lambda film, day, spread: spread)
        .as_constraint("spread"),
    ]
