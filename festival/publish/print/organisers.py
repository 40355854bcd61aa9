"""What the organisers' PDF shows: the programmer's report (``festival.publish.report``), print
traffic (where each film copy travels) and guest itineraries.

``print/organisers.pdf`` (A4 portrait) is a staff document of every revision, never linked from
the public web programme. It opens with the programmer's report: key figures, charts and tables.
The print-traffic section lists
each film's copies, stay by stay in travel order: the city, the festival days, the screenings the
copy serves, and the leg that brings it there (transit + ingest hours, and the window between the
last screening in the previous city and the first one here, flagged when it is shorter than the
leg). Each guest then gets a page: appearances in time order (local date and time with the UTC
offset and zone, city, venue, hall, film, kind and minutes) with the travel between cities.
Plain JSON-ready data for ``templates/organisers.typ``; nothing reads the clock.
"""

from __future__ import annotations

import datetime as dt

from festival.domain import CopyItinerary, GuestItinerary, Schedule, Screening, Stay
from festival.inputs import Inputs
from festival.publish.dates import date_range, hhmm, short_day, utc_offset
from festival.publish.phrases import GUEST_PARTS, LANGS, ROLES, Lang, text
from festival.publish.print.views import Json, Views
from festival.publish.report import columns_of, report_data


def hours(value: float) -> str:
    """Hours as printed: ``24``, ``4.5`` (one decimal at most)."""
    return f"{round(value, 1):g}"


def _between(earlier: Screening, later: Screening) -> float:
    """Hours from the end of one screening to the start of another."""
    return (later.start_utc - earlier.end_utc).total_seconds() / 3600


class _Organisers(Views):
    """The organisers' views, in one layout language (film titles always in all three)."""

    def __init__(self, schedule: Schedule, inputs: Inputs, lang: Lang) -> None:
        super().__init__(schedule, inputs, lang, "a4")
        self.by_id = {s.id: s for s in (*schedule.screenings, *schedule.cancelled)}

    def city_name(self, city: str) -> str:
        found = self.inputs.cities.get(city)
        return text(found.name, self.lang) if found else city

    def when(self, s: Screening) -> Json:
        """A screening's local date, start and end, UTC offset and zone, and its place."""
        info = self.inputs.halls.get((s.venue, s.hall))
        return {
            "id": s.id,
            "date": short_day(s.start_local.date(), self.lang),
            "time": hhmm(s.start_local),
            "end": hhmm(s.end_local),
            "offset": utc_offset(s.start_local.utcoffset() or dt.timedelta(0)),
            "zone": info.tz if info else "",
            "city": self.city_name(s.city),
            "venue": text(info.venue.name, self.lang) if info else s.venue,
            "hall": text(info.hall.name, self.lang) if info else s.hall,
        }

    def shows(self, ids: tuple[str, ...]) -> list[Screening]:
        return sorted((self.by_id[i] for i in ids if i in self.by_id), key=lambda s: s.start_utc)

    # ------------------------------------------------------------------------------ print traffic
    def stay(self, n: int, stay: Stay, previous: Stay | None) -> Json:
        ui = self.ui
        mine = self.shows(stay.screenings)
        days = [short_day(stay.first_day, self.lang)]
        if stay.last_day != stay.first_day:
            days.append(short_day(stay.last_day, self.lang))
        leg: Json | None = None
        if previous is not None:
            transit = self.inputs.transit_hours(previous.city, stay.city)
            ingest = self.inputs.venues.logistics.ingest_hours
            before = self.shows(previous.screenings)
            window = _between(before[-1], mine[0]) if before and mine else None
            leg = {
                "from": ui["leg_from"].format(city=self.city_name(previous.city)),
                "hours": ui["leg_hours"].format(transit=hours(transit), ingest=hours(ingest)),
                "window": ui["leg_window"].format(hours=hours(window))
                if window is not None
                else "",
                "short": window is not None and window < transit + ingest,
            }
        return {
            "n": str(n),
            "city": self.city_name(stay.city),
            "days": days,
            "screenings": [self.when(s) for s in mine],
            "leg": leg,
        }

    def copy(self, itinerary: CopyItinerary) -> Json:
        stays = []
        previous = None
        for n, stay in enumerate(itinerary.stays, start=1):
            stays.append(self.stay(n, stay, previous))
            previous = stay
        return {
            "number": itinerary.copy_number,
            "label": self.ui["copy"].format(n=itinerary.copy_number),
            "stays": stays,
        }

    def traffic(self) -> list[Json]:
        """Films (line-up order, then any others) with their copies in number order."""
        by_film: dict[str, list[CopyItinerary]] = {}
        for itinerary in self.schedule.copies:
            by_film.setdefault(itinerary.film, []).append(itinerary)
        order = [f.id for f in self.inputs.programme.films]
        order += sorted(set(by_film) - set(order))
        return [
            {
                "id": film,
                "titles": self.film_titles(film),
                "copies": [
                    self.copy(c) for c in sorted(by_film[film], key=lambda c: c.copy_number)
                ],
            }
            for film in order
            if film in by_film
        ]

    # ------------------------------------------------------------------------------ guests
    def appearance(self, s: Screening) -> Json:
        ui = self.ui
        kind = ui[GUEST_PARTS[s.guest_kind]] if s.guest_kind else ""
        return {
            "type": "appearance",
            **self.when(s),
            "titles": self.film_titles(s.film),
            "part": kind,
            "minutes": ui["minutes"].format(n=s.guest_minutes) if s.guest_minutes else "",
        }

    def travel(self, earlier: Screening, later: Screening) -> Json:
        ui = self.ui
        transit = self.inputs.transit_hours(earlier.city, later.city)
        gap = _between(earlier, later)
        return {
            "type": "travel",
            "text": ui["travel"].format(
                origin=self.city_name(earlier.city), dest=self.city_name(later.city)
            ),
            "hours": ui["travel_hours"].format(transit=hours(transit), gap=hours(gap)),
            "short": gap < transit,
        }

    def guest(self, itinerary: GuestItinerary) -> Json:
        ui = self.ui
        lang = self.lang
        found = self.inputs.guests.get(itinerary.guest)
        rows: list[Json] = []
        previous: Screening | None = None
        for s in self.shows(itinerary.screenings):
            if previous is not None and previous.city != s.city:
                rows.append(self.travel(previous, s))
            rows.append(self.appearance(s))
            previous = s
        if found is None:
            name, names, role, available, per_day = itinerary.guest, [], "", ui["always"], ""
        else:
            name = text(found.name, lang)
            names = [text(found.name, c) for c in LANGS if text(found.name, c) != name]
            role = ui[ROLES[found.role]] if found.role in ROLES else found.role
            ranges = [date_range(r.from_, r.until, lang) for r in found.available]
            available = "; ".join(ranges) or ui["always"]
            per_day = str(found.max_per_day)
        return {
            "id": itinerary.guest,
            "name": name,
            "names": names,
            "facts": [
                {"label": ui["available"], "value": available},
                *([{"label": ui["per_day"], "value": per_day}] if per_day else []),
                {"label": ui["appearances"], "value": str(len(itinerary.screenings))},
            ],
            "role": role,
            "rows": rows,
        }

    def organisers(self) -> Json:
        return {
            **self.common(),
            "kind": "organisers",
            "revision": self.ui["revision"].format(n=self.schedule.revision),
            "ingest": hours(self.inputs.venues.logistics.ingest_hours),
            "report": report_data(
                columns_of(self.schedule, self.inputs, self.lang), self.inputs, self.lang
            ),
            "traffic": self.traffic(),
            "guests": [self.guest(g) for g in self.schedule.guests],
        }


def organisers_data(schedule: Schedule, inputs: Inputs, lang: Lang) -> Json:
    """Everything the organisers' PDF shows."""
    return _Organisers(schedule, inputs, lang).organisers()
