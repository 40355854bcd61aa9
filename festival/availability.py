"""When a hall is open to the festival: its hours on a festival day and its blocked periods.

Everything here is in festival-day time (see ``timeline``); callers turn it into absolute minutes.
"""

from __future__ import annotations

import datetime as dt

from festival.domain import Blocked, Hall


def hours_on(hall: Hall, day: dt.date) -> tuple[dt.time, dt.time] | None:
    """The hall's (open, close) on festival day ``day``, or None when it is closed that day."""
    for exception in hall.exceptions:
        if exception.date == day:
            if exception.closed or exception.open is None or exception.close is None:
                return None
            return exception.open, exception.close
    return hall.hours.open, hall.hours.close


def blocks_on(hall: Hall, day: dt.date) -> list[Blocked]:
    """The hall's blocked periods on festival day ``day``."""
    return [b for b in hall.blocked if b.date == day]
