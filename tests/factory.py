"""Small festival instances built in code, for tests that need one rule to bind."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from festival.domain import Programme, VenueFile
from festival.inputs import Inputs, Source

VENUES: dict[str, Any] = {
    "festival": {
        "id": "tiny",
        "name": {"ru": "Крошка", "en": "Tiny", "zh": "小"},
        "first_day": "2025-05-13",
        "last_day": "2025-05-13",
        "base_url": "https://tiny.example.org/",
        "domain": "tiny.example.org",
        "organizer": {"name": "Org", "email": "org@example.org"},
    },
    "policy": {
        "grain_minutes": 15,
        "turnover_minutes": 15,
        "intro_minutes": 10,
        "latest_end": None,
        "weights": {"spread": 0, "prime_time": 0},
    },
    "cities": [
        {
            "id": "kazan",
            "name": {"ru": "Казань", "en": "Kazan", "zh": "喀山"},
            "timezone": "Europe/Moscow",
        },
    ],
    # Kazan is in Russia (by its time zone), but these festivals test one rule at a time: tests of
    # the Russian law pack switch it on.
    "rules": {"russia": False},
    "venues": [
        {
            "id": "mir",
            "name": {"ru": "Мир", "en": "Mir", "zh": "和平"},
            "city": "kazan",
            "address": {"ru": "ул. 1", "en": "1 St", "zh": "1街"},
            "lat": 55.8,
            "lon": 49.1,
            "halls": [
                {
                    "id": "main",
                    "name": {"ru": "Зал", "en": "Hall", "zh": "厅"},
                    "seats": 300,
                    "features": ["dcp"],
                    "hours": {"open": "10:00", "close": "14:00"},
                },
            ],
        }
    ],
}


def film(fid: str, runtime: int = 100, **extra: Any) -> dict[str, Any]:
    """A film with sensible defaults; ``extra`` replaces top-level fields."""
    base: dict[str, Any] = {
        "id": fid,
        "title": {"ru": fid, "en": fid, "zh": fid, "original": fid},
        "year": 2024,
        "countries": ["CN"],
        "directors": [{"original": "导演"}],
        "runtime": runtime,
        "age_rating": "12+",
        "languages": {"audio": ["zh"], "subtitles": ["ru"]},
        "synopsis": {"ru": "о", "en": "a", "zh": "一"},
        "demand": {"audience": 200},
        "screenings": {"min": 1, "max": 1},
    }
    base.update(extra)
    return base


def programme(*films: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """A line-up of the given films."""
    base: dict[str, Any] = {
        "id": "tiny-lineup",
        "name": {"ru": "Программа", "en": "Line-up", "zh": "片单"},
        "films": list(films),
    }
    base.update(extra)
    return base


def venues(**changes: Any) -> dict[str, Any]:
    """A copy of the one-hall, one-day venue data with top-level sections replaced."""
    data = copy.deepcopy(VENUES)
    data.update(changes)
    return data


def hall(
    hid: str, open_: str = "10:00", close: str = "14:00", seats: int = 300, **extra: Any
) -> dict[str, Any]:
    """A hall of the given hours."""
    base: dict[str, Any] = {
        "id": hid,
        "name": {"ru": hid, "en": hid, "zh": hid},
        "seats": seats,
        "features": ["dcp"],
        "hours": {"open": open_, "close": close},
    }
    base.update(extra)
    return base


def with_halls(data: dict[str, Any], *halls: dict[str, Any]) -> dict[str, Any]:
    """Replace the first venue's halls."""
    data = copy.deepcopy(data)
    data["venues"][0]["halls"] = list(halls)
    return data


def inputs(venue_data: dict[str, Any], programme_data: dict[str, Any]) -> Inputs:
    """Validated Inputs from plain data (no cross-file checks; see festival.load for those)."""
    return Inputs(
        VenueFile.model_validate(venue_data),
        Programme.model_validate(programme_data),
        Source(Path("venues.yaml"), b""),
        Source(Path("programme.yaml"), b""),
    )


def long_or_two_short() -> Inputs:
    """One hall with room for one long film or two short ones, the long one the best of the
    three: a greedy pass takes it, the LP relaxation the two short ones (worth more together)."""
    optional = {"min": 0, "max": 1}
    return inputs(
        venues(),
        programme(
            film("long", runtime=150, demand={"audience": 300}, screenings=optional),
            *(film(f, runtime=80, screenings=optional) for f in ("short1", "short2")),
        ),
    )
