"""Printed programmes: a booklet per city and a wall grid per venue, as print-ready PDF bytes.

``booklets()`` is a pure function from a schedule to files: ``print/<city>.pdf`` (the city's
booklet, A5 by default or A4), ``print/<venue>-grid.pdf`` (an A3 landscape wall grid, a page per
festival day), ``print/organisers.pdf`` (A4, for staff: the programmer's report, print traffic and guest
itineraries), and ``print/changes-insert.pdf`` (the booklet's paper) after a re-plan.
The layout is Typst (``templates/*.typ``), compiled in-process by the ``typst`` package; the data
reaches it as JSON in ``sys.inputs``, never spliced into Typst source. Fonts come from pip packages
only (``fonts.py``), the document date is the schedule's ``generated_at``, so the same schedule
always gives byte-identical PDFs. A Typst warning, or a character no bundled font can draw, fails
the build (``PrintError``) rather than printing something wrong.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Literal

import typst

from festival.domain import ChangeReport, Schedule
from festival.errors import FestivalError
from festival.inputs import Inputs
from festival.publish import urls
from festival.publish.phrases import Lang
from festival.publish.print import document, fonts, insert, organisers
from festival.publish.print.views import Json, Paper

__all__ = [
    "PAPERS",
    "Paper",
    "PrintError",
    "booklet",
    "booklets",
    "changes_insert",
    "organisers_sheets",
    "wall_grid",
]

Format = Literal["pdf", "png"]

PAPERS: tuple[Paper, ...] = ("a5", "a4")
TEMPLATES = Path(__file__).resolve().parent / "templates"
BOOKLET = "booklet.typ"
WALL = "wall.typ"
INSERT = "insert.typ"
ORGANISERS = "organisers.typ"


class PrintError(FestivalError):
    """A printed programme could not be made: Typst failed or warned, or some text has a character
    that no bundled font can draw. The message names the document and the problem; a missing glyph
    is fixed in the data (or by adding a font), anything else is a bug in the templates."""

    exit_code = 1


def booklet_path(city: str) -> str:
    """``print/<city>.pdf``."""
    return f"print/{city}.pdf"


def wall_path(venue: str) -> str:
    """``print/<venue>-grid.pdf``."""
    return f"print/{venue}-grid.pdf"


@cache
def _compiler() -> typst.Compiler:
    """One compiler for the process: fonts are loaded once, and only the bundled ones."""
    found = typst.Fonts(
        include_system_fonts=False,
        include_embedded_fonts=False,
        font_paths=[str(p) for p in fonts.folders()],
    )
    return typst.Compiler(root=str(TEMPLATES), font_paths=found, ignore_system_fonts=True)


def _strings(value: object, where: str) -> Iterator[tuple[str, str]]:
    """Every printed string of a payload with its JSON path (QR code SVGs are not text)."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in ("qr", "web_qr"):
                yield from _strings(item, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, f"{where}[{i}]")


def check_glyphs(name: str, data: Json) -> None:
    """Raise PrintError if any printed text of ``data`` has a character no bundled font has."""
    problems = []
    for where, value in _strings(data, ""):
        absent = fonts.missing(value)
        if absent:
            chars = ", ".join(f"{c!r} (U+{ord(c):04X})" for c in absent)
            problems.append(f"{where}: no glyph for {chars} in {value!r}")
    if problems:
        raise PrintError(f"{name}: cannot print without tofu: " + "; ".join(problems[:5]))


def _diagnostic(problem: typst.TypstError | typst.TypstWarning) -> str:
    """Typst's message with where it happened (first lines of its diagnostic)."""
    lines = [line.strip() for line in (problem.diagnostic or "").splitlines() if line.strip()]
    where = next((line.lstrip("┌─ ") for line in lines if line.startswith("┌─")), "")
    return f"{problem.message} ({where})" if where else problem.message


def compile_document(
    name: str,
    template: str | Path,
    data: Json,
    timestamp: int,
    fmt: Format = "pdf",
    ppi: float = 144,
) -> list[bytes]:
    """Compile a template (a name in ``templates/``, or a path) with ``data``: the PDF (one item)
    or one PNG per page. Raises PrintError on a missing glyph, a Typst error or a Typst warning."""
    check_glyphs(name, data)
    path = template if isinstance(template, Path) else TEMPLATES / template
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    try:
        out, warnings = _compiler().compile_with_warnings(
            str(path),
            format=fmt,
            ppi=ppi if fmt == "png" else None,
            sys_inputs={"data": payload},
            root=str(path.parent),
            timestamp=timestamp,
        )
    except typst.TypstError as err:
        raise PrintError(f"{name}: Typst failed: {_diagnostic(err)}") from None
    if warnings:
        text = "; ".join(_diagnostic(w) for w in warnings)
        raise PrintError(f"{name}: Typst warned (treated as an error): {text}")
    if out is None:  # pragma: no cover - only when an output path is given
        raise PrintError(f"{name}: Typst produced nothing")
    return out if isinstance(out, list) else [out]


def _timestamp(schedule: Schedule) -> int:
    return int(schedule.generated_at.timestamp())


def booklet(
    schedule: Schedule, inputs: Inputs, city: str, lang: Lang = "ru", paper: Paper = "a5"
) -> bytes:
    """One city's booklet as PDF bytes."""
    data = document.booklet_data(schedule, inputs, inputs.cities[city], lang, paper)
    return compile_document(booklet_path(city), BOOKLET, data, _timestamp(schedule))[0]


def wall_grid(schedule: Schedule, inputs: Inputs, venue: str, lang: Lang = "ru") -> bytes:
    """One venue's wall grid (A3 landscape, a page per festival day) as PDF bytes."""
    found = next(v for v in inputs.venues.venues if v.id == venue)
    data = document.wall_data(schedule, inputs, found, lang)
    return compile_document(wall_path(venue), WALL, data, _timestamp(schedule))[0]


def changes_insert(
    schedule: Schedule,
    inputs: Inputs,
    report: ChangeReport,
    lang: Lang = "ru",
    paper: Paper = "a5",
) -> bytes:
    """The changes insert for programmes printed before a re-plan, as PDF bytes."""
    data = insert.insert_data(schedule, inputs, report, lang, paper)
    return compile_document(urls.CHANGES_INSERT, INSERT, data, _timestamp(schedule))[0]


def organisers_sheets(schedule: Schedule, inputs: Inputs, lang: Lang = "ru") -> bytes:
    """The organisers' PDF (A4: the programmer's report, print traffic, then a page per guest),
    as PDF bytes."""
    data = organisers.organisers_data(schedule, inputs, lang)
    return compile_document(urls.ORGANISERS_PDF, ORGANISERS, data, _timestamp(schedule))[0]


def booklets(
    schedule: Schedule,
    inputs: Inputs,
    lang: Lang = "ru",
    paper: Paper = "a5",
    report: ChangeReport | None = None,
) -> dict[str, bytes]:
    """Every printed document (path relative to the output folder → PDF bytes): a booklet for
    each city and a wall grid for each venue that has screenings; the organisers' PDF (the
    programmer's report, then the copies' and guests' travels); the changes insert when
    ``report`` (a re-plan's changes) is given."""
    if paper not in PAPERS:
        raise PrintError(f"unknown paper size {paper!r}: use one of {', '.join(PAPERS)}")
    cities = {s.city for s in schedule.screenings}
    venues = {s.venue for s in schedule.screenings}
    out: dict[str, bytes] = {}
    for c in inputs.venues.cities:
        if c.id in cities:
            out[booklet_path(c.id)] = booklet(schedule, inputs, c.id, lang, paper)
    for v in inputs.venues.venues:
        if v.id in venues:
            path = wall_path(v.id)
            if path in out:
                raise PrintError(f"{path}: venue {v.id!r} clashes with a city's booklet name")
            out[path] = wall_grid(schedule, inputs, v.id, lang)
    for path in (urls.ORGANISERS_PDF, urls.CHANGES_INSERT):
        if path in out:
            raise PrintError(f"{path}: a venue's or city's printed programme has this name")
    out[urls.ORGANISERS_PDF] = organisers_sheets(schedule, inputs, lang)
    if report is not None:
        out[urls.CHANGES_INSERT] = changes_insert(schedule, inputs, report, lang, paper)
    return out
