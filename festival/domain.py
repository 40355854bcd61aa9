"""The festival's data: what organisers write (venues, policy, line-up) and what the planner returns.

Pydantic v2 models, validated strictly: unknown fields are errors, ids are readable slugs. "model" is
reserved for the CP-SAT model, so this module is the *domain*. Nothing here converts time zones or
knows about the solver; see ``timeline.py`` and ``solver/``.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    AllowInfNan,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic import Strict as StrictType

FORMAT_VERSION = 1
"""Version of the venue file, line-up and ``schedule.json`` formats described here."""

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+$"
URL_PATTERN = r"^https?://\S+$"
DOMAIN_PATTERN = r"^[a-z0-9.-]+\.[a-z]{2,}$"
COUNTRY_PATTERN = r"^[A-Z]{2}$"
PATTERN_WORDS: dict[str, tuple[str, str]] = {
    SLUG_PATTERN: (
        "an id",
        "ids use lower-case letters, digits and hyphens, and start with a letter or digit "
        "(e.g. red-silk)",
    ),
    EMAIL_PATTERN: ("an e-mail address", "write it as name@domain, without spaces"),
    URL_PATTERN: ("a web address", "it starts with http:// or https:// and has no spaces"),
    DOMAIN_PATTERN: (
        "a domain name",
        "lower-case letters, digits, hyphens and dots, ending in a dot and a top-level domain "
        "(e.g. cffr.example.org)",
    ),
    COUNTRY_PATTERN: ("a country code", "two capital letters, ISO 3166 (e.g. RU)"),
}
"""Each pattern a text field must match, said in words: (what the text is, the rule)."""

Slug = Annotated[
    str,
    Field(
        pattern=SLUG_PATTERN,
        max_length=64,
        description="A readable id: lower-case letters, digits and hyphens (e.g. `red-silk`).",
    ),
]

# Numbers, yes/no values and times in input files are taken as written: `true` is not the number 1,
# `"90"` is not a number, 1.0 is not a whole number, and times have no seconds.
Int = Annotated[int, StrictType()]
Number = Annotated[float, StrictType(), AllowInfNan(False)]
"""A finite number (a whole number will do)."""
Flag = Annotated[bool, StrictType()]


def _hh_mm(value: object) -> object:
    """A time of day as written in an input file: "HH:MM" (a ``dt.time`` from code passes)."""
    if isinstance(value, dt.time) and not (value.second or value.microsecond):
        return value
    if isinstance(value, str) and len(value) == 5 and value[2] == ":":
        return value
    if isinstance(value, str) and value[:6].count(":") == 2:
        raise ValueError(f'{value!r}: write a time as HH:MM, without seconds (e.g. "19:00")')
    raise ValueError(f'write a time as HH:MM (e.g. "19:00"), not {value!r}')


Clock = Annotated[dt.time, BeforeValidator(_hh_mm)]
"""A time of day, HH:MM."""


def _format_one(value: object) -> object:
    if type(value) is not int:
        raise ValueError(f"format_version is the whole number {FORMAT_VERSION}, not {value!r}")
    return value


FormatVersion = Annotated[Literal[1], BeforeValidator(_format_one)]
FilmId = Slug
CityId = Slug
VenueId = Slug
HallId = Slug


class Strict(BaseModel):
    """Base of every input model: unknown fields are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A text in the festival's three languages."""

    ru: str = Field(min_length=1)
    en: str = Field(min_length=1)
    zh: str = Field(min_length=1)


class Title(Text):
    """A film's title in the three festival languages plus its original title."""

    original: str = Field(min_length=1)


class Person(Strict):
    """A person's name as written in the original language, with the festival-language forms known."""

    original: str = Field(min_length=1)
    ru: str | None = None
    en: str | None = None
    zh: str | None = None


# --------------------------------------------------------------------------------------------------
# Venue file


class Organizer(Strict):
    """Who publishes the programme (named in calendar feeds)."""

    name: str = Field(min_length=1)
    email: str = Field(pattern=EMAIL_PATTERN)


class Festival(Strict):
    """One edition of a festival: its names, dates and where it is published."""

    id: Slug
    name: Text
    first_day: dt.date
    last_day: dt.date
    base_url: str = Field(
        pattern=URL_PATTERN, description="Public address of the web programme and feeds."
    )
    domain: str = Field(
        pattern=DOMAIN_PATTERN,
        description="The festival's domain; calendar UIDs end in @domain.",
    )
    organizer: Organizer

    @field_validator("last_day")
    @classmethod
    def _after_first_day(cls, last_day: dt.date, info: ValidationInfo) -> dt.date:
        first_day = info.data.get("first_day")
        if first_day is None:
            return last_day
        if last_day < first_day:
            raise ValueError(f"last_day {last_day} is before first_day {first_day}")
        if (last_day - first_day).days > 62:
            raise ValueError("a festival longer than 63 days is not supported")
        return last_day

    @model_validator(mode="after")
    def _dates_in_range(self) -> Festival:
        if not 1970 <= self.first_day.year <= 2200 or self.last_day.year > 2200:
            raise ValueError("festival dates must fall between 1970 and 2200")
        return self

    @property
    def days(self) -> list[dt.date]:
        """Every festival day, first to last."""
        count = (self.last_day - self.first_day).days + 1
        return [self.first_day + dt.timedelta(days=i) for i in range(count)]


DayKind = Literal["all", "weekday", "weekend"]


class PrimeTime(Strict):
    """A prime-time window: screenings starting inside it are prime-time screenings."""

    days: DayKind = "all"
    from_: Clock = Field(alias="from")
    to: Clock


class TimeOfDayBand(Strict):
    """From this festival-day time on (until the next band), demand is multiplied by `factor`."""

    from_: Clock = Field(alias="from")
    factor: Number = Field(ge=0, le=10)


class DayWeights(Strict):
    """Demand multipliers by kind of day; holidays count as weekend days."""

    weekday: Number = Field(default=0.8, ge=0, le=10)
    weekend: Number = Field(default=1.0, ge=0, le=10)


class Weights(Strict):
    """Weights of the soft goals, in objective points (1 point = 1 expected attendee)."""

    attendance: Number = Field(default=1.0, ge=0, description="Points per expected attendee.")
    prime_time: Number = Field(
        default=50.0,
        ge=0,
        description="Points for each screening of a high-demand film that starts in prime time.",
    )
    prime_time_min_demand: Int = Field(
        default=300,
        ge=0,
        description="A film is high-demand when its expected audience is at least this.",
    )
    spread: Number = Field(
        default=30.0,
        ge=0,
        description="Points for each festival day on which a film plays somewhere.",
    )
    hire_cost: Number = Field(
        default=0.0,
        ge=0,
        description="Points subtracted per unit of hall hire cost (e.g. 0.001 = 1 point per 1,000 RUB).",
    )


class SharedAudience(Strict):
    """A city's festival audience is shared by its screenings: ten films starting at 17:00 in one
    city do not each draw their full audience, nor do forty on one Saturday."""

    window_minutes: Int = Field(
        default=30,
        ge=5,
        le=240,
        description=(
            "Screenings in one city that start in the same window of this many minutes (counted "
            "from the day cutoff: 17:00–17:29, 17:30–17:59, ...) share one audience."
        ),
    )
    pool_share: Number = Field(
        default=0.25,
        ge=0,
        le=10,
        description=(
            "The expected attendees a window's screenings draw in full, as a share of the seats "
            "of the city's halls, and never fewer than its largest hall holds (a city's "
            "`audience_pool` replaces it)."
        ),
    )
    day_share: Number = Field(
        default=2.0,
        ge=0,
        le=100,
        description=(
            "The expected attendees a city's screenings of one festival day draw in full, as a "
            "multiple of the seats of its halls (a city's `audience_day_pool` replaces it)."
        ),
    )
    lost: Number = Field(
        default=0.5,
        ge=0,
        le=1,
        description=(
            "The share of the expected attendees beyond a window's or a day's pool who stay "
            "away (0: none, the audience is not shared)."
        ),
    )


class Policy(Strict):
    """How the festival runs its halls and days, and what it values."""

    grain_minutes: Int = Field(
        default=15,
        ge=1,
        le=60,
        description=(
            "Start times fall on multiples of this many minutes, local time. 15 because cinemas "
            "publish quarter-hour starts and it keeps the model small."
        ),
    )
    turnover_minutes: Int = Field(default=15, ge=0, le=240, description="Cleaning after a film.")
    intro_minutes: Int = Field(
        default=10, ge=0, le=120, description="Ads, trailers or an introduction before the film."
    )
    day_cutoff: Clock = Field(
        default=dt.time(5, 0),
        description="Times before this belong to the previous festival day (00:30 is late night).",
    )
    latest_end: Clock | None = Field(
        default=dt.time(1, 0), description="No film may end after this festival-day time."
    )
    max_per_film_city_day: Int = Field(
        default=1, ge=1, le=10, description="Screenings of one film in one city on one day."
    )
    prime_time: tuple[PrimeTime, ...] = (
        PrimeTime.model_validate({"days": "weekday", "from": "18:00", "to": "21:30"}),
        PrimeTime.model_validate({"days": "weekend", "from": "13:00", "to": "21:30"}),
    )
    time_of_day: tuple[TimeOfDayBand, ...] = (
        TimeOfDayBand.model_validate({"from": "05:00", "factor": 0.4}),
        TimeOfDayBand.model_validate({"from": "12:00", "factor": 0.6}),
        TimeOfDayBand.model_validate({"from": "17:00", "factor": 1.0}),
        TimeOfDayBand.model_validate({"from": "22:00", "factor": 0.7}),
    )
    day_weights: DayWeights = DayWeights()
    holidays: tuple[dt.date, ...] = Field(
        default=(), description="Dates that count as weekend days (e.g. 4 November)."
    )
    weights: Weights = Weights()
    stagger_minutes: Int | None = Field(
        default=None,
        ge=1,
        le=120,
        description=(
            "Screenings in one venue start at least this many minutes apart, in every venue that "
            "does not set its own (null: no stagger)."
        ),
    )
    shared_audience: SharedAudience = Field(
        default=SharedAudience(),
        description="How screenings starting close together in one city share its audience.",
    )


class City(Strict):
    """A city of the festival and its IANA time zone."""

    id: CityId
    name: Text
    timezone: str = Field(description="IANA time zone, e.g. Asia/Vladivostok.")
    country: str | None = Field(
        default=None,
        pattern=COUNTRY_PATTERN,
        description="ISO 3166 country code; RU turns the Russian rule pack on by default.",
    )
    demand_factor: Number = Field(
        default=1.0, ge=0, le=10, description="Multiplies every film's expected audience here."
    )
    audience_pool: Int | None = Field(
        default=None,
        ge=0,
        le=1_000_000,
        description=(
            "Expected attendees the screenings starting in one window of a festival day here draw "
            "in full (default: policy.shared_audience.pool_share × the seats of the city's halls, "
            "and at least its largest hall's seats)."
        ),
    )
    audience_day_pool: Int | None = Field(
        default=None,
        ge=0,
        le=10_000_000,
        description=(
            "Expected attendees the screenings of one festival day here draw in full (default: "
            "policy.shared_audience.day_share × the seats of the city's halls)."
        ),
    )

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown IANA time zone {value!r}") from None
        return value


class Hours(Strict):
    """A daily opening window in festival-day time (a close of 01:00 is after midnight)."""

    open: Clock
    close: Clock


class DateException(Strict):
    """A date on which a hall is closed or keeps other hours."""

    date: dt.date
    closed: Flag = False
    open: Clock | None = None
    close: Clock | None = None

    @model_validator(mode="after")
    def _closed_or_hours(self) -> DateException:
        has_hours = self.open is not None or self.close is not None
        if self.closed and has_hours:
            raise ValueError("give either closed: true or open/close hours, not both")
        if not self.closed and (self.open is None or self.close is None):
            raise ValueError("give closed: true, or both open and close")
        return self


class Blocked(Strict):
    """A period on one festival day when the hall is taken (a private event, a press show)."""

    date: dt.date
    from_: Clock = Field(alias="from")
    to: Clock
    reason: str = ""


class Hall(Strict):
    """A screen: seats, equipment and when it is available to the festival."""

    id: HallId
    name: Text
    seats: Int = Field(ge=1, le=10000)
    features: tuple[str, ...] = Field(default=(), description="e.g. dcp, 3d, imax, step-free.")
    hours: Hours
    exceptions: tuple[DateException, ...] = ()
    blocked: tuple[Blocked, ...] = ()
    hire_cost: Number | None = Field(
        default=None, ge=0, description="Cost of hiring the hall for one festival day."
    )
    turnover_minutes: Int | None = Field(
        default=None, ge=0, le=240, description="Overrides the policy's turnover for this hall."
    )
    min_per_open_day: Int = Field(
        default=0,
        ge=0,
        le=50,
        description=(
            "The festival hired the hall for every day it is open: at least this many "
            "screenings each of those days."
        ),
    )
    withdrawn: Flag = Field(
        default=False, description="Lost to the festival: nothing plays here (keep it listed)."
    )


class Venue(Strict):
    """A cinema in a city, with its halls."""

    id: VenueId
    name: Text
    city: CityId
    address: Text
    lat: Number = Field(ge=-90, le=90)
    lon: Number = Field(ge=-180, le=180)
    halls: tuple[Hall, ...] = Field(min_length=1)
    withdrawn: Flag = Field(
        default=False,
        description="Dropped out of the festival: nothing plays here (keep it listed).",
    )
    stagger_minutes: Int | None = Field(
        default=None,
        ge=1,
        le=120,
        description=(
            "Screenings in this venue start at least this many minutes apart (lobby, projection, "
            "ushers). Unset: policy.stagger_minutes; null: no stagger here."
        ),
    )
    min_screenings: Int = Field(
        default=0,
        ge=0,
        le=10_000,
        description="The festival committed to at least this many screenings here in all.",
    )


class Pin(Strict):
    """A screening fixed by the organiser (opening or closing night)."""

    film: FilmId
    venue: VenueId
    hall: HallId
    start: dt.datetime = Field(
        description="Local date and time at the venue, e.g. 2025-05-13T19:00."
    )
    label: Text | None = Field(
        default=None,
        description="What the screening is, printed on it in each language, e.g. "
        "{ru: Открытие фестиваля, en: Opening night, zh: 开幕式}.",
    )
    guest: str | None = Field(
        default=None, description="A guest who must appear at this screening (one of `guests`)."
    )

    @field_validator("label", mode="before")
    @classmethod
    def _label_in_three_languages(cls, value: object) -> object:
        if isinstance(value, str):
            raise ValueError(
                f"give the label in ru, en and zh like every name, e.g. "
                f"{{ru: …, en: {value or '…'}, zh: …}}"
            )
        return value

    @field_validator("start")
    @classmethod
    def _naive_to_the_minute(cls, start: dt.datetime) -> dt.datetime:
        if start.tzinfo is not None:
            raise ValueError("give the local time without a UTC offset; the venue's zone applies")
        if start.second or start.microsecond:
            raise ValueError(
                "give the start to the minute, without seconds (e.g. 2025-05-13T19:00)"
            )
        return start


class Transit(Strict):
    """Travel time between two cities, both ways (film copies and guests alike)."""

    between: tuple[CityId, CityId]
    hours: Number = Field(ge=0, le=24 * 14)


class CopyPool(Strict):
    """The physical copies (DCP drives) of a film and when they are available."""

    film: FilmId
    count: Int = Field(ge=1, le=50)
    available_from: dt.date | None = None
    available_until: dt.date | None = None


class KeyWindow(Strict):
    """A KDM: the film can play at the venue only while its key is valid (local times)."""

    film: FilmId
    venue: VenueId
    valid_from: dt.datetime
    valid_until: dt.datetime

    @field_validator("valid_from", "valid_until")
    @classmethod
    def _naive(cls, moment: dt.datetime) -> dt.datetime:
        if moment.tzinfo is not None:
            raise ValueError("give the local time without a UTC offset; the venue's zone applies")
        return moment


class Logistics(Strict):
    """How film copies and guests move between cities."""

    transit: tuple[Transit, ...] = Field(
        default=(), description="City pairs and hours; pairs not listed are a day apart (24 h)."
    )
    ingest_hours: Number = Field(
        default=4.0, ge=0, le=72, description="Hours to ingest a copy at a venue on arrival."
    )
    copies: tuple[CopyPool, ...] = Field(
        default=(), description="Films not listed have as many copies as they need."
    )
    keys: tuple[KeyWindow, ...] = ()


class DateRange(Strict):
    """From one date to another, both included."""

    from_: dt.date = Field(alias="from")
    until: dt.date


GuestKind = Literal["intro", "qa"]


class Appearance(Strict):
    """A guest introduces, or answers questions after, `count` screenings of a film."""

    film: FilmId
    kind: GuestKind = "qa"
    minutes: Int = Field(default=30, ge=0, le=180, description="Added to the screening's length.")
    count: Int = Field(default=1, ge=1, le=50)
    cities: tuple[CityId, ...] = Field(
        default=(), description="Only in these cities (all if empty)."
    )


class Guest(Strict):
    """A director or actor visiting the festival."""

    id: Slug
    name: Text
    role: str = "director"
    available: tuple[DateRange, ...] = Field(
        default=(), description="Date ranges the guest can appear (always, if empty)."
    )
    max_per_day: Int = Field(default=2, ge=1, le=10)
    appearances: tuple[Appearance, ...] = ()


class ChangeWeights(Strict):
    """Penalties, in objective points, for changing a published programme."""

    shift_per_hour: Number = Field(
        default=20.0,
        ge=0,
        description="Per hour a screening moves (to another day: per hour its time of day moves).",
    )
    hall: Number = Field(default=50.0, ge=0, description="Moving to another hall of the venue.")
    venue: Number = Field(default=150.0, ge=0, description="Moving to another venue in the city.")
    day: Number = Field(
        default=250.0,
        ge=0,
        description=(
            "Per festival day a screening moves (its time of day then counts by shift_per_hour). "
            "Keep it below cancel + add, so that a move to another day can beat cancelling the "
            "screening and adding another."
        ),
    )
    cancel: Number = Field(default=600.0, ge=0, description="Cancelling a published screening.")
    add: Number = Field(default=100.0, ge=0, description="Adding a screening to the programme.")


class Replanning(Strict):
    """How a published programme may change when it is planned again (`--previous`)."""

    frozen_until: dt.datetime | None = Field(
        default=None,
        description="Screenings starting before this moment (give a UTC offset) never move.",
    )
    sold: tuple[str, ...] = Field(default=(), description="Ids of screenings that never move.")
    weights: ChangeWeights = ChangeWeights()
    max_day_shift: Int = Field(
        default=2,
        ge=0,
        description=(
            "A published screening whose own hall and time are gone (the hall closed that day "
            "or withdrawn) may move to another day at most this many festival days away, in its "
            "city (0: only within its day); further, it is cancelled and another added."
        ),
    )
    max_changes: Int | None = Field(
        default=None, ge=0, description="At most this many published screenings move or vanish."
    )
    publish_threshold: Number = Field(
        default=0.2,
        ge=0,
        le=1,
        description="Refuse to publish (without --force) when a larger share moves or vanishes.",
    )

    @model_validator(mode="after")
    def _aware(self) -> Replanning:
        if self.frozen_until is not None and self.frozen_until.tzinfo is None:
            raise ValueError("give frozen_until with a UTC offset, e.g. 2025-05-14T12:00+03:00")
        return self


class RulePack(Strict):
    """Legal rule packs; None means: on when any city is in that country."""

    russia: Flag | None = None


class VenueFile(Strict):
    """The organiser's file: festival, policy, cities, venues with halls, pins and logistics."""

    format_version: FormatVersion = 1
    programme: str | None = Field(
        default=None, description="Path of the line-up file, relative to this file."
    )
    festival: Festival
    policy: Policy = Policy()
    cities: tuple[City, ...] = Field(min_length=1)
    venues: tuple[Venue, ...] = Field(min_length=1)
    pins: tuple[Pin, ...] = ()
    logistics: Logistics = Logistics()
    guests: tuple[Guest, ...] = ()
    rules: RulePack = RulePack()
    replanning: Replanning = Replanning()


# --------------------------------------------------------------------------------------------------
# Line-up


class AgeRating(StrEnum):
    """Russian age categories (436-FZ) and unrated."""

    ZERO = "0+"
    SIX = "6+"
    TWELVE = "12+"
    SIXTEEN = "16+"
    EIGHTEEN = "18+"
    UNRATED = "unrated"


class AgeRule(Strict):
    """Festival policy on when films of some age ratings may play (festival-day time)."""

    ratings: tuple[AgeRating, ...] = Field(min_length=1)
    earliest_start: Clock | None = None
    latest_start: Clock | None = None
    latest_end: Clock | None = None
    reason: str = ""


class Languages(Strict):
    """Spoken languages and subtitle languages (ISO 639-1 codes)."""

    audio: tuple[str, ...] = Field(min_length=1)
    subtitles: tuple[str, ...] = ()


Tier = Literal["low", "medium", "high", "blockbuster"]
DEFAULT_TIERS: dict[Tier, int] = {"low": 80, "medium": 180, "high": 350, "blockbuster": 700}


class Demand(Strict):
    """Expected audience of one screening at the best time of a weekend day, before seat limits."""

    tier: Tier | None = None
    audience: Int | None = Field(default=None, ge=0, le=100000)
    by_city: dict[CityId, Int] = Field(default_factory=dict, description="Audience per city.")
    estimate: Flag = Field(default=True, description="True while the figure is an estimate.")

    @model_validator(mode="after")
    def _one_of(self) -> Demand:
        if (self.tier is None) == (self.audience is None):
            raise ValueError("give exactly one of tier or audience")
        return self


class CityCount(Strict):
    """Screening count limits of a film in one city."""

    min: Int = Field(default=0, ge=0)
    max: Int | None = Field(default=None, ge=0)


class Counts(Strict):
    """How many times a film is screened."""

    min: Int = Field(default=1, ge=0, le=500)
    max: Int = Field(default=1, ge=0, le=500)
    min_per_city: Int = Field(default=0, ge=0, le=100, description="Applies to every city.")
    cities: dict[CityId, CityCount] = Field(default_factory=dict)
    not_before: dt.datetime | None = Field(
        default=None,
        description=(
            "No screening starts earlier (the venue's local time, e.g. 2024-01-24T18:00: the "
            "award winners' screenings after the ceremony)."
        ),
    )

    @field_validator("not_before")
    @classmethod
    def _local_to_the_minute(cls, at: dt.datetime | None) -> dt.datetime | None:
        if at is not None and at.tzinfo is not None:
            raise ValueError("give the local time without a UTC offset; the venue's zone applies")
        return at

    @model_validator(mode="after")
    def _ordered(self) -> Counts:
        if self.max < self.min:
            raise ValueError(f"max ({self.max}) is below min ({self.min})")
        return self


class Requirements(Strict):
    """What a hall needs to show the film."""

    features: tuple[str, ...] = ()
    min_seats: Int = Field(default=0, ge=0)


class Premiere(Strict):
    """Where and when a film's first screening, anywhere, takes place: nothing of it starts
    earlier, nor at the same moment elsewhere."""

    requires: Requirements = Field(
        default_factory=lambda: Requirements(),
        description="What the premiere's hall has (features, seats), as the film's `requires`.",
    )
    from_: Clock | None = Field(
        default=None, alias="from", description="It starts at this festival-day time or later."
    )
    to: Clock | None = Field(
        default=None, description="It starts at this festival-day time or earlier."
    )
    date: dt.date | None = Field(default=None, description="It is on this festival day.")


class Film(Strict):
    """A film of the line-up."""

    id: FilmId
    title: Title
    year: Int = Field(ge=1888, le=2100)
    countries: tuple[str, ...] = Field(min_length=1)
    directors: tuple[Person, ...] = Field(min_length=1)
    runtime: Int = Field(ge=1, le=600, description="Minutes.")
    age_rating: AgeRating
    languages: Languages
    synopsis: Text
    demand: Demand
    screenings: Counts = Counts()
    requires: Requirements = Requirements()
    premiere: Premiere | None = Field(
        default=None,
        description="Its first screening's hall, time window and date (e.g. a gala hall, 18:00–20:30).",
    )
    certificate: Flag | None = Field(
        default=None, description="Has a Russian distribution certificate (None: not known)."
    )
    withdrawn: Flag = Field(
        default=False,
        description="Withdrawn from the line-up: never scheduled (keep it listed for the feeds).",
    )


class Programme(Strict):
    """A festival line-up: the films an edition shows, and its age policy."""

    format_version: FormatVersion = 1
    id: Slug
    name: Text
    demand_tiers: dict[Tier, Int] = Field(
        default_factory=lambda: dict(DEFAULT_TIERS),
        description="Expected audience for each popularity tier.",
    )
    age_policy: tuple[AgeRule, ...] = ()
    films: tuple[Film, ...] = Field(min_length=1)


# --------------------------------------------------------------------------------------------------
# Output


def _aware(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        raise ValueError("must carry a UTC offset")
    return value


Aware = Annotated[dt.datetime, AfterValidator(_aware)]


class Screening(BaseModel):
    """One screening: a film in a hall at a time. Times are stored both local (with offset) and UTC."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(description="Stable id, kept when the screening moves on a re-plan.")
    film: FilmId
    city: CityId
    venue: VenueId
    hall: HallId
    start_local: Aware = Field(description="Start of the intro/ads block, venue's local time.")
    end_local: Aware = Field(description="End of the film (and of the Q&A, if any), local time.")
    start_utc: Aware
    end_utc: Aware
    festival_day: dt.date
    intro_minutes: int = Field(ge=0)
    runtime_minutes: int = Field(ge=1)
    turnover_minutes: int = Field(ge=0)
    pinned: bool = False
    label: Text | None = Field(default=None, description="The pin's label, e.g. opening night.")
    guest: str | None = Field(default=None, description="The guest appearing, if any.")
    guest_kind: GuestKind | None = None
    guest_minutes: int = Field(default=0, ge=0, description="Q&A or introduction minutes added.")
    sequence: int = Field(
        default=0, ge=0, description="Grows on every change of time, place or status (iCalendar)."
    )
    status: Literal["confirmed", "cancelled"] = "confirmed"
    changed_at: Aware | None = Field(
        default=None, description="When time, place or status last changed (None: first plan)."
    )

    @field_validator("label", mode="before")
    @classmethod
    def _label_published_in_one_language(cls, value: object) -> object:
        """A label published before labels took three languages (one string) reads as that
        string in each: a re-plan of such a publication keeps it."""
        if isinstance(value, str):
            return {"ru": value, "en": value, "zh": value} if value else None
        return value


class Score(BaseModel):
    """The objective of a schedule, term by term, in points."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    attendance: int
    prime_time: int
    spread: int
    hire_cost: int
    shared_audience: int = 0
    """Points lost because screenings starting close together in a city share its audience
    (zero or negative)."""
    total: int


class SolverStats(BaseModel):
    """How the schedule was found, and how good it is proven to be."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    status: Literal["optimal", "feasible"]
    objective: int
    bound: int = Field(description="An upper bound no schedule can beat.")
    bound_source: str
    gap: float = Field(description="(bound - objective) / bound, 0 when proven optimal.")
    seed: int
    workers: int
    time_limit: float
    deterministic: bool
    wall_seconds: float | None = Field(description="Omitted (null) in deterministic mode.")
    candidates: int = Field(description="Feasible (film, hall, start) choices in the model.")
    hint_objective: int | None = Field(description="Objective of the constructive schedule.")


class InputRecord(BaseModel):
    """A snapshot of an input file kept in the output folder."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    path: str
    sha256: str


class FestivalRecord(BaseModel):
    """The festival as recorded in schedule.json."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: Text
    first_day: dt.date
    last_day: dt.date
    base_url: str
    domain: str


class Stay(BaseModel):
    """A film copy in one city from one festival day to another."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    city: CityId
    first_day: dt.date
    last_day: dt.date
    screenings: tuple[str, ...]


class CopyItinerary(BaseModel):
    """Where one physical copy of a film is, day by day."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    film: FilmId
    copy_number: int = Field(ge=1)
    stays: tuple[Stay, ...]


class GuestItinerary(BaseModel):
    """A guest's appearances, in time order."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    guest: str
    screenings: tuple[str, ...]


ChangeKind = Literal["moved", "changed", "cancelled", "added"]
"""*changed*: kept at the same time and place, with another guest appearance (or none)."""


class Change(BaseModel):
    """One difference between the previous publication and this one."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: ChangeKind
    screening: str
    film: FilmId
    before: Screening | None
    after: Screening | None
    reason: str = ""


class ChangeReport(BaseModel):
    """What a re-plan changed: the content of ``changes.json``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format_version: Literal[1] = 1
    festival: str
    from_revision: int
    to_revision: int
    generated_at: Aware
    published: int = Field(description="Confirmed screenings in the previous publication.")
    moved: int
    cancelled: int
    added: int
    changed: int = Field(
        default=0,
        description="Published screenings kept at the same time and place with another guest "
        "appearance (or none).",
    )
    penalty: int = Field(description="Change penalty in objective points.")
    changes: tuple[Change, ...]


class Schedule(BaseModel):
    """A complete, verified festival schedule: the content of ``schedule.json``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format_version: Literal[1] = 1
    festival: FestivalRecord
    programme: str
    generated_at: Aware
    inputs: dict[Literal["venues", "programme"], InputRecord]
    solver: SolverStats
    score: Score
    screenings: tuple[Screening, ...]
    copies: tuple[CopyItinerary, ...] = ()
    guests: tuple[GuestItinerary, ...] = ()
    revision: int = Field(
        default=1, ge=1, description="Publication number: 1, then +1 per re-plan."
    )
    cancelled: tuple[Screening, ...] = Field(
        default=(), description="Published screenings withdrawn since; kept so feeds cancel them."
    )
