"""Who answers whom in a plain-text paste: the parent of each comment the reader cut.

Threads are pasted depth first, so a comment answers the previous comment or one of
its ancestors. `choose_parents` scores those candidates with the fitted parent model
(`learn.PARENT`, with meaning signals from `comment_vectors` where an embedder is
given), keeps a prior toward the previous comment per thread style (`thread_style`),
and applies what a page says outright: quotes, headers that place a comment, and who
wrote what. `_parents_rules` is the long-form reading's rule-based choice. Every
choice carries its confidence and its evidence in words.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Any

from argmap.read import cues, learn
from argmap.read.draft import Draft
from argmap.read.language import guess_language
from argmap.read.quotes import key
from argmap.words import is_deleted

__all__ = ["choose_parents", "edge_confidence", "thread_style", "parent_prior", "comment_vectors",
           "PARENT_STYLES", "MAX_ANCESTORS"]

_STOP = learn._STOP  # one list of words too common to tie two comments together

MAX_ANCESTORS = 12  # how far up the reply chain a parent is looked for

# A comment's meaning for the parent choice is read from its opening: held out, the
# first 300 characters placed parents as well as the whole comment (Reddit 0.597 vs
# 0.591 in the same probe), and the first 200, refitted, within 0.004 of 300 on every
# source at two thirds of the text to embed (docs/reading.md).
MEANING_CHARS = 200
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+")

TAKEUP_MARGIN = 1.6  # an ancestor must share this many times more than the previous comment


def _words(text: str) -> Counter[str]:
    """Content words cut to six letters: a crude stem ("volunteered" ~ "volunteer")."""
    return Counter(
        w[:6] for w in re.findall(r"[a-z][a-z'-]{3,}", text.lower()) if w not in _STOP
    )


def _tfidf(drafts: list[Draft]) -> list[dict[str, float]]:
    bags = [_words(" ".join(d.own)) for d in drafts]
    df = Counter(w for b in bags for w in b)
    n = len(bags)
    vecs = []
    for b in bags:
        v = {w: c * math.log(1 + n / df[w]) for w, c in b.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vecs.append({w: x / norm for w, x in v.items()})
    return vecs


def _cos(a: dict[str, float], b: dict[str, float]) -> float:
    return sum(x * b.get(w, 0.0) for w, x in a.items())


_ADDRESS = re.compile(r"@\w")
_PERSONAL = re.compile(r"\b(?:i|i'm|i've|i'd|i'll|me|my|mine|you|you're|you've|you'd|"
                       r"your|yours|u)\b", re.I)
PARENT_STYLES = ("forum", "address", "list")
_QUESTION = re.compile(r"\?(?:\s|$|[\"')\]])")  # a question mark ending a question, not a URL's
# "Replies so far to the candidate" counts the reader's own earlier choices at reading
# time, but only those at least this sure: the model learned the signal from true
# trees, and counting its unsure guesses fed on itself (in RumourEval's 151-reply
# thread the opening post, given most unsure replies, drew more and more of them).
# Chosen on the tuning threads by the parent fit's rule, the worst source's gain over
# the chain (0: +0.088, 0.5: +0.105, 0.6: +0.106, 0.7: +0.101, never: +0.088). The
# readers that look for authors (Markdown, mail, page copies) still count every
# choice: the author rules keep replies on their conversation, and on the tuning
# threads written as such copies counting only sure choices lost 0.003-0.004
# (`bench.hn_copy --part tune`). Where such a reader found no name at all, no author
# rule can fire and the choices count as a plain paste's do: on the development
# threads written as Markdown without names (comments between "---"), tuning 0.686 vs
# 0.685 (a tie), held out Reddit 0.675 -> 0.681, RumourEval Reddit 0.556 -> 0.565.
COUNTED_CONFIDENCE = 0.6

# A counterpoint ("Counterpoint:", or "However, ..." among impersonal arguments)
# answers the point just before it: that comment leads the others by this margin.
ROLE_MARGIN = 2.0

# How sure a parent chosen by who wrote what can be: on the Coarse Discourse threads
# 1,360 of 1,412 answered-back replies answer the comment before (96 %), and 72 of the
# 1,610 replies with a candidate by their own author answer it (95.5 % do not).
# A quote says which comment a reply answers: right for 99.9 % of the held-out digests'
# replies (bench.hn_copy), stated as the author rules are; the odd real reply quotes an
# earlier message for context while it answers another.
QUOTE_CONFIDENCE = 0.95
AUTHOR_RULE_CONFIDENCE = 0.95
LIST_MIN_REPLIES = 5
# Probabilities are held inside [0.01, 0.99] before the calibration takes their
# log-odds: a boundary probability of 1.0 (a first reply, an @reply) is no infinite evidence.
CALIBRATION_CLIP = 0.01


def thread_style(drafts: list[Draft]) -> str:
    """"address" when most replies open by naming whom they answer ("@name"); "list"
    when at least `LIST_MIN_REPLIES` replies and under a tenth of them say "I" or
    "you"; else "forum".

    On Twitter-like threads a reply names its addressee and most replies answer the
    opening post; in forum threads unmarked replies mostly go on the conversation. A
    list of impersonal arguments under a claim (a debate portal's page: 94 % of the
    development set's pages, against 3 % of its Reddit threads, where people talk to
    each other) answers the claim, every one. Each style wants its own prior toward
    the previous comment (`PARENT_STYLES`).
    """
    replies = [d for d in drafts[1:] if d.own]
    named = sum(d.addressed or bool(_ADDRESS.match(d.own[0])) for d in replies)
    if replies and named >= 0.5 * len(replies):
        return "address"
    said = [" ".join(d.own) for d in replies]
    personal = sum(bool(_PERSONAL.search(t)) for t in said)
    # "I" and "you" are English words: a German thread saying "ich" and "du" is no list
    if (len(replies) >= LIST_MIN_REPLIES and personal < 0.1 * len(replies)
            and guess_language("\n".join(said)) == "English"):
        return "list"
    return "forum"


def parent_prior(part: str = "parent") -> tuple[dict[str, float], float]:
    """The fitted margin per style, and the boundary probability under which a
    comment is taken for a fragment (see `choose_parents`); (no prior, no skip) before fitting."""
    m = learn.model().get(part, {})
    return dict(m.get("margin", {})), float(m.get("fragment_p", 0.0))


def choose_parents(
    drafts: list[Draft], gold: list[int | None] | None = None,
    collect: list[tuple[list[float], bool]] | None = None, keep: list[bool] | None = None,
    margin: dict[str, float] | None = None, fragment_p: float | None = None,
    vectors: Any | None = None, places: list[tuple[int, bool | None] | None] | None = None,
    authors: list[str | None] | None = None,
    fixed: dict[int, tuple[int, float, str]] | None = None,
    shares: list[tuple[float, float, str] | None] | None = None,
) -> list[tuple[int | None, float, str]]:
    """Parent index, confidence and evidence for each comment (None for the root).

    Threads are read depth first, so a comment answers the previous comment or
    one of its ancestors; each candidate gets the `learn.PARENT` signals and the
    fitted model scores it. Two things keep that score honest across sources:

    - **A prior toward the previous comment.** Where conversations run as chains
      (RumourEval's Reddit threads) a model that learned "most replies answer the
      opening post" loses to the naive chain; so another candidate wins only when
      its score beats the previous comment's by a margin, fitted per thread style
      (`thread_style`) on the tuning threads for the worst source's gain over the chain.
      Without authors, the replies a candidate already has count only where the reader
      was sure (`COUNTED_CONFIDENCE`), so unsure guesses do not pull more replies after them.
    - **Fragments are not candidates.** A comment the boundary model was unsure of
      (probability under `fragment_p`) is most likely a piece of the comment
      before it, so the search walks through it to that comment's start.

    The confidence is the chosen candidate's share of the scores, prior included
    (a softmax over the candidates), times the boundary model's probability that a
    comment starts here at all: a likely piece of the comment before is no confident
    reply to anything. Where the model holds a calibration per thread style
    (`edge_confidence`, fitted by `fit.py --calibrate`), the two are mapped to how
    often such edges were right on the tuning threads instead; `shares` collects,
    per comment after the first, the (share, boundary probability, style) the
    model's choice had, or None where no model chose. Take-up is measured on shared
    rare words and, given `vectors`
    (one unit vector per comment from the embedder), on closeness in meaning, with
    the model fitted with those signals (`learn.PARENT_MEANING`): rare words miss a
    reply that answers in other words. With `gold` (true parents, for fitting) the
    chain follows the truth and the signals are collected.

    `places` is what a copied page's headers say of each comment once the indentation
    is lost (`paste.header_lines`): its level (1 on the top level, 2 answering a
    top-level comment, 3 deeper) and whether it is its parent's first reply (which in
    depth-first order follows its parent at once); None where unknown. Only candidates
    it allows are chosen.

    `authors` (where a paste names them) adds two rules measured on the 633 Coarse
    Discourse threads: nobody answers themselves (72 of 5,359 replies do), and whoever
    was answered answers back (a reply whose previous comment answered its author
    answers that comment in 1,360 of 1,412 cases).

    `fixed` holds the parents a reading already knows (comment -> (parent, confidence,
    evidence)): the one comment a mail's quote was found in, even off the depth-first
    path, or the comment of the person a reply names. They are taken as they are, and
    the comments after them see them, as the path and the author rules do.
    """
    part = learn.parent_part(vectors is not None)
    meaning = vectors is not None and (part == "parent_meaning" or gold is not None)
    fitted_margin, fitted_p = parent_prior(part)
    margin = fitted_margin if margin is None else margin
    fragment_p = fitted_p if fragment_p is None else fragment_p
    style = thread_style(drafts)
    lead = margin.get(style, 0.0)
    texts = [" ".join(d.own) for d in drafts]
    idf = learn.idf_of(texts)
    bags = [learn.bag(t, idf) for t in texts]
    asks_any = [_QUESTION.search(t) is not None for t in texts]
    out: list[tuple[int | None, float, str]] = [(None, 1.0, "")]
    depth = [0]
    children: Counter[int] = Counter()
    # true parents (fitting) and readings that know who wrote what count every choice
    # as a reply (`COUNTED_CONFIDENCE`)
    count_all = gold is not None or any(authors or ())
    # fitted on plain pastes only: a reading that knows authors or headers keeps its product
    calibration = (learn.model().get(part, {}).get("calibration")
                   if not any(authors or ()) and not places else None)
    for k in range(1, len(drafts)):
        if fixed and k in fixed:
            if shares is not None:
                shares.append(None)
            out.append(fixed[k])
            depth.append(depth[out[-1][0]] + 1)
            children[out[-1][0]] += 1
            continue
        d = drafts[k]
        label = cues.role(d.own[0]) if d.own else None
        # A counterpoint answers the point just before it, whatever the style's pull
        # toward the opening post says: labelled ("Counterpoint: ...") anywhere, or,
        # among impersonal arguments, opening on a rebuttal ("However, ...").
        rebuttal = (cues.rebuts(d.own[0]) if style == "list" and d.own and not label
                    else None)
        answers_previous = k > 1 and bool((label and label[1]) or rebuttal)
        path, skipped, node = [], [], k - 1  # skipped: pieces before path[0]
        walked = 0  # fragments skipped count too: a long run of them stays linear
        while node is not None and len(path) < MAX_ANCESTORS and walked < 4 * MAX_ANCESTORS:
            walked += 1
            # what a counterpoint answers is a comment of its own, however unsure the
            # boundary model was of it
            if node and drafts[node].open_p < fragment_p and not (answers_previous
                                                                   and node == k - 1):
                if not path:
                    skipped.append(node)  # a likely fragment: look at the comment it is part of
                node -= 1  # a piece of the comment before it, whatever parent it was given
                continue
            path.append(node)
            node = gold[node] if gold is not None else out[node][0]
        if not path:  # nothing but fragments within reach: the previous comment after all
            path, skipped = [k - 1], []
        place = places[k] if places else None
        if place and place[0] == 1 and 0 not in path:
            path.append(0)  # a top-level comment answers the post however deep the one before
        placed = [_fits(place, places[p] if places else None, p, k) for p in path]
        if not any(placed):
            placed = [True] * len(path)  # the header and the reading disagree: read
        who = authors[k] if authors else None
        others = [ok and not (who and authors[p] == who) for ok, p in zip(placed, path,
                                                                          strict=True)]
        by_author = who is not None and any(others) and others != placed
        own = ([p for p, ok, o in zip(path, placed, others, strict=True) if ok and not o]
               if by_author else [])
        allowed = others if by_author else placed  # nobody answers themselves
        above = out[path[0]][0]
        back = bool(who and allowed[0] and authors[path[0]] not in (None, who)
                    and above is not None and authors[above] == who)
        by_author = by_author or back
        quoted = {c for _, c in d.quotes if c is not None and c != k}
        clause = cues.restated(d.own[0]) if d.own else None
        echoes = {p: e for p in path if clause and (e := _echo(clause, texts[p]))}
        offers = {p: o for p in path if d.accept and (o := cues.offer(texts[p]))}
        sims = [learn.cosine(bags[k], bags[p]) for p in path]
        near = [float(vectors[k] @ vectors[p]) for p in path] if meaning else []
        first_sentence = cues._first_sentence(texts[k])
        reacts = cues.reacts(d.own[0]) if d.own else None
        xs = [learn.parent_features(
            rank=r, is_root=p == 0, depth=depth[p], quoted=p in quoted,
            quotes_other=bool(quoted) and p not in quoted, sim=sims[r], best_sim=max(sims),
            prev_sim=sims[0], opener=bool(d.opener), accepts=p in offers, echoes=p in echoes,
            mentions_op=bool(learn._OP.search(texts[k])),
            asks=texts[p].rstrip().endswith("?"),
            says_you=bool(learn._YOU.search(first_sentence)), children=children[p],
            cand_words=len(texts[p].split()), reply_words=len(texts[k].split()),
            cand_deleted=is_deleted(texts[p]), cand_open_p=drafts[p].open_p,
            prev_open_p=drafts[path[0]].open_p,
        ) + (learn.meaning_features(near, r) + learn.turn_features(r, bool(reacts), asks_any[p])
             if meaning else []) for r, p in enumerate(path)]
        if gold is not None:
            if collect is not None and gold[k] in path and (keep is None or keep[k]):
                collect.extend((x, p == gold[k]) for x, p in zip(xs, path, strict=True))
            parent = gold[k] if gold[k] is not None else path[0]
            out.append((parent, 1.0, "true parent"))
            sure = 1.0
            if shares is not None:
                shares.append(None)
        else:
            raw = [learn.logit(part, x) for x in xs]
            z = [v + (lead if r == 0 else 0.0) for r, v in enumerate(raw)]
            if answers_previous or back:
                z[0] = max(z) + ROLE_MARGIN
            z = [v if ok else -math.inf for v, ok in zip(z, allowed, strict=True)]
            top = max(z)
            weights = [math.exp(v - top) for v in z]
            r = max(range(len(path)), key=lambda i: (z[i], -i))
            parent = path[r]
            conf = weights[r] / sum(weights)
            best = max(range(1, len(path)), key=lambda i: raw[i], default=None)
            held = (best if r == 0 and best is not None and raw[best] > raw[0]
                    and allowed[best] and not back else None)
            why = _why(d.opened_by, k, parent, path, sims, r, quoted, offers, echoes, near,
                       turn=(reacts, asks_any[path[0]]) if meaning else (None, False))
            if place and sum(placed) == 1:  # the header decided, not the words
                why = "; ".join(filter(None, (d.opened_by, f"{_place_why(place)}: it answers "
                                              + ("the post" if parent == 0 else f"c{parent + 1}"))))
            elif place and not all(placed):
                why += "; " + _place_why(place)
            if answers_previous and label:
                why += f"; labelled {label[0]!r}: answers the point before it"
            elif answers_previous:
                why += f"; opens with {rebuttal!r}: a rebuttal of the point before it"
            elif back:
                why += (f"; c{path[0] + 1} answered {who}'s c{above + 1}, and {who} "
                        "answers back")
            elif held is not None:
                why += (f"; c{path[held] + 1} scores {raw[held] - raw[0]:.2f} higher, under "
                        f"the {lead:.2f} needed to leave the previous comment")
            if own and not back:
                best_own = max(own, key=lambda p: raw[path.index(p)])
                if raw[path.index(best_own)] > raw[r]:
                    why += f"; not c{best_own + 1}, which {who} wrote"
            if r == 0 and skipped:
                pieces = ", ".join(f"c{j + 1}" for j in sorted(skipped))
                why += (f"; {pieces} look like pieces of c{parent + 1}" if len(skipped) > 1
                        else f"; {pieces} looks like a piece of c{parent + 1}")
            if d.open_p < fragment_p:  # what the walk above skips as a piece, said of itself
                why += (f"; may be a piece of c{k} (a new comment starts here with "
                        f"probability {d.open_p:.2f})")
            # the edge is right only if a comment starts here at all and answers this
            # parent: on held-out Reddit pastes the parent's share alone said 0.74 on
            # average where 0.31 of the edges were right (docs/reading.md)
            if by_author:  # each rule holds for about 95 % of real replies, not all
                conf = min(conf, AUTHOR_RULE_CONFIDENCE)
            sure = round(conf * d.open_p, 2)  # what "replies so far" counts by, as fitted
            if shares is not None:
                shares.append((conf, d.open_p, style))
            shown = (edge_confidence(calibration, style, conf, d.open_p)
                     if calibration else sure)
            out.append((parent, shown, why))
        depth.append(depth[out[-1][0]] + 1)
        if count_all or sure >= COUNTED_CONFIDENCE:
            children[out[-1][0]] += 1
    return out


def _log_odds(p: float) -> float:
    p = min(max(p, CALIBRATION_CLIP), 1 - CALIBRATION_CLIP)
    return math.log(p / (1 - p))


def edge_confidence(calibration: dict[str, list[float]], style: str, share: float,
                    open_p: float) -> float:
    """How often a reply edge like this one was right on the tuning threads.

    The product of the parent's share and the boundary probability claimed 0.46 on
    held-out Reddit pastes where 0.34 of the edges were right, and 0.67 on debate
    pages where 0.98 were: how much each part says differs by thread style. So each
    style has its own logistic map of the two log-odds (a, b, bias), fitted on the
    tuning threads (docs/reading.md, "How sure an edge is"). A style without a map
    keeps the product.
    """
    w = calibration.get(style)
    if not w:
        return round(share * open_p, 2)
    z = w[0] * _log_odds(share) + w[1] * _log_odds(open_p) + w[2]
    return round(1 / (1 + math.exp(-z)), 2)


# old Reddit's links under a comment ("parent" on every reply, none on a top-level
# comment) and Disqus's reply-to names: nothing says how deep a reply sits or whether
# it came first
SOME_REPLY = -1


def _place_why(place: tuple[int, bool | None]) -> str:
    level, first = place
    where = {1: "a top-level comment (no 'parent' link, nobody named as answered)",
             2: "a reply to a top-level comment ('parent', no 'root')",
             3: "a reply below the second level ('root' and 'parent')",
             SOME_REPLY: "a reply to a comment (a 'parent' link or a name it answers)"}[level]
    order = ("" if level == 1 or first is None else ", its parent's first reply (no 'prev')"
             if first else ", not its parent's first reply ('prev')")
    said = "the page's header marks" if first is not None else "the page marks it"
    return f"{said} {where}{order}"


def _fits(place: tuple[int, bool | None] | None,
          cand_place: tuple[int, bool | None] | None, cand: int, k: int) -> bool:
    """Whether candidate `cand` can be the parent of comment `k`, as its header says."""
    if place is None:
        return True
    level, first = place
    if level == 1:
        return cand == 0
    if level == SOME_REPLY:
        return cand != 0
    if cand == 0 or (cand == k - 1) != first:
        return False  # a first reply follows its parent at once; a later one never does
    return cand_place is None or (cand_place[0] == 1 if level == 2 else cand_place[0] >= 2)


def _why(opened: str, k: int, parent: int, path: list[int], sims: list[float], r: int,
         quoted: set[int], offers: dict[int, str], echoes: dict[int, str],
         near: list[float] | None = None, turn: tuple[str | None, bool] = (None, False)
         ) -> str:
    """The parent decision in words: the strongest visible reason for the choice.
    `turn`: the reaction the reply opens on, and whether the previous comment asks."""
    if parent in quoted:
        reason = f"quotes c{parent + 1}"
    elif parent in offers:
        reason = f"accepts the offer in c{parent + 1} ({offers[parent]!r})"
    elif parent in echoes:
        reason = f"restates c{parent + 1} ({echoes[parent]!r})"
    elif r == 0:
        meaning = f", meaning {near[0]:.2f}" if near and len(near) > 1 else ""
        reason = f"follows c{parent + 1} (shared words {sims[0]:.2f}{meaning})"
        if turn[0]:
            reason += f"; opens on {turn[0]!r}, as a turn answering the one before"
        elif turn[1] and len(path) > 1:
            reason += f"; c{parent + 1} asks a question"
    elif parent == 0 and sims[r] <= sims[0]:
        reason = (f"a new point to the opening post (shared words {sims[r]:.2f} vs "
                  f"{sims[0]:.2f} for c{path[0] + 1})")
    elif near and sims[r] <= sims[0]:
        reason = (f"closest in meaning to c{parent + 1} ({near[r]:.2f} vs "
                  f"{near[0]:.2f} for c{path[0] + 1})")
    else:
        reason = (f"takes up c{parent + 1}'s words (shared words {sims[r]:.2f} vs "
                  f"{sims[0]:.2f} for c{path[0] + 1})")
    return f"{opened}; {reason}" if opened else reason


def _parents_rules(drafts: list[Draft]) -> list[tuple[int | None, float, str]]:
    """Parent index, confidence and evidence for each comment (None for the root).

    Take-up is measured on shared words, not embeddings: a comment is usually
    closest in meaning to its own author's earlier comments, which says nothing
    about whom it answers, while repeating a rare word of the comment it answers
    ("refusals") is what a reply does.
    """
    tfidf = _tfidf(drafts)
    out: list[tuple[int | None, float, str]] = [(None, 1.0, "")]
    for k in range(1, len(drafts)):
        d = drafts[k]
        # Depth-first scrape order: the parent is the previous comment or an ancestor.
        path, node = [], k - 1
        while node is not None and len(path) < MAX_ANCESTORS:
            path.append(node)
            node = out[node][0]
        opened = d.opened_by
        if d.quotes:
            src = d.quotes[0][1]
            if src != k:
                out.append((src, 0.95, f"quotes c{src + 1}"))
                continue
        if d.accept:
            offering = next((p for p in path if cues.offer(" ".join(drafts[p].own))), None)
            if offering is not None:
                what = cues.offer(" ".join(drafts[offering].own))
                out.append((offering, 0.75, f"accepts the offer in c{offering + 1} ({what!r})"))
                continue

        clause = cues.restated(d.own[0]) if d.own else None
        if clause:
            echoes = [(len(e.split()), p, e) for p in path
                      if (e := _echo(clause, " ".join(drafts[p].own)))]
            if echoes:
                _, p, e = max(echoes, key=lambda x: (x[0], -path.index(x[1])))
                out.append((p, 0.7, f"{opened}; restates c{p + 1} ({e!r})"))
                continue

        def score(p: int, k: int = k) -> float:
            return _cos(tfidf[k], tfidf[p])

        prev = path[0]
        best = max(path[1:], key=score, default=None)
        measure = "shared words"
        # A reply opener ("Yeah, but") answers the turn just before it.
        if (best is not None and not d.opener
                and score(best) > max(0.1, TAKEUP_MARGIN * score(prev))):
            out.append((best, 0.5, f"{opened}; takes up c{best + 1}'s words "
                        f"({measure} {score(best):.2f} vs {score(prev):.2f} for c{prev + 1})"))
        else:
            conf = 0.7 if d.opener else 0.6
            out.append((prev, conf, f"{opened}; follows c{prev + 1} ({measure} {score(prev):.2f})"))
    return out


def _echo(clause: str, text: str) -> str | None:
    """The longest run of 3+ words the clause shares with the text, if it has a content word."""
    a, b = key(clause).split(), f" {key(text)} "
    for n in range(len(a), 2, -1):
        for i in range(len(a) - n + 1):
            run = a[i : i + n]
            if any(len(w) >= 4 and w not in _STOP for w in run) and f" {' '.join(run)} " in b:
                return " ".join(run)
    return None


def comment_vectors(drafts: list[Draft], embedder: Any | None,
                    fitting: bool = False) -> Any | None:
    """One unit vector per comment for the parent choice, or None without an embedder.

    Only when the parent model was fitted with meaning signals (`learn.parent_part`)
    or is being fitted, so a thread is never embedded for nothing. `embedder` may be
    a loader (a callable without `encode`): the model is loaded only when needed.
    """
    if embedder is None or not drafts:
        return None
    if not fitting and (len(drafts) < 3 or learn.parent_part(True) != "parent_meaning"):
        return None  # two comments leave no choice of parent
    if not hasattr(embedder, "encode"):
        embedder = embedder()
    import numpy as np  # here: importing the reader stays light

    parts = [_meaning_sentences(d) for d in drafts]
    distinct = list(dict.fromkeys(s for ss in parts for s in ss))
    row = {s: i for i, s in enumerate(distinct)}
    vecs = np.asarray(embedder.encode(distinct, normalize_embeddings=True,
                                      show_progress_bar=False), dtype=np.float32)
    out = np.stack([vecs[[row[s] for s in ss]].mean(axis=0) for ss in parts])
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)


def _meaning_sentences(d: Draft) -> list[str]:
    """The whole sentences of a comment's opening `MEANING_CHARS` (at least one, cut at
    that length): its meaning vector is their mean. Sentences, not a cut-off opening,
    because a build embeds each sentence as a unit anyway, so the reader's encodes are
    paid once (bench/notes.md)."""
    paras = d.own or [" ".join(q for q, _ in d.quotes) or "."]
    keep: list[str] = []
    used = 0
    for p in paras:
        for s in _SENTENCE_BREAK.split(p.strip()):
            if not s:
                continue
            if keep and used + len(s) > MEANING_CHARS:
                return keep
            keep.append(s[:MEANING_CHARS])
            used += len(s) + 1
    return keep
