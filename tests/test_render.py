"""The HTML map: offline, and comment text never becomes markup."""

from __future__ import annotations

import re

from argmap.render import render_html, safe_json
from tests.test_model import tiny_map


def test_hostile_comment_text_is_escaped():
    from dataclasses import replace

    amap = tiny_map()
    evil = '</script><script>alert(1)</script><img src=x onerror="alert(2)">'
    units = (replace(amap.units[0], text=evil), amap.units[1])
    page = render_html(replace(amap, units=units))
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page
    assert "\\u003c/script\\u003e" in page


def test_page_needs_no_network():
    page = render_html(tiny_map())
    assert not re.search(r"<(?:script|link)[^>]+(?:src|href)\s*=", page)


def test_safe_json_cannot_close_a_script():
    assert "</" not in safe_json({"a": "</script>"})
