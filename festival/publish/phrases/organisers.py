"""Labels of the organisers' PDF: print traffic and guest itineraries (staff only)."""

from __future__ import annotations

from festival.domain import Text

PHRASES: dict[str, Text] = {
    # The organisers' PDF: cover
    "staff_title": Text(ru="Для организаторов", en="For organisers", zh="组委会专用"),
    "staff_note": Text(
        ru="Служебный документ, не для публикации.",
        en="Staff document, not for publication.",
        zh="内部文件，请勿公开。",
    ),
    "revision": Text(ru="Редакция {n}", en="Revision {n}", zh="第{n}版"),
    # Print traffic
    "traffic": Text(ru="Движение копий", en="Print traffic", zh="拷贝调度"),
    "traffic_note": Text(
        ru=(
            "Копии фильмов в порядке поездок. Перегон: время в пути из предыдущего города и "
            "загрузка копии в кинотеатре. Запас: время от конца последнего сеанса в "
            "предыдущем городе до первого сеанса здесь; красным — запас меньше перегона."
        ),
        en=(
            "Film copies in travel order. Leg: travel from the previous city plus ingest at "
            "the venue. Window: from the end of the last screening in the previous city to "
            "the first screening here; in red when the window is shorter than the leg."
        ),
        zh=(
            "各影片拷贝按行程顺序列出。行程：自上一城市的运输时间加影院导入时间。余量："
            "自上一城市最后一场结束至本地首场开始的时间；余量短于行程时以红色标出。"
        ),
    ),
    "copy": Text(ru="Копия {n}", en="Copy {n}", zh="第{n}份拷贝"),
    "traffic_screenings": Text(ru="Сеансы", en="Screenings", zh="场次"),
    "leg": Text(ru="Перегон", en="Leg", zh="行程"),
    "leg_first": Text(ru="первая точка", en="first stop", zh="首站"),
    "leg_from": Text(ru="из города {city}", en="from {city}", zh="自{city}"),
    "leg_hours": Text(
        ru="{transit} ч в пути + {ingest} ч загрузка",
        en="{transit} h travel + {ingest} h ingest",
        zh="运输{transit}小时 + 导入{ingest}小时",
    ),
    "leg_window": Text(ru="запас {hours} ч", en="window {hours} h", zh="余量{hours}小时"),
    # Guest itineraries
    "guest": Text(ru="Гость", en="Guest", zh="嘉宾"),
    "guest_note": Text(
        ru="Маршрут гостя: выступления по времени и переезды между городами.",
        en="A guest's itinerary: appearances in time order and travel between cities.",
        zh="嘉宾行程：按时间顺序列出出席场次及城市间行程。",
    ),
    "role_director": Text(ru="режиссёр", en="director", zh="导演"),
    "role_actor": Text(ru="актёр", en="actor", zh="演员"),
    "available": Text(ru="Может выступать", en="Available", zh="可出席日期"),
    "always": Text(ru="в любой день фестиваля", en="any festival day", zh="电影节期间任意一天"),
    "per_day": Text(ru="Не больше в день", en="At most per day", zh="每日最多"),
    "appearances": Text(ru="Выступлений", en="Appearances", zh="出席场次"),
    "when": Text(ru="Когда", en="When", zh="时间"),
    "where": Text(ru="Где", en="Where", zh="地点"),
    "part": Text(ru="Участие", en="Part", zh="活动"),
    "part_qa": Text(ru="Q&A после фильма", en="Q&A after the film", zh="映后交流"),
    "part_intro": Text(ru="вступительное слово", en="introduction", zh="映前介绍"),
    "travel": Text(
        ru="Переезд: {origin} → {dest}",
        en="Travel: {origin} → {dest}",
        zh="行程：{origin} → {dest}",
    ),
    "travel_hours": Text(
        ru="в пути {transit} ч; между выступлениями {gap} ч",
        en="{transit} h on the way; {gap} h between appearances",
        zh="途中{transit}小时；两场之间{gap}小时",
    ),
}
