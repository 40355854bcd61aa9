"""One Typst compile, here or in a process of its own: ``python -P typst_process.py PID``.

``typeset()`` compiles one document with a given ``typst.Compiler`` and says what happened as plain
data (an ``Outcome``: the pages, or Typst's error, and its warnings), so the package turns it into
bytes or a ``PrintError`` the same way wherever the compile ran. Run as a script, it reads a
pickled ``Request`` on stdin, compiles with a compiler of its own (the bundled fonts only) and
writes the pickled ``Outcome`` to stdout. Requests and outcomes are plain dicts, lists, strings
and bytes, so the script unpickles them without importing anything of festival.

A process, because Typst's memory for a document grows with its pages (~400 MB for a city booklet
of 450 pages) and stays with the process afterwards (freed memory is not given back, and Typst
keeps its caches for the next compiles): a big document compiled apart leaves nothing behind. It
is run as a script by its path, so it imports only ``typst``: ``-m`` would import
``festival.publish`` and all it needs first, ~1 s before Typst starts. ``-P`` keeps this folder
out of ``sys.path`` (its modules would shadow others); the environment and the user's
site-packages stay, so the script finds the ``typst`` its parent uses however it was installed.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import signal
import sys
from typing import TypedDict

import typst


class Request(TypedDict):
    """What to compile: a template file, its root folder, the data (``sys.inputs.data``)."""

    template: str
    root: str
    payload: str
    timestamp: int
    fmt: str
    ppi: float | None
    fonts: list[str]
    """The folders of the bundled fonts (a compiler of the script's own loads only these)."""


class Problem(TypedDict):
    """A Typst error or warning: its message and the diagnostic that says where."""

    message: str
    diagnostic: str


class Outcome(TypedDict):
    """The pages (a PDF is one item), or the error (no pages); the warnings either way."""

    pages: list[bytes]
    error: Problem | None
    warnings: list[Problem]


def fonts(folders: list[str]) -> typst.Fonts:
    """The fonts in ``folders`` and no others (neither the system's nor Typst's own)."""
    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=folders)


def compiler(found: typst.Fonts, root: str) -> typst.Compiler:
    """A compiler with ``found`` (compilers sharing one ``Fonts`` load each font file once)."""
    return typst.Compiler(root=root, font_paths=found, ignore_system_fonts=True)


def _problem(found: typst.TypstError | typst.TypstWarning) -> Problem:
    return {"message": found.message, "diagnostic": found.diagnostic or ""}


def typeset(request: Request, using: typst.Compiler) -> Outcome:
    """Compile ``request`` with ``using`` (one document at a time per compiler)."""
    fmt = request["fmt"]
    if fmt not in ("pdf", "png"):
        raise ValueError(f"unknown format {fmt!r}")
    try:
        out, warnings = using.compile_with_warnings(
            request["template"],
            format="pdf" if fmt == "pdf" else "png",
            ppi=request["ppi"],
            sys_inputs={"data": request["payload"]},
            root=request["root"],
            timestamp=request["timestamp"],
        )
    except typst.TypstError as err:
        return {"pages": [], "error": _problem(err), "warnings": []}
    pages = [] if out is None else out if isinstance(out, list) else [out]
    return {"pages": pages, "error": None, "warnings": [_problem(w) for w in warnings]}


def _die_with_parent(parent: int) -> None:
    """End when festival ends (Linux): an interrupted or killed publication leaves no Typst
    running. festival blocks SIGINT and SIGTERM in all its threads, and a child inherits that."""
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # it ended before the line above
        sys.exit(1)


def main() -> None:
    """``python -P typst_process.py PARENT_PID``: a request on stdin, its outcome on stdout."""
    _die_with_parent(int(sys.argv[1]))
    request: Request = pickle.load(sys.stdin.buffer)
    outcome = typeset(request, compiler(fonts(request["fonts"]), request["root"]))
    pickle.dump(outcome, sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)


if __name__ == "__main__":
    main()
