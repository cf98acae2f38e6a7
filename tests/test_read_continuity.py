"""The reader's paragraph model: "a new comment starts here?" read from the words."""

from __future__ import annotations

from argmap.read import continuity, learn

PREV = ("Congestion pricing works: London cut traffic in the centre by a third in its "
        "first year, and Stockholm saw the same after its trial.")


def test_one_logit_per_paragraph_and_the_same_each_time():
    texts = [PREV, "The second reason is the money: it pays for the buses.", "Source?"]
    first = continuity.start_logits(texts)
    assert len(first) == 3 and first[0] == 0.0
    assert continuity.start_logits(texts) == first
    assert continuity.start_logits([PREV]) == [0.0]


def test_an_answer_reads_as_a_new_comment_and_a_next_point_as_a_continuation():
    go_on = [
        "The second reason is that the money pays for buses, which is what the people "
        "priced out of driving need most.",
        "And the shops that feared it now report more customers, not fewer.",
    ]
    answer = [
        "I live in London and traffic is as bad as ever. Where did you get a third?",
        "Stockholm is a small city. You can't compare it with New York.",
    ]
    starts = {t: continuity.start_logits([PREV, t])[1] for t in go_on + answer}
    assert min(starts[t] for t in answer) > max(starts[t] for t in go_on)


def test_the_boundary_model_trusts_the_paragraph_model():
    m = learn.model()["boundary"]
    weight = dict(zip(m["names"], m["coef"], strict=True))
    assert weight["reads as a new comment (paragraph model, log-odds)"] > 0.1


def test_pairs_carry_the_end_of_the_previous_paragraph():
    long = " ".join(f"w{i}" for i in range(200))
    (prev, text), = continuity.pairs_of([long, "Next."])
    assert text == "Next."
    assert prev.split()[-1] == "w199" and len(prev.split()) == continuity.TAIL_WORDS
