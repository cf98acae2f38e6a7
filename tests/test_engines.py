"""Engines run the same function over many tasks; batch only decides what to run."""

from __future__ import annotations

import pytest

from argmap import engines
from argmap.errors import ArgmapError


def test_local_engine_in_process_and_in_workers_gives_the_same_results():
    tasks = list(range(7))
    one = sorted(engines.run("local", pow, tasks, (3,), workers=1))
    two = sorted(engines.run("local", pow, tasks, (3,), workers=2))
    assert one == two == [t**3 for t in tasks]


def test_an_unknown_engine_is_one_clear_error():
    with pytest.raises(ArgmapError, match="unknown engine 'spark'.*local, ray"):
        engines.run("spark", pow, [1], (2,))


def test_batch_has_no_engine_code_of_its_own():
    """Planning and skipping stay in batch; where jobs run is the engines' business."""
    import inspect

    from argmap import batch, distributed

    src = inspect.getsource(batch)
    assert "ProcessPoolExecutor" not in src and "distributed" not in src
    assert "import batch" not in inspect.getsource(distributed)
    assert batch.ENGINES == engines.ENGINES
