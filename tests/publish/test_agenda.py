"""The personal agenda's pages: the ticks on the city and film pages, the form they belong to, and
the agenda page's data for its script (what the browser tests in tests/e2e/test_agenda.py run)."""

from __future__ import annotations

import json
import math
import re
from itertools import combinations, pairwise
from pathlib import Path

import pytest

from festival.domain import Schedule, Venue
from festival.inputs import Inputs
from festival.layout import AGENDA_FEED, AGENDA_MAX
from festival.publish import urls, web
from festival.publish.phrases import LANGS, labels
from festival.publish.web.agenda import (
    PRIORITIES,
    SCRIPT_PHRASES,
    TRAVEL_EXTRA_MINUTES,
    distance_km,
    travel_minutes,
)
from festival.publish.web.site import script_json
from tests.conftest import EXAMPLES, plan_example
from tests.publish.conftest import Replanned

TICK = re.compile(r'<input type="checkbox" name="s" value="([^"]+)" form="agenda-form">')


@pytest.fixture(scope="module")
def tour() -> tuple[Schedule, Inputs]:
    return plan_example(EXAMPLES["tour"])


def _venue(ident: str, lat: float, lon: float) -> Venue:
    return Venue.model_validate(
        {
            "id": ident,
            "city": "moscow",
            "name": {"ru": ident, "en": ident, "zh": ident},
            "address": {"ru": "-", "en": "-", "zh": "-"},
            "lat": lat,
            "lon": lon,
            "halls": [
                {
                    "id": "h",
                    "name": {"ru": "h", "en": "h", "zh": "h"},
                    "seats": 100,
                    "hours": {"open": "10:00", "close": "23:00"},
                }
            ],
        }
    )


def test_travel_time_is_the_stated_rule() -> None:
    a = _venue("a", 55.0, 37.0)
    # one degree of latitude on a 6,371 km sphere: 111.19 km, at 15 km/h 444.8 min
    b = _venue("b", 56.0, 37.0)
    assert distance_km(a, b) == pytest.approx(6371 * math.pi / 180, rel=1e-9)
    assert travel_minutes(a, b) == TRAVEL_EXTRA_MINUTES + 445 == travel_minutes(b, a)
    assert travel_minutes(a, a) == 0
    # a venue across the street still costs the minutes to leave one cinema for the next
    assert travel_minutes(a, _venue("c", 55.0001, 37.0)) == TRAVEL_EXTRA_MINUTES + 1


def test_priorities_outweigh_three_of_the_next() -> None:
    weights = [weight for _, weight in sorted(PRIORITIES, reverse=True)]
    assert all(high > 3 * low for high, low in pairwise(weights))


def _data(page: bytes) -> dict[str, object]:
    found = re.search(
        rb'<script type="application/json" id="agenda-data">(.*?)</script>', page, re.S
    )
    assert found is not None
    data: dict[str, object] = json.loads(found.group(1))
    return data


def test_every_confirmed_screening_has_a_tick_on_its_city_and_film_page(
    tour: tuple[Schedule, Inputs],
) -> None:
    schedule, inputs = tour
    site = web.pages(schedule, inputs, "en")
    for city in inputs.cities:
        page = site[urls.city_page(city)].decode()
        mine = sorted(s.id for s in schedule.screenings if s.city == city)
        assert sorted(TICK.findall(page)) == mine
        # the form they submit with: a GET of the personal agenda, one per page
        assert page.count('<form id="agenda-form"') == 1
        assert f'action="{urls.relative(urls.city_page(city), AGENDA_FEED)}" method="get"' in page
    for film in inputs.films:
        page = site[urls.film_page(film)].decode()
        assert sorted(TICK.findall(page)) == sorted(
            s.id for s in schedule.screenings if s.film == film
        )
    # a tick names its screening for a screen reader, not only "Add to my programme"
    first = schedule.screenings[0]
    page = site[urls.city_page(first.city)].decode()
    label = page[page.index(f'value="{first.id}"') :].split("</label>", 1)[0]
    assert inputs.films[first.film].title.en in label and f"{first.start_local:%H:%M}" in label


def test_a_cancelled_screening_has_no_tick(replanned: Replanned) -> None:
    r = replanned
    site = web.pages(r.schedule, r.inputs, "ru", report=r.report)
    gone = {s.id for s in r.schedule.cancelled}
    assert gone
    ticked = {i for page in site.values() for i in TICK.findall(page.decode(errors="replace"))}
    assert ticked == {s.id for s in r.schedule.screenings}
    assert not gone & ticked
    # the agenda page knows them, so that a tick kept from before reads as cancelled
    data = _data(site[urls.AGENDA_PAGE])
    shown = {s["id"]: s for s in data["screenings"]}  # type: ignore[attr-defined]
    listed = {s.id for s in r.schedule.cancelled if s.film in r.inputs.films}
    assert listed and all(shown[i]["cancelled"] for i in listed)


@pytest.mark.parametrize("lang", LANGS)
def test_the_agenda_page_carries_what_its_script_needs(
    tour: tuple[Schedule, Inputs], lang: str
) -> None:
    schedule, inputs = tour
    site = web.pages(schedule, inputs, lang)  # type: ignore[arg-type]
    page = site[urls.AGENDA_PAGE]
    data = _data(page)
    assert data["festival"] == schedule.festival.id
    assert data["feed"] == urls.FESTIVAL_FEED and data["agenda"] == AGENDA_FEED
    assert data["agenda_url"] == urls.absolute(schedule.festival.base_url, AGENDA_FEED)
    assert data["max"] == AGENDA_MAX
    assert data["ui"] == {key: labels(lang)[key] for key in SCRIPT_PHRASES}
    screenings = {s["id"]: s for s in data["screenings"]}  # type: ignore[attr-defined]
    assert set(screenings) == {s.id for s in schedule.screenings}
    for s in schedule.screenings:
        shown = screenings[s.id]
        assert shown["from"] * 60 == s.start_utc.timestamp()
        assert shown["to"] * 60 == s.end_utc.timestamp()
        assert (shown["film"], shown["city"], shown["venue"]) == (s.film, s.city, s.venue)
        assert shown["start"] == f"{s.start_local:%H:%M}" and not shown["cancelled"]
    # the minutes between any two venues of a city, and none across cities
    travel = data["travel"]
    venues = {v.id: v for v in inputs.venues.venues}
    for a, b in combinations(venues.values(), 2):
        if a.city == b.city:
            assert travel[a.id][b.id] == travel[b.id][a.id] == travel_minutes(a, b)  # type: ignore[index]
        else:
            assert b.id not in travel[a.id]  # type: ignore[index]
    # the planner's form: every film with every priority, every festival day
    text = page.decode()
    for film in inputs.programme.films:
        assert f'<select id="priority-{film.id}" name="priority-{film.id}"' in text
    assert text.count('<input type="checkbox" name="day"') == len(inputs.days)
    assert [(p["value"], p["weight"]) for p in data["priorities"]] == [  # type: ignore[attr-defined]
        (value, weight) for value, weight in PRIORITIES
    ]


def test_the_data_cannot_end_its_script_element() -> None:
    hostile = {"title": "</script><script>alert(1)</script> & <!--"}
    text = script_json(hostile)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == hostile


def test_the_script_uses_exactly_the_phrases_the_page_gives_it() -> None:
    script = (Path(web.__file__).parent.parent / "templates" / web.AGENDA_SCRIPT).read_text()
    assert set(re.findall(r"\bui\.([a-z_]+)", script)) == set(SCRIPT_PHRASES)
