"""What the printed programmes show: plain JSON-ready data built from a schedule, sorted and labelled.

The Typst templates only lay this data out; every decision about content, order and wording is made
here (indexes are collated in ``collate.py``, since Typst sorts by code point). Nothing reads the
clock: the same schedule gives the same data.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from festival.domain import City, Film, Person, Schedule, Screening, Text, Venue
from festival.inputs import Inputs
from festival.publish import urls
from festival.publish.dates import compact_dates, day_label, day_minute, short_day
from festival.publish.phrases import COUNTRY_NAMES, LANGS, LANGUAGE_NAMES, Lang, text
from festival.publish.print import collate
from festival.publish.print.views import Json, Paper, Views, person_name, qr_svg

GRID_COLUMNS: dict[Paper, int] = {"a5": 5, "a4": 8}
"""Most halls side by side in one booklet day grid; more continue on the next page."""


def index_name(person: Person, lang: Lang) -> str:
    """A director as filed in the index: surname first. Chinese names already are (``Чэнь Сычэн``);
    other names move their last word to the front (``Волгин, Андрей``)."""
    shown, _ = person_name(person, lang)
    words = shown.split()
    if collate.has_han(person.original) or collate.has_han(shown) or len(words) < 2:
        return shown
    return f"{words[-1]}, {' '.join(words[:-1])}"


class _Booklet(Views):
    """The booklet and the wall grid of one schedule, in one layout language."""

    # ------------------------------------------------------------------------------ sections
    def day_grid(self, city: City, day: dt.date, shows: list[Screening]) -> list[Json]:
        """The venue × time grid of one day, split into pages of at most GRID_COLUMNS halls."""
        venues = [v for v in self.inputs.venues.venues if v.city == city.id]
        used = {(s.venue, s.hall) for s in self.screenings if s.city == city.id}
        halls = [(v, h) for v in venues for h in v.halls if (v.id, h.id) in used]
        width = GRID_COLUMNS[self.paper]
        first = min(day_minute(s.start_local, day) for s in shows) // 60 * 60
        last = -(-max(day_minute(s.end_local, day) for s in shows) // 60) * 60
        pages = []
        for start in range(0, len(halls), width):
            chunk = halls[start : start + width]
            column = {(v.id, h.id): i for i, (v, h) in enumerate(chunk)}
            heads: list[Json] = []
            for v, _ in chunk:
                if heads and heads[-1]["id"] == v.id:
                    heads[-1]["span"] = int(str(heads[-1]["span"])) + 1
                else:
                    heads.append({"id": v.id, "name": text(v.name, self.lang), "span": 1})
            pages.append(
                {
                    "first": first,
                    "last": last,
                    "hours": [
                        {"at": m, "label": f"{(m // 60) % 24:02d}:00"}
                        for m in range(first, last + 1, 60)
                    ],
                    "heads": heads,
                    "columns": [text(h.name, self.lang) for _, h in chunk],
                    "blocks": [
                        {**self.show(s), "column": column[(s.venue, s.hall)]}
                        for s in shows
                        if (s.venue, s.hall) in column
                    ],
                }
            )
        return pages

    def listing(self, city: City) -> list[Json]:
        """The days of a city, each by venue; cancelled screenings are listed (marked) but never
        drawn in the day grid."""
        mine = [s for s in self.screenings if s.city == city.id]
        gone = [s for s in self.cancelled if s.city == city.id]
        by_day: dict[dt.date, list[Screening]] = defaultdict(list)
        for s in mine:
            by_day[s.festival_day].append(s)
        gone_by_day: dict[dt.date, list[Screening]] = defaultdict(list)
        for s in gone:
            gone_by_day[s.festival_day].append(s)
        venues = [v for v in self.inputs.venues.venues if v.city == city.id]
        days: list[Json] = []
        for day in sorted(set(by_day) | set(gone_by_day)):
            confirmed = by_day.get(day, [])
            shows = sorted(
                [*confirmed, *gone_by_day.get(day, [])],
                key=lambda s: (s.start_utc, s.venue, s.hall, s.id),
            )
            days.append(
                {
                    "id": day.isoformat(),
                    "label": day_label(day, self.lang),
                    "short": short_day(day, self.lang),
                    "venues": [
                        {
                            "id": v.id,
                            "name": text(v.name, self.lang),
                            "address": text(v.address, self.lang),
                            "shows": [self.show(s) for s in shows if s.venue == v.id],
                        }
                        for v in venues
                        if any(s.venue == v.id for s in shows)
                    ],
                    "grid": self.day_grid(city, day, confirmed) if confirmed else [],
                }
            )
        return days

    def film_page(self, film: Film, city: City) -> Json:
        ui = self.ui
        lang = self.lang
        mine = [s for s in self.screenings if s.film == film.id]
        here = sorted(
            [s for s in (*mine, *self.cancelled) if s.film == film.id and s.city == city.id],
            key=lambda s: (s.start_utc, s.venue, s.hall, s.id),
        )
        elsewhere = []
        for c in self.inputs.venues.cities:
            if c.id == city.id:
                continue
            days = sorted({s.festival_day for s in mine if s.city == c.id})
            if days:
                elsewhere.append(
                    {
                        "city": text(c.name, lang),
                        "dates": compact_dates(days, lang),
                    }
                )

        def names(codes: Iterable[str], table: dict[str, Text]) -> str:
            return ui["sep"].join(text(table[c], lang) if c in table else c for c in codes)

        # the film's screenings in this city: what a reader of this booklet can go to
        feed = urls.absolute(self.schedule.festival.base_url, urls.city_film_feed(city.id, film.id))
        directors = [person_name(p, lang) for p in film.directors]
        return {
            "id": film.id,
            "titles": self.titles(film),
            "directors_label": ui["directors" if len(film.directors) > 1 else "director"],
            "directors": [{"name": n, "original": o} for n, o in directors],
            "facts": [
                {"label": ui["year"], "value": str(film.year)},
                {"label": ui["countries"], "value": names(film.countries, COUNTRY_NAMES)},
                {"label": ui["runtime"], "value": ui["minutes"].format(n=film.runtime)},
                {"label": ui["audio"], "value": names(film.languages.audio, LANGUAGE_NAMES)},
                {
                    "label": ui["subtitles"],
                    "value": names(film.languages.subtitles, LANGUAGE_NAMES) or ui["no_subtitles"],
                },
            ],
            "age": self.age(film),
            "synopsis": text(film.synopsis, lang),
            "screenings": [self.show(s) for s in here],
            "elsewhere": elsewhere,
            "feed": feed,
            "qr": qr_svg(feed),
        }

    def indexes(self, films: list[Film]) -> Json:
        """The booklet's three indexes: films by their title in the booklet's language (Russian
        order, English order, or pinyin), by original title (Chinese ones by pinyin), and
        directors by surname; each entry under its initial. A reader finds a film by the title
        they read (红丝绸 is *Red Silk*'s Chinese title, and its original is Russian)."""
        lang = self.lang

        def grouped(entries: list[tuple[str, Json]]) -> list[Json]:
            groups: list[Json] = []
            for letter, entry in entries:
                if not groups or groups[-1]["letter"] != letter:
                    groups.append({"letter": letter, "entries": []})
                entries_list = groups[-1]["entries"]
                assert isinstance(entries_list, list)
                entries_list.append(entry)
            return groups

        def title(f: Film) -> str:
            return text(f.title, lang)

        def title_key(f: Film) -> tuple[object, ...]:
            return (
                collate.pinyin_key(title(f))
                if lang == "zh"
                else collate.collation_key(title(f), lang)
            )

        by_title = sorted(films, key=title_key)
        by_original = sorted(films, key=lambda f: collate.pinyin_key(f.title.original))
        directors: dict[str, tuple[Person, list[Film]]] = {}
        for f in films:
            for p in f.directors:
                directors.setdefault(p.original, (p, []))[1].append(f)
        by_director = sorted(
            directors.values(),
            key=lambda pair: collate.collation_key(index_name(pair[0], lang), lang),
        )
        return {
            "titles": grouped(
                [
                    (
                        collate.initial(title(f), lang),
                        {
                            "text": title(f),
                            "sub": " · ".join(
                                [
                                    *([collate.pinyin_reading(title(f))] if lang == "zh" else []),
                                    *(text(f.title, code) for code in LANGS if code != lang),
                                ]
                            ),
                            "films": [f.id],
                        },
                    )
                    for f in by_title
                ]
            ),
            "original": grouped(
                [
                    (
                        collate.initial(f.title.original, "zh"),
                        {
                            "text": f.title.original,
                            "sub": collate.pinyin_reading(f.title.original)
                            if collate.has_han(f.title.original)
                            else f.title.en,
                            "films": [f.id],
                        },
                    )
                    for f in by_original
                ]
            ),
            "directors": grouped(
                [
                    (
                        collate.initial(index_name(p, lang), lang),
                        {
                            "text": index_name(p, lang),
                            "sub": person_name(p, lang)[1] or "",
                            "films": [f.id for f in fs],
                            "titles": [text(f.title, lang) for f in fs],
                        },
                    )
                    for p, fs in by_director
                ]
            ),
        }

    # ------------------------------------------------------------------------------ documents
    def booklet(self, city: City) -> Json:
        mine = {s.film for s in self.screenings if s.city == city.id}
        films = [f for f in self.inputs.programme.films if f.id in mine]
        films.sort(key=lambda f: collate.collation_key(text(f.title, self.lang), self.lang))
        used = {(s.venue, s.hall) for s in self.screenings if s.city == city.id}
        venues = [v for v in self.inputs.venues.venues if v.city == city.id]
        days = self.listing(city)
        order = {v.id: i for i, v in enumerate(venues)}
        first = min(  # the first line of the listing: the how-to-read example
            (s for s in self.screenings if s.city == city.id),
            key=lambda s: (s.festival_day, order[s.venue], s.start_utc, s.venue, s.hall, s.id),
            default=None,
        )
        return {
            **self.common(),
            "kind": "booklet",
            "city": {
                "id": city.id,
                "name": text(city.name, self.lang),
                "names": {code: text(city.name, code) for code in LANGS},
                **self.zone(city),
            },
            "web": urls.absolute(self.schedule.festival.base_url, urls.city_page(city.id)),
            "web_qr": qr_svg(
                urls.absolute(self.schedule.festival.base_url, urls.city_page(city.id))
            ),
            "days": days,
            "example": self.show(first) if first is not None else None,
            "cancelled": any(s.city == city.id for s in self.cancelled),
            "films": [self.film_page(f, city) for f in films],
            "indexes": self.indexes(films),
            "venues": [self.venue(v) for v in venues if any(k[0] == v.id for k in used)],
        }

    def wall_grid(self, venue: Venue) -> Json:
        mine = [s for s in self.screenings if s.venue == venue.id]
        city = self.inputs.cities[venue.city]
        used = {(s.venue, s.hall) for s in mine}
        halls = [h for h in venue.halls if (venue.id, h.id) in used]
        row = {h.id: i for i, h in enumerate(halls)}
        first = min(day_minute(s.start_local, s.festival_day) for s in mine) // 60 * 60
        last = -(-max(day_minute(s.end_local, s.festival_day) for s in mine) // 60) * 60
        days = []
        for day in self.days:
            todays = [s for s in mine if s.festival_day == day]
            if not todays:
                continue  # a page on the wall that says nothing plays: not printed
            days.append(
                {
                    "id": day.isoformat(),
                    "label": day_label(day, self.lang),
                    "blocks": [{**self.show(s), "row": row[s.hall]} for s in todays],
                }
            )
        return {
            **self.common(),
            "kind": "wall",
            "city": {"id": city.id, "name": text(city.name, self.lang), **self.zone(city)},
            "venue": self.venue(venue, used),
            "first": first,
            "last": last,
            "hours": [
                {"at": m, "label": f"{(m // 60) % 24:02d}:00"} for m in range(first, last + 1, 60)
            ],
            "days": days,
        }


def booklet_data(schedule: Schedule, inputs: Inputs, city: City, lang: Lang, paper: Paper) -> Json:
    """Everything one city's booklet shows."""
    return _Booklet(schedule, inputs, lang, paper).booklet(city)


def wall_data(schedule: Schedule, inputs: Inputs, venue: Venue, lang: Lang) -> Json:
    """Everything one venue's wall grid shows (a page per festival day it has screenings)."""
    return _Booklet(schedule, inputs, lang, "a5").wall_grid(venue)
