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
    # The personal agenda (agenda.html, the ticks on city and film pages) and its planner
    "agenda_title": Text(ru="Моя программа", en="My programme", zh="我的日程"),
    "agenda_tick": Text(ru="В мою программу", en="Add to my programme", zh="加入我的日程"),
    "agenda_submit": Text(
        ru="Календарь отмеченных сеансов",
        en="Calendar of the ticked screenings",
        zh="已勾选场次的日历",
    ),
    "agenda_feed_changed": Text(
        ru="Программа фестиваля изменилась: обновите эту страницу и скачайте файл снова.",
        en="The festival's programme has changed: reload this page and download again.",
        zh="电影节节目单已变更：请刷新本页后重新下载。",
    ),
    "agenda_intro": Text(
        ru=(
            "Отметьте сеансы на страницах городов и фильмов — они соберутся здесь. Подписка на "
            "них обновляется сама, когда программа меняется. Регистрироваться не нужно: выбор "
            "хранится в вашем браузере."
        ),
        en=(
            "Tick screenings on the city and film pages and they gather here. A subscription to "
            "them updates itself when the programme changes. No account: your choice stays in "
            "this browser."
        ),
        zh=(
            "在城市和影片页面勾选场次，即汇集于此。订阅后，节目单变更时日历会自动更新。"
            "无需注册：您的选择只保存在本浏览器中。"
        ),
    ),
    "agenda_noscript": Text(
        ru=(
            "Без JavaScript эта страница не может показать ваш выбор. Отметьте сеансы на "
            "странице города или фильма и нажмите «Календарь отмеченных сеансов»."
        ),
        en=(
            "Without JavaScript this page cannot show your choice. Tick screenings on a city or "
            "film page and press “Calendar of the ticked screenings”."
        ),
        zh=(
            "未启用 JavaScript 时本页无法显示您的选择。"
            "请在城市或影片页面勾选场次，然后点击“已勾选场次的日历”。"
        ),
    ),
    "agenda_chosen": Text(ru="Отмеченные сеансы", en="Ticked screenings", zh="已勾选的场次"),
    "agenda_count": Text(ru="Отмечено: {n}", en="Ticked: {n}", zh="已勾选：{n}"),
    "agenda_empty": Text(
        ru="Пока ничего не отмечено.", en="Nothing ticked yet.", zh="尚未勾选任何场次。"
    ),
    "agenda_remove": Text(ru="Убрать", en="Remove", zh="移除"),
    "agenda_clear": Text(ru="Очистить всё", en="Clear all", zh="全部清除"),
    "agenda_cleared": Text(
        ru="Программа очищена.", en="Your programme is cleared.", zh="日程已清空。"
    ),
    "agenda_download": Text(
        ru="Скачать файл календаря (.ics)",
        en="Download the calendar file (.ics)",
        zh="下载日历文件（.ics）",
    ),
    "agenda_static": Text(
        ru=(
            "Этот сайт не создаёт подписку на выбранные сеансы: скачайте файл. Сам он не "
            "обновится — если программа изменится, скачайте его снова."
        ),
        en=(
            "This site cannot make a subscription to your choice: download the file. It does "
            "not update itself; download it again when the programme changes."
        ),
        zh=("本网站无法为您的选择生成订阅：请下载文件。文件不会自动更新，节目单变更后请重新下载。"),
    ),
    "agenda_no_fetch": Text(
        ru=(
            "Не удалось загрузить календарь фестиваля ({reason}). Откройте сайт из интернета, "
            "а не с диска."
        ),
        en=(
            "Could not load the festival calendar ({reason}). Open the site from the web, not "
            "from disk."
        ),
        zh="无法加载电影节日历（{reason}）。请通过网络而非本地磁盘打开本网站。",
    ),
    "agenda_too_many": Text(
        ru="В одной программе не больше {max} сеансов.",
        en="At most {max} screenings in one programme.",
        zh="一份日程最多{max}场。",
    ),
    "planner": Text(ru="Подобрать сеансы", en="Plan my festival", zh="帮我排日程"),
    "planner_help": Text(
        ru=(
            "Выберите город, дни и фильмы, которые хотите посмотреть. Планировщик предложит по "
            "одному сеансу каждого фильма так, чтобы сеансы не пересекались и на дорогу между "
            "кинотеатрами хватало времени, и объяснит, что не поместилось."
        ),
        en=(
            "Choose a city, your days and the films you want to see. The planner proposes one "
            "screening of each film so that none overlap and there is time to get between "
            "cinemas, and says what could not fit and why."
        ),
        zh=(
            "选择城市、日期和想看的影片。规划器为每部影片推荐一个场次，场次互不重叠，"
            "影院之间留足路程时间，并说明哪些影片排不进及其原因。"
        ),
    ),
    "planner_city": Text(ru="Город", en="City", zh="城市"),
    "planner_days": Text(ru="Дни", en="Days", zh="日期"),
    "planner_films": Text(ru="Фильмы", en="Films", zh="影片"),
    "priority_none": Text(ru="не смотрю", en="not for me", zh="不看"),
    "priority_must": Text(ru="обязательно", en="must see", zh="必看"),
    "priority_want": Text(ru="хочу", en="want to see", zh="想看"),
    "priority_maybe": Text(ru="если получится", en="if it fits", zh="有空再看"),
    "planner_travel": Text(
        ru=(
            "Время на дорогу между кинотеатрами: {extra} мин плюс путь по прямой со скоростью "
            "{kmh} км/ч (пешком и на транспорте, с учётом пересадок и обходов). Внутри одного "
            "кинотеатра запас не нужен."
        ),
        en=(
            "Time to get between cinemas: {extra} min plus the straight-line distance at "
            "{kmh} km/h (walking and public transport, detours included). Within one cinema, "
            "none."
        ),
        zh=(
            "影院之间的路程时间：{extra}分钟，另加按直线距离、每小时{kmh}公里"
            "（步行与公共交通，含绕行）计算的时间。同一影院内不另留时间。"
        ),
    ),
    "planner_go": Text(ru="Подобрать", en="Plan", zh="开始规划"),
    "planner_none_chosen": Text(
        ru="Выберите хотя бы один фильм и один день.",
        en="Choose at least one film and one day.",
        zh="请至少选择一部影片和一天。",
    ),
    "planner_result": Text(ru="Предложение", en="Proposal", zh="推荐日程"),
    "planner_fits": Text(
        ru="Помещается фильмов: {n} из {total}.",
        en="{n} of {total} films fit.",
        zh="可安排{n}部影片（共{total}部）。",
    ),
    "planner_misfits": Text(ru="Не поместилось", en="Could not fit", zh="未能安排"),
    "planner_add": Text(
        ru="Добавить в мою программу", en="Add these to my programme", zh="加入我的日程"
    ),
    "planner_added": Text(
        ru="Добавлено в вашу программу: {n}.",
        en="Added to your programme: {n}.",
        zh="已加入您的日程：{n}场。",
    ),
    "planner_limit": Text(
        ru=(
            "Перебор остановился на пределе шагов: это лучший найденный вариант, не "
            "обязательно лучший из возможных."
        ),
        en=(
            "The search stopped at its step limit: this is the best plan found, not "
            "necessarily the best there is."
        ),
        zh="搜索已达步数上限：这是找到的最佳方案，未必是最优方案。",
    ),
    "planner_why_city": Text(
        ru="не идёт в городе {city}", en="not shown in {city}", zh="不在{city}放映"
    ),
    "planner_why_days": Text(
        ru="в выбранные дни не идёт (сеансы: {days})",
        en="not on your days (it plays {days})",
        zh="您选的日期没有放映（放映日期：{days}）",
    ),
    "planner_why_clash": Text(
        ru="{when}: совпадает по времени с «{film}» ({at})",
        en="{when}: clashes with {film} ({at})",
        zh="{when}：与《{film}》（{at}）时间冲突",
    ),
    "planner_why_travel": Text(
        ru="{when}: не хватит времени на дорогу до или от «{film}» ({at}, {venue}): нужно {n} мин",
        en="{when}: no time to get between it and {film} ({at}, {venue}): {n} min needed",
        zh="{when}：与《{film}》（{at}，{venue}）之间路程时间不足，需{n}分钟",
    ),
    "planner_why_cancelled": Text(
        ru="все сеансы отменены", en="every screening is cancelled", zh="所有场次均已取消"
    ),
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
