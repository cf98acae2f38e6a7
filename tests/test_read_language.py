"""Warnings for a thread argmap cannot map well: not English, or too little text."""

from __future__ import annotations

from dataclasses import replace

import pytest

from argmap.cli import _summary
from argmap.model import Comment, Relation, Thread
from argmap.read.language import guess_language, warnings_for
from argmap.render import graph_data
from tests.builders import pair_map


def thread(*texts: str) -> Thread:
    return Thread("t", "t.txt", "text", tuple(
        Comment(f"c{i + 1}", t, parent_id=None if i == 0 else "c1", position=i)
        for i, t in enumerate(texts)))


@pytest.mark.parametrize("text, language", [
    ("Das stimmt so nicht. Ich glaube, dass die Stadt mehr Busse braucht, aber die Kosten "
     "sind hoch und wir haben kein Geld dafür.", "German"),
    ("Je pense que la ville a besoin de plus de bus, mais les coûts sont élevés et nous ne "
     "sommes pas riches.", "French"),
    ("Creo que la ciudad necesita más autobuses, pero el coste es muy alto y no hay dinero "
     "para esto.", "Spanish"),
    ("我认为城市应该有更多的公共汽车。但是成本太高了，我们没有钱。", "Chinese"),
    ("Я думаю, что городу нужно больше автобусов, но это дорого.",
     "Russian or another Cyrillic-script language"),
    ("I think the city needs more buses, but the cost is high and there is no money for it.",
     "English"),
    ("Die hard fans of the band played a gig in Berlin; the die was cast.", "English"),
    ("https://example.com/a", "English"),  # a link is no language (once read as Portuguese)
])
def test_language_is_guessed_from_script_or_function_words(text, language):
    assert guess_language(text) == language


def test_not_english_warns_once_and_names_the_language():
    t = thread("Die Stadt braucht mehr Busse, weil die Straßen voll sind.",
               "Das stimmt so nicht. Die Busse sind leer und das kostet nur Geld.",
               "Aber wir haben kein anderes Mittel gegen den Stau in der Stadt.")
    assert warnings_for(t) == ["this looks like German: argmap's models read English; "
                               "stance and themes will be unreliable"]


def test_too_little_text_warns_with_the_paragraph_count():
    t = thread("Buses should be free.", "No, someone has to pay for them.")
    assert warnings_for(t) == ["2 paragraphs: too little to map as a debate"]
    enough = thread("Buses should be free.\n\nThey pay for themselves in less traffic.",
                    "No, someone has to pay for them.")
    assert warnings_for(enough) == []


def test_cli_summary_shows_the_warning_stored_in_the_map():
    amap = pair_map()
    amap = replace(amap, meta={**amap.meta, "warnings": warnings_for(amap.thread)})
    lines = _summary(amap).splitlines()
    assert lines[1] == "  warning: 2 paragraphs: too little to map as a debate"
    assert sum("warning:" in ln for ln in lines) == 1


def test_an_unsure_parent_is_a_pale_sparse_dashed_edge_and_says_so_in_the_card():
    amap = pair_map()
    sure = replace(amap, relations=(Relation("c2.u1", "c1.u1", "reply", 0.9, "quotes c1"),))
    unsure = replace(amap, relations=(Relation("c2.u1", "c1.u1", "reply", 0.3, "follows c1"),))
    e_sure, e_unsure = graph_data(sure)["edges"][0], graph_data(unsure)["edges"][0]
    assert e_unsure["dashes"] != e_sure["dashes"]
    assert e_unsure["color"]["opacity"] < e_sure["color"]["opacity"]
    assert "unsure who this answers" in e_unsure["title"]
    card = graph_data(unsure)["cards"]["c2.u1"]
    assert card["links"][0]["unsure"] is True


def test_a_thread_with_no_sentence_builds_an_empty_map_that_says_so(tmp_path, models):
    from argmap.pipeline import build_file
    from argmap.read.decode import DEFAULT_MAX_BYTES

    src = tmp_path / "emoji.txt"
    src.write_text("\U0001F642\U0001F642\n\n\U0001F525\n\n\U0001F44D\n", encoding="utf-8")
    result = build_file(src, tmp_path / "maps", models.settings, models,
                        max_bytes=DEFAULT_MAX_BYTES)
    assert result.map.units == () and result.map.themes == ()
    assert "no claims found: nothing in these comments reads as a sentence" \
        in result.map.meta["warnings"]
    assert result.json_path.exists() and result.json_path.with_suffix(".html").exists()
