"""The programmer's figures, on the planned examples and on schedules built by hand to bind."""

from __future__ import annotations

import datetime as dt

from festival.domain import Schedule
from festival.figures import figures
from festival.handmade import Placed, drafted
from festival.inputs import Inputs

Planned = tuple[Schedule, Inputs]
STAMP = dt.datetime(2025, 5, 1, tzinfo=dt.UTC)


def _draft(inputs: Inputs, rows: list[tuple[str, str, str, str]]) -> Schedule:
    placed = [
        Placed(f"row-{n}", film, venue, hall, dt.datetime.fromisoformat(start))
        for n, (film, venue, hall, start) in enumerate(rows, start=2)
    ]
    return drafted(inputs, placed, STAMP).schedule


def test_starts_days_and_parts_add_up_to_the_screenings(schedules: dict[str, Planned]) -> None:
    for schedule, inputs in schedules.values():
        f = figures(schedule.screenings, inputs)
        n = len(schedule.screenings)
        assert f.screenings == n
        assert sum(sum(q.values()) for q in f.quarter_starts.values()) == n
        assert sum(f.per_day.values()) == n == sum(f.parts.values()) == sum(f.per_venue.values())
        assert list(f.per_day) == inputs.days
        assert sum(h.screenings for h in f.halls) == n
        assert [d.film for d in f.films][: len(inputs.programme.films)] == [
            film.id for film in inputs.programme.films if not film.withdrawn
        ][: len(f.films)]


def test_the_may_example_premiere_is_where_it_was_asked(schedules: dict[str, Planned]) -> None:
    schedule, inputs = schedules["may"]
    f = figures(schedule.screenings, inputs)
    premieres = {p.film: p for p in f.premieres}
    assert set(premieres) == {film.id for film in inputs.programme.films if film.premiere}
    assert f.premieres_as_asked == len(premieres)
    first = min((s for s in schedule.screenings if s.film == "red-silk"), key=lambda s: s.start_utc)
    assert premieres["red-silk"].first == first


def test_close_starts_peaks_and_shares_on_a_hand_made_day(schedules: dict[str, Planned]) -> None:
    _, inputs = schedules["may"]
    day = "2025-05-14"
    schedule = _draft(
        inputs,
        [
            ("red-silk", "karo-11-oktyabr", "hall-1", f"{day}T10:00"),
            ("hidden-blade", "karo-11-oktyabr", "hall-2", f"{day}T10:05"),
            ("my-country-my-parents", "karo-11-oktyabr", "hall-3", f"{day}T10:20"),
            ("detective-chinatown-1900", "illuzion", "big", f"{day}T14:00"),
        ],
    )
    f = figures(schedule.screenings, inputs)
    assert f.close_starts["karo-11-oktyabr"] == 1  # 10:00 and 10:05; 10:05 and 10:20 are not
    assert f.venue_peak == {"illuzion": 1, "karo-11-oktyabr": 2}
    # 10:00, 10:05 within 15 minutes; 10:05, 10:20 are not: 2 of Moscow's 4 starts that day
    assert f.peak_share == 0.5 and f.peak_day == ("moscow", dt.date(2025, 5, 14), 2, 4)
    assert f.parts == {"morning": 3, "afternoon": 1, "evening": 0}
    assert f.per_day[dt.date(2025, 5, 14)] == 4 and f.per_day[dt.date(2025, 5, 13)] == 0
    red = next(p for p in f.premieres if p.film == "red-silk")
    assert red.first is not None and red.faults  # asked for the gala hall in the evening
    assert f.premieres_as_asked == 0


def test_weekend_ratio_and_hall_use(schedules: dict[str, Planned]) -> None:
    _, inputs = schedules["may"]
    rows = [
        ("red-silk", "karo-11-oktyabr", "hall-1", "2025-05-15T19:00"),  # Thursday
        ("red-silk", "karo-11-oktyabr", "hall-1", "2025-05-17T19:00"),  # Saturday
        ("hidden-blade", "karo-11-oktyabr", "hall-2", "2025-05-17T19:00"),
    ]
    f = figures(_draft(inputs, rows).screenings, inputs)
    weekdays = [d for d in inputs.days if d not in f.weekend]
    weekends = [d for d in inputs.days if d in f.weekend]
    assert weekends == [dt.date(2025, 5, 17)]
    assert f.weekend_ratio == (2 / len(weekends)) / (1 / len(weekdays))
    hall = next(h for h in f.halls if (h.venue, h.hall) == ("karo-11-oktyabr", "hall-1"))
    film = inputs.films["red-silk"]
    assert hall.screenings == 2
    assert hall.used == 2 * (inputs.venues.policy.intro_minutes + film.runtime)
    assert 0 < hall.share < 1 and hall.open > 0
