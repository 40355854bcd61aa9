"""The web programme: static HTML pages (work without JavaScript, on a phone, with a screen reader).

``pages()`` turns a schedule into ``index.html``, one page per city (``city/<id>.html``: the
programme by day and venue, plus a day grid per day) and one page per film (``film/<id>.html``),
and the one stylesheet they share, ``style.css``. After a re-plan it also writes ``changes.html``
(the change report: cancelled, moved and added screenings), linked from every page's header, and
city and film pages keep listing cancelled screenings, struck through and marked as cancelled.
Everything is rendered from the Jinja2 templates in ``templates/`` with autoescaping; links
between pages are relative (the folder also works when opened from disk) and every feed link is
built with ``festival.publish.urls``. The same schedule always gives the same bytes: nothing here
reads the clock.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import PurePosixPath
from typing import Literal

import jinja2

from festival.domain import (
    AgeRating,
    Change,
    ChangeKind,
    ChangeReport,
    City,
    Film,
    Person,
    Schedule,
    Screening,
    Text,
    Venue,
)
from festival.inputs import Inputs
from festival.publish import urls
from festival.timeline import zone

Lang = Literal["ru", "en", "zh"]
LANGS: tuple[Lang, ...] = ("ru", "en", "zh")

STYLESHEET = "style.css"

SLOT_MINUTES = 5
"""One row of a day grid: blocks start and end on the nearest row line."""

# --------------------------------------------------------------------------------------------------
# Layout strings

UI: dict[Lang, dict[str, str]] = {
    "ru": {
        "skip": "Перейти к содержанию",
        "home": "Программа",
        "cities": "Города",
        "subscribe": "Подписка на календарь",
        "subscribe_help": (
            "Подписка сама обновляется, когда программа меняется. Выберите своё приложение "
            "или скопируйте ссылку на календарь."
        ),
        "feed_festival": "Весь фестиваль",
        "feed_city": "Все сеансы города",
        "feed_film": "Все сеансы фильма",
        "webcal": "Apple Календарь, Outlook",
        "google": "Google Календарь",
        "https": "Ссылка на календарь (.ics)",
        "times_local": "Время местное: {zone}, {offset}",
        "times_local_each": "Время везде указано местное для каждого города.",
        "intro_note": (
            "Указано начало сеанса; перед фильмом около {n} мин рекламы или вступительного слова."
        ),
        "by_city": "Программа по городам",
        "city_programme": "Вся программа города",
        "films": "Фильмы",
        "days": "Дни",
        "day_grid": "Сетка дня",
        "grid_hint": (
            "Кинотеатры и залы — по горизонтали, время — сверху вниз. На узком экране "
            "сетку можно прокрутить вбок. Те же сеансы перечислены ниже по кинотеатрам."
        ),
        "time": "Время",
        "hall": "Зал",
        "guest_qa": "Встреча со зрителями после фильма: {name}",
        "guest_intro": "Фильм представляет {name}",
        "minutes": "{n} мин",
        "age": "Возраст",
        "adults": "18+: лиц младше 18 лет на сеанс не допускают, на входе могут попросить документ.",
        "unrated": "без рейтинга",
        "director": "Режиссёр",
        "directors": "Режиссёры",
        "year": "Год",
        "countries": "Страна",
        "runtime": "Длительность",
        "audio": "Язык",
        "subtitles": "Субтитры",
        "no_subtitles": "нет",
        "synopsis": "О фильме",
        "screenings": "Сеансы",
        "no_screenings": "Сеансов нет.",
        "printable": "Программа для печати (PDF)",
        "generated": "Расписание составлено {when}.",
        "address": "Адрес",
        "venues": "Кинотеатры",
        "changes": "Изменения в программе",
        "changes_banner": (
            "Программа изменилась: перенесено {moved}, отменено {cancelled}, добавлено {added}"
        ),
        "changes_banner_guests": ", другой гость: {changed}",
        "changes_more": "Все изменения",
        "revision": "Редакция {to} (вместо редакции {before}), опубликована {when}.",
        "count_published": "Было объявлено сеансов",
        "count_moved": "Перенесено",
        "count_cancelled": "Отменено",
        "count_added": "Добавлено",
        "count_changed": "Другой гость",
        "kind_changed": "Сеансы с другим гостем или без гостя",
        "no_guest": "Без гостя",
        "kind_moved": "Перенесённые сеансы",
        "kind_cancelled": "Отменённые сеансы",
        "kind_added": "Новые сеансы",
        "film": "Фильм",
        "city": "Город",
        "before": "Было",
        "after": "Стало",
        "screening": "Сеанс",
        "cancelled": "Отменён",
        "no_changes": "Изменений нет.",
        "changes_note": "Если у вас программа, напечатанная раньше, сверьте её с этим списком.",
        "changes_insert": "Вкладка с изменениями (PDF)",
        "sep": ", ",
    },
    "en": {
        "skip": "Skip to content",
        "home": "Programme",
        "cities": "Cities",
        "subscribe": "Subscribe to the calendar",
        "subscribe_help": (
            "A subscription updates itself when the programme changes. Pick your calendar app "
            "or copy the feed link."
        ),
        "feed_festival": "The whole festival",
        "feed_city": "Every screening in the city",
        "feed_film": "Every screening of the film",
        "webcal": "Apple Calendar, Outlook",
        "google": "Google Calendar",
        "https": "Feed link (.ics)",
        "times_local": "All times local: {zone}, {offset}",
        "times_local_each": "All times are local to each city.",
        "intro_note": (
            "Times are when the session starts; about {n} min of trailers or an introduction "
            "come before the film."
        ),
        "by_city": "Programme by city",
        "city_programme": "Full programme of the city",
        "films": "Films",
        "days": "Days",
        "day_grid": "Day at a glance",
        "grid_hint": (
            "Cinemas and halls run across, time runs down. On a narrow screen, scroll the grid "
            "sideways. The same screenings are listed below by cinema."
        ),
        "time": "Time",
        "hall": "Hall",
        "guest_qa": "Q&A after the film with {name}",
        "guest_intro": "Introduced by {name}",
        "minutes": "{n} min",
        "age": "Age rating",
        "adults": "18+: no one under 18 is admitted; ID may be asked for at the door.",
        "unrated": "unrated",
        "director": "Director",
        "directors": "Directors",
        "year": "Year",
        "countries": "Country",
        "runtime": "Running time",
        "audio": "Language",
        "subtitles": "Subtitles",
        "no_subtitles": "none",
        "synopsis": "Synopsis",
        "screenings": "Screenings",
        "no_screenings": "No screenings.",
        "printable": "Printable programme (PDF)",
        "generated": "Schedule generated {when}.",
        "address": "Address",
        "venues": "Cinemas",
        "changes": "Programme changes",
        "changes_banner": (
            "The programme has changed: {moved} moved, {cancelled} cancelled, {added} added"
        ),
        "changes_banner_guests": ", {changed} with another guest",
        "changes_more": "Every change",
        "revision": "Revision {to} (replacing revision {before}), published {when}.",
        "count_published": "Screenings published before",
        "count_moved": "Moved",
        "count_cancelled": "Cancelled",
        "count_added": "Added",
        "count_changed": "Guest changed",
        "kind_changed": "Screenings with another guest, or none",
        "no_guest": "No guest",
        "kind_moved": "Moved screenings",
        "kind_cancelled": "Cancelled screenings",
        "kind_added": "Added screenings",
        "film": "Film",
        "city": "City",
        "before": "Was",
        "after": "Now",
        "screening": "Screening",
        "cancelled": "Cancelled",
        "no_changes": "Nothing has changed.",
        "changes_note": "If you have a programme printed earlier, check it against this list.",
        "changes_insert": "Changes insert (PDF)",
        "sep": ", ",
    },
    "zh": {
        "skip": "跳到主要内容",
        "home": "节目单",
        "cities": "城市",
        "subscribe": "订阅日历",
        "subscribe_help": "订阅的日历会随节目单的变化自动更新。请选择您的日历应用，或复制日历链接。",
        "feed_festival": "整个电影节",
        "feed_city": "本市全部场次",
        "feed_film": "本片全部场次",
        "webcal": "Apple 日历、Outlook",
        "google": "Google 日历",
        "https": "日历链接（.ics）",
        "times_local": "均为当地时间：{zone}，{offset}",
        "times_local_each": "各城市均使用当地时间。",
        "intro_note": "所列为场次开始时间；正片前约有{n}分钟的预告片或映前介绍。",
        "by_city": "各城市节目单",
        "city_programme": "本市完整节目单",
        "films": "影片",
        "days": "日期",
        "day_grid": "当日排片表",
        "grid_hint": (
            "影院和影厅横向排列，时间自上而下。屏幕较窄时可左右滑动排片表。下方按影院列出相同的场次。"
        ),
        "time": "时间",
        "hall": "影厅",
        "guest_qa": "映后交流嘉宾：{name}",
        "guest_intro": "映前介绍嘉宾：{name}",
        "minutes": "{n}分钟",
        "age": "年龄分级",
        "adults": "18+：未满18岁者不得入场，入场时可能查验证件。",
        "unrated": "未分级",
        "director": "导演",
        "directors": "导演",
        "year": "年份",
        "countries": "国家/地区",
        "runtime": "片长",
        "audio": "语言",
        "subtitles": "字幕",
        "no_subtitles": "无",
        "synopsis": "剧情简介",
        "screenings": "放映场次",
        "no_screenings": "暂无放映。",
        "printable": "可打印节目单（PDF）",
        "generated": "排片生成于 {when}。",
        "address": "地址",
        "venues": "影院",
        "changes": "节目变更",
        "changes_banner": "节目单已变更：改期{moved}场，取消{cancelled}场，新增{added}场",
        "changes_banner_guests": "，嘉宾变更{changed}场",
        "changes_more": "全部变更",
        "revision": "第{to}版（取代第{before}版），发布于 {when}。",
        "count_published": "此前公布场次",
        "count_moved": "改期",
        "count_cancelled": "取消",
        "count_added": "新增",
        "count_changed": "嘉宾变更",
        "kind_changed": "嘉宾安排变更的场次",
        "no_guest": "无嘉宾",
        "kind_moved": "改期场次",
        "kind_cancelled": "取消场次",
        "kind_added": "新增场次",
        "film": "影片",
        "city": "城市",
        "before": "原定",
        "after": "现定",
        "screening": "场次",
        "cancelled": "已取消",
        "no_changes": "没有变更。",
        "changes_note": "如您持有此前印制的节目单，请对照本页核对。",
        "changes_insert": "变更插页（PDF）",
        "sep": "、",
    },
}

MONTHS: dict[Lang, tuple[str, ...]] = {
    "ru": (
        "января", "февраля", "марта", "апреля", "мая", "июня",
        "июля", "августа", "сентября", "октября", "ноября", "декабря",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
    "zh": tuple(f"{m}月" for m in range(1, 13)),
}  # fmt: skip

WEEKDAYS: dict[Lang, tuple[str, ...]] = {
    "ru": ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "zh": ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"),
}

WEEKDAYS_SHORT: dict[Lang, tuple[str, ...]] = {
    "ru": ("пн", "вт", "ср", "чт", "пт", "сб", "вс"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "zh": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
}

LANGUAGE_NAMES: dict[str, Text] = {
    "ru": Text(ru="русский", en="Russian", zh="俄语"),
    "en": Text(ru="английский", en="English", zh="英语"),
    "zh": Text(ru="китайский", en="Chinese", zh="汉语"),
    "yue": Text(ru="кантонский", en="Cantonese", zh="粤语"),
    "ja": Text(ru="японский", en="Japanese", zh="日语"),
    "ko": Text(ru="корейский", en="Korean", zh="韩语"),
    "fr": Text(ru="французский", en="French", zh="法语"),
    "de": Text(ru="немецкий", en="German", zh="德语"),
    "mn": Text(ru="монгольский", en="Mongolian", zh="蒙古语"),
    "kk": Text(ru="казахский", en="Kazakh", zh="哈萨克语"),
}

COUNTRY_NAMES: dict[str, Text] = {
    "RU": Text(ru="Россия", en="Russia", zh="俄罗斯"),
    "CN": Text(ru="Китай", en="China", zh="中国"),
    "HK": Text(ru="Гонконг", en="Hong Kong", zh="中国香港"),
    "TW": Text(ru="Тайвань", en="Taiwan", zh="中国台湾"),
    "MO": Text(ru="Макао", en="Macao", zh="中国澳门"),
    "US": Text(ru="США", en="United States", zh="美国"),
    "GB": Text(ru="Великобритания", en="United Kingdom", zh="英国"),
    "FR": Text(ru="Франция", en="France", zh="法国"),
    "DE": Text(ru="Германия", en="Germany", zh="德国"),
    "JP": Text(ru="Япония", en="Japan", zh="日本"),
    "KR": Text(ru="Южная Корея", en="South Korea", zh="韩国"),
    "KZ": Text(ru="Казахстан", en="Kazakhstan", zh="哈萨克斯坦"),
    "BY": Text(ru="Беларусь", en="Belarus", zh="白俄罗斯"),
    "MN": Text(ru="Монголия", en="Mongolia", zh="蒙古国"),
}

SYNOPSIS_IN: dict[Lang, dict[Lang, str]] = {
    "ru": {"en": "Описание по-английски", "zh": "Описание по-китайски"},
    "en": {"ru": "Synopsis in Russian", "zh": "Synopsis in Chinese"},
    "zh": {"ru": "俄文简介", "en": "英文简介"},
}


def text(value: Text, lang: Lang) -> str:
    """A trilingual text in one language."""
    return str(getattr(value, lang))


def _screenings_count(n: int, lang: Lang) -> str:
    if lang == "zh":
        return f"{n}场放映"
    if lang == "en":
        return f"{n} screening" if n == 1 else f"{n} screenings"
    if n % 10 == 1 and n % 100 != 11:
        return f"{n} сеанс"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return f"{n} сеанса"
    return f"{n} сеансов"


# --------------------------------------------------------------------------------------------------
# Dates and times


def day_label(day: dt.date, lang: Lang) -> str:
    """``вторник, 28 октября`` / ``Tuesday 28 October`` / ``10月28日 星期二``."""
    weekday = WEEKDAYS[lang][day.weekday()]
    if lang == "zh":
        return f"{day.month}月{day.day}日 {weekday}"
    if lang == "en":
        return f"{weekday} {day.day} {MONTHS['en'][day.month - 1]}"
    return f"{weekday.capitalize()}, {day.day} {MONTHS['ru'][day.month - 1]}"


def short_day(day: dt.date, lang: Lang) -> str:
    """``вт, 28 октября`` / ``Tue 28 Oct`` / ``10月28日 周二``."""
    weekday = WEEKDAYS_SHORT[lang][day.weekday()]
    if lang == "zh":
        return f"{day.month}月{day.day}日 {weekday}"
    if lang == "en":
        return f"{weekday} {day.day} {MONTHS['en'][day.month - 1][:3]}"
    return f"{weekday}, {day.day} {MONTHS['ru'][day.month - 1]}"


def date_range(first: dt.date, last: dt.date, lang: Lang) -> str:
    """The festival's dates: ``13–17 мая 2025``, ``28 October – 6 November 2025``."""
    months = MONTHS[lang]
    if lang == "zh":
        start = f"{first.year}年{first.month}月{first.day}日"
        if first == last:
            return start
        if first.year != last.year:
            return f"{start}—{last.year}年{last.month}月{last.day}日"
        if first.month != last.month:
            return f"{start}—{last.month}月{last.day}日"
        return f"{start}—{last.day}日"
    if first == last:
        return f"{first.day} {months[first.month - 1]} {first.year}"
    if first.year != last.year:
        return (
            f"{first.day} {months[first.month - 1]} {first.year} – "
            f"{last.day} {months[last.month - 1]} {last.year}"
        )
    if first.month != last.month:
        return f"{first.day} {months[first.month - 1]} – {last.day} {months[last.month - 1]} {last.year}"
    return f"{first.day}–{last.day} {months[last.month - 1]} {last.year}"


def utc_offset(offset: dt.timedelta) -> str:
    """``UTC+10``, ``UTC+5:30``, ``UTC-3``."""
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_offsets(tz: str, days: list[dt.date]) -> str:
    """The UTC offsets a zone has at noon over the festival days (``UTC+3``, ``UTC+1 / UTC+2``)."""
    seen: list[str] = []
    for day in days:
        offset = dt.datetime.combine(day, dt.time(12, 0), tzinfo=zone(tz)).utcoffset()
        label = utc_offset(offset or dt.timedelta(0))
        if label not in seen:
            seen.append(label)
    return " / ".join(seen)


def hhmm(moment: dt.datetime) -> str:
    """Local wall-clock time, ``19:00``."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def _day_minute(moment: dt.datetime, day: dt.date) -> int:
    """Minutes from midnight of a festival day to a local time (past 24:00 after midnight)."""
    naive = moment.replace(tzinfo=None)
    return int((naive - dt.datetime.combine(day, dt.time(0, 0))).total_seconds() // 60)


# --------------------------------------------------------------------------------------------------
# What the templates see


@dataclass(frozen=True)
class Link:
    """A link to a published file, already relative to the page it is on."""

    href: str
    label: str
    current: bool = False


@dataclass(frozen=True)
class Feed:
    """One calendar feed and the three ways to subscribe to it."""

    ident: str
    label: str
    note: str
    https: str
    webcal: str
    google: str


@dataclass(frozen=True)
class AltTitle:
    """One of a film's other titles, in its own language."""

    lang: str
    text: str
    original: bool


@dataclass(frozen=True)
class FilmView:
    """A film as shown on every page."""

    film: Film
    title: str
    alt_titles: tuple[AltTitle, ...]
    page: str
    runtime: str
    age: str


@dataclass(frozen=True)
class Show:
    """One screening as shown: local times, names and where it sits in its day grid."""

    screening: Screening
    film: FilmView
    start: str
    end: str
    iso: str
    date_label: str
    city: str
    venue: str
    hall: str
    label: str
    row_start: int
    row_end: int
    column: int
    cancelled: bool = False
    guest: str | None = None
    """The guest appearance in the page language ("Q&A after the film with …"), if any."""


@dataclass(frozen=True)
class Column:
    """A hall in a day grid."""

    venue: str
    hall: str
    index: int


@dataclass(frozen=True)
class VenueHead:
    """A venue's heading above its halls in a day grid."""

    name: str
    first: int
    last: int


@dataclass(frozen=True)
class HourLine:
    """An hour mark down a day grid."""

    label: str
    row: int


@dataclass(frozen=True)
class VenueDay:
    """The screenings of one venue on one day."""

    venue: Venue
    name: str
    address: str
    anchor: str
    shows: tuple[Show, ...]


@dataclass(frozen=True)
class Day:
    """One festival day of a city: its grid and its list by venue."""

    date: dt.date
    anchor: str
    label: str
    short: str
    rows: int
    columns: tuple[Column, ...]
    venue_heads: tuple[VenueHead, ...]
    hours: tuple[HourLine, ...]
    shows: tuple[Show, ...]
    venues: tuple[VenueDay, ...]


@dataclass(frozen=True)
class CityView:
    """A city with its zone and its programme."""

    city: City
    name: str
    page: str
    zone_note: str
    days: tuple[Day, ...]
    count: str


@dataclass(frozen=True)
class FilmScreenings:
    """The screenings of one film in one city."""

    city: CityView
    shows: tuple[Show, ...]


@dataclass(frozen=True)
class Moment:
    """Where and when a screening was or is, for the change tables (local time and its offset)."""

    iso: str
    date: str
    time: str
    offset: str
    venue: str
    hall: str


@dataclass(frozen=True)
class ChangeRow:
    """One change as a table row: the film, its city (and zone), and the screening before/after."""

    change: Change
    film: FilmView | None
    film_name: str
    city: str
    city_page: str | None
    zone: str
    before: Moment | None
    after: Moment | None
    time_changed: bool
    place_changed: bool
    guest_before: str
    """A *changed* screening's guest appearance before (and after), in the page language."""
    guest_after: str


@dataclass(frozen=True)
class ChangeGroup:
    """The changes of one kind, in time order."""

    kind: ChangeKind
    heading: str
    rows: tuple[ChangeRow, ...]


CHANGE_ORDER: tuple[ChangeKind, ...] = ("cancelled", "moved", "changed", "added")
"""Order of the kinds on the changes page (the report's own order): what is gone matters most."""


@cache
def _env() -> jinja2.Environment:
    """The template environment (autoescaped; undefined names are errors)."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("festival.publish", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _person(person: Person, lang: Lang) -> tuple[str, bool, str | None]:
    """A director's name in the page language (or the original form when there is none), whether
    that is the original form, and the original form when it differs."""
    shown = getattr(person, lang)
    if shown is None or shown == person.original:
        return person.original, True, None
    return shown, False, person.original


def _change_order(c: Change) -> tuple[object, ...]:
    """Changes in the order a visitor knew them: by the old time (the new one for added ones)."""
    ref = c.before or c.after
    assert ref is not None
    return (ref.start_utc, ref.city, ref.venue, ref.hall, c.screening)


class _Builder:
    """Collects the views of one schedule in one language (no clock, fixed orders)."""

    def __init__(
        self,
        schedule: Schedule,
        inputs: Inputs,
        lang: Lang,
        pdfs: frozenset[str],
        report: ChangeReport | None = None,
    ):
        self.schedule = schedule
        self.inputs = inputs
        self.lang = lang
        self.ui = UI[lang]
        self.pdfs = sorted(p for p in pdfs if p != urls.ORGANISERS_PDF)
        self.report = report
        self.base = schedule.festival.base_url
        self.days = schedule.festival.first_day, schedule.festival.last_day
        self.festival_days = [
            self.days[0] + dt.timedelta(days=i)
            for i in range((self.days[1] - self.days[0]).days + 1)
        ]
        self.cities = list(inputs.venues.cities)
        self.venues = list(inputs.venues.venues)
        self.films = {f.id: self._film(f) for f in inputs.programme.films}
        self.screenings = sorted(
            schedule.screenings, key=lambda s: (s.start_utc, s.city, s.venue, s.hall, s.id)
        )
        # withdrawn screenings still shown (struck through): those of films still in the line-up
        self.cancelled = sorted(
            (s for s in schedule.cancelled if s.film in self.films),
            key=lambda s: (s.start_utc, s.city, s.venue, s.hall, s.id),
        )

    # ------------------------------------------------------------------------------------ pieces
    def feed(self, path: str, ident: str, label: str, note: str) -> Feed:
        url = urls.absolute(self.base, path)
        return Feed(ident, label, note, url, urls.webcal(url), urls.google_subscribe(url))

    def _film(self, film: Film) -> FilmView:
        lang = self.lang
        title = text(film.title, lang)
        original_lang = film.languages.audio[0]
        translated = {text(film.title, code) for code in LANGS}
        alts: list[AltTitle] = []
        seen = {title}
        for code in ("ru", "original", "en", "zh"):
            if code == "original":
                if film.title.original not in translated:  # else shown as that language's title
                    alts.append(AltTitle(original_lang, film.title.original, True))
                continue
            value = getattr(film.title, code)
            if code != lang and value not in seen:
                seen.add(value)
                alts.append(AltTitle(code, value, False))
        age = self.ui["unrated"] if film.age_rating.value == "unrated" else film.age_rating.value
        return FilmView(
            film,
            title,
            tuple(alts),
            urls.film_page(film.id),
            self.ui["minutes"].format(n=film.runtime),
            age,
        )

    def zone_note(self, city: City) -> str:
        return self.ui["times_local"].format(
            zone=city.timezone, offset=zone_offsets(city.timezone, self.festival_days)
        )

    def place(self, s: Screening) -> tuple[str, str, str]:
        """(city, venue, hall) names of a screening; ids for places the inputs no longer have."""
        info = self.inputs.halls.get((s.venue, s.hall))
        if info is not None:
            lang = self.lang
            return (
                text(info.city.name, lang),
                text(info.venue.name, lang),
                text(info.hall.name, lang),
            )
        city = self.inputs.cities.get(s.city)
        return (text(city.name, self.lang) if city else s.city), s.venue, s.hall

    def show(self, s: Screening, column: int = 0, first_minute: int = 0) -> Show:
        city, venue, hall = self.place(s)
        start = _day_minute(s.start_local, s.festival_day) - first_minute
        end = _day_minute(s.end_local, s.festival_day) - first_minute
        row_start = round(start / SLOT_MINUTES) + 1
        row_end = max(round(end / SLOT_MINUTES) + 1, row_start + 1)
        return Show(
            screening=s,
            film=self.films[s.film],
            start=hhmm(s.start_local),
            end=hhmm(s.end_local),
            iso=s.start_local.isoformat(timespec="minutes"),
            date_label=short_day(s.start_local.date(), self.lang),
            city=city,
            venue=venue,
            hall=hall,
            label=s.label,
            row_start=row_start,
            row_end=row_end,
            column=column,
            cancelled=s.status == "cancelled",
            guest=self.appearance(s),
        )

    def appearance(self, s: Screening) -> str | None:
        """The screening's guest appearance in the page language, or None."""
        guest = self.inputs.guests.get(s.guest) if s.guest is not None else None
        if guest is None or s.guest_kind is None:
            return None
        return self.ui[f"guest_{s.guest_kind}"].format(name=text(guest.name, self.lang))

    def city_view(self, city: City) -> CityView:
        mine = [s for s in self.screenings if s.city == city.id]
        gone = [s for s in self.cancelled if s.city == city.id]
        venues = [v for v in self.venues if v.city == city.id]
        used = {(s.venue, s.hall) for s in mine}
        halls = [(v, h) for v in venues for h in v.halls if (v.id, h.id) in used]
        column_of = {(v.id, h.id): i + 2 for i, (v, h) in enumerate(halls)}
        columns = tuple(
            Column(text(v.name, self.lang), text(h.name, self.lang), column_of[(v.id, h.id)])
            for v, h in halls
        )
        heads: list[VenueHead] = []
        for v in venues:
            indices = [column_of[(v.id, h.id)] for h in v.halls if (v.id, h.id) in column_of]
            if indices:
                heads.append(VenueHead(text(v.name, self.lang), min(indices), max(indices) + 1))
        by_day: dict[dt.date, list[Screening]] = defaultdict(list)
        for s in mine:
            by_day[s.festival_day].append(s)
        gone_by_day: dict[dt.date, list[Screening]] = defaultdict(list)
        for s in gone:
            gone_by_day[s.festival_day].append(s)
        days = []
        for date in sorted(set(by_day) | set(gone_by_day)):
            todays = by_day.get(date, [])
            shows: tuple[Show, ...] = ()
            hours: tuple[HourLine, ...] = ()
            rows = 0
            if todays:  # the day grid: confirmed screenings only (a cancelled one leaves a gap)
                first = min(_day_minute(s.start_local, date) for s in todays) // 60 * 60
                last = -(-max(_day_minute(s.end_local, date) for s in todays) // 60) * 60
                shows = tuple(self.show(s, column_of[(s.venue, s.hall)], first) for s in todays)
                hours = tuple(
                    HourLine(f"{(m // 60) % 24:02d}:00", (m - first) // SLOT_MINUTES + 1)
                    for m in range(first, last, 60)
                )
                rows = (last - first) // SLOT_MINUTES
            listed = sorted(
                [*shows, *(self.show(s) for s in gone_by_day.get(date, []))],
                key=lambda sh: (sh.screening.start_utc, sh.screening.hall, sh.screening.id),
            )
            anchor = f"day-{date.isoformat()}"
            venue_days = tuple(
                VenueDay(
                    v,
                    text(v.name, self.lang),
                    text(v.address, self.lang),
                    f"{anchor}-{v.id}",
                    tuple(sh for sh in listed if sh.screening.venue == v.id),
                )
                for v in venues
                if any(sh.screening.venue == v.id for sh in listed)
            )
            days.append(
                Day(
                    date=date,
                    anchor=anchor,
                    label=day_label(date, self.lang),
                    short=short_day(date, self.lang),
                    rows=rows,
                    columns=columns if todays else (),
                    venue_heads=tuple(heads) if todays else (),
                    hours=hours,
                    shows=shows,
                    venues=venue_days,
                )
            )
        return CityView(
            city,
            text(city.name, self.lang),
            urls.city_page(city.id),
            self.zone_note(city),
            tuple(days),
            _screenings_count(len(mine), self.lang),
        )

    def pdf_links(self, page: str, city: str | None) -> list[Link]:
        """The printable PDFs for a page: a city's own booklet, or every public PDF (index)."""
        names = {c.id: text(c.name, self.lang) for c in self.cities}
        out = []
        for path in self.pdfs:
            stem = PurePosixPath(path).stem
            if city is not None and stem != city:
                continue
            if path == urls.CHANGES_INSERT:
                label = self.ui["changes_insert"]
            elif stem in names:
                label = f"{names[stem]} (PDF)"
            else:
                label = PurePosixPath(path).name
            out.append(Link(urls.relative(page, path), label))
        return out

    def changes_link(self, page: str) -> Link | None:
        """The header link to the changes page (after a re-plan), with the counts."""
        if self.report is None:
            return None
        r = self.report
        label = self.ui["changes_banner"].format(
            moved=r.moved, cancelled=r.cancelled, added=r.added
        )
        if r.changed:
            label += self.ui["changes_banner_guests"].format(changed=r.changed)
        return Link(urls.relative(page, urls.CHANGES_PAGE), label, page == urls.CHANGES_PAGE)

    def moment(self, s: Screening) -> Moment:
        _, venue, hall = self.place(s)
        return Moment(
            iso=s.start_local.isoformat(timespec="minutes"),
            date=short_day(s.start_local.date(), self.lang),
            time=hhmm(s.start_local),
            offset=utc_offset(s.start_local.utcoffset() or dt.timedelta(0)),
            venue=venue,
            hall=hall,
        )

    def change_row(self, c: Change, page: str) -> ChangeRow:
        ref = c.before or c.after
        assert ref is not None  # a change has a screening before, after, or both
        city = self.inputs.cities.get(ref.city)
        film = self.films.get(c.film)
        before = self.moment(c.before) if c.before else None
        after = self.moment(c.after) if c.after else None
        return ChangeRow(
            change=c,
            film=film,
            film_name=film.title if film else c.film,
            city=self.place(ref)[0],
            city_page=urls.relative(page, urls.city_page(city.id)) if city else None,
            zone=city.timezone if city else "",
            before=before,
            after=after,
            time_changed=bool(c.before and c.after and c.before.start_utc != c.after.start_utc),
            place_changed=bool(
                c.before
                and c.after
                and (c.before.venue, c.before.hall) != (c.after.venue, c.after.hall)
            ),
            guest_before=(self.appearance(c.before) or self.ui["no_guest"]) if c.before else "",
            guest_after=(self.appearance(c.after) or self.ui["no_guest"]) if c.after else "",
        )

    def change_groups(self, page: str) -> list[ChangeGroup]:
        """The report's changes by kind (cancelled, moved, added), each in time order."""
        assert self.report is not None
        groups = []
        for kind in CHANGE_ORDER:
            mine = [c for c in self.report.changes if c.kind == kind]
            mine.sort(key=_change_order)
            if mine:
                rows = tuple(self.change_row(c, page) for c in mine)
                groups.append(ChangeGroup(kind, self.ui[f"kind_{kind}"], rows))
        return groups

    def age_note(self, film: Film) -> str | None:
        """For an 18+ film, what that means at the door (93-FZ); else None."""
        return self.ui["adults"] if film.age_rating == AgeRating.EIGHTEEN else None

    def film_facts(self, film: Film) -> list[tuple[str, str]]:
        """(label, value) rows of a film's card after its directors, in the page language."""
        lang = self.lang
        ui = self.ui

        def names(codes: tuple[str, ...], table: dict[str, Text]) -> str:
            return ui["sep"].join(text(table[c], lang) if c in table else c for c in codes)

        return [
            (ui["year"], str(film.year)),
            (ui["countries"], names(film.countries, COUNTRY_NAMES)),
            (ui["runtime"], ui["minutes"].format(n=film.runtime)),
            (ui["age"], self.films[film.id].age),
            (ui["audio"], names(film.languages.audio, LANGUAGE_NAMES)),
            (
                ui["subtitles"],
                names(film.languages.subtitles, LANGUAGE_NAMES) or ui["no_subtitles"],
            ),
        ]

    # ------------------------------------------------------------------------------------ pages
    def common(self, page: str) -> dict[str, object]:
        fest = self.schedule.festival
        return {
            "lang": self.lang,
            "ui": self.ui,
            "page": page,
            "rel": lambda to: urls.relative(page, to),
            "stylesheet": urls.relative(page, STYLESHEET),
            "festival_name": text(fest.name, self.lang),
            "other_names": [(code, text(fest.name, code)) for code in LANGS if code != self.lang],
            "dates": date_range(fest.first_day, fest.last_day, self.lang),
            "nav_cities": [
                Link(
                    urls.relative(page, urls.city_page(c.id)),
                    text(c.name, self.lang),
                    page == urls.city_page(c.id),
                )
                for c in self.cities
            ],
            "index_href": urls.relative(page, urls.INDEX_PAGE),
            "changes_link": self.changes_link(page),
            "generated": self.ui["generated"].format(
                when=self.schedule.generated_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
            ),
        }

    def render(self, template: str, page: str, **context: object) -> bytes:
        html = _env().get_template(template).render(**self.common(page), **context)
        return html.encode("utf-8")

    def pages(self) -> dict[str, bytes]:
        ui = self.ui
        out: dict[str, bytes] = {}
        cities = [self.city_view(c) for c in self.cities]
        by_film: dict[str, list[Screening]] = defaultdict(list)
        for s in self.screenings:
            by_film[s.film].append(s)
        gone_by_film: dict[str, list[Screening]] = defaultdict(list)
        for s in self.cancelled:
            gone_by_film[s.film].append(s)

        out[urls.INDEX_PAGE] = self.render(
            "index.html",
            urls.INDEX_PAGE,
            title=text(self.schedule.festival.name, self.lang),
            feeds=[self.feed(urls.FESTIVAL_FEED, "festival", ui["feed_festival"], "")],
            cities=cities,
            films=[
                (self.films[f.id], _screenings_count(len(by_film[f.id]), self.lang))
                for f in self.inputs.programme.films
            ],
            pdfs=self.pdf_links(urls.INDEX_PAGE, None),
            report=self.report,
        )

        for view in cities:
            city = view.city
            feeds = [
                self.feed(urls.feed_path("city", city.id), city.id, view.name, ui["feed_city"])
            ]
            for v in self.venues:
                if v.city == city.id:
                    feeds.append(
                        self.feed(
                            urls.feed_path("venue", v.id),
                            v.id,
                            text(v.name, self.lang),
                            text(v.address, self.lang),
                        )
                    )
            out[view.page] = self.render(
                "city.html",
                view.page,
                title=view.name,
                view=view,
                feeds=feeds,
                pdfs=self.pdf_links(view.page, city.id),
                intro=self.inputs.venues.policy.intro_minutes,
            )

        city_views = {v.city.id: v for v in cities}
        for film in self.inputs.programme.films:
            fv = self.films[film.id]
            groups = []
            for c in self.cities:
                listed = sorted(
                    (s for s in (*by_film[film.id], *gone_by_film[film.id]) if s.city == c.id),
                    key=lambda s: (s.start_utc, s.venue, s.hall, s.id),
                )
                shows = tuple(self.show(s) for s in listed)
                if shows:
                    groups.append(FilmScreenings(city_views[c.id], shows))
            synopses = [
                (code, SYNOPSIS_IN[self.lang][code], text(film.synopsis, code))
                for code in LANGS
                if code != self.lang
            ]
            out[fv.page] = self.render(
                "film.html",
                fv.page,
                title=fv.title,
                film=fv,
                directors_label=ui["directors" if len(film.directors) > 1 else "director"],
                directors=[_person(p, self.lang) for p in film.directors],
                original_lang=film.languages.audio[0],
                facts=self.film_facts(film),
                age_note=self.age_note(film),
                synopsis=text(film.synopsis, self.lang),
                synopses=synopses,
                groups=groups,
                feeds=[
                    self.feed(urls.feed_path("film", film.id), film.id, fv.title, ui["feed_film"])
                ],
            )

        if self.report is not None:
            out[urls.CHANGES_PAGE] = self.changes_page()

        out[STYLESHEET] = _env().get_template(STYLESHEET).render().encode("utf-8")
        return out

    def changes_page(self) -> bytes:
        """changes.html: the counts, then a table per kind of change."""
        assert self.report is not None
        r = self.report
        ui = self.ui
        page = urls.CHANGES_PAGE
        when = r.generated_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        insert = [link for link in self.pdf_links(page, None) if link.label == ui["changes_insert"]]
        return self.render(
            "changes.html",
            page,
            title=ui["changes"],
            revision=ui["revision"].format(to=r.to_revision, before=r.from_revision, when=when),
            # in the groups' order; guest changes only when there are any
            counts=[("published", ui["count_published"], r.published)]
            + [
                (kind, ui[f"count_{kind}"], getattr(r, kind))
                for kind in CHANGE_ORDER
                if kind != "changed" or r.changed
            ],
            groups=self.change_groups(page),
            insert=insert,
        )


def pages(
    schedule: Schedule,
    inputs: Inputs,
    lang: Literal["ru", "en", "zh"],
    pdfs: frozenset[str] = frozenset(),
    report: ChangeReport | None = None,
) -> dict[str, bytes]:
    """index.html, one page per city and per film, and changes.html when there is a change report
    (path → bytes). ``pdfs``: printable PDFs present; ``report``: the changes of a re-plan."""
    return _Builder(schedule, inputs, lang, pdfs, report).pages()
