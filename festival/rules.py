"""Every scheduling rule, declared once: its name, what it demands, its unit, and where it is kept.

A rule has one name everywhere: the solver builds its constraint under that name, the verifier
reports a violation under that name, and the pre-check cites it in brackets. ``RULES`` below is the
one registry: what each rule means, which are scored (and in what unit), and which parts of the
program keep it (``Where``). Tests hold the code to it: the verifier has exactly one check for each
rule that names ``Where.VERIFIER``, the model counts constraints under exactly the ``Where.MODEL``
rules, and every hard rule has a feasible case, a broken case and the verifier's exact words
(``tests/test_rules.py``).

Adding a rule: a member of ``Rule``, its entry in ``RULES``, its constraint in
``festival/solver/model.py`` (or its filter in ``festival/candidates.py``), its check in
``festival/verify.py``, and its case in ``tests/test_rules.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Rule(StrEnum):
    """Hard rules (must hold) and soft goals (scored); ``RULES`` says which, and what each means."""

    # hard
    HALL_OVERLAP = "hall_overlap"
    VENUE_STAGGER = "venue_stagger"
    HALL_HOURS = "hall_hours"
    HALL_BLOCKED = "hall_blocked"
    FESTIVAL_DATES = "festival_dates"
    LATEST_END = "latest_end"
    NOT_BEFORE = "not_before"
    TIME_GRAIN = "time_grain"
    FILM_COUNT = "film_count"
    CITY_COUNT = "city_count"
    FILM_CITY_DAY = "film_city_day"
    PREMIERE = "premiere"
    PIN = "pin"
    HALL_COMMITMENT = "hall_commitment"
    VENUE_COMMITMENT = "venue_commitment"
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
    MOVE_REACH = "move_reach"
    PUBLICATION = "publication"
    # soft
    ATTENDANCE = "attendance"
    PRIME_TIME = "prime_time"
    SPREAD = "spread"
    HIRE_COST = "hire_cost"
    SHARED_AUDIENCE = "shared_audience"
    CHANGE = "change"

    @property
    def hard(self) -> bool:
        """True for a rule every schedule must satisfy; False for a scored goal."""
        return RULES[self].unit is None

    @property
    def meaning(self) -> str:
        """What the rule demands (hard) or rewards (soft), with its unit."""
        spec = RULES[self]
        kind = "hard" if spec.unit is None else f"soft, {spec.unit}"
        law = f" ({spec.law})" if spec.law else ""
        return f"{kind}{law}: {spec.demands}"

    @property
    def where(self) -> frozenset[Where]:
        """Every part of the program that keeps the rule."""
        return RULES[self].where


class Where(StrEnum):
    """The parts of the program that keep a rule."""

    CANDIDATES = "candidates"
    """``festival.candidates``: a placement breaking it is never a candidate (one screening alone)."""
    MODEL = "model"
    """``festival.solver.model``: a CP-SAT constraint (hard) or objective term (soft), counted
    under the rule's name."""
    GREEDY = "greedy"
    """``festival.solver.construct``: the greedy start never breaks it."""
    BOUND = "bound"
    """``festival.solver.bound``: the upper bound's relaxation keeps it (leaving a hard rule out
    only loosens the bound)."""
    PRECHECK = "precheck"
    """``festival.precheck``: inputs that make it impossible are refused in words, before solving."""
    VERIFIER = "verifier"
    """``festival.verify.verify``: one check of a finished schedule against the inputs."""
    CHANGE = "change"
    """``festival.verify.verify_change``: a revision against the one before it."""
    RELEASE = "release"
    """``festival.release.check``: a publication's files against its manifest and schedule."""
    SCORE = "score"
    """``festival.scoring``: the evaluator scores it, as the model's objective does."""


@dataclass(frozen=True)
class Spec:
    """One rule's entry: what it demands or rewards, its unit if scored, its law, where kept."""

    demands: str
    where: frozenset[Where]
    unit: str | None = None
    """What one point is, for a soft goal; None for a hard rule."""
    law: str | None = None


def _hard(demands: str, *where: Where, law: str | None = None) -> Spec:
    return Spec(demands, frozenset(where), None, law)


def _soft(unit: str, demands: str, *where: Where) -> Spec:
    return Spec(demands, frozenset(where), unit)


C, M, G, B, P, V = (
    Where.CANDIDATES,
    Where.MODEL,
    Where.GREEDY,
    Where.BOUND,
    Where.PRECHECK,
    Where.VERIFIER,
)

RULES: dict[Rule, Spec] = {
    Rule.HALL_OVERLAP: _hard(
        "screenings in one hall never overlap, counting intro, film and turnover", M, G, B, P, V
    ),
    Rule.VENUE_STAGGER: _hard(
        "screenings in one venue start at least its stagger_minutes apart (the policy's unless "
        "the venue sets its own)",
        M,
        G,
        P,
        V,
    ),
    Rule.HALL_HOURS: _hard(
        "the intro starts and the film ends inside the hall's hours that festival day; closed "
        "days have none",
        C,
        B,
        P,
        V,
    ),
    Rule.HALL_BLOCKED: _hard(
        "intro, film and turnover stay clear of the hall's blocked periods", C, B, P, V
    ),
    Rule.FESTIVAL_DATES: _hard(
        "every screening's festival day is between the first and last day", C, B, P, V
    ),
    Rule.LATEST_END: _hard("no film ends after the policy's latest end", C, B, P, V),
    Rule.NOT_BEFORE: _hard(
        "no screening of a film starts before its screenings.not_before (the venue's local time)",
        C,
        B,
        P,
        V,
    ),
    Rule.TIME_GRAIN: _hard("starts fall on the policy's time grain (pins excepted)", C, B, V),
    Rule.FILM_COUNT: _hard(
        "a film's screenings, in total, are within its min and max", M, G, B, P, V
    ),
    Rule.CITY_COUNT: _hard(
        "a film's screenings in each city are within its per-city limits", M, G, B, P, V
    ),
    Rule.FILM_CITY_DAY: _hard(
        "at most max_per_film_city_day screenings of a film per city per festival day",
        M,
        G,
        B,
        P,
        V,
    ),
    Rule.PREMIERE: _hard(
        "a film with a premiere plays first, anywhere, in a hall, time window and on a date its "
        "premiere allows: no screening of it starts earlier, nor at the same moment elsewhere",
        M,
        G,
        P,
        V,
    ),
    Rule.PIN: _hard("every pinned screening takes place exactly as pinned", M, G, B, P, V),
    Rule.HALL_COMMITMENT: _hard(
        "a hall with min_per_open_day has at least that many screenings on every festival day "
        "it is open",
        M,
        G,
        P,
        V,
    ),
    Rule.VENUE_COMMITMENT: _hard(
        "a venue with min_screenings has at least that many screenings in all", M, G, P, V
    ),
    Rule.AGE_POLICY: _hard("the line-up's age policy on start and end times holds", C, B, P, V),
    Rule.HALL_ELIGIBILITY: _hard(
        "the hall has the features and seats the film requires, and no film, hall or venue "
        "shown is withdrawn",
        C,
        B,
        P,
        V,
    ),
    Rule.RECORD: _hard(
        "a screening's record is consistent with the inputs (ids, times, offsets)", V
    ),
    Rule.KEY_WINDOW: _hard("a keyed film plays at a venue only while its KDM is valid", C, B, P, V),
    Rule.COPY_LOCATION: _hard(
        "every screening of a film with limited copies has one of its copies in that city that "
        "day, and a copy is in one city a day",
        M,
        G,
        B,
        V,
    ),
    Rule.COPY_TRANSIT: _hard(
        "between its last screening in one city and its first in the next, a copy has the "
        "transit hours plus ingest (the model keeps safe whole days apart)",
        M,
        G,
        P,
        V,
    ),
    Rule.COPY_AVAILABLE: _hard("a copy is used only between its available dates", M, G, B, V),
    Rule.GUEST_COUNT: _hard(
        "each guest appearance is scheduled exactly as many times as asked", M, G, P, V
    ),
    Rule.GUEST_AVAILABLE: _hard("a guest appears only on dates they are available", C, P, V),
    Rule.GUEST_OVERLAP: _hard("a guest is in one place at a time and in one city a day", M, G, V),
    Rule.GUEST_TRAVEL: _hard(
        "between appearances in two cities a guest has the travel hours (the model keeps safe "
        "whole days apart)",
        M,
        G,
        P,
        V,
    ),
    Rule.GUEST_PER_DAY: _hard("a guest appears at most max_per_day times a day", M, G, P, V),
    Rule.RU_UNCERTIFIED_LIMIT: _hard(
        "a film without a Russian distribution certificate is shown at most 5 times at the "
        "festival",
        M,
        G,
        B,
        P,
        V,
        law="126-FZ Art. 5.1",
    ),
    Rule.RU_FESTIVAL_LENGTH: _hard(
        "a festival showing uncertified films lasts 3 to 15 days", P, V, law="126-FZ Art. 5.1"
    ),
    Rule.RU_AGE_CATEGORY: _hard(
        "every film shown carries an age category 0+, 6+, 12+, 16+ or 18+",
        C,
        B,
        P,
        V,
        law="436-FZ",
    ),
    Rule.FROZEN: _hard(
        "on a re-plan, sold screenings and those before frozen_until stay where they are (or are "
        "cancelled if the new inputs forbid them)",
        M,
        G,
        Where.CHANGE,
    ),
    Rule.SEQUENCE: _hard(
        "on a re-plan, a screening keeps its id; SEQUENCE grows on every change of time, place or "
        "status and never decreases; cancelled screenings stay listed",
        Where.CHANGE,
        Where.RELEASE,
    ),
    Rule.CHANGE_BUDGET: _hard(
        "on a re-plan, at most replanning.max_changes published screenings move or are cancelled",
        M,
        G,
        Where.CHANGE,
    ),
    Rule.MOVE_REACH: _hard(
        "on a re-plan, a published screening moves only within its city and at most "
        "replanning.max_day_shift festival days (further, it is cancelled and another added); "
        "the re-plan offers it no other placement",
        Where.CHANGE,
    ),
    Rule.PUBLICATION: _hard(
        "every file of the current revision is as its manifest records (none missing, edited or "
        "torn), and its calendar feeds are the ones its schedule.json gives",
        Where.RELEASE,
    ),
    Rule.ATTENDANCE: _soft(
        "points per expected attendee",
        "min(demand(film, city, day kind, time of day), seats)",
        M,
        G,
        B,
        Where.SCORE,
    ),
    Rule.PRIME_TIME: _soft(
        "points per screening",
        "a high-demand film starting in prime time",
        M,
        G,
        B,
        Where.SCORE,
    ),
    Rule.SPREAD: _soft(
        "points per festival day", "a film playing somewhere that day", M, G, B, Where.SCORE
    ),
    Rule.HIRE_COST: _soft(
        "points subtracted per unit of hire cost",
        "each hall-day used costs its hire",
        M,
        G,
        B,
        Where.SCORE,
    ),
    Rule.SHARED_AUDIENCE: _soft(
        "points lost per expected attendee",
        "screenings starting in the same window of a day in one city share its audience: of "
        "their attendance beyond the city's pool, the share policy.shared_audience.lost stays away",
        M,
        G,
        B,
        Where.SCORE,
    ),
    Rule.CHANGE: _soft(
        "points lost per published screening",
        "moved (per hour, per day, hall, venue), cancelled, or added (weights in replanning.weights)",
        M,
        G,
        Where.SCORE,
    ),
}
