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
    # The programmer's report (report.html and the first pages of the organisers' PDF)
    "report_title": Text(ru="Отчёт о программе", en="Programme report", zh="排片报告"),
    "report_note": Text(
        ru=(
            "Цифры, которые смотрит программный директор: когда начинаются сеансы, как "
            "загружены дни и залы, где прошли премьеры."
        ),
        en=(
            "The figures a programmer looks at: when the screenings start, how the days and "
            "halls are loaded, where the premieres played."
        ),
        zh="排片负责人关注的数据：场次开始时间、各日与各厅的负荷、首映场地。",
    ),
    "report_plan": Text(ru="план", en="plan", zh="方案"),
    "report_key_figures": Text(ru="Главные цифры", en="Key figures", zh="主要数据"),
    "report_screenings": Text(ru="Сеансов", en="Screenings", zh="场次"),
    "report_objective": Text(ru="Оценка (очки)", en="Score (points)", zh="评分（分）"),
    "report_peak_share": Text(
        ru="Больше всего начал за {minutes} мин, доля дня в городе",
        en="Most starts within {minutes} min, share of the city's day",
        zh="{minutes}分钟内开场最多，占该城市当日比例",
    ),
    "report_weekend_ratio": Text(
        ru="Сеансов в выходной день / в будний",
        en="Screenings per weekend day / per weekday",
        zh="周末每日场次 / 工作日每日场次",
    ),
    "report_close": Text(
        ru="Начала в одном кинотеатре ближе {minutes} мин",
        en="Starts in one venue less than {minutes} min apart",
        zh="同一影院内间隔不足{minutes}分钟的开场",
    ),
    "report_venue_peak": Text(
        ru="Больше всего начал за {minutes} мин в одном кинотеатре",
        en="Most starts within {minutes} min in one venue",
        zh="同一影院{minutes}分钟内最多开场数",
    ),
    "report_morning": Text(ru="Утро (до 12:00)", en="Morning (before 12:00)", zh="上午（12:00前）"),
    "report_afternoon": Text(
        ru="День (12:00–17:00)", en="Afternoon (12:00–17:00)", zh="下午（12:00–17:00）"
    ),
    "report_evening": Text(ru="Вечер (с 17:00)", en="Evening (from 17:00)", zh="晚间（17:00起）"),
    "report_hall_used": Text(
        ru="Занятость залов (минуты показа / часы работы)",
        en="Hall use (minutes screened / minutes open)",
        zh="影厅使用率（放映分钟 / 开放分钟）",
    ),
    "report_premieres_as_asked": Text(
        ru="Премьеры там и тогда, где задано",
        en="Premieres where and when asked",
        zh="按要求安排的首映",
    ),
    "report_short_days": Text(
        ru="Оплаченные дни залов ниже минимума",
        en="Committed hall-days below their minimum",
        zh="低于最低场次的承诺影厅日",
    ),
    "report_empty_days": Text(
        ru="Оплаченные дни залов без сеансов",
        en="Committed hall-days left empty",
        zh="空置的承诺影厅日",
    ),
    "report_starts_city": Text(
        ru="{city}: начала сеансов по четвертям часа (за весь фестиваль)",
        en="{city}: starts per quarter-hour (whole festival)",
        zh="{city}：每刻钟开场数（整个电影节）",
    ),
    "report_per_day": Text(ru="Сеансов в день", en="Screenings per day", zh="每日场次"),
    "report_parts": Text(
        ru="Утро, день, вечер", en="Morning, afternoon, evening", zh="上午、下午、晚间"
    ),
    "report_per_venue": Text(
        ru="Сеансов по кинотеатрам", en="Screenings per venue", zh="各影院场次"
    ),
    "report_hall_use": Text(
        ru="Занятость залов, % часов работы",
        en="Hall use, % of the hours open",
        zh="影厅使用率（占开放时间%）",
    ),
    "report_premieres": Text(ru="Премьеры", en="Premieres", zh="首映"),
    "report_not_played": Text(ru="не показан", en="not played", zh="未放映"),
    "report_venues": Text(ru="Кинотеатры", en="Venues", zh="影院"),
    "report_venue_cell": Text(
        ru="{n} сеансов · до {peak} начал за 10 мин · {close} близких",
        en="{n} screenings · up to {peak} starts in 10 min · {close} close",
        zh="{n}场 · 10分钟内最多{peak}场开场 · {close}处过近",
    ),
    "report_none": Text(ru="нет", en="none", zh="无"),
    "report_films": Text(ru="Фильмы по дням", en="Films by day", zh="各片放映日"),
    "report_film": Text(ru="Фильм", en="Film", zh="影片"),
    "report_first": Text(ru="Первый день", en="First day", zh="首日"),
    "report_last": Text(ru="Последний день", en="Last day", zh="末日"),
    "report_hall": Text(ru="Зал", en="Hall", zh="影厅"),
    "report_day": Text(ru="День", en="Day", zh="日期"),
    "report_count": Text(ru="Сеансов / минимум", en="Screenings / minimum", zh="场次 / 最低"),
    "report_figure": Text(ru="Показатель", en="Figure", zh="指标"),
}
