"""Worker processes end with the command that started them.

A build killed by `timeout`, by CI or by `kill -9` cannot tell its forked workers to stop:
they would wait on their pipes forever, children of PID 1. So each worker asks the kernel
to kill it when its parent dies (Linux's PR_SET_PDEATHSIG) and, where that is missing,
checks every second that its parent is still the one that started it. And SIGTERM makes
the command itself stop like Ctrl-C does (cleaning up what it was writing), instead of
vanishing mid-write.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
from types import FrameType
from typing import Any

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
CHECK_SECONDS = 1.0
TERMINATED = 128 + signal.SIGTERM  # the exit status a shell shows for it


def follow_parent(parent: int) -> None:
    """Pool initializer: end this worker as soon as `parent` (the command) is gone."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the command's handler, below
    _ask_the_kernel()
    if os.getppid() != parent:  # it died before the kernel was asked
        os._exit(1)
    watch = threading.Thread(target=_check_parent, args=(parent,), daemon=True)
    watch.start()


def _ask_the_kernel() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        libc: Any = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # the check below still ends the worker, within a second


def _check_parent(parent: int) -> None:
    stopped = threading.Event()
    while not stopped.wait(CHECK_SECONDS):
        if os.getppid() != parent:
            os._exit(1)


def _terminated(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(TERMINATED)


def stop_on_sigterm() -> None:
    """SIGTERM ends the command through SystemExit: `finally` blocks run (the folder a
    build writes aside is removed, worker pools are stopped), the exit status is 143."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminated)
