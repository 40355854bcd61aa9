"""Labels more than one medium uses: a film's facts, the programme's places and days, the
changes after a re-plan (web pages and printed programmes; the feeds where noted)."""

from __future__ import annotations

from festival.domain import Text

PHRASES: dict[str, Text] = {
    # A film's facts (web film page, printed film page; the feeds and exports where noted)
    "director": Text(ru="Режиссёр", en="Director", zh="导演"),
    "directors": Text(ru="Режиссёры", en="Directors", zh="导演"),
    "year": Text(ru="Год", en="Year", zh="年份"),
    "countries": Text(ru="Страна", en="Country", zh="国家/地区"),
    "runtime": Text(ru="Длительность", en="Running time", zh="片长"),
    "minutes": Text(ru="{n} мин", en="{n} min", zh="{n}分钟"),
    "age": Text(ru="Возраст", en="Age rating", zh="年龄分级"),
    "audio": Text(ru="Язык", en="Language", zh="语言"),
    "subtitles": Text(ru="Субтитры", en="Subtitles", zh="字幕"),
    "no_subtitles": Text(ru="нет", en="none", zh="无"),
    "synopsis": Text(ru="О фильме", en="Synopsis", zh="剧情简介"),
    # The programme, its places and days
    "programme": Text(ru="Программа", en="Programme", zh="节目单"),
    "films": Text(ru="Фильмы", en="Films", zh="影片"),
    "days": Text(ru="Дни", en="Days", zh="日期"),
    "day_grid": Text(ru="Сетка дня", en="Day at a glance", zh="当日排片表"),
    "film": Text(ru="Фильм", en="Film", zh="影片"),
    "city": Text(ru="Город", en="City", zh="城市"),
    "venues": Text(ru="Кинотеатры", en="Cinemas", zh="影院"),
    "hall": Text(ru="Зал", en="Hall", zh="影厅"),
    "address": Text(ru="Адрес", en="Address", zh="地址"),
    "cancelled": Text(ru="Отменён", en="Cancelled", zh="已取消"),
    "generated": Text(
        ru="Расписание составлено {when}.",
        en="Schedule generated {when}.",
        zh="排片生成于 {when}。",
    ),
    "sep": Text(ru=", ", en=", ", zh="、"),
    # Changes after a re-plan (the web changes page and the printed insert)
    "changes": Text(ru="Изменения в программе", en="Programme changes", zh="节目变更"),
    "no_changes": Text(ru="Изменений нет.", en="Nothing has changed.", zh="没有变更。"),
    "count_published": Text(
        ru="Было объявлено сеансов", en="Screenings published before", zh="此前公布场次"
    ),
    "count_cancelled": Text(ru="Отменено", en="Cancelled", zh="取消"),
    "count_moved": Text(ru="Перенесено", en="Moved", zh="改期"),
    "count_changed": Text(ru="Другой гость", en="Guest changed", zh="嘉宾变更"),
    "count_added": Text(ru="Добавлено", en="Added", zh="新增"),
    "kind_cancelled": Text(ru="Отменённые сеансы", en="Cancelled screenings", zh="取消场次"),
    "kind_moved": Text(ru="Перенесённые сеансы", en="Moved screenings", zh="改期场次"),
    "kind_changed": Text(
        ru="Сеансы с другим гостем или без гостя",
        en="Screenings with another guest, or none",
        zh="嘉宾安排变更的场次",
    ),
    "kind_added": Text(ru="Новые сеансы", en="Added screenings", zh="新增场次"),
}
