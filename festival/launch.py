"""The program's entry point: take Ctrl-C and SIGTERM away from everything else, then run the CLI.

Before anything heavy is imported (numpy, OR-Tools and their native thread pools), SIGINT and
SIGTERM are blocked in the main thread, so every thread started later inherits the block, and
one watcher thread takes them with ``sigtimedwait``. Neither CP-SAT's own Ctrl-C handler (which
would end the search early and let a poor plan be published with exit 0) nor Python's
KeyboardInterrupt (which would stop a step half done) ever sees them. On a signal the watcher waits
for a switch of the ``current`` link in progress to finish (it takes milliseconds), says in one
line what was published, and ends the process with 130 (SIGINT) or 143 (SIGTERM). A publication is
never half made current: staged files are removed by the next release.

Only the standard library is imported here.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

from festival.layout import STARTED, SWITCH

INTERRUPTS = {signal.SIGINT: 130, signal.SIGTERM: 143}
"""The signals that stop the program, and its exit code for each (128 + the signal)."""


def _watch(signals: set[signal.Signals]) -> None:
    while True:
        got = signal.sigwaitinfo(signals)
        with SWITCH.lock:
            done = SWITCH.published
            message = SWITCH.stopping or (
                "interrupted: nothing was published"
                if done is None
                else f"interrupted: revision {done} was published before the interrupt"
            )
            try:  # stderr may be a closed pipe (`| tee` ended by the same Ctrl-C): exit anyway
                os.set_blocking(2, False)
                os.write(2, f"\n{message}\n".encode())
            except OSError:
                pass
            finally:
                os._exit(INTERRUPTS[signal.Signals(got.si_signo)])


def guard() -> None:
    """Block SIGINT and SIGTERM in this thread (and every later one) and start the watcher."""
    signals = set(INTERRUPTS)
    signal.pthread_sigmask(signal.SIG_BLOCK, signals)
    threading.Thread(target=_watch, args=(signals,), name="interrupts", daemon=True).start()


def main() -> None:
    """``festival``: the command line, with interrupts handled as above."""
    STARTED.at, STARTED.cpu = time.monotonic(), time.process_time()
    guard()
    from festival.cli import app

    sys.exit(app(prog_name="festival"))
