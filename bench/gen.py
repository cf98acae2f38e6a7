"""Deterministic synthetic debate threads of any size, built from real text and real trees.

A benchmark on one 40-comment sample says nothing about 8,000 comments, and random
words say nothing about real ones. So a synthetic thread here is stitched from real
parts: the sample debate opens it; then come real reply trees from RumourEval (their
shapes, and their texts on first use), each subtree on one real motion from ArgKP or
IBM Claim Stance whose arguments lengthen the comments to forum size. On top, the
two quirks the sample shows: a reply that quotes its parent repeats one of the
parent's sentences verbatim as its own first line, and some paragraphs are posted
twice. Same size and seed give the same bytes.

The texts stay in `bench/out/` (git-ignored): they are shared data, not ours to commit.
"""

from __future__ import annotations

import json
import random
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "Pools", "SynthComment", "load_pools", "generate", "to_text", "to_json", "write_thread",
    "write_reddit", "QUOTE_RATE", "DUPLICATE_RATE",
]

ROOT = Path(__file__).resolve().parent.parent
# `../shared/data` beside the repository; a worktree sits one level deeper.
DEFAULT_DATA = next(
    (d for d in (ROOT.parent / "shared" / "data", ROOT.parent.parent / "shared" / "data")
     if d.is_dir()),
    ROOT.parent / "shared" / "data",
)
DEFAULT_SAMPLE = ROOT / "corpus" / "lesswrong-agentic-misalignment.txt"

# Proportions, from the sample debate: 8 of its ~40 replies open with a verbatim quote
# of their parent, and a forum thread re-posts a paragraph now and then.
QUOTE_RATE = 0.18
DUPLICATE_RATE = 0.03
# Extra arguments of the same motion in one comment, so comments reach forum length
# (the sample's paragraphs average ~45 words; one ArgKP argument ~19).
EXTRA_WEIGHTS = (0.45, 0.35, 0.2)  # 0, 1 or 2 extra arguments

# Share of reply trees that keep their own RumourEval texts (tweets, Reddit replies).
OWN_TEXT_RATE = 0.35

_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"'(])")


@dataclass(frozen=True)
class Tree:
    """A real reply tree's shape: node texts and parent indices (-1 for the root)."""

    texts: tuple[str, ...]
    parents: tuple[int, ...]


@dataclass
class Pools:
    """The real material a thread is made of."""

    sample: list[str]
    topics: dict[str, list[str]]
    trees: list[Tree]


@dataclass
class SynthComment:
    id: str
    parent_id: str | None
    author: str
    paragraphs: list[str] = field(default_factory=list)
    quote_of: str | None = None  # id of the comment whose sentence opens this one
    duplicate_of: str | None = None  # id of a comment one of whose paragraphs this repeats

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


def _clean(text: str) -> str:
    return " ".join(str(text).split())


def _read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _trees(rows: list[dict]) -> list[Tree]:
    """RumourEval rows into reply trees, parents before children, orphans dropped."""
    by_thread: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        if r.get("thread_id") is not None:
            by_thread[str(r["thread_id"])].append(r)
    trees = []
    for tid in sorted(by_thread):
        rs = by_thread[tid]
        root_text = _clean(rs[0].get("target") or "")
        if not root_text:
            continue
        children: dict[str, list[dict]] = defaultdict(list)
        for r in rs:
            children[str(r.get("parent_id"))].append(r)
        texts, parents = [root_text], [-1]
        stack = [(tid, 0)]
        while stack:  # depth-first, children in file order
            node, idx = stack.pop()
            for r in reversed(children.get(node, [])):
                text = _clean(r.get("text") or "")
                if not text:
                    continue
                texts.append(text)
                parents.append(idx)
                stack.append((str(r["id"]).split(":")[-1], len(texts) - 1))
        if len(texts) >= 2:
            trees.append(Tree(tuple(texts), tuple(parents)))
    return trees


def load_pools(data_dir: Path = DEFAULT_DATA, sample: Path = DEFAULT_SAMPLE) -> Pools:
    """Read the sample debate and the shared data sets (only the parts a thread needs)."""
    lines = [_clean(ln) for ln in Path(sample).read_text(encoding="utf-8").splitlines()]
    sample_pars = list(dict.fromkeys(ln for ln in lines if ln))
    topics: dict[str, list[str]] = defaultdict(list)
    for name in ("argkp", "claim-stance"):
        for r in _read_jsonl(Path(data_dir) / name / "pairs.jsonl"):
            text = _clean(r.get("text") or "")
            if text and r.get("topic"):
                topics[f"{name}:{r['topic']}"].append(text)
    topics = {k: list(dict.fromkeys(v)) for k, v in sorted(topics.items()) if len(set(v)) >= 5}
    trees = _trees(_read_jsonl(Path(data_dir) / "rumoureval" / "pairs.jsonl"))
    if not sample_pars or not topics or not trees:
        raise ValueError(
            f"{data_dir}: need the sample, argkp/claim-stance topics and rumoureval trees"
        )
    return Pools(sample_pars, dict(topics), trees)


def _sentences(text: str) -> list[str]:
    return [s for s in _SENT.split(text) if len(s.split()) >= 4]


class _Draw:
    """Arguments of one topic drawn without replacement, reshuffled when used up."""

    def __init__(self, items: list[str], rng: random.Random):
        self.items, self.rng, self.queue = items, rng, []

    def take(self) -> str:
        if not self.queue:
            self.queue = self.items[:]
            self.rng.shuffle(self.queue)
        return self.queue.pop()


def generate(n: int, pools: Pools, *, seed: int = 0) -> list[SynthComment]:
    """A thread of exactly `n` comments (n >= 1), in reading (depth-first) order."""
    if n < 1:
        raise ValueError("a thread needs at least one comment")
    rng = random.Random(f"argmap-bench:{seed}:{n}")
    authors = [f"user{k:04d}" for k in range(max(8, n // 6))]
    # Zipf-like activity: a few people write much of a long thread.
    weights = [1 / (k + 1) for k in range(len(authors))]
    topic_names = sorted(pools.topics)
    rng.shuffle(topic_names)
    draws = {t: _Draw(pools.topics[t], rng) for t in topic_names}
    tree_order = list(range(len(pools.trees)))
    rng.shuffle(tree_order)
    used_trees: set[int] = set()

    comments: list[SynthComment] = []
    # Subtree 0: the sample debate as a chain of replies, as the plain-text reader sees it.
    for i, par in enumerate(pools.sample[:n]):
        comments.append(SynthComment(
            id=f"c{len(comments) + 1}", parent_id=comments[-1].id if i else None,
            author=rng.choices(authors, weights)[0], paragraphs=[par],
        ))
    root_id = comments[0].id
    k = 0
    while len(comments) < n:
        ti = tree_order[k % len(tree_order)]
        topic = topic_names[k % len(topic_names)]
        k += 1
        tree = pools.trees[ti]
        # A fixed share of subtrees keep their own real replies, the rest speak on a
        # motion, so the mix of texts is the same at every size.
        own = ti not in used_trees and rng.random() < OWN_TEXT_RATE
        used_trees.add(ti)
        ids: list[str] = []
        for j, parent in enumerate(tree.parents):
            if len(comments) >= n:
                break
            if own:
                body = tree.texts[j]
            else:
                extra = rng.choices(range(len(EXTRA_WEIGHTS)), EXTRA_WEIGHTS)[0]
                body = " ".join(draws[topic].take() for _ in range(1 + extra))
            cid = f"c{len(comments) + 1}"
            ids.append(cid)
            comments.append(SynthComment(
                id=cid, parent_id=ids[parent] if parent >= 0 else root_id,
                author=rng.choices(authors, weights)[0], paragraphs=[body],
            ))
    _add_quotes(comments, rng)
    _add_duplicates(comments, rng)
    return _reading_order(comments)


def _add_quotes(comments: list[SynthComment], rng: random.Random) -> None:
    """Some replies open by repeating one sentence (or its first part) of their parent."""
    by_id = {c.id: c for c in comments}
    for c in comments:
        if c.parent_id is None or rng.random() >= QUOTE_RATE:
            continue
        sents = _sentences(by_id[c.parent_id].paragraphs[-1])
        if not sents:
            continue
        quote = rng.choice(sents)
        words = quote.split()
        if len(words) > 12 and rng.random() < 0.3:  # sometimes only part of it
            quote = " ".join(words[: rng.randint(8, len(words) - 1)])
        c.paragraphs.insert(0, quote)
        c.quote_of = c.parent_id


def _add_duplicates(comments: list[SynthComment], rng: random.Random) -> None:
    """A few comments repeat an earlier comment's paragraph verbatim (a re-post)."""
    for i, c in enumerate(comments):
        if i < 10 or rng.random() >= DUPLICATE_RATE:
            continue
        src = comments[rng.randrange(0, i - 5)]
        c.paragraphs.append(src.paragraphs[-1])
        c.duplicate_of = src.id


def _reading_order(comments: list[SynthComment]) -> list[SynthComment]:
    """Depth-first, children in creation order: how a nested forum page reads."""
    children: dict[str | None, list[SynthComment]] = defaultdict(list)
    for c in comments:
        children[c.parent_id].append(c)
    out: list[SynthComment] = []
    stack = list(reversed(children[None]))
    while stack:
        c = stack.pop()
        out.append(c)
        stack.extend(reversed(children[c.id]))
    return out


def to_text(comments: list[SynthComment]) -> str:
    """The sample's plain-text dump: one paragraph a line, no authors, quotes unmarked."""
    return "".join(f"{p}\n" for c in comments for p in c.paragraphs)


def to_json(comments: list[SynthComment], title: str) -> str:
    """The same thread with its structure explicit: ids, parents, authors, quote truth."""
    doc = {
        "title": title,
        "generator": "argmap bench.gen",
        "comments": [
            {"id": c.id, "parent_id": c.parent_id, "author": c.author, "text": c.text,
             "quote_of": c.quote_of, "duplicate_of": c.duplicate_of}
            for c in comments
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1)


def write_thread(n: int, out_dir: Path, pools: Pools, *, seed: int = 0) -> dict[str, Path]:
    """Write `synthetic-<n>.txt` and `synthetic-<n>.json` into `out_dir`."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    comments = generate(n, pools, seed=seed)
    name = f"synthetic-{n}"
    paths = {"text": out_dir / f"{name}.txt", "json": out_dir / f"{name}.json"}
    paths["text"].write_text(to_text(comments), encoding="utf-8")
    paths["json"].write_text(to_json(comments, name), encoding="utf-8")
    return paths


def write_reddit(n: int, out_dir: Path, data_dir: Path = DEFAULT_DATA) -> dict[str, Path]:
    """Write `reddit-<n>.txt` and `.json`: real Reddit threads, text and tree untouched.

    The overhead the issue measured was on real Reddit threads of about 200 comments
    (here 205 comments make 498 units, where the synthetic 200 make 365). Coarse
    Discourse's threads hold at most about 40 comments, so the largest ones (in a
    fixed order) hang under one opening post until there are at least `n` comments: a
    megathread whose every subtree, text and reply is real. The text is the page copy
    the reader's development set uses (`argmap.read.devset.flatten`).
    """
    from argmap.read.devset import Node, Tree, flatten, load_coarse

    trees = sorted(load_coarse(Path(data_dir) / "coarse-discourse" / "threads.jsonl"),
                   key=lambda t: (-len(t.nodes), t.id))
    nodes = [Node("r0", None, "Megathread\n\nThe week's discussions, one thread each.",
                  "moderator")]
    for t in trees:
        if len(nodes) >= n:
            break
        nodes += [Node(f"{t.id}:{x.id}", f"{t.id}:{x.parent}" if x.parent else "r0", x.text,
                       x.author) for x in t.nodes]
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    name = f"reddit-{n}"
    paths = {"text": out_dir / f"{name}.txt", "json": out_dir / f"{name}.json"}
    paths["text"].write_text(flatten(Tree(name, nodes)).text, encoding="utf-8")
    doc = [{"id": x.id, "parent_id": x.parent, "author": x.author or "[deleted]", "text": x.text}
           for x in nodes]
    paths["json"].write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    return paths
