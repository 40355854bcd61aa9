"""Writing outputs: every file goes to a temporary name beside its target and is renamed into place.

A crash or a full disk therefore never leaves a subscriber, a printer or ``festival verify`` with a
partial file: readers see the old file or the new one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from festival.errors import OutputError


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (temp file in the same folder, fsync, rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


HISTORY = "history"


def archive(folder: Path, revision: int) -> None:
    """Copy the folder's current publication into ``history/<revision>/`` before it changes."""
    target = folder / HISTORY / str(revision)
    try:
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder)
            if not path.is_file() or relative.parts[0] == HISTORY or path.name.startswith("."):
                continue
            write_atomic(target / relative, path.read_bytes())
    except OSError as err:
        raise OutputError(
            f"{folder}: cannot archive revision {revision}: {err.strerror or err}"
        ) from None


def revisions(folder: Path) -> list[int]:
    """The archived revisions of an output folder, oldest first."""
    root = folder / HISTORY
    if not root.is_dir():
        return []
    return sorted(int(p.name) for p in root.iterdir() if p.is_dir() and p.name.isdigit())


def write_folder(folder: Path, files: Mapping[str, bytes], last: str) -> None:
    """Write every file of an output folder atomically; ``last`` (the index file) goes last."""
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: exists and is not a folder")
    try:
        for name in sorted(files):
            if name != last:
                write_atomic(folder / name, files[name])
        write_atomic(folder / last, files[last])
    except OSError as err:
        raise OutputError(f"{folder}: cannot write: {err.strerror or err}") from None
