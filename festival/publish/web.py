"""The web programme: static HTML pages (work without JavaScript, on a phone, with a screen reader)."""

from __future__ import annotations

from typing import Literal

from festival.domain import Schedule
from festival.inputs import Inputs


def pages(
    schedule: Schedule,
    inputs: Inputs,
    lang: Literal["ru", "en", "zh"],
    pdfs: frozenset[str] = frozenset(),
) -> dict[str, bytes]:
    """index.html, one page per city and per film (path → bytes). ``pdfs``: printable PDFs present."""
    return {}
