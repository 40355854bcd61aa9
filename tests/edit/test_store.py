"""The workspace on disk: the draft saved whole after every step, and locks written into the venue
file as pins that `festival plan` keeps, with the file's comments and layout."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from festival.domain import Pin, Schedule
from festival.edit.draft import Draft, Edit
from festival.edit.store import draft_path, pins_text, read_draft, save_draft, write_pins
from festival.errors import InputError
from festival.inputs import Inputs
from festival.load import load
from tests.conftest import EXAMPLES, plan_example, tour_copy


@pytest.fixture(scope="module")
def tour() -> tuple[Schedule, Inputs]:
    return plan_example(EXAMPLES["tour"])


def _copy_tour(tmp_path: Path) -> Path:
    return tour_copy(tmp_path)


def test_the_draft_is_saved_whole_and_read_back(
    tour: tuple[Schedule, Inputs], tmp_path: Path
) -> None:
    schedule, inputs = tour
    draft = Draft.of(schedule, inputs)
    one = next(s for s in schedule.screenings if not s.pinned)
    draft.apply(
        Edit("move", one.id, venue=one.venue, hall=one.hall, start=dt.datetime(2025, 11, 2, 12, 0))
    )
    draft.apply(Edit("lock", one.id))
    save_draft(tmp_path, draft.state, inputs, 1)
    assert read_draft(tmp_path, inputs, 1) == draft.state
    assert read_draft(tmp_path, inputs, 2) is None  # a draft of an earlier publication
    assert [p.name for p in draft_path(tmp_path).parent.iterdir()] == ["draft.json"]
    # a draft of other inputs is not resumed; a damaged one neither
    other = load(EXAMPLES["may"])
    assert read_draft(tmp_path, other, 1) is None
    draft_path(tmp_path).write_text("{ not json", encoding="utf-8")
    assert read_draft(tmp_path, inputs, 1) is None


def test_locks_become_pins_that_plan_keeps_and_comments_stay(
    tour: tuple[Schedule, Inputs], tmp_path: Path
) -> None:
    schedule, _ = tour
    venues = _copy_tour(tmp_path)
    inputs = load(venues)
    draft = Draft.of(schedule, inputs)
    free = sorted((s for s in schedule.screenings if not s.pinned), key=lambda s: s.id)[:2]
    for s in free:
        draft.apply(Edit("lock", s.id))
    closing = next(s for s in schedule.screenings if s.pinned and s.city == "vladivostok")
    draft.apply(Edit("unlock", closing.id))
    before = venues.read_text(encoding="utf-8")
    venues.chmod(0o664)
    written = write_pins(venues, draft.pins())
    assert len(written.venues.pins) == len(inputs.venues.pins) - 1 + 2
    assert venues.stat().st_mode & 0o777 == 0o664  # its permissions kept
    after = venues.read_text(encoding="utf-8")
    # the file as written: its comments, the opening night's label and comment, its other parts
    assert "# Illustrative opening night: Red Silk had its Russian premiere" in after
    assert "label: {ru: Открытие (для примера)" in after
    assert after.split("pins:", 1)[0] == before.split("pins:", 1)[0]
    # and what follows the block too
    tail = before.split("\npins:\n", 1)[1].split("\n\n", 1)[1:]
    assert not tail or after.endswith(tail[0])
    assert "film: creation-of-the-gods-2\n    venue: okean" not in after
    pinned = load(venues).venues.pins
    wanted = {(s.film, s.venue, s.hall, s.start_local.replace(tzinfo=None)) for s in free}
    assert wanted <= {(p.film, p.venue, p.hall, p.start) for p in pinned}
    # festival plan keeps them
    replanned, _ = plan_example(venues)
    placed = {
        (s.film, s.venue, s.hall, s.start_local.replace(tzinfo=None))
        for s in replanned.screenings
        if s.pinned
    }
    assert wanted <= placed


def test_pins_that_do_not_load_leave_the_file_as_it_was(
    tour: tuple[Schedule, Inputs], tmp_path: Path
) -> None:
    schedule, _ = tour
    venues = _copy_tour(tmp_path)
    inputs = load(venues)
    draft = Draft.of(schedule, inputs)
    one = next(s for s in schedule.screenings if not s.pinned)
    # a lock the day before the festival cannot be a pin
    eve = dt.datetime.combine(inputs.venues.festival.first_day - dt.timedelta(days=1), dt.time(12))
    draft.apply(Edit("move", one.id, venue=one.venue, hall=one.hall, start=eve))
    draft.apply(Edit("lock", one.id))
    before = venues.read_bytes()
    with pytest.raises(InputError):
        write_pins(venues, draft.pins())
    assert venues.read_bytes() == before


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # no pins yet: the block is added at the end
        ("a: 1\n", "a: 1\npins:\n{new}"),
        # pins in flow style: that line becomes the block
        ("a: 1\npins: []\nb: 2\n", "a: 1\npins:\n{new}b: 2\n"),
        # a pin no longer wanted goes with its comment; the next key stays
        (
            "a: 1\npins:\n  # old\n  - film: x\n    venue: v\n    hall: h\n"
            "    start: 2025-01-01T10:00\n# after\nb: 2\n",
            "a: 1\npins:\n{new}# after\nb: 2\n",
        ),
    ],
)
def test_only_the_pins_block_changes(text: str, expected: str) -> None:
    pin = Pin(film="hidden-blade", venue="okean", hall="big", start=dt.datetime(2025, 11, 2, 18))
    new = "  - film: hidden-blade\n    venue: okean\n    hall: big\n    start: 2025-11-02T18:00\n"
    assert pins_text(text, [pin]) == expected.format(new=new)
    if "  - film: x" in text:  # every pin unlocked: an empty list, the rest as it was
        assert pins_text(text, []) == "a: 1\npins: []\n# after\nb: 2\n"


def _pin(**extra: object) -> Pin:
    return Pin.model_validate(
        {"film": "hidden-blade", "venue": "okean", "hall": "big", "start": "2025-11-02T18:00"}
        | extra
    )


def test_a_zero_indented_block_is_rewritten_whole() -> None:
    text = (
        "a: 1\npins:\n- film: x\n  venue: v\n  hall: h\n  start: 2025-01-01T10:00\n"
        "- film: hidden-blade\n  venue: okean\n  hall: big\n  start: 2025-11-02 18:00\n"
        "  label: {ru: Р, en: E, zh: Z}   # kept\nb: 2\n"
    )
    # the wanted pin is recognised though its start is written with a space: its lines stay
    assert pins_text(text, [_pin()]) == (
        "a: 1\npins:\n- film: hidden-blade\n  venue: okean\n  hall: big\n"
        "  start: 2025-11-02 18:00\n  label: {ru: Р, en: E, zh: Z}   # kept\nb: 2\n"
    )


def test_a_new_pin_keeps_its_label_and_the_file_its_line_endings() -> None:
    pin = _pin(label={"ru": "Закрытие: «кино»", "en": 'Closing "night"', "zh": "闭幕式"})
    out = pins_text("a: 1\r\npins: []\r\nb: 2\r\n", [pin])
    assert "\n" not in out.replace("\r\n", "")
    from ruamel.yaml import YAML

    read = YAML(typ="safe").load(out)
    assert read["pins"][0]["label"] == {
        "ru": "Закрытие: «кино»",
        "en": 'Closing "night"',
        "zh": "闭幕式",
    }
    assert read["b"] == 2
