"""Why no schedule exists: the fewest organiser requirements to relax, in the organiser's words.

Each requirement group (a pin, a film's minimum, a film's minimum in a city, a guest's
appearances) gets one enforcement literal; the solver maximises how many hold. The groups left
false are the smallest set to relax. Alternatives of the same size are found by forbidding each
set found and solving again. The rules of law, halls, copies and travel are never relaxed.
"""

from __future__ import annotations

import time

from ortools.sat.python import cp_model

from festival.candidates import Candidate
from festival.inputs import Inputs
from festival.solver.model import Requirement, build

ALTERNATIVES = 3


def describe(
    requirement: Requirement, achieved: int, inputs: Inputs, candidates: list[Candidate]
) -> str:
    """One requirement and how far it can be met, as an organiser would say it."""
    if requirement.kind == "pin":
        c = candidates[requirement.indices[0]]
        info = inputs.halls[c.hall]
        local = inputs.timeline.local(c.start, info.tz)
        return (
            f"un-pin {inputs.films[c.film].title.en} from {local:%H:%M} on {local.day} "
            f"{local:%b} at {info.venue.name.en}"
        )
    if requirement.kind == "film_min":
        title = inputs.films[requirement.subject[0]].title.en
        return f"allow {title} {achieved} screenings in total instead of {requirement.asked}"
    if requirement.kind == "city_min":
        film, city = requirement.subject
        return (
            f"allow {inputs.films[film].title.en} {achieved} screenings in "
            f"{inputs.cities[city].name.en} instead of {requirement.asked}"
        )
    guest, film = requirement.subject
    return (
        f"ask {inputs.guests[guest].name.en} for {achieved} appearance(s) at "
        f"{inputs.films[film].title.en} instead of {requirement.asked}"
    )


def relax(
    inputs: Inputs,
    candidates: list[Candidate],
    time_limit: float = 20.0,
    deterministic: bool = False,
) -> list[str]:
    """Ways to make the plan possible, each the fewest requirements to relax; [] if none needed.

    ``deterministic``: one worker and ``time_limit`` in CP-SAT's deterministic time, the same
    answer on any machine (else two workers and seconds).

    Raises nothing: if even relaxing every requirement leaves no schedule, says so in words.
    """
    v = build(inputs, candidates, relaxable=True)
    options: list[str] = []
    best_size: int | None = None
    started = time.monotonic()
    spent = 0.0
    for _ in range(ALTERNATIVES):
        solver = cp_model.CpSolver()
        if deterministic:
            solver.parameters.num_workers = 1
            solver.parameters.max_deterministic_time = max(1.0, time_limit - spent)
        else:
            solver.parameters.num_workers = 2
            left = time_limit - (time.monotonic() - started)
            solver.parameters.max_time_in_seconds = max(1.0, left)
        status = solver.solve(v.model)
        spent += solver.response_proto.deterministic_time
        if status == cp_model.INFEASIBLE and not options:
            return [
                "even with every pin, minimum and guest appearance relaxed, the halls, copies, "
                "travel times and legal limits leave no schedule"
            ]
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            break
        dropped = [(lit, req) for lit, req in v.requirements if not solver.boolean_value(lit)]
        if not dropped:
            return []
        if best_size is not None and len(dropped) > best_size:
            break
        best_size = len(dropped)
        words = [
            describe(
                req, sum(solver.boolean_value(v.x[i]) for i in req.indices), inputs, candidates
            )
            for _, req in dropped
        ]
        options.append("; and ".join(words))
        v.model.add_bool_or([lit for lit, _ in dropped])
    return (
        [" or ".join(options)]
        if options
        else [
            "no relaxation was found within the time limit; try `festival explain` with more time"
        ]
    )
