"""Spreading independent work over the cores: forked worker processes where the platform
has fork (they inherit the parent's data without copying it up front), plain in-process
work elsewhere or when there is too little work to be worth a process."""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

from dossier.speed.lifeline import follow_parent

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 64  # below this, starting processes costs more than it saves
MAX_CHUNK = 64  # items per job: the results of a few jobs wait in memory at a time
_SHARED: Any = None  # what forked workers read: set by the parent just before forking


def workers_for(items: int) -> int:
    """How many processes to use for this many items (1 = do it here)."""
    if items < MIN_ITEMS or os.environ.get("DOSSIER_WORKERS") == "1":
        return 1
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    wanted = os.environ.get("DOSSIER_WORKERS", "")
    cores = int(wanted) if wanted.isdigit() and int(wanted) > 0 else (os.cpu_count() or 1)
    return max(1, min(cores, items // (MIN_ITEMS // 2)))


def _call(job: tuple[Callable[[Any, Sequence[Any]], Any], Sequence[Any]]) -> Any:
    func, chunk = job
    return func(_SHARED, chunk)


def chunks(items: Sequence[T], count: int) -> list[Sequence[T]]:
    """At least `count` slices of about equal size, none longer than MAX_CHUNK."""
    size = max(1, min(MAX_CHUNK, -(-len(items) // count)))
    return [items[i : i + size] for i in range(0, len(items), size)]


def map_chunks(
    func: Callable[[Any, Sequence[T]], R],
    shared: Any,
    items: Sequence[T],
    pieces_per_worker: int = 4,
    meanwhile: Callable[[], None] | None = None,
) -> Iterator[R]:
    """func(shared, chunk) for chunks of items, in forked workers when worth it; results
    in order. `shared` reaches the workers through fork, never pickled."""
    workers = workers_for(len(items))
    jobs = [items] if workers == 1 else chunks(items, workers * pieces_per_worker)
    return map_jobs(func, shared, jobs, workers, meanwhile)


def map_jobs(
    func: Callable[[Any, Sequence[T]], R],
    shared: Any,
    jobs: Sequence[Sequence[T]],
    workers: int,
    meanwhile: Callable[[], None] | None = None,
) -> Iterator[R]:
    """func(shared, job) for each job, on `workers` forked processes (1: here); results
    in order, a few jobs ahead of the one being used. `meanwhile` is work of the parent's
    own, done while the workers are busy with the first jobs; with no workers it is left
    out: it is work done ahead of need, which nothing would overlap (a warm build that
    parses one changed file may never need it)."""
    if workers == 1:
        for job in jobs:
            yield func(shared, job)
        return
    global _SHARED
    _SHARED = shared
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(  # each worker ends with this process, however it ends
        workers, mp_context=context, initializer=follow_parent, initargs=(os.getpid(),)
    )
    # Objects the parent made before forking (at the first job handed out) are left out
    # of the workers' garbage collections: a collection would write to every one of
    # them, and each page written stops being shared with the parent.
    gc.freeze()
    try:
        calls = [(func, job) for job in jobs]
        # Only a few jobs in flight: results are not piled up faster than used.
        waiting = deque(pool.submit(_call, call) for call in calls[: workers * 2])
        following = iter(calls[workers * 2 :])
        if meanwhile is not None:
            meanwhile()
        while waiting:
            result = waiting.popleft().result()
            call = next(following, None)
            if call is not None:
                waiting.append(pool.submit(_call, call))
            yield result
    except BaseException:
        _stop_now(pool)  # stopped (SIGTERM, Ctrl-C, an error): no waiting for the workers
        raise
    finally:
        pool.shutdown(wait=True)
        _SHARED = None
        gc.unfreeze()
        release_free_memory()


def _stop_now(pool: ProcessPoolExecutor) -> None:
    """Drop the jobs not started and end the workers busy with the others."""
    pool.shutdown(wait=False, cancel_futures=True)
    processes = getattr(pool, "_processes", None) or {}  # the executor's own; no public way
    for process in list(processes.values()):
        process.terminate()


def release_free_memory() -> None:
    """Hand memory freed after a burst of work back to the system (glibc keeps it for
    the process otherwise: results that came back from the workers leave it in pieces)."""
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


def _glibc() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None)
        libc.malloc_trim  # noqa: B018 -- glibc only
    except (OSError, AttributeError):
        return None
    return libc


_LIBC = _glibc()
