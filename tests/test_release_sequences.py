"""Any sequence of plan, replan, publish, rollback and --force over changing inputs: no UID ever
disappears from a feed that had it, no SEQUENCE ever decreases, and `verify` passes after every
step."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from festival.cli import app
from tests.conftest import may_without, public

runner = CliRunner()
FAST = ["--deterministic", "--time-limit", "1"]
WITHDRAWN = {"as-is": (), "one-film-less": ("hidden-blade",), "another": ("red-silk",)}

Step = tuple[str, str]
STEPS: st.SearchStrategy[Step] = st.one_of(
    st.tuples(st.just("plan"), st.sampled_from(sorted(WITHDRAWN))),
    st.tuples(st.just("replan"), st.sampled_from(sorted(WITHDRAWN))),
    st.tuples(st.just("publish"), st.sampled_from(["ru", "en", "zh"])),
    st.tuples(st.just("rollback"), st.sampled_from(["previous", "first"])),
)


def venue_file(tmp: Path, variant: str) -> Path:
    """The May venue file over a line-up with the variant's films withdrawn."""
    return may_without(tmp, WITHDRAWN[variant], f"-{variant}")


def line(event: str, pattern: str) -> str:
    """The value of an event's property, matched by ``pattern`` on a whole (CRLF) line."""
    found = re.search(rf"^{pattern}\r$", event, flags=re.M)
    assert found is not None, (pattern, event)
    return found.group(1)


def feeds(folder: Path) -> dict[str, dict[str, int]]:
    """Every published feed: its events' UIDs and SEQUENCEs."""
    root = public(folder) / "feeds"
    out = {}
    for path in sorted(root.rglob("*.ics")):
        text = path.read_bytes().decode("utf-8").replace("\r\n ", "")  # CRLF kept
        events = re.findall(r"BEGIN:VEVENT\r\n(.*?)END:VEVENT", text, flags=re.S)
        out[path.relative_to(root).as_posix()] = {
            line(e, r"UID:(.*)"): int(line(e, r"SEQUENCE:(\d+)")) for e in events
        }
    assert out["festival.ics"], "no event parsed from the festival feed"
    return out


def run(step: Step, folder: Path, tmp: Path) -> int:
    kind, value = step
    if kind == "plan":
        args = ["plan", str(venue_file(tmp, value)), "--out", str(folder), *FAST, "--force"]
    elif kind == "replan":
        args = ["replan", str(venue_file(tmp, value)), str(folder), *FAST, "--force"]
    elif kind == "publish":
        args = ["publish", str(folder), "--lang", value]
    else:
        args = ["rollback", str(folder), *(["--to", "1"] if value == "first" else [])]
    result = runner.invoke(app, args)
    assert "Traceback" not in result.output
    return result.exit_code


@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(STEPS, min_size=3, max_size=5))
def test_no_uid_vanishes_and_no_sequence_goes_back(steps: list[Step], tmp_path: Path) -> None:
    case = tmp_path / f"case-{len(list(tmp_path.iterdir()))}"
    case.mkdir()
    folder = case / "out"
    assert run(("plan", "as-is"), folder, case) == 0
    seen = feeds(folder)
    for step in steps:
        code = run(step, folder, case)
        # a rollback with nothing to roll back to is refused; nothing else may fail
        assert code == 0 or (step[0] == "rollback" and code == 1), step
        verified = runner.invoke(app, ["verify", str(folder)])
        assert verified.exit_code == 0, (step, verified.output)
        now = feeds(folder)
        for feed, events in seen.items():
            assert feed in now, f"{step}: {feed} vanished"
            for uid, sequence in events.items():
                assert uid in now[feed], f"{step}: {uid} vanished from {feed}"
                assert now[feed][uid] >= sequence, f"{step}: SEQUENCE of {uid} went back"
        seen = {feed: {**seen.get(feed, {}), **events} for feed, events in now.items()}
