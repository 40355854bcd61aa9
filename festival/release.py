"""Releasing: a publication is built whole beside the current one, verified, and switched in one step.

The library side of ``plan``, ``replan``, ``rollback``, ``publish`` and ``verify`` on an output
folder (its layout: ``festival.layout``). What it guarantees to subscribers:

- **One whole publication.** A revision is written under ``revisions/.staging-…``, every file is
  read back and checked against the manifest, the revision is renamed into place and only then is
  the ``current`` link replaced, by ``rename(2)``. A failed write, a full disk, an interrupt or a
  kill at any moment leaves the previous revision current and whole; what an interrupted run left
  behind (a staging folder, a revision never made current) is removed by the next release.
- **Never backwards.** Every revision's number is the current one's plus one, and the identity
  rules (``verify_change``: no id vanishes, SEQUENCE never decreases, a change bumps it) are checked
  against the current revision at the switch, whatever command made it.
- **Organisers' data stays private.** ``public/`` is the web root; the full schedule (with film-copy
  itineraries), the input snapshots, the logistics sheets and the organisers' PDF go to ``private/``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import hashlib
import os
import re
import shutil
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from festival.domain import ChangeReport, Schedule
from festival.errors import InternalError, OutputError, RefusedError
from festival.inputs import Inputs
from festival.layout import (
    CURRENT,
    LOCK,
    MANIFEST,
    PENDING_PREFIX,
    PRIVATE,
    PUBLIC,
    REVISIONS,
    SNAPSHOT_PROGRAMME,
    SNAPSHOT_VENUES,
    STAGING_PREFIX,
    SWITCH,
    current_revision,
    revision_number,
)
from festival.load import load
from festival.publish import ical, publication
from festival.publish.changes import CHANGES_JSON
from festival.publish.json import SCHEDULE_FILE, schedule_bytes
from festival.publish.phrases import Lang
from festival.publish.print import Paper, organisers_sheets
from festival.publish.report import report_page
from festival.publish.urls import GUEST_ITINERARIES, ORGANISERS_PDF, PRINT_TRAFFIC, REPORT_PAGE
from festival.replan import rollback, supersede
from festival.rules import Rule
from festival.verify import Violation, verify, verify_change

MadeBy = Literal["plan", "replan", "rollback", "publish", "edit"]

PRIVATE_FILES = frozenset({ORGANISERS_PDF, PRINT_TRAFFIC, GUEST_ITINERARIES, REPORT_PAGE})
"""Derived files for the organisers' staff only (the private part of every revision)."""
PRIVATE_FOLDERS = frozenset({"inputs", "logistics"})
"""Top-level folders of derived files that are the organisers' (anything under them is private)."""

KEEP_AT_LEAST = 2
"""Pruning never removes the current revision nor the one before it."""


class Manifest(BaseModel):
    """``manifest.json``: how a revision was made and the SHA-256 of every file in it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format_version: Literal[1] = 1
    revision: int
    made_by: MadeBy
    lang: Lang
    paper: Paper
    files: dict[str, str]
    carried: dict[str, list[str]] = {}
    """Per feed, the screenings it held in earlier revisions and keeps (see ``ical.feeds``)."""


@dataclass(frozen=True)
class Release:
    """A revision read back from an output folder."""

    path: Path
    manifest: Manifest
    schedule: Schedule
    inputs: Inputs

    @property
    def revision(self) -> int:
        """The revision's number (equal to its schedule's revision)."""
        return self.manifest.revision

    def report(self) -> ChangeReport | None:
        """The change report published with this revision, if any."""
        path = self.path / PUBLIC / CHANGES_JSON
        if not path.is_file():
            return None
        try:
            return ChangeReport.model_validate_json(path.read_bytes())
        except ValueError:
            raise OutputError(f"{path}: corrupt change report") from None


Writer = Callable[[Path, bytes, Path | None], None]
"""Writes one file of a staged revision; the third argument is the same file in the previous
revision when its bytes are identical (it may be hard-linked instead of written)."""


def write_file(path: Path, data: bytes, same: Path | None) -> None:
    """Write (or hard-link, when ``same`` holds the identical bytes) one staged file, synced.

    A hard link keeps unchanged files' modification time, so Last-Modified only moves with the
    bytes, and a revision costs disk space only for what changed.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if same is not None:
        with contextlib.suppress(OSError):
            os.link(same, path)
            return
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(path, 0o644)


def is_private(name: str) -> bool:
    """Whether a derived file (path relative to the publication) is for the organisers only."""
    return name in PRIVATE_FILES or PurePosixPath(name).parts[0] in PRIVATE_FOLDERS


def public_schedule(schedule: Schedule) -> Schedule:
    """The schedule the audience may see: without the film copies' itineraries (print traffic)."""
    return schedule.model_copy(update={"copies": ()})


def build(
    schedule: Schedule,
    inputs: Inputs,
    lang: Lang,
    paper: Paper,
    report: ChangeReport | None,
    carried: Mapping[str, frozenset[str]] | None = None,
) -> dict[str, bytes]:
    """Every file of a revision (path relative to the revision folder → bytes), manifest aside.

    OutputError when a screening, published or cancelled, names a film or hall the inputs no
    longer have (its event could not be described), or a feed published before would vanish.
    """
    _refuse_unknown(schedule, inputs)
    files = {
        f"{PRIVATE}/{SNAPSHOT_VENUES}": inputs.venues_source.data,
        f"{PRIVATE}/{SNAPSHOT_PROGRAMME}": inputs.programme_source.data,
        f"{PRIVATE}/{SCHEDULE_FILE}": schedule_bytes(schedule),
        f"{PUBLIC}/{SCHEDULE_FILE}": schedule_bytes(public_schedule(schedule)),
    }
    for name, data in publication(schedule, inputs, lang, paper, report, carried).items():
        files[f"{PRIVATE if is_private(name) else PUBLIC}/{name}"] = data
    # a feed that held events never vanishes with them (one that held none may)
    gone = sorted(f"{PUBLIC}/{path}" for path, ids in (carried or {}).items() if ids)
    gone = [path for path in gone if path not in files]
    if gone:
        raise OutputError(
            f"{gone[0]} was published and would vanish with its subscribers' events: keep its "
            f"city, venue, film or guest in the input files (films, venues and halls with "
            f"`withdrawn: true`)"
        )
    return files


def _refuse_unknown(schedule: Schedule, inputs: Inputs) -> None:
    for s in (*schedule.screenings, *schedule.cancelled):
        if s.film not in inputs.films or (s.venue, s.hall) not in inputs.halls:
            raise OutputError(
                f"screening {s.id} ({s.film} at {s.venue} · {s.hall}) was published, but its film "
                f"or hall is no longer in the input files: keep it there with `withdrawn: true`, "
                f"so that its events can still be described"
            )


def carried_over(revision: Path, manifest: Manifest) -> dict[str, frozenset[str]]:
    """Per feed of a revision, the ids of every screening it holds (read from its files)."""
    out: dict[str, frozenset[str]] = {}
    prefix = f"{PUBLIC}/"
    for name in manifest.files:
        if name.startswith(f"{PUBLIC}/feeds/") and name.endswith(".ics"):
            data = _read(revision / name) or b""
            ids = re.findall(rb"^UID:([^.\r\n]+)\.", data, flags=re.M)
            out[name.removeprefix(prefix)] = frozenset(i.decode() for i in ids)
    return out


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- reading -------------------------------------------------------------------------------------


def has_publication(folder: Path) -> bool:
    """Whether ``folder`` holds a current revision."""
    return current_revision(folder) is not None


def read(folder: Path) -> Release:
    """The current revision of an output folder, or OutputError saying what is wrong."""
    if not folder.exists():
        raise OutputError(f"{folder}: no such folder")
    if not folder.is_dir():
        raise OutputError(f"{folder}: is a file, not an output folder")
    revision = current_revision(folder)
    if revision is None:
        if (folder / SCHEDULE_FILE).is_file():
            raise OutputError(
                f"{folder}: written by an older festival (schedule.json at the top, no "
                f"revisions/): plan it again into a new folder"
            )
        raise OutputError(f"{folder}: not a festival output folder (no current revision)")
    return read_revision(revision)


def read_revision(revision: Path) -> Release:
    """One revision folder (``out/revisions/<n>``): its manifest, schedule and input snapshots."""
    manifest_path = revision / MANIFEST
    try:
        manifest = Manifest.model_validate_json(manifest_path.read_bytes())
    except OSError:
        raise OutputError(f"{manifest_path}: missing") from None
    except ValidationError as err:
        raise OutputError(f"{manifest_path}: corrupt ({_first(err)})") from None
    index = revision / PRIVATE / SCHEDULE_FILE
    try:
        schedule = Schedule.model_validate_json(index.read_bytes())
    except OSError:
        raise OutputError(f"{index}: missing") from None
    except ValidationError as err:
        raise OutputError(f"{index}: corrupt schedule ({_first(err)})") from None
    paths: dict[str, Path] = {}
    for role in ("venues", "programme"):
        record = schedule.inputs.get(role)
        if record is None:
            raise OutputError(f"{index}: corrupt schedule (inputs: no {role} snapshot recorded)")
        path = revision / PRIVATE / PurePosixPath(record.path)
        if not path.resolve().is_relative_to((revision / PRIVATE).resolve()):
            raise OutputError(f"{index}: corrupt schedule (inputs.{role}: outside the revision)")
        try:
            data = path.read_bytes()
        except OSError:
            raise OutputError(f"{path}: input snapshot missing") from None
        if _sha(data) != record.sha256:
            raise OutputError(f"{path}: input snapshot changed since the schedule was written")
        paths[role] = path
    if schedule.revision != manifest.revision or revision_number(revision) != manifest.revision:
        raise OutputError(f"{manifest_path}: revision does not match its folder and schedule")
    return Release(revision, manifest, schedule, load(paths["venues"], paths["programme"]))


def _first(err: ValidationError) -> str:
    first = err.errors(include_url=False)[0]
    where = ".".join(str(p) for p in first["loc"])
    return f"{where + ': ' if where else ''}{first['msg']}"


def revisions(folder: Path) -> list[int]:
    """The whole revisions of an output folder (those with a manifest), oldest first."""
    root = folder / REVISIONS
    if not root.is_dir():
        return []
    return sorted(
        int(p.name) for p in root.iterdir() if p.name.isdigit() and (p / MANIFEST).is_file()
    )


# --- checking ------------------------------------------------------------------------------------


def check(folder: Path) -> tuple[Release, list[Violation]]:
    """Everything ``festival verify`` checks on the current revision of ``folder``.

    Its files against its manifest (none missing, none added, none edited or torn); the public
    schedule against the full one; the calendar feeds against the schedule; the schedule against
    every rule; and the identity rules against the revision before it, when it is kept.
    """
    current = read(folder)
    out = [
        Violation(Rule.PUBLICATION, name, message)
        for name, message in _against_manifest(current.path, current.manifest)
    ]
    public = current.path / PUBLIC / SCHEDULE_FILE
    if _read(public) != schedule_bytes(public_schedule(current.schedule)):
        out.append(
            Violation(Rule.PUBLICATION, f"{PUBLIC}/{SCHEDULE_FILE}", "differs from the schedule")
        )
    carried = {path: frozenset(ids) for path, ids in current.manifest.carried.items()}
    regenerated = ical.feeds(current.schedule, current.inputs, current.manifest.lang, carried)
    for name, data in regenerated.items():
        if _read(current.path / PUBLIC / name) != data:
            out.append(
                Violation(Rule.PUBLICATION, f"{PUBLIC}/{name}", "does not match the schedule")
            )
    out += verify(current.schedule, current.inputs)
    before = folder / REVISIONS / str(current.revision - 1)
    if current.revision > 1 and (before / MANIFEST).is_file():
        previous = read_revision(before)
        out += verify_change(
            previous.schedule,
            current.schedule,
            current.inputs,
            replanned=current.manifest.made_by == "replan",
        )
    return current, sorted(out)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _against_manifest(revision: Path, manifest: Manifest) -> list[tuple[str, str]]:
    """(file, problem) for every file of a revision that is not exactly as its manifest says."""
    problems: list[tuple[str, str]] = []
    present: set[str] = set()
    for part in (PUBLIC, PRIVATE):
        root = revision / part
        for path in root.rglob("*") if root.is_dir() else ():
            if path.is_file() or path.is_symlink():
                present.add(path.relative_to(revision).as_posix())
    for name, sha in sorted(manifest.files.items()):
        path = revision / name
        if path.is_symlink():
            problems.append((name, "is a symbolic link, not a published file"))
            continue
        data = _read(path)
        if data is None:
            problems.append((name, "missing"))
        elif _sha(data) != sha:
            problems.append((name, "differs from the manifest: edited or torn"))
    for name in sorted(present - set(manifest.files)):
        problems.append((name, "not in the manifest"))
    return problems


# --- releasing -----------------------------------------------------------------------------------


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold the folder's lock: one release at a time (another gets a clear error, not a wait)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = open(folder / LOCK, "a+b")  # noqa: SIM115 - held for the whole block
    except OSError as err:
        raise OutputError(f"{folder}: cannot write: {err.strerror or err}") from None
    with handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise OutputError(
                f"{folder}: another festival command is publishing into this folder; "
                f"run again when it has finished"
            ) from None
        yield


def _pending(folder: Path) -> list[Path]:
    root = folder / REVISIONS
    return sorted(root.glob(f"{PENDING_PREFIX}*")) if root.is_dir() else []


def _tidy(folder: Path, current: int) -> None:
    """Remove what an interrupted release left: staging folders, temporary links, and revisions
    renamed into place but never made current (they carry a pending mark until the switch).

    A revision above the current one without that mark was current once (``current`` was moved
    back by hand): it is never removed, and publishing is refused until the link is right.
    """
    root = folder / REVISIONS
    for link in folder.glob(f".{CURRENT}-*"):
        link.unlink(missing_ok=True)
    if not root.is_dir():
        return
    for path in root.iterdir():
        if path.name.startswith(STAGING_PREFIX):
            shutil.rmtree(path, ignore_errors=True)
        elif path.name.isdigit() and int(path.name) > current:
            mark = root / f"{PENDING_PREFIX}{path.name}"
            if not mark.exists():
                raise OutputError(
                    f"{folder}: revision {path.name} was published after the current one "
                    f"({current}): point {folder / CURRENT} at the newest revision "
                    f"(ln -sfn revisions/{path.name} {folder / CURRENT}) and run again"
                )
            shutil.rmtree(path, ignore_errors=True)
            mark.unlink(missing_ok=True)
    for mark in root.glob(f"{PENDING_PREFIX}*"):
        if not (root / mark.name.removeprefix(PENDING_PREFIX)).exists():
            mark.unlink(missing_ok=True)


def commit(
    folder: Path,
    schedule: Schedule,
    files: Mapping[str, bytes],
    made_by: MadeBy,
    lang: Lang,
    paper: Paper,
    write: Writer = write_file,
    carried: Mapping[str, frozenset[str]] | None = None,
) -> Path:
    """Make ``files`` (from ``build``) the next revision of ``folder`` and switch to it.

    The schedule's revision must follow the current one's, and the identity rules must hold
    against it. On any failure the current revision stays current and whole (OutputError).
    """
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: is a file, not an output folder")
    with _locked(folder):
        before = current_revision(folder)
        previous = read_revision(before) if before is not None else None
        number = schedule.revision
        if previous is not None and number != previous.revision + 1:
            raise OutputError(
                f"{folder}: holds revision {previous.revision}; this publication would be "
                f"revision {number}: re-plan from this folder instead"
            )
        if previous is not None:
            broken = verify_change(previous.schedule, schedule, previous.inputs, replanned=False)
            if broken:
                raise OutputError(f"{folder}: refusing to publish: {broken[0]}")
        marked = {p.name.removeprefix(PENDING_PREFIX) for p in _pending(folder)}
        if previous is None and [n for n in revisions(folder) if str(n) not in marked]:
            raise OutputError(
                f"{folder}: holds revisions but no `current` link (removed by hand, or a first "
                f"publication killed at its last step): restore it (ln -sfn revisions/N "
                f"{folder / CURRENT}) or remove {folder / REVISIONS} to start again"
            )
        _tidy(folder, previous.revision if previous is not None else 0)
        manifest = Manifest(
            revision=number,
            made_by=made_by,
            lang=lang,
            paper=paper,
            files={name: _sha(data) for name, data in sorted(files.items())},
            carried={path: sorted(ids) for path, ids in sorted((carried or {}).items())},
        )
        root = folder / REVISIONS
        staging = root / f"{STAGING_PREFIX}{number}-{os.getpid()}"
        target = root / str(number)
        try:
            _stage(staging, files, manifest, before, write)
            _switch(folder, staging, target)
        except OSError as err:
            shutil.rmtree(staging, ignore_errors=True)
            raise OutputError(
                f"{folder}: cannot write: {err.strerror or err}; revision "
                f"{previous.revision if previous else 'none'} stays current"
            ) from None
        return target


def _stage(
    staging: Path,
    files: Mapping[str, bytes],
    manifest: Manifest,
    before: Path | None,
    write: Writer,
) -> None:
    """Write a whole revision under ``staging`` and read it back against its manifest."""
    staging.mkdir(parents=True)
    unchanged: dict[str, str] = {}
    if before is not None:
        with contextlib.suppress(OutputError, OSError, ValidationError):
            unchanged = Manifest.model_validate_json((before / MANIFEST).read_bytes()).files
    for name, data in sorted(files.items()):
        same = before / name if unchanged.get(name) == manifest.files[name] and before else None
        if same is not None and _sha(_read(same) or b"") != manifest.files[name]:
            same = None  # edited in place since: never link to it, write the bytes afresh
        write(staging / name, data, same)
    write(staging / MANIFEST, manifest.model_dump_json(indent=2).encode() + b"\n", None)
    problems = _against_manifest(staging, manifest)
    if problems:
        name, message = problems[0]
        raise OSError(errno.EIO, f"{name} {message} after writing")
    for path in sorted({p.parent for p in staging.rglob("*")} | {staging}):
        _fsync_dir(path)


def _switch(folder: Path, staging: Path, target: Path) -> None:
    """Rename the staged revision into place, then point ``current`` at it in one rename."""
    link = folder / f".{CURRENT}-{os.getpid()}"
    with contextlib.suppress(FileNotFoundError):
        link.unlink()
    mark = target.parent / f"{PENDING_PREFIX}{target.name}"
    mark.touch()
    os.rename(staging, target)
    _fsync_dir(target.parent)
    os.symlink(f"{REVISIONS}/{target.name}", link)
    with SWITCH.lock:
        os.replace(link, folder / CURRENT)
        SWITCH.published = int(target.name)
    with contextlib.suppress(OSError):  # made current: no longer pending, whatever follows
        mark.unlink()
        _fsync_dir(folder)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# --- the workflows of the commands ---------------------------------------------------------------


def refuse_empty(schedule: Schedule) -> None:
    """RefusedError for a programme with nothing in it: subscribers would lose it all."""
    if not schedule.screenings and not schedule.cancelled:
        raise RefusedError("refusing to publish an empty programme: subscribers would lose it all")


def refuse_over_threshold(report: ChangeReport, inputs: Inputs, force: bool) -> None:
    """RefusedError when more than the threshold of published screenings move or vanish."""
    changed = report.moved + report.cancelled
    share = changed / max(report.published, 1)
    threshold = inputs.venues.replanning.publish_threshold
    if share > threshold and not force:
        raise RefusedError(
            f"refusing to publish: {changed} of {report.published} published screenings "
            f"({share:.0%}) would move or vanish, above the {threshold:.0%} threshold; review the "
            f"changes above and run again with --force"
        )


def refuse_fresh_plan_over(folder: Path, force: bool) -> None:
    """RefusedError when ``plan`` (without --previous) would publish over a publication."""
    revision = current_revision(folder)
    if revision is not None and not force:
        raise RefusedError(
            f"{folder} already holds a publication (revision {revision_number(revision)}): use "
            f"`festival replan VENUES {folder}` to change it with the fewest changes, or --force "
            f"to publish this plan as its next revision (screenings it drops are cancelled)"
        )


def over_publication(
    folder: Path, fresh: Schedule, inputs: Inputs, now: dt.datetime
) -> tuple[Schedule, ChangeReport | None]:
    """A fresh plan as the next revision of ``folder``'s publication, if it has one (ids matched,
    what it drops cancelled), verified like every schedule before it is published."""
    if not has_publication(folder):
        return fresh, None
    shift = inputs.venues.replanning.max_day_shift
    schedule, report = supersede(read(folder).schedule, fresh, now, shift)
    violations = verify(schedule, inputs)
    if violations:
        raise InternalError(
            "the plan over the publication failed verification: "
            + "; ".join(map(str, violations[:5]))
        )
    return schedule, report


def publish(
    folder: Path,
    schedule: Schedule,
    inputs: Inputs,
    lang: Lang,
    paper: Paper,
    report: ChangeReport | None,
    made_by: MadeBy,
    write: Writer = write_file,
) -> Path:
    """Build, verify and switch to the next revision of ``folder``."""
    refuse_empty(schedule)
    before = current_revision(folder)
    carried = carried_over(before, read_revision(before).manifest) if before else None
    files = build(schedule, inputs, lang, paper, report, carried)
    return commit(folder, schedule, files, made_by, lang, paper, write, carried)


def republish(
    folder: Path, lang: Lang, paper: Paper, write: Writer = write_file
) -> tuple[Path | None, int]:
    """Rebuild the current revision's files (another language, paper or version of festival) as
    the next revision. Returns (the new revision or None when nothing would change, the number
    of files)."""
    current = read(folder)
    violations = verify(current.schedule, current.inputs)
    if violations:
        raise OutputError(
            f"{folder}: the schedule breaks {len(violations)} rule(s); run `festival verify`"
        )
    schedule = current.schedule.model_copy(update={"revision": current.revision + 1})
    carried = carried_over(current.path, current.manifest)
    files = build(schedule, current.inputs, lang, paper, current.report(), carried)
    same = {
        name: _sha(data)
        for name, data in files.items()
        if not name.endswith(SCHEDULE_FILE) or name.count("/") > 1
    }
    old = {
        name: sha
        for name, sha in current.manifest.files.items()
        if not name.endswith(SCHEDULE_FILE) or name.count("/") > 1
    }
    if same == old or _only_the_revision_differs(current, lang, same, old):
        return None, len(files)
    return commit(folder, schedule, files, "publish", lang, paper, write, carried), len(files)


def _only_the_revision_differs(
    current: Release, lang: Lang, same: dict[str, str], old: dict[str, str]
) -> bool:
    """Whether the rebuilt files differ from the current revision's only in the staff documents
    that print the revision's number, and those too are as they were at the current number."""
    differ = {name for name in same.keys() | old.keys() if same.get(name) != old.get(name)}
    revisioned = {
        f"{PRIVATE}/{ORGANISERS_PDF}": lambda: organisers_sheets(
            current.schedule, current.inputs, lang
        ),
        f"{PRIVATE}/{REPORT_PAGE}": lambda: report_page(current.schedule, current.inputs, lang),
    }
    if not differ <= set(revisioned):
        return False
    return all(_sha(revisioned[name]()) == old.get(name) for name in differ)


def roll_back(
    folder: Path, to: int | None, now: dt.datetime
) -> tuple[Release, Schedule, ChangeReport, Inputs]:
    """The schedule that publishes revision ``to`` (default: the one before) again, as the next
    revision, verified. Returns (current, new schedule, change report, the target's inputs)."""
    current = read(folder)
    kept = [n for n in revisions(folder) if n < current.revision]
    wanted = to if to is not None else current.revision - 1
    if wanted not in kept or wanted == current.revision:
        have = ", ".join(str(n) for n in kept if n != current.revision) or "none"
        raise OutputError(f"{folder}: revision {wanted} is not kept (kept: {have})")
    target = read_revision(folder / REVISIONS / str(wanted))
    schedule, report = rollback(current.schedule, target.schedule, now)
    problems = verify(schedule, target.inputs) + verify_change(
        current.schedule, schedule, target.inputs, replanned=False
    )
    if problems:
        raise OutputError(f"{folder}: the rolled-back schedule fails verification: {problems[0]}")
    return current, schedule, report, target.inputs


def prune(folder: Path, keep: int) -> list[int]:
    """Remove all but the newest ``keep`` revisions (never the current one nor the one before).
    Returns the revisions removed."""
    keep = max(keep, KEEP_AT_LEAST)
    read(folder)  # a folder with a publication (no lock file made in a mistyped one)
    with _locked(folder):
        current = read(folder)
        kept = [n for n in revisions(folder) if n <= current.revision]
        doomed = [n for n in kept[:-keep] if n < current.revision - 1]
        for n in doomed:
            gone = folder / REVISIONS / f"{STAGING_PREFIX}pruned-{n}"
            try:
                os.rename(folder / REVISIONS / str(n), gone)  # out of sight in one step
            except OSError as err:
                raise OutputError(
                    f"{folder}: cannot remove revision {n}: {err.strerror or err}"
                ) from None
            shutil.rmtree(gone, ignore_errors=True)
        return doomed
