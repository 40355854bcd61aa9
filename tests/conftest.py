"""Shared fixtures: planned example folders (planned once per test session) and a running server."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from festival import release
from festival.domain import Schedule
from festival.inputs import Inputs
from festival.layout import PRIVATE, PUBLIC, current_revision
from festival.load import load
from festival.plan import plan
from festival.solver import SolveOptions

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = {
    "may": ROOT / "examples" / "cffr-2025-may.yaml",
    "tour": ROOT / "examples" / "cffr-2025-tour.yaml",
}
STAMP = dt.datetime(2025, 4, 1, 9, 30, tzinfo=dt.UTC)


def example_without(
    example: str, tmp: Path, films: tuple[str, ...] | list[str], tag: str = ""
) -> Path:
    """A copy of an example's venue file over a line-up whose ``films`` are withdrawn (written
    into ``tmp``, the file names suffixed with ``tag``)."""
    text = (ROOT / "programmes" / "china-film-festival-russia-2025.yaml").read_text(
        encoding="utf-8"
    )
    for film in films:
        text = text.replace(f"  - id: {film}\n", f"  - id: {film}\n    withdrawn: true\n", 1)
    programme = tmp / f"programme{tag}.yaml"
    programme.write_text(text, encoding="utf-8")
    venues = tmp / f"venues{tag}.yaml"
    venues.write_text(
        EXAMPLES[example]
        .read_text(encoding="utf-8")
        .replace(
            "programme: ../programmes/china-film-festival-russia-2025.yaml",
            f"programme: {programme}",
        ),
        encoding="utf-8",
    )
    return venues


def may_without(tmp: Path, films: tuple[str, ...] | list[str], tag: str = "") -> Path:
    """A copy of the May venue file over a line-up whose ``films`` are withdrawn."""
    return example_without("may", tmp, films, tag)


def tour_copy(folder: Path) -> Path:
    """A copy of the tour's venue file in ``folder`` (its line-up by absolute path), for tests
    that write into the venue file."""
    venues = folder / "tour.yaml"
    venues.write_text(
        EXAMPLES["tour"]
        .read_text(encoding="utf-8")
        .replace("programme: ../programmes/", f"programme: {ROOT / 'programmes'}/"),
        encoding="utf-8",
    )
    return venues


def withdrawn_tour(folder: Path, film: str) -> Path:
    """A copy of the tour's venue file in ``folder`` over a line-up with ``film`` withdrawn."""
    return example_without("tour", folder, [film])


def start_edit(venues: Path, out: Path, time_limit: float = 3) -> tuple[subprocess.Popen[str], str]:
    """Start `festival edit --no-browser` on a free loopback port; the process and its address."""
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "festival", "edit", str(venues), "--out", str(out)),
            *("--no-browser", "--port", "0", "--time-limit", str(time_limit)),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert process.stdout is not None
    for line in process.stdout:
        found = re.search(r"is at (http://127\.0\.0\.1:\d+/)", line)
        if found:
            return process, found.group(1)
    process.kill()
    raise AssertionError(f"no address: {process.stderr.read() if process.stderr else ''}")


def plan_example(venues: Path, time_limit: float = 2.0) -> tuple[Schedule, Inputs]:
    """Plan a venue file deterministically."""
    inputs = load(venues)
    return plan(inputs, SolveOptions(time_limit=time_limit, deterministic=True), STAMP), inputs


def write_plan(schedule: Schedule, inputs: Inputs, out: Path) -> Path:
    """Publish a planned schedule into an output folder (its first revision, or over the current
    one as a fresh plan would be with --force)."""
    schedule, report = release.over_publication(out, schedule, inputs, STAMP)
    release.publish(out, schedule, inputs, "ru", "a5", report, "plan")
    return out


def public(folder: Path) -> Path:
    """The web root of an output folder's current revision."""
    revision = current_revision(folder)
    assert revision is not None, f"{folder} has no current revision"
    return revision / PUBLIC


def private(folder: Path) -> Path:
    """The organisers' part of an output folder's current revision."""
    revision = current_revision(folder)
    assert revision is not None, f"{folder} has no current revision"
    return revision / PRIVATE


@pytest.fixture(scope="session")
def schedules() -> dict[str, tuple[Schedule, Inputs]]:
    """Both examples, planned once for the whole session."""
    return {name: plan_example(path) for name, path in EXAMPLES.items()}


@pytest.fixture(scope="session")
def planned(
    schedules: dict[str, tuple[Schedule, Inputs]], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    """Output folders of both examples, written once for the whole session."""
    base = tmp_path_factory.mktemp("planned")
    return {name: write_plan(*pair, base / name) for name, pair in schedules.items()}


@dataclass
class Server:
    """A `festival serve` process on a free loopback port."""

    process: subprocess.Popen[str]
    url: str


def start_server(folder: Path) -> Server:
    """Start `festival serve` on port 0 and read the address it prints."""
    env = {**os.environ, "COLUMNS": "200"}
    process = subprocess.Popen(
        [sys.executable, "-m", "festival", "serve", str(folder), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if "http://" not in line:
        process.kill()
        raise AssertionError(
            f"server did not start: {line} {process.stderr.read() if process.stderr else ''}"
        )
    url = line.split("at ", 1)[1].split(" ", 1)[0].rstrip("/")
    for _ in range(50):
        try:
            import urllib.request

            urllib.request.urlopen(url + "/index.html", timeout=1).read()
            break
        except OSError:
            time.sleep(0.1)
    return Server(process, url)


@pytest.fixture
def server_for() -> Iterator[object]:
    """A factory starting servers that are stopped after the test."""
    started: list[Server] = []

    def start(folder: Path) -> Server:
        server = start_server(folder)
        started.append(server)
        return server

    yield start
    for server in started:
        server.process.terminate()
        server.process.wait(timeout=10)
