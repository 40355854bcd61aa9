"""The command line on bad input: problem lines on stderr, exit code 1, nothing written.

Typer's ``CliRunner`` keeps stdout and stderr apart (``result.stdout``, ``result.stderr``).
"""

from __future__ import annotations

import importlib.metadata
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from festival import __version__
from festival.cli import app

ROOT = Path(__file__).resolve().parent.parent
MAY = ROOT / "examples" / "cffr-2025-may.yaml"
LINEUP = ROOT / "programmes" / "china-film-festival-russia-2025.yaml"
VENUES_TEXT = MAY.read_text(encoding="utf-8")


def line_of(text: str, needle: str) -> int:
    return text.count("\n", 0, text.index(needle)) + 1


@pytest.fixture
def bad(tmp_path: Path) -> tuple[Path, list[str]]:
    """A venue file with two bad fields, and the two lines `festival` must print for it."""
    assert VENUES_TEXT.count("        seats: 90 ") == 1
    assert VENUES_TEXT.count("    email: cffr@example.org") == 1
    text = VENUES_TEXT.replace("        seats: 90 ", '        seats: "many" ').replace(
        "    email: cffr@example.org", "    email: not-an-address"
    )
    path = tmp_path / "venues.yaml"
    path.write_text(text, encoding="utf-8")
    email, seats = line_of(text, "not-an-address"), line_of(text, 'seats: "many"')
    lines = [
        f"{path}:{email}: festival.organizer.email: "
        "'not-an-address' is not an e-mail address: write it as name@domain, without spaces",
        f"{path}:{seats}: venues[0].halls[1].seats: Input should be a valid integer",
    ]
    return path, lines


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones too) and its bytes."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


# ------------------------------------------------------------------------------------------ check


def test_cli_check_bad_file_prints_problems_to_stderr_and_exits_1(
    bad: tuple[Path, list[str]],
) -> None:
    venues, lines = bad

    result = CliRunner().invoke(app, ["check", str(venues), "--programme", str(LINEUP)])

    assert result.exit_code == 1
    assert result.stderr == "".join(f"{line}\n" for line in lines)
    assert result.stdout == ""


def test_cli_check_missing_file_exits_1(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"

    result = CliRunner().invoke(app, ["check", str(missing)])

    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"{missing}:0: file not found\n"


def test_cli_check_good_file_prints_counts_and_exits_0() -> None:
    result = CliRunner().invoke(app, ["check", str(MAY)])

    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "ok: cffr-2025: 3 cities, 5 venues, 9 halls, 6 films, 1 pins; rule packs: russia; "
        "pre-checks passed: pins, Russian law, copies and guests, screenings per film and city, "
        "hall-minutes per city and day\n"
    )


# ------------------------------------------------------------------------------------------- plan


def test_cli_plan_bad_file_exits_1_and_leaves_out_folder_unchanged(
    bad: tuple[Path, list[str]], tmp_path: Path
) -> None:
    venues, lines = bad
    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    (out / "sentinel.txt").write_bytes(b"keep me\n")
    (out / "schedule.json").write_bytes(b'{"an": "older schedule"}\n')
    (out / "sub" / ".hidden").write_bytes(b"\x00\x01")
    before = snapshot(out)

    result = CliRunner().invoke(
        app, ["plan", str(venues), "--programme", str(LINEUP), "--out", str(out)]
    )

    assert result.exit_code == 1
    assert result.stderr == "".join(f"{line}\n" for line in lines)
    assert result.stdout == ""
    assert snapshot(out) == before
    assert sorted(p.name for p in out.iterdir()) == ["schedule.json", "sentinel.txt", "sub"]


def test_cli_plan_bad_file_creates_no_out_folder(
    bad: tuple[Path, list[str]], tmp_path: Path
) -> None:
    venues, _ = bad
    out = tmp_path / "out"

    result = CliRunner().invoke(
        app, ["plan", str(venues), "--programme", str(LINEUP), "--out", str(out)]
    )

    assert result.exit_code == 1
    assert not out.exists()


# ----------------------------------------------------------------------------------------- verify


def test_cli_verify_folder_without_schedule_exits_1_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not an output folder\n", encoding="utf-8")

    result = CliRunner().invoke(app, ["verify", str(tmp_path)])

    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"{tmp_path}: not a festival output folder (no schedule.json)\n"


def test_cli_verify_missing_folder_exits_1_with_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"

    result = CliRunner().invoke(app, ["verify", str(missing)])

    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"{missing}: no such folder\n"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"{not json", "Invalid JSON: key must be a string at line 1 column 2"),
        (b"", "Invalid JSON: EOF while parsing a value at line 1 column 0"),
        (b"\xff\xfe", "Invalid JSON: expected value at line 1 column 1"),
        (b"[]", "Input should be an object"),
        (b"{}", "festival: Field required"),
    ],
)
def test_cli_verify_corrupt_schedule_exits_1_with_one_line(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    (tmp_path / "schedule.json").write_bytes(content)

    result = CliRunner().invoke(app, ["verify", str(tmp_path)])

    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"{tmp_path / 'schedule.json'}: corrupt schedule ({reason})\n"


# ----------------------------------------------------------------------------- schema and version


@pytest.mark.parametrize(
    ("name", "fields"),
    [
        ("venues", {"format_version", "programme", "festival", "policy", "cities", "venues"}),
        ("programme", {"format_version", "id", "name", "films", "age_policy"}),
        ("schedule", {"format_version", "festival", "inputs", "solver", "score", "screenings"}),
    ],
)
def test_cli_schema_prints_json_schema_with_properties(name: str, fields: set[str]) -> None:
    result = CliRunner().invoke(app, ["schema", name])

    assert (result.exit_code, result.stderr) == (0, "")
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["type"] == "object"
    assert fields <= set(schema["properties"])


def test_cli_schema_unknown_name_is_a_usage_error() -> None:
    result = CliRunner().invoke(app, ["schema", "films"])

    assert result.exit_code == 2
    assert result.stdout == ""


def test_cli_version_prints_package_version() -> None:
    result = CliRunner().invoke(app, ["--version"])

    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == f"festival {__version__}\n"
    assert __version__ == importlib.metadata.version("festival")
