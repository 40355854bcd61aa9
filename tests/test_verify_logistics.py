"""The verifier checks copies, transit, guests and the Russian rule pack of a planned tour.

The tour's schedule is verified against altered inputs: each alteration must be reported under the
rule the solver uses for it, and nothing else.
"""

from __future__ import annotations

from typing import Any

from festival.domain import Schedule
from festival.inputs import Inputs
from festival.rules import Rule
from festival.verify import verify

Pair = tuple[Schedule, Inputs]


def altered(
    i: Inputs, venues: dict[str, Any] | None = None, films: dict[str, Any] | None = None
) -> Inputs:
    vf = i.venues.model_copy(update=venues or {})
    prog = i.programme
    if films:
        prog = prog.model_copy(
            update={
                "films": tuple(
                    f.model_copy(update=films) if f.id == "red-silk" else f for f in prog.films
                )
            }
        )
    return Inputs(vf, prog, i.venues_source, i.programme_source)


def rules(schedule: Schedule, i: Inputs) -> set[Rule]:
    return {v.rule for v in verify(schedule, i)}


def test_tour_uses_copies_and_guests_and_verifies(schedules: dict[str, Pair]) -> None:
    schedule, i = schedules["tour"]
    assert verify(schedule, i) == []
    assert {c.film for c in schedule.copies} == {c.film for c in i.venues.logistics.copies}
    assert [len(g.screenings) for g in schedule.guests] == [3, 2]


def test_longer_transit_breaks_copy_transit(schedules: dict[str, Pair]) -> None:
    schedule, i = schedules["tour"]
    moves = [
        (a.city, b.city)
        for c in schedule.copies
        for a, b in zip(c.stays, c.stays[1:], strict=False)
    ]
    assert moves, "the tour moves at least one copy between cities"
    logistics = i.venues.logistics.model_copy(update={"ingest_hours": 70})
    assert rules(schedule, altered(i, {"logistics": logistics})) == {Rule.COPY_TRANSIT}


def test_fewer_copies_break_copy_location(schedules: dict[str, Pair]) -> None:
    schedule, i = schedules["tour"]
    used = {(c.film, c.copy_number) for c in schedule.copies}
    film = next(f for f, n in used if n == 2)
    pools = tuple(
        p.model_copy(update={"count": 1}) if p.film == film else p
        for p in i.venues.logistics.copies
    )
    logistics = i.venues.logistics.model_copy(update={"copies": pools})
    assert rules(schedule, altered(i, {"logistics": logistics})) == {Rule.COPY_LOCATION}


def test_guest_changes_are_reported(schedules: dict[str, Pair]) -> None:
    schedule, i = schedules["tour"]
    volgin = i.venues.guests[0]
    fewer_days = volgin.model_copy(
        update={
            "available": (
                volgin.available[0].model_copy(update={"until": volgin.available[0].from_}),
            )
        }
    )
    assert rules(schedule, altered(i, {"guests": (fewer_days, *i.venues.guests[1:])})) == {
        Rule.GUEST_AVAILABLE
    }
    more = volgin.model_copy(
        update={"appearances": (volgin.appearances[0].model_copy(update={"count": 4}),)}
    )
    assert rules(schedule, altered(i, {"guests": (more, *i.venues.guests[1:])})) == {
        Rule.GUEST_COUNT
    }


def test_certificate_withdrawn_breaks_the_126_fz_limit(schedules: dict[str, Pair]) -> None:
    schedule, i = schedules["tour"]
    found = verify(schedule, altered(i, films={"certificate": False}))
    assert [v.rule for v in found] == [Rule.RU_UNCERTIFIED_LIMIT]
    assert found[0].message.endswith("(126-FZ Art. 5.1)")
