"""Comment tables: CSV and TSV exports (a scraper's, a spreadsheet's) with a header row.

Researchers often hold a thread as a table, one comment a row. The columns are read
by the names the JSON reader knows (`id`, `parent_id`, `author`, `text`, `body`, ...;
header case and spaces do not matter), so a table and a JSON export of the same
thread give the same map.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from argmap.errors import ArgmapError
from argmap.model import Thread
from argmap.read.jsonfmt import AUTHOR_KEYS, ID_KEYS, PARENT_KEYS, TEXT_KEYS, records_from
from argmap.read.tree import build_thread

__all__ = ["read", "looks_like_table"]

# A header row: two or more plain field names between separators.
_NAME = r'\s*"?[A-Za-z_][\w .-]{0,40}"?\s*'
_HEADER = re.compile(rf"^{_NAME}(?:[,;\t|]{_NAME})+$")


def _column(name: str) -> str:
    """`Parent ID` and `parent_id` name one column."""
    return re.sub(r"[\s.-]+", "_", name.strip().strip('"')).lower()


def _separator(header: str) -> str:
    return max("\t,;|", key=header.count)


def looks_like_table(text: str) -> bool:
    """A first line of column names: one for the comments' words and one for who
    wrote them or which comment they answer (prose rarely opens "text, author")."""
    first = text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
    if not _HEADER.match(first):
        return False
    names = {_column(n) for n in first.split(_separator(first))}
    return bool(names & set(TEXT_KEYS)) and bool(names & set(ID_KEYS + PARENT_KEYS + AUTHOR_KEYS))


def read(text: str, source: str, embedder: Any | None = None) -> Thread:
    """Read a CSV or TSV comment table (header row first)."""
    text = text.lstrip("\ufeff")
    header = text.split("\n", 1)[0].rstrip("\r")
    sep = _separator(header)
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise ArgmapError(f"{source}: not a readable table at line {reader.line_num} "
                          f"({exc}); fix the file or pass --format text") from exc
    if not rows:
        raise ArgmapError(f"{source}: the table is empty")
    names = [_column(n) for n in rows[0]]
    if not set(names) & set(TEXT_KEYS):
        raise ArgmapError(f"{source}: no column of comment text; name one of "
                          f"{', '.join(TEXT_KEYS[:4])} in the header row")
    items = []
    for n, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(names):
            raise ArgmapError(f"{source}: line {n} has {len(row)} cells for {len(names)} "
                              "columns; quote cells that hold the separator")
        items.append({k: v for k, v in zip(names, row, strict=False) if v.strip()})
    notes: list[str] = []
    records = records_from(items, source, embedder=embedder, fmt="table", notes=notes)
    return build_thread(records, source=source, fmt="csv", notes=notes)
