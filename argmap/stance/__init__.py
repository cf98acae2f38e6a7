"""Stance of a reply toward what it answers: support, attack or neutral.

The classifier is a swappable component: anything with `predict(pairs)` returning
`StanceResult`s, where a pair is (target, reply). What runs in a build lives here:

- `base`: the protocol and `StanceResult`;
- `cues`: the cue-list baseline and the curated lexicon (`cue_signal`);
- `crossencoder`: the fine-tuned MiniLM cross-encoder reading the pair together;
- `hybrid`: the cross-encoder moved by the cues, calibrated (the default when its
  weights, in `weights/`, are present).

Training and evaluation (`argmap.stance.train`, `argmap.stance.eval`) are commands
for developers; nothing here imports them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from argmap.stance.base import STANCES, StanceClassifier, StanceResult
from argmap.stance.cues import (
    CueClassifier,
    CueSignal,
    LexiconClassifier,
    cue_signal,
    is_question,
)
from argmap.stance.hybrid import HybridClassifier, combine, load_combiner, with_cache

__all__ = [
    "StanceResult",
    "StanceClassifier",
    "CueClassifier",
    "CueSignal",
    "cue_signal",
    "LexiconClassifier",
    "HybridClassifier",
    "combine",
    "is_question",
    "load_combiner",
    "with_cache",
    "STANCES",
    "default_classifier",
    "classify_jsonl",
]


def default_classifier(name: str = "minilm", precision: str = "fp32") -> StanceClassifier:
    """The classifier a `--stance-model` names: "minilm" (the shipped cross-encoder with
    the cues; the cue list when its weights are missing), "cues", or a model folder;
    the cross-encoder runs in `precision` ("auto", "fp32" or "bf16", `argmap.precision`)."""
    from argmap.errors import ArgmapError
    from argmap.stance.crossencoder import MODEL_DIR

    if name == "cues":
        return CueClassifier()
    if name in ("minilm", "", None):
        if (MODEL_DIR / "weights.safetensors").exists():
            return HybridClassifier(precision=precision)
        return CueClassifier()
    folder = Path(name).expanduser()
    if not (folder / "weights.safetensors").exists():
        raise ArgmapError(
            f"unknown stance model {name!r}: give 'minilm', 'cues' or the folder of a model "
            "trained by `python -m argmap.stance.train --data DATA --out FOLDER`"
        )
    return HybridClassifier(folder=folder, precision=precision)


def _read_pairs(path: Path) -> list[dict]:
    from argmap.errors import ArgmapError

    if not path.exists():
        raise ArgmapError(f"{path}: no such file; give a JSONL file of {{id, target, text}} lines")
    rows = []
    with open(path, encoding="utf-8", errors="replace") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ArgmapError(
                    f"{path}:{n}: not JSON ({exc.msg}); "
                    'each line must be {"id", "target", "text"}'
                ) from exc
            if not isinstance(row, dict):
                raise ArgmapError(f"{path}:{n}: expected a JSON object with id, target, text")
            rows.append(row)
    return rows


def classify_jsonl(path: Path, classifier: StanceClassifier | None = None) -> Iterable[dict]:
    """`argmap stance`: read {id, target, text} lines, yield {id, stance, confidence} lines."""
    rows = _read_pairs(path)
    classifier = classifier or default_classifier()
    pairs = [(str(r.get("target") or ""), str(r.get("text") or "")) for r in rows]
    results = classifier.predict(pairs)
    for n, (row, res) in enumerate(zip(rows, results, strict=True), 1):
        yield {
            "id": row.get("id", n),
            "stance": res.stance,
            "confidence": res.confidence,
            "evidence": res.evidence,
            **({"probabilities": dict(zip(STANCES, res.probabilities, strict=True))}
               if res.probabilities else {}),
        }
