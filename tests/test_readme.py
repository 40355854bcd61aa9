"""Every command and example in README.md works, so the documentation cannot rot."""

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


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.S)


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


def test_readme_annotated_files_validate() -> None:
    venue_text, programme_text, *sections = blocks("yaml")
    yaml = YAML(typ="safe")
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
