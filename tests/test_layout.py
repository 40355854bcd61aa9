"""The program's start, as ``festival plan``'s budget counts it (``festival.layout.Started``)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

import festival.layout
from festival.layout import Started


def test_slowness_is_the_wall_time_over_the_cpu_time_since_the_start(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = SimpleNamespace(monotonic=lambda: 110.0, process_time=lambda: 5.5)
    monkeypatch.setattr(festival.layout, "time", clock)
    assert Started(at=100.0, cpu=0.5).slowness() == 2.0  # 10 s of wall for 5 s of CPU
    assert Started(at=105.0, cpu=0.5).slowness() == 1.0  # quiet: as long as its CPU time
    assert Started(at=109.8, cpu=5.2).slowness() == 1.0  # 0.3 s of CPU: too little to tell
    assert Started().slowness() == 1.0  # not started by the entry point (tests)
