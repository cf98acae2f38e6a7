"""The sample debate's ten replies, each with the stance a careful reader gives it.

Gold labels were set by reading each reply against its parent (corpus/), not from the
model's output: nine rebut their parent, one ("Expanding mildly on this") builds on it.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow

GOLD = {
    "Personally, I think (current) LLMs": "attack",  # "should never subvert" vs "not misaligned"
    "Which users though?": "attack",  # a challenge, not a request for information
    "The model should just do a refusal": "attack",
    "Please do! I strongly disagree": "attack",
    "Refusals are not subversion.": "attack",
    "I agree that many humans would do so, but": "attack",
    "How much do you worry": "attack",  # doubts the parent's approach
    "Expanding mildly on this": "support",
    "If you think you can do better": "attack",
    "Yeah, but research": "attack",
}


def test_the_sample_debate_gets_every_reply_stance_right(sample_build):
    _, result = sample_build
    replies = [c for c in result.map.thread.comments if c.parent_id]
    got = {}
    for prefix in GOLD:
        (c,) = [c for c in replies if c.text.startswith(prefix)]
        got[prefix] = c.stance
    wrong = {p: s for p, s in got.items() if s != GOLD[p]}
    assert not wrong, f"{len(GOLD) - len(wrong)}/{len(GOLD)} right; wrong: {wrong}"
