"""Planning end to end: pre-check → solve → schedule → verify.

``plan()`` returns a verified ``Schedule`` or raises a typed error; it writes nothing and prints
nothing. The creation time is passed in, so the same inputs and options give the same schedule.
The optimisation is the solver's alone (``festival.solver.solve``): dominance, the greedy start,
the strategy, bounds and hints.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Callable

from festival import precheck, solver
from festival.candidates import enumerate_candidates, settled_heap
from festival.domain import (
    ChangeReport,
    CopyItinerary,
    FestivalRecord,
    GuestItinerary,
    InputRecord,
    Schedule,
    Screening,
    SolverStats,
    Stay,
)
from festival.errors import InfeasibleError, InternalError
from festival.inputs import Inputs
from festival.layout import SNAPSHOT_PROGRAMME, SNAPSHOT_VENUES
from festival.replan import identify
from festival.scoring import score
from festival.screenings import draft, screenings_of
from festival.solver import CopyAt, Problem, Progress, Solved, SolveOptions, gap
from festival.verify import verify, verify_change


def plan(
    inputs: Inputs,
    options: SolveOptions,
    generated_at: dt.datetime,
    on_progress: Callable[[Progress], None] = lambda p: None,
) -> Schedule:
    """A verified, optimised schedule for the inputs; raises InfeasibleError when none can exist."""
    schedule, _ = _plan(inputs, options, generated_at, on_progress, None)
    return schedule


def plan_from(
    inputs: Inputs,
    start: Schedule,
    options: SolveOptions,
    generated_at: dt.datetime,
    on_progress: Callable[[Progress], None] = lambda p: None,
) -> tuple[Schedule, ChangeReport]:
    """Plan from a draft (a hand-made schedule, never published): re-plan semantics, so the plan
    keeps as much of ``start`` as the replanning weights say, but it is a first publication (new
    ids, nothing cancelled). The report says what became of the draft's screenings."""
    schedule, report = _plan(inputs, options, generated_at, on_progress, start, draft=True)
    assert report is not None
    return schedule, report


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


def explain(inputs: Inputs, time_limit: float = 20.0, deterministic: bool = False) -> list[str]:
    """Why no schedule exists, in words: counting pre-checks, else the fewest requirements to relax
    (searched for ``time_limit`` seconds, or deterministic time: ``festival.solver.relaxations``).

    Returns [] when a schedule does exist.
    """
    candidates = enumerate_candidates(inputs)
    found = precheck.reasons(inputs, candidates)
    if found:
        return found
    return solver.relaxations(Problem(inputs, candidates), time_limit, deterministic)


def _plan(
    inputs: Inputs,
    options: SolveOptions,
    generated_at: dt.datetime,
    on_progress: Callable[[Progress], None],
    previous: Schedule | None,
    draft: bool = False,
) -> tuple[Schedule, ChangeReport | None]:
    candidates = enumerate_candidates(inputs)
    with settled_heap():
        reasons = precheck.reasons(inputs, candidates)
        if reasons:
            raise InfeasibleError(reasons)
        solved = solver.solve(Problem(inputs, candidates, previous), options, on_progress)
        schedule, report = _schedule(inputs, solved, options, generated_at, previous, draft)
        _verify(schedule, inputs, None if draft else previous)
    return schedule, report


def _schedule(
    inputs: Inputs,
    solved: Solved,
    options: SolveOptions,
    generated_at: dt.datetime,
    previous: Schedule | None,
    draft: bool = False,
) -> tuple[Schedule, ChangeReport | None]:
    """The schedule the solver's choice makes: screenings (on a re-plan, with the published
    ones' ids; from a ``draft``, numbered afresh), score, statistics, copies and guests."""
    screenings, cancelled, report = _screenings(inputs, solved, generated_at, previous)
    if draft:
        screenings, cancelled = _fresh(inputs, solved, generated_at), ()
    earned = score(screenings, inputs)
    objective = earned.total - (0 if report is None else report.penalty)
    if solved.objective is not None and solved.objective != objective:
        raise InternalError(
            f"the solver's objective {solved.objective} differs from the schedule's score "
            f"{earned.total} less the change penalty {earned.total - objective}"
        )
    schedule = Schedule(
        festival=festival_record(inputs),
        programme=inputs.programme.id,
        generated_at=generated_at,
        inputs=input_records(inputs),
        solver=_stats(solved, options, objective),
        score=earned,
        screenings=screenings,
        copies=copy_itineraries(inputs, screenings, solved.copy_at),
        guests=guest_itineraries(inputs, screenings),
        revision=1 if previous is None or draft else previous.revision + 1,
        cancelled=cancelled,
    )
    return schedule, report


def _screenings(
    inputs: Inputs, solved: Solved, generated_at: dt.datetime, previous: Schedule | None
) -> tuple[tuple[Screening, ...], tuple[Screening, ...], ChangeReport | None]:
    """The chosen screenings, the cancelled ones and the change report (None when planning
    afresh): on a re-plan, each published screening keeps its id where it is kept or moved."""
    if previous is None or solved.anchors is None:
        return _fresh(inputs, solved, generated_at), (), None
    drafts = {i: draft(inputs, solved.candidates[i], f"new-{i}") for i in solved.chosen}
    return identify(inputs, previous, solved.anchors, solved.matched, drafts, generated_at)


def _fresh(inputs: Inputs, solved: Solved, generated_at: dt.datetime) -> tuple[Screening, ...]:
    """The chosen screenings of a first publication, numbered ``<film>-<n>`` in time order."""
    return tuple(
        s.model_copy(update={"changed_at": generated_at})
        for s in screenings_of(inputs, solved.picked)
    )


def _stats(solved: Solved, options: SolveOptions, objective: int) -> SolverStats:
    """The solve's statistics, as the schedule records them (no wall time when deterministic)."""
    bound = max(solved.bound, objective)
    return SolverStats(
        status=solved.status,
        objective=objective,
        bound=bound,
        bound_source=solved.bound_source,
        gap=round(gap(objective, bound), 6),
        seed=options.seed,
        workers=options.effective_workers,
        time_limit=options.time_limit,
        deterministic=options.deterministic,
        wall_seconds=None if options.deterministic else round(solved.wall_seconds, 3),
        candidates=len(solved.candidates),
        hint_objective=solved.hint_objective,
    )


def _verify(schedule: Schedule, inputs: Inputs, previous: Schedule | None) -> None:
    """Every rule, checked on the finished schedule by the verifier (and on a re-plan, the
    change rules against ``previous``); InternalError if any breaks."""
    violations = verify(schedule, inputs)
    if previous is not None:
        violations += verify_change(previous, schedule, inputs)
    if violations:
        raise InternalError(
            "the solver's schedule failed verification: " + "; ".join(map(str, violations[:5]))
        )


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
    return tuple(
        CopyItinerary(film=film, copy_number=k, stays=_stays(items))
        for (film, k), items in sorted(served.items())
    )


def _stays(served: list[Screening]) -> tuple[Stay, ...]:
    """A copy's stays: its screenings by day, consecutive ones in one city together."""
    served.sort(key=lambda s: (s.festival_day, s.start_utc))
    stays: list[Stay] = []
    for s in served:
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
    return tuple(stays)


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


def input_records(inputs: Inputs) -> dict[str, InputRecord]:
    """The input files a schedule was made from: their snapshots' paths and SHA-256."""
    return {
        "venues": InputRecord(path=SNAPSHOT_VENUES, sha256=_sha(inputs.venues_source.data)),
        "programme": InputRecord(
            path=SNAPSHOT_PROGRAMME, sha256=_sha(inputs.programme_source.data)
        ),
    }


def festival_record(inputs: Inputs) -> FestivalRecord:
    """The festival as a schedule records it."""
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
