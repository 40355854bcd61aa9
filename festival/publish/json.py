"""``schedule.json``: the schedule as canonical JSON bytes (same schedule, same bytes)."""

from __future__ import annotations

from festival.domain import Schedule

SCHEDULE_FILE = "schedule.json"


def schedule_bytes(schedule: Schedule) -> bytes:
    """UTF-8 JSON, two-space indent, fields in model order, screenings in time order."""
    return (schedule.model_dump_json(indent=2, by_alias=True) + "\n").encode("utf-8")
