"""The names of the scheduling rules, shared by the solver, the verifier and every message.

A rule has one name everywhere: the solver builds its constraint under that name, the verifier reports
a violation under that name, and the documentation below says what it means and in which unit a soft
rule scores.
"""

from __future__ import annotations

from enum import StrEnum


class Rule(StrEnum):
    """Hard rules (must hold) and soft goals (scored). Each member's docstring below says which."""

    # hard
    HALL_OVERLAP = "hall_overlap"
    HALL_HOURS = "hall_hours"
    HALL_BLOCKED = "hall_blocked"
    FESTIVAL_DATES = "festival_dates"
    LATEST_END = "latest_end"
    TIME_GRAIN = "time_grain"
    FILM_COUNT = "film_count"
    CITY_COUNT = "city_count"
    FILM_CITY_DAY = "film_city_day"
    PIN = "pin"
    AGE_POLICY = "age_policy"
    HALL_ELIGIBILITY = "hall_eligibility"
    RECORD = "record"
    KEY_WINDOW = "key_window"
    COPY_LOCATION = "copy_location"
    COPY_TRANSIT = "copy_transit"
    COPY_AVAILABLE = "copy_available"
    GUEST_COUNT = "guest_count"
    GUEST_AVAILABLE = "guest_available"
    GUEST_OVERLAP = "guest_overlap"
    GUEST_TRAVEL = "guest_travel"
    GUEST_PER_DAY = "guest_per_day"
    RU_UNCERTIFIED_LIMIT = "ru_uncertified_limit"
    RU_FESTIVAL_LENGTH = "ru_festival_length"
    RU_AGE_CATEGORY = "ru_age_category"
    FROZEN = "frozen"
    SEQUENCE = "sequence"
    CHANGE_BUDGET = "change_budget"
    PUBLICATION = "publication"
    # soft
    ATTENDANCE = "attendance"
    PRIME_TIME = "prime_time"
    SPREAD = "spread"
    HIRE_COST = "hire_cost"
    CHANGE = "change"

    @property
    def hard(self) -> bool:
        """True for a rule every schedule must satisfy; False for a scored goal."""
        return self not in _SOFT

    @property
    def meaning(self) -> str:
        """What the rule demands (hard) or rewards (soft), with its unit."""
        return MEANING[self]


_SOFT = frozenset({Rule.ATTENDANCE, Rule.PRIME_TIME, Rule.SPREAD, Rule.HIRE_COST, Rule.CHANGE})

MEANING: dict[Rule, str] = {
    Rule.HALL_OVERLAP: "hard: screenings in one hall never overlap, counting intro, film and "
    "turnover",
    Rule.HALL_HOURS: "hard: the intro starts and the film ends inside the hall's hours that festival "
    "day; closed days have none",
    Rule.HALL_BLOCKED: "hard: intro, film and turnover stay clear of the hall's blocked periods",
    Rule.FESTIVAL_DATES: "hard: every screening's festival day is between the first and last day",
    Rule.LATEST_END: "hard: no film ends after the policy's latest end",
    Rule.TIME_GRAIN: "hard: starts fall on the policy's time grain (pins excepted)",
    Rule.FILM_COUNT: "hard: a film's screenings, in total, are within its min and max",
    Rule.CITY_COUNT: "hard: a film's screenings in each city are within its per-city limits",
    Rule.FILM_CITY_DAY: "hard: at most max_per_film_city_day screenings of a film per city per "
    "festival day",
    Rule.PIN: "hard: every pinned screening takes place exactly as pinned",
    Rule.AGE_POLICY: "hard: the line-up's age policy on start and end times holds",
    Rule.HALL_ELIGIBILITY: "hard: the hall has the features and seats the film requires",
    Rule.RECORD: "hard: a screening's record is consistent with the inputs (ids, times, offsets)",
    Rule.KEY_WINDOW: "hard: a keyed film plays at a venue only while its KDM is valid",
    Rule.COPY_LOCATION: "hard: every screening of a film with limited copies has one of its copies "
    "in that city that day, and a copy is in one city a day",
    Rule.COPY_TRANSIT: "hard: between its last screening in one city and its first in the next, a "
    "copy has the transit hours plus ingest (the model keeps safe whole days apart)",
    Rule.COPY_AVAILABLE: "hard: a copy is used only between its available dates",
    Rule.GUEST_COUNT: "hard: each guest appearance is scheduled exactly as many times as asked",
    Rule.GUEST_AVAILABLE: "hard: a guest appears only on dates they are available",
    Rule.GUEST_OVERLAP: "hard: a guest is in one place at a time and in one city a day",
    Rule.GUEST_TRAVEL: "hard: between appearances in two cities a guest has the travel hours (the "
    "model keeps safe whole days apart)",
    Rule.GUEST_PER_DAY: "hard: a guest appears at most max_per_day times a day",
    Rule.RU_UNCERTIFIED_LIMIT: "hard (126-FZ Art. 5.1): a film without a Russian distribution "
    "certificate is shown at most 5 times at the festival",
    Rule.RU_FESTIVAL_LENGTH: "hard (126-FZ Art. 5.1): a festival showing uncertified films lasts "
    "3 to 15 days",
    Rule.RU_AGE_CATEGORY: "hard (436-FZ): every film carries an age category 0+, 6+, 12+, 16+ or "
    "18+",
    Rule.FROZEN: "hard: on a re-plan, sold screenings and those before frozen_until stay where they "
    "are (or are cancelled if the new inputs forbid them)",
    Rule.SEQUENCE: "hard: on a re-plan, a screening keeps its id; SEQUENCE grows on every change "
    "of time, place or status and never decreases; cancelled screenings stay listed",
    Rule.CHANGE_BUDGET: "hard: on a re-plan, at most replanning.max_changes published screenings "
    "move or are cancelled",
    Rule.PUBLICATION: "hard: every file of the current revision is as its manifest records (none "
    "missing, edited or torn), and its calendar feeds are the ones its schedule.json gives",
    Rule.CHANGE: "soft, points lost per published screening moved (per hour, hall, venue), "
    "cancelled, or added (weights in replanning.weights)",
    Rule.ATTENDANCE: "soft, points per expected attendee: min(demand(film, city, day kind, time "
    "of day), seats)",
    Rule.PRIME_TIME: "soft, points per screening of a high-demand film starting in prime time",
    Rule.SPREAD: "soft, points per festival day on which a film plays somewhere",
    Rule.HIRE_COST: "soft, points subtracted per unit of hire cost of each hall-day used",
}
