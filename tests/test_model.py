"""The map's JSON round-trips and refuses documents it cannot read."""

from __future__ import annotations

import json

import pytest

from argmap.model import (
    ArgumentMap,
    Comment,
    Quote,
    Relation,
    Theme,
    Thread,
    Unit,
    atomic_write_text,
    map_from_dict,
    map_to_dict,
    read_map,
    write_map,
)


def tiny_map() -> ArgumentMap:
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


def test_round_trip_is_exact(tmp_path):
    amap = tiny_map()
    write_map(amap, tmp_path / "t.json")
    assert read_map(tmp_path / "t.json") == amap
    assert json.loads((tmp_path / "t.json").read_text())["comments"][1]["stance"] == "attack"


def test_unknown_schema_version_is_refused():
    data = map_to_dict(tiny_map())
    data["schema_version"] = 99
    with pytest.raises(ValueError, match="schema_version"):
        map_from_dict(data)


def test_atomic_write_leaves_old_file_when_writing_fails(tmp_path):
    target = tmp_path / "m.json"
    target.write_text("old")


    with pytest.raises(TypeError):
        atomic_write_text(target, object())  # type: ignore[arg-type]
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["m.json"]


def test_written_maps_are_readable_by_others(tmp_path):
    import os
    import stat

    old = os.umask(0o022)
    try:
        atomic_write_text(tmp_path / "m.json", "{}")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "m.json").stat().st_mode) == 0o644
