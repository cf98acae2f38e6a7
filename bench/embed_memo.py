"""How many texts one build sends to the embedding model, and encode batch size 64 vs 16.

    python -m bench.embed_memo build [FILE ...]      # default: the sample debate
    python -m bench.embed_memo batch [FILE] [--repeat 3]

`build` maps each file in turn, each into a new folder (a cold embedding cache), in one
process, and counts the texts that reach `embedder.encode` (all of them, and the
distinct ones): give a file twice to see what a second build of it costs.
`batch` takes the unit texts of FILE (read, split into units) and times `encode`, and
`embed_texts` (no cache, memo emptied), at batch size 64 and 16 (best of `--repeat`,
interleaved so load hits both alike), and prints the largest difference between the
two sets of vectors.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpus" / "lesswrong-agentic-misalignment.txt"


class CountingEncoder:
    """The real embedder, counting what it is asked to encode and the seconds it takes."""

    def __init__(self, real):
        self.real = real
        self.texts: list[str] = []
        self.seconds = 0.0

    def encode(self, texts, **kw):
        self.texts.extend(texts)
        t0 = time.perf_counter()
        try:
            return self.real.encode(texts, **kw)
        finally:
            self.seconds += time.perf_counter() - t0

    def get_sentence_embedding_dimension(self) -> int:
        return self.real.get_sentence_embedding_dimension()


def _models():
    from argmap.settings import Models, Settings

    models = Models(Settings())
    _ = (models.nlp, models.embedder, models.classifier)
    return models


def build(files: list[Path]) -> None:
    from argmap import embed
    from argmap.pipeline import build_file

    models = _models()
    real = models.embedder
    getattr(embed, "clear_memo", lambda: None)()  # the memo lives on from file to file
    for path in files:
        counter = CountingEncoder(real)
        models.__dict__["embedder"] = counter
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            result = build_file(path, Path(tmp), models.settings, models)
            secs = time.perf_counter() - t0
        print(f"{path.name}: {len(result.map.units)} units; encode got {len(counter.texts)} "
              f"texts, {len(set(counter.texts))} distinct; encode {counter.seconds:.1f}s, "
              f"build {secs:.1f}s, stages {result.map.meta['timings']}")
    models.__dict__["embedder"] = real


def batch(path: Path, repeat: int) -> None:
    import numpy as np

    from argmap import mine
    from argmap.read import read_thread

    models = _models()
    texts = [u.text for u in mine.split_units(read_thread(path), models.nlp)]
    texts = list(dict.fromkeys(texts))
    from argmap.embed import clear_memo, embed_texts

    best: dict[tuple[str, int], float] = {}
    vecs: dict[tuple[str, int], np.ndarray] = {}
    for _ in range(repeat):
        for how in ("encode", "embed_texts"):
            for size in (64, 16):
                clear_memo()
                t0 = time.perf_counter()
                if how == "encode":
                    v = models.embedder.encode(
                        texts, batch_size=size, normalize_embeddings=True,
                        convert_to_numpy=True, show_progress_bar=False)
                else:  # the pipeline's path: chunks of batch_size * 8 texts
                    v = embed_texts(texts, models.embedder, model_name="m", batch_size=size)[0]
                secs = time.perf_counter() - t0
                best[how, size] = min(best.get((how, size), secs), secs)
                vecs[how, size] = v
    for how in ("encode", "embed_texts"):
        diff = float(np.abs(vecs[how, 64] - vecs[how, 16]).max())
        print(f"{path.name}: {len(texts)} distinct unit texts; {how} best of {repeat}: "
              f"batch 64 {best[how, 64]:.2f}s, batch 16 {best[how, 16]:.2f}s "
              f"(x{best[how, 64] / best[how, 16]:.2f}); max |v64 - v16| = {diff:.2e}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.embed_memo", description=__doc__)
    p.add_argument("what", choices=("build", "batch"))
    p.add_argument("files", nargs="*", type=Path)
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    files = args.files or [SAMPLE]
    if args.what == "build":
        build(files)
    else:
        batch(files[0], args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
