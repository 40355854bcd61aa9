"""The common judge: any peer's placements → festival screenings → ``verify`` and ``score``.

Every schedule in the benchmark, ours included, is judged here by the festival's own verifier and
evaluator, so all objectives are in the same points and every broken rule is counted. Nothing a
peer claims is taken on trust: a peer's own objective is only compared with the score it earns.

A peer that does not place film copies gets them assigned greedily (day by day, a copy already in
the city first); a screening no copy can reach is reported by the verifier (``copy_location``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from festival.candidates import Candidate, guest_minutes
from festival.domain import FestivalRecord, InputRecord, Schedule, Score, SolverStats
from festival.inputs import Inputs
from festival.plan import copy_itineraries, guest_itineraries
from festival.scoring import score
from festival.screenings import screenings_of
from festival.timeline import NonexistentLocalTime
from festival.verify import verify
from tests.benchmarks.placements import CopyAt, Placement

STAMP = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


@dataclass
class Judgement:
    """What the festival's verifier and evaluator say about one schedule."""

    score: Score
    screenings: int
    violations: list[str]
    by_rule: Counter[str] = field(default_factory=Counter)

    @property
    def feasible(self) -> bool:
        """True when no hard rule is broken."""
        return not self.violations


def _candidate(inputs: Inputs, p: Placement) -> Candidate:
    """The placement as a candidate (points are not needed: the evaluator re-scores)."""
    info = inputs.halls[(p.venue, p.hall)]
    film = inputs.films[p.film]
    tl = inputs.timeline
    start = tl.minute_local(p.start, info.tz)
    day = tl.festival_day(tl.local(start, info.tz))
    extra = guest_minutes(inputs, p.guest, p.film)
    end = start + inputs.venues.policy.intro_minutes + film.runtime + extra
    pinned = any(
        (pin.film, pin.venue, pin.hall, pin.start) == (p.film, p.venue, p.hall, p.start)
        for pin in inputs.venues.pins
    )
    release = end + inputs.turnover(info.hall)
    return Candidate(
        p.film, info.key, info.city.id, day, start, end, release, 0, pinned, p.guest, extra
    )


def assign_copies(
    inputs: Inputs, chosen: list[Candidate]
) -> frozenset[tuple[str, int, str, dt.date]]:
    """Copies for the screenings of films with a limited number of them, greedily, day by day."""
    needed: dict[str, set[tuple[dt.date, str]]] = defaultdict(set)
    for c in chosen:
        if inputs.copy_pool(c.film) is not None:
            needed[c.film].add((c.day, c.city))
    out = set()
    for film, stops in needed.items():
        pool = inputs.copy_pool(film)
        assert pool is not None
        where: dict[int, dict[dt.date, str]] = {k: {} for k in range(1, pool.count + 1)}
        for day, city in sorted(stops):
            if (pool.available_from and day < pool.available_from) or (
                pool.available_until and day > pool.available_until
            ):
                continue

            def fits(
                k: int,
                day: dt.date = day,
                city: str = city,
                where: dict[int, dict[dt.date, str]] = where,
            ) -> bool:
                return all(
                    d != day and abs((d - day).days) >= inputs.copy_days_apart(c, city)
                    for d, c in where[k].items()
                )

            ready = [k for k in where if fits(k)]
            if not ready:
                continue
            last = {k: where[k][max(where[k])] if where[k] else None for k in ready}
            k = min(ready, key=lambda k: (last[k] != city, last[k] is None, k))
            where[k][day] = city
            out.add((film, k, city, day))
    return frozenset(out)


def judge(inputs: Inputs, placements: list[Placement], copy_at: list[CopyAt] | None) -> Judgement:
    """Verify and score a peer's schedule with the festival's own verifier and evaluator."""
    problems: list[str] = []
    chosen: list[Candidate] = []
    for p in placements:
        if p.film not in inputs.films or (p.venue, p.hall) not in inputs.halls:
            problems.append(f"record: {p.film} at {p.venue}/{p.hall}: unknown film or hall")
            continue
        guest = p.guest
        if guest is not None and guest_minutes(inputs, guest, p.film) == 0:
            has = guest in inputs.guests and any(
                a.film == p.film for a in inputs.guests[guest].appearances
            )
            if not has:
                problems.append(f"record: {p.film}: guest {guest} has no appearance at it")
                guest = None
        try:
            chosen.append(_candidate(inputs, Placement(p.start, p.venue, p.hall, p.film, guest)))
        except NonexistentLocalTime:
            problems.append(f"record: {p.film} at {p.start}: no such local time")
    screenings = screenings_of(inputs, chosen)
    if copy_at is None:
        copies = assign_copies(inputs, chosen)
    else:
        copies = frozenset((f, int(k), c, dt.date.fromisoformat(d)) for f, k, c, d in copy_at)
    served = tuple(
        s
        for s in screenings
        if inputs.copy_pool(s.film) is None
        or any((s.film, k, s.city, s.festival_day) in copies for k in range(1, 51))
    )
    earned = score(screenings, inputs)
    fest = inputs.venues.festival
    schedule = Schedule(
        festival=FestivalRecord(
            id=fest.id,
            name=fest.name,
            first_day=fest.first_day,
            last_day=fest.last_day,
            base_url=fest.base_url,
            domain=fest.domain,
        ),
        programme=inputs.programme.id,
        generated_at=STAMP,
        inputs={
            "venues": InputRecord(path="venues.yaml", sha256="0" * 64),
            "programme": InputRecord(path="programme.yaml", sha256="0" * 64),
        },
        solver=SolverStats(
            status="feasible",
            objective=earned.total,
            bound=earned.total,
            bound_source="none",
            gap=0.0,
            seed=0,
            workers=1,
            time_limit=0.0,
            deterministic=False,
            wall_seconds=None,
            candidates=0,
            hint_objective=None,
        ),
        score=earned,
        screenings=screenings,
        copies=copy_itineraries(inputs, served, copies),
        guests=guest_itineraries(inputs, screenings),
    )
    violations = problems + [str(v) for v in verify(schedule, inputs)]
    by_rule = Counter(v.split(":", 1)[0] for v in violations)
    return Judgement(earned, len(screenings), violations, by_rule)
