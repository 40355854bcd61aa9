"""Dates and times as the web programme and the printed programmes write them, in each language.

Names of months and weekdays come from the phrase book (``festival.publish.phrases``); the order of
day, month and year is each language's own. Local times are wall-clock times of the venue's zone.
"""

from __future__ import annotations

import datetime as dt

from festival.publish.phrases import MONTHS, WEEKDAYS, WEEKDAYS_SHORT, Lang, text
from festival.timeline import zone


def month(number: int, lang: Lang) -> str:
    """A month's name as after a day's number: ``октября``, ``October``, ``10月``."""
    return text(MONTHS[number - 1], lang)


def day_label(day: dt.date, lang: Lang) -> str:
    """``Вторник, 28 октября`` / ``Tuesday 28 October`` / ``10月28日 星期二``."""
    weekday = text(WEEKDAYS[day.weekday()], lang)
    if lang == "zh":
        return f"{day.month}月{day.day}日 {weekday}"
    if lang == "en":
        return f"{weekday} {day.day} {month(day.month, 'en')}"
    return f"{weekday.capitalize()}, {day.day} {month(day.month, 'ru')}"


def short_day(day: dt.date, lang: Lang) -> str:
    """``вт, 28 октября`` / ``Tue 28 Oct`` / ``10月28日 周二``."""
    weekday = text(WEEKDAYS_SHORT[day.weekday()], lang)
    if lang == "zh":
        return f"{day.month}月{day.day}日 {weekday}"
    if lang == "en":
        return f"{weekday} {day.day} {month(day.month, 'en')[:3]}"
    return f"{weekday}, {day.day} {month(day.month, 'ru')}"


def date_range(first: dt.date, last: dt.date, lang: Lang) -> str:
    """The festival's dates: ``13–17 мая 2025``, ``28 October – 6 November 2025``."""
    if lang == "zh":
        start = f"{first.year}年{first.month}月{first.day}日"
        if first == last:
            return start
        if first.year != last.year:
            return f"{start}—{last.year}年{last.month}月{last.day}日"
        if first.month != last.month:
            return f"{start}—{last.month}月{last.day}日"
        return f"{start}—{last.day}日"
    since, until = month(first.month, lang), month(last.month, lang)
    if first == last:
        return f"{first.day} {since} {first.year}"
    if first.year != last.year:
        return f"{first.day} {since} {first.year} – {last.day} {until} {last.year}"
    if first.month != last.month:
        return f"{first.day} {since} – {last.day} {until} {last.year}"
    return f"{first.day}–{last.day} {until} {last.year}"


def compact_dates(days: list[dt.date], lang: Lang) -> str:
    """Dates grouped by month: ``29 октября; 1, 3, 4 ноября`` / ``29 October; 1, 3, 4 November`` /
    ``10月29日；11月1日、3日、4日``."""
    groups: dict[tuple[int, int], list[int]] = {}
    for day in sorted(days):
        groups.setdefault((day.year, day.month), []).append(day.day)
    parts = []
    for (_, number), numbers in groups.items():
        if lang == "zh":
            parts.append(f"{number}月" + "、".join(f"{n}日" for n in numbers))
        else:
            parts.append(", ".join(str(n) for n in numbers) + " " + month(number, lang))
    return ("；" if lang == "zh" else "; ").join(parts)


def utc_offset(offset: dt.timedelta) -> str:
    """``UTC+10``, ``UTC+5:30``, ``UTC-3``."""
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_offsets(tz: str, days: list[dt.date]) -> str:
    """The UTC offsets a zone has at noon over the festival days (``UTC+3``, ``UTC+1 / UTC+2``)."""
    seen: list[str] = []
    for day in days:
        offset = dt.datetime.combine(day, dt.time(12, 0), tzinfo=zone(tz)).utcoffset()
        label = utc_offset(offset or dt.timedelta(0))
        if label not in seen:
            seen.append(label)
    return " / ".join(seen)


def hhmm(moment: dt.datetime) -> str:
    """Local wall-clock time, ``19:00``."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def day_minute(moment: dt.datetime, day: dt.date) -> int:
    """Minutes from midnight of a festival day to a local time (past 1440 after midnight)."""
    naive = moment.replace(tzinfo=None)
    return int((naive - dt.datetime.combine(day, dt.time(0, 0))).total_seconds() // 60)
