"""Publishing: pure functions from a ``Schedule`` to bytes, and one atomic way to write them.

``publication()`` gathers every derived file of an output folder: calendar feeds, the web
programme, and exports for schedule apps. The same schedule always gives the same bytes.
"""

from __future__ import annotations

from typing import Literal

from festival.domain import Schedule
from festival.inputs import Inputs
from festival.publish import frab, ical, web

Lang = Literal["ru", "en", "zh"]


def publication(schedule: Schedule, inputs: Inputs, lang: Lang = "ru") -> dict[str, bytes]:
    """Every derived file (path relative to the output folder → bytes)."""
    files: dict[str, bytes] = {}
    files.update(ical.feeds(schedule, inputs, lang))
    files.update(web.pages(schedule, inputs, lang))
    files.update(frab.exports(schedule, inputs, lang))
    return files
