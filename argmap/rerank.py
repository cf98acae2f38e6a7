"""Rerank search candidates with the trained cross-encoder, in numpy (no torch).

Cosine and BM25 judge a query and a unit apart; the reranker reads "[CLS] unit [SEP]
query [SEP]" through one encoder and scores whether the unit makes the query's point
(trained on ArgKP's argument <-> key point labels: `argmap.rerank_train`). Its score is
the log-odds of "match".

A CLI search must not import torch (seconds, for one query), so this runs the same
BERT forward as `argmap.query_embed`, batched, over the bundled MiniLM's embeddings
and the fine-tuned layers and head in `argmap/rerank_model/` (tests/test_rerank.py
checks it against the torch CrossEncoder). Pairs are tokenized as
`argmap.stance.crossencoder.CrossEncoder.tokenize` does: unit first, each cut to its first
`max_length * 12` characters, then longest-first truncation to `max_length` tokens.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from argmap.query_embed import bert_forward

__all__ = ["MODEL_DIR", "NumpyReranker", "load_reranker", "default_reranker"]

MODEL_DIR = Path(__file__).resolve().parent / "rerank_model"
BATCH = 16  # pairs per forward: similar lengths together keep padding small


def _one_blas_thread():
    """BLAS threads fight over a busy two-core machine (see query_embed.encode)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


class NumpyReranker:
    """`scores(query, texts)`: log-odds that each text makes the query's point."""

    def __init__(self, folder: Path, base: Path):
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        meta = json.loads((folder / "meta.json").read_text())
        cfg = json.loads((base / "config.json").read_text())
        self.heads = int(cfg["num_attention_heads"])
        self.layers = int(cfg["num_hidden_layers"])
        self.eps = float(cfg.get("layer_norm_eps", 1e-12))
        self.max_length = int(meta["max_length"])
        self.labels = tuple(meta["labels"])
        w = {k: v for k, v in load_file(str(base / "model.safetensors")).items()
             if v.dtype != np.int64}
        for key, value in load_file(str(folder / "weights.safetensors")).items():
            # trained tensors are saved under the CrossEncoder's names: "encoder." + BertModel's
            w[key.removeprefix("encoder.")] = value.astype(np.float32)
        self.head_w = w.pop("head.weight")
        self.head_b = w.pop("head.bias")
        self.w = w
        self.tok = Tokenizer.from_file(str(base / "tokenizer.json"))
        self.tok.no_padding()
        self.tok.enable_truncation(self.max_length, strategy="longest_first")

    def _cut(self, text: str) -> str:
        return (text or "")[: self.max_length * 12].strip() or "."

    def logits(self, query: str, texts: Sequence[str]) -> np.ndarray:
        """Head logits (n, labels) for (text, query) pairs."""
        q = self._cut(query)
        encs = [self.tok.encode(self._cut(t), q) for t in texts]
        order = sorted(range(len(encs)), key=lambda i: (len(encs[i].ids), i))
        out = np.zeros((len(encs), len(self.labels)), dtype=np.float32)
        with _one_blas_thread():
            for k in range(0, len(order), BATCH):
                part = order[k: k + BATCH]
                n = max(len(encs[i].ids) for i in part)
                ids = np.zeros((len(part), n), dtype=np.int64)
                types = np.zeros_like(ids)
                mask = np.zeros_like(ids)
                for row, i in enumerate(part):
                    e = encs[i]
                    ids[row, : len(e.ids)] = e.ids
                    types[row, : len(e.ids)] = e.type_ids
                    mask[row, : len(e.ids)] = 1
                h = bert_forward(self.w, ids, types, mask, self.heads, self.layers, self.eps)
                m = mask[..., None].astype(np.float32)
                pooled = (h * m).sum(1) / np.maximum(m.sum(1), 1.0)
                out[part] = pooled @ self.head_w.T + self.head_b
        return out

    def scores(self, query: str, texts: Sequence[str]) -> np.ndarray:
        """Log-odds of "match" against the other label, one per text."""
        if not len(texts):
            return np.zeros(0, dtype=np.float32)
        lg = self.logits(query, texts)
        i = self.labels.index("match")
        return lg[:, i] - np.delete(lg, i, axis=1).max(axis=1)

    __call__ = scores


def load_reranker(folder: Path | str = MODEL_DIR, base: Path | str | None = None
                  ) -> NumpyReranker | None:
    """The reranker in `folder` over the bundled MiniLM, or None when either is missing."""
    folder = Path(folder)
    if not (folder / "weights.safetensors").exists() or not (folder / "meta.json").exists():
        return None
    if base is None:
        try:
            from argmap.stance.crossencoder import encoder_base

            base = encoder_base()
        except Exception:  # the bundled model is not installed: search without reranking
            return None
    return NumpyReranker(folder, Path(base))


_DEFAULT: list[NumpyReranker | None] = []


def default_reranker() -> NumpyReranker | None:
    """The shipped reranker, loaded once per process (None if its files are missing)."""
    if not _DEFAULT:
        _DEFAULT.append(load_reranker())
    return _DEFAULT[0]
