"""Month and weekday names, in the forms dates are written with (``28 октября``, ``вт, 28 октября``)."""

from __future__ import annotations

from festival.domain import Text

MONTHS: tuple[Text, ...] = (
    Text(ru="января", en="January", zh="1月"),
    Text(ru="февраля", en="February", zh="2月"),
    Text(ru="марта", en="March", zh="3月"),
    Text(ru="апреля", en="April", zh="4月"),
    Text(ru="мая", en="May", zh="5月"),
    Text(ru="июня", en="June", zh="6月"),
    Text(ru="июля", en="July", zh="7月"),
    Text(ru="августа", en="August", zh="8月"),
    Text(ru="сентября", en="September", zh="9月"),
    Text(ru="октября", en="October", zh="10月"),
    Text(ru="ноября", en="November", zh="11月"),
    Text(ru="декабря", en="December", zh="12月"),
)
"""January to December; Russian in the genitive, as after a day's number."""

WEEKDAYS: tuple[Text, ...] = (
    Text(ru="понедельник", en="Monday", zh="星期一"),
    Text(ru="вторник", en="Tuesday", zh="星期二"),
    Text(ru="среда", en="Wednesday", zh="星期三"),
    Text(ru="четверг", en="Thursday", zh="星期四"),
    Text(ru="пятница", en="Friday", zh="星期五"),
    Text(ru="суббота", en="Saturday", zh="星期六"),
    Text(ru="воскресенье", en="Sunday", zh="星期日"),
)
"""Monday to Sunday (``date.weekday()`` order)."""

WEEKDAYS_SHORT: tuple[Text, ...] = (
    Text(ru="пн", en="Mon", zh="周一"),
    Text(ru="вт", en="Tue", zh="周二"),
    Text(ru="ср", en="Wed", zh="周三"),
    Text(ru="чт", en="Thu", zh="周四"),
    Text(ru="пт", en="Fri", zh="周五"),
    Text(ru="сб", en="Sat", zh="周六"),
    Text(ru="вс", en="Sun", zh="周日"),
)
"""Monday to Sunday, abbreviated (a screening's date in a list)."""
