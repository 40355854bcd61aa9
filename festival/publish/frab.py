"""Exports for schedule apps (Giggity, EventFahrplan, ConfClerk): frab/pentabarf XML and JSON."""

from __future__ import annotations

from typing import Literal

from festival.domain import Schedule
from festival.inputs import Inputs


def exports(
    schedule: Schedule, inputs: Inputs, lang: Literal["ru", "en", "zh"]
) -> dict[str, bytes]:
    """schedule.xml and frab/schedule.json (path → bytes)."""
    return {}
