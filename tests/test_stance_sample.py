"""The sample debate's ten replies, each with the stance a careful reader gives it.

Gold labels were set by reading each reply against its parent (corpus/), not from the
model's output: nine rebut their parent, one ("Expanding mildly on this") builds on it.
Four are known misses of the three-way model (it reads them as neutral: a counter-proposal,
a question, an elaboration, an invitation); they are marked so the test says when they come right.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow

MISS = pytest.mark.xfail(strict=True, reason="known miss: read as neutral (docs/stance.md)")
GOLD = [
    ("Personally, I think (current) LLMs", "attack"),  # "never subvert" vs "not misaligned"
    ("Which users though?", "attack"),  # a challenge, not a request for information
    pytest.param("The model should just do a refusal", "attack", marks=MISS),
    ("Please do! I strongly disagree", "attack"),
    ("Refusals are not subversion.", "attack"),
    ("I agree that many humans would do so, but", "attack"),
    pytest.param("How much do you worry", "attack", marks=MISS),  # doubts the approach
    pytest.param("Expanding mildly on this", "support", marks=MISS),
    pytest.param("If you think you can do better", "attack", marks=MISS),
    ("Yeah, but research", "attack"),
]


@pytest.mark.parametrize(("prefix", "gold"), GOLD)
def test_each_sample_reply_gets_the_stance_a_reader_gives_it(sample_build, prefix, gold):
    _, result = sample_build
    (c,) = [c for c in result.map.thread.comments if c.parent_id and c.text.startswith(prefix)]
    assert c.stance == gold
