"""Planning end to end: pre-checks, constructive schedule, optimisation, verification.

``plan()`` returns a verified ``Schedule`` or raises a typed error; it writes nothing and prints
nothing. The creation time is passed in, so the same inputs and options give the same schedule.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Callable

from festival import precheck
from festival.candidates import Candidate, enumerate_candidates, settled_heap
from festival.domain import (
    ChangeReport,
    CopyItinerary,
    FestivalRecord,
    GuestItinerary,
    GuestKind,
    InputRecord,
    Schedule,
    Screening,
    SolverStats,
    Stay,
)
from festival.errors import InfeasibleError, InternalError
from festival.inputs import Inputs
from festival.replan import anchors, carriers, change_penalty, identify
from festival.scoring import score
from festival.solver import Progress, SolveOptions, gap, solve
from festival.solver.bound import upper_bound
from festival.solver.construct import CopyAt, construct
from festival.solver.dominance import dominant
from festival.solver.explain import relax
from festival.solver.strategy import Strategy
from festival.verify import verify, verify_change

SNAPSHOT_VENUES = "inputs/venues.yaml"
SNAPSHOT_PROGRAMME = "inputs/programme.yaml"


def draft(inputs: Inputs, c: Candidate, screening_id: str) -> Screening:
    """The screening a chosen candidate stands for."""
    tl = inputs.timeline
    policy = inputs.venues.policy
    info = inputs.halls[c.hall]
    start_local = tl.local(c.start, info.tz)
    label = ""
    if c.pinned:
        label = next(
            (
                p.label
                for p in inputs.venues.pins
                if (p.film, (p.venue, p.hall), p.start)
                == (c.film, c.hall, start_local.replace(tzinfo=None))
            ),
            "",
        )
    return Screening(
        id=screening_id,
        film=c.film,
        city=c.city,
        venue=c.hall[0],
        hall=c.hall[1],
        start_local=start_local,
        end_local=tl.local(c.end, info.tz),
        start_utc=tl.utc(c.start),
        end_utc=tl.utc(c.end),
        festival_day=tl.festival_day(start_local),
        intro_minutes=policy.intro_minutes,
        runtime_minutes=c.end - c.start - policy.intro_minutes - c.extra,
        turnover_minutes=c.release - c.end,
        pinned=c.pinned,
        label=label,
        guest=c.guest,
        guest_kind=guest_kind(inputs, c.guest, c.film),
        guest_minutes=c.extra,
    )


def screenings_of(inputs: Inputs, chosen: list[Candidate]) -> tuple[Screening, ...]:
    """Domain screenings for chosen candidates, with ids ``<film>-<n>`` numbered in time order."""
    ordered = sorted(chosen, key=lambda c: (c.start, c.hall, c.film))
    counter: dict[str, int] = defaultdict(int)
    out = []
    for c in ordered:
        counter[c.film] += 1
        out.append(draft(inputs, c, f"{c.film}-{counter[c.film]}"))
    return tuple(out)


def guest_kind(inputs: Inputs, guest: str | None, film: str) -> GuestKind | None:
    """Whether the guest introduces the film or answers questions after it."""
    if guest is None:
        return None
    return next(a.kind for a in inputs.guests[guest].appearances if a.film == film)


def copy_itineraries(
    inputs: Inputs, screenings: tuple[Screening, ...], copy_at: frozenset[CopyAt]
) -> tuple[CopyItinerary, ...]:
    """Each copy's stays: consecutive festival days in one city, with the screenings it serves."""
    served: dict[tuple[str, int], list[Screening]] = defaultdict(list)
    for s in screenings:
        pool = inputs.copy_pool(s.film)
        if pool is None:
            continue
        k = min(
            (k for k in range(1, pool.count + 1) if (s.film, k, s.city, s.festival_day) in copy_at),
            default=None,
        )
        if k is None:
            raise InternalError(f"no copy of {s.film} in {s.city} on {s.festival_day}")
        served[(s.film, k)].append(s)
    out = []
    for (film, k), items in sorted(served.items()):
        items.sort(key=lambda s: (s.festival_day, s.start_utc))
        stays: list[Stay] = []
        for s in items:
            last = stays[-1] if stays else None
            if last is not None and last.city == s.city:
                stays[-1] = last.model_copy(
                    update={"last_day": s.festival_day, "screenings": (*last.screenings, s.id)}
                )
            else:
                stays.append(
                    Stay(
                        city=s.city,
                        first_day=s.festival_day,
                        last_day=s.festival_day,
                        screenings=(s.id,),
                    )
                )
        out.append(CopyItinerary(film=film, copy_number=k, stays=tuple(stays)))
    return tuple(out)


def guest_itineraries(
    inputs: Inputs, screenings: tuple[Screening, ...]
) -> tuple[GuestItinerary, ...]:
    """Each guest's appearances in time order."""
    return tuple(
        GuestItinerary(
            guest=g.id,
            screenings=tuple(
                s.id for s in sorted(screenings, key=lambda s: s.start_utc) if s.guest == g.id
            ),
        )
        for g in inputs.venues.guests
    )


def _record(inputs: Inputs) -> FestivalRecord:
    f = inputs.venues.festival
    return FestivalRecord(
        id=f.id,
        name=f.name,
        first_day=f.first_day,
        last_day=f.last_day,
        base_url=f.base_url,
        domain=f.domain,
    )


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def explain(inputs: Inputs, time_limit: float = 20.0, deterministic: bool = False) -> list[str]:
    """Why no schedule exists, in words: counting pre-checks, else the fewest requirements to relax
    (searched for ``time_limit`` seconds, or deterministic time: ``festival.solver.explain.relax``).

    Returns [] when a schedule does exist.
    """
    candidates = enumerate_candidates(inputs)
    found = precheck.reasons(inputs, candidates)
    if found:
        return found
    return relax(inputs, dominant(candidates), time_limit, deterministic)


def plan(
    inputs: Inputs,
    options: SolveOptions,
    generated_at: dt.datetime,
    on_progress: Callable[[Progress], None] = lambda p: None,
) -> Schedule:
    """A verified, optimised schedule for the inputs; raises InfeasibleError when none can exist."""
    schedule, _ = _plan(inputs, options, generated_at, on_progress, None)
    return schedule


def replan(
    inputs: Inputs,
    previous: Schedule,
    options: SolveOptions,
    generated_at: dt.datetime,
    on_progress: Callable[[Progress], None] = lambda p: None,
) -> tuple[Schedule, ChangeReport]:
    """Plan again after publication: the fewest, cheapest changes to ``previous``, verified."""
    schedule, report = _plan(inputs, options, generated_at, on_progress, previous)
    assert report is not None
    return schedule, report


def best_first(inputs: Inputs, candidates: list[Candidate], replan: bool = False) -> bool:
    """Whether the greedy start places minimums best first across films (``festival.solver.construct``),
    as ``plan()`` builds it for a festival of this size (``Strategy.best_first``)."""
    return Strategy.for_size(len(candidates), len(inputs.days), replan).best_first


def _plan(
    inputs: Inputs,
    options: SolveOptions,
    generated_at: dt.datetime,
    on_progress: Callable[[Progress], None],
    previous: Schedule | None,
) -> tuple[Schedule, ChangeReport | None]:
    candidates = enumerate_candidates(inputs)
    with settled_heap():
        return _planned(inputs, candidates, options, generated_at, on_progress, previous)


def _planned(
    inputs: Inputs,
    candidates: list[Candidate],
    options: SolveOptions,
    generated_at: dt.datetime,
    on_progress: Callable[[Progress], None],
    previous: Schedule | None,
) -> tuple[Schedule, ChangeReport | None]:
    reasons = precheck.reasons(inputs, candidates)
    if reasons:
        raise InfeasibleError(reasons)
    protected = carriers(inputs, previous, candidates) if previous is not None else set()
    candidates = dominant(candidates, protected)
    found = anchors(inputs, previous, candidates) if previous is not None else None
    strategy = options.strategy or Strategy.for_size(
        len(candidates), len(inputs.days), found is not None
    )
    options = dataclasses.replace(options, strategy=strategy)
    start = construct(inputs, candidates, found, strategy.best_first)
    bound = upper_bound(inputs, candidates)
    hint_objective = None
    if start is not None:
        hint_objective = score(
            screenings_of(inputs, [candidates[i] for i in start.chosen]), inputs
        ).total
        if found is not None:
            hint_objective -= change_penalty(inputs, found, start.matched, len(start.chosen))
    try:
        solved = solve(
            inputs, candidates, start, bound, options, on_progress, found, hint_objective
        )
    except InfeasibleError:
        ways = relax(inputs, candidates)
        raise InfeasibleError(
            [f"the fewest requirements to relax: {w}" for w in ways]
            or ["the solver proved that the rules cannot all hold together"]
        ) from None
    report: ChangeReport | None = None
    cancelled: tuple[Screening, ...] = ()
    if previous is None or found is None:
        screenings = tuple(
            s.model_copy(update={"changed_at": generated_at})
            for s in screenings_of(inputs, [candidates[i] for i in solved.chosen])
        )
        penalty = 0
    else:
        drafts = {i: draft(inputs, candidates[i], f"new-{i}") for i in solved.chosen}
        screenings, cancelled, report = identify(
            inputs, previous, found, solved.matched, drafts, generated_at
        )
        penalty = report.penalty
    earned = score(screenings, inputs)
    objective = earned.total - penalty
    if solved.objective is not None and solved.objective != objective:
        raise InternalError(
            f"the solver's objective {solved.objective} differs from the schedule's score "
            f"{earned.total} less the change penalty {penalty}"
        )
    final_bound = max(min(solved.bound, bound), objective)
    stats = SolverStats(
        status=solved.status,
        objective=objective,
        bound=final_bound,
        bound_source=solved.bound_source,
        gap=round(gap(objective, final_bound), 6),
        seed=options.seed,
        workers=options.effective_workers,
        time_limit=options.time_limit,
        deterministic=options.deterministic,
        wall_seconds=None if options.deterministic else round(solved.wall_seconds, 3),
        candidates=len(candidates),
        hint_objective=hint_objective,
    )
    schedule = Schedule(
        festival=_record(inputs),
        programme=inputs.programme.id,
        generated_at=generated_at,
        inputs={
            "venues": InputRecord(path=SNAPSHOT_VENUES, sha256=_sha(inputs.venues_source.data)),
            "programme": InputRecord(
                path=SNAPSHOT_PROGRAMME, sha256=_sha(inputs.programme_source.data)
            ),
        },
        solver=stats,
        score=earned,
        screenings=screenings,
        copies=copy_itineraries(inputs, screenings, solved.copy_at),
        guests=guest_itineraries(inputs, screenings),
        revision=1 if previous is None else previous.revision + 1,
        cancelled=cancelled,
    )
    violations = verify(schedule, inputs)
    if previous is not None:
        violations += verify_change(previous, schedule, inputs)
    if violations:
        raise InternalError(
            "the solver's schedule failed verification: " + "; ".join(map(str, violations[:5]))
        )
    return schedule, report
