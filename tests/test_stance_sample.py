"""The sample debate's ten replies, each with the stance a careful reader gives it.

Gold labels were set by reading each reply against its parent (corpus/), not from the
model's output: nine rebut their parent, one ("Expanding mildly on this") builds on it.
Four are known misses of the three-way model (it reads them as neutral: a question, a
counter-proposal, an elaboration, an invitation); they are marked so the test says when
they come right.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow

# Known misses (docs/stance.md): the three-way model reads these as neutral. They must
# never flip to the other side, and the test says when one comes right.
MISS = "neutral"
GOLD = [
    ("Personally, I think (current) LLMs", "attack"),  # "never subvert" vs "not misaligned"
    ("Which users though?", "attack"),  # a challenge, not a request for information
    ("The model should just do a refusal", "attack", MISS),  # a counter-proposal
    ("Please do! I strongly disagree", "attack"),
    ("Refusals are not subversion.", "attack"),
    ("I agree that many humans would do so, but", "attack"),
    ("How much do you worry", "attack", MISS),  # doubts the approach
    ("Expanding mildly on this", "support", MISS),
    ("If you think you can do better", "attack", MISS),
    ("Yeah, but research", "attack"),
]


@pytest.mark.parametrize("case", GOLD, ids=[g[0][:30] for g in GOLD])
def test_each_sample_reply_gets_the_stance_a_reader_gives_it(sample_build, case):
    prefix, gold, *known = case
    _, result = sample_build
    (c,) = [c for c in result.map.thread.comments if c.parent_id and c.text.startswith(prefix)]
    if known:
        # a known miss may read as neutral, never as the other side; when it comes
        # right, this fails so the list above is updated
        assert c.stance == known[0], f"{prefix!r} now reads {c.stance}: update GOLD"
    else:
        assert c.stance == gold
