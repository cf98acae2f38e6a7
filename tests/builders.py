"""The one home of the maps tests build by hand (and the benches reuse): small maps
whose every field is known, a seeded synthetic map of any size, and the browser probe
that tells a painted canvas from a blank one."""

from __future__ import annotations

import random

from argmap.model import ArgumentMap, Comment, Quote, Relation, Theme, Thread, Unit


def pair_map() -> ArgumentMap:
    """Two comments: a claim and a quoting attack on it."""
    thread = Thread(
        title="t", source="t.txt", format="text",
        comments=(
            Comment("c1", "Cats are best."),
            Comment("c2", "No, dogs are.", author="bo", parent_id="c1", position=1,
                    quotes=(Quote("Cats are best.", "c1", "c1.u1"),), stance="attack",
                    stance_confidence=0.9),
        ),
    )
    units = (Unit("c1.u1", "c1", "Cats are best.", 0, 14, "claim", "t1"),
             Unit("c2.u1", "c2", "No, dogs are.", 0, 13, "claim", "t1"))
    rels = (Relation("c2.u1", "c1.u1", "attack", 0.9, "cue: no"),)
    themes = (Theme("t1", "pets", ("cat", "dog"), ("c1.u1", "c2.u1")),)
    return ArgumentMap(thread, units, rels, themes, {"debate": "t"})


def tiny_map() -> ArgumentMap:
    """a <-attack- b <-support- c ; d replies to a; a and c in theme t1, b and d in t2."""
    comments = (
        Comment("c1", "A. ", author="ann"),
        Comment("c2", "B.", author="bob", parent_id="c1", stance="attack"),
        Comment("c3", "C.", author="cy", parent_id="c2", stance="support"),
        Comment("c4", "D?", author="ann", parent_id="c1", stance="neutral"),
    )
    units = (
        Unit("a", "c1", "Cars should go.", role="claim", theme_id="t1"),
        Unit("b", "c2", "Shops need cars.", role="claim", theme_id="t2"),
        Unit("c", "c3", "Malls prove it [see](http://x)", role="premise", theme_id="t1"),
        Unit("d", "c4", "What about buses?", role="question", theme_id="t2"),
    )
    relations = (
        Relation("b", "a", "attack", 0.9, "I disagree"),
        Relation("c", "b", "support", 0.4, "because"),
        Relation("d", "a", "reply", 0.3, "parent"),
    )
    themes = (Theme("t1", "cars / streets", ("cars",), ("a", "c")),
              Theme("t2", "shops / buses", ("shops",), ("b", "d")))
    return ArgumentMap(Thread("Tiny", "tiny.txt", "text", comments), units, relations, themes,
                       {"built_at": "2026-01-02T03:04:05Z"})


WORDS = ("model", "user", "scenario", "test", "claim", "evidence", "training", "policy",
         "harm", "agent", "goal", "blackmail", "realistic", "instruction", "ethics")


def synthetic_map(n_units: int, seed: int = 0, n_themes: int = 8) -> ArgumentMap:
    """A seeded reply tree of about `n_units` units (two per comment) with themes."""
    rng = random.Random(seed)
    comments, units, rels = [], [], []
    n_comments = max(1, n_units // 2)
    for i in range(n_comments):
        cid = f"c{i + 1}"
        parent = None if i == 0 else f"c{rng.randrange(max(0, i - 30), i) + 1}"
        texts = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 18))).capitalize() + "."
                 for _ in range(2)]
        stance = rng.choice(("support", "attack", "neutral", "neutral")) if parent else None
        comments.append(Comment(cid, " ".join(texts), author=f"user{rng.randrange(40)}",
                                parent_id=parent, position=i, stance=stance))
        theme = f"t{rng.randrange(n_themes) + 1}"
        for k, text in enumerate(texts):
            units.append(Unit(f"{cid}.u{k + 1}", cid, text, role="claim" if k == 0 else "premise",
                              theme_id=theme))
        rels.append(Relation(f"{cid}.u2", f"{cid}.u1", "support", 0.5, "premise of the claim"))
        if parent:
            rels.append(Relation(f"{cid}.u1", f"{parent}.u1", "reply", 1.0, "reply"))
            if stance in ("support", "attack"):
                rels.append(Relation(f"{cid}.u1", f"{parent}.u1", stance, 0.7, "synthetic"))
    themes = tuple(
        Theme(f"t{k + 1}", f"theme {k + 1}", (),
              tuple(u.id for u in units if u.theme_id == f"t{k + 1}"))
        for k in range(n_themes)
    )
    thread = Thread(f"synthetic {n_units}", "synthetic.txt", "text", tuple(comments))
    return ArgumentMap(thread, tuple(units), tuple(rels), themes, {"debate": "synthetic"})


# Counts canvas pixels that are not background, so a blank canvas fails (the map opens
# on the debate view). The browser test asks the same question.
PAINTED = """(_) => {
  const c = document.querySelector('#debate canvas');
  if (!c || !c.width || !c.height) return 0;
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
  return n;
}"""
