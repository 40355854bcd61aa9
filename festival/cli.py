"""The ``festival`` command: the only module that prints or exits.

Exit codes: 0 ok · 1 invalid input, unreadable output folder, or a schedule that fails verification ·
2 usage · 3 no schedule can exist (with reasons) · 4 no schedule found within the time limit ·
5 refused (threshold, empty programme, a fresh plan over a publication without --force) ·
70 internal error (a solver schedule failed verification; nothing was written) ·
130 / 143 interrupted by SIGINT / SIGTERM (nothing was published).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import os
import sys
import time
from collections import defaultdict
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.table import Table
from rich.text import Text  # names and labels are the organiser's text, never markup

from festival import __version__, release
from festival.domain import ChangeReport, Programme, Schedule, Screening, VenueFile
from festival.errors import FestivalError, InfeasibleError
from festival.figures import figures
from festival.handmade import Drafted, Placed, drafted, located
from festival.inputs import Inputs, rule_packs
from festival.layout import CURRENT, PRIVATE, STARTED, SWITCH
from festival.load import load
from festival.plan import explain, plan, plan_from, replan
from festival.publish import expected_seconds
from festival.publish.changes import lines
from festival.publish.report import Column, columns_of, report_page, summary
from festival.publish.urls import ORGANISERS_PDF, REPORT_PAGE
from festival.sheet import read_sheet
from festival.solver import Progress, SolveOptions

app = typer.Typer(
    help="Plan a film festival: an optimal, verified schedule of screenings across cities and halls.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out_console = Console(highlight=False, emoji=False)
err_console = Console(stderr=True, highlight=False, emoji=False)


def _fail(err: FestivalError) -> typer.Exit:
    for line in err.lines():
        err_console.print(line, markup=False, soft_wrap=True)
    return typer.Exit(err.exit_code)


def _version(value: bool) -> None:
    if value:
        out_console.print(f"festival {__version__}")
        raise typer.Exit(0)


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Plan, check and verify festival schedules."""


VenuesArg = Annotated[
    Path, typer.Argument(help="The venue file (YAML).", show_default=False, dir_okay=False)
]
TimeLimitOpt = Annotated[
    float,
    typer.Option(
        "--time-limit",
        min=0.1,
        help="Seconds the whole command may take (loading, search, checks and publishing; "
        "with --deterministic: the search's deterministic time).",
    ),
]
ProgrammeOpt = Annotated[
    Path | None,
    typer.Option(
        "--programme",
        help="The line-up (YAML). Default: the venue file's `programme:`, else the bundled 2025 one.",
        dir_okay=False,
    ),
]


def _generated_at(given: dt.datetime | None, deterministic: bool, inputs: Inputs) -> dt.datetime:
    """The publication time: --generated-at, SOURCE_DATE_EPOCH, or now (fixed when deterministic)."""
    if given is not None:
        return given if given.tzinfo else given.replace(tzinfo=dt.UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    if deterministic:
        first = inputs.venues.festival.first_day
        return dt.datetime.combine(first, dt.time(0, 0), tzinfo=dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


class _ProgressLine:
    """One live line on stderr (rewritten in place on a terminal, throttled to 1/s otherwise)."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.last = 0.0
        self.text = ""

    def __call__(self, p: Progress) -> None:
        best = "—" if p.objective is None else f"{p.objective:,}"
        g = "—" if p.gap is None else f"{p.gap:.2%}"
        self.text = f"solving: best {best} · bound {p.bound:,} · gap {g} · {p.seconds:.1f} s"
        now = time.monotonic()
        if self.tty:
            sys.stderr.write("\r\033[K" + self.text)
            sys.stderr.flush()
        elif now - self.last >= 1.0:
            sys.stderr.write(self.text + "\n")
            self.last = now

    def close(self) -> None:
        if self.tty and self.text:
            sys.stderr.write("\n")


def _table(schedule: Schedule, inputs: Inputs) -> None:

    by_city: dict[str, list[Screening]] = defaultdict(list)
    for s in schedule.screenings:
        by_city[s.city].append(s)
    for city in inputs.venues.cities:
        rows = sorted(by_city[city.id], key=lambda s: (s.festival_day, s.start_utc, s.venue))
        offset = rows[0].start_local.strftime("%z") if rows else ""
        utc = f"UTC{offset[:3]}:{offset[3:]}" if offset else ""
        table = Table(title=Text(f"{city.name.en} · {city.name.ru} ({city.timezone}, {utc})"))
        for name in ("Day", "Time", "Venue · hall (seats)", "Film"):
            table.add_column(name)
        previous = None
        for s in rows:
            info = inputs.halls[(s.venue, s.hall)]
            day = f"{s.festival_day:%a %d %b}" if s.festival_day != previous else ""
            previous = s.festival_day
            film = inputs.films[s.film]
            pin = f" [{s.label.en if s.label else 'pinned'}]" if s.pinned else ""
            table.add_row(
                day,
                f"{s.start_local:%H:%M}–{s.end_local:%H:%M}",
                Text(f"{info.venue.name.en} · {info.hall.name.en} ({info.hall.seats})"),
                Text(film.title.en + pin),
            )
        out_console.print(table)


def _summary(schedule: Schedule) -> str:
    st = schedule.solver
    seconds = "deterministic" if st.wall_seconds is None else f"{st.wall_seconds:.2f} s"
    return (
        f"{st.status}: {len(schedule.screenings)} screenings · objective {st.objective:,} · "
        f"bound {st.bound:,} ({st.bound_source}) · gap {st.gap:.2%} · {seconds} · seed {st.seed}"
    )


class Lang(StrEnum):
    """Languages of the feeds' and pages' texts: the phrase book's ``LANGS``, in its order
    (``festival.publish.phrases``; tests/publish/test_phrases.py keeps the two the same)."""

    ru = "ru"
    en = "en"
    zh = "zh"


LangOpt = Annotated[
    Lang,
    typer.Option(
        "--lang", help="Language of feed summaries and page texts (titles are always trilingual)."
    ),
]


class PaperSize(StrEnum):
    """Paper of the printed booklets (venue wall grids are always A3)."""

    a5 = "a5"
    a4 = "a4"


PaperOpt = Annotated[
    PaperSize,
    typer.Option(
        "--paper",
        help="Paper of the printed city booklets: a5 (saddle-stitched) or a4. Wall grids are A3.",
    ),
]


PreviousOpt = Annotated[
    Path | None,
    typer.Option(
        "--previous",
        help="A published output folder: keep its screenings unless the inputs forbid them.",
        file_okay=False,
    ),
]
ForceOpt = Annotated[
    bool,
    typer.Option("--force", help="Publish even when more than the threshold of screenings change."),
]
StartOpt = Annotated[
    Path | None,
    typer.Option(
        "--start",
        help="A hand-made schedule (.csv or .xlsx: film, venue, hall, start) to start from: the "
        "plan keeps as much of it as the replanning weights say.",
        dir_okay=False,
    ),
]
SheetArg = Annotated[
    Path,
    typer.Argument(
        help="A hand-made schedule: .csv or .xlsx with columns film, venue, hall, start "
        "(local), guest (optional); ids or names.",
        dir_okay=False,
    ),
]


@app.command("plan")
def plan_command(
    venues: VenuesArg,
    programme: ProgrammeOpt = None,
    out: Annotated[Path, typer.Option("--out", help="Output folder.", file_okay=False)] = Path(
        "out"
    ),
    time_limit: TimeLimitOpt = 30.0,
    seed: Annotated[int, typer.Option("--seed", min=0, help="Random seed of the search.")] = 0,
    workers: Annotated[int, typer.Option("--workers", min=1, max=64, help="Search threads.")] = 2,
    deterministic: Annotated[
        bool,
        typer.Option(
            "--deterministic",
            help="Repeatable search: the same inputs give byte-identical output "
            "(the time limit is then in CP-SAT's deterministic units).",
        ),
    ] = False,
    lang: LangOpt = Lang.ru,
    paper: PaperOpt = PaperSize.a5,
    generated_at: Annotated[
        dt.datetime | None,
        typer.Option(
            "--generated-at",
            help="Publication time to record (UTC if no offset). Default: SOURCE_DATE_EPOCH or now.",
            formats=["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d"],
        ),
    ] = None,
    previous: PreviousOpt = None,
    force: ForceOpt = False,
    start: StartOpt = None,
) -> None:
    """Plan the festival: solve, verify, print the programme and write the output folder."""
    options = SolveOptions(time_limit, seed, workers, deterministic)
    if start is not None and previous is not None:
        err_console.print("--start and --previous exclude each other", markup=False)
        raise typer.Exit(2)
    _run_plan(venues, programme, out, previous, force, options, lang, paper, generated_at, start)


def _run_plan(
    venues: Path,
    programme: Path | None,
    out: Path,
    previous: Path | None,
    force: bool,
    options: SolveOptions,
    lang: Lang,
    paper: PaperSize,
    generated_at: dt.datetime | None,
    start: Path | None = None,
) -> None:
    began = time.monotonic() if STARTED.at is None else STARTED.at
    progress = _ProgressLine()
    report: ChangeReport | None = None
    from_draft: ChangeReport | None = None
    try:
        inputs = load(venues, programme)
        options = _budget(options, began, inputs)
        stamp = _generated_at(generated_at, options.deterministic, inputs)
        if previous is None:
            release.refuse_fresh_plan_over(out, force)
        published = release.read(previous).schedule if previous is not None else None
        draft = _start_from(start, inputs, stamp) if start is not None else None
        try:
            if draft is not None:
                schedule, from_draft = plan_from(inputs, draft, options, stamp, progress)
            elif published is None:
                schedule = plan(inputs, options, stamp, progress)
            else:
                schedule, report = replan(inputs, published, options, stamp, progress)
        finally:
            progress.close()
        if published is None:
            schedule, report = release.over_publication(out, schedule, inputs, stamp)
        if report is not None:
            _changes_table(report, inputs)
        if published is not None and report is not None:
            release.refuse_over_threshold(report, inputs, force)
        made_by: release.MadeBy = "plan" if published is None else "replan"
        target = release.publish(out, schedule, inputs, lang.value, paper.value, report, made_by)
    except FestivalError as err:
        raise _fail(err) from None
    _table(schedule, inputs)
    if from_draft is not None and start is not None:
        out_console.print(_kept(from_draft, start), markup=False)
    out_console.print(_summary(schedule))
    out_console.print(
        f"rule packs applied: {', '.join(rule_packs(inputs)) or 'none'}", markup=False
    )
    out_console.print(
        f"published: revision {schedule.revision} ({target}), current in {out / CURRENT}",
        markup=False,
    )


def _budget(options: SolveOptions, began: float, inputs: Inputs) -> SolveOptions:
    """The time limit as the whole command's budget: the search ends in time for publishing
    (``festival.publish.expected_seconds`` on a quiet machine, stretched by how much slower
    than its CPU time the command has run up to the search: ``Started.slowness``) to end by
    ``began`` + the limit."""
    if options.deterministic:
        return options
    return dataclasses.replace(
        options,
        deadline=began + options.time_limit,
        reserve=expected_seconds(inputs),
        slowness=STARTED.slowness,
    )


def _draft(sheet: Path, inputs: Inputs, stamp: dt.datetime) -> Drafted:
    """A spreadsheet's rows as a verified, scored schedule (InputError on a bad row)."""
    rows = read_sheet(sheet, inputs)
    placed = [Placed(f"row-{r.row}", r.film, r.venue, r.hall, r.start, r.guest) for r in rows]
    return drafted(inputs, placed, stamp)


def _start_from(sheet: Path, inputs: Inputs, stamp: dt.datetime) -> Schedule:
    """The draft ``plan --start`` begins from; the rows it cannot use are said, not hidden."""
    d = _draft(sheet, inputs, stamp)
    for line in [located(str(sheet), u) for u in d.unplaced]:
        err_console.print(f"{line} (left out of the draft)", markup=False, soft_wrap=True)
    if d.violations:
        err_console.print(
            f"{sheet}: the draft breaks {len(d.violations)} rule(s) (`festival score` lists "
            "them); the plan keeps only what the rules allow",
            markup=False,
        )
    return d.schedule


def _kept(report: ChangeReport, sheet: Path) -> str:
    kept = report.published - report.moved - report.changed - report.cancelled
    return (
        f"from {sheet.name}: of {report.published} drafted screenings, {kept} kept as drafted, "
        f"{report.moved + report.changed} moved, {report.cancelled} dropped; {report.added} added"
    )


def _changes_table(report: ChangeReport, inputs: Inputs) -> None:
    table = Table(
        title=f"Changes, revision {report.from_revision} → {report.to_revision}: "
        f"{report.moved} moved, {report.changed} with another guest, {report.cancelled} "
        f"cancelled, {report.added} added "
        f"(of {report.published} published)"
    )
    for name in ("Change", "Film", "Before", "After"):
        table.add_column(name)
    for kind, film, before, after in lines(report, inputs):
        table.add_row(*(Text(cell) for cell in (kind, film, before or "—", after or "—")))
    out_console.print(table)


@app.command("replan")
def replan_command(
    venues: VenuesArg,
    folder: Annotated[
        Path, typer.Argument(help="The published output folder to re-plan (written in place).")
    ],
    programme: ProgrammeOpt = None,
    time_limit: TimeLimitOpt = 30.0,
    seed: Annotated[int, typer.Option("--seed", min=0, help="Random seed of the search.")] = 0,
    workers: Annotated[int, typer.Option("--workers", min=1, max=64, help="Search threads.")] = 2,
    deterministic: Annotated[
        bool, typer.Option("--deterministic", help="Repeatable search (see `plan --help`).")
    ] = False,
    lang: LangOpt = Lang.ru,
    paper: PaperOpt = PaperSize.a5,
    force: ForceOpt = False,
) -> None:
    """Plan again after publication with the fewest changes (same as plan --previous DIR --out DIR)."""
    options = SolveOptions(time_limit, seed, workers, deterministic)
    _run_plan(venues, programme, folder, folder, force, options, lang, paper, None)


@app.command("rollback")
def rollback_command(
    folder: Annotated[Path, typer.Argument(help="A published output folder.")],
    to: Annotated[
        int | None, typer.Option("--to", min=1, help="Revision to restore (default: the previous).")
    ] = None,
    lang: LangOpt = Lang.ru,
    paper: PaperOpt = PaperSize.a5,
) -> None:
    """Publish an earlier revision again (as a new revision, so calendars update, never rewind)."""
    try:
        current = release.read(folder)
        stamp = _generated_at(None, False, current.inputs)
        _, schedule, report, inputs = release.roll_back(folder, to, stamp)
        _changes_table(report, inputs)
        release.publish(folder, schedule, inputs, lang.value, paper.value, report, "rollback")
    except FestivalError as err:
        raise _fail(err) from None
    wanted = to if to is not None else current.revision - 1
    out_console.print(
        f"rolled back to revision {wanted}, published as revision {schedule.revision}",
        markup=False,
    )


@app.command("publish")
def publish_command(
    folder: Annotated[Path, typer.Argument(help="An output folder written by `festival plan`.")],
    lang: LangOpt = Lang.ru,
    paper: PaperOpt = PaperSize.a5,
) -> None:
    """Rebuild the feeds, printed programmes, web programme and app exports of the current
    schedule (another --lang or --paper) and publish them as the next revision."""
    try:
        target, count = release.republish(folder, lang.value, paper.value)
    except FestivalError as err:
        raise _fail(err) from None
    if target is None:
        out_console.print(
            f"nothing changed: {count} files are as published; no new revision", markup=False
        )
    else:
        out_console.print(
            f"published: revision {target.name}, {count} files, current in {folder / CURRENT}",
            markup=False,
        )


@app.command("prune")
def prune_command(
    folder: Annotated[Path, typer.Argument(help="A published output folder.")],
    keep: Annotated[
        int,
        typer.Option(
            "--keep",
            min=release.KEEP_AT_LEAST,
            help="Revisions to keep, newest first (the current one and the one before always stay).",
        ),
    ] = 10,
) -> None:
    """Remove old revisions of an output folder, keeping the newest --keep."""
    try:
        removed = release.prune(folder, keep)
    except FestivalError as err:
        raise _fail(err) from None
    shown = ", ".join(map(str, removed)) or "none"
    out_console.print(f"removed revisions: {shown}", markup=False)


@app.command("serve")
def serve_command(
    folder: Annotated[Path, typer.Argument(help="An output folder written by `festival plan`.")],
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port.")] = 8000,
) -> None:
    """Serve the web programme and the calendar feeds of an output folder over HTTP."""
    from festival import serve

    try:
        schedule = release.read(folder).schedule
        sock = serve.bind(host, port)
    except FestivalError as err:
        raise _fail(err) from None
    bound_host, bound_port = sock.getsockname()[:2]
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host
    out_console.print(
        f"serving {schedule.festival.id} from {folder} at http://{shown}:{bound_port}/ "
        f"(feeds under /feeds/; Ctrl-C stops)",
        markup=False,
    )
    SWITCH.stopping = "stopped serving"
    with contextlib.suppress(KeyboardInterrupt):
        serve.run(folder, sock)


@app.command("edit")
def edit_command(
    venues: VenuesArg,
    programme: ProgrammeOpt = None,
    out: Annotated[Path, typer.Option("--out", help="Output folder.", file_okay=False)] = Path(
        "out"
    ),
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port.")] = 8765,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Do not open the page in a browser.")
    ] = False,
    time_limit: TimeLimitOpt = 30.0,
    lang: LangOpt = Lang.ru,
    paper: PaperOpt = PaperSize.a5,
) -> None:
    """Open the programmer's workspace on the plan in --out (planned first if there is none):
    see it, move and lock screenings, check every step, and publish, in the browser on this
    machine only."""
    import webbrowser

    from festival import serve
    from festival.edit.app import make_app
    from festival.edit.workspace import Workspace

    if not release.has_publication(out):
        _run_plan(venues, programme, out, None, False, SolveOptions(time_limit), lang, paper, None)
    try:
        workspace = Workspace.open(out, venues, programme)
        sock = serve.bind("127.0.0.1", port)
    except FestivalError as err:
        raise _fail(err) from None
    url = f"http://127.0.0.1:{sock.getsockname()[1]}/"
    out_console.print(
        f"the workspace of {out} is at {url} (this machine only; Ctrl-C stops; the draft is "
        f"kept in {out / '.edit'})",
        markup=False,
    )
    if not no_browser:
        webbrowser.open(url)
    SWITCH.stopping = "stopped the workspace"
    with contextlib.suppress(KeyboardInterrupt):
        serve.run_app(make_app(workspace), sock)


@app.command("explain")
def explain_command(
    venues: VenuesArg,
    programme: ProgrammeOpt = None,
    time_limit: Annotated[
        float, typer.Option("--time-limit", min=0.5, help="Seconds to search for relaxations.")
    ] = 20.0,
) -> None:
    """Say why no schedule exists (exit 3), or that one does (exit 0)."""
    try:
        inputs = load(venues, programme)
        reasons = explain(inputs, time_limit)
    except FestivalError as err:
        raise _fail(err) from None
    if not reasons:
        out_console.print("a schedule exists: nothing needs relaxing", markup=False)
        return
    raise _fail(InfeasibleError(reasons))


@app.command("check")
def check_command(venues: VenuesArg, programme: ProgrammeOpt = None) -> None:
    """Validate the venue file and line-up, and run plan's pre-checks (exit 3 if one fails)."""
    from festival import precheck

    try:
        inputs = load(venues, programme)
        reasons = precheck.run(inputs)
        if reasons:
            raise InfeasibleError(reasons)
    except FestivalError as err:
        raise _fail(err) from None
    halls = len(inputs.halls)
    out_console.print(
        f"ok: {inputs.venues.festival.id}: {len(inputs.venues.cities)} cities, "
        f"{len(inputs.venues.venues)} venues, {halls} halls, {len(inputs.programme.films)} films, "
        f"{len(inputs.venues.pins)} pins; rule packs: {', '.join(rule_packs(inputs)) or 'none'}; "
        f"pre-checks passed: {', '.join(precheck.checks(inputs))}",
        markup=False,
        soft_wrap=True,
    )


@app.command("verify")
def verify_command(
    folder: Annotated[Path, typer.Argument(help="An output folder written by `festival plan`.")],
) -> None:
    """Re-check the current revision: its files against its manifest, its feeds against its
    schedule, the schedule against every rule and the revision before it. Exit 1 on violations."""
    try:
        current, violations = release.check(folder)
    except FestivalError as err:
        raise _fail(err) from None
    for v in violations:
        err_console.print(str(v), markup=False, soft_wrap=True)
    if violations:
        err_console.print(f"{len(violations)} violation(s)", markup=False)
        raise typer.Exit(1)
    out_console.print(
        f"ok: revision {current.revision}: {len(current.schedule.screenings)} screenings satisfy "
        f"every rule; {len(current.manifest.files)} files as published",
        markup=False,
    )


HtmlOpt = Annotated[
    Path | None,
    typer.Option(
        "--html",
        help="Also write the report as a web page (SVG charts) to this file.",
        dir_okay=False,
    ),
]


def _figures_table(columns: list[Column], inputs: Inputs) -> None:
    table = Table(title="The programmer's report")
    table.add_column("Figure")
    for c in columns:
        table.add_column(Text(c.label), justify="right")
    for row in summary(columns, inputs, "en"):
        table.add_row(Text(row["label"]), *(Text(v) for v in row["values"]))
    out_console.print(table)


def _score_table(d: Drafted) -> None:
    table = Table(title="Score, term by term (points)")
    table.add_column("Term")
    table.add_column("Points", justify="right")
    for term, points in d.schedule.score.model_dump().items():
        table.add_row(term.replace("_", " "), f"{points:,}")
    out_console.print(table)


def _write_html(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as err:
        raise typer.Exit(_say_error(f"{path}: cannot write: {err.strerror or err}")) from None
    out_console.print(f"report page: {path}", markup=False)


def _say_error(message: str) -> int:
    err_console.print(message, markup=False, soft_wrap=True)
    return 1


@app.command("report")
def report_command(
    folder: Annotated[Path, typer.Argument(help="An output folder written by `festival plan`.")],
    against: Annotated[
        Path | None,
        typer.Option(
            "--against",
            help="A hand-made schedule (.csv or .xlsx) to show beside the plan, figure by figure.",
            dir_okay=False,
        ),
    ] = None,
    html: HtmlOpt = None,
) -> None:
    """Print the programmer's report of the current revision: starts per quarter-hour, day load,
    premieres, hall use. Each revision also holds it as private/report.html and in
    print/organisers.pdf."""
    try:
        current = release.read(folder)
        others: list[Column] = []
        if against is not None:
            d = _draft(against, current.inputs, current.schedule.generated_at)
            others.append(
                Column(
                    against.name, figures(d.schedule.screenings, current.inputs), d.schedule.score
                )
            )
            problems = len(d.violations) + len(d.unplaced)
            if problems:
                err_console.print(
                    f"{against}: the draft breaks {problems} rule(s); `festival score` lists them",
                    markup=False,
                )
    except FestivalError as err:
        raise _fail(err) from None
    lang = current.manifest.lang
    columns = columns_of(current.schedule, current.inputs, lang, others)
    columns[0] = Column("plan", columns[0].figures, columns[0].score)
    _figures_table(columns, current.inputs)
    page = current.path / PRIVATE / REPORT_PAGE
    where = (
        f"the charts are in {page} and {current.path / PRIVATE / ORGANISERS_PDF}"
        if page.is_file()
        else f"published before the report had charts: `festival publish {folder}` draws them"
    )
    out_console.print(f"revision {current.revision}: {where}", markup=False)
    if html is not None:
        _write_html(html, report_page(current.schedule, current.inputs, lang, others))


@app.command("score")
def score_command(
    venues: VenuesArg,
    sheet: SheetArg,
    programme: ProgrammeOpt = None,
    html: HtmlOpt = None,
) -> None:
    """Verify and score a hand-made schedule (.csv or .xlsx) as festival scores its own plans:
    every broken rule with its row, the score term by term, and the programmer's report.
    Exit 1 if a row is unreadable or a rule is broken."""
    try:
        inputs = load(venues, programme)
        d = _draft(sheet, inputs, _generated_at(None, True, inputs))
    except FestivalError as err:
        raise _fail(err) from None
    name = str(sheet)
    for line in [located(name, u) for u in d.unplaced] + [located(name, v) for v in d.violations]:
        err_console.print(line, markup=False, soft_wrap=True)
    _score_table(d)
    columns = [Column(sheet.name, figures(d.schedule.screenings, inputs), d.schedule.score)]
    _figures_table(columns, inputs)
    if html is not None:
        _write_html(html, report_page(d.schedule, inputs, "en"))
    broken = len(d.violations) + len(d.unplaced)
    if broken:
        err_console.print(f"{broken} violation(s): not a valid schedule", markup=False)
        raise typer.Exit(1)
    out_console.print(
        f"ok: {len(d.schedule.screenings)} screenings satisfy every rule; score "
        f"{d.schedule.score.total:,}",
        markup=False,
    )


class SchemaName(StrEnum):
    """The documents a JSON Schema is available for."""

    venues = "venues"
    programme = "programme"
    schedule = "schedule"


@app.command("schema")
def schema_command(
    name: Annotated[SchemaName, typer.Argument(help="venues, programme or schedule.")],
) -> None:
    """Print the JSON Schema of a file format (for editor validation and completion)."""
    models: dict[str, type[BaseModel]] = {
        "venues": VenueFile,
        "programme": Programme,
        "schedule": Schedule,
    }
    model = models[name.value]
    schema = model.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    sys.stdout.write(json.dumps(schema, indent=2, ensure_ascii=False) + "\n")
