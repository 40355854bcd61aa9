"""Publication as one transaction: a failing write at any file, a full disk, an edited or torn file,
a kill at a random moment: the previous revision stays current and whole, and `verify` says so."""

from __future__ import annotations

import errno
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from festival import release
from festival.cli import app
from festival.domain import Schedule
from festival.errors import OutputError
from festival.inputs import Inputs
from festival.layout import CURRENT, MANIFEST, REVISIONS, current_revision
from tests.conftest import EXAMPLES, may_without, private, public, write_plan

runner = CliRunner()


@pytest.fixture
def folder(schedules: dict[str, tuple[Schedule, Inputs]], tmp_path: Path) -> Path:
    """The May example published once (revision 1)."""
    return write_plan(*schedules["may"], tmp_path / "out")


def tree(folder: Path) -> dict[str, bytes | str]:
    """Every entry of a folder: a file's bytes, a link's target (the lock file aside)."""
    out: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_symlink():
            out[name] = str(path.readlink())
        elif path.is_file() and path.name != ".lock":
            out[name] = path.read_bytes()
    return out


def next_revision(folder: Path) -> tuple[Schedule, dict[str, bytes]]:
    """The files of the current schedule published again, as the next revision."""
    current = release.read(folder)
    schedule = current.schedule.model_copy(update={"revision": current.revision + 1})
    return schedule, release.build(schedule, current.inputs, "en", "a4", None)


def assert_whole(folder: Path, revision: int) -> None:
    current, violations = release.check(folder)
    assert (current.revision, violations) == (revision, [])
    leftovers = [p.name for p in (folder / REVISIONS).iterdir() if not p.name.isdigit()]
    assert leftovers == []


@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EIO])
def test_a_write_failing_at_any_file_leaves_the_previous_revision(folder: Path, error: int) -> None:
    schedule, files = next_revision(folder)
    before = tree(folder)
    writes = len(files) + 1  # and the manifest
    for k in range(1, writes + 1):
        calls = 0

        def failing(path: Path, data: bytes, same: Path | None, k: int = k) -> None:
            nonlocal calls
            calls += 1
            if calls == k:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data[: len(data) // 2])  # torn, then the disk is full
                raise OSError(error, "No space left on device")
            release.write_file(path, data, same)

        with pytest.raises(OutputError, match="cannot write: No space left on device; revision 1"):
            release.commit(folder, schedule, files, "publish", "en", "a4", failing)
        assert calls == k
        assert tree(folder) == before, f"failure at write {k} of {writes} changed the folder"
    assert_whole(folder, 1)
    release.commit(folder, schedule, files, "publish", "en", "a4")
    assert_whole(folder, 2)


def test_a_torn_write_that_reports_success_is_caught_before_the_switch(folder: Path) -> None:
    schedule, files = next_revision(folder)
    before = tree(folder)

    def silently_torn(path: Path, data: bytes, same: Path | None) -> None:
        release.write_file(path, data[:-1] if path.suffix == ".ics" else data, None)

    with pytest.raises(OutputError, match="differs from the manifest"):
        release.commit(folder, schedule, files, "publish", "en", "a4", silently_torn)
    assert tree(folder) == before


def test_unchanged_files_are_hard_links_of_the_previous_revision(folder: Path) -> None:
    schedule, files = next_revision(folder)
    release.commit(folder, schedule, files, "publish", "en", "a4")
    one, two = folder / REVISIONS / "1", folder / REVISIONS / "2"
    venues = "private/inputs/venues.yaml"
    assert (one / venues).stat().st_ino == (two / venues).stat().st_ino
    feed = "public/feeds/festival.ics"  # English now: other bytes, another file
    assert (one / feed).stat().st_ino != (two / feed).stat().st_ino


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ("public/feeds/city/kazan.ics", "publication: public/feeds/city/kazan.ics: differs"),
        ("public/index.html", "publication: public/index.html: differs from the manifest"),
    ],
)
def test_verify_finds_an_edited_or_torn_file(folder: Path, edit: str, message: str) -> None:
    revision = current_revision(folder)
    assert revision is not None
    path = revision / edit
    path.write_bytes(path.read_bytes()[:-40])
    result = runner.invoke(app, ["verify", str(folder)])
    assert result.exit_code == 1
    assert message in result.stderr


def test_verify_finds_a_feed_that_disagrees_with_the_schedule(folder: Path) -> None:
    """A feed rewritten together with its manifest entry (so the hashes agree) is still caught."""
    revision = current_revision(folder)
    assert revision is not None
    name = "public/feeds/festival.ics"
    path = revision / name
    edited = path.read_bytes().replace(b"SEQUENCE:0", b"SEQUENCE:7", 1)
    path.write_bytes(edited)
    manifest = release.Manifest.model_validate_json((revision / MANIFEST).read_bytes())
    files = {**manifest.files, name: release._sha(edited)}
    (revision / MANIFEST).write_text(manifest.model_copy(update={"files": files}).model_dump_json())
    result = runner.invoke(app, ["verify", str(folder)])
    assert result.exit_code == 1
    assert "publication: public/feeds/festival.ics: does not match the schedule" in result.stderr


def test_verify_finds_added_and_missing_files(folder: Path) -> None:
    revision = current_revision(folder)
    assert revision is not None
    (revision / "public" / "extra.html").write_text("<p>hi</p>")
    (revision / "public" / "feeds" / "city" / "kazan.ics").unlink()
    result = runner.invoke(app, ["verify", str(folder)])
    assert result.exit_code == 1
    assert "publication: public/extra.html: not in the manifest" in result.stderr
    assert "publication: public/feeds/city/kazan.ics: missing" in result.stderr


def test_the_public_schedule_has_no_organisers_data(
    schedules: dict[str, tuple[Schedule, Inputs]], tmp_path: Path
) -> None:
    tour = write_plan(*schedules["tour"], tmp_path / "tour")
    full = Schedule.model_validate_json((private(tour) / "schedule.json").read_bytes())
    shown = Schedule.model_validate_json((public(tour) / "schedule.json").read_bytes())
    assert full.copies and not shown.copies
    assert shown.screenings == full.screenings
    organisers = {"logistics", "inputs"}
    assert not organisers & {p.name for p in public(tour).iterdir()}
    assert not (public(tour) / "print" / "organisers.pdf").exists()
    assert (private(tour) / "print" / "organisers.pdf").is_file()
    assert (private(tour) / "logistics" / "print-traffic.csv").is_file()


def test_a_revision_never_made_current_and_staging_are_cleared(folder: Path) -> None:
    """What a killed release leaves (a staged folder; a revision renamed but not switched to) is
    invisible to readers and removed by the next release."""
    (folder / REVISIONS / ".staging-2-99999" / "public").mkdir(parents=True)
    shutil.copytree(folder / REVISIONS / "1", folder / REVISIONS / "2")
    (folder / REVISIONS / ".pending-2").touch()  # renamed into place, killed before the switch
    (folder / ".current-99999").symlink_to("revisions/2")
    assert_revision = release.read(folder).revision
    assert assert_revision == 1
    result = runner.invoke(app, ["publish", str(folder), "--lang", "zh"])
    assert result.exit_code == 0, result.output
    assert_whole(folder, 2)
    assert release.read(folder).manifest.lang == "zh"


def test_a_second_release_at_the_same_time_is_refused(folder: Path) -> None:
    import fcntl

    with open(folder / ".lock", "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        result = runner.invoke(app, ["publish", str(folder), "--lang", "en"])
    assert result.exit_code == 1
    assert "another festival command is publishing into this folder" in result.stderr
    assert_whole(folder, 1)


def test_a_plain_file_is_not_called_a_missing_folder(tmp_path: Path) -> None:
    plain = tmp_path / "out"
    plain.write_text("not a folder")
    for command in (["verify"], ["publish"], ["rollback"], ["serve"]):
        result = runner.invoke(app, [*command, str(plain)])
        assert result.exit_code == 1, command
        assert result.stderr == f"{plain}: is a file, not an output folder\n"


def test_a_schedule_without_its_input_records_is_one_clear_line(folder: Path) -> None:
    index = private(folder) / "schedule.json"
    index.write_text(index.read_text().replace('"programme": {', '"unused": {', 1))
    for command in (["verify"], ["publish"], ["rollback"], ["serve"]):
        result = runner.invoke(app, [*command, str(folder)])
        assert result.exit_code == 1, (command, result.output)
        assert "corrupt schedule" in result.stderr, command
        assert "Traceback" not in result.output


# --- real processes: interrupts and kills ----------------------------------------------------


def festival(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "festival", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_an_interrupt_during_the_solve_publishes_nothing(
    schedules: dict[str, tuple[Schedule, Inputs]], tmp_path: Path, sig: signal.Signals, code: int
) -> None:
    """The tour takes CP-SAT about 10 s to prove optimal: the signal comes while it searches
    (the reported bug: Ctrl-C ended the search and published its plan with exit 0)."""
    folder = write_plan(*schedules["tour"], tmp_path / "out")
    before = tree(folder)
    process = festival("replan", str(EXAMPLES["tour"]), str(folder), "--time-limit", "120")
    assert process.stderr is not None
    line = process.stderr.readline()
    while line and not line.startswith("solving:"):  # the search is running
        line = process.stderr.readline()
    assert line, "the re-plan ended before its search reported progress"
    process.send_signal(sig)
    _, err = process.communicate(timeout=60)
    assert process.returncode == code, err
    assert err.strip().splitlines()[-1] == "interrupted: nothing was published"
    assert "Traceback" not in err
    assert tree(folder) == before


def test_killed_at_random_moments_the_previous_revision_stays_whole(
    folder: Path, tmp_path: Path
) -> None:
    """SIGKILL a real `festival replan` at 20 seeded moments over its run, the publishing phase
    at the end included (four at a time, each in a folder of its own). After each: a whole
    revision is current, `verify` passes, and the folder takes the next command."""
    venues = may_without(tmp_path, ["hidden-blade"])
    args = ("replan", str(venues), "--deterministic", "--time-limit", "2", "--force")
    probe = tmp_path / "probe"
    shutil.copytree(folder, probe, symlinks=True)
    started = time.monotonic()
    done = festival(args[0], args[1], str(probe), *args[2:])
    done.communicate(timeout=300)
    assert done.returncode == 0
    length = time.monotonic() - started
    rng = random.Random(20)
    moments = [rng.uniform(0, length) for _ in range(10)]
    moments += [rng.uniform(0.6 * length, 1.1 * length) for _ in range(10)]  # the writing phase
    for batch in range(0, len(moments), 4):
        running = []
        for n in range(batch, min(batch + 4, len(moments))):
            victim = tmp_path / f"kill-{n}"
            shutil.copytree(folder, victim, symlinks=True)
            process = festival(args[0], args[1], str(victim), *args[2:])
            timer = threading.Timer(moments[n], process.send_signal, (signal.SIGKILL,))
            timer.start()
            running.append((n, victim, process, timer))
        for n, victim, process, timer in running:
            process.communicate(timeout=300)
            timer.join()
            revision = release.read(victim).revision
            assert revision in (1, 2)
            _, violations = release.check(victim)
            assert violations == [], (n, moments[n])
            if n % 5 == 4:  # the folder takes the next command
                result = runner.invoke(app, ["publish", str(victim), "--lang", "zh"])
                assert result.exit_code == 0, result.output
                assert_whole(victim, revision + 1)
            shutil.rmtree(victim)


def test_the_current_link_is_relative(folder: Path, tmp_path: Path) -> None:
    """The folder can be moved or copied whole (an rsync to the web host) and stays valid."""
    moved = tmp_path / "moved"
    shutil.copytree(folder, moved, symlinks=True)
    assert (moved / CURRENT).readlink() == Path("revisions/1")
    assert release.check(moved)[1] == []


def test_revisions_without_a_current_link_are_never_removed(folder: Path) -> None:
    schedule, files = next_revision(folder)
    (folder / CURRENT).unlink()
    with pytest.raises(OutputError, match="holds revisions but no `current` link"):
        release.commit(
            folder, schedule.model_copy(update={"revision": 1}), files, "plan", "en", "a4"
        )
    assert (folder / REVISIONS / "1" / MANIFEST).is_file()


def test_a_revision_above_the_current_one_that_was_current_is_never_removed(
    folder: Path,
) -> None:
    """`current` moved back by hand: the newer revision was published (no pending mark), so it
    is kept and publishing is refused (removing it would let SEQUENCE go back)."""
    assert runner.invoke(app, ["publish", str(folder), "--lang", "en"]).exit_code == 0
    (folder / CURRENT).unlink()
    (folder / CURRENT).symlink_to("revisions/1")
    result = runner.invoke(app, ["publish", str(folder), "--lang", "zh"])
    assert result.exit_code == 1
    assert "revision 2 was published after the current one (1)" in result.stderr
    assert (folder / REVISIONS / "2" / MANIFEST).is_file()
    rolled = runner.invoke(app, ["rollback", str(folder), "--to", "2"])
    assert rolled.exit_code == 1 and "revision 2 is not kept" in rolled.stderr


def test_a_screening_moved_to_another_venue_stays_in_its_old_venues_feed(
    folder: Path,
) -> None:
    """A UID never leaves a feed that had it: the old venue's subscribers see the event move."""
    current = release.read(folder)
    moved, other = next(
        (s, key)
        for s in current.schedule.screenings
        for key, hall in current.inputs.halls.items()
        if hall.city.id == s.city and key[0] != s.venue
    )
    rest = tuple(s for s in current.schedule.screenings if s.id != moved.id)

    later = moved.model_copy(
        update={"venue": other[0], "hall": other[1], "sequence": moved.sequence + 1}
    )
    schedule = current.schedule.model_copy(
        update={
            "revision": 2,
            "screenings": (later, *rest),
        }
    )
    carried = release.carried_over(current.path, current.manifest)
    files = release.build(schedule, current.inputs, "ru", "a5", None, carried)
    old_feed = files[f"public/feeds/venue/{moved.venue}.ics"].decode()
    assert f"UID:{moved.id}." in old_feed
    assert f"UID:{moved.id}." in files[f"public/feeds/venue/{other[0]}.ics"].decode()
    without = release.build(schedule, current.inputs, "ru", "a5", None)
    assert f"UID:{moved.id}." not in without[f"public/feeds/venue/{moved.venue}.ics"].decode()
