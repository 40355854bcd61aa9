"""Hand-made schedules: spreadsheets read and judged (``festival score``, ``report --against``,
``plan --start``), through the command line as a programmer runs them."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from festival.cli import app
from festival.domain import Schedule
from festival.errors import InputError
from festival.inputs import Inputs
from festival.sheet import read_sheet
from tests.conftest import EXAMPLES, write_plan

Planned = tuple[Schedule, Inputs]
MAY = EXAMPLES["may"]
HEADER = ["film", "venue", "hall", "start"]


def _rows(schedule: Schedule, inputs: Inputs, names: bool) -> list[list[str]]:
    """The schedule as a programmer would type it: titles and names, or ids."""
    out = []
    for s in schedule.screenings:
        info = inputs.halls[(s.venue, s.hall)]
        film = inputs.films[s.film].title.en if names else s.film
        venue = info.venue.name.ru if names else s.venue
        hall = info.hall.name.en if names else s.hall
        out.append([film, venue, hall, f"{s.start_local:%Y-%m-%d %H:%M}"])
    return out


def _csv(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([header, *rows])
    return path


def test_a_plan_typed_in_by_hand_scores_what_the_plan_scored(
    schedules: dict[str, Planned], tmp_path: Path
) -> None:
    schedule, inputs = schedules["may"]
    sheet = _csv(tmp_path / "draft.csv", _rows(schedule, inputs, names=True))
    result = CliRunner().invoke(app, ["score", str(MAY), str(sheet)])
    assert result.exit_code == 0, result.output
    assert f"score {schedule.score.total:,}" in result.output
    assert f"ok: {len(schedule.screenings)} screenings satisfy every rule" in result.output
    for term, points in schedule.score.model_dump().items():
        assert f"{term.replace('_', ' ')}" in result.output and f"{points:,}" in result.output


def test_a_workbook_reads_as_the_same_rows(schedules: dict[str, Planned], tmp_path: Path) -> None:
    schedule, inputs = schedules["may"]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Start", "Film", "Hall", "Venue"])  # any order, any case
    for film, venue, hall, start in _rows(schedule, inputs, names=False):
        sheet.append([start, film, hall, venue])
    path = tmp_path / "draft.xlsx"
    book.save(path)
    rows = read_sheet(path, inputs)
    assert [(r.film, r.venue, r.hall) for r in rows] == [
        (s.film, s.venue, s.hall) for s in schedule.screenings
    ]
    assert [r.start for r in rows] == [
        s.start_local.replace(tzinfo=None) for s in schedule.screenings
    ]
    assert [r.row for r in rows] == list(range(2, len(rows) + 2))


def test_bad_rows_are_located_by_file_row_and_column(
    schedules: dict[str, Planned], tmp_path: Path
) -> None:
    _, inputs = schedules["may"]
    rows = [
        ["Red Silk", "Karo 11 Oktyabr", "Main Hall", "2025-05-13 18:00"],
        ["No Such Film", "karo-11-oktyabr", "hall-1", "2025-05-13 21:00"],
        ["red-silk", "nowhere", "hall-1", "2025-05-14 21:00"],
        ["red-silk", "illuzion", "hall-9", "14 May 21:00"],
    ]
    sheet = _csv(tmp_path / "bad.csv", rows)
    with pytest.raises(InputError) as err:
        read_sheet(sheet, inputs)
    assert err.value.lines() == [
        f"{sheet}:3: film: no film 'No Such Film' in the line-up (give its id or a title)",
        f"{sheet}:4: venue: no venue 'nowhere' (give its id or name)",
        f"{sheet}:5: hall: no hall 'hall-9' in illuzion (give its id or name)",
        f"{sheet}:5: start: '14 May 21:00' is not a local date and time like 2025-05-14 19:00",
    ]
    result = CliRunner().invoke(app, ["score", str(MAY), str(sheet)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    missing = _csv(tmp_path / "missing.csv", [], header=["film", "hall", "when"])
    with pytest.raises(InputError) as err:
        read_sheet(missing, inputs)
    assert err.value.lines() == [
        f"{missing}:1: start: missing column",
        f"{missing}:1: venue: missing column",
        f"{missing}:1: when: unknown column: use film, venue, hall, start, guest",
    ]


def test_every_broken_rule_is_named_with_its_row(
    schedules: dict[str, Planned], tmp_path: Path
) -> None:
    schedule, inputs = schedules["may"]
    rows = _rows(schedule, inputs, names=False)
    clash = next(n for n, r in enumerate(rows) if r[1] == "illuzion")
    rows.append(list(rows[clash]))  # the same film again, in the same hall at the same time
    sheet = _csv(tmp_path / "clash.csv", rows)
    result = CliRunner().invoke(app, ["score", str(MAY), str(sheet)])
    assert result.exit_code == 1
    first, second = clash + 2, len(rows) + 1
    line = next(x for x in result.output.splitlines() if "hall_overlap" in x)
    assert line.startswith(f"{sheet}:{first}: hall_overlap: ")
    assert f"row {first}" in line and f"row {second}" in line
    assert "violation(s): not a valid schedule" in result.output


def test_report_sets_a_draft_beside_the_plan(schedules: dict[str, Planned], tmp_path: Path) -> None:
    schedule, inputs = schedules["may"]
    folder = write_plan(schedule, inputs, tmp_path / "out")
    rows = _rows(schedule, inputs, names=False)[:-5]  # five screenings fewer
    sheet = _csv(tmp_path / "draft.csv", rows)
    page = tmp_path / "side-by-side.html"
    result = CliRunner().invoke(
        app, ["report", str(folder), "--against", str(sheet), "--html", str(page)]
    )
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if "Screenings  " in x or "│ Screenings" in x)
    assert str(len(schedule.screenings)) in line and str(len(rows)) in line
    html = page.read_text(encoding="utf-8")
    assert "draft.csv" in html and "<script" not in html and html.count("<svg") >= 4


def test_plan_from_a_draft_keeps_it_where_the_weights_say(
    schedules: dict[str, Planned], tmp_path: Path
) -> None:
    schedule, inputs = schedules["may"]
    sheet = _csv(tmp_path / "draft.csv", _rows(schedule, inputs, names=True))
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        [
            "plan",
            str(MAY),
            "--start",
            str(sheet),
            "--out",
            str(out),
            "--deterministic",
            "--time-limit",
            "5",
        ],
    )
    assert result.exit_code == 0, result.output
    n = len(schedule.screenings)
    assert f"from draft.csv: of {n} drafted screenings, {n} kept as drafted" in result.output
    assert "published: revision 1" in result.output
    both = CliRunner().invoke(
        app, ["plan", str(MAY), "--start", str(sheet), "--previous", str(out)]
    )
    assert both.exit_code == 2


def test_rows_are_records_and_odd_cells_are_refused_in_words(
    schedules: dict[str, Planned], tmp_path: Path
) -> None:
    _, inputs = schedules["may"]
    path = tmp_path / "odd.csv"
    path.write_text(
        "\n"  # a blank row above the header
        "film,venue,hall,start,film\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as err:
        read_sheet(path, inputs)
    assert err.value.lines() == [f"{path}:2: film: column given twice"]
    path.write_text(
        "film,venue,hall,start\n"
        '"Red\nSilk",karo-11-oktyabr,hall-1,2025-05-13\n'  # a cell over two lines; no time
        "red-silk,karo-11-oktyabr,hall-1,0001-01-01 00:00\n"
        f"{'x' * 200_000},karo-11-oktyabr,hall-1,2025-05-13 18:00\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as err:
        read_sheet(path, inputs)
    lines = err.value.lines()
    # "Red Silk" over two lines is the film's title (spacing aside); the next record is row 3
    assert lines[:2] == [
        f"{path}:2: start: '2025-05-13' is not a local date and time like 2025-05-14 19:00",
        f"{path}:3: start: '0001-01-01 00:00' is not a local date and time like 2025-05-14 19:00",
    ]
    assert lines[2].startswith(f"{path}:4: not CSV: field larger than field limit")
    assert len(lines) == 3


def test_a_partial_draft_is_drawn_beside_the_plan(tmp_path: Path) -> None:
    """A draft that leaves the premiere film out still gets its page (the premiere 'not played')."""
    sheet = _csv(
        tmp_path / "part.csv", [["Hidden Blade", "Illuzion", "Big Hall", "2025-05-14 19:00"]]
    )
    page = tmp_path / "part.html"
    result = CliRunner().invoke(app, ["score", str(MAY), str(sheet), "--html", str(page)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{sheet}: premiere: red-silk" not in result.output  # not played: no premiere fault
    assert "not played" in page.read_text(encoding="utf-8")
