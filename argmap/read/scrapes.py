"""Duplicate scrapes: one file holding the same thread more than once.

A scraper run twice (or a copy pasted twice) gives a file where the thread
*restarts*: the root's first paragraph appears again and is followed by the same
paragraphs as at the top. The copies are rarely identical: one may have lost the
quote paragraphs, each may lack a comment the other has. We align the copies
paragraph by paragraph (difflib on normalised keys) and keep the union: a paragraph
in both copies once, a paragraph in one copy where that copy has it. Every merged
paragraph remembers which copies held it, which is itself evidence for the reader:
a run of paragraphs that only one scrape has is most plausibly a whole comment the
other scrape dropped.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

from argmap.read.quotes import MIN_QUOTE_WORDS, key

__all__ = ["Para", "split_copies", "merge_copies"]

RESTART_WINDOW = 20  # paragraphs compared after a candidate restart
SAME_PARAGRAPH = 0.9  # word-level difflib ratio above which two paragraphs are one, edited


@dataclass(frozen=True)
class Para:
    """A paragraph of the merged thread and the copies (0-based) that held it."""

    text: str
    copies: frozenset[int]


def split_copies(paragraphs: list[str]) -> list[tuple[int, int]]:
    """The (start, end) paragraph ranges of each copy of the thread in the file.

    A copy starts where the first paragraph recurs *and* the paragraphs after it
    largely repeat the paragraphs at the top. A reply quoting the root's opening
    paragraph fails the second test: what follows it is the reply's own text.
    """
    keys = [key(p) for p in paragraphs]
    if not keys or not keys[0]:
        return [(0, len(keys))]
    starts = [0]
    for k in range(2, len(keys)):
        if keys[k] != keys[0] or k - starts[-1] < 2:
            continue
        width = min(k - starts[-1], RESTART_WINDOW)
        top, here = keys[starts[-1] : starts[-1] + width], keys[k : k + width]
        same = sum(b.size for b in SequenceMatcher(None, top, here, autojunk=False)
                   .get_matching_blocks())
        if same >= max(2, width // 2):
            starts.append(k)
    ends = starts[1:] + [len(keys)]
    return list(zip(starts, ends, strict=True))


def _quote_like(text: str, others: list[str]) -> bool:
    """A paragraph that is contained in a longer paragraph of the file (a quote)."""
    k = key(text)
    if len(k.split()) < MIN_QUOTE_WORDS:
        return False
    return any(k != o and f" {k} " in f" {o} " for o in others)


def _place(a: list[Para], b: list[Para], all_keys: list[str]) -> list[Para]:
    """Order two runs that differ between copies: each run's trailing quotes go last,
    because a quote paragraph opens the comment that follows it."""

    def split_tail(run: list[Para]) -> tuple[list[Para], list[Para]]:
        n = len(run)
        while n and _quote_like(run[n - 1].text, all_keys):
            n -= 1
        return run[:n], run[n:]

    a_body, a_tail = split_tail(a)
    b_body, b_tail = split_tail(b)
    return a_body + b_body + a_tail + b_tail


def _merge_two(merged: list[Para], copy: list[str], idx: int, all_keys: list[str]) -> list[Para]:
    mk, ck = [key(p.text) for p in merged], [key(t) for t in copy]
    out: list[Para] = []
    ops = SequenceMatcher(None, mk, ck, autojunk=False).get_opcodes()
    for op, i1, i2, j1, j2 in ops:
        if op == "equal":
            out += [Para(p.text, p.copies | {idx}) for p in merged[i1:i2]]
        elif op == "delete":
            out += merged[i1:i2]
        elif op == "insert":
            out += [Para(t, frozenset({idx})) for t in copy[j1:j2]]
        else:  # replace: pair up paragraphs edited between scrapes, keep the rest
            a = list(merged[i1:i2])
            twins = _edited_twins([k.split() for k in mk[i1:i2]], [k.split() for k in ck[j1:j2]])
            for n in twins:
                a[n] = Para(a[n].text, a[n].copies | {idx})
            paired = set(twins.values())
            b = [Para(t, frozenset({idx})) for m, t in enumerate(copy[j1:j2]) if m not in paired]
            out += _place(a, b, all_keys)
    return out


def _edited_twins(words_a: list[list[str]], words_b: list[list[str]]) -> dict[int, int]:
    """Pair each paragraph of `a` with the first unpaired paragraph of `b` that is it,
    edited (word-level difflib ratio >= SAME_PARAGRAPH), as {a index: b index}.

    Comparing every pair costs |a| x |b| difflib runs, and a second scrape in another
    order makes the block as long as the thread. A twin shares most words, so the
    candidates come from an index: with ratio >= 0.9 the twin's length is within a
    factor 0.818 and at most 18.2 % of `a`'s words go unmatched, so the twin holds one of
    any words of `a` that cover more positions than that. The rarest such words
    give a short candidate list; difflib then decides, in `b` order, as before.
    """
    posting: dict[str, list[int]] = {}
    for m, words in enumerate(words_b):
        for w in set(words) or {""}:
            posting.setdefault(w, []).append(m)
    taken: set[int] = set()
    twins: dict[int, int] = {}
    for n, ka in enumerate(words_a):
        counts: dict[str, int] = {}
        for w in ka:
            counts[w] = counts.get(w, 0) + 1
        need = int(len(ka) * (1 - SAME_PARAGRAPH / (2 - SAME_PARAGRAPH)) + 1e-6) + 1
        chosen: set[int] = set()
        covered = 0
        for w in sorted(counts, key=lambda w: len(posting.get(w, ()))) or [""]:
            chosen.update(posting.get(w, ()))
            covered += counts.get(w, 1)
            if covered >= need:
                break
        for m in sorted(chosen - taken):
            sm = SequenceMatcher(None, ka, words_b[m], autojunk=False)
            # the quick ratios are upper bounds of ratio(): cheap rejections, same answer
            if (sm.real_quick_ratio() >= SAME_PARAGRAPH and sm.quick_ratio() >= SAME_PARAGRAPH
                    and sm.ratio() >= SAME_PARAGRAPH):
                twins[n] = m
                taken.add(m)
                break
    return twins


def merge_copies(paragraphs: list[str]) -> tuple[list[Para], list[str]]:
    """The union of the thread's copies in reading order, and notes on what was merged."""
    ranges = split_copies(paragraphs)
    if len(ranges) == 1:
        return [Para(p, frozenset({0})) for p in paragraphs], []
    all_keys = [key(p) for p in paragraphs]
    merged = [Para(p, frozenset({0})) for p in paragraphs[slice(*ranges[0])]]
    for idx, (start, end) in enumerate(ranges[1:], 1):
        merged = _merge_two(merged, paragraphs[start:end], idx, all_keys)
    spans = _few([f"{s + 1}-{e}" for s, e in ranges])
    everywhere = sum(len(p.copies) == len(ranges) for p in merged)
    alone = Counter(next(iter(p.copies)) for p in merged if len(p.copies) == 1)
    # thousands of copies: name only the ones that add something
    named = range(len(ranges)) if len(ranges) <= NOTE_ITEMS else sorted(alone)
    only = [_few([f"copy {i + 1} alone has {alone[i]}" for i in named])
            or "no copy adds a paragraph"]
    note = (
        f"merged {len(ranges)} copies of the thread (paragraphs {spans}) into "
        f"{len(merged)} paragraphs: {everywhere} in every copy, {', '.join(only)}"
    )
    return merged, [note]


NOTE_ITEMS = 6  # a note names at most this many copies; one line stays one line


def _few(items: list[str]) -> str:
    """At most NOTE_ITEMS items, the rest counted: a note must stay readable."""
    if len(items) <= NOTE_ITEMS:
        return ", ".join(items)
    return f"{', '.join(items[:NOTE_ITEMS - 1])}, … ({len(items) - NOTE_ITEMS + 1} more)"
