"""The deterministic outputs of both examples, byte for byte, against committed SHA-256 hashes.

A redesign must not change what organisers and subscribers get: every file of a revision (feeds,
pages, PDFs, exports, the schedule, the private part) is hashed and compared with
``tests/golden/<example>.json``. When an output is meant to change, regenerate the hashes
deliberately with ``FESTIVAL_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py`` and say why in
the commit.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from festival import release
from festival.domain import Schedule
from festival.inputs import Inputs

GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.mark.parametrize("example", ["may", "tour"])
def test_outputs_are_byte_identical_to_the_committed_hashes(
    schedules: dict[str, tuple[Schedule, Inputs]], example: str
) -> None:
    schedule, inputs = schedules[example]
    files = release.build(schedule, inputs, "ru", "a5", None)
    hashes = {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())}
    path = GOLDEN / f"{example}.json"
    if os.environ.get("FESTIVAL_UPDATE_GOLDEN") == "1":
        path.write_text(json.dumps(hashes, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    committed = json.loads(path.read_text(encoding="utf-8"))
    assert sorted(hashes) == sorted(committed), "files added or removed"
    changed = sorted(name for name in hashes if hashes[name] != committed[name])
    assert changed == [], f"{len(changed)} file(s) changed: {changed[:10]}"
