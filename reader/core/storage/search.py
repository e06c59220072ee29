"""Full-text search over the FTS5 index: candidates, ranking, and the indexed text for snippets."""

from __future__ import annotations

import sqlite3

from reader.core.errors import QueryError
from reader.core.storage.articles import ArticlesMixin
from reader.core.storage.connection import placeholders
from reader.core.storage.filters import criteria_clauses
from reader.core.storage.rows import Criteria, SearchRow
from reader.i18n import _


class SearchMixin(ArticlesMixin):
    """Ranking lives here, in SQL; the query language and snippets live in ``reader.core.search``."""

    # At most this many matches, the newest, are ranked: a word that is in half of a
    # million-article library costs the same as a rare one (bench/run.py, search rows).
    SEARCH_CANDIDATES = 1000

    def search(
        self,
        match: str | None,
        *,
        saved: bool | None = None,
        read: bool | None = None,
        after: float | None = None,
        before: float | None = None,
        limit: int = 50,
        folder: str | None = None,
        not_folders: tuple[str, ...] = (),
    ) -> list[SearchRow]:
        """Full-text search: best match first (bm25, title weighted above body), then newest.

        Ranking is exact when at most ``SEARCH_CANDIDATES`` articles match;
        beyond that, the newest that many matches are ranked. The caller makes
        the snippet from each row's indexed text.
        """
        c = self._conn
        clauses, params = criteria_clauses(c, Criteria(
            saved=saved, read=read, after=after, before=before, folder=folder, not_folders=not_folders
        ))
        if match is None:
            where = " AND ".join(clauses) or "1"
            ids = [(r[0], 0.0) for r in c.execute(
                f"SELECT a.id FROM articles a WHERE {where} ORDER BY a.sort_date DESC, a.id DESC LIMIT ?", [*params, limit]
            )]
        else:
            try:
                if saved:
                    found = self._rank_within(match, [r[0] for r in c.execute(
                        f"SELECT a.id FROM articles a WHERE {' AND '.join(clauses)} LIMIT ?",
                        [*params, self.SEARCH_CANDIDATES * 5],
                    )])
                elif clauses:
                    sql = (
                        "SELECT article_fts.rowid, bm25(article_fts, 8.0, 3.0, 2.0, 1.0), a.sort_date FROM article_fts "
                        f"JOIN articles a ON a.id = article_fts.rowid WHERE article_fts MATCH ? AND {' AND '.join(clauses)} "
                        "ORDER BY article_fts.rowid DESC LIMIT ?"
                    )
                    found = c.execute(sql, [match, *params, self.SEARCH_CANDIDATES]).fetchall()
                else:
                    found = c.execute(
                        "SELECT rowid, bm25(article_fts, 8.0, 3.0, 2.0, 1.0), NULL FROM article_fts "
                        "WHERE article_fts MATCH ? ORDER BY rowid DESC LIMIT ?",
                        (match, self.SEARCH_CANDIDATES),
                    ).fetchall()
            except sqlite3.OperationalError as err:
                raise QueryError(_("cannot search for that: %(err)s") % {"err": err}) from err
            # bm25 is lower-is-better; ties go to the newer article (a higher rowid was seen later).
            found.sort(key=lambda r: (round(r[1], 9), -(r[2] or 0.0), -r[0]))
            ids = [(r[0], -float(r[1])) for r in found[:limit]]
        if not ids:
            return []
        keys = [i for i, _ in ids]
        articles = self.articles_by_id(keys)
        texts = dict(c.execute(f"SELECT rowid, body FROM article_fts WHERE rowid IN ({placeholders(keys)})", keys))
        return [
            SearchRow(articles[i], (texts.get(i) or "").replace("\x1e", ""), score) for i, score in ids if i in articles
        ]

    def _rank_within(self, match: str, ids: list[int]) -> list[tuple[int, float, float | None]]:
        """Rank the matches among a small set of ids (the saved articles).

        bm25() recomputes its statistics for every id looked up this way, so a
        small set is ranked by title match first, then by recency.
        """
        c = self._conn
        matched: list[int] = []
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            matched += [r[0] for r in c.execute(
                f"SELECT rowid FROM article_fts WHERE article_fts MATCH ? AND rowid IN ({','.join('?' * len(chunk))})",
                [match, *chunk],
            )]
        if not matched:
            return []
        try:
            in_title = {r[0] for r in c.execute(
                f"SELECT rowid FROM article_fts WHERE article_fts MATCH ? AND rowid IN ({','.join('?' * len(matched))})",
                [f"{{title}} : ({match})", *matched],
            )}
        except sqlite3.OperationalError:  # an expression FTS5 will not nest under a column filter
            in_title = set()
        return [(i, -2.0 if i in in_title else -1.0, None) for i in matched]
