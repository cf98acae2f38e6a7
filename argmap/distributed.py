"""Ray as the engine when one machine is not enough.

The same function that worker processes run locally (`engines.run`) becomes a Ray task: every
engine writes the same maps. `batch` passes it in, so this module does not import
`batch` back (no import circle). By default argmap starts a local Ray with as many
CPUs as `--jobs`; with `--address` it joins an existing cluster, whose nodes must
have argmap installed and see `--out` on a shared file system (see docs/scaling.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import argmap
from argmap.errors import ArgmapError

__all__ = ["run_on_ray"]


def run_on_ray(
    fn: Callable, tasks: Sequence, args: tuple = (), *, workers: int = 2,
    address: str | None = None,
) -> Iterator:
    """Yield `fn(task, *args)` of each task as its Ray task finishes (`engines.run`)."""
    try:
        import ray
    except ImportError as exc:
        raise ArgmapError(
            "--engine ray needs Ray, which the default install leaves out: "
            "pip install -r requirements-ray.txt"
        ) from exc
    if not tasks:
        return
    started = False
    if not ray.is_initialized():
        project = str(Path(argmap.__file__).resolve().parent.parent)
        kwargs = dict(include_dashboard=False, log_to_driver=False, configure_logging=False)
        if address:
            ray.init(address=address, **kwargs)
        else:
            ray.init(
                num_cpus=max(1, workers),
                runtime_env={"env_vars": {"PYTHONPATH": project, "HF_HUB_OFFLINE": "1",
                                          "TRANSFORMERS_OFFLINE": "1", "OMP_NUM_THREADS": "1"}},
                **kwargs,
            )
        started = True
    try:
        remote = ray.remote(num_cpus=1, max_retries=0)(fn)
        pending = [remote.remote(t, *args) for t in tasks]
        while pending:
            done, pending = ray.wait(pending, num_returns=1)
            for ref in done:
                yield ray.get(ref)
    finally:
        if started:
            ray.shutdown()
