"""Embed a search query without PyTorch: a BERT forward pass in numpy.

A CLI search embeds one short query. Importing torch and sentence-transformers takes
several seconds, far more than the query itself; a 6-layer BERT such as the bundled
all-MiniLM-L6-v2 runs in a few milliseconds in numpy. This module reads the same
`model.safetensors` and `tokenizer.json` and does what sentence-transformers does
for that model (mean pooling, L2 normalisation), so its vectors match the index's
(tests/test_index.py checks cosine > 0.999 against sentence-transformers).

Only plain BERT models with mean pooling are handled; anything else returns None
and the caller loads sentence-transformers as before.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

__all__ = ["NumpyBertEncoder", "load_numpy_encoder", "encoder_for", "embed_query",
           "bert_forward"]


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w + b


def _erf(x: np.ndarray) -> np.ndarray:
    """erf to within 1.5e-7 (Abramowitz & Stegun 7.1.26), vectorised in numpy.

    Written in place, pass by pass: the reranker runs it over tens of thousands of
    activations per layer, where temporaries cost three times the arithmetic.
    """
    a = np.abs(x)
    t = a * np.float32(0.3275911)
    t += 1
    np.reciprocal(t, out=t)
    y = t * np.float32(1.061405429)
    for c in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        y += np.float32(c)
        y *= t
    np.square(a, out=a)
    np.negative(a, out=a)
    np.exp(a, out=a)
    y *= a
    np.subtract(1, y, out=y)
    return np.copysign(y, x, out=y)


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU (erf form), as transformers computes it."""
    y = _erf(x * np.float32(1 / math.sqrt(2.0)))
    y += 1
    y *= x
    y *= np.float32(0.5)
    return y


def bert_forward(w: dict[str, np.ndarray], ids: np.ndarray, types: np.ndarray,
                 mask: np.ndarray, heads: int, layers: int, eps: float) -> np.ndarray:
    """Last hidden states (batch, tokens, dim) of a BERT encoder for padded token ids.

    `w` holds the weights under transformers' BertModel names ("embeddings.…",
    "encoder.layer.N.…"); `mask` is 1 for real tokens, 0 for padding, which no token
    attends to (as transformers does with the extended attention mask).
    """
    b, n = ids.shape
    x = (w["embeddings.word_embeddings.weight"][ids]
         + w["embeddings.position_embeddings.weight"][:n][None]
         + w["embeddings.token_type_embeddings.weight"][types])
    x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], eps)
    d = x.shape[-1]
    hd = d // heads
    blocked = np.where(mask[:, None, None, :] > 0, 0.0, np.finfo(np.float32).min)
    blocked = blocked.astype(np.float32)
    for i in range(layers):
        p = f"encoder.layer.{i}."

        def lin(v, name, p=p):
            return v @ w[p + name + ".weight"].T + w[p + name + ".bias"]

        def split(v):
            return v.reshape(b, n, heads, hd).transpose(0, 2, 1, 3)

        q = split(lin(x, "attention.self.query"))
        k = split(lin(x, "attention.self.key"))
        v = split(lin(x, "attention.self.value"))
        att = q @ k.transpose(0, 1, 3, 2) / math.sqrt(hd) + blocked
        att = np.exp(att - att.max(-1, keepdims=True))
        att /= att.sum(-1, keepdims=True)
        ctx = (att @ v).transpose(0, 2, 1, 3).reshape(b, n, d)
        x = _layer_norm(x + lin(ctx, "attention.output.dense"),
                        w[p + "attention.output.LayerNorm.weight"],
                        w[p + "attention.output.LayerNorm.bias"], eps)
        h = _gelu(lin(x, "intermediate.dense"))
        x = _layer_norm(x + lin(h, "output.dense"), w[p + "output.LayerNorm.weight"],
                        w[p + "output.LayerNorm.bias"], eps)
    return x


class NumpyBertEncoder:
    """`encode(texts)` like SentenceTransformer's, for a mean-pooled BERT model folder."""

    def __init__(self, folder: Path, overlay: Path | None = None):
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        cfg = json.loads((folder / "config.json").read_text())
        self.heads = int(cfg["num_attention_heads"])
        self.layers = int(cfg["num_hidden_layers"])
        self.eps = float(cfg.get("layer_norm_eps", 1e-12))
        st_cfg = folder / "sentence_bert_config.json"
        self.max_len = int(json.loads(st_cfg.read_text()).get("max_seq_length", 256)
                           if st_cfg.exists() else 256)
        self.w = load_file(str(folder / "model.safetensors"))
        if overlay is not None:  # fine-tuned encoder layers (the points model), fp16 on disk
            self.w.update({k: v.astype(np.float32) for k, v in load_file(str(overlay)).items()})
        self.tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tok.no_padding()
        self.tok.enable_truncation(self.max_len)

    def _one(self, text: str) -> np.ndarray:
        enc = self.tok.encode(text)
        ids = np.asarray([enc.ids], dtype=np.int64)
        types = np.asarray([enc.type_ids], dtype=np.int64)
        x = bert_forward(self.w, ids, types, np.ones_like(ids), self.heads, self.layers,
                         self.eps)[0]
        vec = x.mean(axis=0)
        return (vec / max(float(np.linalg.norm(vec)), 1e-12)).astype(np.float32)

    def encode(self, texts, **_ignored) -> np.ndarray:
        # These products are tiny: BLAS threads only fight over a busy CPU (measured
        # 30x slower with two threads on a loaded two-core machine).
        try:
            from threadpoolctl import threadpool_limits
        except ImportError:
            return np.stack([self._one(t) for t in texts])
        with threadpool_limits(limits=1, user_api="blas"):
            return np.stack([self._one(t) for t in texts])


def _plain_mean_pooled_bert(folder: Path) -> bool:
    try:
        cfg = json.loads((folder / "config.json").read_text())
        modules = json.loads((folder / "modules.json").read_text())
        pooling = json.loads((folder / "1_Pooling" / "config.json").read_text())
    except (OSError, ValueError):
        return False
    kinds = [m.get("type", "") for m in modules]
    return (
        cfg.get("model_type") == "bert"
        and cfg.get("hidden_act") == "gelu"
        and cfg.get("position_embedding_type", "absolute") == "absolute"
        and pooling.get("pooling_mode_mean_tokens") is True
        and not any(pooling.get(k) for k in ("pooling_mode_cls_token",
                                             "pooling_mode_max_tokens"))
        and all(k.endswith(("Transformer", "Pooling", "Normalize")) for k in kinds)
        and (folder / "model.safetensors").exists()
        and (folder / "tokenizer.json").exists()
    )


def load_numpy_encoder(folder: Path | str, overlay: Path | None = None) -> NumpyBertEncoder | None:
    """The numpy encoder for `folder` (with `overlay`'s layers over its own), or None
    when the model is not a plain BERT."""
    folder = Path(folder)
    if not _plain_mean_pooled_bert(folder):
        return None
    try:
        return NumpyBertEncoder(folder, overlay)
    except Exception:  # an unexpected layout: the caller falls back to sentence-transformers
        return None


_ENCODERS: dict[str, object] = {}


def encoder_for(name: str):
    """The encoder of embedding model `name`, loaded once per process: numpy for a plain
    BERT such as the bundled model, sentence-transformers for anything else."""
    from argmap.settings import _embedder_path, _overlay, load_embedder

    if name not in _ENCODERS:
        _ENCODERS[name] = (load_numpy_encoder(_embedder_path(name), _overlay(name))
                           or load_embedder(name))
    return _ENCODERS[name]


def embed_query(db, query: str) -> np.ndarray:
    """`query` embedded by the model that made the index's vectors (`meta.embed_model`).

    The bundled model runs in numpy: loading torch for one short query costs more
    than the whole search. Other models go through sentence-transformers. Encoders
    are kept per process, so the app pays the load once.
    """
    from argmap.index import index_model
    from argmap.settings import BUNDLED_EMBEDDER

    enc = encoder_for(index_model(db) or BUNDLED_EMBEDDER)
    return enc.encode([query], normalize_embeddings=True, convert_to_numpy=True)[0]
