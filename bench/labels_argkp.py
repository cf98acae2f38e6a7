"""Theme labels against expert key points (ArgKP-2021): does a label name the point?

Each motion's arguments are clustered and named as a build does (`themes.cluster`,
`themes.phrase_labels`). A theme's reference is the key point most of its scored
arguments match (`bench.themes_argkp.gold_groups`). Two scores per label:

- **shares a word**: the label and the key point share a content lemma, the motion's
  own words left out (every key point of "We should ban guns" says "gun");
- **cosine**: MiniLM cosine between label and key point (the label was chosen by
  closeness to its theme's arguments, never to the key point, so this is not circular,
  but it favours any label in the embedder's own terms).

Beside argmap's phrase: its top c-TF-IDF keyword, the "x / y" keyword pair older
versions showed, and the theme's most central argument (a whole sentence: a reference
for how much a longer label would say, not a label anyone wants).

    python -m bench.labels_argkp [--data DIR]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.argkp_data import DEFAULT_CACHE, DEFAULT_DATA, embed, embedder_and_cache, load_motions  # noqa: E402
from bench.themes_argkp import argmap_themes, gold_groups  # noqa: E402

METHODS = ("argmap phrase", "top keyword", "keyword pair x / y", "central argument",
           "central, first clause")


def first_clause(doc, most: int = 10) -> str:
    """The opening clause of a sentence: up to the first comma, semicolon, colon or
    subordinate conjunction after three words, at most `most` words."""
    words = []
    for t in doc:
        if len(words) >= 3 and (t.text in ",;:(" or t.pos_ == "SCONJ"
                                or t.lower_ in ("because", "which", "so", "but")):
            break
        if t.text in ".!?" and words:
            break
        words.append(t.text_with_ws)
        if len(words) >= most:
            break
    return "".join(words).strip()


def _lemmas(nlp, text: str, drop: set[str]) -> set[str]:
    return {t.lemma_.lower() for t in nlp(text)
            if t.is_alpha and not t.is_stop and t.lemma_.lower() not in drop}


def motion_labels(motion, vectors: np.ndarray, nlp, embed_fn) -> list[tuple[str, dict[str, str]]]:
    """(reference key point, {method: label}) for each theme that holds a scored argument."""
    from argmap import themes

    docs = list(nlp.pipe(motion.args))  # parsed once: the lemmas for the themes, the labels
    labels = [int(v) for v in argmap_themes(vectors, themes.lemma_texts(docs))]
    k = max(labels) + 1
    phrases = themes.phrase_labels(docs, vectors, labels, k, embed_fn)
    keywords = themes.label_clusters(docs, labels)
    x = vectors - vectors.mean(axis=0)
    idx, gold = gold_groups(motion)
    kp_of = dict(zip(idx, gold, strict=True))
    kp_text = dict(zip(motion.kp_ids, motion.kps, strict=True))
    out = []
    for c in range(k):
        members = [i for i, lab in enumerate(labels) if lab == c]
        votes = Counter(kp_of[i] for i in members if i in kp_of)
        if not votes:
            continue
        centre = x[members].mean(axis=0)
        central = max(members, key=lambda i: (float(x[i] @ centre), -i))
        words = keywords[c]
        out.append((kp_text[votes.most_common(1)[0][0]], {
            "argmap phrase": phrases[c] or themes._short_label(words),
            "top keyword": words[0] if words else "",
            "keyword pair x / y": " / ".join(words[:2]),
            "central argument": motion.args[central],
            "central, first clause": first_clause(docs[central]),
        }))
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the argkp folder")
    p.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="embedding cache file")
    args = p.parse_args(argv)
    from argmap.settings import load_spacy

    models, cache = embedder_and_cache(args.cache, None)
    nlp = load_spacy(models.settings.spacy_model)

    def embed_fn(texts):
        return embed(texts, models, cache)

    hits: dict[tuple[str, str], list[bool]] = defaultdict(list)
    cosines: dict[tuple[str, str], list[float]] = defaultdict(list)
    for motion in load_motions(args.data):
        vectors = embed(motion.args, models, cache)
        drop = _lemmas(nlp, motion.topic, set())
        for kp, named in motion_labels(motion, vectors, nlp, embed_fn):
            kp_words = _lemmas(nlp, kp, drop)
            kp_vec = embed_fn([kp])[0]
            for m in METHODS:
                label = named[m]
                hits[(motion.split, m)].append(bool(_lemmas(nlp, label, drop) & kp_words))
                cosines[(motion.split, m)].append(
                    float(embed_fn([label])[0] @ kp_vec) if label else 0.0)
    print(f"{'split':<6} {'label':<22} {'themes':>6} {'shares a word':>14} "
          f"{'cosine':>7} {'cos >= 0.5':>10}")
    for split in ("train", "dev"):
        for m in METHODS:
            h, c = hits[(split, m)], np.asarray(cosines[(split, m)])
            print(f"{split:<6} {m:<22} {len(h):>6} {np.mean(h):>14.3f} {c.mean():>7.3f} "
                  f"{(c >= 0.5).mean():>10.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
