"""`festival replan`, the publishing threshold, history and `festival rollback`, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from festival.cli import app
from tests.conftest import may_without, private, public

ROOT = Path(__file__).resolve().parent.parent
MAY = ROOT / "examples" / "cffr-2025-may.yaml"
runner = CliRunner()
FAST = ["--deterministic", "--time-limit", "3"]


def withdrawn(tmp: Path, films: list[str]) -> Path:
    """A copy of the May venue file whose line-up withdraws ``films``."""
    return may_without(tmp, films)


@pytest.fixture
def published(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    result = runner.invoke(app, ["plan", str(MAY), "--out", str(out), *FAST])
    assert result.exit_code == 0, result.output
    return out


def schedule(folder: Path) -> dict[str, Any]:
    """The organisers' schedule.json, as JSON."""
    data = json.loads((private(folder) / "schedule.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def revisions(folder: Path) -> list[str]:
    return sorted(p.name for p in (folder / "revisions").iterdir())


def test_too_many_changes_are_refused_then_forced(published: Path, tmp_path: Path) -> None:
    before = (private(published) / "schedule.json").read_bytes()
    venues = withdrawn(tmp_path, ["hidden-blade", "sinking-of-the-lisbon-maru"])
    refused = runner.invoke(app, ["replan", str(venues), str(published), *FAST])
    assert refused.exit_code == 5, refused.output
    assert "refusing to publish: 10 of 40 published screenings (25%)" in refused.stderr
    assert (private(published) / "schedule.json").read_bytes() == before
    assert revisions(published) == ["1"]

    forced = runner.invoke(app, ["replan", str(venues), str(published), *FAST, "--force"])
    assert forced.exit_code == 0, forced.output
    now = schedule(published)
    assert now["revision"] == 2
    assert len(now["cancelled"]) == 10
    assert (published / "revisions" / "1" / "private" / "schedule.json").read_bytes() == before
    changes = json.loads((public(published) / "changes.json").read_text(encoding="utf-8"))
    assert (changes["cancelled"], changes["from_revision"], changes["to_revision"]) == (10, 1, 2)
    assert (
        (public(published) / "changes.md")
        .read_text(encoding="utf-8")
        .startswith("# Programme changes: revision 1 → 2")
    )
    verified = runner.invoke(app, ["verify", str(published)])
    assert verified.exit_code == 0, verified.output


def test_rollback_publishes_the_old_programme_as_a_new_revision(
    published: Path, tmp_path: Path
) -> None:
    first = schedule(published)
    venues = withdrawn(tmp_path, ["hidden-blade"])
    result = runner.invoke(app, ["replan", str(venues), str(published), *FAST])
    assert result.exit_code == 0, result.output
    second = schedule(published)
    result = runner.invoke(app, ["rollback", str(published)])
    assert result.exit_code == 0, result.output
    third = schedule(published)
    assert third["revision"] == 3
    assert sorted(s["id"] for s in third["screenings"]) == sorted(
        s["id"] for s in first["screenings"]
    )
    sequences = {s["id"]: s["sequence"] for s in (*second["screenings"], *second["cancelled"])}
    for s in third["screenings"]:
        assert s["sequence"] >= sequences[s["id"]]
    revived = [s for s in third["screenings"] if s["film"] == "hidden-blade"]
    assert revived and all(s["sequence"] == sequences[s["id"]] + 1 for s in revived)
    assert revisions(published) == ["1", "2", "3"]


def test_rollback_without_history_is_one_clear_line(published: Path) -> None:
    result = runner.invoke(app, ["rollback", str(published)])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"{published}: revision 0 is not kept (kept: none)"
    ]


def test_plan_over_a_publication_is_refused_without_force(published: Path) -> None:
    before = sorted(p.relative_to(published) for p in published.rglob("*"))
    result = runner.invoke(app, ["plan", str(MAY), "--out", str(published), *FAST])
    assert result.exit_code == 5, result.output
    assert "already holds a publication (revision 1): use `festival replan" in result.stderr
    assert sorted(p.relative_to(published) for p in published.rglob("*")) == before


def test_forced_plan_over_a_replan_never_rewinds(published: Path, tmp_path: Path) -> None:
    """The reported bug: a fresh plan onto a re-planned folder started again at revision 1,
    lowering SEQUENCE and dropping events. Now it is the next revision of the same events."""
    venues = withdrawn(tmp_path, ["hidden-blade"])
    result = runner.invoke(app, ["replan", str(venues), str(published), *FAST, "--force"])
    assert result.exit_code == 0, result.output
    second = schedule(published)
    result = runner.invoke(
        app, ["plan", str(MAY), "--out", str(published), *FAST, "--time-limit", "1", "--force"]
    )
    assert result.exit_code == 0, result.output
    third = schedule(published)
    assert third["revision"] == 3
    now = {s["id"]: s for s in (*third["screenings"], *third["cancelled"])}
    for before in (*second["screenings"], *second["cancelled"]):
        after = now[before["id"]]
        assert after["sequence"] >= before["sequence"]
        if (after["start_utc"], after["hall"], after["status"]) != (
            before["start_utc"],
            before["hall"],
            before["status"],
        ):
            assert after["sequence"] > before["sequence"], before["id"]
    assert runner.invoke(app, ["verify", str(published)]).exit_code == 0
    assert revisions(published) == ["1", "2", "3"]


def test_prune_keeps_the_current_and_the_previous(published: Path) -> None:
    for paper in ("a4", "a5", "a4"):
        assert runner.invoke(app, ["publish", str(published), "--paper", paper]).exit_code == 0
    assert revisions(published) == ["1", "2", "3", "4"]
    result = runner.invoke(app, ["prune", str(published), "--keep", "2"])
    assert result.exit_code == 0, result.output
    assert result.output == "removed revisions: 1, 2\n"
    assert revisions(published) == ["3", "4"]
    assert runner.invoke(app, ["prune", str(published), "--keep", "1"]).exit_code == 2
    assert runner.invoke(app, ["rollback", str(published)]).exit_code == 0
    assert runner.invoke(app, ["verify", str(published)]).exit_code == 0


def test_the_change_table_prints_titles_literally(published: Path, tmp_path: Path) -> None:
    venues = withdrawn(tmp_path, ["hidden-blade"])
    programme = tmp_path / "programme.yaml"
    text = programme.read_text(encoding="utf-8")
    programme.write_text(
        text.replace("      en: Hidden Blade ", '      en: "[bold]Hidden Blade[/b] :100:" ', 1),
        encoding="utf-8",
    )
    result = runner.invoke(
        app, ["replan", str(venues), str(published), *FAST, "--force"], env={"COLUMNS": "300"}
    )
    assert result.exit_code == 0, result.output
    assert "[bold]Hidden Blade[/b] :100:" in result.stdout
