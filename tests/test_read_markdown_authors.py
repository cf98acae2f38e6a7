"""Markdown author forms: Reddit-style names, reply hints, and no markup left as text."""

from __future__ import annotations

import pytest

from argmap.read import read_text


def authors_and_parents(text: str) -> list[tuple[str | None, str | None]]:
    t = read_text(text, source="thread.md")
    assert t.format == "markdown"
    return [(c.author, c.parent_id) for c in t.comments]


@pytest.mark.parametrize("name", ["harbor_tenant", "bike-mechanic", "user2024", "u/quiet_owl_7",
                                  "/u/quiet_owl_7"])
def test_reddit_style_names_are_authors(name):
    text = (f"**{name}**: Bus lanes on Harbor Road would cut the commute in half.\n\n---\n\n"
            "**shop_owner_88**: Deliveries to my shop would have nowhere to stop.\n")
    t = read_text(text, source="thread.md")
    assert [c.author for c in t.comments] == [name.removeprefix("/").removeprefix("u/"),
                                              "shop_owner_88"]
    assert not any("**" in c.text or c.text.startswith(name) for c in t.comments)


def test_author_lines_without_rules_still_separate_comments():
    text = ("**harbor_tenant**:\nBus lanes on Harbor Road would cut the commute in half.\n\n"
            "**shop_owner_88**:\nDeliveries to my shop would have nowhere to stop.\n\n"
            "**cyclist-42**:\nLoading bays at each corner solve the deliveries.\n")
    t = read_text(text, source="thread.md")
    assert [c.author for c in t.comments] == ["harbor_tenant", "shop_owner_88", "cyclist-42"]
    assert t.comments[0].text == "Bus lanes on Harbor Road would cut the commute in half."


@pytest.mark.parametrize("lead", ["Replying to harbor_tenant:", "@harbor_tenant",
                                  "replying to u/harbor_tenant,"])
def test_replying_to_or_at_name_sets_the_parent_and_is_not_text(lead):
    text = ("**harbor_tenant**: Bus lanes on Harbor Road would cut the commute in half.\n\n---\n\n"
            "**shop_owner_88**: Deliveries to my shop would have nowhere to stop.\n\n---\n\n"
            f"**cyclist-42**: {lead} the commute is not the only cost of a lane.\n")
    t = read_text(text, source="thread.md")
    assert [(c.author, c.parent_id) for c in t.comments][2] == ("cyclist-42", "c1")
    assert t.comments[2].text == "the commute is not the only cost of a lane."
    assert "harbor_tenant" in t.comments[2].parent_evidence


# --- replies nested in their parent's blockquote -------------------------------


def test_replies_nested_in_blockquotes_are_comments_under_their_parents():
    # Thread-to-Markdown exports put each reply, name first, inside its parent's
    # blockquote; before, the nested replies were one long quote in walker_li's comment.
    from tests.conftest import FIXTURES

    t = read_text((FIXTURES / "read" / "markdown-nested.md").read_text(encoding="utf-8"),
                  source="nested.md")
    assert authors_and_parents_of(t) == [(None, None), ("walker_li", "c1"),
                                         ("grocer_dan", "c2"), ("cyclist99", "c3"),
                                         ("bus_rider", "c1")]
    by_author = {c.author: c for c in t.comments}
    # a deeper quote in a nested reply stays a quote, found in the comment it repeats
    assert [q.source_comment_id for q in by_author["cyclist99"].quotes] == ["c3"]
    # words after a comment's nested replies are still that comment's
    assert "shop owners' survey" in by_author["grocer_dan"].text
    assert "council's own report" in by_author["walker_li"].quotes[0].text
    assert by_author["grocer_dan"].parent_evidence == "nested in c2's blockquote"
    assert "replies nested in blockquotes: 4 placed by their nesting" in t.notes


def authors_and_parents_of(t) -> list[tuple[str | None, str | None]]:
    return [(c.author, c.parent_id) for c in t.comments]


@pytest.mark.parametrize("quoted", [
    "> **Edit**: I mean only the centre.",  # a label, not a person
    "> **alice**: Cities should ban cars.",  # one attributed quote with its words
])
def test_a_quoted_label_or_attribution_stays_a_quote(quoted):
    text = ("**alice**: Cities should ban cars.\n\n---\n\n**bob**: I disagree.\n\n"
            f"{quoted}\n\nDeliveries need vans.\n")
    t = read_text(text, source="thread.md")
    assert authors_and_parents_of(t) == [("alice", None), ("bob", "c1")]
    assert t.comments[1].quotes and not any("nested" in n for n in t.notes)
