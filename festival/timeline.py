"""The one place where local wall-clock time in an IANA zone becomes absolute minutes, and back.

The whole festival runs on one absolute timeline: whole minutes since ``epoch`` (UTC). Local times
are written in *festival-day time*: a time earlier than the policy's ``day_cutoff`` belongs to the
previous festival day, so "01:00" on festival day 15 May is 16 May, 01:00 on the calendar.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from zoneinfo import ZoneInfo

UTC = dt.UTC


class NonexistentLocalTime(ValueError):
    """Raised for a local time skipped by a daylight-saving change; such a time cannot be scheduled."""


@cache
def zone(name: str) -> ZoneInfo:
    """The zone object for an IANA name (validated when the input was loaded)."""
    return ZoneInfo(name)


@dataclass(frozen=True)
class Timeline:
    """Absolute minutes since ``epoch`` and the festival-day convention."""

    epoch: dt.datetime
    day_cutoff: dt.time

    @classmethod
    def for_festival(cls, first_day: dt.date, day_cutoff: dt.time) -> Timeline:
        """A timeline whose minute 0 is two days before the festival starts, in UTC."""
        start = dt.datetime.combine(first_day - dt.timedelta(days=2), dt.time(0, 0), tzinfo=UTC)
        return cls(epoch=start, day_cutoff=day_cutoff)

    # ----------------------------------------------------------------------------------- local → abs
    def calendar_datetime(self, day: dt.date, at: dt.time) -> dt.datetime:
        """The naive calendar date-time of festival-day time ``at`` on festival day ``day``."""
        date = day if at >= self.day_cutoff else day + dt.timedelta(days=1)
        return dt.datetime.combine(date, at)

    def localize(self, naive: dt.datetime, tz: str) -> dt.datetime:
        """Attach ``tz`` to a naive local date-time, refusing times a DST change skips."""
        aware = naive.replace(tzinfo=zone(tz))
        back = aware.astimezone(UTC).astimezone(zone(tz)).replace(tzinfo=None)
        if back != naive:
            raise NonexistentLocalTime(f"{naive:%Y-%m-%d %H:%M} does not exist in {tz}")
        return aware

    def minute_of(self, moment: dt.datetime) -> int:
        """Whole minutes from the epoch to an aware date-time."""
        delta = moment.astimezone(UTC) - self.epoch
        return int(delta.total_seconds() // 60)

    def minute_local(self, naive: dt.datetime, tz: str) -> int:
        """Absolute minute of a naive local date-time in ``tz``."""
        return self.minute_of(self.localize(naive, tz))

    def minute_festival(self, day: dt.date, at: dt.time, tz: str) -> int:
        """Absolute minute of festival-day time ``at`` on festival day ``day`` in ``tz``."""
        return self.minute_local(self.calendar_datetime(day, at), tz)

    # ----------------------------------------------------------------------------------- abs → local
    def utc(self, minute: int) -> dt.datetime:
        """The UTC date-time of an absolute minute."""
        return self.epoch + dt.timedelta(minutes=minute)

    def local(self, minute: int, tz: str) -> dt.datetime:
        """The aware local date-time of an absolute minute in ``tz``."""
        return self.utc(minute).astimezone(zone(tz))

    def festival_day(self, local: dt.datetime) -> dt.date:
        """The festival day a local date-time belongs to (before the cutoff: the day before)."""
        if local.time().replace(tzinfo=None) < self.day_cutoff:
            return local.date() - dt.timedelta(days=1)
        return local.date()

    def festival_time(self, local: dt.datetime) -> int:
        """Minutes since the cutoff of the local date-time's festival day (orders a festival day)."""
        cutoff = dt.datetime.combine(self.festival_day(local), self.day_cutoff)
        return int((local.replace(tzinfo=None) - cutoff).total_seconds() // 60)

    def order_of(self, at: dt.time) -> int:
        """Minutes since the cutoff of festival-day time ``at``; compares times across midnight."""
        minutes = at.hour * 60 + at.minute
        cutoff = self.day_cutoff.hour * 60 + self.day_cutoff.minute
        return (minutes - cutoff) % (24 * 60)


def in_zone(moment: dt.datetime, tz: str) -> dt.datetime:
    """The same instant as an aware local date-time in ``tz``."""
    return moment.astimezone(zone(tz))


def is_weekend(day: dt.date, holidays: tuple[dt.date, ...]) -> bool:
    """Saturday, Sunday, or a listed holiday."""
    return day.weekday() >= 5 or day in holidays
