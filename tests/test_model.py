"""The map's JSON round-trips and refuses documents it cannot read."""

from __future__ import annotations

import json

import pytest

from argmap.model import (
    atomic_write_text,
    map_from_dict,
    map_to_dict,
    read_map,
    write_map,
)
from tests.builders import pair_map


def test_round_trip_is_exact(tmp_path):
    amap = pair_map()
    write_map(amap, tmp_path / "t.json")
    assert read_map(tmp_path / "t.json") == amap
    assert json.loads((tmp_path / "t.json").read_text())["comments"][1]["stance"] == "attack"


def test_unknown_schema_version_is_refused():
    data = map_to_dict(pair_map())
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
