"""Property tests: whatever comes in, a reader returns a Thread or a clear ArgmapError."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.errors import ArgmapError
from argmap.read import FORMATS, read_text
from argmap.read.decode import decode_bytes
from argmap.read.scrapes import merge_copies
from tests.test_read_text import assert_well_formed

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text built from the pieces that steer the readers: openers, quotes, rules, JSON.
PIECES = st.sampled_from([
    "Yeah, but", "I agree that", "TL;DR:", "Overall,", "> ", "---", "# ", "**bob**:",
    "1.", "1.1. Pro:", "-> See 1.", "{", "}", "[", "]", '"id":', "Which users though?",
    "Please do!", "…", "“", "\n", "\n\n", " ", "the same sentence repeated here",
])
THREADISH = st.lists(st.one_of(PIECES, st.text(max_size=40)), max_size=40).map("".join)


def check(text: str, fmt: str | None = None) -> None:
    try:
        thread = read_text(text, source="prop.txt", fmt=fmt)
    except ArgmapError as exc:
        assert str(exc).startswith("prop.txt:") and "\n" not in str(exc)
        return
    assert thread.comments
    assert_well_formed(thread)


@FAST
@given(THREADISH)
def test_any_text_in_detected_format(text):
    check(text)


@FAST
@given(THREADISH, st.sampled_from(FORMATS))
def test_any_text_in_any_named_format(text, fmt):
    check(text, fmt)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.text(max_size=8),
    lambda kids: st.lists(kids, max_size=4)
    | st.dictionaries(st.sampled_from(
        ["id", "parent_id", "parent", "text", "body", "author", "kind", "data", "children",
         "replies", "_id", "parentCommentId", "contents", "markdown", "htmlBody", "comments",
         "user", "displayName", "name", "title"]), kids, max_size=5),
    max_leaves=25,
)


@FAST
@given(JSON_VALUES)
def test_any_json_value(value):
    check(json.dumps(value))


COMMENTS = st.lists(
    st.fixed_dictionaries({
        "id": st.integers(0, 8), "parent_id": st.none() | st.integers(0, 8),
        "text": st.sampled_from(["", "[deleted]", "a point", "> a point\n\nno"]),
    }),
    max_size=12,
)


@FAST
@given(COMMENTS)
def test_any_graph_of_records_becomes_a_tree(rows):
    check(json.dumps(rows))


@FAST
@given(st.binary(max_size=300))
def test_any_bytes_decode_or_refuse_clearly(data):
    try:
        text = decode_bytes(data, "prop.bin")
    except ArgmapError as exc:
        assert str(exc).startswith("prop.bin:")
        return
    assert isinstance(text, str)


@FAST
@given(
    # From four paragraphs up: with two, "root, x" then "root, y" may as well be a
    # reply quoting the root, and is (rightly) not merged.
    st.lists(st.text(alphabet="abcdefghij", min_size=3, max_size=8), min_size=4, max_size=14,
             unique=True),
    st.data(),
)
def test_two_scrapes_each_missing_a_comment_merge_to_the_union(words, data):
    paras = [f"Claim number {i} says {w} matters" for i, w in enumerate(words)]
    drop1 = data.draw(st.integers(1, len(paras) - 1))
    drop2 = data.draw(st.integers(1, len(paras) - 1).filter(lambda j: j != drop1))
    copy1 = [p for i, p in enumerate(paras) if i != drop1]
    copy2 = [p for i, p in enumerate(paras) if i != drop2]
    merged, notes = merge_copies(copy1 + copy2)
    assert sorted(p.text for p in merged) == sorted(paras)
    assert "merged 2 copies" in notes[0]
    assert {p.text for p in merged if len(p.copies) == 1} == {paras[drop1], paras[drop2]}


LINES = st.lists(
    st.one_of(
        st.sampled_from(["Yeah, but the cost is real.", "Which ones though?", "TL;DR: no.",
                         "I agree that the cost is real and growing every year.",
                         "The cost is real and growing every year for most families here."]),
        st.text(alphabet="abcdefg ,.!?", min_size=1, max_size=60),
    ),
    min_size=1, max_size=25,
)


@FAST
@given(LINES, st.booleans())
def test_plain_text_loses_no_words(lines, twice):
    from collections import Counter

    from argmap.read.quotes import key

    text = "\n".join(lines + lines if twice else lines)
    try:
        thread = read_text(text, source="prop.txt", fmt="text")
    except ArgmapError:
        return
    assert_well_formed(thread)
    wanted = Counter(w for k in {key(ln) for ln in lines} for w in k.split())
    out = " ".join(c.text + " " + " ".join(q.text for q in c.quotes) for c in thread.comments)
    assert not wanted - Counter(key(out).split())
