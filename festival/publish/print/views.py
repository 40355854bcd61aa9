"""What every printed document shares: one schedule's screenings, titles, places and labels as plain
JSON-ready data, in one layout language.

``Views`` is the base of the booklet and wall grid (``document.py``), the changes insert
(``insert.py``) and the organisers' PDF (``organisers.py``). Every label comes from the phrase book
(``festival.publish.phrases``) and the Typst templates see all of them as ``data.ui``; dates and
times are written by ``festival.publish.dates``. Nothing reads the clock.
"""

from __future__ import annotations

import datetime as dt
import io
from functools import lru_cache
from typing import Literal

import segno

from festival.domain import City, Film, Person, Schedule, Screening, Venue
from festival.inputs import Inputs
from festival.publish.dates import date_range, day_minute, hhmm, short_day, zone_offsets
from festival.publish.phrases import AGE_NOTES, LANGS, Lang, labels, text

Paper = Literal["a5", "a4"]
Json = dict[str, object]

AGE_CLASSES = {"0+": "0", "6+": "6", "12+": "12", "16+": "16", "18+": "18", "unrated": "unrated"}
"""An age rating → its class in the templates (the colour of its badge)."""


@lru_cache(maxsize=4096)
def qr_svg(url: str) -> str:
    """A QR code of ``url`` as SVG (black modules, no quiet zone: the layout leaves room).

    Remembered per URL (~2 KB each): segno takes ~8 ms a code (choosing the best of eight masks in
    pure Python), and a film shown in several cities has the same feed in each city's booklet."""
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(
        buffer, kind="svg", xmldecl=False, scale=4, border=0, dark="#000", nl=False
    )
    return buffer.getvalue().decode("ascii")


def person_name(person: Person, lang: Lang) -> tuple[str, str | None]:
    """A name in the layout language (the original form if none is given) and the original form
    when it differs."""
    shown = getattr(person, lang) or person.original
    return shown, None if shown == person.original else person.original


class Views:
    """Views of one schedule for printing, in one layout language."""

    def __init__(self, schedule: Schedule, inputs: Inputs, lang: Lang, paper: Paper) -> None:
        self.schedule = schedule
        self.inputs = inputs
        self.lang = lang
        self.paper = paper
        self.ui = labels(lang)
        self.days = inputs.days
        self.screenings = sorted(
            schedule.screenings, key=lambda s: (s.start_utc, s.city, s.venue, s.hall, s.id)
        )
        # cancelled since an earlier publication: listed struck through (if they still resolve)
        self.cancelled = sorted(
            (
                s
                for s in schedule.cancelled
                if s.film in inputs.films and (s.venue, s.hall) in inputs.halls
            ),
            key=lambda s: (s.start_utc, s.city, s.venue, s.hall, s.id),
        )
        first: dict[str, str] = {}
        for s in self.screenings:
            first.setdefault(s.film, s.id)
        self.first_ids = set(first.values())
        self.guests = {g.id: g for g in inputs.venues.guests}

    def titles(self, film: Film) -> Json:
        """The three titles (ru, zh, en) and the original when it is none of them."""
        t = film.title
        original = t.original if t.original not in {t.ru, t.zh, t.en} else None
        return {**{code: text(t, code) for code in LANGS}, "original": original}

    def film_titles(self, film: str) -> Json:
        """A film's titles by its id; the id in every language when the line-up no longer has it."""
        found = self.inputs.films.get(film)
        if found is None:
            return {**{code: film for code in LANGS}, "original": None}
        return self.titles(found)

    def age(self, film: Film) -> Json:
        rating = film.age_rating.value
        label = self.ui["unrated_badge"] if rating == "unrated" else rating
        return {"label": label, "class": AGE_CLASSES[rating]}

    def zone(self, city: City) -> Json:
        offset = zone_offsets(city.timezone, self.days)
        return {
            "zone": city.timezone,
            "offset": offset,
            "note": self.ui["print_times_local"].format(zone=city.timezone, offset=offset),
            "short": self.ui["times_local_short"].format(offset=offset),
        }

    def marks(self, s: Screening) -> list[str]:
        out: list[str] = []
        if s.status == "cancelled":
            return out
        if s.id in self.first_ids:
            out.append("first")
        if s.guest_kind == "qa":
            out.append("qa")
        elif s.guest_kind == "intro":
            out.append("intro")
        return out

    def guest_name(self, s: Screening) -> str | None:
        if s.guest is None:
            return None
        guest = self.guests.get(s.guest)
        return text(guest.name, self.lang) if guest else s.guest

    def show(self, s: Screening) -> Json:
        film = self.inputs.films[s.film]
        info = self.inputs.halls[(s.venue, s.hall)]
        return {
            "id": s.id,
            "film": s.film,
            "time": hhmm(s.start_local),
            "end": hhmm(s.end_local),
            "date": short_day(s.start_local.date(), self.lang),
            "titles": self.titles(film),
            "runtime": self.ui["minutes"].format(n=film.runtime),
            "age": self.age(film),
            "venue": text(info.venue.name, self.lang),
            "hall": text(info.hall.name, self.lang),
            "marks": self.marks(s),
            "label": text(s.label, self.lang) if s.label else "",
            "guest": self.guest_name(s),
            "start": day_minute(s.start_local, s.festival_day),
            "stop": day_minute(s.end_local, s.festival_day),
            "cancelled": s.status == "cancelled",
        }

    def venue(self, v: Venue, used: set[tuple[str, str]] | None = None) -> Json:
        halls = [h for h in v.halls if used is None or (v.id, h.id) in used]
        return {
            "id": v.id,
            "name": text(v.name, self.lang),
            "names": {code: text(v.name, code) for code in LANGS},
            "address": {code: text(v.address, code) for code in LANGS},
            "halls": [
                {
                    "id": h.id,
                    "name": text(h.name, self.lang),
                    "names": {code: text(h.name, code) for code in LANGS},
                    "seats": self.ui["seats"].format(n=h.seats),
                    "features": self.ui["sep"].join(h.features),
                }
                for h in halls
            ],
        }

    def common(self) -> Json:
        """What every document's template reads: the labels, the festival, the legend."""
        fest = self.schedule.festival
        organizer = self.inputs.venues.festival.organizer.name
        return {
            "lang": self.lang,
            "paper": self.paper,
            "ui": self.ui,
            "festival": {
                "id": fest.id,
                "names": {code: text(fest.name, code) for code in LANGS},
                "name": text(fest.name, self.lang),
                "dates": date_range(fest.first_day, fest.last_day, self.lang),
                "organizer": self.ui["organizer"].format(name=organizer),
                "url": fest.base_url,
                "generated": self.ui["generated"].format(
                    when=self.schedule.generated_at.astimezone(dt.UTC).strftime(
                        "%Y-%m-%d %H:%M UTC"
                    )
                ),
            },
            "intro": self.ui["print_intro_note"].format(n=self.inputs.venues.policy.intro_minutes),
            "age_legend": [
                {
                    "label": r if r != "unrated" else self.ui["unrated_badge"],
                    "class": c,
                    "text": self.ui[AGE_NOTES[r]],
                }
                for r, c in AGE_CLASSES.items()
            ],
        }
