"""Every command and example in README.md works, so the documentation cannot rot.

The README keeps the quick start, the commands and the exit codes; the annotated files and the
rest of the guide are in docs/ (tests/test_docs.py runs every block of every page).
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from ruamel.yaml import YAML
from typer.testing import CliRunner

from festival.cli import app
from festival.domain import Programme, VenueFile

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = ROOT / "docs"


def blocks(language: str, text: str = README) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)


def quick_start() -> list[str]:
    return [b.strip() for b in blocks("sh")[:2]]


def test_readme_test_command_is_what_ci_runs() -> None:
    test_command = quick_start()[1].split(" && ", 2)[2]
    assert test_command == "pip install -e '.[test]' && python -m pytest"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci


def test_readme_plan_command_runs(tmp_path: Path, monkeypatch: object) -> None:
    plan = quick_start()[0].split(" && ")[-1]
    argv = shlex.split(plan)
    assert argv[:2] == ["festival", "plan"]
    args = [*argv[1:], "--out", str(tmp_path / "out"), "--deterministic"]
    args[1] = str(ROOT / args[1])
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "current" / "public" / "schedule.json").is_file()
    assert "rule packs applied: russia" in result.output


def test_readme_quick_start_is_the_guides() -> None:
    guide = (DOCS / "getting-started.md").read_text(encoding="utf-8")
    assert [b.strip() for b in blocks("sh", guide)[:2]] == quick_start()


def test_readme_annotated_files_validate() -> None:
    """The annotated venue file and line-up, and the venue-file sections of the logistics and
    re-planning pages (moved from the README to docs/)."""
    yaml = YAML(typ="safe")
    (venue_text,) = blocks("yaml", (DOCS / "venue-file.md").read_text(encoding="utf-8"))
    (programme_text,) = blocks("yaml", (DOCS / "line-up.md").read_text(encoding="utf-8"))
    sections = [
        section
        for page in ("logistics.md", "replanning.md")
        for section in blocks("yaml", (DOCS / page).read_text(encoding="utf-8"))
    ]
    venue = yaml.load(venue_text)
    VenueFile.model_validate(venue)
    Programme.model_validate(yaml.load(programme_text))
    assert len(sections) == 2  # logistics and guests; replanning
    for section in sections:
        VenueFile.model_validate({**venue, **yaml.load(section)})


def test_readme_commands_table_matches_cli() -> None:
    result = CliRunner().invoke(app, ["--help"])
    listed = set(re.findall(r"^\| `festival (\w+)", README, flags=re.M))
    for command in listed - {"COMMAND"}:
        assert command in result.output
    assert listed >= {"plan", "check", "verify", "schema"}
