"""Typst in a process of its own: the same bytes and the same located errors as compiling here,
a failed process is a PrintError, and abandoned documents leave no process behind."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from festival.domain import Schedule
from festival.inputs import Inputs
from festival.publish import print as printed
from festival.publish.print import document, typst_process

Planned = tuple[Schedule, Inputs]


def _typst_children() -> list[int]:
    """This process's children that run ``typst_process.py`` (Linux: read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == os.getpid() and b"typst_process.py" in command:
            found.append(int(entry.name))
    return found


def test_a_booklet_compiled_apart_has_the_bytes_of_one_compiled_here(
    schedules: dict[str, Planned],
) -> None:
    schedule, inputs = schedules["tour"]
    data = document.booklet_data(schedule, inputs, inputs.cities["vladivostok"], "ru", "a5")
    stamp = int(schedule.generated_at.timestamp())
    here = printed.compile_document("v.pdf", printed.BOOKLET, data, stamp, apart=False)
    apart = printed.compile_document("v.pdf", printed.BOOKLET, data, stamp, apart=True)
    assert len(here) == 1 and here[0].startswith(b"%PDF-")
    assert apart == here


def test_png_pages_compiled_apart_are_the_pages_compiled_here(
    schedules: dict[str, Planned],
) -> None:
    schedule, inputs = schedules["may"]
    data = document.wall_data(schedule, inputs, inputs.venues.venues[0], "ru")
    here = printed.compile_document("w.png", printed.WALL, data, 0, fmt="png", ppi=20, apart=False)
    apart = printed.compile_document("w.png", printed.WALL, data, 0, fmt="png", ppi=20, apart=True)
    assert len(here) == len(inputs.days)
    assert apart == here


@pytest.mark.parametrize(
    ("source", "said", "where"),
    [
        ('#text(font: "No Such Font")[x]\n', "t.pdf: Typst warned (treated as an", "t.typ:1:12)"),
        (
            "#let data = json(bytes(sys.inputs.data))\n#data.nothing\n",
            "t.pdf: Typst failed",
            "t.typ:2:6)",
        ),
    ],
)
def test_typst_problems_read_the_same_from_a_process_of_its_own(
    tmp_path: Path, source: str, said: str, where: str
) -> None:
    template = tmp_path / "t.typ"
    template.write_text(source, encoding="utf-8")
    messages = []
    for apart in (False, True):
        with pytest.raises(printed.PrintError) as raised:
            printed.compile_document("t.pdf", template, {}, 0, apart=apart)
        messages.append(str(raised.value))
    assert messages[0] == messages[1]
    assert messages[0].startswith(said)
    assert messages[0].endswith(where)  # located


def test_a_failed_typst_process_is_a_print_error(tmp_path: Path) -> None:
    request: typst_process.Request = {
        "template": str(tmp_path / "t.typ"),
        "root": str(tmp_path),
        "payload": "{}",
        "timestamp": 0,
        "fmt": "svg",  # the process refuses it
        "ppi": None,
        "fonts": [],
    }
    with pytest.raises(
        printed.PrintError,
        match=r"^t\.pdf: Typst's process failed \(1\): ValueError: unknown format 'svg'$",
    ):
        printed._Children().compile("t.pdf", request)


def _wall_request() -> typst_process.Request:
    """A wall grid's request with empty data (never compiled by the tests that use it)."""
    return {
        "template": str(printed.TEMPLATES / printed.WALL),
        "root": str(printed.TEMPLATES),
        "payload": "{}",
        "timestamp": 0,
        "fmt": "pdf",
        "ppi": None,
        "fonts": [],
    }


def test_stopped_children_start_no_more(tmp_path: Path) -> None:
    children = printed._Children()
    children.stop()
    request = _wall_request()
    with pytest.raises(printed.PrintError, match=r"^w\.pdf: not compiled: the documents were"):
        children.compile("w.pdf", request)


def test_interrupted_documents_leave_no_typst_process(schedules: dict[str, Planned]) -> None:
    schedule, inputs = schedules["tour"]
    docs = list(printed._documents(schedule, inputs, "ru", "a5", None))

    def interrupted() -> dict[str, object]:
        raise KeyboardInterrupt

    docs.insert(2, printed._Document("print/stop.pdf", printed.WALL, interrupted))
    for workers in (1, 2):
        with pytest.raises(KeyboardInterrupt):
            printed._compile_all(docs, 0, workers, apart=True)
        assert _typst_children() == []


def test_a_typst_process_that_cannot_start_is_a_print_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No process to be had (here: no interpreter where it should be) is a located error, not a
    traceback."""
    monkeypatch.setattr(sys, "executable", str(tmp_path / "no-python"))
    request = _wall_request()
    with pytest.raises(printed.PrintError, match=r"^w\.pdf: cannot start Typst's process: "):
        printed._Children().compile("w.pdf", request)
