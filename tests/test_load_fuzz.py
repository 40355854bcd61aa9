"""Broken copies of the example files: loading fails only with located problems, never a crash.

Each example breaks one of the two example files in one way: a key deleted, a scalar replaced by a
value of another type, an unknown key inserted, the file cut at a byte, or characters inserted.
The files are laid out as in the repository, so the venue file's ``programme:`` key is followed.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from typer.testing import CliRunner

import festival.load
from festival.cli import app
from festival.errors import InputError
from festival.load import load, read_yaml

ROOT = Path(__file__).resolve().parent.parent
MAY = ROOT / "examples" / "cffr-2025-may.yaml"
LINEUP = ROOT / "programmes" / "china-film-festival-russia-2025.yaml"
# where each file goes under the test's folder: the venue file names ../programmes/<LINEUP.name>
PLACES = {"venues": Path("examples") / MAY.name, "programme": Path("programmes") / LINEUP.name}
TEXTS = {
    "venues": MAY.read_text(encoding="utf-8"),
    "programme": LINEUP.read_text(encoding="utf-8"),
}

Path_ = tuple[str | int, ...]


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 100
    return yaml


def _walk(node: Any, path: Path_ = ()) -> Iterator[tuple[str, Path_]]:
    """("key" | "scalar" | "mapping", path) of every part of a round-trip tree."""
    if isinstance(node, CommentedMap):
        yield "mapping", path
        for key, value in node.items():
            yield "key", (*path, key)
            yield from _walk(value, (*path, key))
    elif isinstance(node, CommentedSeq):
        for i, value in enumerate(node):
            yield from _walk(value, (*path, i))
    else:
        yield "scalar", path


TREES = {name: _yaml().load(text) for name, text in TEXTS.items()}
PARTS = {
    name: {
        kind: [path for k, path in _walk(tree) if k == kind]
        for kind in ("key", "scalar", "mapping")
    }
    for name, tree in TREES.items()
}

VALUES = {
    "text": st.text(max_size=20),
    "int": st.integers(),
    "list": st.lists(st.one_of(st.integers(), st.text(max_size=8)), max_size=3),
    "mapping": st.dictionaries(st.text(min_size=1, max_size=8), st.integers(), max_size=3),
    "null": st.none(),
}


def _kind(value: Any) -> str | None:
    if value is None:
        return "null"
    if isinstance(value, str):
        return "text"
    if isinstance(value, int) and not isinstance(value, bool):
        return "int"
    return None


def _at(tree: Any, path: Path_) -> Any:
    for part in path:
        tree = tree[part]
    return tree


def _dump(tree: Any) -> bytes:
    out = io.StringIO()
    _yaml().dump(tree, out)
    return out.getvalue().encode("utf-8")


@dataclass(frozen=True)
class Broken:
    """One example file broken one way (``data`` is left out of failure reports: it is long)."""

    which: str
    how: str
    data: bytes = field(repr=False)


@st.composite
def broken(draw: st.DrawFn) -> Broken:
    """One of the two example files, broken one way."""
    which = draw(st.sampled_from(["venues", "programme"]))
    how = draw(st.sampled_from(["delete key", "replace scalar", "insert key", "cut", "insert"]))
    text = TEXTS[which]
    parts = PARTS[which]
    tree = copy.deepcopy(TREES[which])
    if how == "delete key":
        path = draw(st.sampled_from(parts["key"]))
        del _at(tree, path[:-1])[path[-1]]
        how = f"{how} {path}"
        data = _dump(tree)
    elif how == "replace scalar":
        path = draw(st.sampled_from(parts["scalar"]))
        old = _at(tree, path)
        kind = draw(st.sampled_from([k for k in VALUES if k != _kind(old)]))
        value = draw(VALUES[kind])
        _at(tree, path[:-1])[path[-1]] = value
        how = f"{how} {path}: {old!r} -> {value!r}"
        data = _dump(tree)
    elif how == "insert key":
        path = draw(st.sampled_from(parts["mapping"]))
        mapping = _at(tree, path)
        key = draw(st.text(min_size=1, max_size=12).filter(lambda k: k not in mapping))
        value = draw(st.one_of(*VALUES.values()))
        mapping[key] = value
        how = f"{how} {(*path, key)}: {value!r}"
        data = _dump(tree)
    elif how == "cut":
        raw = text.encode("utf-8")
        cut = draw(st.integers(0, len(raw) - 1))
        how = f"{how} at byte {cut}"
        data = raw[:cut]
    else:
        at = draw(st.integers(0, len(text)))
        chars = draw(st.text(min_size=1, max_size=8))
        how = f"{how} {chars!r} at character {at}"
        data = (text[:at] + chars + text[at:]).encode("utf-8")
    return Broken(which, how, data)


def _write(folder: Path, which: str, data: bytes) -> Path:
    """Both example files under ``folder``, ``which`` replaced by ``data``; the venue file's path."""
    for name, place in PLACES.items():
        path = folder / place
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if name == which else TEXTS[name].encode("utf-8"))
    return folder / PLACES["venues"]


FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _venues_with(old: str, new: str) -> Broken:
    text = TEXTS["venues"]
    assert text.count(old) == 1, old
    return Broken("venues", f"{old!r} -> {new!r}", text.replace(old, new).encode("utf-8"))


NAMED = "programme: ../programmes/china-film-festival-russia-2025.yaml"
LAUGHS = "".join(
    [f"x0: &x0 [{', '.join(['lol'] * 9)}]\n"]
    + [f"x{i}: &x{i} [{', '.join([f'*x{i - 1}'] * 9)}]\n" for i in range(1, 10)]
)
# Breakages that once crashed load() or gave a problem without a line; always tried first.
KNOWN = [
    _venues_with(NAMED, 'programme: "lineup\\0.yaml"'),  # NUL in a file name: ValueError
    _venues_with(NAMED, 'programme: ""'),  # names the folder: line 0
    _venues_with(NAMED, "programme: nowhere.yaml"),  # a missing line-up: line 0
    _venues_with("        seats: 90 ", "        seats: !!omap [a: 1] "),  # TypeError
    # a key merged in with `<<:` has no line of its own: KeyError/TypeError
    _venues_with("format_version: 1\n", "format_version: 1\nx: &a {q: 1}\ny: {<<: *a}\n"),
    _venues_with("start: 2025-05-13T19:00", "start: 0001-01-01T01:00"),  # OverflowError
    _venues_with("last_day: 2025-05-17", "last_day: 2025-11-31"),  # ValueError, no line
    _venues_with("        seats: 90 ", f"        seats: {'9' * 5000} "),  # int-string limit
    _venues_with("holidays: []", "holidays: [2025-02-29]"),  # ValueError, no line
    _venues_with(NAMED, "programme: /dev/zero"),  # read to the end: gigabytes
    # a billion laughs: 478 bytes of nested aliases standing for 9**10 strings
    _venues_with("format_version: 1\n", f"{LAUGHS}format_version: 1\n"),
]


def known_cases(test: Callable[..., None]) -> Callable[..., None]:
    """Try every KNOWN breakage before the generated ones."""
    for case in KNOWN:
        test = example(case=case)(test)
    return test


def test_round_trip_of_examples_unbroken_still_loads(tmp_path: Path) -> None:
    """The harness itself: re-dumping the examples without an edit keeps them valid."""
    venues = _write(tmp_path, "venues", _dump(copy.deepcopy(TREES["venues"])))
    (tmp_path / PLACES["programme"]).write_bytes(_dump(copy.deepcopy(TREES["programme"])))

    inputs = load(venues)

    assert (len(inputs.halls), len(inputs.programme.films)) == (9, 6)


@FUZZ
@known_cases
@given(case=broken())
def test_load_broken_file_raises_only_located_input_error(tmp_path: Path, case: Broken) -> None:
    venues = _write(tmp_path, case.which, case.data)

    try:
        load(venues)
    except InputError as err:
        problems = err.problems
    else:
        return  # some edits leave a valid file (e.g. deleting a key that has a default)

    assert problems
    for problem in problems:
        assert problem.line >= 1, str(problem)
        assert problem.message.strip(), str(problem)


@FUZZ
@known_cases
@given(case=broken())
def test_cli_check_broken_file_exits_0_1_or_3_without_traceback(
    tmp_path: Path, case: Broken
) -> None:
    venues = _write(tmp_path, case.which, case.data)

    result = CliRunner().invoke(app, ["check", str(venues)])

    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert result.exit_code in (0, 1, 3)  # 3: the file is valid, and a pre-check fails
    assert "Traceback" not in result.output
    if result.exit_code == 0:
        assert result.stdout.startswith("ok: ")
        assert result.stderr == ""
    else:
        assert result.stdout == ""
        assert result.stderr.strip()
    if result.exit_code == 3:
        assert result.stderr.startswith("no schedule satisfies every rule:\n  - ")


def _read(path: Path) -> tuple[str, ...]:
    """What reading one file gives: its data and lines, or its problems (as text: NaN is NaN)."""
    try:
        doc = read_yaml(path)
    except InputError as err:
        return ("problems", *map(str, err.problems))
    return ("data", repr(doc.data), repr(sorted(doc.lines.items(), key=repr)))


@FUZZ
@known_cases
@given(case=broken())
def test_libyaml_and_ruamel_read_a_broken_file_alike(tmp_path: Path, case: Broken) -> None:
    """libyaml reads every file, ruamel a file libyaml refuses: the data, the lines and the problems
    are the same whichever reads it. Tabs aside: ruamel refuses a tab between tokens on a line, or
    inside a plain scalar, which YAML 1.2 allows and libyaml reads."""
    assume(b"\t" not in case.data)
    path = tmp_path / "file.yaml"
    path.write_bytes(case.data)

    by_libyaml = _read(path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(festival.load, "_CParser", None)
        by_ruamel = _read(path)

    assert by_libyaml == by_ruamel


@pytest.mark.parametrize("which", ["venues", "programme"])
def test_load_empty_file_is_an_input_error(tmp_path: Path, which: str) -> None:
    venues = _write(tmp_path, which, b"")
    # the line-up is named by the venue file, as ../programmes/<name>
    path = venues if which == "venues" else venues.parent / "../programmes" / LINEUP.name

    with pytest.raises(InputError) as caught:
        load(venues)

    assert [str(p) for p in caught.value.problems] == [
        f"{path}:1: expected a mapping of fields at the top"
    ]
