"""`festival replan`, the publishing threshold, history and `festival rollback`, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from festival.cli import app

ROOT = Path(__file__).resolve().parent.parent
MAY = ROOT / "examples" / "cffr-2025-may.yaml"
PROGRAMME = ROOT / "programmes" / "china-film-festival-russia-2025.yaml"
runner = CliRunner()
FAST = ["--deterministic", "--time-limit", "3"]


def withdrawn(tmp: Path, films: list[str]) -> Path:
    """A copy of the May venue file whose line-up withdraws ``films``."""
    text = PROGRAMME.read_text(encoding="utf-8")
    for film in films:
        text = text.replace(f"  - id: {film}\n", f"  - id: {film}\n    withdrawn: true\n", 1)
    programme = tmp / "programme.yaml"
    programme.write_text(text, encoding="utf-8")
    venues = tmp / "venues.yaml"
    venues.write_text(
        MAY.read_text(encoding="utf-8").replace(
            "programme: ../programmes/china-film-festival-russia-2025.yaml",
            f"programme: {programme}",
        ),
        encoding="utf-8",
    )
    return venues


@pytest.fixture
def published(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    result = runner.invoke(app, ["plan", str(MAY), "--out", str(out), *FAST])
    assert result.exit_code == 0, result.output
    return out


def schedule(folder: Path) -> dict:
    return json.loads((folder / "schedule.json").read_text(encoding="utf-8"))


def test_too_many_changes_are_refused_then_forced(published: Path, tmp_path: Path) -> None:
    before = (published / "schedule.json").read_bytes()
    venues = withdrawn(tmp_path, ["hidden-blade", "sinking-of-the-lisbon-maru"])
    refused = runner.invoke(app, ["replan", str(venues), str(published), *FAST])
    assert refused.exit_code == 5, refused.output
    assert "refusing to publish: 10 of 40 published screenings (25%)" in refused.stderr
    assert (published / "schedule.json").read_bytes() == before
    assert not (published / "history").exists()

    forced = runner.invoke(app, ["replan", str(venues), str(published), *FAST, "--force"])
    assert forced.exit_code == 0, forced.output
    now = schedule(published)
    assert now["revision"] == 2
    assert len(now["cancelled"]) == 10
    assert (published / "history" / "1" / "schedule.json").read_bytes() == before
    changes = json.loads((published / "changes.json").read_text(encoding="utf-8"))
    assert (changes["cancelled"], changes["from_revision"], changes["to_revision"]) == (10, 1, 2)
    assert (
        (published / "changes.md")
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
    assert sorted(p.name for p in (published / "history").iterdir()) == ["1", "2"]


def test_rollback_without_history_is_one_clear_line(published: Path) -> None:
    result = runner.invoke(app, ["rollback", str(published)])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"{published}: revision 0 is not in history/ (have: none)"
    ]
