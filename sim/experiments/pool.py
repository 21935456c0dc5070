"""A process pool for chunks of work that behaves under interruption.

Chunks of replicates (:mod:`sim.experiments.replicates`) and of sweep points
(:mod:`sim.experiments.sweep`) run in a pool of spawned processes (an explicit ``"spawn"``
context: Mesa 3.3 switches the default on import). The pool's workers

* ignore Ctrl-C, which the terminal sends to the whole process group: the main process alone
  decides what an interruption does, and no worker prints a traceback;
* exit on their own when the main process is gone (a ``SIGKILL`` leaves no orphan);

and while they start, ``SIGTERM`` is held back and raised again once every worker has its
start-up data (:func:`starting_workers`). On an interruption :func:`stop_pool` drops the queued
chunks and lets the running ones finish.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` spawned processes that ignore Ctrl-C and die with their parent."""
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_worker_init,
        initargs=(os.getpid(),),
    )


def _worker_init(parent: int) -> None:
    """Pool workers leave Ctrl-C to the main process and exit when it is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)  # the main process died (SIGKILL): no orphan left behind

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


@contextlib.contextmanager
def starting_workers() -> Iterator[None]:
    """While worker processes start: Ctrl-C is ignored (an ignored signal stays ignored in a
    spawned process, so a worker importing the model prints no traceback on Ctrl-C) and
    ``SIGTERM`` is held back and raised again once every worker has its start-up data (a start
    cut short leaves a worker failing on half its input)."""
    held: list[int] = []
    try:
        previous_int = signal.signal(signal.SIGINT, signal.SIG_IGN) or signal.SIG_DFL
    except ValueError:  # not the main thread: signals are not ours to change
        yield
        return
    previous_term = signal.signal(signal.SIGTERM, lambda signum, frame: held.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous_int)
        if previous_term is not None:
            signal.signal(signal.SIGTERM, previous_term)
        if held:
            signal.raise_signal(signal.SIGTERM)


def stop_pool(pool: ProcessPoolExecutor, grace: float = 60.0) -> None:
    """Stop a pool on an interruption: drop the queued chunks and let the running ones finish
    (a chunk takes about a second; the workers ignore Ctrl-C). A worker still running after
    ``grace`` seconds is terminated. Terminating a worker while it sends its result could leave
    the pool's result thread waiting forever, so finishing is preferred."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    deadline = time.monotonic() + grace
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(timeout=max(0.0, deadline - time.monotonic()))
    for process in processes:
        with contextlib.suppress(Exception):
            if process.is_alive():
                process.terminate()
