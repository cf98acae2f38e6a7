"""The embedding cache: hits skip the model, changed text is re-embedded."""

from __future__ import annotations

import numpy as np
import pytest

from argmap.embed import EmbeddingCache, clear_memo, embed_texts, encode_batched, text_key

pytestmark = pytest.mark.slow


def test_cache_hit_miss_and_changed_text(tmp_path, models):
    cache = EmbeddingCache(tmp_path / "e.sqlite")
    texts = ["Refusals are not subversion.", "The scenario is unrealistic."]
    a, fresh = embed_texts(texts, models.embedder, model_name="m", cache=cache)
    assert fresh == 2 and a.shape == (2, 384)
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    b, fresh = embed_texts(texts, models.embedder, model_name="m", cache=cache)
    assert fresh == 0 and np.array_equal(a, b)
    c, fresh = embed_texts([texts[0], "The scenario is realistic."], models.embedder,
                           model_name="m", cache=cache)
    assert fresh == 1 and np.array_equal(c[0], a[0]) and not np.allclose(c[1], a[1])


def test_corrupted_cache_file_is_set_aside(tmp_path, models):
    path = tmp_path / "e.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    cache = EmbeddingCache(path)
    vecs, fresh = embed_texts(["hello"], models.embedder, model_name="m", cache=cache)
    assert fresh == 1 and vecs.shape == (1, 384)
    assert path.with_suffix(".corrupt").exists()


def test_a_damaged_vector_is_a_miss_not_a_crash(tmp_path, models):
    cache = EmbeddingCache(tmp_path / "e.sqlite")
    a, _ = embed_texts(["Refusals are not subversion."], models.embedder, model_name="m",
                       cache=cache)
    cache._db.execute("UPDATE emb SET vec = X'00ff'")
    cache._db.commit()
    clear_memo()  # this process's memo would answer first; the damaged row is the subject
    b, fresh = embed_texts(["Refusals are not subversion."], models.embedder, model_name="m",
                           cache=cache)
    assert fresh == 1 and np.allclose(a, b, atol=1e-5)


def test_an_interrupted_build_keeps_finished_batches(tmp_path, models):
    texts = [f"Claim number {i} about the realism of the scenario." for i in range(20)]
    cache = EmbeddingCache(tmp_path / "e.sqlite")

    def stop_after_first_batch(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        embed_texts(texts, models.embedder, model_name="m", cache=cache, batch_size=1,
                    chunk=8, progress=stop_after_first_batch)
    cache.close()
    cache = EmbeddingCache(tmp_path / "e.sqlite")  # a new build, a new connection
    clear_memo()  # a new build in a new process: nothing in memory
    _, fresh = embed_texts(texts, models.embedder, model_name="m", cache=cache, batch_size=1,
                           chunk=8)
    assert fresh == 20 - 8  # the first chunk of 8 survived


class CountingEncoder:
    """The real model, counting the texts it is asked to encode."""

    def __init__(self, real):
        self.real, self.texts = real, []

    def encode(self, texts, **kw):
        self.texts.extend(texts)
        return self.real.encode(texts, **kw)


def test_one_encode_per_distinct_text_in_a_process(tmp_path, models):
    enc = CountingEncoder(models.embedder)
    texts = ["Refusals are not subversion.", "The scenario is unrealistic.",
             "Refusals are not subversion."]
    a, fresh = embed_texts(texts, enc, model_name="m")
    assert fresh == 2 and enc.texts == texts[:2]  # the repeat within the call is not encoded
    assert np.array_equal(a[0], a[2])
    # Another call, no cache: nothing reaches the model, the vectors are the same.
    b, fresh = embed_texts(texts[1:], enc, model_name="m")
    assert fresh == 0 and len(enc.texts) == 2 and np.array_equal(b, a[1:])
    # A new, empty cache gets the memo's vectors written into it (complete for a later run).
    cache = EmbeddingCache(tmp_path / "e.sqlite")
    embed_texts(texts, enc, model_name="m", cache=cache)
    assert len(enc.texts) == 2 and len(cache.get_many("m", [text_key(texts[0])])) == 1
    # The memo is per model name; emptied, the texts are encoded again, to the same vectors.
    _, fresh = embed_texts(texts[:1], enc, model_name="other")
    assert fresh == 1 and len(enc.texts) == 3
    clear_memo()
    c, fresh = embed_texts(texts, enc, model_name="m")
    assert fresh == 2 and len(enc.texts) == 5 and np.allclose(a, c, atol=1e-5)


def _writer(path: str, start: int, vectors: np.ndarray) -> None:
    cache = EmbeddingCache(path)
    for i in range(start, start + 60):
        cache.put_many("m", {f"k{i % 80}": vectors[i % len(vectors)]})
    cache.close()


def test_two_builds_can_write_the_cache_at_once(tmp_path, models):
    import multiprocessing as mp

    vectors, _ = embed_texts(["one", "two", "three"], models.embedder, model_name="m")
    path = str(tmp_path / "e.sqlite")
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(path, s, vectors)) for s in (0, 20)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0]
    cache = EmbeddingCache(path)
    found = cache.get_many("m", [f"k{i}" for i in range(80)])
    assert len(found) == 80
    assert cache._db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert all(np.isclose(np.linalg.norm(v), 1.0, atol=1e-5) for v in found.values())


class BatchRecorder(CountingEncoder):
    """The real model with its tokenizer, recording each batch it is handed."""

    def __init__(self, real):
        super().__init__(real)
        self.tokenizer, self.max_seq_length, self.batches = real.tokenizer, real.max_seq_length, []

    def encode(self, texts, **kw):
        self.batches.append(list(texts))
        return super().encode(texts, **kw)


def test_batches_are_cut_by_tokens_and_vectors_come_back_in_order(models):
    long = ("The scenario is unrealistic because no company would give a model unsupervised "
            "access to every email of its executives and the power to send mail on its own. ")
    texts = [f"Short claim {i}." for i in range(30)]
    texts[7] = long * 8  # one long unit (cut at the model's 256 tokens) among short ones
    rec = BatchRecorder(models.embedder)
    got = encode_batched(rec, texts, batch_size=64, token_budget=256)
    want = models.embedder.encode(texts, normalize_embeddings=True, convert_to_numpy=True)
    # same vectors in the same order: every text's vector is its own (the short claims
    # are alike, cosine up to 0.97 between two of them); in fp32 equal to 1e-5, while
    # bf16 (`--precision auto` on a CPU with AMX) pads a batch differently, within 3e-3
    assert got.shape == want.shape
    assert np.sum(got * want, axis=1).min() >= 0.9999
    if models.settings.dtype == "fp32":
        assert np.allclose(got, want, atol=1e-5)
    assert rec.batches[0] == [texts[7]]  # the long one is padded alone, not with the 29 short
    tok = models.embedder.tokenizer
    for batch in rec.batches[1:]:
        longest = max(len(tok(t)["input_ids"]) for t in batch)
        assert longest * len(batch) <= 256
    assert sum(len(b) for b in rec.batches) == 30
