"""Both bundled examples load and plan to verified schedules."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from festival.load import load
from festival.plan import plan
from festival.solver import SolveOptions
from festival.verify import verify

ROOT = Path(__file__).resolve().parent.parent
STAMP = dt.datetime(2025, 10, 1, tzinfo=dt.UTC)


@pytest.mark.slow
def test_tour_plans_across_four_time_zones() -> None:
    inputs = load(ROOT / "examples" / "cffr-2025-tour.yaml")
    schedule = plan(inputs, SolveOptions(time_limit=2, deterministic=True), STAMP)
    assert verify(schedule, inputs) == []
    offsets = {s.city: s.start_local.strftime("%z") for s in schedule.screenings}
    assert offsets == {
        "moscow": "+0300",
        "st-petersburg": "+0300",
        "kazan": "+0300",
        "yekaterinburg": "+0500",
        "novosibirsk": "+0700",
        "vladivostok": "+1000",
    }
    pinned = sorted(
        (s.film, s.venue, s.start_local.isoformat()) for s in schedule.screenings if s.pinned
    )
    assert pinned == sorted(
        (p.film, p.venue, p.start.isoformat() + offset)
        for p, offset in zip(inputs.venues.pins, ["+03:00", "+10:00"], strict=True)
    )
    assert schedule.solver.objective == schedule.score.total
    assert schedule.score.total <= schedule.solver.bound
