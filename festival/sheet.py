"""A hand-made schedule from a spreadsheet: the rows a programmer drafted, read and resolved.

Programmers draft in spreadsheets. A draft is a CSV file (UTF-8, comma-separated) or an Excel
workbook (``.xlsx``, its first sheet) whose first row names the columns, in any order:

* ``film``: the film's id or any of its titles (ru, en, zh or original; case does not matter);
* ``venue``: the venue's id or name; ``hall``: the hall's id or name in that venue;
* ``start``: the local start at the venue (the intro's start), ``2025-05-14 19:00`` (or
  ``2025-05-14T19:00``; in a workbook, a date-time cell);
* ``guest`` (optional): the guest appearing, by id or name; empty for none.

Blank rows are skipped. Every problem is reported as ``file:row: column: message`` (the header is
row 1) and nothing is read until every row is right (``InputError``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from festival.domain import Text
from festival.errors import InputError, Problem
from festival.inputs import Inputs

COLUMNS = ("film", "venue", "hall", "start")
"""The columns a draft must have; ``guest`` may be added."""
OPTIONAL = ("guest",)
MAX_ROWS = 20_000
"""More rows than any festival has: a larger sheet is refused, not read into memory."""
MAX_BYTES = 20_000_000


@dataclass(frozen=True)
class Row:
    """One drafted screening, resolved to ids; ``start`` is the naive local start."""

    row: int
    film: str
    venue: str
    hall: str
    start: dt.datetime
    guest: str | None


def read_sheet(path: Path, inputs: Inputs) -> list[Row]:
    """The draft's rows, resolved against the inputs; InputError listing every bad cell."""
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as err:
        raise InputError([Problem(name, 0, "", f"cannot read: {err.strerror or err}")]) from None
    if size > MAX_BYTES:
        raise InputError([Problem(name, 0, "", f"larger than {MAX_BYTES:,} bytes")])
    cells = _xlsx(path) if path.suffix.lower() in (".xlsx", ".xlsm") else _csv(path)
    problems: list[Problem] = []
    out: list[Row] = []
    header: dict[str, int] | None = None
    try:
        for number, values in cells:
            if header is None:
                if not any(str(v).strip() for v in values if v is not None):
                    continue  # blank rows above the header
                header, found = _header(name, number, values)
                problems += found
                if found:
                    break
                continue
            if not any(str(v).strip() for v in values if v is not None):
                continue
            if len(out) + len(problems) >= MAX_ROWS:
                problems.append(Problem(name, number, "", f"more than {MAX_ROWS:,} rows"))
                break
            row, found = _row(name, number, values, header, inputs)
            problems += found
            if row is not None:
                out.append(row)
    except InputError as err:  # the file stops being CSV: what was read is reported too
        problems += err.problems
    if header is None and not problems:
        problems.append(
            Problem(name, 1, "", f"no header row: give the columns {', '.join(COLUMNS)}")
        )
    if problems:
        raise InputError(problems)
    return out


def _csv(path: Path) -> Iterator[tuple[int, list[object]]]:
    try:
        data = path.read_bytes().decode("utf-8-sig")
    except OSError as err:
        raise InputError([Problem(str(path), 0, "", f"cannot read: {err}")]) from None
    except UnicodeDecodeError as err:
        raise InputError([Problem(str(path), 0, "", f"not UTF-8 text: {err.reason}")]) from None
    reader = csv.reader(io.StringIO(data, newline=""))
    number = 0
    try:
        for number, values in enumerate(reader, start=1):  # a record is a spreadsheet row
            yield number, list(values)
    except csv.Error as err:
        raise InputError([Problem(str(path), number + 1, "", f"not CSV: {err}")]) from None


def _xlsx(path: Path) -> Iterator[tuple[int, list[object]]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as err:
        raise InputError(
            [Problem(str(path), 0, "", f"not a readable .xlsx workbook: {err}")]
        ) from None
    try:
        sheet = book.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(values)
    finally:
        book.close()


def _header(name: str, number: int, values: list[object]) -> tuple[dict[str, int], list[Problem]]:
    names = [str(v).strip().lower() if v is not None else "" for v in values]
    problems = [
        Problem(name, number, column, "missing column") for column in COLUMNS if column not in names
    ]
    problems += [
        Problem(name, number, column, f"unknown column: use {', '.join(COLUMNS + OPTIONAL)}")
        for column in names
        if column and column not in COLUMNS + OPTIONAL
    ]
    problems += [
        Problem(name, number, column, "column given twice")
        for column in sorted(set(names))
        if column and names.count(column) > 1
    ]
    return {
        column: names.index(column) for column in COLUMNS + OPTIONAL if column in names
    }, problems


def _cell(values: list[object], header: dict[str, int], column: str) -> object:
    at = header.get(column)
    if at is None or at >= len(values):
        return None
    value = values[at]
    return value.strip() if isinstance(value, str) else value


def _key(value: str) -> str:
    return " ".join(value.casefold().split())


def _names(text: Text, *more: str | None) -> set[str]:
    return {_key(n) for n in (text.ru, text.en, text.zh, *more) if n}


def _row(
    name: str, number: int, values: list[object], header: dict[str, int], inputs: Inputs
) -> tuple[Row | None, list[Problem]]:
    problems: list[Problem] = []

    def bad(column: str, message: str) -> None:
        problems.append(Problem(name, number, column, message))

    def given(column: str) -> str:
        value = _cell(values, header, column)
        return "" if value is None else str(value)

    titles = {f.id: _names(f.title, f.title.original) for f in inputs.programme.films}
    film = _find(given("film"), titles)
    if film is None:
        bad("film", _unknown("film", given("film"), titles, " in the line-up"))
    places = {v.id: _names(v.name) for v in inputs.venues.venues}
    venue = _find(given("venue"), places)
    hall = None
    if venue is None:
        bad("venue", _unknown("venue", given("venue"), places))
    else:
        found = next(v for v in inputs.venues.venues if v.id == venue)
        rooms = {h.id: _names(h.name) for h in found.halls}
        hall = _find(given("hall"), rooms)
        if hall is None:
            bad("hall", _unknown("hall", given("hall"), rooms, f" in {venue}"))
    start = _start(_cell(values, header, "start"))
    if start is None:
        bad("start", f"{given('start')!r} is not a local date and time like 2025-05-14 19:00")
    guest = None
    if given("guest"):
        people = {g.id: _names(g.name) for g in inputs.venues.guests}
        guest = _find(given("guest"), people)
        if guest is None:
            bad("guest", _unknown("guest", given("guest"), people))
    if problems or film is None or venue is None or hall is None or start is None:
        return None, problems
    return Row(number, film, venue, hall, start, guest), []


def _find(value: str, names: dict[str, set[str]]) -> str | None:
    """The id ``value`` is, or names (case and spacing aside); None when none or several."""
    matches = _matches(value, names)
    return matches[0] if len(matches) == 1 else None


def _matches(value: str, names: dict[str, set[str]]) -> list[str]:
    if value in names:
        return [value]
    return [key for key, known in names.items() if _key(value) in known]


def _unknown(what: str, value: str, names: dict[str, set[str]], where: str = "") -> str:
    """Why ``value`` names no single ``what``: none, or several (listed)."""
    several = _matches(value, names)
    if len(several) > 1:
        return f"{value!r} names several {what}s{where}: {', '.join(several)}; give the id"
    hint = "its id or a title" if what == "film" else "its id or name"
    return f"no {what} {value!r}{where} (give {hint})"


YEARS = range(1900, 2200)
"""Years a start may be in (others are typing mistakes, and out of the calendar's range)."""


def _start(value: object) -> dt.datetime | None:
    """A local start to the minute (seconds dropped); None without a time of day or with an
    offset (the venue's zone decides)."""
    if isinstance(value, dt.datetime):  # a workbook's date-time cell
        parsed = value.replace(tzinfo=None)
    elif isinstance(value, str) and len(value) > len("2025-05-14"):
        try:
            parsed = dt.datetime.fromisoformat(value.replace(" ", "T", 1))
        except ValueError:
            return None
        if parsed.tzinfo is not None:
            return None
    else:
        return None
    if parsed.year not in YEARS:
        return None
    return parsed.replace(second=0, microsecond=0)
