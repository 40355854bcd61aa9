"""changes.md: the counts, and one row per change in words."""

from __future__ import annotations

import datetime as dt

from festival.domain import Schedule
from festival.inputs import Inputs
from festival.publish.changes import report_markdown
from festival.replan import Anchor, identify

LATER = dt.datetime(2025, 5, 1, 12, 0, tzinfo=dt.UTC)


def test_a_guest_change_shows_the_appearance_before_and_after(
    schedules: dict[str, tuple[Schedule, Inputs]],
) -> None:
    previous, i = schedules["tour"]
    hosted = next(s for s in previous.screenings if s.guest is not None)
    other = next(g for g in i.venues.guests if g.id != hosted.guest)
    swapped = hosted.model_copy(update={"guest": other.id, "guest_kind": "intro"})
    found = [Anchor(hosted, None, ((0, 0),), frozen=False)]
    _, _, report = identify(i, previous, found, {0: 0}, {0: swapped}, LATER)
    text = report_markdown(report, i).decode()
    assert "0 moved, 1 with another guest, 0 cancelled; 0 added." in text
    row = next(line for line in text.splitlines() if line.startswith("| changed |"))
    _, film, before, after = (cell.strip() for cell in row.strip("|").split("|"))
    assert film == i.films[hosted.film].title.en
    said = {"intro": "introduction", "qa": "Q&A"}[hosted.guest_kind or ""]
    name = i.guests[hosted.guest or ""].name.en
    assert before.endswith(f"; {said} with {name} ({hosted.guest_minutes} min)")
    assert after.endswith(f"; introduction with {other.name.en} ({hosted.guest_minutes} min)")
    assert before.split(";")[0] == after.split(";")[0]  # the same time and place
