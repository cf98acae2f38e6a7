"""Themes: cluster unit embeddings, fold tiny clusters in, label with c-TF-IDF.

Every unit of one debate is about the debate's topic, so raw sentence embeddings
sit close together and a plain distance threshold finds one blob. We first take
out what the units share (subtract the debate's mean vector, renormalise), then
link each unit to its nearest neighbours and cut that graph into communities
(Louvain, seeded). The number of themes falls out of the graph, not a setting.
Communities smaller than `min_size` join their nearest theme: no "outliers" bucket.
On ArgKP (bench/themes_argkp.py) this agrees better with the expert key points
than BERTopic's UMAP + HDBSCAN while leaving no unit out.

Guided themes start from names a user gives and keep an "other" theme for the
rest. Everything is deterministic: stable sorts, a fixed seed, themes numbered by
size then by first member.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from argmap.model import Theme, Unit
from argmap.read.language import guess_language, stop_words

__all__ = ["cluster", "guided_cluster", "label_clusters", "find_themes", "OTHER_LABEL"]

OTHER_LABEL = "other"
MAX_WORD = 30  # a longer run of letters ("aaaa…", a pasted key) is no keyword
LABEL_CANDIDATES = 40  # noun phrases per theme considered for its label, central units first

# Words that say "this is a forum thread", not what a theme is about.
_BOILERPLATE = frozenset(
    """
    think thing things people way lot point really say said mean agree disagree make
    makes made get got go going know want seem seems like just also well actually
    comment comments post posts reply thread sure good bad case example question
    guy guys stuff dude
    something anything everything someone anyone yes yeah maybe probably kind sort
    use used need try tried look right wrong fact time year much many give hear tell
    """.split()
)


def _centred(vectors: np.ndarray) -> np.ndarray:
    """Unit vectors with the debate's common direction removed."""
    x = np.asarray(vectors, dtype=np.float64)
    x = x - x.mean(axis=0)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return x / np.where(norms > 1e-12, norms, 1.0)


def _fold_and_number(vectors: np.ndarray, labels: np.ndarray, min_size: int) -> list[int]:
    """Fold clusters under `min_size` into their nearest big one; number by size."""
    labels = labels.copy()
    sizes = Counter(labels.tolist())
    first = {c: int(np.argmax(labels == c)) for c in sizes}
    big = sorted((c for c, s in sizes.items() if s >= min_size), key=lambda c: first[c])
    if not big:
        big = [min(sizes, key=lambda c: (-sizes[c], first[c]))]
    centroids = np.stack([vectors[labels == c].mean(axis=0) for c in big])
    for i in range(len(labels)):
        if labels[i] not in big:
            labels[i] = big[int(np.argmax(centroids @ vectors[i]))]
    order = sorted(set(labels.tolist()), key=lambda c: (-int((labels == c).sum()), first[c]))
    renum = {c: k for k, c in enumerate(order)}
    return [renum[c] for c in labels.tolist()]


def lexical_features(texts: Sequence[str], stop: frozenset[str] = frozenset()):
    """TF-IDF rows (sparse, L2-normalised) of the units' words, or None if too few.

    Embeddings of one debate's units all sit close together; the words a unit shares
    with another ("bullying", "uniform cost") are what experts group key points by.
    On ArgKP train motions, adding them to the neighbour graph raised theme ARI from
    0.206 to 0.226 (docs/themes.md)."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

    if len(texts) < 3:
        return None
    # a stop word the tokenizer splits ("quelqu'un", "dix-neuf") is stopped in its parts,
    # as the vectorizer would read them (else scikit-learn warns on the command line)
    stop = stop | {part for word in stop for part in re.findall(r"(?u)\b\w\w+\b", word)}
    try:
        return TfidfVectorizer(stop_words=sorted(ENGLISH_STOP_WORDS | stop), sublinear_tf=True,
                               min_df=2).fit_transform(list(texts)).tocsr()
    except ValueError:  # no word occurs twice
        return None


def lemma_texts(docs: Sequence) -> list[str]:
    """Each parsed unit as its words' lemmas, lower-cased, for `lexical_features`: a
    point made with "bullied" and one with "bullying" share "bully". On ArgKP, theme
    ARI with the lemmas against the words as written: train motions 0.231 -> 0.239,
    held-out dev 0.233 -> 0.254 (docs/themes.md)."""
    return [" ".join(t.lemma_.lower() for t in d if not (t.is_punct or t.is_space))
            for d in docs]


def _nearest(x: np.ndarray, k: int, block: int = 1024, lexical=None, weight: float = 0.0):
    """Each row's k most similar other rows, best first (ties: lower index first).

    With `lexical` (sparse unit-norm rows), similarity is the cosine of the rows of x
    joined with `weight` times their lexical rows. Computed a block of rows at a time,
    so memory grows with n, not n squared."""
    n = len(x)
    norms = None
    if lexical is not None and weight > 0:
        sq = np.asarray(lexical.multiply(lexical).sum(axis=1)).ravel()
        norms = np.sqrt(1.0 + weight**2 * sq)
    for start in range(0, n, block):
        sims = x[start : start + block] @ x.T
        if norms is not None:
            lex = (lexical[start : start + block] @ lexical.T).toarray()
            sims = (sims + weight**2 * lex) / np.outer(norms[start : start + block], norms)
        rows = np.arange(sims.shape[0])
        sims[rows, rows + start] = -np.inf
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k] if k < n else np.argsort(-sims, 1)
        for r in rows:
            cand = top[r]
            order = np.lexsort((cand, -sims[r, cand]))[:k]
            best = cand[order]
            yield start + int(r), [int(j) for j in best], [float(w) for w in sims[r, best]]


def cluster(
    vectors: np.ndarray,
    *,
    min_size: int = 3,
    neighbours: int = 10,
    resolution: float = 1.5,
    seed: int = 0,
    lexical=None,
    lexical_weight: float = 1.0,
) -> list[int]:
    """A theme index per row, numbered by size (largest first), ties by first member.

    `lexical` (from `lexical_features`, one row per vector) adds shared words to the
    neighbour graph."""
    n = len(vectors)
    if n == 0:
        return []
    if n <= 2:
        return [0] * n
    import networkx as nx

    x = _centred(vectors)
    k = min(neighbours, n - 1)
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    for i, js, ws in _nearest(x, k, lexical=lexical, weight=lexical_weight):
        for j, w in zip(js, ws, strict=True):
            if w > 0:
                graph.add_edge(i, j, weight=w)
    communities = nx.community.louvain_communities(
        graph, weight="weight", resolution=resolution, seed=seed
    )
    labels = np.zeros(n, dtype=int)
    for c, members in enumerate(sorted(communities, key=min)):
        labels[sorted(members)] = c
    return _fold_and_number(x, labels, max(min_size, n // 40))


def guided_cluster(
    vectors: np.ndarray, name_vectors: np.ndarray, *, min_similarity: float = 0.3, seeds: int = 5
) -> list[int]:
    """Assign each row to one of the named themes, or -1 ("other").

    A short name is a weak query, so each theme's direction is its name plus the
    units nearest to that name; a unit joins the theme whose direction it is
    closest to, if that similarity reaches `min_similarity`.
    """
    x = np.asarray(vectors, dtype=np.float64)
    names = np.asarray(name_vectors, dtype=np.float64)
    if len(x) == 0:
        return []
    to_name = x @ names.T
    dirs = []
    for j in range(len(names)):
        near = np.argsort(-to_name[:, j], kind="stable")[: min(seeds, len(x))]
        d = names[j] + x[near].mean(axis=0)
        dirs.append(d / np.linalg.norm(d))
    sims = x @ np.stack(dirs).T
    best = np.argmax(sims, axis=1)
    return [int(b) if sims[i, b] >= min_similarity else -1 for i, b in enumerate(best)]


def with_comment_context(units: Sequence[Unit], vectors: np.ndarray, weight: float) -> np.ndarray:
    """Each unit's vector plus `weight` times its comment's mean vector.

    A sentence alone is short and ambiguous ("Which users though?"); the comment it
    sits in says what it is about, so units of one comment tend to share a theme.
    """
    x = np.asarray(vectors, dtype=np.float64)
    if weight <= 0 or len(x) == 0:
        return x
    groups: dict[str, list[int]] = {}
    for i, u in enumerate(units):
        groups.setdefault(u.comment_id, []).append(i)
    out = x.copy()
    for rows in groups.values():
        out[rows] += weight * x[rows].mean(axis=0)
    return out / np.linalg.norm(out, axis=1, keepdims=True)


def _terms(doc, stop: frozenset[str] = frozenset()) -> list[str]:
    """Content lemmas, hyphenated compounds and noun chunks of one unit (`stop`: the
    function words of the thread's language, when it is not English)."""
    out: list[str] = []
    tokens = list(doc)
    i = 0
    while i < len(tokens):
        t = tokens[i]
        # keep "self-preservation" whole: spaCy splits it into three tokens
        if (
            i + 2 < len(tokens) and tokens[i + 1].text == "-" and not t.whitespace_
            and not tokens[i + 1].whitespace_ and t.is_alpha and tokens[i + 2].is_alpha
        ):
            out.append(f"{t.lower_}-{tokens[i + 2].lower_}")
            i += 3
            continue
        lemma = t.lemma_.lower()
        if (
            t.is_alpha and not t.is_stop and 2 < len(t) <= MAX_WORD and lemma not in _BOILERPLATE
            and t.pos_ in ("NOUN", "PROPN", "ADJ", "VERB") and t.lower_ not in stop
        ):
            out.append(lemma)
        i += 1
    if doc.has_annotation("DEP"):
        for chunk in doc.noun_chunks:
            words: list[str] = []
            for w in chunk:
                if words and w.text == "-" and not w.whitespace_:
                    words[-1] += "-"
                elif words and words[-1].endswith("-") and w.is_alpha:
                    words[-1] += w.lower_
                elif (w.is_alpha and not w.is_stop and w.pos_ in ("NOUN", "PROPN", "ADJ")
                      and len(w) <= MAX_WORD and w.lower_ not in stop):
                    words.append(w.lemma_.lower())
            words = [w for w in words if not w.endswith("-")]
            if len(words) >= 2 and not set(words) & _BOILERPLATE:
                out.append(" ".join(words))
    return out


def label_clusters(
    docs: list, labels: list[int], *, top: int = 5, k: int | None = None,
    stop: frozenset[str] = frozenset(),
) -> list[list[str]]:
    """c-TF-IDF keywords per cluster: frequent in the cluster, rare across clusters.

    A term must occur in two units of its cluster (a one-off word labels nothing),
    and a phrase that contains a chosen word replaces it rather than repeating it.
    """
    if k is None:
        k = max(labels) + 1 if labels else 0
    counts = [Counter() for _ in range(k)]
    for doc, lab in zip(docs, labels, strict=True):
        if lab >= 0:
            counts[lab].update(set(_terms(doc, stop)))
    total = Counter()
    for c in counts:
        total.update(c)
    avg = sum(sum(c.values()) for c in counts) / max(k, 1)
    keywords = []
    for c in counts:
        size = sum(c.values()) or 1
        scored = sorted(
            ((-(tf / size) * math.log(1 + avg / total[w]), w) for w, tf in c.items() if tf >= 2)
        ) or sorted(((-tf, w) for w, tf in c.items()))
        chosen: list[str] = []
        for _, w in scored:
            if any(w in kept.split() or kept in w.split() for kept in chosen):
                continue
            chosen.append(w)
            if len(chosen) == top:
                break
        keywords.append(chosen)
    return keywords


def _short_label(words: Sequence[str]) -> str:
    """Without an embedder: the first phrase among the top keywords, else the top word."""
    if not words:
        return ""
    for w in words[:3]:
        if " " in w or "-" in w:
            return w
    return words[0]


# Words that lead into a noun phrase without naming anything; an interjection there is
# a filler ("for like 4 bucks" was a theme's label)
_LEAD = ("DET", "PRON", "PUNCT", "CCONJ", "ADP", "PART", "NUM", "SYM", "ADV", "INTJ")
# Swearing and intensifiers in front of a noun say how, not what ("fucking vaporizer")
_INTENSIFIERS = frozenset("fucking fuckin freaking frigging damn damned goddamn "
                          "very really totally".split())
# Laughter the tagger reads as a name ("Hahaha") and drawn-out words ("priiiice"): how
# someone reacts, not what a theme is about
_EXPRESSIVE = re.compile(r"^(?:(?:ha|he|hi){2,}h?|lo+l+|lmf?a+o+|rofl+)$|([a-z])\1\1")
# Latin abbreviations that lead into an example ("a power problem eg not enough power")
_ABBREVIATIONS = frozenset("eg e.g ie i.e etc cf viz".split())


def _is_address(tok) -> bool:
    """An @handle, a hashtag or a link: who, where or a tag, never a theme's name."""
    # "@name", "RT@name", an e-mail address; spaCy splits "#tag" into "#" and "tag"
    return "@" in tok.text or tok.text.startswith("#") or tok.like_url


# "of course", "in fact": a preposition and a noun that together are an adverb
_IDIOMS = frozenset(
    """of:course in:fact for:example for:instance in:theory in:practice in:reality
    in:turn in:addition in:part in:end""".split()
)


def _shouted(toks) -> bool:
    """WORDS IN CAPITALS for emphasis: the tagger reads them as names ("COMPLETELY
    IRRELEVANT" -> PROPN PROPN), so they are no phrase; one acronym ("NATO") is."""
    letters = [t.text for t in toks if t.is_alpha]
    return bool(letters) and all(w.isupper() for w in letters) and (
        len(letters) > 1 or len(letters[0]) >= 7)


def _idiom(chunk, toks) -> bool:
    """One noun after its preposition in an adverb ("in the end") is no theme."""
    if len(toks) != 1 or chunk.start == 0:
        return False
    prev = chunk.doc[chunk.start - 1]
    return f"{prev.lower_}:{toks[0].lemma_.lower()}" in _IDIOMS


def label_keys(phrase: str) -> set[str]:
    """Two labels that share a key differ only in case or a plural ending ("religion",
    "Religions"; "bus", "buses"; "case", "cases") and name the same theme."""
    words = phrase.lower().split()
    s_off = " ".join(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words)
    es_off = " ".join(w[:-2] if len(w) > 4 and w.endswith(("ses", "xes", "zes", "ches", "shes"))
                      else w for w in words)
    return {s_off, es_off, " ".join(words)}


def _unique(names: list[str], keywords: list[list[str]]) -> list[str]:
    """No two themes with the same name: a later one takes its first keyword no other
    theme's name has, else its number (a thread of near-identical comments once showed
    two themes called "bus")."""
    used: set[str] = set()
    out = []
    for i, name in enumerate(names):
        if label_keys(name) & used:
            name = next((w for w in keywords[i] if not label_keys(w) & used), f"{name} ({i + 1})")
        used |= label_keys(name)
        out.append(name)
    return out


def _phrases(doc, stop: frozenset[str] = frozenset()) -> list[str]:
    """Noun phrases of one unit as a reader would write them: no leading article,
    pronoun or quote mark, 1-6 words, at least one content noun."""
    out = []
    if not doc.has_annotation("DEP"):
        return out
    for chunk in doc.noun_chunks:
        toks = list(chunk)
        # "@FoxNews sigh" names a theme by the account it answers: handles, tags and
        # links at either end go, and a phrase with one inside is no label
        while toks and _is_address(toks[0]):
            toks = toks[1:]
        while toks and _is_address(toks[-1]):
            toks = toks[:-1]
        if any(_is_address(t) for t in toks):
            continue
        cut = []
        while toks and (toks[0].pos_ in _LEAD or toks[0].is_stop or not toks[0].text.strip()
                        or toks[0].lower_ in stop
                        or toks[0].lower_ in _INTENSIFIERS
                        or toks[0].lower_.rstrip(".") in _ABBREVIATIONS):
            if len(toks) > 1 and (toks[1].text in ("-", "%") and not toks[0].whitespace_
                                  or toks[0].pos_ == "NUM" and toks[1].lower_ == "percent"):
                break  # "four-day week", "7% savings", "30 percent cut" keep their number
            cut.append(toks[0])
            toks = toks[1:]
        # a modifier cut from a verb form the phrase keeps leaves it saying something
        # else: "various longer run aims" is no "run aims", "the most widely used tool"
        # no "used tool" ("an entirely new color" is still a "new color")
        if any(t.pos_ in ("ADV", "ADJ") and t.head in toks and t.head.pos_ == "VERB"
               for t in cut):
            continue
        while toks and toks[0].text == "%":  # what is left of "about 7 %": no label
            toks = toks[1:]
        while toks and (toks[-1].pos_ in ("PUNCT", "SYM") or not toks[-1].text.strip()
                        or toks[-1].lower_.rstrip(".") in _ABBREVIATIONS):
            toks = toks[:-1]
        if not toks or len(toks) > 6 or _shouted(toks) or _idiom(chunk, toks):
            continue
        heads = [t for t in toks if t.pos_ in ("NOUN", "PROPN") and not t.is_stop
                 and t.lower_ not in stop
                 and t.lemma_.lower() not in _BOILERPLATE and len(t.text) > 2
                 and not _EXPRESSIVE.search(t.lower_)]
        if not heads or any(t.pos_ == "PRON" for t in toks):
            continue
        # "twitter thread", "fair point": a phrase whose head is talk about the talk
        if chunk.root.lemma_.lower() in _BOILERPLATE:
            continue
        text = "".join(t.text_with_ws for t in toks).strip().strip("“”\"'()[]")
        # markup and symbols (a Markdown table cell "|Car |-$251 |") are no phrase
        if (text and len(text) <= 6 * MAX_WORD
                and not any(ch in text for ch in "\n“”\"()[]|*_=<>{}~^\\")):
            # "Protected lanes" at a sentence start reads "protected lanes"; "API access" stays
            sentence_case = text[:1].isupper() and text[1:2].islower()
            out.append(text[0].lower() + text[1:]
                       if sentence_case and toks[0].pos_ != "PROPN" else text)
    return out


def phrase_labels(
    docs: list, vectors: np.ndarray, labels: list[int], k: int, embed,
    stop: frozenset[str] = frozenset(),
) -> list[str]:
    """Per theme, the noun phrase of its own units nearest its centroid and far from
    the other themes' centroids (the words a moderator would put on the theme).

    Similarity is taken after removing the debate's mean vector, as in `cluster`, so a
    phrase about the whole debate ("the model") does not win every theme.
    """
    x = np.asarray(vectors, dtype=np.float64)
    mean = x.mean(axis=0)
    cents = np.stack([x[np.asarray(labels) == c].mean(axis=0) - mean for c in range(k)])
    cents /= np.maximum(np.linalg.norm(cents, axis=1, keepdims=True), 1e-12)
    found: list[Counter] = [Counter() for _ in range(k)]
    phrases = [_phrases(doc, stop) if lab >= 0 else []
               for doc, lab in zip(docs, labels, strict=True)]
    for ps, lab in zip(phrases, labels, strict=True):
        if lab >= 0:
            found[lab].update(set(ps))
    # Only the phrases of each theme's most central units are embedded (until
    # LABEL_CANDIDATES are found): on a 1,000-comment thread embedding every distinct
    # phrase cost more than the clustering itself.
    central = (x - mean) @ cents.T
    cands: list[Counter] = [Counter() for _ in range(k)]
    for c in range(k):
        members = [i for i, lab in enumerate(labels) if lab == c]
        for i in sorted(members, key=lambda i: (-central[i, c], i)):
            if len(cands[c]) >= LABEL_CANDIDATES:
                break
            for p in phrases[i]:
                cands[c][p] = found[c][p]
    texts = sorted({p for c in cands for p in c})
    if not texts:
        return [""] * k
    pv = np.asarray(embed(texts), dtype=np.float64) - mean
    pv /= np.maximum(np.linalg.norm(pv, axis=1, keepdims=True), 1e-12)
    row = {t: i for i, t in enumerate(texts)}
    sims = pv @ cents.T  # phrase x theme
    out, used = [], set()
    for c in range(k):
        best, best_score = "", -np.inf
        for p, n in sorted(cands[c].items()):
            if label_keys(p) & used:
                continue
            others = np.delete(sims[row[p]], c)
            elsewhere = sum(found[j][p] for j in range(k) if j != c)
            score = (sims[row[p], c] - 0.5 * (others.max() if len(others) else 0.0)
                     + 0.05 * math.log(n) - 0.05 * math.log(1 + elsewhere)
                     # a name ("Claude", "Sam Marks") says who, not what the theme is about
                     + (-0.1 if _is_name(p) else 0.1 if " " in p or "-" in p else 0.0))
            if score > best_score:
                best, best_score = p, score
        used |= label_keys(best)
        out.append(best)
    return out


def _is_name(phrase: str) -> bool:
    """Every word capitalised: "Claude", "Sam Marks" (a phrase's first word alone is not)."""
    words = phrase.replace("-", " ").split()
    return bool(words) and all(w[:1].isupper() for w in words)


def find_themes(
    units: tuple[Unit, ...],
    vectors: np.ndarray,
    nlp,
    *,
    min_size: int = 3,
    neighbours: int = 10,
    resolution: float = 1.5,
    seed: int = 0,
    guided: Sequence[str] = (),
    name_vectors: np.ndarray | None = None,
    context: float = 1.0,
    lexical_weight: float = 1.0,
    embed=None,
    docs: Sequence | None = None,
) -> tuple[tuple[Unit, ...], tuple[Theme, ...]]:
    """Assign each unit a theme id and describe the themes.

    With `guided` names (and their embeddings in `name_vectors`) the themes are
    those names, in the order given, plus "other"; otherwise they are found and each
    is named by a phrase of its own units (`phrase_labels`, when `embed` — texts to
    normalised vectors, the same model as `vectors` — is given) plus keywords.
    `docs`, one parsed Doc per unit (`mine.split_units_with_docs`), saves parsing again.
    """
    if not units:  # a thread of emoji or bare links has no claim to group
        return units, ()
    if docs is None or len(docs) != len(units):
        docs = list(nlp.pipe([u.text for u in units], disable=["ner"]))
    # the English pipeline reads "die" and "nicht" as words of content
    stop = stop_words(guess_language("\n".join(u.text for u in units)))
    if guided:
        if name_vectors is None or len(name_vectors) != len(guided):
            raise ValueError("guided themes need one name vector per name")
        raw = guided_cluster(vectors, name_vectors)
        other = len(guided)
        labels = [other if lab < 0 else lab for lab in raw]
        keywords = label_clusters(docs, labels, k=other + 1, stop=stop)
        names = [*guided, OTHER_LABEL]
    else:
        labels = cluster(
            with_comment_context(units, vectors, context),
            min_size=min_size, neighbours=neighbours, resolution=resolution, seed=seed,
            lexical=lexical_features(lemma_texts(docs), stop) if lexical_weight else None,
            lexical_weight=lexical_weight,
        )
        keywords = label_clusters(docs, labels, stop=stop)
        k = len(keywords)
        phrases = phrase_labels(docs, vectors, labels, k, embed, stop) if embed else [""] * k
        names = _unique([phrases[i] or _short_label(words) or f"theme {i + 1}"
                         for i, words in enumerate(keywords)], keywords)
    themes = []
    for k, (name, words) in enumerate(zip(names, keywords, strict=True)):
        members = tuple(u.id for u, lab in zip(units, labels, strict=True) if lab == k)
        if guided and not members and name == OTHER_LABEL:
            continue
        themes.append(Theme(id=f"t{k + 1}", label=name, keywords=tuple(words), unit_ids=members))
    new_units = tuple(
        replace(u, theme_id=f"t{lab + 1}") for u, lab in zip(units, labels, strict=True)
    )
    return new_units, tuple(themes)
