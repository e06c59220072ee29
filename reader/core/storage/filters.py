"""A query's criteria as SQL, and which articles meet them: one home for search, rules and smart feeds.

Every list and count leaves hidden articles out (``LISTED``); only search sees
them. Matching is evaluated over a *scope* of articles:

* ``IdRange``: the articles a feed write just inserted (their ids are
  consecutive and above every other), so FTS5 reads only the tail of each
  term's doclist (``rowid BETWEEN``);
* a short list of ids (articles updated in place): one FTS5 look-up per id;
* everything (``None``): the whole MATCH once, joined with the filters.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from reader.core.errors import QueryError
from reader.core.storage.connection import Connection, placeholders
from reader.core.storage.rows import Criteria
from reader.i18n import _

#: The condition that keeps hidden articles out of a list or a count (alias ``a``).
#: Hidden articles are few, so this reads a small partial index once, and the list's
#: own covering index (by date, by feed and date) still serves the order.
LISTED = "a.id NOT IN (SELECT id FROM articles WHERE hidden = 1)"

#: Up to this many ids are looked up in the full-text index one by one; beyond, the MATCH runs once.
PROBE_LIMIT = 64


@dataclass(frozen=True)
class IdRange:
    """Consecutive article ids, first to last inclusive."""

    first: int
    last: int

    @classmethod
    def of(cls, ids: Sequence[int]) -> IdRange | None:
        """The range ``ids`` fill exactly, or None when they have gaps (or are empty)."""
        if not ids:
            return None
        first, last = min(ids), max(ids)
        return cls(first, last) if last - first + 1 == len(set(ids)) else None


Scope = IdRange | Sequence[int] | None


def folder_subtree(c: Connection, name: str) -> list[int]:
    """Ids of the folders ``name`` designates (its path, or its own title) and all below them.

    Case is ignored (Unicode case folding); a name that matches nothing gives [].
    """
    rows = c.execute("SELECT id, parent_id, title FROM folders").fetchall()
    parent = {r[0]: r[1] for r in rows}
    title = {r[0]: r[2] for r in rows}

    def path(fid: int) -> str:
        parts: list[str] = []
        seen: set[int] = set()
        cur: int | None = fid
        while cur is not None and cur in title and cur not in seen:
            seen.add(cur)
            parts.append(title[cur])
            cur = parent[cur]
        return "/".join(reversed(parts))

    wanted = name.casefold()
    roots = {fid for fid in title if path(fid).casefold() == wanted or title[fid].casefold() == wanted}
    found, todo = set(roots), list(roots)
    children: dict[int | None, list[int]] = {}
    for fid, pid in parent.items():
        children.setdefault(pid, []).append(fid)
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return sorted(found)


def folder_chain(c: Connection, feed_id: int) -> tuple[str, ...]:
    """The casefolded paths and titles of a feed's folder and every folder above it (empty at the top)."""
    rows = c.execute("SELECT id, parent_id, title FROM folders").fetchall()
    parent = {r[0]: r[1] for r in rows}
    title = {r[0]: r[2] for r in rows}
    row = c.execute("SELECT folder_id FROM feeds WHERE id = ?", (feed_id,)).fetchone()
    chain: list[int] = []
    cur = None if row is None else row[0]
    while cur is not None and cur in title and cur not in chain:
        chain.append(cur)
        cur = parent[cur]
    names: list[str] = []
    for k, fid in enumerate(chain):
        names.append("/".join(title[f] for f in reversed(chain[k:])).casefold())
        names.append(title[fid].casefold())
    return tuple(names)


def feed_meets_folders(chain: tuple[str, ...], criteria: Criteria) -> bool:
    """Whether a feed filed under ``chain`` (``folder_chain``) meets the criteria's folder conditions."""
    if criteria.folder is not None and criteria.folder.casefold() not in chain:
        return False
    return not any(name.casefold() in chain for name in criteria.not_folders)


def new_articles_matching(c: Connection, criteria: Criteria, ids: Sequence[int], chain: tuple[str, ...]) -> list[int]:
    """Which of one feed's just-stored articles meet ``criteria`` (the feed is filed under ``chain``).

    The folder conditions are decided once for the feed, without SQL; a MATCH
    alone goes straight to the full-text index. This runs for every rule in
    every feed write of a refresh, so it does as little as it can.
    """
    if not ids or not feed_meets_folders(chain, criteria):
        return []
    rest, match_only = _without_folders(criteria)
    scope = IdRange.of(ids)
    if rest.match is None and match_only:
        return sorted(set(ids))
    if scope is not None and match_only:
        return sorted(r[0] for r in _run(
            c, "SELECT rowid FROM article_fts WHERE article_fts MATCH ? AND rowid BETWEEN ? AND ?",
            [rest.match, scope.first, scope.last],
        ))
    return matching_ids(c, rest, scope or list(ids))


RULES_PER_STATEMENT = 100  # parts of one UNION ALL (SQLite allows 500)


def new_articles_matching_each(
    c: Connection, criteria: Sequence[Criteria], ids: Sequence[int], chain: tuple[str, ...]
) -> list[list[int]]:
    """``new_articles_matching`` for several criteria at once: one statement for all that need SQL.

    Each criteria's ids come back in its place, ascending. A feed write's rules
    run here: one UNION ALL per write instead of one query per rule saves a
    round trip (and a hand-over of the GIL) per rule, not FTS5's own work.

    Raises:
        QueryError: FTS5 refused one of the MATCH expressions.
    """
    found: list[list[int]] = [[] for _ in criteria]
    scope = IdRange.of(ids)
    parts: list[tuple[int, str, list[Any]]] = []  # (place, SELECT of the ids, its parameters)
    for k, wanted in enumerate(criteria):
        if not ids or not feed_meets_folders(chain, wanted):
            continue
        rest, match_only = _without_folders(wanted)
        if rest.match is None and match_only:
            found[k] = sorted(set(ids))
        elif scope is None:  # not a write's consecutive ids: one query on its own
            found[k] = matching_ids(c, rest, list(ids))
        elif match_only:
            parts.append((k, "SELECT rowid FROM article_fts WHERE article_fts MATCH ? AND rowid BETWEEN ? AND ?",
                          [rest.match, scope.first, scope.last]))
        else:
            where, params = _where(c, rest, scope, True)
            parts.append((k, f"SELECT a.id FROM articles a WHERE {where}", params))
    _union(c, parts, found)
    return found


def matching_each(c: Connection, criteria: Sequence[Criteria], scope: IdRange, *, flags: bool = True) -> list[list[int]]:
    """``matching_ids`` over one range of ids for several criteria, in one statement; each one's ids in its place.

    Raises:
        QueryError: FTS5 refused one of the MATCH expressions.
    """
    found: list[list[int]] = [[] for _ in criteria]
    parts: list[tuple[int, str, list[Any]]] = []
    for k, wanted in enumerate(criteria):
        where, params = _where(c, wanted, scope, flags)
        parts.append((k, f"SELECT a.id FROM articles a WHERE {where}", params))
    _union(c, parts, found)
    return found


def _union(c: Connection, parts: Sequence[tuple[int, str, list[Any]]], found: list[list[int]]) -> None:
    """Run the parts (place, SELECT of ids, parameters) as UNION ALLs; add each one's ids, sorted, to its place."""
    for start in range(0, len(parts), RULES_PER_STATEMENT):
        chunk = parts[start : start + RULES_PER_STATEMENT]
        sql = " UNION ALL ".join(f"SELECT {part[0]}, * FROM ({part[1]})" for part in chunk)
        for k, article_id in _run(c, sql, [value for part in chunk for value in part[2]]):
            found[k].append(article_id)
    for part in parts:
        found[part[0]].sort()


@lru_cache(maxsize=256)
def _without_folders(criteria: Criteria) -> tuple[Criteria, bool]:
    """The criteria without their folder conditions, and whether a MATCH (or nothing) is all that is left."""
    rest = replace(criteria, folder=None, not_folders=())
    return rest, rest == Criteria(match=rest.match)


def criteria_clauses(c: Connection, criteria: Criteria, *, flags: bool = True) -> tuple[list[str], list[Any]]:
    """SQL conditions on ``articles a`` for everything but the MATCH.

    Args:
        flags: include the read/saved conditions (a smart feed's index leaves them
            out: they change all the time, and its count applies them instead).
    """
    clauses: list[str] = []
    params: list[Any] = []
    if flags:
        for flag, value in (("saved", criteria.saved), ("read", criteria.read)):
            if value is not None:  # a literal, so the partial indexes (WHERE saved = 1, read = 0) apply
                clauses.append(f"a.{flag} = {int(value)}")
    for op, when in ((">=", criteria.after), ("<", criteria.before)):
        if when is not None:
            clauses.append(f"a.sort_date {op} ?")
            params.append(when)
    if criteria.folder is not None:
        ids = folder_subtree(c, criteria.folder)
        if not ids:
            clauses.append("0")
        else:
            clauses.append(f"a.feed_id IN (SELECT id FROM feeds WHERE folder_id IN ({placeholders(ids)}))")
            params += ids
    for name in criteria.not_folders:
        ids = folder_subtree(c, name)
        if ids:
            clauses.append(
                f"(a.feed_id IS NULL OR a.feed_id NOT IN (SELECT id FROM feeds WHERE folder_id IN ({placeholders(ids)})))"
            )
            params += ids
    return clauses, params


def matching_ids(c: Connection, criteria: Criteria, scope: Scope = None, *, flags: bool = True) -> list[int]:
    """Ids of the articles in ``scope`` that meet ``criteria`` (hidden ones included), ascending.

    Raises:
        QueryError: FTS5 refused the MATCH expression.
    """
    if scope is not None and not isinstance(scope, IdRange):
        ids = sorted(set(scope))
        if not ids:
            return []
        if len(ids) > PROBE_LIMIT:
            wanted = set(ids)
            return [i for i in matching_ids(c, criteria, None, flags=flags) if i in wanted]
        scope = ids
    where, params = _where(c, criteria, scope, flags)
    return [r[0] for r in _run(c, f"SELECT a.id FROM articles a WHERE {where} ORDER BY a.id", params)]


def newest_matching(c: Connection, criteria: Criteria, limit: int, *, listed_only: bool = True) -> tuple[int, list[int]]:
    """How many stored articles meet ``criteria``, and the ids of the newest ``limit`` of them.

    Args:
        listed_only: leave hidden articles out (a rule's preview shows what the lists would show).
    """
    where, params = _where(c, criteria, None, True)
    if listed_only:
        where += f" AND {LISTED}"
    count = _run(c, f"SELECT count(*) FROM articles a WHERE {where}", params)[0][0]
    newest = _run(c, f"SELECT a.id FROM articles a WHERE {where} ORDER BY a.sort_date DESC, a.id DESC LIMIT ?",
                  [*params, limit])
    return int(count), [r[0] for r in newest]


def _where(c: Connection, criteria: Criteria, scope: IdRange | list[int] | None, flags: bool) -> tuple[str, list[Any]]:
    clauses, params = criteria_clauses(c, criteria, flags=flags)
    scope_params: list[Any] = []
    if isinstance(scope, IdRange):
        clauses.insert(0, "a.id BETWEEN ? AND ?")
        scope_params = [scope.first, scope.last]
    elif scope is not None:
        clauses.insert(0, f"a.id IN ({placeholders(scope)})")
        scope_params = list(scope)
    match_params: list[Any] = []
    if criteria.match is not None:
        if isinstance(scope, IdRange):
            clauses.append("a.id IN (SELECT rowid FROM article_fts WHERE article_fts MATCH ? AND rowid BETWEEN ? AND ?)")
            match_params = [criteria.match, scope.first, scope.last]
        elif scope is not None:  # a few ids: one look-up each, not the whole doclist
            clauses.append("EXISTS (SELECT 1 FROM article_fts WHERE article_fts MATCH ? AND rowid = a.id)")
            match_params = [criteria.match]
        else:
            clauses.append("a.id IN (SELECT rowid FROM article_fts WHERE article_fts MATCH ?)")
            match_params = [criteria.match]
    return " AND ".join(clauses) or "1", [*scope_params, *params, *match_params]


def _run(c: Connection, sql: str, params: list[Any]) -> list[Any]:
    try:
        return c.execute(sql, params).fetchall()
    except sqlite3.OperationalError as err:
        raise QueryError(_("cannot search for that: %(err)s") % {"err": err}) from err
