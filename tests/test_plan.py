"""Property: every valid generated festival yields a schedule that passes the independent verifier."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from festival.plan import plan
from festival.solver import SolveOptions
from festival.verify import verify
from tests.factory import VENUES, film, inputs, programme

ZONES = [
    "Europe/Kaliningrad",
    "Europe/Moscow",
    "Asia/Yekaterinburg",
    "Asia/Novosibirsk",
    "Asia/Vladivostok",
]
OPTIONS = SolveOptions(time_limit=5, seed=1, workers=1, deterministic=True)
STAMP = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


@st.composite
def festivals(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    days = draw(st.integers(1, 3))
    n_cities = draw(st.integers(1, 2))
    cities, venue_list = [], []
    for c in range(n_cities):
        zone = draw(st.sampled_from(ZONES))
        cities.append({"id": f"c{c}", "name": {"ru": "г", "en": "c", "zh": "城"}, "timezone": zone})
        halls = []
        for h in range(draw(st.integers(1, 2))):
            open_h = draw(st.integers(9, 12))
            close = draw(st.sampled_from(["23:00", "23:30", "00:00", "00:30", "01:00"]))
            hall: dict[str, Any] = {
                "id": f"h{h}",
                "name": {"ru": "з", "en": "h", "zh": "厅"},
                "seats": draw(st.integers(40, 600)),
                "features": ["dcp"],
                "hours": {
                    "open": f"{open_h:02d}:{draw(st.sampled_from(['00', '15', '30']))}",
                    "close": close,
                },
            }
            if days > 1 and draw(st.booleans()):
                hall["blocked"] = [{"date": "2025-05-14", "from": "14:00", "to": "16:00"}]
            halls.append(hall)
        venue_list.append(
            {
                "id": f"v{c}",
                "name": {"ru": "к", "en": "v", "zh": "院"},
                "city": f"c{c}",
                "address": {"ru": "а", "en": "a", "zh": "址"},
                "lat": 50.0,
                "lon": 50.0,
                "halls": halls,
            }
        )
    venues = {
        **VENUES,
        "festival": {**VENUES["festival"], "last_day": f"2025-05-{12 + days}"},
        "policy": {
            "grain_minutes": draw(st.sampled_from([5, 10, 15, 30])),
            "turnover_minutes": draw(st.integers(0, 30)),
            "intro_minutes": draw(st.integers(0, 20)),
            "max_per_film_city_day": draw(st.integers(1, 2)),
            "weights": {"spread": draw(st.integers(0, 50)), "prime_time": 50},
        },
        "cities": cities,
        "venues": venue_list,
    }
    films = []
    for f in range(draw(st.integers(1, 3))):
        rating = draw(st.sampled_from(["0+", "6+", "12+", "16+", "18+"]))
        runtime = draw(st.integers(60, 150))
        counts = {"min": draw(st.integers(0, 1)), "max": draw(st.integers(1, 4))}
        films.append(
            film(
                f"f{f}",
                runtime,
                age_rating=rating,
                screenings=counts,
                demand={"audience": draw(st.integers(20, 800))},
            )
        )
    lineup = programme(
        *films,
        age_policy=[
            {"ratings": ["0+", "6+"], "latest_start": "20:00"},
            {"ratings": ["18+"], "earliest_start": "18:00"},
        ],
    )
    return venues, lineup


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(festivals())
def test_generated_festival_plans_to_verified_schedule(
    data: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    venue_data, lineup = data
    i = inputs(venue_data, lineup)
    schedule = plan(i, OPTIONS, STAMP)
    assert verify(schedule, i) == []
    assert schedule.solver.objective == schedule.score.total <= schedule.solver.bound
    for f in i.programme.films:
        n = sum(s.film == f.id for s in schedule.screenings)
        assert f.screenings.min <= n <= f.screenings.max
