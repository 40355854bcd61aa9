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
    # soft
    ATTENDANCE = "attendance"
    PRIME_TIME = "prime_time"
    SPREAD = "spread"
    HIRE_COST = "hire_cost"

    @property
    def hard(self) -> bool:
        """True for a rule every schedule must satisfy; False for a scored goal."""
        return self not in _SOFT

    @property
    def meaning(self) -> str:
        """What the rule demands (hard) or rewards (soft), with its unit."""
        return MEANING[self]


_SOFT = frozenset({Rule.ATTENDANCE, Rule.PRIME_TIME, Rule.SPREAD, Rule.HIRE_COST})

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
    Rule.ATTENDANCE: "soft, points per expected attendee: min(demand(film, city, day kind, time "
    "of day), seats)",
    Rule.PRIME_TIME: "soft, points per screening of a high-demand film starting in prime time",
    Rule.SPREAD: "soft, points per festival day on which a film plays somewhere",
    Rule.HIRE_COST: "soft, points subtracted per unit of hire cost of each hall-day used",
}
