"""The shipped classifier: the cross-encoder's three probabilities moved by the cues.

The answer is one of `support`, `attack` or `neutral` with a calibrated confidence: the
cues move the model's log-probabilities, and a temperature fitted on topics the encoder
never saw (`combiner.json` beside the weights) makes the confidence mean what it says.
"""

from __future__ import annotations

import copy
import hashlib
import json
import math
from collections.abc import Callable, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from argmap.precision import resolve_precision
from argmap.stance.base import STANCES, StanceResult
from argmap.stance.cues import CueSignal, cue_signal, is_question, model_reading, opens_with_thanks
from argmap.stance.motion import as_motion, asks_motion

__all__ = ["HybridClassifier", "combine", "load_combiner"]


def load_combiner(folder: Path | None = None) -> dict | None:
    """The calibration shipped beside the model (`combiner.json`), or None."""
    from argmap.stance.crossencoder import MODEL_DIR

    path = (folder or MODEL_DIR) / "combiner.json"
    if not path.exists():
        return None
    spec = json.loads(path.read_text())
    if spec.get("kind") != "temperature":
        return None  # written by another version: fall back to the fixed cue weight
    return spec


def _softmax(z: Sequence[float]) -> list[float]:
    top = max(z)
    e = [math.exp(v - top) for v in z]
    s = sum(e)
    return [v / s for v in e]


def combine(probs: Sequence[float], sig: CueSignal, reply: str, combiner: dict | None,
            cue_weight: float = 2.5) -> list[float]:
    """(support, attack, neutral) probabilities from the model and the cues, calibrated.

    A cue adds `cue_weight` log-odds per unit of strength to its side; then the
    log-probabilities, less the combiner's `neutral_bias` for neutral, are divided by
    the temperature the combiner was fitted with on
    dev topics (`argmap.stance.train.calibrate`), which makes confidence mean what it
    says without changing which outcome wins. Last, `_doubt` keeps a support or attack
    answer that leaves room for neutral below the confidence argmap promises. `reply`
    is kept for future features.
    """
    del reply
    if combiner:
        cue_weight = combiner.get("cue_weight", cue_weight)
    logs = [math.log(min(max(float(p), 1e-6), 1.0)) for p in probs]
    logs[1] += cue_weight * max(sig.score, 0.0)
    logs[0] += cue_weight * max(-sig.score, 0.0)
    if combiner and len(logs) > 2:
        # The training mix holds more neutral replies than an argument does: a reply
        # that argues at length should not read as an aside (set on dev topics).
        logs[2] -= combiner.get("neutral_bias", 0.0)
    t = combiner.get("temperature", 1.0) if combiner else 1.0
    out = _softmax([v / t for v in logs])
    return _doubt(out, combiner.get("doubt_neutral")) if combiner else out


# The promise: of the answers stated at 0.8 or more, at least 80 % are right. A capped
# answer is stated just below it.
PROMISED = 0.8
DOUBT_CAP = PROMISED - 0.01


def _doubt(probs: list[float], neutral_at: float | None) -> list[float]:
    """Cap the confidence of a support or attack answer whose P(neutral) is not tiny.

    Why: on dev topics, support/attack answers at >= 0.8 that left 0.05-0.15 to neutral
    were right 75 % of the time at a mean confidence of 0.87; with P(neutral) below that
    they were right 93-99 %. One temperature cannot fix both, and a temperature that
    grows with P(neutral) drags long argumentative replies far below 0.6 (docs/stance.md).
    The cap only touches answers stated at >= 0.8: the winner and every answer below
    the cap stay as they are; the excess goes to the other two outcomes in proportion.
    """
    if neutral_at is None or len(probs) < 3:
        return probs
    k = max(range(len(probs)), key=probs.__getitem__)
    if k == 2 or probs[2] < neutral_at or probs[k] <= DOUBT_CAP:
        return probs
    rest = 1.0 - probs[k]
    out = [q / rest * (1.0 - DOUBT_CAP) if rest > 0 else (1.0 - DOUBT_CAP) / 2 for q in probs]
    out[k] = DOUBT_CAP
    return out


def _evidence(sig: CueSignal, reply: str, probs: Sequence[float],
              motion: str | None = None) -> str:
    """Why, in words: the cue and its words, how the target was read, then each
    outcome's probability."""
    parts = []
    read = model_reading(reply, sig)
    if sig.score:
        parts.append(sig.evidence)
        if read != reply:  # the model read the writer's position, not the concession
            parts.append(f"model read from “{read[:60]}{'…' if len(read) > 60 else ''}”")
    elif is_question(reply):
        parts.append("opens with a question")
    elif opens_with_thanks(reply):
        parts.append("opens with thanks")
    if motion:
        first = motion.split(". ")[0].rstrip(".")
        parts.append(f"target read as “{first[:80]}{'…' if len(first) > 80 else ''}”")
    parts.append(" ".join(f"P({lab})={q:.2f}" for lab, q in zip(STANCES, probs, strict=False)))
    return "; ".join(parts)


class HybridClassifier:
    """The cross-encoder's three probabilities combined with the cues, calibrated.

    The answer is the most probable of support / attack / neutral, and its confidence is
    that probability: on unseen topics, answers given at confidence >= 0.8 are right at
    least 80 % of the time (measured in `argmap.stance.eval`).
    """

    def __init__(
        self,
        model=None,
        cue_weight: float = 2.5,
        batch_size: int = 32,
        combiner: dict | None | str = "shipped",
        folder: Path | None = None,
        precision: str = "fp32",
    ):
        self._model = model
        self._given = model is not None  # loaded by the caller: its files may be unknown
        self.folder = folder
        self.precision = resolve_precision(precision)  # "auto" never reaches the cache key
        self.cue_weight = cue_weight
        self.batch_size = batch_size
        self.combiner = load_combiner(folder) if combiner == "shipped" else combiner
        self.cache = None  # an EmbeddingCache: see `with_cache`
        # spaCy, for "Should ...?" targets (`motion`): given, or loaded by `load_nlp` when
        # a target needs it; with neither, a question is read as it is
        self.nlp: Any = None
        self.load_nlp: Callable[[], Any] | None = None
        self._motions: dict[str, str | None] = {}  # target -> its motion, parsed once
        self.read_motions = True  # False reads a question as it is (for measuring)

    @property
    def model(self):
        if self._model is None:
            from argmap.stance.crossencoder import MODEL_DIR, load_cross_encoder

            self._model = load_cross_encoder(self.folder or MODEL_DIR, precision=self.precision)
        return self._model

    @cached_property
    def model_key(self) -> str | None:
        """The cache's name for this model's probabilities: a hash of its files (None for
        a model handed in without its folder, whose files are unknown)."""
        from argmap.stance.crossencoder import MODEL_DIR

        if self._given and self.folder is None:
            return None
        folder = self.folder or MODEL_DIR
        h = hashlib.sha256()
        for name in ("meta.json", "weights.safetensors"):
            f = folder / name
            h.update(f.read_bytes() if f.exists() else b"")
        # bf16 answers differ from fp32 ones in the third decimal: cache them apart
        suffix = "" if self.precision == "fp32" else f"@{self.precision}"
        return "stance:" + h.hexdigest()[:16] + suffix

    def _raw(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """The model's probabilities, through the cache when there is one.

        Fresh and cached answers are both float32, so a rebuild from the cache gives the
        same map as the first build.
        """
        if not pairs:
            return np.zeros((0, 3), dtype=np.float32)
        key = self.model_key if self.cache is not None else None
        if key is None:
            return np.asarray(self.model.predict_proba(pairs, batch_size=self.batch_size),
                              dtype=np.float32)
        from argmap.embed import text_key

        keys = [text_key(f"{target}\x1f{reply}") for target, reply in pairs]
        found = self.cache.get_many(key, keys)
        todo = [i for i, k in enumerate(keys) if k not in found]
        if todo:
            fresh = np.asarray(self.model.predict_proba([pairs[i] for i in todo],
                                                        batch_size=self.batch_size),
                               dtype=np.float32)
            new = {keys[i]: row for i, row in zip(todo, fresh, strict=True)}
            self.cache.put_many(key, new)
            found.update(new)
        return np.stack([found[k] for k in keys])

    def motions(self, targets: Sequence[str]) -> dict[str, str]:
        """Each target that asks "Should ...?", read as the motion it asks about
        (`argmap.stance.motion`); spaCy loads only when there is one."""
        asked = {t for t in targets if self.read_motions and asks_motion(t)}
        todo = sorted(asked - self._motions.keys())  # the memo is shared by `with_cache` copies
        if todo and self.nlp is None and self.load_nlp is not None:
            self.nlp = self.load_nlp()
        if self.nlp is not None:
            for t in todo:
                self._motions[t] = as_motion(t, self.nlp)
        return {t: m for t in asked if (m := self._motions.get(t))}

    def probabilities(
        self, pairs: Sequence[tuple[str, str]]
    ) -> list[tuple[list[float], list[float], CueSignal]]:
        """(model probabilities, combined probabilities, cue signal) for each pair.

        A reply that grants a point and then takes it back is read by the model without
        the granted part (`cues.model_reading`): the cue already says attack, and "I
        agree that…" misleads the model toward support. A target that asks "Should
        ...?" is read as the motion it asks about (`motions`).
        """
        sigs = [cue_signal(target, reply) for target, reply in pairs]
        motion = self.motions([t for t, _ in pairs])
        read = [(motion.get(target, target), model_reading(reply, sig))
                for (target, reply), sig in zip(pairs, sigs, strict=True)]
        raw = self._raw(read)
        out = []
        for (_, reply), p, sig in zip(pairs, raw, sigs, strict=True):
            p = [float(v) for v in p]
            out.append((p, combine(p, sig, reply, self.combiner, self.cue_weight), sig))
        return out

    def predict(self, pairs: Sequence[tuple[str, str]]) -> list[StanceResult]:
        pairs = [((t or "")[:4000], (r or "")[:4000]) for t, r in pairs]
        live = [i for i, (_, r) in enumerate(pairs) if any(ch.isalnum() for ch in r)]
        scored = dict(zip(live, self.probabilities([pairs[i] for i in live]), strict=True))
        motion = self.motions([pairs[i][0] for i in live])
        out = []
        for i in range(len(pairs)):
            if i not in scored:
                out.append(StanceResult("neutral", 1.0, "empty reply"))
                continue
            _, probs, sig = scored[i]
            probs = [*probs, *[0.0] * (3 - len(probs))]  # a two-way model never says neutral
            k = max(range(3), key=lambda j: probs[j])
            out.append(StanceResult(
                STANCES[k], round(probs[k], 3),
                _evidence(sig, pairs[i][1], probs, motion.get(pairs[i][0])),
                tuple(round(v, 3) for v in probs),
            ))
        return out


def with_cache(classifier, cache):
    """`classifier` reading and writing its model's probabilities through `cache` (the
    maps folder's embedding cache: a (model, text hash) -> vector store), so a rebuild
    of a grown or edited thread runs the cross-encoder only on new (target, reply) pairs.
    Other classifiers, and no cache, come back unchanged; the shared one is not touched.
    """
    if cache is None or not isinstance(classifier, HybridClassifier):
        return classifier
    _ = classifier.model_key  # hash the model's files once, on the shared classifier
    c = copy.copy(classifier)
    c.cache = cache
    return c
