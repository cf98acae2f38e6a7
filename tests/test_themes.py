"""Themes on the sample debate: deterministic, no outliers, guided, recognisable."""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pytest

from argmap import themes
from argmap.embed import embed_texts
from argmap.model import Unit
from argmap.settings import tuning


def _vectors(sample_build, models):
    _, result = sample_build
    return result.map.units, result.vectors


def test_same_input_gives_same_themes(sample_build, models):
    units, vecs = _vectors(sample_build, models)
    weight = tuning(models.settings.embed_model).theme_lexical_weight  # as a build weighs
    a = themes.find_themes(units, vecs, models.nlp, lexical_weight=weight)
    b = themes.find_themes(units, vecs.copy(), models.nlp, lexical_weight=weight)
    assert a == b
    assert [u.theme_id for u in a[0]] == [u.theme_id for u in sample_build[1].map.units]


def test_every_unit_has_a_real_theme_and_none_is_tiny(sample_build):
    _, result = sample_build
    amap = result.map
    ids = {t.id for t in amap.themes}
    assert all(u.theme_id in ids for u in amap.units)
    assert sum(len(t.unit_ids) for t in amap.themes) == len(amap.units)
    assert 3 <= len(amap.themes) <= 15
    assert min(len(t.unit_ids) for t in amap.themes) >= 3
    assert all(t.label and t.label != "other" for t in amap.themes)
    for t in amap.themes:
        assert 1 <= len(t.keywords) <= 5
        assert not set(t.keywords) & {"think", "comment", "post", "people", "thing"}


def _theme_of(units, pattern: str) -> tuple[str, float]:
    """The theme holding most units that match `pattern`, and its share of them."""
    hits = [u.theme_id for u in units if re.search(pattern, u.text, re.I)]
    theme, n = Counter(hits).most_common(1)[0]
    return theme, n / len(hits)


def test_the_sample_debates_themes_come_out_separately(sample_build):
    units = sample_build[1].map.units
    found = {
        "self-preservation": _theme_of(units, r"self-preservation|preserv"),
        "users": _theme_of(units, r"“user|user\d|system prompt"),
        "training": _theme_of(units, r"training|constitution|learn"),
        "scenario": _theme_of(units, r"fictional|thought experiment|scenario"),
    }
    ids = [t for t, _ in found.values()]
    assert len(set(ids)) == len(ids), found
    assert all(share >= 0.4 for _, share in found.values()), found
    labels = {t.id: (t.label, t.keywords) for t in sample_build[1].map.themes}
    assert "self-preservation" in labels[found["self-preservation"][0]][1]


def test_hyphenated_terms_stay_whole_in_labels(models):
    docs = list(models.nlp.pipe([
        "Self-preservation is a strong drive.", "Is self-preservation bad?",
        "The user sets the prompt.", "Which user sets the system prompt?",
    ]))
    words = themes.label_clusters(docs, [0, 0, 1, 1])
    assert "self-preservation" in words[0]
    assert "self" not in words[0] and "preservation" not in words[0]
    assert "prompt" in words[1] or "system prompt" in words[1]


def test_guided_themes_follow_the_names(sample_build, models):
    units, vecs = _vectors(sample_build, models)
    names = ("self-preservation", "which user the model obeys", "training data and research")
    name_vecs, _ = embed_texts(list(names), models.embedder, model_name="m")
    new_units, found = themes.find_themes(units, vecs, models.nlp, guided=names,
                                          name_vectors=name_vecs)
    assert [t.label for t in found][:3] == list(names)
    assert found[-1].label == themes.OTHER_LABEL and found[-1].unit_ids
    by_label = {t.label: set(t.unit_ids) for t in found}
    preserve = {u.id for u in new_units if "self-preservation" in u.text.lower()}
    assert len(preserve & by_label["self-preservation"]) >= 0.7 * len(preserve)
    users = {u.id for u in new_units if re.search(r"“user", u.text)}
    assert len(users & by_label["which user the model obeys"]) >= 0.7 * len(users)
    assert sum(len(s) for s in by_label.values()) == len(units)
    again = themes.find_themes(units, vecs, models.nlp, guided=names, name_vectors=name_vecs)
    assert again == (new_units, found)


@pytest.mark.slow
def test_guided_themes_from_the_command_line(tmp_path, sample_build):
    from argmap.cli import main
    from tests.conftest import SAMPLE

    rc = main(["build", str(SAMPLE), "--out", str(tmp_path), "--quiet",
               "--themes", "realism, Kantian framing, user ambiguity, self-preservation"])
    assert rc == 0
    from argmap.model import read_map

    amap = read_map(tmp_path / f"{SAMPLE.stem}.json")
    labels = [t.label for t in amap.themes]
    assert labels[:4] == ["realism", "Kantian framing", "user ambiguity", "self-preservation"]
    assert set(labels) <= {*labels[:4], "other"}
    assert amap.meta["settings"]["guided_themes"] == labels[:4]
    assert main(["build", str(SAMPLE), "--out", str(tmp_path), "--themes", " , "]) == 2


def test_cluster_is_deterministic_and_folds_small_groups():
    rng = np.random.default_rng(1)
    centres = rng.normal(size=(3, 32))
    x = np.concatenate([c + 0.3 * rng.normal(size=(20, 32)) for c in centres])
    x = np.concatenate([x, centres[:1] * -1 + 0.01])  # one stray point
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    labels = themes.cluster(x, min_size=3)
    assert labels == themes.cluster(x.copy(), min_size=3)
    assert len(set(labels)) == 3
    for k in range(3):
        assert len(set(labels[20 * k: 20 * (k + 1)])) == 1
    assert themes.cluster(np.zeros((0, 4))) == []


@pytest.mark.parametrize("n", [1, 2])
def test_cluster_handles_tiny_inputs(n):
    assert themes.cluster(np.eye(n, 4)) == [0] * n


def test_labels_are_phrases_from_the_themes_own_units(sample_build):
    """A label is words a person would write (a noun phrase found in the theme's own
    units), not a pair of keywords; labels differ from theme to theme."""
    amap = sample_build[1].map
    text = {u.id: u.text.lower() for u in amap.units}
    labels = [t.label for t in amap.themes]
    assert len(set(labels)) == len(labels)
    for t in amap.themes:
        assert " / " not in t.label and 1 <= len(t.label.split()) <= 6, t.label
        assert any(t.label.lower() in text[u] for u in t.unit_ids), t.label
    by_theme = {t.id: t.label for t in amap.themes}
    pres = _theme_of(amap.units, r"self-preservation|preserv")[0]
    assert "preservation" in by_theme[pres]
    users = _theme_of(amap.units, r"“user|user\d|system prompt")[0]
    assert "user" in by_theme[users]


def test_phrase_labels_pick_the_phrase_nearest_each_theme(models):
    docs = list(models.nlp.pipe([
        "Bike lanes make cycling safer for children.", "Protected bike lanes reduce crashes.",
        "A four-day week raises productivity.", "The four-day week tires nurses out.",
    ]))

    def embed(texts):
        return embed_texts(list(texts), models.embedder, model_name="m")[0]

    vecs = embed([d.text for d in docs])
    names = themes.phrase_labels(docs, vecs, [0, 0, 1, 1], 2, embed)
    assert "lane" in names[0] and "week" in names[1], names


def test_shared_words_join_units_the_embedding_cannot_tell_apart():
    """With uninformative vectors, the lexical part of the graph alone must recover the
    two groups of units that share their words."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(16, 32))
    texts = [f"School uniforms stop bullying in class {i}" if i % 2 == 0
             else f"Uniform costs burden poor families {i}" for i in range(16)]
    lex = themes.lexical_features(texts)
    labels = themes.cluster(x, min_size=3, neighbours=5, lexical=lex, lexical_weight=3.0)
    assert labels == themes.cluster(x.copy(), min_size=3, neighbours=5, lexical=lex,
                                    lexical_weight=3.0)
    assert len({labels[i] for i in range(0, 16, 2)}) == 1
    assert len({labels[i] for i in range(1, 16, 2)}) == 1
    assert labels[0] != labels[1]
    assert themes.lexical_features(["one", "two"]) is None


def test_label_candidates_are_bounded_and_from_the_themes_own_units(models, monkeypatch):
    """A big theme embeds a bounded number of phrases (its most central units' first)."""
    texts = ([f"The {w} near the old market has a {v}." for w, v in
              [("bakery", "red door"), ("library", "new roof"), ("cinema", "long queue"),
               ("garage", "broken sign"), ("school", "small garden"), ("bank", "blue awning")]]
             + ["A four-day week raises productivity.", "The four-day week tires nurses out.",
                "Shorter working weeks cut sick leave.", "Nurses want a four-day rota."])
    docs = list(models.nlp.pipe(texts))
    labels = [0] * 6 + [1] * 4
    seen: list[str] = []

    def embed(batch):
        seen.extend(batch)
        return embed_texts(list(batch), models.embedder, model_name="m")[0]

    vecs = embed(texts)
    seen.clear()
    themes.phrase_labels(docs, vecs, labels, 2, embed)
    everything = len(seen)
    monkeypatch.setattr(themes, "LABEL_CANDIDATES", 3)
    seen.clear()
    names = themes.phrase_labels(docs, vecs, labels, 2, embed)
    assert len(seen) < everything  # the cap binds
    assert len(seen) <= 2 * (3 + 2)  # per theme: the cap plus the rest of one unit's phrases
    own = [{p for d, lab in zip(docs, labels, strict=True) if lab == c
            for p in themes._phrases(d)} for c in (0, 1)]
    assert names[0] in own[0] and names[1] in own[1], names


def test_handles_and_links_never_become_a_label(models):
    """Twitter-style replies open with the accounts they answer; a theme named
    "@Gidi_Traffic @KenyanTraffic" says who was addressed, not what was said."""
    docs = list(models.nlp.pipe([
        "@Gidi_Traffic @KenyanTraffic @LalitKModi the road closure is a disgrace.",
        "@FoxNews sigh, the road closure again #ferguson #traffic news.",
        "RT@mashable @PDPJ road closure protests see http://t.co/abc for details",
    ]))
    found = [p for d in docs for p in themes._phrases(d)]
    assert "road closure" in {p.lower() for p in found}, found
    assert not any("@" in p or "#" in p or "http" in p for p in found), found


def test_shouting_and_idioms_never_become_a_label(models):
    """Words in capitals for emphasis are tagged as names, and "of course" holds a noun;
    neither says what a theme is about. An acronym is still a name."""
    docs = list(models.nlp.pipe([
        "It's also COMPLETELY IRRELEVANT to the school budget.",
        "Of course, the OPEN MINDED reader sees the point.",
        "In the end, NATO decides on the school budget.",
    ]))
    found = {p for d in docs for p in themes._phrases(d)}
    assert "school budget" in found and "NATO" in found, found
    assert not found & {"COMPLETELY IRRELEVANT", "OPEN MINDED", "course", "end"}, found


def test_two_themes_never_share_a_label_up_to_case_and_plural(models):
    docs = list(models.nlp.pipe(["Religion.", "Religion, again.", "Religions.",
                                 "Religions, again."]))

    def embed(texts):
        return embed_texts(list(texts), models.embedder, model_name="m")[0]

    vecs = embed([d.text for d in docs])
    names = themes.phrase_labels(docs, vecs, [0, 0, 1, 1], 2, embed)
    # the second theme has no other phrase: it gets none, and its keywords name it
    assert names == ["religion", ""], names
    assert themes.label_keys("Religions") & themes.label_keys("religion")
    assert themes.label_keys("buses") & themes.label_keys("Bus")
    assert themes.label_keys("cases") & themes.label_keys("case")
    assert not themes.label_keys("bus lanes") & themes.label_keys("bus")


def test_hedges_abbreviations_and_laughter_never_shape_a_label(models):
    """"possibly a power problem eg" was a theme's label on a real pasted thread; so were
    "Hahaha", "priiiiice" and "like 4 bucks". The noun phrase is what the theme is about."""
    docs = list(models.nlp.pipe([
        "Also possibly a power problem eg not enough power.",
        "Hahaha, the priiiiice of that chair though.",
        "It is an entirely new color for the chair.",
        "Do you have prepared reactions? (e.g scouted armory from Terran with hellions)",
        "The refund cheque is normally for like 3 dollars or so, hardly worth cashing.",
    ]))
    found = {p for d in docs for p in themes._phrases(d)}
    assert {"power problem", "new color", "refund cheque"} <= found, found
    assert not any(p.startswith(("possibly", "entirely", "e.g", "like")) or p.endswith(" eg")
                   or "aha" in p.lower() or "iiii" in p for p in found), found


def test_a_phrase_cut_from_its_modifier_is_no_label(models):
    """The sample's subversion theme was labelled "run aims", from "to achieve various
    longer run aims": cutting "longer" from "run" changed what the words say."""
    docs = list(models.nlp.pipe([
        "Lying to users to achieve various longer run aims is subversion.",
        "It is the most widely used tool in the lab.",
        "It is an entirely new color for the chair.",
    ]))
    found = {p for d in docs for p in themes._phrases(d)}
    assert {"subversion", "tool", "new color"} <= found, found
    assert not {"run aims", "used tool"} & found, found


def test_no_two_themes_share_a_name_and_no_keyword_is_a_wall_of_letters(models):
    assert themes._unique(["bus", "town", "buses", "bus"],
                          [["bus"], ["town"], ["bus", "fare"], ["bus", "town"]]) == [
        "bus", "town", "fare", "bus (4)"]
    doc = models.nlp("The " + "a" * 500 + " problem hurts the city budget.")
    terms = themes._terms(doc)
    assert "budget" in terms and all(len(t) <= themes.MAX_WORD for t in terms), terms
    assert all(len(p) <= 6 * themes.MAX_WORD for p in themes._phrases(doc))


def test_a_share_keeps_its_number_in_a_label(models):
    """spaCy splits "7%" into a number and a noun; dropping the number left labels
    such as "% savings". A share keeps its number; a bare "%" is no label."""
    docs = list(models.nlp.pipe([
        "That eats the 7% savings immediately.",
        "The 30 percent cut hurts the buses.",
        "It saves about 7 % on heating.",
    ]))
    found = {p for d in docs for p in themes._phrases(d)}
    assert {"7% savings", "30 percent cut"} <= found, found
    assert not any(p.startswith(("%", "percent")) for p in found), found


def test_a_thread_in_another_language_is_not_keyed_by_its_function_words(models):
    """The English pipeline reads German "die", "das", "nicht" as words of content: a
    German thread's themes were keyed "die, das, der, nicht". Its own language's
    function words are left out; in English "die" is a verb and stays."""
    from argmap.read.language import stop_words

    german = ["Die Stadt sollte die Autos aus der Innenstadt verbannen.",
              "Das stimmt nicht, die Geschäfte verlieren die Kunden.",
              "Die Luft in der Stadt wäre sauberer, das ist nicht zu bestreiten.",
              "Der Bus ist nicht die Lösung für die Pendler aus dem Umland."]
    units = tuple(Unit(f"c{i}.u1", f"c{i}", t) for i, t in enumerate(german))
    _, found = themes.find_themes(units, models.embedder.encode(german, normalize_embeddings=True),
                                  models.nlp, min_size=1)
    words = {w for t in found for w in t.keywords}
    assert words and not words & {"die", "das", "der", "nicht", "ist"}, words
    assert "die" in stop_words("German") and not stop_words("English")
    english = models.nlp("Patients die when wards close.")
    assert "die" in themes._terms(english) and "die" not in themes._terms(
        english, stop_words("German"))
