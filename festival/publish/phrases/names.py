"""The names of the languages and countries a film's facts list, by the codes the line-up uses."""

from __future__ import annotations

from festival.domain import Text

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
"""Audio and subtitle languages by ISO 639 code (a code not listed is shown as it is)."""

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
"""Production countries by ISO 3166 code (a code not listed is shown as it is)."""
