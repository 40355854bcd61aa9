"""Benchmark (not a test): requests/s and errors of `festival serve` at concurrency 50.

    python tests/benchmarks/bench_serve.py [--seconds 10] [--connections 50]
                                           [--client auto|wrk|python] [--example may|tour]
                                           [--folder DIR]

Publishes the example as `festival plan` does (``festival.release``) into a temporary folder, adds
revision 2 (the same schedule republished in English: most files differ, unchanged ones are hard
links), starts ``python -m festival serve FOLDER --port 0`` as a subprocess (the address is on its
first line of output) and loads it for ``--seconds``, twice: idle, and while a thread here switches
``current`` between revisions 1 and 2 every 100 ms (a temporary symlink ``os.replace``-d onto
``current``, as a release does). Requests go through every public file in turn (feeds, pages,
frab, schedule.json and the public PDFs). Prints a table with MET / MISSED against the target, the
machine (nproc, CPU), the load average at the start and the date. Target: ≥ 1,000 requests/s with
0 errors in both runs.

The load generator is ``wrk`` (Debian package ``wrk``) when installed, with one thread (the
server has the other core); else (or with ``--client python``) a Python asyncio client in its
own process: keep-alive HTTP/1.1, one coroutine per connection. Errors: failed connections,
reads, writes, timeouts, and every answer that is not 200.

pytest does not collect this file (it is not ``test_*.py``).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from festival.layout import CURRENT, PUBLIC, REVISIONS, current_revision  # noqa: E402

TARGET_RPS = 1000.0
SWITCH_EVERY = 0.1
"""Seconds between two switches of ``current`` in the second run."""


@dataclass
class Result:
    """One run of the load generator."""

    name: str
    requests: int
    seconds: float
    errors: int
    p50_ms: float | None
    p99_ms: float | None
    detail: str = ""

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def met(self) -> bool:
        return self.rps >= TARGET_RPS and self.errors == 0


# --- the folder and the server -------------------------------------------------------------------


def publish(example: str, folder: Path) -> None:
    """Two revisions of the example: planned (ru), then republished in English."""
    from festival import release
    from tests.conftest import EXAMPLES, plan_example, write_plan

    schedule, inputs = plan_example(EXAMPLES[example])
    write_plan(schedule, inputs, folder)
    second, _ = release.republish(folder, "en", "a5")
    if second is None:
        raise SystemExit("republishing in English changed nothing: no second revision")


def point(folder: Path, number: int) -> None:
    """Make revision ``number`` current in one rename, as a release does."""
    link = folder / f".{CURRENT}-bench"
    link.unlink(missing_ok=True)
    os.symlink(f"{REVISIONS}/{number}", link)
    os.replace(link, folder / CURRENT)


def start(folder: Path, log: Path) -> tuple[subprocess.Popen[str], str, str]:
    """`festival serve FOLDER --port 0`; (process, base URL, how it was started)."""
    env = {**os.environ, "COLUMNS": "200", "PYTHONPATH": str(ROOT)}
    commands = [
        ("`festival serve` (the CLI)", ["-m", "festival", "serve", str(folder), "--port", "0"]),
        (
            "festival.serve.run without the CLI (the CLI would not start)",
            [
                "-c",
                "import sys; from pathlib import Path; from festival import serve; "
                "s = serve.bind('127.0.0.1', 0); "
                "print(f'serving from {sys.argv[1]} at http://127.0.0.1:{s.getsockname()[1]}/', "
                "flush=True); serve.run(Path(sys.argv[1]), s)",
                str(folder),
            ],
        ),
    ]
    for how, args in commands:
        with log.open("w") as errors:
            process = subprocess.Popen(
                [sys.executable, *args],
                stdout=subprocess.PIPE,
                stderr=errors,
                text=True,
                env=env,
                cwd=ROOT,
            )
        assert process.stdout is not None
        line = process.stdout.readline()
        if "http://" in line:
            url = line.split(" at ", 1)[1].split()[0].rstrip("/")
            return process, url, how
        process.kill()
        process.wait()
        print(f"{how}: did not start: {line.strip()} {log.read_text().strip()}", file=sys.stderr)
    raise SystemExit("the server did not start")


def stop(process: subprocess.Popen[str]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def warm(url: str, paths: list[str]) -> None:
    """Fetch every path once (checks the server answers 200 for each)."""
    import urllib.request

    for path in paths:
        with urllib.request.urlopen(url + path, timeout=10) as response:
            assert response.status == 200, path
            response.read()


# --- load generators -----------------------------------------------------------------------------


def wrk_version() -> str | None:
    if shutil.which("wrk") is None:
        return None
    found = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)
    first = (found.stdout or found.stderr).splitlines()
    return first[0].split(" [")[0] if first else "wrk"


LUA = """
paths = {%s}
i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def _ms(text: str) -> float:
    found = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    assert found is not None, text
    number, unit = found.groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(name: str, url: str, paths: list[str], seconds: float, connections: int) -> Result:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % ", ".join(json.dumps(p) for p in paths))
    try:
        out = subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{connections}",
                f"-d{seconds:g}s",
                "--timeout",
                "5s",
                "--latency",
                "-s",
                script.name,
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(script.name)
    done = re.search(r"(\d+) requests in ([\d.]+)(ms|s|m)", out)
    if done is None:
        raise SystemExit(f"cannot read wrk's output:\n{out}")
    duration = float(done.group(2)) * {"ms": 0.001, "s": 1.0, "m": 60.0}[done.group(3)]
    errors = 0
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non_2xx:
        errors += int(non_2xx.group(1))
    p50 = re.search(r"50%\s+(\S+)", out)
    p99 = re.search(r"99%\s+(\S+)", out)
    return Result(
        name,
        int(done.group(1)),
        duration,
        errors,
        _ms(p50.group(1)) if p50 else None,
        _ms(p99.group(1)) if p99 else None,
    )


async def _client(
    url: str, paths: list[str], seconds: float, connections: int
) -> dict[str, object]:
    """The Python load generator: ``connections`` keep-alive connections for ``seconds``."""
    host, port = url.split("://", 1)[1].split(":")
    latencies: list[float] = []
    counts = {"requests": 0, "errors": 0}
    statuses: dict[str, int] = {}
    deadline = time.perf_counter() + seconds

    async def one(n: int) -> None:
        reader: asyncio.StreamReader | None = None
        writer: asyncio.StreamWriter | None = None
        i = n
        while time.perf_counter() < deadline:
            path = paths[i % len(paths)]
            i += 1
            began = time.perf_counter()
            try:
                if writer is None or reader is None:
                    reader, writer = await asyncio.open_connection(host, int(port))
                writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode("latin-1"))
                head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
                status = head.split(b" ", 2)[1].decode()
                length = re.search(rb"(?i)\r\ncontent-length:\s*(\d+)", head)
                await asyncio.wait_for(reader.readexactly(int(length.group(1)) if length else 0), 5)
            except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError):
                counts["errors"] += 1
                if writer is not None:
                    writer.close()
                reader = writer = None
                continue
            latencies.append(time.perf_counter() - began)
            counts["requests"] += 1
            statuses[status] = statuses.get(status, 0) + 1
            if status != "200":
                counts["errors"] += 1
        if writer is not None:
            writer.close()

    began = time.perf_counter()
    await asyncio.gather(*(one(n) for n in range(connections)))
    elapsed = time.perf_counter() - began
    latencies.sort()
    return {
        **counts,
        "seconds": elapsed,
        "statuses": statuses,
        "p50_ms": 1000 * statistics.median(latencies) if latencies else None,
        "p99_ms": 1000 * latencies[int(0.99 * (len(latencies) - 1))] if latencies else None,
    }


def run_python(name: str, url: str, paths: list[str], seconds: float, connections: int) -> Result:
    """The Python client, in a process of its own (the GIL of this one runs the switcher)."""
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--worker",
            url,
            json.dumps(paths),
            str(seconds),
            str(connections),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = json.loads(out)
    statuses = found["statuses"]
    other = {k: v for k, v in statuses.items() if k != "200"}
    return Result(
        name,
        found["requests"],
        found["seconds"],
        found["errors"],
        found["p50_ms"],
        found["p99_ms"],
        f"statuses other than 200: {other}" if other else "",
    )


# --- the runs ------------------------------------------------------------------------------------


class Switcher(threading.Thread):
    """Switches ``current`` between revisions 1 and 2 every ``every`` seconds until stopped."""

    def __init__(self, folder: Path, every: float) -> None:
        super().__init__(daemon=True)
        self.folder = folder
        self.every = every
        self.halt = threading.Event()
        self.switches = 0

    def run(self) -> None:
        number = 1
        while not self.halt.wait(self.every):
            number = 3 - number
            point(self.folder, number)
            self.switches += 1


def cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def table(results: list[Result], header: list[str]) -> str:
    rows = [
        "| run | requests | req/s | errors | p50 ms | p99 ms | target: ≥ 1,000 req/s, 0 errors |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        p50 = f"{r.p50_ms:.1f}" if r.p50_ms is not None else "—"
        p99 = f"{r.p99_ms:.1f}" if r.p99_ms is not None else "—"
        verdict = "MET" if r.met else "MISSED"
        rows.append(
            f"| {r.name} | {r.requests:,} | {r.rps:,.0f} | {r.errors:,} | {p50} | {p99} | "
            f"{verdict} ({r.rps:,.0f} req/s, {r.errors} errors){'; ' + r.detail if r.detail else ''} |"
        )
    return "\n".join([*header, "", *rows])


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        target, wanted, seconds, connections = sys.argv[2:6]
        found = asyncio.run(_client(target, json.loads(wanted), float(seconds), int(connections)))
        print(json.dumps(found))
        return
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--client", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument("--example", choices=("may", "tour"), default="tour")
    parser.add_argument(
        "--folder",
        type=Path,
        help="the output folder to serve: published (two revisions) when it does not exist, "
        "kept afterwards (default: a temporary one)",
    )
    args = parser.parse_args()

    wrk = wrk_version()
    if args.client == "wrk" and wrk is None:
        raise SystemExit("wrk is not installed (apt-get install -y wrk)")
    use_wrk = wrk is not None and args.client != "python"
    load = run_wrk if use_wrk else run_python
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        folder = args.folder or Path(tmp) / "out"
        source = f"{folder}" if folder.exists() else f"the {args.example} example"
        if not folder.exists():
            print(f"publishing {args.example} (two revisions) into {folder} …", file=sys.stderr)
            publish(args.example, folder)
        point(folder, 1)
        revision = current_revision(folder)
        assert revision is not None
        web = revision / PUBLIC
        files = sorted(p for p in web.rglob("*") if p.is_file() and not p.is_symlink())
        paths = ["/" + p.relative_to(web).as_posix() for p in files]
        paths = [p for p in paths if (folder / REVISIONS / "2" / PUBLIC / p[1:]).is_file()]
        average = sum(f.stat().st_size for f in files) / max(len(files), 1)
        load_average = os.getloadavg()[0]
        process, url, how = start(folder, Path(tmp) / "server.log")
        try:
            warm(url, paths)
            point(folder, 2)
            warm(url, paths)
            point(folder, 1)
            print(f"server at {url}; idle run …", file=sys.stderr)
            idle = load("idle", url, paths, args.seconds, args.connections)
            switcher = Switcher(folder, SWITCH_EVERY)
            print("run while `current` switches every 100 ms …", file=sys.stderr)
            switcher.start()
            try:
                busy = load("switching", url, paths, args.seconds, args.connections)
            finally:
                switcher.halt.set()
                switcher.join()
            busy.name = f"`current` switched every 100 ms ({switcher.switches} switches)"
            alive = process.poll() is None
        finally:
            stop(process)
            point(folder, 1)
    client = (
        f"wrk ({wrk}), 1 thread"
        if use_wrk
        else "Python asyncio client (keep-alive HTTP/1.1) in its own process"
    )
    now = dt.datetime.now().astimezone()
    header = [
        f"festival serve benchmark · {now:%Y-%m-%d %H:%M %Z}",
        f"machine: nproc {os.cpu_count()} · {cpu()} · Python {platform.python_version()} · "
        f"load average at start {load_average:.2f}",
        f"server: {how}, uvicorn {uvicorn_version()} · client: {client}, "
        f"{args.connections} connections, {args.seconds:g} s per run",
        f"requests: the {len(paths)} public files of {source} in turn "
        f"(average {average / 1024:.0f} KiB)" + ("" if alive else " · THE SERVER DIED"),
    ]
    print(table([idle, busy], header))


def uvicorn_version() -> str:
    from importlib import metadata

    try:
        return metadata.version("uvicorn")
    except metadata.PackageNotFoundError:
        return "?"


if __name__ == "__main__":
    main()
