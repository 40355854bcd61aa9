"""The programmer's report, drawn: SVG charts (pygal, no JavaScript) and tables of a schedule's
figures (``festival.figures``), beside another schedule's when one is given (a hand-made draft, the
festival's own schedule).

``report.html`` is a private, self-contained page of every revision (the organisers' part, never
linked from the web programme); the same charts open ``print/organisers.pdf``. Labels come from the
phrase book in the publication's language; the same figures always give the same bytes (each
chart's id is fixed, where pygal would draw a random one).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pygal
from pygal.style import Style

from festival.domain import Schedule, Score
from festival.figures import CLOSE, QUARTER, Figures, figures
from festival.inputs import Inputs
from festival.publish.dates import hhmm, short_day
from festival.publish.phrases import Lang, labels, text
from festival.publish.web.site import environment

REPORT_TEMPLATE = "report.html"
COLOURS = ("#9e1b1b", "#7a8794", "#d08a2c", "#2f6f8f")
"""The plan in the festival's red, what it is set beside in grey (then amber and blue)."""
PART_COLOURS = ("#e9c46a", "#d08a2c", "#6e1010")
"""Morning, afternoon, evening."""
LATIN_FIRST = "'Noto Sans', 'Noto Sans CJK SC', sans-serif"
CJK_FIRST = "'Noto Sans CJK SC', 'Noto Sans', sans-serif"
"""The charts' fonts, as the PDFs are set. Chinese charts lead with the CJK face: the PDF's SVG
renderer would otherwise draw Chinese from the font collection's first (Japanese) face."""


@dataclass(frozen=True)
class Column:
    """One schedule of the report: its label, figures and score (None when not scored)."""

    label: str
    figures: Figures
    score: Score | None


def columns_of(
    schedule: Schedule, inputs: Inputs, lang: Lang, against: Sequence[Column] = ()
) -> list[Column]:
    """The report's columns: the schedule (labelled *plan*), then ``against``."""
    plan = Column(labels(lang)["report_plan"], figures(schedule.screenings, inputs), schedule.score)
    return [plan, *against]


def _style(colours: Sequence[str], lang: Lang) -> Style:
    return Style(
        background="#ffffff",
        plot_background="#ffffff",
        foreground="#222222",
        foreground_strong="#222222",
        foreground_subtle="#d0d0d0",
        opacity="1",
        opacity_hover="1",
        colors=tuple(colours),
        font_family=CJK_FIRST if lang == "zh" else LATIN_FIRST,
        label_font_size=11,
        major_label_font_size=11,
        legend_font_size=12,
        title_font_size=14,
        value_font_size=10,
    )


_SCRIPT = re.compile(r"<script[^>]*>.*?</script>", re.S)
_STAMP = re.compile(r"<!--Generated with pygal[^>]*?-->")
"""pygal's comment naming its version and *today's date*: without it, the same schedule gives
the same bytes on any day."""


def _render(chart: Any, name: str) -> str:
    """The chart as an SVG element, with a fixed id (pygal draws a random one), without the
    script pygal always adds (its configuration for tooltips; the text in it is XML-escaped, so
    no ``</script>`` can hide inside) and without its dated comment."""
    chart.uuid = f"report-{name}"
    return _STAMP.sub("", _SCRIPT.sub("", str(chart.render(is_unicode=True))))


def _chart(
    kind: Any, title: str, lang: Lang, colours: Sequence[str] = COLOURS, **config: Any
) -> Any:
    return kind(
        title=title,
        style=_style(colours, lang),
        js=(),
        disable_xml_declaration=True,
        explicit_size=True,
        legend_at_bottom=True,
        legend_at_bottom_columns=4,
        print_values=False,
        **config,
    )


def charts(columns: Sequence[Column], inputs: Inputs, lang: Lang) -> dict[str, str]:
    """Every chart of the report (name → SVG), in reading order."""
    ui = labels(lang)
    out: dict[str, str] = {}
    cutoff = inputs.timeline.day_cutoff
    base = dt.datetime.combine(dt.date(2000, 1, 1), cutoff)
    for city in inputs.venues.cities:
        bars = [c.figures.quarter_starts.get(city.id, {}) for c in columns]
        used = [q for b in bars for q, n in b.items() if n]
        if not used:
            continue
        low, high = min(used) // 4 * 4, max(used) // 4 * 4 + 4
        chart = _chart(
            pygal.Bar,
            ui["report_starts_city"].format(city=text(city.name, lang)),
            lang,
            width=900,
            height=300,
            x_labels_major_every=4,
            show_minor_x_labels=False,
            x_label_rotation=0,
            truncate_label=-1,
        )
        chart.x_labels = [hhmm(base + dt.timedelta(minutes=q * QUARTER)) for q in range(low, high)]
        series = [[b.get(q, 0) for q in range(low, high)] for b in bars]
        _counts(chart, series)
        for col, values in zip(columns, series, strict=True):
            chart.add(col.label, values)
        out[f"starts-{city.id}"] = _render(chart, f"starts-{city.id}")
    days = list(columns[0].figures.per_day)
    chart = _chart(
        pygal.Bar,
        ui["report_per_day"],
        lang,
        width=900,
        height=300,
        x_label_rotation=-40 if len(days) > 8 else 0,
        truncate_label=-1,
    )
    chart.x_labels = [short_day(d, lang) for d in days]
    series = [[col.figures.per_day.get(d, 0) for d in days] for col in columns]
    _counts(chart, series)
    for col, values in zip(columns, series, strict=True):
        chart.add(col.label, values)
    out["days"] = _render(chart, "days")
    chart = _chart(
        pygal.HorizontalStackedBar,
        ui["report_parts"],
        lang,
        PART_COLOURS,
        width=900,
        height=110 + 45 * len(columns),
        range=(0, 100),
        value_formatter=lambda v: f"{v:.0f} %",
    )
    chart.x_labels = [c.label for c in reversed(columns)]
    names = {
        "morning": ui["report_morning"],
        "afternoon": ui["report_afternoon"],
        "evening": ui["report_evening"],
    }
    for part, name in names.items():
        chart.add(
            name,
            [100 * c.figures.parts[part] / (c.figures.screenings or 1) for c in reversed(columns)],
        )
    out["parts"] = _render(chart, "parts")
    venues = sorted({v for c in columns for v in c.figures.per_venue}, key=_venue_order(inputs))
    chart = _chart(
        pygal.HorizontalBar,
        ui["report_per_venue"],
        lang,
        width=900,
        height=120 + 18 * len(venues) * len(columns),
        truncate_label=-1,
    )
    venues.reverse()  # pygal draws the first label at the bottom
    chart.x_labels = [_venue_name(inputs, v, lang) for v in venues]
    for col in columns:
        chart.add(col.label, [col.figures.per_venue.get(v, 0) for v in venues])
    out["venues"] = _render(chart, "venues")
    halls = [(h.venue, h.hall) for h in reversed(columns[0].figures.halls)]
    chart = _chart(
        pygal.HorizontalBar,
        ui["report_hall_use"],
        lang,
        width=900,
        height=120 + 16 * len(halls) * len(columns),
        range=(0, 100),
        value_formatter=lambda v: f"{v:.0f} %",
        truncate_label=-1,
    )
    chart.x_labels = [_hall_name(inputs, key, lang) for key in halls]
    for col in columns:
        share = {(h.venue, h.hall): h.share for h in col.figures.halls}
        chart.add(col.label, [round(100 * share.get(key, 0.0), 1) for key in halls])
    out["halls"] = _render(chart, "halls")
    return out


def _counts(chart: Any, values: Sequence[Sequence[float]]) -> None:
    """Whole-number ticks on a chart of counts (pygal would tick a small count in tenths)."""
    top = max((v for series in values for v in series), default=0)
    step = max(1, -(-int(top) // 8))
    chart.y_labels = list(range(0, int(top) + step + 1, step))


def _venue_order(inputs: Inputs) -> Any:
    order = {v.id: n for n, v in enumerate(inputs.venues.venues)}
    return lambda v: (order.get(v, len(order)), v)


def _venue_name(inputs: Inputs, venue: str, lang: Lang) -> str:
    found = next((v for v in inputs.venues.venues if v.id == venue), None)
    return text(found.name, lang) if found else venue


def _hall_name(inputs: Inputs, key: tuple[str, str], lang: Lang) -> str:
    info = inputs.halls.get(key)
    if info is None:
        return " · ".join(key)
    return f"{text(info.venue.name, lang)} · {text(info.hall.name, lang)}"


def _percent(value: float) -> str:
    return f"{100 * value:.0f} %"


def summary(columns: Sequence[Column], inputs: Inputs, lang: Lang) -> list[dict[str, Any]]:
    """The key figures, one row each: a label and a value per column."""
    ui = labels(lang)

    def row(label: str, values: list[str]) -> dict[str, Any]:
        return {"label": label, "values": values}

    cols = [c.figures for c in columns]
    rows = [
        row(ui["report_screenings"], [f"{f.screenings:,}" for f in cols]),
        row(
            ui["report_objective"],
            [f"{c.score.total:,}" if c.score is not None else "—" for c in columns],
        ),
        row(
            ui["report_peak_share"].format(minutes=QUARTER), [_percent(f.peak_share) for f in cols]
        ),
        row(ui["report_weekend_ratio"], [f"{f.weekend_ratio:.2f}" for f in cols]),
        row(ui["report_close"].format(minutes=CLOSE), [str(f.close_total) for f in cols]),
        row(
            ui["report_venue_peak"].format(minutes=CLOSE),
            [str(max(f.venue_peak.values(), default=0)) for f in cols],
        ),
        row(
            ui["report_morning"], [_percent(f.parts["morning"] / (f.screenings or 1)) for f in cols]
        ),
        row(
            ui["report_afternoon"],
            [_percent(f.parts["afternoon"] / (f.screenings or 1)) for f in cols],
        ),
        row(
            ui["report_evening"], [_percent(f.parts["evening"] / (f.screenings or 1)) for f in cols]
        ),
        row(ui["report_hall_used"], [_percent(f.used_share) for f in cols]),
    ]
    if any(f.premieres for f in cols):
        rows.append(
            row(
                ui["report_premieres_as_asked"],
                [f"{f.premieres_as_asked} / {len(f.premieres)}" for f in cols],
            )
        )
    if any(
        h.short_days or inputs.committed_days(inputs.halls[(h.venue, h.hall)])
        for f in cols
        for h in f.halls
        if (h.venue, h.hall) in inputs.halls
    ):
        rows.append(row(ui["report_short_days"], [str(f.short_hall_days) for f in cols]))
        rows.append(row(ui["report_empty_days"], [str(f.empty_hall_days) for f in cols]))
    return rows


def _where(s: Any, inputs: Inputs, lang: Lang) -> str:
    return (
        f"{short_day(s.start_local.date(), lang)} {hhmm(s.start_local)}, "
        f"{_hall_name(inputs, (s.venue, s.hall), lang)}"
    )


def tables(columns: Sequence[Column], inputs: Inputs, lang: Lang) -> dict[str, Any]:
    """The report's tables: premieres, venues, committed hall-days left short, films' days."""
    ui = labels(lang)
    titles = {f.id: text(f.title, lang) for f in inputs.programme.films}
    premieres = []
    for n, p in enumerate(columns[0].figures.premieres):
        cells = []
        for col in columns:
            mine = col.figures.premieres[n] if n < len(col.figures.premieres) else None
            if mine is None or mine.first is None:
                cells.append({"text": ui["report_not_played"], "note": "", "ok": False})
            else:
                note = "; ".join(mine.faults)
                cells.append(
                    {"text": _where(mine.first, inputs, lang), "note": note, "ok": not mine.faults}
                )
        premieres.append({"film": titles.get(p.film, p.film), "cells": cells})
    venues = sorted({v for c in columns for v in c.figures.per_venue}, key=_venue_order(inputs))
    venue_rows = [
        {
            "venue": _venue_name(inputs, v, lang),
            "cells": [
                ui["report_venue_cell"].format(
                    n=c.figures.per_venue.get(v, 0),
                    peak=c.figures.venue_peak.get(v, 0),
                    close=c.figures.close_starts.get(v, 0),
                )
                for c in columns
            ],
        }
        for v in venues
    ]
    short = [
        {
            "hall": _hall_name(inputs, (h.venue, h.hall), lang),
            "day": short_day(day, lang),
            "count": f"{n} / {low}",
        }
        for h in columns[0].figures.halls
        for day, n, low in h.short_days
    ]
    days = list(columns[0].figures.per_day)
    films = [
        {
            "film": titles.get(f.film, f.film),
            "count": str(f.screenings),
            "first": short_day(f.first, lang) if f.first else "—",
            "last": short_day(f.last, lang) if f.last else "—",
            "days": [d in f.days for d in days],
        }
        for f in columns[0].figures.films
    ]
    return {
        "premieres": premieres,
        "venues": venue_rows,
        "short": short,
        "films": films,
        "day_heads": [short_day(d, lang) for d in days],
        "weekend": [d in columns[0].figures.weekend for d in days],
    }


def report_data(columns: Sequence[Column], inputs: Inputs, lang: Lang) -> dict[str, Any]:
    """What the report page and the report pages of the organisers' PDF show."""
    return {
        "columns": [c.label for c in columns],
        "summary": summary(columns, inputs, lang),
        "charts": [{"name": k, "svg": v} for k, v in charts(columns, inputs, lang).items()],
        **tables(columns, inputs, lang),
    }


def report_page(
    schedule: Schedule, inputs: Inputs, lang: Lang, against: Sequence[Column] = ()
) -> bytes:
    """``report.html``: the schedule's figures as charts and tables (beside ``against``'s)."""
    ui = labels(lang)
    data = report_data(columns_of(schedule, inputs, lang, against), inputs, lang)
    page = (
        environment()
        .get_template(REPORT_TEMPLATE)
        .render(
            lang=lang,
            ui=ui,
            festival=text(schedule.festival.name, lang),
            revision=ui["revision"].format(n=schedule.revision),
            **data,
        )
    )
    return page.encode("utf-8")
