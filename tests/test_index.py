"""Claim search: ranking on a small real fixture, filters, context, concurrent reads."""

from __future__ import annotations

import json
import threading

import numpy as np
import pytest

from argmap.embed import embed_texts
from argmap.index import index_map, index_rows, search
from argmap.model import ArgumentMap, Comment, Relation, Theme, Thread, Unit
from argmap.store import open_index
from tests.conftest import FIXTURES


def fixture_maps() -> list[ArgumentMap]:
    """The two hand-written debates as maps: one unit per sentence, replies as relations."""
    data = json.loads((FIXTURES / "search_debates.json").read_text(encoding="utf-8"))
    maps = []
    for name, rows in data.items():
        if name.startswith("_"):
            continue
        comments, units, relations = [], [], []
        first: dict[str, str] = {}
        for pos, c in enumerate(rows):
            comments.append(Comment(id=c["id"], text=" ".join(t for _, t in c["units"]),
                                    author=c["author"], parent_id=c["parent"], position=pos,
                                    stance=c["stance"]))
            for k, (role, text) in enumerate(c["units"]):
                uid = f"{c['id']}.u{k + 1}"
                first.setdefault(c["id"], uid)
                # a tiny theme split: units of the root comment and the rest
                theme = "t1" if c["parent"] is None else "t2"
                units.append(Unit(id=uid, comment_id=c["id"], text=text, role=role, theme_id=theme))
            if c["parent"]:
                relations.append(Relation(first[c["id"]], first[c["parent"]],
                                          c["stance"] if c["stance"] != "neutral" else "reply"))
        themes = (Theme("t1", "opening case", (), tuple(u.id for u in units if u.theme_id == "t1")),
                  Theme("t2", "replies", (), tuple(u.id for u in units if u.theme_id == "t2")))
        thread = Thread(name, f"{name}.txt", "test", tuple(comments))
        maps.append(ArgumentMap(thread, tuple(units), tuple(relations), themes, {"debate": name}))
    return maps


@pytest.fixture(scope="module")
def fixture_index(tmp_path_factory, models):
    path = tmp_path_factory.mktemp("idx") / "index.sqlite"
    db = open_index(path)
    for amap in fixture_maps():
        vecs, _ = embed_texts([u.text for u in amap.units], models.embedder, model_name="m")
        index_map(db, amap, vecs)
    return db, models


def ask(fixture_index, query: str, **kw):
    db, models = fixture_index
    vec, _ = embed_texts([query], models.embedder, model_name="m")
    return search(db, query, vec[0], **kw)


@pytest.mark.parametrize(
    ("query", "unit_id", "debate"),
    [
        ("round-the-clock services would have to recruit extra staff to fill the missing day",
         "c2.u2", "four-day-week"),
        ("shopkeepers think more of their clients drive than really do", "c3.u1", "city-cycling"),
        ("exhaustion among workers dropped a lot in the pilot schemes", "c4.u1", "four-day-week"),
        ("productivity did not drop when people got a day off in trials abroad", "c1.u2",
         "four-day-week"),
        ("kids can cycle to school safely now", "c4.u1", "city-cycling"),
    ],
)
def test_a_paraphrase_finds_its_claim_first(fixture_index, query, unit_id, debate):
    hits = ask(fixture_index, query, top=3)
    assert (hits[0].debate, hits[0].unit_id) == (debate, unit_id)
    assert hits[0].score >= hits[1].score


def test_each_mode_ranks_and_fusion_keeps_exact_keyword_matches(fixture_index):
    kw = ask(fixture_index, "bollards", mode="keyword")
    assert [h.unit_id for h in kw] == ["c5.u1"]
    sem = ask(fixture_index, "bollards", mode="semantic", top=50)
    assert len(sem) == sum(len(m.units) for m in fixture_maps())
    fused = ask(fixture_index, "bollards", top=3)
    assert fused[0].unit_id == "c5.u1" and fused[0].debate == "city-cycling"


def test_a_fused_score_is_the_cosine_plus_a_share_of_the_best_keyword_score(fixture_index):
    from argmap.settings import tuning

    weight = tuning(None).search_lexical_weight  # the index records no model here
    hits = ask(fixture_index, "bollards", top=5)
    # the one unit that says "bollards" gets the whole keyword share; the others none
    assert hits[0].score == pytest.approx(hits[0].similarity + weight, abs=1e-3)
    assert all(h.score == pytest.approx(h.similarity, abs=1e-3) for h in hits[1:])
    # a query whose words many units share: each hit's share lies between 0 and 1
    for h in ask(fixture_index, "bike lanes on the main road", top=10):
        assert -1e-3 <= h.score - h.similarity <= weight + 1e-3


def test_filters_restrict_hits(fixture_index):
    hits = ask(fixture_index, "surveys", top=20, debate="city-cycling")
    assert hits and {h.debate for h in hits} == {"city-cycling"}
    hits = ask(fixture_index, "who pays", top=20, role="question")
    assert {h.unit_id for h in hits} == {"c4.u2", "c5.u1"}
    assert {h.role for h in hits} == {"question"}
    hits = ask(fixture_index, "lanes", top=20, stance="support")
    assert hits and all(h.stance == "support" for h in hits)
    hits = ask(fixture_index, "anything", top=20, theme="OPENING")
    assert {h.unit_id for h in hits} == {"c1.u1", "c1.u2"}
    assert ask(fixture_index, "lanes", debate="no-such-debate") == []


def test_hits_carry_author_theme_and_context(fixture_index):
    hit = ask(fixture_index, "Staggered rotas keep a clinic open", top=1)[0]
    assert (hit.unit_id, hit.author, hit.theme) == ("c3.u1", "ines", "replies")
    assert [a["unit_id"] for a in hit.answers] == ["c2.u1"]
    assert "close on Fridays" in hit.answers[0]["text"]
    root = ask(fixture_index, "protected bike lanes on every main road", top=1)[0]
    assert {a["unit_id"] for a in root.answered_by} == {"c2.u1", "c4.u1", "c6.u1"}


def test_rebuilding_one_debate_replaces_only_its_rows(tmp_path, models):
    db = open_index(tmp_path / "index.sqlite")
    maps = fixture_maps()
    for amap in maps:
        index_map(db, amap, np.eye(len(amap.units), 384, dtype=np.float32))
    before = db.execute("SELECT debate, count(*) FROM units GROUP BY debate").fetchall()
    index_map(db, maps[0], np.eye(len(maps[0].units), 384, dtype=np.float32))
    after = db.execute("SELECT debate, count(*) FROM units GROUP BY debate").fetchall()
    assert before == after
    fts = db.execute("SELECT count(*) FROM units_fts WHERE units_fts MATCH 'fridays'").fetchone()
    assert fts == (1,)


def test_search_reads_consistently_while_a_build_writes(tmp_path):
    """A reader on another connection sees either the old or the new debate, never half."""
    path = tmp_path / "index.sqlite"
    rng = np.random.default_rng(0)

    def rows(tag: str, n: int) -> list[tuple]:
        vecs = rng.normal(size=(n, 384)).astype(np.float32)
        vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
        return [(f"u{i}", f"c{i}", None, f"{tag} claim number {i} about lanes", "claim", "",
                 None, vecs[i], None) for i in range(n)]

    writer = open_index(path)
    index_rows(writer, "other", rows("other", 50))
    index_rows(writer, "busy", rows("old", 3000))
    errors: list[BaseException] = []
    stop = threading.Event()

    def write():
        try:
            for k in range(4):
                index_rows(writer, "busy", rows(f"v{k}", 3000))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            stop.set()

    reader = open_index(path)
    q = np.zeros(384, dtype=np.float32)
    q[0] = 1.0
    t = threading.Thread(target=write)
    t.start()
    seen = 0
    while not stop.is_set() or seen == 0:
        other = search(reader, "lanes", q, top=5, debate="other")
        busy = search(reader, "claim", q, top=200, debate="busy")
        assert len(other) == 5
        tags = {h.text.split()[0] for h in busy}
        assert len(busy) == 200 and len(tags) == 1, tags
        seen += 1
    t.join()
    assert not errors, errors
    assert seen >= 1
    total = reader.execute("SELECT count(*) FROM units").fetchone()[0]
    assert total == 3050


def test_an_index_from_another_version_is_kept_aside_and_rebuilt(tmp_path, capsys):
    """An older index is never emptied in place (it once was, by any app search)."""
    import sqlite3

    from argmap.cli import main
    from argmap.store import SCHEMA

    path = tmp_path / "index.sqlite"
    old = sqlite3.connect(path)
    old.execute("CREATE TABLE units (rowid INTEGER PRIMARY KEY, text TEXT)")
    old.execute("INSERT INTO units VALUES (1, 'bike lanes')")
    old.commit()
    old.close()
    assert main(["search", "lanes", "--maps", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "index.sqlite.schema0" in err, err
    kept = sqlite3.connect(tmp_path / "index.sqlite.schema0")
    assert kept.execute("SELECT text FROM units").fetchall() == [("bike lanes",)]
    kept.close()
    db = open_index(path)
    assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA,)
    db.close()
    assert main(["search", "lanes", "--maps", str(tmp_path / "nowhere")]) == 2
