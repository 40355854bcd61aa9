"""The layout of an output folder: revisions, each whole, and a ``current`` link switched in one step.

::

    out/
      current -> revisions/3          the publication subscribers see (a relative symlink)
      revisions/3/manifest.json       SHA-256 of every file of the revision, and how it was made
      revisions/3/public/             the web root: feeds, pages, public PDFs, frab, schedule.json
      revisions/3/private/            the organisers' part: the full schedule.json, the input
                                      snapshots, logistics sheets, print/organisers.pdf
      revisions/2/ …                  earlier revisions, whole, for rollback
      .lock                           held while a revision is built and switched

A revision is built under ``revisions/.staging-…``, verified, renamed to ``revisions/<n>`` and only
then made current by replacing the ``current`` link with ``rename(2)``: a reader sees the previous
revision or the next one, never a mixture and never nothing.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

CURRENT = "current"
REVISIONS = "revisions"
MANIFEST = "manifest.json"
PUBLIC = "public"
PRIVATE = "private"
LOCK = ".lock"
STAGING_PREFIX = ".staging-"
PENDING_PREFIX = ".pending-"
SNAPSHOT_VENUES = "inputs/venues.yaml"
"""The venue file as planned, under ``private/``."""
SNAPSHOT_PROGRAMME = "inputs/programme.yaml"
"""The line-up as planned, under ``private/``."""
AGENDA_FEED = "feeds/my.ics"
"""A personal agenda (``?s=<id>,<id>``): made by ``festival serve``, not a file of a revision."""
AGENDA_MAX = 100
"""The most screenings one personal agenda may hold (a festival-goer's week; a bounded answer)."""


def current_revision(folder: Path) -> Path | None:
    """The folder of the current revision (``out/revisions/<n>``), or None when there is none.

    Reads the ``current`` link once; a caller that keeps the returned path reads one revision
    whole even if another is made current meanwhile (revisions are never changed in place).
    """
    try:
        target = os.readlink(folder / CURRENT)
    except OSError:
        return None
    parts = Path(target).parts
    if len(parts) != 2 or parts[0] != REVISIONS or not parts[1].isdigit():
        return None
    return folder / REVISIONS / parts[1]


def revision_number(revision: Path) -> int:
    """The number of a revision folder (``revisions/12`` → 12)."""
    return int(revision.name)


@dataclass
class Switch:
    """The moment a revision becomes current, shared with whoever reports an interrupt.

    ``lock`` is held while the ``current`` link is replaced; ``published`` is the revision this
    process made current, if any. The interrupt watcher (``festival.launch``) takes the lock
    before it reports, so it never says "nothing was published" while a switch is half done.
    """

    lock: threading.Lock = field(default_factory=threading.Lock)
    published: int | None = None
    stopping: str | None = None
    """What to say on an interrupt instead, for a command that publishes nothing (``serve``)."""


SWITCH = Switch()


@dataclass
class Started:
    """When the program started, on ``time.monotonic()``: set by ``festival.launch`` before
    anything heavy is imported, so that ``festival plan``'s time limit counts from the shell's
    point of view. None when the CLI runs some other way (tests): a command then counts from its
    own start."""

    at: float | None = None
    cpu: float = 0.0
    """The process's CPU time (``time.process_time()``) at that moment."""

    def slowness(self) -> float:
        """How many times longer than its CPU time this process has taken since it started
        (wall over CPU): about 1 on a quiet machine while one thread works, 2 when it gets half
        a core. 1 until it has had half a second of CPU (too little to tell), or without a
        start."""
        if self.at is None:
            return 1.0
        cpu = time.process_time() - self.cpu
        return (time.monotonic() - self.at) / cpu if cpu >= 0.5 else 1.0


STARTED = Started()
