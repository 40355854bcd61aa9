"""iCalendar feeds: the only module that imports icalendar."""

from __future__ import annotations

from typing import Literal

from festival.domain import Schedule
from festival.inputs import Inputs


def feeds(schedule: Schedule, inputs: Inputs, lang: Literal["ru", "en", "zh"]) -> dict[str, bytes]:
    """Every feed: festival, per city, per venue, per film (path → bytes)."""
    return {}
