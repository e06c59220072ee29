"""What a library file holds, as text a test can search (for words that must never be stored)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import zstandard

from reader.core.storage.fts import register_functions, unpack_html


def library_dump(db_path: Path) -> str:
    """The SQL dump of every table, then every blob again as text: bodies unpacked, others byte for byte.

    Read through a read-only connection of its own (what is committed). The
    dump alone would hide a word inside a compressed body (a blob is dumped
    as hex), hence the second part.
    """
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    register_functions(conn)  # the index's source view calls them
    try:
        parts = list(conn.iterdump())
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            for row in conn.execute(f'SELECT * FROM "{table}"'):
                parts.extend(_blob_text(v) for v in row if isinstance(v, bytes))
        return "\n".join(parts)
    finally:
        conn.close()


def _blob_text(value: bytes) -> str:
    try:
        return unpack_html(value)
    except zstandard.ZstdError:  # an icon, an index segment: its bytes as they are
        return value.decode("latin-1")
