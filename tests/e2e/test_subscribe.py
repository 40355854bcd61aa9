"""A real subscribing client: vdirsyncer (http storage) polls `festival serve`, khal shows the result.

The tour's Vladivostok feed is synced, khal lists every screening at its local time (UTC+10), then
the programme changes (the closing night moves from 19:00 to 20:00), the new publication is written
into the folder the server is serving, and after the next sync khal shows the new time, once.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from festival.load import load
from festival.publish import ical
from festival.release import read
from tests.conftest import EXAMPLES, plan_example, start_server, withdrawn_tour, write_plan

BIN = Path(sys.executable).parent
pytestmark = [
    pytest.mark.client,
    pytest.mark.skipif(
        not (BIN / "vdirsyncer").exists() or not (BIN / "khal").exists(),
        reason="vdirsyncer and khal are test dependencies (pip install -e '.[test]')",
    ),
]


def client_configs(home: Path, url: str) -> dict[str, str]:
    (home / "cal").mkdir(parents=True)
    (home / "vdirsyncer.conf").write_text(
        f"""[general]
status_path = "{home}/status/"

[pair festival]
a = "festival_local"
b = "festival_remote"
collections = null
conflict_resolution = "b wins"

[storage festival_local]
type = "filesystem"
path = "{home}/cal/"
fileext = ".ics"

[storage festival_remote]
type = "http"
url = "{url}"
""",
        encoding="utf-8",
    )
    (home / "khal.conf").write_text(
        f"""[calendars]
[[festival]]
path = {home}/cal/
type = calendar

[locale]
local_timezone = Asia/Vladivostok
default_timezone = Asia/Vladivostok
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
""",
        encoding="utf-8",
    )
    return {**os.environ, "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home)}


def run(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(args, capture_output=True, text=True, env=env, timeout=120, input="")
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def sync(home: Path, env: dict[str, str]) -> None:
    config = ["-c", str(home / "vdirsyncer.conf")]
    run([str(BIN / "vdirsyncer"), *config, "discover"], env)
    run([str(BIN / "vdirsyncer"), *config, "sync"], env)


def khal_list(home: Path, env: dict[str, str]) -> list[str]:
    out = run(
        [
            str(BIN / "khal"),
            "-c",
            str(home / "khal.conf"),
            "list",
            "--format",
            "{start-date} {start-time} {title}",
            "--day-format",
            "",
            "2025-10-27",
            "12d",
        ],
        env,
    )
    # khal lists an event past midnight under both days it touches: count it once
    return sorted({line for line in out.splitlines() if line.strip()})


def expected_lines(folder: Path) -> list[str]:
    current = read(folder)
    schedule, inputs = current.schedule, current.inputs
    return sorted(
        f"{s.start_local:%Y-%m-%d %H:%M} {ical.summary(inputs.films[s.film], 'ru')}"
        for s in (*schedule.screenings, *schedule.cancelled)  # cancelled events stay listed
        if s.city == "vladivostok"
    )


def test_subscribed_client_follows_a_changed_programme(tmp_path: Path) -> None:
    folder = write_plan(*plan_example(EXAMPLES["tour"]), tmp_path / "out")
    server = start_server(folder)
    try:
        home = tmp_path / "client"
        env = client_configs(home, server.url + "/feeds/city/vladivostok.ics")
        sync(home, env)
        before = khal_list(home, env)
        assert before == expected_lines(folder)
        assert any(line.startswith("2025-11-06 19:00 ") for line in before)

        # the organiser moves the closing night to 20:00 and publishes into the served folder
        changed = tmp_path / "tour-changed.yaml"
        text = EXAMPLES["tour"].read_text(encoding="utf-8")
        programme = EXAMPLES["tour"].parent.parent / "programmes"
        changed.write_text(
            text.replace("start: 2025-11-06T19:00", "start: 2025-11-06T20:00").replace(
                "programme: ../programmes/", f"programme: {programme}/"
            ),
            encoding="utf-8",
        )
        load(changed)  # the changed file is valid
        write_plan(*plan_example(changed), folder)
        sync(home, env)
        after = khal_list(home, env)
        assert after == expected_lines(folder)
        assert any(line.startswith("2025-11-06 20:00 ") for line in after)
        assert not any(line.startswith("2025-11-06 19:00 ") for line in after)
        stored = list((home / "cal").glob("*.ics"))
        assert len(stored) == len(after)
    finally:
        server.process.terminate()
        server.process.wait(timeout=10)
        shutil.rmtree(tmp_path / "client" / "data", ignore_errors=True)


def test_client_sees_replan_moves_and_cancellations_without_duplicates(tmp_path: Path) -> None:
    """After `festival replan` (a film withdrawn, a hall closed), the client shows the moved
    screening at its new time and the withdrawn film's screenings as cancelled, each once."""
    from typer.testing import CliRunner

    from festival.cli import app

    folder = write_plan(*plan_example(EXAMPLES["tour"]), tmp_path / "out")
    server = start_server(folder)
    try:
        home = tmp_path / "client"
        env = client_configs(home, server.url + "/feeds/festival.ics")
        sync(home, env)
        before = read(folder).schedule
        film = next(s.film for s in before.screenings if s.film != "red-silk")
        venues = withdrawn_tour(tmp_path, film)
        result = CliRunner().invoke(
            app,
            ["replan", str(venues), str(folder), "--deterministic", "--time-limit", "3", "--force"],
        )
        assert result.exit_code == 0, result.output
        sync(home, env)
        out = run(
            [
                str(BIN / "khal"),
                "-c",
                str(home / "khal.conf"),
                "list",
                "--once",
                "--format",
                "{uid} {cancelled}{title}",
                "--day-format",
                "",
                "2025-10-27",
                "12d",
            ],
            env,
        )
        rows = [line for line in out.splitlines() if line.strip()]
        after = read(folder).schedule
        assert len(rows) == len(after.screenings) + len(after.cancelled)
        cancelled = [r for r in rows if "CANCELLED" in r]
        assert len(cancelled) == sum(s.film == film for s in before.screenings)
        assert len(list((home / "cal").glob("*.ics"))) == len(rows)
    finally:
        server.process.terminate()
        server.process.wait(timeout=10)
