"""Labels of the printed programmes: the booklets, the wall grids and the changes insert
(``festival.publish.print`` and its Typst templates)."""

from __future__ import annotations

from festival.domain import Text

PHRASES: dict[str, Text] = {
    # A booklet's front matter and how to read it
    "contents": Text(ru="Содержание", en="Contents", zh="目录"),
    "how_to_read": Text(ru="Как читать программу", en="How to read this programme", zh="阅读说明"),
    "print_times_local": Text(
        ru="Всё время местное: {zone}, {offset}",
        en="All times local: {zone}, {offset}",
        zh="均为当地时间：{zone}，{offset}",
    ),
    "times_local_short": Text(
        ru="время местное, {offset}", en="all times local, {offset}", zh="当地时间，{offset}"
    ),
    "print_intro_note": Text(
        ru=(
            "Указано начало сеанса; перед фильмом около {n} мин рекламы или вступительного "
            "слова. Сеанс с встречей заканчивается позже: это учтено в сетке."
        ),
        en=(
            "Times are when the session starts; about {n} min of trailers or an introduction "
            "come before the film. Sessions with a Q&A end later, as the grid shows."
        ),
        zh=(
            "所列为场次开始时间；正片前约有{n}分钟的预告片或映前介绍。"
            "有映后交流的场次结束较晚，排片表已计入。"
        ),
    ),
    "titles_note": Text(
        ru=(
            "Каждый фильм назван трижды: по-русски, по-китайски и по-английски; если "
            "оригинальное название другое, оно приведено отдельно."
        ),
        en=(
            "Every film is named three times: in Russian, Chinese and English; an original "
            "title in another language is given as well."
        ),
        zh="每部影片均列出俄文、中文和英文片名；原片名为其他语言时另行列出。",
    ),
    "legend_listing": Text(ru="Строка программы", en="A programme line", zh="节目条目"),
    "legend_age": Text(ru="Возрастные категории", en="Age ratings", zh="年龄分级"),
    "legend_marks": Text(ru="Отметки", en="Marks", zh="标记"),
    "legend_grid": Text(
        ru=(
            "В сетке дня кинотеатры и залы идут по горизонтали, время — сверху вниз; каждый "
            "сеанс занимает столько места, сколько длится."
        ),
        en=(
            "In the day grid, cinemas and halls run across and time runs down; each "
            "screening takes as much room as it lasts."
        ),
        zh="排片表中影院和影厅横向排列，时间自上而下；每场所占高度与时长相当。",
    ),
    "label_example": Text(ru="Открытие", en="Opening night", zh="开幕式"),
    "age_0": Text(ru="для любой аудитории", en="all ages", zh="适合所有观众"),
    "age_6": Text(ru="для детей старше 6 лет", en="over 6", zh="6岁以上"),
    "age_12": Text(ru="для детей старше 12 лет", en="over 12", zh="12岁以上"),
    "age_16": Text(ru="для детей старше 16 лет", en="over 16", zh="16岁以上"),
    "age_18": Text(
        ru=(
            "запрещено для детей: лиц младше 18 лет не допускают, на входе могут попросить документ"
        ),
        en="adults only: no one under 18 is admitted, and ID may be asked for at the door",
        zh="未成年人禁止观看：未满18岁者不得入场，入场时可能查验证件",
    ),
    "age_unrated": Text(ru="без возрастной категории", en="not rated", zh="未分级"),
    "unrated_badge": Text(ru="б/к", en="NR", zh="未分级"),
    "mark_first": Text(
        ru="первый показ фильма на фестивале",
        en="the film's first screening at the festival",
        zh="本片在电影节的首场放映",
    ),
    "mark_qa": Text(
        ru="встреча с гостем после фильма (Q&A)",
        en="Q&A with a guest after the film",
        zh="映后嘉宾交流（Q&A）",
    ),
    "mark_intro": Text(
        ru="гость представляет фильм", en="introduced by a guest", zh="嘉宾映前介绍"
    ),
    "mark_label": Text(
        ru="особый сеанс (открытие, закрытие)",
        en="special screening (opening, closing night)",
        zh="特别场次（开幕、闭幕）",
    ),
    "mark_cancelled": Text(
        ru="сеанс отменён (оставлен в программе, чтобы сверить с прежней)",
        en="screening cancelled (kept listed to compare with the earlier programme)",
        zh="场次已取消（保留列出，便于与此前节目单核对）",
    ),
    # The programme by day, the day grids and a wall grid
    "by_day": Text(ru="Программа по дням", en="Programme by day", zh="每日节目"),
    "day_grid_cont": Text(
        ru="Сетка дня (продолжение)", en="Day at a glance (continued)", zh="当日排片表（续）"
    ),
    "tag_qa": Text(ru="Q&A", en="Q&A", zh="Q&A"),
    "tag_intro": Text(ru="вступ. слово", en="intro", zh="映前介绍"),
    "with_guest": Text(ru="гость: {name}", en="guest: {name}", zh="嘉宾：{name}"),
    # Film pages, indexes, cinemas and the back cover
    "screenings_here": Text(
        ru="Сеансы в городе {city}", en="Screenings in {city}", zh="{city}放映场次"
    ),
    "elsewhere": Text(ru="Где ещё идёт фильм", en="Also playing in", zh="其他城市"),
    "nowhere_else": Text(ru="Только в этом городе.", en="Only in this city.", zh="仅在本市放映。"),
    "feed": Text(
        ru="Сеансы фильма в городе {city} — в календарь",
        en="The film's screenings in {city}, in your calendar",
        zh="将本片{city}场次加入日历",
    ),
    "indexes": Text(ru="Указатели", en="Indexes", zh="索引"),
    "index_titles": Text(
        ru="Фильмы по русским названиям", en="Films by English title", zh="按中文片名（拼音）"
    ),
    "index_original": Text(
        ru="Фильмы по оригинальным названиям", en="Films by original title", zh="按原片名"
    ),
    "index_original_note": Text(
        ru=(
            "Китайские названия — в порядке пиньиня (по слогам, затем по тону), остальные — "
            "после них."
        ),
        en=(
            "Chinese titles in pinyin order (syllable by syllable, then by tone); other "
            "titles follow."
        ),
        zh="中文片名按拼音排序（逐字按音节，再按声调），其他片名列于其后。",
    ),
    "halls": Text(ru="Залы", en="Halls", zh="影厅"),
    "seats": Text(ru="{n} мест", en="{n} seats", zh="{n}座"),
    "notes": Text(ru="Заметки", en="Notes", zh="笔记"),
    "web": Text(ru="Программа на сайте", en="Programme online", zh="网上节目单"),
    "organizer": Text(ru="Организатор: {name}", en="Organiser: {name}", zh="主办：{name}"),
    # The changes insert
    "insert_revision": Text(
        ru="Редакция {to} вместо редакции {before}, опубликована {when}.",
        en="Revision {to} replacing revision {before}, published {when}.",
        zh="第{to}版，取代第{before}版，发布于 {when}。",
    ),
    "insert_note": Text(
        ru="Вкладка к программе, напечатанной раньше: сверьте с ней сеансы, которые вы выбрали.",
        en="An insert for programmes printed earlier: check the screenings you chose against it.",
        zh="此插页用于此前印制的节目单：请据此核对您所选的场次。",
    ),
    "insert_no_guest": Text(ru="без гостя", en="no guest", zh="无嘉宾"),
    "was": Text(ru="было", en="was", zh="原定"),
    "now": Text(ru="стало", en="now", zh="现定"),
    "changes_web": Text(
        ru="Все изменения на сайте", en="Every change online", zh="网上查看全部变更"
    ),
}
