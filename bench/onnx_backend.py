"""A faster embedding backend to weigh: the bundled model run by ONNX Runtime, fp32 and int8.

sentence-transformers' own ONNX backend needs `optimum`, whose install here would
downgrade transformers; so the model is exported locally with torch's exporter and run
by `onnxruntime` directly, with the same tokenizer, mean pooling and normalisation as
the PyTorch model. int8 is ONNX Runtime's dynamic quantisation of the exported
weights. Nothing is downloaded: the export reads the bundled model from disk.

`compare` times the three on the same texts and measures per-unit cosine agreement
with the PyTorch embeddings, the bar a backend must clear to become an option.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

__all__ = ["available", "export", "OnnxEncoder", "compare"]


def available() -> bool:
    """True when onnxruntime and onnx are installed (requirements-bench.txt)."""
    try:
        import onnx  # noqa: F401
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def export(st_model, out_dir: Path) -> dict[str, Path]:
    """Export the transformer of a SentenceTransformer to ONNX, plus an int8 copy."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out_dir.mkdir(parents=True, exist_ok=True)
    fp32, int8 = out_dir / "model.onnx", out_dir / "model-int8.onnx"
    int8_pc = out_dir / "model-int8-matmul-perchannel.onnx"
    if not fp32.exists():
        hf = st_model[0].auto_model.eval()

        class _Wrap(torch.nn.Module):
            def __init__(self, m):
                super().__init__()
                self.m = m

            def forward(self, input_ids, attention_mask, token_type_ids):
                return self.m(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

        enc = st_model.tokenizer(["an example sentence", "two"], padding=True, return_tensors="pt")
        axes = {0: "batch", 1: "seq"}
        with torch.no_grad():
            torch.onnx.export(
                _Wrap(hf), (enc["input_ids"], enc["attention_mask"], enc["token_type_ids"]),
                str(fp32), input_names=["input_ids", "attention_mask", "token_type_ids"],
                output_names=["last_hidden_state"], opset_version=17, dynamo=False,
                dynamic_axes={"input_ids": axes, "attention_mask": axes,
                              "token_type_ids": axes, "last_hidden_state": axes},
            )
    if not int8.exists():
        quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8)
    if not int8_pc.exists():
        # Gentler: only the matrix products, one scale per output channel; the
        # embedding table and layer norms stay fp32.
        quantize_dynamic(str(fp32), str(int8_pc), weight_type=QuantType.QInt8,
                         per_channel=True, op_types_to_quantize=["MatMul"])
    return {"fp32": fp32, "int8": int8, "int8-matmul-perchannel": int8_pc}


class OnnxEncoder:
    """`encode` like SentenceTransformer's, on an ONNX Runtime session."""

    def __init__(self, onnx_path: Path, tokenizer, *, max_seq_length: int = 256,
                 threads: int | None = None):
        import onnxruntime as ort

        opts = ort.SessionOptions()
        if threads:
            opts.intra_op_num_threads = threads
            opts.inter_op_num_threads = 1
        self.session = ort.InferenceSession(
            str(onnx_path), opts, providers=["CPUExecutionProvider"]
        )
        self.tokenizer = tokenizer
        self.max_seq_length = max_seq_length

    def encode(self, texts, batch_size: int = 64, normalize_embeddings: bool = True,
               convert_to_numpy: bool = True, show_progress_bar: bool = False) -> np.ndarray:
        texts = list(texts)
        order = np.argsort([-len(t) for t in texts], kind="stable")  # batch like lengths
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for i in range(0, len(texts), batch_size):
            idx = order[i : i + batch_size]
            enc = self.tokenizer([texts[j] for j in idx], padding=True, truncation=True,
                                 max_length=self.max_seq_length, return_tensors="np")
            feeds = {k: enc[k].astype(np.int64) for k in
                     ("input_ids", "attention_mask", "token_type_ids")}
            hidden = self.session.run(None, feeds)[0]
            mask = feeds["attention_mask"][..., None].astype(np.float32)
            vec = (hidden * mask).sum(1) / np.clip(mask.sum(1), 1e-9, None)
            if normalize_embeddings:
                vec /= np.clip(np.linalg.norm(vec, axis=1, keepdims=True), 1e-12, None)
            out[idx] = vec
        return out


def compare(st_model, texts: list[str], work: Path, *, batch_size: int = 64,
            threads: int | None = None) -> dict:
    """Speed of PyTorch vs ONNX fp32 vs ONNX int8 on `texts`, and cosine agreement."""
    t = time.perf_counter()
    paths = export(st_model, work)
    export_s = time.perf_counter() - t
    st_model.encode(texts[:8], show_progress_bar=False)  # first-call set-up, not timed
    t = time.perf_counter()
    ref = st_model.encode(texts, batch_size=batch_size, normalize_embeddings=True,
                          convert_to_numpy=True, show_progress_bar=False)
    torch_s = time.perf_counter() - t
    rows = {"pytorch": {"seconds": round(torch_s, 3), "units_per_s": round(len(texts) / torch_s, 1),
                        "speedup": 1.0, "cos_min": 1.0, "cos_mean": 1.0, "share_ge_098": 1.0}}
    for name, path in paths.items():
        enc = OnnxEncoder(path, st_model.tokenizer, max_seq_length=st_model.max_seq_length,
                          threads=threads)
        enc.encode(texts[:8])
        t = time.perf_counter()
        vecs = enc.encode(texts, batch_size=batch_size)
        secs = time.perf_counter() - t
        cos = (vecs * ref).sum(axis=1)
        rows[f"onnx-{name}"] = {
            "seconds": round(secs, 3), "units_per_s": round(len(texts) / secs, 1),
            "speedup": round(torch_s / secs, 2), "cos_min": round(float(cos.min()), 4),
            "cos_mean": round(float(cos.mean()), 4),
            "share_ge_098": round(float((cos >= 0.98).mean()), 4),
            "size_mb": round(path.stat().st_size / 1e6, 1),
        }
    return {"texts": len(texts), "export_s": round(export_s, 1), "backends": rows}


def main(argv: list[str] | None = None) -> int:
    import argparse
    import json
    import sys

    p = argparse.ArgumentParser(prog="python -m bench.onnx_backend", description=__doc__)
    p.add_argument("--texts", type=Path, required=True, help="one unit text a line")
    p.add_argument("--work", type=Path, required=True, help="where the exported models go")
    p.add_argument("--limit", type=int, default=2000, help="use the first N texts")
    p.add_argument("--threads", type=int, default=None)
    args = p.parse_args(argv)
    if not available():
        print(json.dumps({"error": "onnxruntime/onnx not installed (pip install -r "
                                   "requirements-bench.txt)"}))
        return 0
    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
    from argmap.settings import Models, Settings

    texts = [t for t in args.texts.read_text(encoding="utf-8").splitlines() if t.strip()]
    model = Models(Settings()).embedder
    res = compare(model, texts[: args.limit], args.work, threads=args.threads)
    print(json.dumps(res), flush=True)
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
