"""Printed programmes: a booklet per city and a wall grid per venue, as print-ready PDF bytes.

``booklets()`` is a pure function from a schedule to files: ``print/<city>.pdf`` (the city's
booklet, A5 by default or A4), ``print/<venue>-grid.pdf`` (an A3 landscape wall grid, a page per
festival day it is used), ``print/organisers.pdf`` (A4, for staff: the programmer's report, print
traffic and guest itineraries), and ``print/changes-insert.pdf`` (the booklet's paper) after a re-plan.
The layout is Typst (``templates/*.typ``), compiled by the ``typst`` package: in this process, or
for a big document (a large city's booklet) in a process of its own that gives its memory back
(``typst_process``); ``booklets()`` compiles two documents at once on two cores. The data reaches
Typst as JSON in ``sys.inputs``, never spliced into Typst source. Fonts come from pip packages
only (``fonts.py``), the document date is the schedule's ``generated_at``, so the same schedule
always gives byte-identical PDFs. A Typst warning, or a character no bundled font can draw, fails
the build (``PrintError``) rather than printing something wrong.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cache, partial
from pathlib import Path
from typing import Literal, NamedTuple

import typst

from festival.domain import ChangeReport, Schedule
from festival.errors import FestivalError
from festival.inputs import Inputs
from festival.publish import urls
from festival.publish.phrases import Lang
from festival.publish.print import document, fonts, insert, organisers, typst_process
from festival.publish.print.typst_process import Outcome, Problem, Request
from festival.publish.print.views import Json, Paper

__all__ = [
    "PAPERS",
    "Paper",
    "PrintError",
    "booklet",
    "booklets",
    "changes_insert",
    "organisers_sheets",
    "printed_paths",
    "wall_grid",
]

Format = Literal["pdf", "png"]

PAPERS: tuple[Paper, ...] = ("a5", "a4")
TEMPLATES = Path(__file__).resolve().parent / "templates"
BOOKLET = "booklet.typ"
WALL = "wall.typ"
INSERT = "insert.typ"
ORGANISERS = "organisers.typ"

WORKERS = 2
"""Documents compiled at the same time, at most (and no more than the cores this process may use):
Typst already lays out a document's page runs on every core, and each compile in flight holds
memory of its own."""

APART_CHARS = 512 * 1024
"""A document whose data (JSON) is at least this long is compiled in a process of its own
(``typst_process``): Typst needs some 200 times the data's size in memory (a Berlinale-size city
booklet, 2 MB of data and 450 pages: ~400 MB), which only the end of a process gives back. Smaller
documents compile here (starting a process costs ~0.2 s)."""


class PrintError(FestivalError):
    """A printed programme could not be made: Typst failed or warned, or some text has a character
    that no bundled font can draw. The message names the document and the problem; a missing glyph
    is fixed in the data (or by adding a font), anything else is a bug in the templates."""

    exit_code = 1


booklet_path = urls.booklet_pdf
wall_path = urls.wall_grid_pdf


@cache
def _fonts() -> typst.Fonts:
    """The bundled fonts, found once for the process."""
    return typst_process.fonts([str(p) for p in fonts.folders()])


_local = threading.local()


def _compiler() -> typst.Compiler:
    """This thread's compiler (a compiler compiles one document at a time). Every compiler of the
    process shares one ``Fonts``: each font file is loaded once, and only the bundled ones."""
    found: typst.Compiler | None = getattr(_local, "compiler", None)
    if found is None:
        found = _local.compiler = typst_process.compiler(_fonts(), str(TEMPLATES))
    return found


class _Here:
    """Compiles in this process, and forgets Typst's memoised work once no compile is running.

    Typst memoises every layout it makes, for the next compile to reuse, and typst-py ends each
    compile by evicting what the last ten compiles did not use (``comemo::evict(10)``, typst
    0.15.2, pinned exactly): the work of the last ten documents stays, 20 to 40 MB each, which
    the next document (another venue, another city) hardly reuses. Ten compiles of an empty
    document (~30 ms), the only eviction typst-py offers, drop it all (at Berlinale size the
    process's peak went from 506 to 335 MB); never while a compile is running (it would lose
    the work of its earlier layout passes)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running = 0

    def compile(self, request: Request) -> Outcome:
        with self._lock:  # waits while the last compile's work is forgotten
            self._running += 1
        try:
            return typst_process.typeset(request, _compiler())
        finally:
            with self._lock:
                self._running -= 1
                if self._running == 0:
                    empty = _compiler()
                    for _ in range(10):
                        empty.compile(input=b"", format="pdf", sys_inputs=None)


_HERE = _Here()


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


def _diagnostic(problem: Problem) -> str:
    """Typst's message with where it happened (first lines of its diagnostic)."""
    lines = [line.strip() for line in problem["diagnostic"].splitlines() if line.strip()]
    where = next((line.lstrip("┌─ ") for line in lines if line.startswith("┌─")), "")
    return f"{problem['message']} ({where})" if where else problem["message"]


def _request(
    name: str, template: str | Path, data: Json, timestamp: int, fmt: Format, ppi: float
) -> Request:
    """What Typst is asked to compile; raises PrintError if some text has no glyph."""
    check_glyphs(name, data)
    path = template if isinstance(template, Path) else TEMPLATES / template
    return {
        "template": str(path),
        "root": str(path.parent),
        "payload": json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
        "timestamp": timestamp,
        "fmt": fmt,
        "ppi": ppi if fmt == "png" else None,
        "fonts": [str(p) for p in fonts.folders()],
    }


class _Children:
    """The Typst processes of one batch of documents, so that an abandoned batch stops them."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: set[subprocess.Popen[bytes]] = set()
        self._stopped = False

    def compile(self, name: str, request: Request) -> Outcome:
        """``request`` compiled by ``typst_process.py`` in a process of its own."""
        script = str(Path(__file__).with_name("typst_process.py"))
        with self._lock:
            if self._stopped:
                raise PrintError(f"{name}: not compiled: the documents were abandoned")
            try:
                child = subprocess.Popen(
                    [sys.executable, "-P", script, str(os.getpid())],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                )
            except OSError as failed:  # no process to be had (too many open files, no memory)
                raise PrintError(f"{name}: cannot start Typst's process: {failed}") from None
            self._running.add(child)
        with child:
            try:
                out, err = child.communicate(pickle.dumps(request, pickle.HIGHEST_PROTOCOL))
            finally:
                child.kill()  # a no-op once it has ended
                with self._lock:
                    self._running.discard(child)
        if child.returncode != 0:
            last = err.decode(errors="replace").strip().splitlines()[-1:]
            raise PrintError(
                f"{name}: Typst's process failed ({child.returncode}): {' '.join(last)}"
            )
        try:
            outcome: Outcome = pickle.loads(out)
        except (pickle.UnpicklingError, EOFError, ValueError) as unread:
            raise PrintError(f"{name}: Typst's process gave no document ({unread})") from None
        return outcome

    def stop(self) -> None:
        """Kill the running processes; start no more."""
        with self._lock:
            self._stopped = True
            for child in self._running:
                child.kill()


def _typeset(name: str, request: Request, apart: bool | None, children: _Children) -> list[bytes]:
    """Compile ``request`` here, or in a process of its own (``apart``; None: if its data is
    ``APART_CHARS`` or longer). Raises PrintError on a Typst error or warning."""
    if apart is None:
        apart = len(request["payload"]) >= APART_CHARS
    outcome = children.compile(name, request) if apart else _HERE.compile(request)
    if outcome["error"] is not None:
        raise PrintError(f"{name}: Typst failed: {_diagnostic(outcome['error'])}")
    if outcome["warnings"]:
        text = "; ".join(_diagnostic(w) for w in outcome["warnings"])
        raise PrintError(f"{name}: Typst warned (treated as an error): {text}")
    if not outcome["pages"]:  # pragma: no cover - only when an output path is given
        raise PrintError(f"{name}: Typst produced nothing")
    return outcome["pages"]


def compile_document(
    name: str,
    template: str | Path,
    data: Json,
    timestamp: int,
    fmt: Format = "pdf",
    ppi: float = 144,
    *,
    apart: bool | None = None,
) -> list[bytes]:
    """Compile a template (a name in ``templates/``, or a path) with ``data``: the PDF (one item)
    or one PNG per page. Raises PrintError on a missing glyph, a Typst error or a Typst warning.
    ``apart``: compile in a process of its own (None: if the data is ``APART_CHARS`` or longer);
    the bytes are the same either way."""
    request = _request(name, template, data, timestamp, fmt, ppi)
    return _typeset(name, request, apart, _Children())


def _timestamp(schedule: Schedule) -> int:
    return int(schedule.generated_at.timestamp())


def booklet(
    schedule: Schedule, inputs: Inputs, city: str, lang: Lang = "ru", paper: Paper = "a5"
) -> bytes:
    """One city's booklet as PDF bytes."""
    data = document.booklet_data(schedule, inputs, inputs.cities[city], lang, paper)
    return compile_document(booklet_path(city), BOOKLET, data, _timestamp(schedule))[0]


def wall_grid(schedule: Schedule, inputs: Inputs, venue: str, lang: Lang = "ru") -> bytes:
    """One venue's wall grid (A3 landscape, a page per festival day it has screenings) as PDF
    bytes."""
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


class _Document(NamedTuple):
    """A document to compile: its path, its template and how to make its data."""

    path: str
    template: str
    data: Callable[[], Json]
    early: tuple[int, int] = (2, 0)
    """When its data is made, among documents compiled at once (the lowest first): wall grids
    (0, 0), whose data takes milliseconds, so that a core compiles them meanwhile; then
    booklets (1, -screenings), the busiest city first (its QR codes and film pages take seconds
    and its compile is the longest); then the other documents."""


def _fails(message: str) -> Callable[[], Json]:
    def fail() -> Json:
        raise PrintError(message)

    return fail


def _documents(
    schedule: Schedule,
    inputs: Inputs,
    lang: Lang,
    paper: Paper,
    report: ChangeReport | None,
) -> Iterator[_Document]:
    """``booklets()``'s documents in order; a name clash is a last document that fails."""
    cities = {s.city for s in schedule.screenings}
    venues = {s.venue for s in schedule.screenings}
    taken: set[str] = set()
    for c in inputs.venues.cities:
        if c.id in cities:
            taken.add(booklet_path(c.id))
            yield _Document(
                booklet_path(c.id),
                BOOKLET,
                partial(document.booklet_data, schedule, inputs, c, lang, paper),
                (1, -sum(1 for s in schedule.screenings if s.city == c.id)),
            )
    for v in inputs.venues.venues:
        if v.id in venues:
            path = wall_path(v.id)
            if path in taken:
                yield _Document(
                    path, WALL, _fails(f"{path}: venue {v.id!r} clashes with a city's booklet name")
                )
                return
            taken.add(path)
            yield _Document(
                path, WALL, partial(document.wall_data, schedule, inputs, v, lang), (0, 0)
            )
    for path in (urls.ORGANISERS_PDF, urls.CHANGES_INSERT):
        if path in taken:
            message = f"{path}: a venue's or city's printed programme has this name"
            yield _Document(path, ORGANISERS, _fails(message))
            return
    yield _Document(
        urls.ORGANISERS_PDF,
        ORGANISERS,
        partial(organisers.organisers_data, schedule, inputs, lang),
    )
    if report is not None:
        yield _Document(
            urls.CHANGES_INSERT,
            INSERT,
            partial(insert.insert_data, schedule, inputs, report, lang, paper),
        )


def _cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _compile_all(
    docs: list[_Document],
    timestamp: int,
    workers: int | None,
    apart: bool | None = None,
    meanwhile: Callable[[], None] = lambda: None,
) -> dict[str, bytes]:
    """Each document's PDF by path, in order; ``apart`` as for ``compile_document``.

    With ``workers`` of 2 or more, the documents compile while the next ones' data is made (in
    the order of their ``early``): one at a time in this process (threads: Typst lets go of the
    GIL while it compiles), and up to ``workers - 1`` at once in processes of their own. Once
    every compile has started, this thread runs ``meanwhile`` (other work of the caller's),
    then waits for the PDFs. The error raised is the first failure in document order, as
    compiling them one after the other would give (``meanwhile``'s own, if it fails first); on
    any failure, or an interrupt, the processes still compiling are stopped. With one worker,
    ``meanwhile`` runs once every document is compiled: a document's error comes first
    either way."""
    count = min(WORKERS, _cores()) if workers is None else workers
    children = _Children()

    def request(d: _Document) -> Request:
        return _request(d.path, d.template, d.data(), timestamp, "pdf", 144)

    if count <= 1:
        pdfs = {d.path: _typeset(d.path, request(d), apart, children)[0] for d in docs}
        meanwhile()
        return pdfs
    lanes = {
        False: ThreadPoolExecutor(max_workers=1, thread_name_prefix="typst-here"),
        True: ThreadPoolExecutor(max_workers=count - 1, thread_name_prefix="typst-apart"),
    }
    futures: dict[int, Future[list[bytes]]] = {}
    try:
        for i in sorted(range(len(docs)), key=lambda k: docs[k].early):
            try:
                made = request(docs[i])
            except Exception:
                for j, earlier in enumerate(docs[:i]):  # one of these may fail first
                    if j in futures:
                        futures[j].result()
                    else:
                        _typeset(earlier.path, request(earlier), apart, children)
                raise
            away = apart if apart is not None else len(made["payload"]) >= APART_CHARS
            futures[i] = lanes[away].submit(_typeset, docs[i].path, made, away, children)
        meanwhile()
        return {d.path: futures[i].result()[0] for i, d in enumerate(docs)}
    except BaseException:
        children.stop()
        raise
    finally:
        for lane in lanes.values():
            lane.shutdown(wait=True, cancel_futures=True)


def booklets(
    schedule: Schedule,
    inputs: Inputs,
    lang: Lang = "ru",
    paper: Paper = "a5",
    report: ChangeReport | None = None,
    *,
    workers: int | None = None,
    meanwhile: Callable[[], None] = lambda: None,
) -> dict[str, bytes]:
    """Every printed document (path relative to the output folder → PDF bytes): a booklet for
    each city and a wall grid for each venue that has screenings; the organisers' PDF (the
    programmer's report, then the copies' and guests' travels); the changes insert when
    ``report`` (a re-plan's changes) is given.

    Up to ``workers`` documents compile at once while the next ones' data is made (None:
    ``WORKERS``, or fewer if this process may run on fewer cores; 1: one after the other). The
    bytes are the same either way, and so is the error when documents fail (the first in order).
    ``meanwhile``: the caller's other work, done in this thread while the last documents
    compile (the rest of a publication: Typst compiles without Python's lock).
    """
    if paper not in PAPERS:
        raise PrintError(f"unknown paper size {paper!r}: use one of {', '.join(PAPERS)}")
    docs = list(_documents(schedule, inputs, lang, paper, report))
    return _compile_all(docs, _timestamp(schedule), workers, meanwhile=meanwhile)


def printed_paths(
    schedule: Schedule, inputs: Inputs, report: ChangeReport | None = None
) -> list[str]:
    """The paths of the documents ``booklets()`` makes, in its order, without making them."""
    return [d.path for d in _documents(schedule, inputs, "ru", "a5", report)]
