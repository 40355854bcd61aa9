"""What the printed changes insert shows: a re-plan's change report, grouped by city, in local time.

The insert (``print/changes-insert.pdf``, the booklet's paper size) goes inside programmes printed
before the re-plan: its title in the three festival languages, the counts, then every city's
cancelled, moved, changed (another guest) and added screenings, each in the order a reader of the
old programme knew them.
Plain JSON-ready data for ``templates/insert.typ``; nothing reads the clock.
"""

from __future__ import annotations

import datetime as dt

from festival.domain import Change, ChangeReport, Schedule, Screening
from festival.inputs import Inputs
from festival.publish import urls
from festival.publish.changes import reading_order
from festival.publish.dates import hhmm, short_day, utc_offset
from festival.publish.phrases import (
    CHANGE_COUNTS,
    CHANGE_HEADINGS,
    GUEST_TAGS,
    LANGS,
    PHRASES,
    Lang,
    text,
)
from festival.publish.print.views import Json, Paper, Views, qr_svg
from festival.replan import CHANGE_ORDER

PRINT_ORDER: tuple[Lang, ...] = ("ru", "zh", "en")
"""The order of the three languages in print (the layout language moves first)."""


class _Insert(Views):
    """The insert's views, in one layout language (titles always in all three)."""

    def moment(self, s: Screening) -> Json:
        info = self.inputs.halls.get((s.venue, s.hall))
        return {
            "date": short_day(s.start_local.date(), self.lang),
            "time": hhmm(s.start_local),
            "end": hhmm(s.end_local),
            "offset": utc_offset(s.start_local.utcoffset() or dt.timedelta(0)),
            "venue": text(info.venue.name, self.lang) if info else s.venue,
            "hall": text(info.hall.name, self.lang) if info else s.hall,
        }

    def appearance(self, s: Screening | None) -> str | None:
        """'Q&A · guest: Fang Li' in the layout language, 'no guest', or None without a screening."""
        if s is None:
            return None
        name = self.guest_name(s)
        if name is None or s.guest_kind is None:
            return self.ui["insert_no_guest"]
        tag = self.ui[GUEST_TAGS[s.guest_kind]]
        return f"{tag} · {self.ui['with_guest'].format(name=name)}"

    def row(self, c: Change) -> Json:
        before, after = c.before, c.after
        return {
            "guest_before": self.appearance(before),
            "guest_after": self.appearance(after),
            "id": c.screening,
            "titles": self.film_titles(c.film),
            "before": self.moment(before) if before else None,
            "after": self.moment(after) if after else None,
            "time_changed": bool(before and after and before.start_utc != after.start_utc),
            "place_changed": bool(
                before and after and (before.venue, before.hall) != (after.venue, after.hall)
            ),
        }

    def insert(self, report: ChangeReport) -> Json:
        ui = self.ui
        by_city: dict[str, list[Change]] = {}
        for c in report.changes:
            ref = c.before or c.after
            assert ref is not None
            by_city.setdefault(ref.city, []).append(c)
        known = [c.id for c in self.inputs.venues.cities]
        order = known + sorted(set(by_city) - set(known))
        cities: list[Json] = []
        for city_id in order:
            mine = by_city.get(city_id)
            if not mine:
                continue
            city = self.inputs.cities.get(city_id)
            kinds = []
            for kind in CHANGE_ORDER:
                rows = sorted((c for c in mine if c.kind == kind), key=reading_order)
                if rows:
                    kinds.append(
                        {
                            "kind": kind,
                            "label": ui[CHANGE_HEADINGS[kind]],
                            "rows": [self.row(c) for c in rows],
                        }
                    )
            cities.append(
                {
                    "id": city_id,
                    "name": text(city.name, self.lang) if city else city_id,
                    "names": {code: text(city.name, code) for code in LANGS} if city else {},
                    **(self.zone(city) if city else {"note": "", "short": ""}),
                    "kinds": kinds,
                }
            )
        when = report.generated_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        web = urls.absolute(self.schedule.festival.base_url, urls.CHANGES_PAGE)
        order_langs: list[Lang] = [self.lang, *(c for c in PRINT_ORDER if c != self.lang)]
        return {
            **self.common(),
            "kind": "insert",
            "titles": [
                {"lang": code, "text": text(PHRASES["changes"], code)} for code in order_langs
            ],
            "revision": ui["insert_revision"].format(
                to=report.to_revision, before=report.from_revision, when=when
            ),
            # in the kinds' order; guest changes only when there are any
            "counts": [
                {"kind": kind, "label": ui[CHANGE_COUNTS[kind]], "n": str(getattr(report, kind))}
                for kind in ("published", *CHANGE_ORDER)
                if kind != "changed" or report.changed
            ],
            "cities": cities,
            "web": web,
            "web_qr": qr_svg(web),
        }


def insert_data(
    schedule: Schedule, inputs: Inputs, report: ChangeReport, lang: Lang, paper: Paper
) -> Json:
    """Everything the changes insert shows."""
    return _Insert(schedule, inputs, lang, paper).insert(report)
