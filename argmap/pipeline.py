"""The pipeline, top to bottom: read → mine → embed → themes → render → index.

`build_map` is a pure function of a thread, settings and models; `build_file`
adds the file system through `argmap.store`: the map's HTML and JSON are written
atomically first and the search index is updated last, so a failed or killed build
never leaves half a map in place of a good one, nor an indexed debate without its map.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import numpy as np

import argmap
from argmap import escape, mine, store, themes
from argmap.embed import EmbeddingCache, embed_texts
from argmap.errors import ArgmapError
from argmap.model import ArgumentMap, Thread
from argmap.read import DEFAULT_MAX_BYTES, language, read_thread
from argmap.render import render_html
from argmap.settings import Models, Settings, tuning
from argmap.stance import StanceClassifier, with_cache

__all__ = ["build_map", "build_file", "build_thread", "BuildResult", "STAGES"]

STAGES = ("read", "mine", "stance", "embed", "themes", "render", "index")
Progress = Callable[[str], None]


@dataclass(frozen=True)
class BuildResult:
    map: ArgumentMap
    vectors: np.ndarray
    json_path: Path | None = None
    html_path: Path | None = None


class _Timer:
    def __init__(self, progress: Progress | None):
        self.timings: dict[str, float] = {}
        self.progress = progress

    @contextmanager
    def stage(self, name: str):
        if self.progress:
            self.progress(name)
        t0 = time.perf_counter()
        yield
        self.timings[name] = round(self.timings.get(name, 0.0) + time.perf_counter() - t0, 4)


def _check_lengths(thread: Thread, limit: int) -> None:
    """Refuse a comment longer than spaCy reads, in our words (not spaCy's E088)."""
    for c in thread.comments:
        if len(c.text) > limit:
            raise ArgmapError(
                f"{thread.source}: comment {escape.term(c.id)[:40]} is {len(c.text):,} "
                f"characters, over the limit of {limit:,} for one comment; "
                "split the file into comments (blank lines between them) or shorten it"
            )


def build_map(
    thread: Thread,
    settings: Settings,
    models: Models,
    *,
    classifier: StanceClassifier | None = None,
    cache: EmbeddingCache | None = None,
    progress: Progress | None = None,
    timer: _Timer | None = None,
) -> tuple[ArgumentMap, np.ndarray]:
    """Map one thread: units and roles, stance and relations, embeddings, themes."""
    timer = timer or _Timer(progress)
    classifier = classifier or models.classifier
    with timer.stage("mine"):
        _check_lengths(thread, models.nlp.max_length)
        units, unit_docs = mine.split_units_with_docs(thread, models.nlp)
    with timer.stage("stance"):  # its own stage: the cross-encoder is the costliest model
        comments, relations = mine.mine_relations(thread, units, with_cache(classifier, cache))
        thread = Thread(thread.title, thread.source, thread.format, comments, thread.notes)
    with timer.stage("embed"):
        vectors, fresh = embed_texts(
            [u.text for u in units], models.embedder, model_name=settings.embed_key,
            cache=cache, batch_size=settings.batch_size,
        )
    with timer.stage("themes"):
        names = None
        if settings.guided_themes:
            names, _ = embed_texts(
                list(settings.guided_themes), models.embedder,
                model_name=settings.embed_key, cache=cache,
            )
        units, found = themes.find_themes(
            units, vectors, models.nlp,
            min_size=settings.min_theme_size, neighbours=settings.theme_neighbours,
            resolution=settings.theme_resolution, seed=settings.seed,
            lexical_weight=tuning(settings.embed_model).theme_lexical_weight,
            guided=settings.guided_themes, name_vectors=names,
            embed=lambda texts: embed_texts(texts, models.embedder, cache=cache,
                                            model_name=settings.embed_key)[0],
            docs=unit_docs,
        )
    meta = {
        "debate": Path(thread.source).stem,
        "argmap_version": argmap.__version__,
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "settings": settings.describe(),
        "embedded_fresh": fresh,
        "timings": timer.timings,
        "warnings": language.warnings_for(thread, len(units)),
    }
    return ArgumentMap(thread, units, relations, found, meta), vectors


def build_thread(
    thread: Thread,
    name: str,
    out_dir: Path,
    settings: Settings,
    models: Models,
    *,
    classifier: StanceClassifier | None = None,
    progress: Progress | None = None,
    timer: _Timer | None = None,
    input_hash: str | None = None,
) -> BuildResult:
    """Map a thread already read, write `name`.json/.html into `out_dir`, then index it."""
    timer = timer or _Timer(progress)
    cache_file = settings.cache_path or store.cache_path(out_dir)
    with store.disk_errors(cache_file):
        out_dir.mkdir(parents=True, exist_ok=True)
        cache = EmbeddingCache(cache_file)
        try:
            amap, vectors = build_map(
                thread, settings, models, classifier=classifier, cache=cache, timer=timer
            )
        finally:
            cache.close()
    amap.meta["debate"] = name
    if input_hash:
        amap.meta["input_hash"] = input_hash
    with timer.stage("render"):
        page = render_html(amap)
    with timer.stage("index"):  # the map first, the index last (argmap.store)
        json_path, html_path = store.save_map(out_dir, amap, vectors, page)
    return BuildResult(amap, vectors, json_path, html_path)


def _cached_encoder(models: Models, settings: Settings, out_dir: Path) -> SimpleNamespace:
    """The plain text reader's embedder (the bundled MiniLM its models were fitted on),
    through the embedding cache, so rebuilding an unchanged thread does not re-embed its
    paragraphs."""

    def encode(texts, **_ignored):
        cache_file = settings.cache_path or store.cache_path(out_dir)
        with store.disk_errors(cache_file):
            cache = EmbeddingCache(cache_file)
            try:
                return embed_texts(list(texts), models.reader_embedder,
                                   model_name=settings.reader_key,
                                   cache=cache, batch_size=settings.batch_size)[0]
            finally:
                cache.close()

    return SimpleNamespace(encode=encode)


def build_file(
    path: Path,
    out_dir: Path,
    settings: Settings,
    models: Models,
    *,
    fmt: str | None = None,
    classifier: StanceClassifier | None = None,
    progress: Progress | None = None,
    input_hash: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> BuildResult:
    """Read, map, and write one thread file into `out_dir`; index it for search."""
    timer = _Timer(progress)
    with timer.stage("read"):
        thread = read_thread(path, fmt=fmt, max_bytes=max_bytes,
                             embedder=lambda: _cached_encoder(models, settings, out_dir))
    return build_thread(
        thread, Path(path).stem, out_dir, settings, models, classifier=classifier,
        timer=timer, input_hash=input_hash,
    )
