"""Engines: where the threads of a corpus build are mapped.

An engine runs `fn(task, *args)` for every task and yields each result as it finishes.
`batch` decides what to run (planning, skipping unchanged threads, recording builds);
an engine only decides where: in this process, in worker processes on this machine,
or as Ray tasks on a cluster. Every engine runs the same `fn`, so every engine writes
the same maps.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed

from argmap.errors import ArgmapError

__all__ = ["ENGINES", "run"]

ENGINES = ("local", "ray")


def run(
    engine: str, fn: Callable, tasks: Sequence, args: tuple = (), *, workers: int = 1,
    address: str | None = None,
) -> Iterator:
    """Yield `fn(task, *args)` for each task, in the order they finish."""
    if engine == "local":
        return _local(fn, tasks, args, workers)
    if engine == "ray":
        from argmap.distributed import run_on_ray

        return run_on_ray(fn, tasks, args, workers=workers, address=address)
    raise ArgmapError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")


def _local(fn: Callable, tasks: Sequence, args: tuple, workers: int) -> Iterator:
    if workers <= 1 or len(tasks) <= 1:
        for t in tasks:
            yield fn(t, *args)
        return
    import multiprocessing as mp

    # spawn, not fork: a forked copy of a process holding torch threads can hang
    ctx = mp.get_context("spawn")
    threads = max(1, (os.cpu_count() or 1) // workers)
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx,
                             initializer=_init_worker, initargs=(threads,)) as pool:
        futures = [pool.submit(fn, t, *args) for t in tasks]
        for fut in as_completed(futures):
            yield fut.result()


def _init_worker(threads: int) -> None:
    """Give each worker its share of the cores: oversubscribed torch threads crawl."""
    import torch

    torch.set_num_threads(threads)
