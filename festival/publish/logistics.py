"""Sheets for the logistics team: where each film copy travels, and each guest's appearances (CSV)."""

from __future__ import annotations

import csv
import io

from festival.domain import Schedule
from festival.inputs import Inputs
from festival.publish import urls


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def print_traffic(schedule: Schedule, inputs: Inputs) -> bytes:
    """One row per stay of a copy, in travel order, with the leg that brings it there."""
    by_id = {s.id: s for s in schedule.screenings}
    rows = [
        [
            "film",
            "copy",
            "city",
            "arrive_by_festival_day",
            "first_screening_local",
            "last_day",
            "screenings",
            "from_city",
            "transit_hours",
            "ingest_hours",
        ]
    ]
    ingest = inputs.venues.logistics.ingest_hours
    for itinerary in schedule.copies:
        previous = None
        for stay in itinerary.stays:
            first = min((by_id[i] for i in stay.screenings), key=lambda s: s.start_utc)
            rows.append(
                [
                    itinerary.film,
                    str(itinerary.copy_number),
                    stay.city,
                    stay.first_day.isoformat(),
                    first.start_local.isoformat(),
                    stay.last_day.isoformat(),
                    " ".join(stay.screenings),
                    previous or "",
                    f"{inputs.transit_hours(previous, stay.city):g}" if previous else "",
                    f"{ingest:g}",
                ]
            )
            previous = stay.city
    return _csv(rows)


def guest_sheet(schedule: Schedule, inputs: Inputs) -> bytes:
    """One row per guest appearance, in time order."""
    by_id = {s.id: s for s in schedule.screenings}
    rows = [
        ["guest", "screening", "film", "city", "venue", "hall", "start_local", "kind", "minutes"]
    ]
    for itinerary in schedule.guests:
        for sid in itinerary.screenings:
            s = by_id[sid]
            rows.append(
                [
                    itinerary.guest,
                    s.id,
                    s.film,
                    s.city,
                    s.venue,
                    s.hall,
                    s.start_local.isoformat(),
                    s.guest_kind or "",
                    str(s.guest_minutes),
                ]
            )
    return _csv(rows)


def sheets(schedule: Schedule, inputs: Inputs) -> dict[str, bytes]:
    """The logistics sheets, when the festival has copies or guests to move."""
    out: dict[str, bytes] = {}
    if schedule.copies:
        out[urls.PRINT_TRAFFIC] = print_traffic(schedule, inputs)
    if schedule.guests:
        out[urls.GUEST_ITINERARIES] = guest_sheet(schedule, inputs)
    return out
