"""The programmer's draft: steps, undo and redo, the verifier's words on the blocks, locks as pins."""

from __future__ import annotations

import datetime as dt

import pytest

from festival.domain import Schedule
from festival.edit.draft import Draft, Edit, EditError
from festival.inputs import Inputs
from festival.verify import verify
from tests.conftest import EXAMPLES, plan_example


@pytest.fixture(scope="module")
def tour() -> tuple[Schedule, Inputs]:
    return plan_example(EXAMPLES["tour"])


def _two_in_one_hall(schedule: Schedule) -> tuple[str, str, str, str]:
    """Two screenings in the same hall on the same day: (first, second, venue, hall)."""
    seen: dict[tuple[str, str, dt.date], str] = {}
    for s in sorted(schedule.screenings, key=lambda s: s.start_utc):
        key = (s.venue, s.hall, s.festival_day)
        if key in seen and not s.pinned:
            return seen[key], s.id, s.venue, s.hall
        seen.setdefault(key, s.id)
    raise AssertionError("no hall shows two screenings in a day")


def test_a_plan_as_a_draft_is_clean_and_scores_the_same(tour: tuple[Schedule, Inputs]) -> None:
    schedule, inputs = tour
    draft = Draft.of(schedule, inputs)
    checked = draft.check()
    assert checked.violations == () and checked.by_screening == {}
    assert checked.score == schedule.score.total
    assert draft.state.locked == {s.id for s in schedule.screenings if s.pinned} != set()


def test_a_move_onto_another_screening_is_named_on_both_and_undone(
    tour: tuple[Schedule, Inputs],
) -> None:
    schedule, inputs = tour
    first, second, venue, hall = _two_in_one_hall(schedule)
    at = next(s for s in schedule.screenings if s.id == first).start_local
    draft = Draft.of(schedule, inputs)
    before = draft.check().score
    draft.apply(Edit("move", second, venue=venue, hall=hall, start=at.replace(tzinfo=None)))
    checked = draft.check()
    # the verifier's own words, as the CLI prints them
    overlap = [v for v in checked.violations if v.rule == "hall_overlap"]
    assert overlap and {str(v) for v in verify(checked.schedule, inputs)} == {
        str(v) for v in checked.violations
    }
    for ident in (first, second):
        assert any(m.startswith("hall_overlap: ") for m in checked.by_screening[ident])
    assert draft.undo()
    assert draft.check().violations == () and draft.check().score == before
    assert draft.redo() and draft.check() is checked
    assert not draft.redo()


def test_remove_and_add_are_steps_and_add_names_a_new_screening(
    tour: tuple[Schedule, Inputs],
) -> None:
    schedule, inputs = tour
    draft = Draft.of(schedule, inputs)
    gone = next(s for s in schedule.screenings if not s.pinned)
    draft.apply(Edit("remove", gone.id))
    assert gone.id not in {p.id for p in draft.state.placements}
    draft.apply(
        Edit("add", film=gone.film, venue=gone.venue, hall=gone.hall, start=gone.start_local)
    )
    added = draft.state.placements[-1]
    assert added.film == gone.film and added.id not in {s.id for s in schedule.screenings} - {
        gone.id
    }
    assert draft.check().violations == ()
    assert draft.undo() and draft.undo() and len(draft.state.placements) == len(schedule.screenings)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (Edit("move", "no-such-screening", venue="okean", hall="big"), "no screening"),
        (Edit("add", film="no-such-film", venue="okean", hall="big"), "no film"),
    ],
)
def test_an_impossible_edit_is_refused_and_changes_nothing(
    tour: tuple[Schedule, Inputs], edit: Edit, message: str
) -> None:
    schedule, inputs = tour
    draft = Draft.of(schedule, inputs)
    state = draft.state
    with pytest.raises(EditError, match=message):
        draft.apply(dataclass_with_start(edit))
    assert draft.state is state and not draft.undo()


def dataclass_with_start(edit: Edit) -> Edit:
    import dataclasses

    return dataclasses.replace(edit, start=dt.datetime(2025, 11, 1, 12, 0))


def test_an_unknown_hall_is_refused(tour: tuple[Schedule, Inputs]) -> None:
    schedule, inputs = tour
    draft = Draft.of(schedule, inputs)
    one = schedule.screenings[0]
    with pytest.raises(EditError, match="no hall okean/nowhere"):
        draft.apply(
            Edit("move", one.id, venue="okean", hall="nowhere", start=dt.datetime(2025, 11, 1))
        )


def test_locks_are_the_venue_file_pins_and_the_new_ones(tour: tuple[Schedule, Inputs]) -> None:
    schedule, inputs = tour
    draft = Draft.of(schedule, inputs)
    pins = draft.pins()
    assert [(p.film, p.venue, p.hall, p.start, p.label) for p in pins] == sorted(
        ((p.film, p.venue, p.hall, p.start, p.label) for p in inputs.venues.pins),
        key=lambda t: t[3],
    )
    free = [s for s in schedule.screenings if not s.pinned][:2]
    for s in free:
        draft.apply(Edit("lock", s.id))
    opening = next(s for s in schedule.screenings if s.pinned)
    draft.apply(Edit("unlock", opening.id))
    now = {(p.film, p.venue, p.hall, p.start) for p in draft.pins()}
    assert {(s.film, s.venue, s.hall, s.start_local.replace(tzinfo=None)) for s in free} <= now
    assert (
        opening.film,
        opening.venue,
        opening.hall,
        opening.start_local.replace(tzinfo=None),
    ) not in now
    assert len(now) == len(pins) + 1


def test_a_step_that_changes_nothing_is_not_a_step(tour: tuple[Schedule, Inputs]) -> None:
    schedule, inputs = tour
    draft = Draft.of(schedule, inputs)
    pinned = next(s for s in schedule.screenings if s.pinned)
    draft.apply(Edit("lock", pinned.id))
    assert not draft.undo()
