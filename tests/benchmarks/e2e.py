"""The whole command at real scale, as a user runs it (a measurement, not a test).

    python -m tests.benchmarks.e2e                 # every row, ~8 min on 2 cores
    python -m tests.benchmarks.e2e --only plan,publish --markdown /tmp/e2e.md

Runs ``festival`` as a subprocess (``python -m festival``, the entry point a user's shell runs)
on the Berlinale-size synthetic instance and on Sundance 2024, written as files
(``instances.dump``), and measures from outside: wall time from the shell, and the peak resident
memory of the process and its children (PDLP's process included), sampled every 50 ms. The
schedules' figures (objective, the bound the tool reports, the greedy start) are read from the
published ``schedule.json``. Every row is judged against the issue's target: MET or MISSED, with
the measured number.

Rows:
- ``load``: loading the Berlinale-size input files (``festival.load.load``, in a fresh process).
- ``plan``: ``festival plan --time-limit 60`` at Berlinale size: wall ≤ 60 s + 10 % + 3 s, peak
  ≤ 1.2 GB, gap ≤ 0.75 % against the bound it reports.
- ``busy``: the same again with two CPU hogs running beside it: the reported bound is the same.
- ``publish``: ``festival publish --lang en`` of that plan (every file rebuilt in another
  language): ≤ 5 s and ≤ 600 MB, from the shell.
- ``replan``: the plan's busiest hall withdrawn on its busiest day, ``festival replan
  --time-limit 30``: wall ≤ 35 s, gap ≤ 2 % against its reported bound, better than its greedy
  start, fewer changes than planning afresh (``festival plan`` of the changed files, 30 s,
  compared screening by screening).
- ``sundance``: ``festival plan --time-limit 10`` on Sundance 2024: wall ≤ 14 s, gap ≤ 0.75 %.
- ``sundance-replan``: that plan re-planned with Egyptian Theatre's hall closed on 27 January,
  ``--time-limit 30``: wall ≤ 35 s, and a schedule. The hall is the only one that may show some
  award winners, which may only play from that day (its closing left the greedy re-plan stuck,
  and the command failed after 42 s, before the fix of 7 December 2026).

Run it on a quiet machine (nothing else running: the load average is printed with the machine).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil
from ruamel.yaml import YAML

from tests.benchmarks.instances import build, dump
from tests.benchmarks.run import machine

ROWS = ("load", "plan", "busy", "publish", "replan", "sundance", "sundance-replan")


@dataclass(frozen=True)
class Measured:
    """A command's wall time from the shell, the peak memory of its process tree, its exit."""

    seconds: float
    peak_mb: float
    code: int
    stderr: str


@dataclass(frozen=True)
class Target:
    """One line of the table: what, the measured value, the target, MET or MISSED."""

    what: str
    measured: str
    target: str
    met: bool


def festival(*args: str | Path) -> Measured:
    """Run ``python -m festival ARGS`` and measure it from outside."""
    began = time.monotonic()
    child = psutil.Popen(
        [sys.executable, "-m", "festival", *map(str, args)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak = 0.0
    while child.poll() is None:
        peak = max(peak, _tree_mb(child))
        time.sleep(0.05)
    seconds = time.monotonic() - began
    stderr = child.stderr.read() if child.stderr else ""
    return Measured(seconds, peak, child.returncode, stderr)


def _tree_mb(proc: psutil.Process) -> float:
    total = 0
    with contextlib.suppress(psutil.Error):
        for p in (proc, *proc.children(recursive=True)):
            with contextlib.suppress(psutil.Error):
                total += p.memory_info().rss
    return total / 1024 / 1024


def solver(out: Path) -> dict[str, Any]:
    """The published schedule's solver statistics."""
    data = json.loads((out / "current" / "private" / "schedule.json").read_bytes())
    stats: dict[str, Any] = data["solver"]
    return stats


def screenings(out: Path) -> list[dict[str, Any]]:
    data = json.loads((out / "current" / "private" / "schedule.json").read_bytes())
    found: list[dict[str, Any]] = data["screenings"]
    return found


def busiest(out: Path) -> tuple[str, str, str]:
    """The (venue, hall, day) of the plan's busiest hall on its busiest day."""
    count: dict[tuple[str, str, str], int] = {}
    for s in screenings(out):
        key = (s["venue"], s["hall"], s["festival_day"])
        count[key] = count.get(key, 0) + 1
    return max(sorted(count), key=lambda k: count[k])


def closed(venues: Path, venue: str, hall: str, day: str) -> Path:
    """A copy of the venue file with the hall closed that day (beside it, same programme)."""
    yaml = YAML(typ="safe", pure=True)
    data = yaml.load(venues.read_text(encoding="utf-8"))
    for v in data["venues"]:
        if v["id"] != venue:
            continue
        for h in v["halls"]:
            if h["id"] == hall:
                h.setdefault("exceptions", []).append({"date": day, "closed": True})
    changed = venues.with_name("venues-closed.yaml")
    with changed.open("w", encoding="utf-8") as fh:
        yaml.dump(data, fh)
    return changed


def moved(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> int:
    """Screenings of ``before`` not kept as they were (film, hall, start) in ``after``."""
    kept = {(s["film"], s["venue"], s["hall"], s["start_utc"]) for s in after}
    return sum(1 for s in before if (s["film"], s["venue"], s["hall"], s["start_utc"]) not in kept)


@contextlib.contextmanager
def hogs(count: int = 2) -> Iterator[None]:
    """``count`` processes spinning on the CPU: a busy machine."""
    procs = [multiprocessing.Process(target=_spin, daemon=True) for _ in range(count)]
    for p in procs:
        p.start()
    try:
        yield
    finally:
        for p in procs:
            p.terminate()
            p.join()


def _spin() -> None:
    while True:
        pass


def load_seconds(venues: Path) -> float:
    """Loading the input files, in a fresh process (imports not counted)."""
    code = (
        "import time, sys; from pathlib import Path; from festival.load import load; "
        "t = time.perf_counter(); load(Path(sys.argv[1])); print(time.perf_counter() - t)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(venues)], capture_output=True, text=True, check=True
    )
    return float(out.stdout.strip())


def _gap(stats: dict[str, Any]) -> float:
    return float(stats["gap"])


def _checked(m: Measured, what: str) -> Measured:
    if m.code != 0:
        raise SystemExit(f"{what} failed ({m.code}):\n{m.stderr[-2000:]}")
    return m


def run(only: set[str], work: Path) -> list[Target]:
    rows: list[Target] = []
    berlinale = dump(build("berlinale"), work / "berlinale")
    out = work / "berlinale-out"
    if "load" in only:
        seconds = min(load_seconds(berlinale) for _ in range(3))
        rows.append(Target("loading the input files", f"{seconds:.2f} s", "≤ 1 s", seconds <= 1))
    planned = None
    if only & {"plan", "busy", "publish", "replan"}:
        planned = _checked(festival("plan", berlinale, "--out", out, "--time-limit", "60"), "plan")
        stats = solver(out)
        rows += [
            Target(
                "plan, Berlinale size, --time-limit 60: wall",
                f"{planned.seconds:.1f} s",
                "≤ 69 s",
                planned.seconds <= 60 * 1.1 + 3,
            ),
            Target(
                "plan, Berlinale size: peak memory",
                f"{planned.peak_mb:,.0f} MB",
                "≤ 1,200 MB",
                planned.peak_mb <= 1200,
            ),
            Target(
                "plan, Berlinale size: gap to its reported bound",
                f"{_gap(stats):.2%} ({stats['objective']:,} / {stats['bound']:,},"
                f" {stats['bound_source']})",
                "≤ 0.75 %",
                _gap(stats) <= 0.0075,
            ),
        ]
    if "busy" in only and planned is not None:
        quiet = solver(out)
        busy_out = work / "berlinale-busy"
        with hogs():
            busy = _checked(
                festival("plan", berlinale, "--out", busy_out, "--time-limit", "60"), "busy plan"
            )
        loaded = solver(busy_out)
        rows += [
            Target(
                "plan on a busy machine (2 CPU hogs): reported bound",
                f"{loaded['bound']:,} (quiet: {quiet['bound']:,})",
                "the same",
                loaded["bound"] == quiet["bound"],
            ),
            Target(
                "plan on a busy machine: wall",
                f"{busy.seconds:.1f} s",
                "≤ 69 s",
                busy.seconds <= 60 * 1.1 + 3,
            ),
        ]
    if "publish" in only and planned is not None:
        published = _checked(festival("publish", out, "--lang", "en"), "publish")
        rows += [
            Target(
                "publish, Berlinale size (every file, from the shell)",
                f"{published.seconds:.1f} s, {published.peak_mb:,.0f} MB",
                "≤ 5 s, ≤ 600 MB",
                published.seconds <= 5 and published.peak_mb <= 600,
            )
        ]
    if "replan" in only and planned is not None:
        before = screenings(out)
        venue, hall, day = busiest(out)
        changed = closed(berlinale, venue, hall, day)
        replanned = _checked(
            festival("replan", changed, out, "--time-limit", "30", "--force"), "replan"
        )
        stats = solver(out)
        fresh_out = work / "berlinale-fresh"
        _checked(festival("plan", changed, "--out", fresh_out, "--time-limit", "30"), "fresh plan")
        changes, afresh = moved(before, screenings(out)), moved(before, screenings(fresh_out))
        start = stats["hint_objective"]
        rows += [
            Target(
                f"replan, {hall} of {venue} closed on {day}, --time-limit 30: wall",
                f"{replanned.seconds:.1f} s",
                "≤ 35 s",
                replanned.seconds <= 35,
            ),
            Target(
                "replan: gap to its reported bound",
                f"{_gap(stats):.2%} ({stats['objective']:,} / {stats['bound']:,},"
                f" {stats['bound_source']})",
                "≤ 2 %",
                _gap(stats) <= 0.02,
            ),
            Target(
                "replan: better than its greedy start",
                f"{stats['objective']:,} against {start:,}" if start else "no greedy start",
                "better",
                start is not None and stats["objective"] > start,
            ),
            Target(
                "replan: screenings not kept as published",
                f"{changes} (planning afresh: {afresh})",
                "fewer",
                changes < afresh,
            ),
        ]
    if only & {"sundance", "sundance-replan"}:
        sundance = dump(build("sundance-2024"), work / "sundance")
        s_out = work / "sundance-out"
        s_planned = _checked(
            festival("plan", sundance, "--out", s_out, "--time-limit", "10"), "sundance"
        )
        stats = solver(s_out)
    if "sundance" in only:
        rows += [
            Target(
                "plan, Sundance 2024, --time-limit 10: wall",
                f"{s_planned.seconds:.1f} s",
                "≤ 14 s",
                s_planned.seconds <= 10 * 1.1 + 3,
            ),
            Target(
                "plan, Sundance 2024: gap to its reported bound",
                f"{_gap(stats):.2%} ({stats['objective']:,} / {stats['bound']:,},"
                f" {stats['bound_source']})",
                "≤ 0.75 %",
                _gap(stats) <= 0.0075,
            ),
        ]
    if "sundance-replan" in only:
        changed = closed(sundance, "egyptian-theatre", "main", "2024-01-27")
        replanned = festival("replan", changed, s_out, "--time-limit", "30", "--force")
        rows.append(
            Target(
                "replan, Sundance 2024, Egyptian Theatre closed on 27 Jan, --time-limit 30",
                f"{replanned.seconds:.1f} s, "
                + ("published" if replanned.code == 0 else f"exit {replanned.code}"),
                "≤ 35 s, published",
                replanned.seconds <= 35 and replanned.code == 0,
            )
        )
    return rows


def table(rows: list[Target], info: dict[str, str]) -> str:
    lines = [
        f"Machine: {info['cpu']}, {info['nproc']} cores, {info['ram_gb']} GB RAM, Python "
        f"{info['python']}; {info['date']}; load average at the start {info['load']}",
        "",
        "| what | measured | target | |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {r.what} | {r.measured} | {r.target} | {'MET' if r.met else 'MISSED'} |" for r in rows
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(ROWS), help=f"rows, of {', '.join(ROWS)}")
    parser.add_argument("--markdown", type=Path, help="also write the table here")
    args = parser.parse_args()
    only = set(args.only.split(","))
    info = machine() | {"load": " ".join(f"{x:.2f}" for x in os.getloadavg())}
    with tempfile.TemporaryDirectory(prefix="festival-e2e-") as work:
        rows = run(only, Path(work))
    text = table(rows, info)
    print(text)
    if args.markdown:
        args.markdown.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
