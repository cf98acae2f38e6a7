"""The number format the models compute in: fp32, or bf16 where the CPU has it.

A module of its own so that the settings, the stance model and the commands share one
answer without importing each other.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from argmap.errors import ArgmapError

__all__ = ["PRECISIONS", "cpu_has_bf16", "resolve_precision"]

# `--precision`: the number format the embedder and the stance model compute in. "auto"
# is bf16 on a CPU that multiplies bf16 in hardware (AMX or AVX-512 BF16), fp32
# elsewhere, where bf16 would be emulated and slow. On this project's 2-core Xeon bf16
# encodes 2.5x faster at cosine >= 0.9997 to fp32 for every unit, and the stance model
# runs 2-3x faster with 99.5-100 % of its answers unchanged (bench/notes.md).
PRECISIONS = ("auto", "fp32", "bf16")

# oneDNN keeps every compiled kernel with its re-laid-out weights, one per input shape,
# up to 1,024; with bf16 and batches of every length that held 800 MB more on a
# 5,000-comment thread than fp32 did. 64 kernels keep the speed and 570 MB of that back
# (bench/notes.md). Read when the first kernel is made, so setting it here is in time.
os.environ.setdefault("ONEDNN_PRIMITIVE_CACHE_CAPACITY", "64")


@cache
def cpu_has_bf16() -> bool:
    """True when this CPU multiplies bf16 in hardware; read from /proc/cpuinfo (Linux)
    once per process, False where it cannot be read."""
    try:
        flags = set(Path("/proc/cpuinfo").read_text(errors="replace").split())
    except OSError:
        return False
    return bool(flags & {"amx_bf16", "avx512_bf16"})


def resolve_precision(precision: str) -> str:
    """"fp32" or "bf16" for a `--precision` value; an ArgmapError for anything else."""
    if precision not in PRECISIONS:
        raise ArgmapError(
            f"unknown precision {precision!r}: give one of {', '.join(PRECISIONS)}"
        )
    if precision == "auto":
        return "bf16" if cpu_has_bf16() else "fp32"
    return precision
