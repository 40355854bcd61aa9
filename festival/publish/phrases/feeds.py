"""Labels of the calendar feeds (``ical.py``) and the schedule-app exports (``frab.py``): plain
text in event descriptions, terser than the web's."""

from __future__ import annotations

from festival.domain import Text

PHRASES: dict[str, Text] = {
    # A calendar's description
    "calendar_about": Text(ru="Расписание показов", en="Screening schedule", zh="放映时间表"),
    # An event's description in the feeds and the exports
    "event_runtime": Text(ru="Хронометраж", en="Runtime", zh="片长"),
    "event_minutes": Text(ru="мин", en="min", zh="分钟"),
    "event_adults": Text(
        ru="Лиц младше 18 лет на сеанс не допускают, на входе могут попросить документ (93-ФЗ).",
        en="No one under 18 is admitted; ID may be asked for at the door (Russian law 93-FZ).",
        zh="未满18岁者不得入场，入场时可能查验证件（俄罗斯联邦第93号法律）。",
    ),
    "event_qa": Text(ru="Встреча со зрителями", en="Q&A", zh="映后交流"),
    "event_intro": Text(ru="Представляет", en="Introduced by", zh="映前介绍"),
    # A cancelled screening's event: a marker before its title (for calendars that ignore its
    # status), and the first lines of its description
    "event_cancelled_mark": Text(ru="ОТМЕНЁН", en="CANCELLED", zh="已取消"),
    "event_cancelled": Text(
        ru="Сеанс отменён.", en="This screening is cancelled.", zh="本场放映已取消。"
    ),
    "event_instead": Text(
        ru="Фильм можно посмотреть", en="The film still plays", zh="该片其他场次"
    ),
    # An event's links in schedule-app exports
    "event_link_film": Text(ru="Страница фильма", en="Film page", zh="影片页面"),
    "event_link_city": Text(ru="Программа города", en="City programme", zh="城市节目"),
}
