"""A schedule made by hand (a programmer's spreadsheet, a festival's own programme): its placements
as a ``Schedule`` that the verifier checks and the evaluator scores like any plan.

``drafted()`` turns placements (film, venue, hall, naive local start, guest) into screenings, with
film copies assigned greedily day by day where the line-up limits them (a copy already in the city
first). It trusts nothing: a placement in a closed hall or at a time that does not exist locally
becomes a violation, never a silent fix. ``festival score``, ``report --against``, ``plan --start``
and the benchmark (which scores every peer's schedule, and the festival's own) all use it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from festival.candidates import Candidate, guest_minutes
from festival.domain import Schedule, Screening, SolverStats
from festival.inputs import Inputs
from festival.plan import copy_itineraries, festival_record, guest_itineraries, input_records
from festival.scoring import score
from festival.screenings import draft
from festival.timeline import NonexistentLocalTime
from festival.verify import Violation, verify

CopyAt = tuple[str, int, str, dt.date]
"""(film, copy number, city, festival day): which copy of a film serves a city on a day."""


@dataclass(frozen=True)
class Placed:
    """One screening as drafted; ``start`` is the naive local start of the intro, ``id`` names
    it in the schedule (a row of a spreadsheet: ``row-12``; empty: ``<film>-<n>`` in time order,
    as a plan names its screenings)."""

    id: str
    film: str
    venue: str
    hall: str
    start: dt.datetime
    guest: str | None = None


@dataclass(frozen=True)
class Drafted:
    """A hand-made schedule, verified: the schedule and what is wrong with it."""

    schedule: Schedule
    violations: tuple[Violation, ...]
    unplaced: tuple[tuple[str, str], ...]
    """(placement id, why) for placements that could not become a screening at all."""

    @property
    def feasible(self) -> bool:
        """Every placement is a screening and no hard rule is broken."""
        return not self.violations and not self.unplaced


def _candidate(inputs: Inputs, p: Placed) -> Candidate:
    """The placement as a candidate (its points are not needed: the evaluator scores)."""
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


def assign_copies(inputs: Inputs, chosen: Sequence[Candidate]) -> frozenset[CopyAt]:
    """Copies for the screenings of films with a limited number of them, greedily, day by day
    (a copy already in the city first); a screening no copy can reach gets none."""
    needed: dict[str, set[tuple[dt.date, str]]] = defaultdict(set)
    for c in chosen:
        if inputs.copy_pool(c.film) is not None:
            needed[c.film].add((c.day, c.city))
    out: set[CopyAt] = set()
    for film, stops in needed.items():
        pool = inputs.copy_pool(film)
        assert pool is not None
        where: dict[int, dict[dt.date, str]] = {k: {} for k in range(1, pool.count + 1)}
        for day, city in sorted(stops):
            if (pool.available_from and day < pool.available_from) or (
                pool.available_until and day > pool.available_until
            ):
                continue
            ready = [
                k
                for k in where
                if all(
                    d != day and abs((d - day).days) >= inputs.copy_days_apart(c, city)
                    for d, c in where[k].items()
                )
            ]
            if not ready:
                continue
            last = {k: where[k][max(where[k])] if where[k] else None for k in ready}
            k = min(ready, key=lambda k: (last[k] != city, last[k] is None, k))
            where[k][day] = city
            out.add((film, k, city, day))
    return frozenset(out)


def drafted(
    inputs: Inputs,
    placements: Sequence[Placed],
    generated_at: dt.datetime,
    copy_at: frozenset[CopyAt] | None = None,
) -> Drafted:
    """The placements as a verified, scored schedule (copies assigned unless ``copy_at``)."""
    unplaced: list[tuple[str, str]] = []
    chosen: list[tuple[str, Candidate]] = []
    for p in placements:
        if p.film not in inputs.films or (p.venue, p.hall) not in inputs.halls:
            unplaced.append((p.id, f"no film {p.film} or hall {p.venue}/{p.hall}"))
            continue
        guest = p.guest
        if guest is not None and not (
            guest in inputs.guests
            and any(a.film == p.film for a in inputs.guests[guest].appearances)
        ):
            unplaced.append((p.id, f"guest {guest} has no appearance at {p.film}"))
            guest = None
        try:
            c = _candidate(inputs, Placed(p.id, p.film, p.venue, p.hall, p.start, guest))
        except NonexistentLocalTime as err:
            unplaced.append((p.id, str(err)))
            continue
        except OverflowError:
            unplaced.append((p.id, f"{p.start:%Y-%m-%d %H:%M} is out of the calendar's range"))
            continue
        chosen.append((p.id, c))
    counter: dict[str, int] = defaultdict(int)
    for n, (i, c) in sorted(
        enumerate(chosen), key=lambda e: (e[1][1].start, e[1][1].hall, e[1][1].film)
    ):
        if not i:  # unnamed: <film>-<n> in time order, as a plan names its screenings
            counter[c.film] += 1
            chosen[n] = (f"{c.film}-{counter[c.film]}", c)
    screenings = tuple(
        sorted(
            (
                draft(inputs, c, i).model_copy(update={"changed_at": generated_at})
                for i, c in chosen
            ),
            key=lambda s: (s.start_utc, s.venue, s.hall, s.id),
        )
    )
    copies = copy_at if copy_at is not None else assign_copies(inputs, [c for _, c in chosen])
    served = tuple(s for s in screenings if _served(inputs, s, copies))
    earned = score(screenings, inputs)
    schedule = Schedule(
        festival=festival_record(inputs),
        programme=inputs.programme.id,
        generated_at=generated_at,
        inputs=input_records(inputs),
        solver=SolverStats(
            status="feasible",
            objective=earned.total,
            bound=earned.total,
            bound_source="none",
            gap=0.0,
            seed=0,
            workers=1,
            time_limit=0.0,
            deterministic=True,
            wall_seconds=None,
            candidates=0,
            hint_objective=None,
        ),
        score=earned,
        screenings=screenings,
        copies=copy_itineraries(inputs, served, copies),
        guests=guest_itineraries(inputs, screenings),
    )
    return Drafted(schedule, tuple(verify(schedule, inputs)), tuple(unplaced))


def _served(inputs: Inputs, s: Screening, copies: frozenset[CopyAt]) -> bool:
    """Whether the screening has a copy (or its film needs none)."""
    pool = inputs.copy_pool(s.film)
    if pool is None:
        return True
    return any((s.film, k, s.city, s.festival_day) in copies for k in range(1, pool.count + 1))


_ROW = re.compile(r"row-(\d+)")


def rows_of(subject: str) -> list[int]:
    """The spreadsheet rows a violation's subject names (``row-12+row-14`` → [12, 14])."""
    return [int(n) for n in _ROW.findall(subject)]


def located(file: str, violation: Violation | tuple[str, str]) -> str:
    """A violation (or an unplaced row) of a drafted sheet as ``file:row: rule: message``."""
    if isinstance(violation, Violation):
        rows = rows_of(violation.subject) or rows_of(violation.message)
        subject = _ROW.sub(r"row \1", violation.subject)
        message = _ROW.sub(r"row \1", violation.message)
        if rows:
            return f"{file}:{min(rows)}: {violation.rule}: {subject}: {message}"
        return f"{file}: {violation.rule}: {subject}: {message}"
    placed, why = violation
    rows = rows_of(placed)
    return f"{file}:{rows[0] if rows else 0}: {why}"


def placements_of(screenings: Sequence[Screening]) -> list[Placed]:
    """A schedule's screenings as placements (to score or compare them as drafts)."""
    return [
        Placed(s.id, s.film, s.venue, s.hall, s.start_local.replace(tzinfo=None), s.guest)
        for s in screenings
    ]
