"""Labels of the web programme only (``festival.publish.web`` and its templates)."""

from __future__ import annotations

from festival.domain import Text

PHRASES: dict[str, Text] = {
    # Every page: header, navigation, subscribing to a feed, the printable PDFs
    "skip": Text(ru="Перейти к содержанию", en="Skip to content", zh="跳到主要内容"),
    "cities": Text(ru="Города", en="Cities", zh="城市"),
    "by_city": Text(ru="Программа по городам", en="Programme by city", zh="各城市节目单"),
    "city_programme": Text(
        ru="Вся программа города", en="Full programme of the city", zh="本市完整节目单"
    ),
    "subscribe": Text(ru="Подписка на календарь", en="Subscribe to the calendar", zh="订阅日历"),
    "subscribe_help": Text(
        ru=(
            "Подписка сама обновляется, когда программа меняется. Выберите своё приложение "
            "или скопируйте ссылку на календарь."
        ),
        en=(
            "A subscription updates itself when the programme changes. Pick your calendar "
            "app or copy the feed link."
        ),
        zh="订阅的日历会随节目单的变化自动更新。请选择您的日历应用，或复制日历链接。",
    ),
    "feed_festival": Text(ru="Весь фестиваль", en="The whole festival", zh="整个电影节"),
    "feed_city": Text(ru="Все сеансы города", en="Every screening in the city", zh="本市全部场次"),
    "feed_film": Text(ru="Все сеансы фильма", en="Every screening of the film", zh="本片全部场次"),
    "moved_from": Text(ru="Перенесён (ранее: {was})", en="Moved from {was}", zh="原定：{was}"),
    "feed_film_city": Text(
        ru="Сеансы фильма в этом городе", en="The film's screenings in this city", zh="本片本市场次"
    ),
    "webcal": Text(
        ru="Apple Календарь, Outlook", en="Apple Calendar, Outlook", zh="Apple 日历、Outlook"
    ),
    "google": Text(ru="Google Календарь", en="Google Calendar", zh="Google 日历"),
    "https": Text(ru="Ссылка на календарь (.ics)", en="Feed link (.ics)", zh="日历链接（.ics）"),
    "printable": Text(
        ru="Программа для печати (PDF)", en="Printable programme (PDF)", zh="可打印节目单（PDF）"
    ),
    "booklet_pdf": Text(
        ru="{city}: программа (PDF)", en="{city}: programme (PDF)", zh="{city}节目单（PDF）"
    ),
    "for_cinemas": Text(
        ru="Для кинотеатров: сетки на стену (PDF, A3)",
        en="For the cinemas: wall grids (PDF, A3)",
        zh="供影院张贴：排片表（PDF，A3）",
    ),
    "guests_feeds": Text(ru="Встречи с гостями", en="Guests' appearances", zh="嘉宾见面场次"),
    "guest_feed_note": Text(
        ru="все сеансы с участием гостя",
        en="every screening they appear at",
        zh="该嘉宾出席的全部场次",
    ),
    "changes_insert": Text(
        ru="Вкладка с изменениями (PDF)", en="Changes insert (PDF)", zh="变更插页（PDF）"
    ),
    # How many screenings a film or a city has: the form CLDR's plural rules give {n}
    # (one, few, many; English and Chinese use fewer forms, so some texts repeat)
    "screenings_one": Text(ru="{n} сеанс", en="{n} screening", zh="{n}场放映"),
    "screenings_few": Text(ru="{n} сеанса", en="{n} screenings", zh="{n}场放映"),
    "screenings_many": Text(ru="{n} сеансов", en="{n} screenings", zh="{n}场放映"),
    # A city page: local time, the day grid, the list by venue
    "times_local": Text(
        ru="Время местное: {zone}, {offset}",
        en="All times local: {zone}, {offset}",
        zh="均为当地时间：{zone}，{offset}",
    ),
    "times_local_each": Text(
        ru="Время везде указано местное для каждого города.",
        en="All times are local to each city.",
        zh="各城市均使用当地时间。",
    ),
    "intro_note": Text(
        ru="Указано начало сеанса; перед фильмом около {n} мин рекламы или вступительного слова.",
        en=(
            "Times are when the session starts; about {n} min of trailers or an introduction "
            "come before the film."
        ),
        zh="所列为场次开始时间；正片前约有{n}分钟的预告片或映前介绍。",
    ),
    "grid_hint": Text(
        ru=(
            "Кинотеатры и залы — по горизонтали, время — сверху вниз. На узком экране сетку "
            "можно прокрутить вбок. Те же сеансы перечислены ниже по кинотеатрам."
        ),
        en=(
            "Cinemas and halls run across, time runs down. On a narrow screen, scroll the "
            "grid sideways. The same screenings are listed below by cinema."
        ),
        zh=(
            "影院和影厅横向排列，时间自上而下。屏幕较窄时可左右滑动排片表。"
            "下方按影院列出相同的场次。"
        ),
    ),
    "time": Text(ru="Время", en="Time", zh="时间"),
    "screenings": Text(ru="Сеансы", en="Screenings", zh="放映场次"),
    "no_screenings": Text(ru="Сеансов нет.", en="No screenings.", zh="暂无放映。"),
    "guest_qa": Text(
        ru="Встреча со зрителями после фильма: {name}",
        en="Q&A after the film with {name}",
        zh="映后交流嘉宾：{name}",
    ),
    "guest_intro": Text(
        ru="Фильм представляет {name}", en="Introduced by {name}", zh="映前介绍嘉宾：{name}"
    ),
    # A film page
    "unrated": Text(ru="без рейтинга", en="unrated", zh="未分级"),
    "adults": Text(
        ru="18+: лиц младше 18 лет на сеанс не допускают, на входе могут попросить документ.",
        en="18+: no one under 18 is admitted; ID may be asked for at the door.",
        zh="18+：未满18岁者不得入场，入场时可能查验证件。",
    ),
    "synopsis_in_ru": Text(ru="Описание по-русски", en="Synopsis in Russian", zh="俄文简介"),
    "synopsis_in_en": Text(ru="Описание по-английски", en="Synopsis in English", zh="英文简介"),
    "synopsis_in_zh": Text(ru="Описание по-китайски", en="Synopsis in Chinese", zh="中文简介"),
    # The changes page and the banner on every page after a re-plan
    "changes_banner": Text(
        ru="Программа изменилась: перенесено {moved}, отменено {cancelled}, добавлено {added}",
        en="The programme has changed: {moved} moved, {cancelled} cancelled, {added} added",
        zh="节目单已变更：改期{moved}场，取消{cancelled}场，新增{added}场",
    ),
    "changes_banner_guests": Text(
        ru=", другой гость: {changed}",
        en=", {changed} with another guest",
        zh="，嘉宾变更{changed}场",
    ),
    "changes_more": Text(ru="Все изменения", en="Every change", zh="全部变更"),
    "changes_revision": Text(
        ru="Редакция {to} (вместо редакции {before}), опубликована {when}.",
        en="Revision {to} (replacing revision {before}), published {when}.",
        zh="第{to}版（取代第{before}版），发布于 {when}。",
    ),
    "changes_note": Text(
        ru="Если у вас программа, напечатанная раньше, сверьте её с этим списком.",
        en="If you have a programme printed earlier, check it against this list.",
        zh="如您持有此前印制的节目单，请对照本页核对。",
    ),
    "screening": Text(ru="Сеанс", en="Screening", zh="场次"),
    "before": Text(ru="Было", en="Was", zh="原定"),
    "after": Text(ru="Стало", en="Now", zh="现定"),
    "no_guest": Text(ru="Без гостя", en="No guest", zh="无嘉宾"),
}
