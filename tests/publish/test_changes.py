"""changes.md: the counts, and one row per change in words; a move to another day in every listing."""

from __future__ import annotations

import datetime as dt
import json

from festival.domain import Schedule, Screening
from festival.inputs import Inputs
from festival.publish import urls, web
from festival.publish.changes import report_json, report_markdown, where
from festival.publish.dates import hhmm, short_day
from festival.publish.print.insert import insert_data
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


def test_a_move_to_another_day_shows_both_days_wherever_it_is_listed(
    schedules: dict[str, tuple[Schedule, Inputs]],
) -> None:
    """changes.json, changes.md, the web changes page and the printed insert each give the old
    and the new date of a screening moved to the next day at the same time and place."""
    previous, i = schedules["may"]
    before = previous.screenings[0]
    day = dt.timedelta(days=1)
    moved = before.model_copy(
        update={
            "start_local": before.start_local + day,
            "end_local": before.end_local + day,
            "start_utc": before.start_utc + day,
            "end_utc": before.end_utc + day,
            "festival_day": before.festival_day + day,
        }
    )
    found = [Anchor(before, None, ((0, 250),), frozen=False)]
    screenings, _, report = identify(i, previous, found, {0: 0}, {0: moved}, LATER)
    after = next(s for s in screenings if s.id == before.id)
    schedule = previous.model_copy(update={"revision": 2, "screenings": screenings})
    [change] = json.loads(report_json(report))["changes"]
    assert (change["kind"], change["before"]["festival_day"], change["after"]["festival_day"]) == (
        "moved",
        str(before.festival_day),
        str(after.festival_day),
    )
    title = i.films[before.film].title.en
    rows = report_markdown(report, i).decode().splitlines()
    assert f"| moved | {title} | {where(before, i)} | {where(after, i)} |" in rows
    assert f"{after.start_local:%a %d %b %H:%M}" in where(after, i)

    def when(s: Screening) -> str:
        iso = s.start_local.isoformat(timespec="minutes")
        return f'<time datetime="{iso}">{short_day(s.start_local.date(), "en")}, {hhmm(s.start_local)}</time>'

    page = web.pages(schedule, i, "en", report=report)[urls.CHANGES_PAGE].decode()
    row = page.split(f'<tr id="change-{before.id}">', 1)[1].split("</tr>", 1)[0]
    assert f'<td class="before" data-label="Was"><span class="m-when">{when(before)}' in row
    assert f'<span class="m-when"><strong>{when(after)}</strong>' in row

    data = insert_data(schedule, i, report, "en", "a5")
    assert isinstance(data["cities"], list)
    [kind] = [k for city in data["cities"] for k in city["kinds"]]
    [shown] = kind["rows"]
    assert (kind["kind"], shown["before"]["date"], shown["after"]["date"]) == (
        "moved",
        short_day(before.start_local.date(), "en"),
        short_day(after.start_local.date(), "en"),
    )
    assert (shown["time_changed"], shown["place_changed"]) == (True, False)
