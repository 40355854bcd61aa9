"""The command line on bad input: problem lines on stderr, exit code 1, nothing written.

Typer's ``CliRunner`` keeps stdout and stderr apart (``result.stdout``, ``result.stderr``).
"""

from __future__ import annotations

import importlib.metadata
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from festival import __version__
from festival.cli import app
from festival.load import load
from festival.plan import explain

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
    assert result.stderr == f"{tmp_path}: not a festival output folder (no current revision)\n"


def test_cli_verify_folder_of_an_older_layout_says_so(tmp_path: Path) -> None:
    (tmp_path / "schedule.json").write_text("{}", encoding="utf-8")

    result = CliRunner().invoke(app, ["verify", str(tmp_path)])

    assert (result.exit_code, result.stdout) == (1, "")
    assert "written by an older festival (schedule.json at the top" in result.stderr


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
    planned: dict[str, Path], tmp_path: Path, content: bytes, reason: str
) -> None:
    folder = tmp_path / "out"
    shutil.copytree(planned["may"], folder, symlinks=True)
    index = folder / "current" / "private" / "schedule.json"
    index.write_bytes(content)

    result = CliRunner().invoke(app, ["verify", str(folder)])

    assert (result.exit_code, result.stdout) == (1, "")
    shown = folder / "revisions" / "1" / "private" / "schedule.json"
    assert result.stderr == f"{shown}: corrupt schedule ({reason})\n"


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


# ------------------------------------------------------------------------- text printed literally


def test_cli_problem_at_line_100_prints_its_line_number(tmp_path: Path) -> None:
    """Rich once turned ``:100:`` into an emoji: ``venues.yaml💯 …``."""
    text = VENUES_TEXT.replace("    email: cffr@example.org", "    email: not-an-address")
    padding = "# padding\n" * (100 - line_of(text, "not-an-address"))
    venues = tmp_path / "venues.yaml"
    venues.write_text(padding + text, encoding="utf-8")

    result = CliRunner().invoke(app, ["check", str(venues), "--programme", str(LINEUP)])

    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"{venues}:100: festival.organizer.email: 'not-an-address' is not an e-mail address: "
        "write it as name@domain, without spaces\n"
    )


def test_a_pin_label_in_one_language_is_refused_with_its_line(tmp_path: Path) -> None:
    """A label is printed on the screening in every booklet, page and feed: in one language
    only, the ru and zh booklets printed "OPENING NIGHT (ILLUSTRATIVE)"."""
    label = "    label: {ru: Открытие фестиваля, en: Opening night, zh: 开幕式}"
    assert VENUES_TEXT.count(label) == 1
    text = VENUES_TEXT.replace(label, "    label: Opening night")
    venues = tmp_path / "venues.yaml"
    venues.write_text(text, encoding="utf-8")

    result = CliRunner().invoke(app, ["check", str(venues), "--programme", str(LINEUP)])

    assert (result.exit_code, result.stdout) == (1, "")
    line = line_of(text, "    label: Opening night")
    assert result.stderr.startswith(
        f"{venues}:{line}: pins[0].label: give the label in ru, en and zh like every name, "
        "e.g. {ru: …, en: Opening night, zh: …}"
    ), result.stderr


def test_cli_plan_prints_a_pin_label_with_brackets_as_written(tmp_path: Path) -> None:
    """A label is the organiser's text, not rich markup (``[/b]`` once crashed plan)."""
    label = "[bold]opening night[/b]"
    assert VENUES_TEXT.count("en: Opening night,") == 1
    venues = tmp_path / "venues.yaml"
    venues.write_text(
        VENUES_TEXT.replace("en: Opening night,", f'en: "{label}",'), encoding="utf-8"
    )
    args = ["plan", str(venues), "--programme", str(LINEUP), "--out", str(tmp_path / "out")]

    result = CliRunner().invoke(
        app, [*args, "--deterministic", "--time-limit", "1"], env={"COLUMNS": "200"}
    )

    assert result.exit_code == 0, result.output
    pinned = [line for line in result.stdout.splitlines() if "[[" in line]
    assert len(pinned) == 1
    assert f"Detective Chinatown 1900 [{label}]" in pinned[0]


# ----------------------------------------------------------------------- check runs the pre-checks


def test_cli_check_tour_example_says_ok_with_rule_packs_and_pre_checks() -> None:
    result = CliRunner().invoke(app, ["check", str(ROOT / "examples" / "cffr-2025-tour.yaml")])

    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "ok: cffr-2025-tour: 6 cities, 7 venues, 14 halls, 6 films, 2 pins; rule packs: russia; "
        "pre-checks passed: pins, Russian law, copies and guests, screenings per film and city, "
        "hall-minutes per city and day\n"
    )


@pytest.mark.parametrize(
    ("start", "closure", "reasons"),
    [
        (
            "2025-05-14T19:00",
            "- {date: 2025-05-14, closed: true}",
            ["the hall is closed on 14 May [hall_hours]"],
        ),
        (
            "2025-05-13T23:30",
            None,
            [
                "the hall is open 10:00–00:30 that day [hall_hours]",
                "films end by 01:00 [latest_end]",
            ],
        ),
    ],
)
def test_cli_check_pin_the_hall_cannot_hold_exits_3_as_plan_does(
    tmp_path: Path, start: str, closure: str | None, reasons: list[str]
) -> None:
    text = VENUES_TEXT.replace("start: 2025-05-13T19:00", f"start: {start}")
    if closure is not None:
        hours = '        hours: {open: "10:00", close: "00:30"}   # estimate (opening hours not found)\n'
        at = text.index(hours, text.index("      - id: big")) + len(hours)
        text = text[:at] + f"        exceptions:\n          {closure}\n" + text[at:]
    venues = tmp_path / "venues.yaml"
    venues.write_text(text, encoding="utf-8")
    day = f"{int(start[8:10])} May {start[11:]}"

    result = CliRunner().invoke(app, ["check", str(venues), "--programme", str(LINEUP)])

    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr.splitlines() == [
        "no schedule satisfies every rule:",
        *(
            f"  - pin of Detective Chinatown 1900 at Illuzion, Big Hall, {day}: {reason}"
            for reason in reasons
        ),
    ]


@pytest.mark.parametrize(
    "name",
    sorted(p.name for p in (ROOT / "examples" / "impossible").glob("*.yaml")),
)
def test_cli_check_impossible_example_exits_3_with_plan_s_reasons(name: str) -> None:
    venues = ROOT / "examples" / "impossible" / name
    planned = explain(load(venues), time_limit=1)

    result = CliRunner().invoke(app, ["check", str(venues)])

    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr.splitlines() == [
        "no schedule satisfies every rule:",
        *(f"  - {reason}" for reason in planned),
    ]


def test_cli_check_without_rule_packs_says_none_and_skips_the_law(tmp_path: Path) -> None:
    venues = tmp_path / "venues.yaml"
    venues.write_text(VENUES_TEXT + "rules: {russia: false}\n", encoding="utf-8")

    result = CliRunner().invoke(app, ["check", str(venues), "--programme", str(LINEUP)])

    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "ok: cffr-2025: 3 cities, 5 venues, 9 halls, 6 films, 1 pins; rule packs: none; "
        "pre-checks passed: pins, copies and guests, screenings per film and city, "
        "hall-minutes per city and day\n"
    )
