"""Every page of the documentation works: its examples validate against the models, its commands
run, its links lead somewhere, its field references are complete, and the site builds strictly.

Each fenced block of README.md and docs/*.md is checked by its language: `yaml` blocks are venue
files, line-ups or sections of a venue file and must validate; every command of a `sh` block is
run in a scratch folder holding the examples (in page order, so a page can plan and then re-plan),
unless NOT_RUNNABLE lists it with the reason; the `nginx` recipe must give every published file
type; the `text` block of the output folder must name files that a publication really has.
"""

from __future__ import annotations

import fnmatch
import importlib.util
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from festival.cli import app
from festival.domain import Programme, VenueFile
from festival.serve import MEDIA_TYPES

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
README = ROOT / "README.md"
PAGES = sorted(DOCS.glob("*.md"))
FENCE = re.compile(r"^```(?P<language>[\w-]*)\n(?P<body>.*?)^```$", flags=re.S | re.M)
LINK = re.compile(r"(?<!!)\[[^\]]*\]\((?P<target>[^)\s]+)\)")
MARKER = re.compile(r"^<!-- schema: (?P<name>[\w-]+) -->$", flags=re.M)
CHECKED_LANGUAGES = {"sh", "yaml", "nginx", "text", "csv"}

# Commands of the pages that a test does not run, each with the reason.
NOT_RUNNABLE: dict[str, str] = {
    "python3 -m venv .venv": "creates a virtual environment; the tests run in the installed one",
    ". .venv/bin/activate": "activates a virtual environment; the tests run in the installed one",
    "pip install .": "installs the project; the tests run on the installed project",
    "pip install -e '.[test]'": "installs the project; the tests run on the installed project",
    "pip install -e '.[docs]'": "installs the documentation tools; CI does before its build",
    "pip install -e '.[test,bench]'": "installs the benchmark's peers",
    "python -m pytest": "is this test suite; test_readme checks it is what CI runs",
    "python -m tests.benchmarks.run": (
        "the benchmark takes about 40 minutes; tests/test_benchmarks_smoke.py runs it small"
    ),
    "ruff check festival tests": "the linter, which CI runs",
    "ruff format --check festival tests": "the formatter's check, which CI runs",
    "mypy festival tests": "the type checker, which CI runs",
    "lint-imports": "the import contracts, which CI checks",
    "mkdocs serve": "serves the site until Ctrl-C",
    "mkdocs build --strict --site-dir /tmp/festival-site": (
        "test_the_site_builds_strictly builds the site"
    ),
    "festival serve out/": "serves until Ctrl-C; tests/test_serve.py runs the server",
    "rsync -a --delete out/current/public/ host:/srv/festival/2025/": "copies to another host",
}
# Commands that succeed by failing: each example of an impossible festival is explained, exit 3.
EXPECTED_EXIT: dict[str, int] = {
    f"festival explain examples/impossible/{name}.yaml": 3
    for name in (
        "overfull-city-day",
        "copy-cannot-reach-vladivostok",
        "guest-in-two-cities",
        "uncertified-too-many",
    )
}
# The pages whose schema markers must be there, and for which file format.
REFERENCES = {"venue-file.md": "venues", "line-up.md": "programme", "outputs.md": "schedule"}


def fences(page: Path) -> list[tuple[str, str]]:
    """The fenced code blocks of a page: (language, body)."""
    text = page.read_text(encoding="utf-8")
    return [(m["language"], m["body"]) for m in FENCE.finditer(text)]


def commands(body: str) -> Iterator[list[str]]:
    """The commands of a `sh` block, one argv each: lines, split at `&&`, comments dropped."""
    for line in body.splitlines():
        for part in line.split(" && "):
            argv = shlex.split(part, comments=True)
            if argv:
                yield argv


def page_commands(page: Path) -> list[str]:
    return [
        shlex.join(argv) for lang, body in fences(page) if lang == "sh" for argv in commands(body)
    ]


def page_id(page: Path) -> str:
    return page.name


# --- the commands ---------------------------------------------------------------------------


@dataclass
class PageRun:
    """What running a page's commands did, in its scratch folder."""

    folder: Path
    ran: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def scratch(base: Path) -> Path:
    """A folder laid out like the repository for the commands: the examples, the line-up, and
    `venues.yaml`, the May 2025 example with its line-up path made relative to it."""
    base.mkdir(parents=True)
    for name in ("examples", "programmes"):
        shutil.copytree(ROOT / name, base / name)
    venues = (ROOT / "examples" / "cffr-2025-may.yaml").read_text(encoding="utf-8")
    assert "../programmes/" in venues
    (base / "venues.yaml").write_text(venues.replace("../programmes/", "programmes/"), "utf-8")
    return base


def run_page(page: Path, base: Path) -> PageRun:
    run = PageRun(scratch(base))
    runner = CliRunner()
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(run.folder)
        for language, body in fences(page):
            if language != "sh":
                continue
            for argv in commands(body):
                key = shlex.join(argv)
                if key in NOT_RUNNABLE:
                    continue
                if argv[0] != "festival":
                    run.failures.append(f"{key}: neither run by the tests nor in NOT_RUNNABLE")
                    continue
                target = None
                if ">" in argv:
                    at = argv.index(">")
                    argv, target = argv[:at], argv[at + 1]
                result = runner.invoke(app, argv[1:])
                run.ran.append(key)
                expected = EXPECTED_EXIT.get(key, 0)
                if result.exit_code != expected:
                    run.failures.append(
                        f"{key}: exit {result.exit_code}, expected {expected}\n{result.output}"
                    )
                elif target is not None:
                    (run.folder / target).write_text(result.stdout, encoding="utf-8")
                    if target.endswith(".json"):
                        json.loads(result.stdout)
    return run


@pytest.fixture(scope="module")
def page_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, PageRun]:
    """Every page's commands, run once, each page in a scratch folder of its own."""
    base = tmp_path_factory.mktemp("pages")
    return {page.name: run_page(page, base / page.stem) for page in PAGES if page_commands(page)}


@pytest.mark.parametrize("page", [p.name for p in PAGES if page_commands(p)])
def test_page_commands_run(page: str, page_runs: dict[str, PageRun]) -> None:
    assert not page_runs[page].failures, "\n\n".join(page_runs[page].failures)


def test_the_pages_run_festival_commands(page_runs: dict[str, PageRun]) -> None:
    ran = {key for run in page_runs.values() for key in run.ran}
    verbs = {shlex.split(key)[1] for key in ran}
    assert verbs >= {"plan", "replan", "publish", "verify", "rollback", "prune", "check"}
    assert verbs >= {"explain", "schema"}


def test_readme_commands_are_run_in_the_docs_or_listed() -> None:
    in_docs = {key for page in PAGES for key in page_commands(page)}
    for key in page_commands(README):
        assert key in in_docs or key in NOT_RUNNABLE, f"README command not run nor listed: {key}"


def test_not_runnable_lists_only_commands_of_the_pages() -> None:
    used = {key for page in [README, *PAGES] for key in page_commands(page)}
    assert set(NOT_RUNNABLE) <= used, set(NOT_RUNNABLE) - used
    assert set(EXPECTED_EXIT) <= used, set(EXPECTED_EXIT) - used


def test_every_block_has_a_checked_language() -> None:
    for page in [README, *PAGES]:
        for language, body in fences(page):
            assert language in CHECKED_LANGUAGES, f"{page.name}: unchecked block\n{body}"


def test_every_csv_block_is_a_schedule_festival_reads(tmp_path: Path) -> None:
    """The hand-made schedules the pages show are read as they are, against the May example."""
    from festival.load import load
    from festival.sheet import read_sheet

    inputs = load(ROOT / "examples" / "cffr-2025-may.yaml")
    blocks = [body for page in [README, *PAGES] for lang, body in fences(page) if lang == "csv"]
    assert blocks
    for n, body in enumerate(blocks):
        sheet = tmp_path / f"block-{n}.csv"
        sheet.write_text(body, encoding="utf-8")
        assert len(read_sheet(sheet, inputs)) == len(body.strip().splitlines()) - 1


# --- the YAML examples ------------------------------------------------------------------------


def yaml_blocks(page: Path) -> list[Any]:
    yaml = YAML(typ="safe")
    return [yaml.load(body) for language, body in fences(page) if language == "yaml"]


def annotated_venue_file() -> dict[str, Any]:
    (venue,) = [b for b in yaml_blocks(DOCS / "venue-file.md") if "festival" in b]
    assert isinstance(venue, dict)
    return venue


@pytest.mark.parametrize("page", [p for p in PAGES if yaml_blocks(p)], ids=page_id)
def test_yaml_examples_validate(page: Path) -> None:
    """A venue file or a line-up validates as it is; a section of a venue file validates in the
    annotated venue file."""
    venue_fields = {f.alias or name for name, f in VenueFile.model_fields.items()}
    for block in yaml_blocks(page):
        assert isinstance(block, dict)
        if "festival" in block:
            VenueFile.model_validate(block)
        elif "films" in block:
            Programme.model_validate(block)
        else:
            assert set(block) <= venue_fields, f"not a venue-file section: {sorted(block)}"
            VenueFile.model_validate({**annotated_venue_file(), **block})


def test_the_reference_pages_have_their_annotated_files() -> None:
    assert any("festival" in b for b in yaml_blocks(DOCS / "venue-file.md"))
    assert any("films" in b for b in yaml_blocks(DOCS / "line-up.md"))
    sections = {key for p in PAGES for b in yaml_blocks(p) if "festival" not in b for key in b}
    assert sections >= {"logistics", "guests", "rules", "replanning"}


# --- the nginx recipe and the output folder -----------------------------------------------------


def published(run: PageRun) -> Path:
    return run.folder / "out"


def test_nginx_recipe_serves_every_published_file_type(page_runs: dict[str, PageRun]) -> None:
    (recipe,) = [body for lang, body in fences(DOCS / "publishing.md") if lang == "nginx"]
    recipe = re.sub(r"#.*", "", recipe)
    assert re.search(r"alias \S*/out/current/public/;", recipe)
    types = re.search(r"types \{(.*?)\}", recipe, flags=re.S)
    assert types is not None
    pairs = [entry.split() for entry in types[1].split(";") if entry.strip()]
    extensions = {extension for _, *names in pairs for extension in names}
    for media_type, *names in pairs:  # the types festival serve sends
        for extension in names:
            assert MEDIA_TYPES[f".{extension}"].split(";")[0] == media_type
    public = published(page_runs["publishing.md"]) / "current" / "public"
    served = {path.suffix.lstrip(".") for path in public.rglob("*") if path.is_file()}
    assert served, "nothing was published"
    assert served <= extensions, served - extensions


def test_output_folder_lists_real_files(
    page_runs: dict[str, PageRun], planned: dict[str, Path]
) -> None:
    """Every file the output folder's picture names (a placeholder stands for any name) is in a
    publication: the re-planned May example (for the change report) or the tour (guests)."""
    (tree,) = [body for lang, body in fences(DOCS / "outputs.md") if lang == "text"]
    names = re.findall(
        r"[\w<>*.-]+(?:/[\w<>*.-]+)*\.(?:html|css|ics|pdf|xml|json|md|yaml|csv)", tree
    )
    assert len(names) > 15
    folders = [published(page_runs["replanning.md"]), planned["tour"]]
    files = [
        path.relative_to(folder).as_posix()
        for folder in folders
        for path in folder.rglob("*")
        if path.is_file() and not path.relative_to(folder).as_posix().startswith("current/")
    ]
    for name in names:
        pattern = re.sub(r"<[^>]+>", "*", name)
        pattern = re.sub(r"^revisions/\d+/", "revisions/*/", pattern)
        assert any(
            fnmatch.fnmatch(file, pattern) or fnmatch.fnmatch(file, f"*/{pattern}")
            for file in files
        ), f"the output folder names {name}, which no publication has"


# --- links and the README -----------------------------------------------------------------------


@pytest.mark.parametrize("page", [README, *PAGES], ids=page_id)
def test_relative_links_lead_to_files(page: Path) -> None:
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    for match in LINK.finditer(text):
        target = match["target"]
        if re.match(r"^[a-z]+:", target) or target.startswith("#"):
            continue
        path = (page.parent / target.split("#", 1)[0]).resolve()
        assert path.exists(), f"{page.name}: link to {target}, which does not exist"


def test_readme_is_short_and_links_every_page() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 200
    linked = {m["target"].split("#", 1)[0] for m in LINK.finditer(text)}
    assert {f"docs/{page.name}" for page in PAGES} <= linked


def table(text: str, header: str) -> list[str]:
    """The rows of the Markdown table that starts with the given header row."""
    lines = text.splitlines()
    start = lines.index(header)
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append(line)
    return rows


@pytest.mark.parametrize("header", ["| command | what it does |", "| code | meaning |"])
def test_readme_tables_are_the_getting_started_tables(header: str) -> None:
    readme = README.read_text(encoding="utf-8")
    guide = (DOCS / "getting-started.md").read_text(encoding="utf-8")
    assert table(readme, header) == table(guide, header)


# --- the generated field references ---------------------------------------------------------


def hook() -> ModuleType:
    """docs/hooks/schema_reference.py, the MkDocs hook that writes the field references."""
    spec = importlib.util.spec_from_file_location(
        "schema_reference", DOCS / "hooks" / "schema_reference.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def property_names(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                yield from value
            yield from property_names(value)
    elif isinstance(node, list):
        for value in node:
            yield from property_names(value)


def test_reference_markers_are_on_their_pages() -> None:
    schemas = hook().MODELS
    for page in PAGES:
        for name in MARKER.findall(page.read_text(encoding="utf-8")):
            assert name in schemas, f"{page.name}: unknown schema {name}"
    for page_name, name in REFERENCES.items():
        assert f"<!-- schema: {name} -->" in (DOCS / page_name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(set(REFERENCES.values())))
def test_reference_lists_every_field(name: str) -> None:
    module = hook()
    reference = module.Reference(name)
    rows = list(reference.rows(reference.schema))
    for shared in reference.shared:
        rows += reference.rows(reference.defs[shared])
    listed = {re.split(r"[.\[\]<>]+", row.path)[-1] for row in rows}
    missing = set(property_names(module.schema_of(name))) - listed
    assert not missing, f"fields missing from the {name} reference: {sorted(missing)}"
    markdown = module.render(name)
    assert not re.search(r"\d\d:\d\d:\d\d", markdown), "times are written HH:MM in the files"
    for row in rows:
        assert f"`{row.path}`" in markdown


def test_reference_of_the_venue_file_says_what_the_schema_says() -> None:
    markdown = hook().render("venues")
    row = next(line for line in markdown.splitlines() if line.startswith("| `policy.day_cutoff`"))
    assert '`"05:00"`' in row and "previous festival day" in row
    row = next(line for line in markdown.splitlines() if line.startswith("| `festival.id`"))
    assert "| yes |" in row


def test_unknown_schema_marker_is_an_error() -> None:
    module = hook()
    with pytest.raises(module.UnknownSchemaError):
        module.expand("<!-- schema: nonsense -->")


# --- the site -------------------------------------------------------------------------------------


def test_the_site_builds_strictly(tmp_path: Path) -> None:
    if importlib.util.find_spec("mkdocs") is None or importlib.util.find_spec("material") is None:
        pytest.skip(
            "mkdocs-material is not installed (pip install -e '.[docs]'); CI builds the site "
            "with `mkdocs build --strict` after the tests"
        )
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    venue_page = (site / "venue-file" / "index.html").read_text(encoding="utf-8")
    assert "venues[].halls[].hours.open" in venue_page
    assert "<!-- schema:" not in venue_page
    for page in PAGES:
        built = site / ("index.html" if page.stem == "index" else f"{page.stem}/index.html")
        assert built.is_file(), f"{page.name} was not built"
