"""What the workspace keeps on disk: the draft, saved after every step, and the locks written into
the venue file as pins.

The draft lives beside the publication, in ``<out>/.edit/draft.json``, never in a revision: what
subscribers see changes only when the programmer publishes. It is written whole to a temporary
file and renamed over the old one, so a crash leaves the last step or the one before, never half
of one. It names the inputs it was made on (SHA-256 of both files): a draft of other inputs is not
resumed.

Writing pins keeps the venue file as the programmer wrote it (ruamel's round trip): comments,
order and layout stay; a pin still locked keeps its entry (label, comments), a pin unlocked goes,
a new lock is appended. The file is read back and checked before it replaces the old one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from festival.domain import Pin
from festival.edit.draft import EditError, State
from festival.errors import InputError
from festival.handmade import Placed
from festival.inputs import Inputs
from festival.load import load

DRAFT_FOLDER = ".edit"
DRAFT_FILE = "draft.json"
FORMAT = 1


def draft_path(out: Path) -> Path:
    return out / DRAFT_FOLDER / DRAFT_FILE


def inputs_digest(inputs: Inputs) -> dict[str, str]:
    return {
        "venues": hashlib.sha256(inputs.venues_source.data).hexdigest(),
        "programme": hashlib.sha256(inputs.programme_source.data).hexdigest(),
    }


def _write_atomic(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all: the file a link points to, with its permissions."""
    path = path.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save_draft(out: Path, state: State, inputs: Inputs, revision: int) -> None:
    """Write the draft's state (atomically) into ``<out>/.edit/draft.json``; ``revision``: the
    publication it was made on."""
    data = {
        "format": FORMAT,
        "festival": inputs.venues.festival.id,
        "revision": revision,
        "inputs": inputs_digest(inputs),
        "placements": [
            {
                "id": p.id,
                "film": p.film,
                "venue": p.venue,
                "hall": p.hall,
                "start": p.start.isoformat(timespec="minutes"),
                "guest": p.guest,
            }
            for p in state.placements
        ],
        "locked": sorted(state.locked),
    }
    # compact: the C encoder (an indented dump is the pure-Python one, 37 ms at Berlinale size)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    _write_atomic(draft_path(out), text.encode("utf-8") + b"\n")


def read_draft(out: Path, inputs: Inputs, revision: int) -> State | None:
    """The saved draft of these inputs made on publication ``revision``, or None (no draft,
    other inputs, a draft of an earlier publication, an unreadable file)."""
    path = draft_path(out)
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT or data.get("inputs") != inputs_digest(inputs):
            return None
        if data.get("revision") != revision:
            return None
        placements = tuple(
            Placed(
                str(p["id"]),
                str(p["film"]),
                str(p["venue"]),
                str(p["hall"]),
                dt.datetime.fromisoformat(str(p["start"])),
                None if p.get("guest") is None else str(p["guest"]),
            )
            for p in data["placements"]
        )
        ids = {p.id for p in placements}
        return State(placements, frozenset(str(i) for i in data["locked"] if i in ids))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _pin_lines(pin: Pin, indent: int, newline: str) -> list[str]:
    pad = " " * indent
    lines = [
        f"{pad}- film: {pin.film}",
        f"{pad}  venue: {pin.venue}",
        f"{pad}  hall: {pin.hall}",
        f"{pad}  start: {pin.start:%Y-%m-%dT%H:%M}",
    ]
    if pin.label is not None:
        # JSON strings are YAML flow scalars: any text is written safely
        label = ", ".join(
            f"{lang}: {json.dumps(getattr(pin.label, lang), ensure_ascii=False)}"
            for lang in ("ru", "en", "zh")
        )
        lines.append(f"{pad}  label: {{{label}}}")
    if pin.guest is not None:
        lines.append(f"{pad}  guest: {pin.guest}")
    return [line + newline for line in lines]


def _key(entry: Any) -> tuple[str, str, str, str] | None:
    try:
        start = entry["start"]
        if not isinstance(start, dt.datetime):
            start = dt.datetime.fromisoformat(str(start).strip().replace(" ", "T", 1).upper())
        return (
            str(entry["film"]),
            str(entry["venue"]),
            str(entry["hall"]),
            start.strftime("%Y-%m-%dT%H:%M"),
        )
    except (KeyError, TypeError, ValueError):
        return None


def _quiet(line: str) -> bool:
    """A blank or comment-only line (it goes with the pin after it)."""
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def pins_text(text: str, pins: list[Pin]) -> str:
    """The venue file's text with ``pins`` as its pins. Only the ``pins:`` block changes: a pin
    still wanted keeps its lines (with the comments above it), a pin not wanted loses them, a
    new one is appended in the block's indentation and the file's line endings."""
    doc = YAML().load(text)
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    wanted = {(p.film, p.venue, p.hall, p.start.strftime("%Y-%m-%dT%H:%M")): p for p in pins}
    keys = list(doc) if isinstance(doc, CommentedMap) else []
    old = doc.get("pins") if isinstance(doc, CommentedMap) else None
    if "pins" in keys:
        at = doc.lc.key("pins")[0]
        after = keys.index("pins") + 1
        end = doc.lc.key(keys[after])[0] if after < len(keys) else len(lines)
    if not isinstance(old, CommentedSeq) or not old or old.fa.flow_style():
        # no pins yet, or pins in flow style on their line: that line becomes the block
        new = [line for p in wanted.values() for line in _pin_lines(p, 2, newline)]
        head = "pins:" + newline if new else "pins: []" + newline
        if "pins" in keys:
            if at + 1 < end and not all(_quiet(line) for line in lines[at + 1 : end]):
                raise EditError("the venue file's pins: are written in a way this cannot change")
            return "".join([*lines[:at], head, *new, *lines[at + 1 :]])
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += newline
        return "".join([*lines, head, *new])
    starts = [old.lc.item(i)[0] for i in range(len(old))]

    def content_end(limit: int) -> int:
        j = limit
        while j - 1 > at and _quiet(lines[j - 1]):
            j -= 1
        return j

    bounds = [at + 1, *(content_end(start) for start in starts[1:]), content_end(end)]
    chunks = [lines[bounds[i] : bounds[i + 1]] for i in range(len(old))]
    tail = lines[bounds[-1] : end]
    if chunks and chunks[-1] and not chunks[-1][-1].endswith("\n"):
        chunks[-1][-1] += newline
    indent = max(old.lc.item(0)[1] - 2, 0)
    out = lines[: at + 1]
    kept = set()
    for entry, chunk in zip(old, chunks, strict=True):
        key = _key(entry)
        if key in wanted and key not in kept:
            kept.add(key)
            out += chunk
    for key, pin in wanted.items():
        if key not in kept:
            out += _pin_lines(pin, indent, newline)
    if not kept and not wanted:
        out[at] = out[at].replace("pins:", "pins: []", 1)
    return "".join([*out, *tail, *lines[end:]])


def write_pins(venues: Path, pins: list[Pin], programme: Path | None = None) -> Inputs:
    """Make ``pins`` the venue file's pins, changing only its ``pins:`` block; the inputs it now
    gives. Raises EditError or InputError, and leaves the file as it was, if the result does not
    load or does not hold exactly those pins."""
    original = venues.read_bytes()
    try:
        text = pins_text(original.decode("utf-8"), pins)
    except YAMLError as err:
        raise EditError(f"{venues}: cannot be read to write its pins ({err})") from None
    _write_atomic(venues, text.encode("utf-8"))
    try:
        written = load(venues, programme)
        got = sorted((p.film, p.venue, p.hall, p.start) for p in written.venues.pins)
        if got != sorted((p.film, p.venue, p.hall, p.start) for p in pins):
            raise EditError(f"{venues}: the pins written are not the locks; the file is as it was")
    except (InputError, EditError):
        _write_atomic(venues, original)
        raise
    return written
