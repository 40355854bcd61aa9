"""Peer ``timefold``: Timefold Solver 1.24.0b0 (Python wrapper, needs a JDK 17), local search.

Each screening a film may have is a planning entity whose variable is a placement from the film's
own candidates (festival's: hall, start; single-screening rules already met) or nothing. Pins are
pinned entities. Hard: hall overlap, one per film/city/day, film and city minimums (maximums are
the number of entities). Soft, in the festival's points: attendance + prime time, spread, hire
costs, so a feasible Timefold score equals the festival's score. Not modelled (left to the
verifier): guests, film copies.

The Python wrapper turns every candidate into a Java object; above ``LIMIT`` candidates the peer
reports itself too large rather than run out of memory or time in the translation.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from festival.candidates import Candidate, enumerate_candidates
from festival.scoring import hire_points, spread_points
from tests.benchmarks.instances import Instance
from tests.benchmarks.peers import Clock, main
from tests.benchmarks.placements import PeerResult, Placement

LIMIT = 60_000
"""Most candidates handed to the Python wrapper."""


def solve(instance: Instance, time_limit: float, clock: Clock, result: PeerResult) -> None:
    """Build the domain, run Timefold for ``time_limit`` seconds, translate back."""
    inputs = instance.inputs
    candidates = [c for c in enumerate_candidates(inputs) if c.guest is None or c.pinned]
    result.extra = {"candidates": len(candidates)}
    if len(candidates) > LIMIT:
        result.status = "too_large"
        result.message = f"{len(candidates):,} candidates > {LIMIT:,} for the Python wrapper"
        return
    try:
        from timefold.solver import (  # type: ignore[import-not-found]
            BestSolutionChangedEvent,
            SolverFactory,
        )
        from timefold.solver.config import (  # type: ignore[import-not-found]
            Duration,
            ScoreDirectorFactoryConfig,
            SolverConfig,
            TerminationConfig,
        )

        from tests.benchmarks.peers.timefold_domain import Need, Option, Plan, Screening, rules
    except Exception as err:  # no JDK, or the wrapper cannot start
        result.status = "unavailable"
        result.message = f"{type(err).__name__}: {err}"[:300]
        return

    per_day = inputs.venues.policy.max_per_film_city_day
    spread = spread_points(inputs)
    hire = {key: hire_points(inputs, info) for key, info in inputs.halls.items()}
    first = inputs.days[0]
    options: dict[str, list[Option]] = defaultdict(list)
    pins: list[tuple[str, Option]] = []
    by_id: dict[int, Candidate] = {}
    for n, c in enumerate(candidates):
        option = Option(
            n,
            f"{c.hall[0]}/{c.hall[1]}",
            c.city,
            (c.day - first).days,
            c.start,
            c.release,
            c.points,
            hire[c.hall],
        )
        by_id[n] = c
        if c.pinned:
            pins.append((c.film, option))
        else:
            options[c.film].append(option)
    screenings: list[Screening] = []
    needs: list[Need] = []
    for film in inputs.active_films:
        mine = [o for f, o in pins if f == film.id]
        for option in mine:
            screenings.append(
                Screening(
                    len(screenings),
                    film.id,
                    film.screenings.min,
                    per_day,
                    spread,
                    [option],
                    True,
                    option,
                )
            )
        for _ in range(max(0, inputs.film_max(film) - len(mine))):
            screenings.append(
                Screening(
                    len(screenings), film.id, film.screenings.min, per_day, spread, options[film.id]
                )
            )
        for city in inputs.venues.cities:
            low, high = inputs.city_limits(film, city.id)
            if low or high is not None:
                needs.append(
                    Need(len(needs), film.id, city.id, low, 10**6 if high is None else high)
                )
    problem = Plan(
        [o for group in options.values() for o in group] + [o for _, o in pins], needs, screenings
    )
    config = SolverConfig(
        solution_class=Plan,
        entity_class_list=[Screening],
        score_director_factory_config=ScoreDirectorFactoryConfig(
            constraint_provider_function=rules
        ),
        termination_config=TerminationConfig(spent_limit=Duration(seconds=int(max(1, time_limit)))),
    )
    solver = SolverFactory.create(config).build_solver()

    def on_best(event: BestSolutionChangedEvent[Any]) -> None:
        score = event.new_best_score
        if score.hard_score == 0 and (not result.trace or score.soft_score > result.trace[-1][1]):
            result.trace.append((clock.now(), score.soft_score))

    solver.add_event_listener(on_best)
    result.setup_seconds = clock.now()
    best = solver.solve(problem)
    tl = inputs.timeline
    placements = []
    for s in best.screenings:
        if s.placement is None:
            continue
        c = by_id[s.placement.id]
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
    result.message = f"score {best.score}"
    if best.score is not None and best.score.hard_score == 0:
        result.claimed_objective = best.score.soft_score


if __name__ == "__main__":
    main("timefold", solve)
