"""Publishing: pure functions from a ``Schedule`` to bytes, and one atomic way to write them.

``publication()`` gathers every derived file of an output folder: calendar feeds, printed
programmes (PDF), the web programme (which links the public PDFs), exports for schedule apps, the
organisers' logistics sheets and the programmer's report (CSV, PDF and HTML, never linked from
the web programme) and, after a re-plan,
the change report (JSON, Markdown, a web page and a printed insert). The same schedule always gives
the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping

from festival.domain import ChangeReport, Schedule
from festival.inputs import Inputs
from festival.publish import changes, frab, ical, logistics, urls, web
from festival.publish.phrases import Lang
from festival.publish.print import Paper, booklets, printed_paths
from festival.publish.report import report_page

SECONDS_BASE = 2.5
"""Seconds a publication takes whatever its size (fonts, the Typst compiler, writing files)."""

SECONDS_PER_SCREENING = 0.010
"""Seconds a publication takes per screening the festival wants at most (its feeds, pages and
booklet pages). Both measured on a quiet machine, 2 cores (7 Dec 2026), from the search's end to
the command's: the tour (41 screenings at most) 2.6 s, a Berlinale-size festival (1,137) 14-15 s
(publishing 10.5-11.3 s, the bound's last wait and the terminal's table the rest). ``festival
plan`` stretches this reserve by how much slower the machine runs (``SolveOptions.slowness``):
beside two busy processes on 2 cores, publishing took twice as long."""


def expected_seconds(inputs: Inputs) -> float:
    """How long publishing a schedule of these inputs takes on a quiet machine, at most its
    films' screenings (what ``festival plan`` keeps of its time limit for publishing, stretched
    on a busy machine)."""
    wanted = sum(inputs.film_max(f) for f in inputs.active_films)
    return SECONDS_BASE + SECONDS_PER_SCREENING * wanted


def publication(
    schedule: Schedule,
    inputs: Inputs,
    lang: Lang = "ru",
    paper: Paper = "a5",
    report: ChangeReport | None = None,
    carried: Mapping[str, frozenset[str]] | None = None,
) -> dict[str, bytes]:
    """Every derived file (path relative to the output folder → bytes).

    ``report``: the changes since the previous publication, after a re-plan. ``carried``: the
    screenings each feed held before and keeps (``ical.feeds``).
    """
    feeds: dict[str, bytes] = {}
    others: dict[str, bytes] = {}
    printed = printed_paths(schedule, inputs, report)
    public = frozenset(p for p in printed if p != urls.ORGANISERS_PDF)  # staff only: never linked

    def meanwhile() -> None:  # while the printed programmes compile
        feeds.update(ical.feeds(schedule, inputs, lang, carried))
        others.update(web.pages(schedule, inputs, lang, public, report, frozenset(feeds)))
        others.update(frab.exports(schedule, inputs, lang))
        others.update(logistics.sheets(schedule, inputs))
        others[urls.REPORT_PAGE] = report_page(schedule, inputs, lang)
        if report is not None:
            others[changes.CHANGES_JSON] = changes.report_json(report)
            others[changes.CHANGES_MD] = changes.report_markdown(report, inputs)

    pdfs = booklets(schedule, inputs, lang, paper, report, meanwhile=meanwhile)
    return feeds | pdfs | others
