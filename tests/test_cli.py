"""The `festival` command end to end, through typer's CliRunner, on the bundled examples."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from festival.cli import app
from tests.conftest import private, public

ROOT = Path(__file__).resolve().parent.parent
MAY = ROOT / "examples" / "cffr-2025-may.yaml"
runner = CliRunner()


@pytest.fixture(scope="module")
def may_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("may") / "out"
    result = runner.invoke(
        app, ["plan", str(MAY), "--out", str(out), "--deterministic", "--time-limit", "60"]
    )
    assert result.exit_code == 0, result.output
    return out


def test_plan_writes_self_contained_folder(may_out: Path) -> None:
    assert (may_out / "current").readlink() == Path("revisions/1")
    names = {str(p.relative_to(public(may_out))) for p in public(may_out).rglob("*") if p.is_file()}
    organisers = {p.relative_to(private(may_out)).as_posix() for p in private(may_out).rglob("*")}
    feeds = {n for n in names if n.startswith("feeds/")}
    assert {"inputs/programme.yaml", "inputs/venues.yaml", "schedule.json"} <= organisers
    assert "schedule.json" in names and not [n for n in names if n.startswith("inputs")]
    screenings = json.loads((public(may_out) / "schedule.json").read_text(encoding="utf-8"))
    # each film's screenings in each city it plays in (the booklets' QR codes)
    in_city = {f"feeds/city/{s['city']}/{s['film']}.ics" for s in screenings["screenings"]}
    assert len(in_city) > 6
    assert feeds == in_city | {
        "feeds/festival.ics",
        *(f"feeds/city/{c}.ics" for c in ("moscow", "st-petersburg", "kazan")),
        *(
            f"feeds/venue/{v}.ics"
            # Dom Kino St Petersburg has no screening, and so no feed
            for v in ("illuzion", "karo-11-oktyabr", "avrora", "mir-kazan")
        ),
        *(
            f"feeds/film/{f}.ics"
            for f in (
                "red-silk",
                "my-country-my-parents",
                "detective-chinatown-1900",
                "creation-of-the-gods-2",
                "hidden-blade",
                "sinking-of-the-lisbon-maru",
            )
        ),
    }
    assert not [n for n in names if "/." in n or n.startswith(".") or n.endswith(".tmp")]
    assert (private(may_out) / "inputs" / "venues.yaml").read_bytes() == MAY.read_bytes()


def test_plan_2025_example_is_proven_optimal(may_out: Path) -> None:
    schedule = json.loads((private(may_out) / "schedule.json").read_text(encoding="utf-8"))
    assert schedule["format_version"] == 1
    assert schedule["solver"]["status"] == "optimal"
    assert schedule["solver"]["gap"] == 0.0
    assert schedule["solver"]["objective"] == schedule["score"]["total"]
    assert schedule["generated_at"] == "2025-05-13T00:00:00Z"
    opening = [s for s in schedule["screenings"] if s["pinned"]]
    assert [(s["film"], s["venue"], s["start_local"]) for s in opening] == [
        ("detective-chinatown-1900", "illuzion", "2025-05-13T19:00:00+03:00")
    ]


def test_verify_accepts_written_folder(may_out: Path) -> None:
    result = runner.invoke(app, ["verify", str(may_out)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: ")


def test_verify_reports_tampered_schedule(may_out: Path, tmp_path: Path) -> None:
    copy = tmp_path / "out"
    shutil.copytree(may_out, copy, symlinks=True)
    index = private(copy) / "schedule.json"
    data = json.loads(index.read_text(encoding="utf-8"))
    first = data["screenings"][0]
    data["screenings"].append({**first, "id": "intruder"})
    index.write_text(json.dumps(data), encoding="utf-8")
    result = runner.invoke(app, ["verify", str(copy)])
    assert result.exit_code == 1
    assert "hall_overlap: " in result.output
    assert "publication: private/schedule.json: differs from the manifest" in result.output


def test_plan_deterministic_is_byte_identical(may_out: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    result = runner.invoke(
        app, ["plan", str(MAY), "--out", str(again), "--deterministic", "--time-limit", "60"]
    )
    assert result.exit_code == 0, result.output
    for part in (public, private):
        assert (part(again) / "schedule.json").read_bytes() == (
            part(may_out) / "schedule.json"
        ).read_bytes()


def test_plan_infeasible_exits_3_and_keeps_previous_output(may_out: Path, tmp_path: Path) -> None:
    text = MAY.read_text(encoding="utf-8")
    tight = tmp_path / "tight.yaml"
    programme = (ROOT / "programmes" / "china-film-festival-russia-2025.yaml").resolve()
    tight.write_text(
        text.replace(
            "programme: ../programmes/china-film-festival-russia-2025.yaml",
            f"programme: {programme}",
        ).replace("start: 2025-05-13T19:00", "start: 2025-05-13T08:00"),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    shutil.copytree(may_out, out, symlinks=True)
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    result = runner.invoke(app, ["plan", str(tight), "--out", str(out), "--force"])
    assert result.exit_code == 3, result.output
    assert "no schedule satisfies every rule:" in result.output
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before


def test_check_reports_counts() -> None:
    result = runner.invoke(app, ["check", str(MAY)])
    assert result.exit_code == 0, result.output
    assert result.output == (
        "ok: cffr-2025: 3 cities, 5 venues, 9 halls, 6 films, 1 pins; rule packs: russia; "
        "pre-checks passed: pins, Russian law, copies and guests, screenings per film and city, "
        "hall-minutes per city and day\n"
    )


def test_the_time_limit_is_the_whole_commands_budget_publishing_included(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`plan --time-limit T` hands the search a deadline T after the program started and what
    publishing will take, as a reserve; with --deterministic the limit is the search's own
    (deterministic time) and there is no deadline."""
    import festival.cli
    from festival.layout import STARTED
    from festival.load import load
    from festival.plan import plan as real_plan
    from festival.publish import expected_seconds
    from festival.solver import SolveOptions

    seen: list[SolveOptions] = []

    def spy(inputs: object, options: SolveOptions, *args: object) -> object:
        seen.append(options)
        return real_plan(inputs, options, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(festival.cli, "plan", spy)
    monkeypatch.setattr(STARTED, "at", 100.0)
    args = ["plan", str(MAY), "--time-limit", "7", "--out"]
    result = runner.invoke(app, [*args, str(tmp_path / "a")])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, [*args, str(tmp_path / "b"), "--deterministic"])
    assert result.exit_code == 0, result.output
    timed, fixed = seen
    assert expected_seconds(load(MAY)) > 0
    assert timed.deadline == 100.0 + 7 and timed.reserve == expected_seconds(load(MAY))
    assert timed.slowness == STARTED.slowness  # measured by the command (tested in test_layout)
    assert timed.time_limit == fixed.time_limit == 7 and fixed.deadline is None


def test_commands_that_do_not_solve_never_load_ortools(may_out: Path) -> None:
    """Commands that do not search (here ``festival verify``; publish, serve and report import
    no more of festival than it does) start without the solver's ~1 s of imports: ortools
    loads only when a command searches."""
    script = (
        "import sys\n"
        "from festival.cli import app\n"
        "assert 'ortools' not in sys.modules, 'imported by festival.cli'\n"
        f"app(['verify', {str(may_out)!r}], prog_name='festival', standalone_mode=False)\n"
        "assert 'ortools' not in sys.modules, 'imported by festival verify'\n"
        "from festival import solver\n"
        "solver.solve\n"
        "assert 'ortools' in sys.modules, 'the search loads it when asked for'\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
