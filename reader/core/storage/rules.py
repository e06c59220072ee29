"""Rules as stored, and the SQL of their actions.

What a rule means and when it runs is the application's (``reader.core.rules``):
the store keeps the rules, finds the articles a query matches
(``filters.matching_ids``) and carries out an action on given articles, either
inside a feed write (``FeedWrite.act``) or over the whole library (``apply_rule``).
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from reader.core.errors import NotFoundError
from reader.core.models import Rule, RuleAction
from reader.core.storage.changes import queue_marks
from reader.core.storage.connection import Connection, StoreBase, placeholders
from reader.core.storage.filters import IdRange, matching_ids, newest_matching
from reader.core.storage.rows import Criteria
from reader.i18n import _

CHUNK = 500

# Each action as an UPDATE of only the rows it would change, so "changed" counts real changes.
# ?1 is the time of the change (hide has no use for it), ?2... are the ids.
_ACTIONS: dict[RuleAction, str] = {
    RuleAction.READ: "UPDATE articles SET read = 1, read_at = ?1 WHERE read = 0 AND id IN ({ids})",
    RuleAction.SAVE: "UPDATE articles SET saved = 1, saved_at = ?1 WHERE saved = 0 AND id IN ({ids})",
    RuleAction.HIDE: "UPDATE articles SET hidden = 1 WHERE hidden = 0 AND id IN ({ids})",
}


_SYNCED = {RuleAction.READ: "read", RuleAction.SAVE: "saved"}


def act(c: Connection, action: RuleAction, ids: Sequence[int], *, synced: bool = False) -> int:
    """Carry out ``action`` on ``ids`` in the open transaction; returns how many it changed (notify: none).

    Args:
        synced: some of ``ids`` may be a sync account's articles: queue the marks
            for the server (``changes.queue_marks``), as a mark by hand would.
    """
    sql = _ACTIONS.get(action)
    if sql is None or not ids:
        return 0
    now = time.time()
    changed: list[int] = []
    count = 0
    field = _SYNCED.get(action) if synced else None
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start : start + CHUNK]
        marks = ",".join(f"?{k + 2}" for k in range(len(chunk)))
        if field is None:
            count += c.execute(sql.format(ids=marks), [now, *chunk]).rowcount
        else:
            changed += [r[0] for r in c.execute(sql.format(ids=marks) + " RETURNING id", [now, *chunk])]
    if field is not None and changed:
        queue_marks(c, changed, field, True)
    return count + len(changed)


def unread_listed(c: Connection, ids: Sequence[int]) -> list[int]:
    """Which of ``ids`` are unread and listed (not hidden), ascending."""
    found: list[int] = []
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start : start + CHUNK]
        found += [r[0] for r in c.execute(
            f"SELECT id FROM articles WHERE id IN ({placeholders(chunk)}) AND read = 0 AND hidden = 0 ORDER BY id", chunk
        )]
    return found


def count_matches(c: Connection, counts: Sequence[tuple[int, int]]) -> None:
    """Add to rules' matched counts: (rule id, how many more) pairs."""
    c.executemany("UPDATE rules SET matched = matched + ? WHERE id = ?", [(n, rule_id) for rule_id, n in counts if n])


class ItemsWrite:
    """Articles a sync just stored, in its open transaction: what the rules need of them.

    ``FeedWrite`` offers the same for a feed's write (the rules run on both alike).
    """

    def __init__(self, c: Connection) -> None:
        self._c = c

    def matching(self, criteria: Criteria, ids: Sequence[int]) -> list[int]:
        return matching_ids(self._c, criteria, IdRange.of(ids) or list(ids))

    def matching_each(self, criteria: Sequence[Criteria], ids: Sequence[int]) -> list[list[int]]:
        return [self.matching(one, ids) for one in criteria]

    def act(self, action: RuleAction, ids: Sequence[int]) -> int:
        return act(self._c, action, ids, synced=True)

    def count_matches(self, counts: Sequence[tuple[int, int]]) -> None:
        count_matches(self._c, counts)

    def unread_listed(self, ids: Sequence[int]) -> list[int]:
        return unread_listed(self._c, ids)


class RulesMixin(StoreBase):
    """Adding, changing, listing and applying rules."""

    _RULE_COLUMNS = "id, name, query, action, enabled, matched"

    @staticmethod
    def _rule(r: Sequence[object]) -> Rule:
        return Rule(
            id=int(str(r[0])), name=str(r[1]), query=str(r[2]), action=RuleAction(r[3]), enabled=bool(r[4]),
            matched=int(str(r[5])),
        )

    def add_rule(self, name: str, query: str, action: RuleAction, *, enabled: bool = True) -> int:
        with self.transaction() as c:
            rule_id = c.execute(
                "INSERT INTO rules(name, query, action, enabled, created_at) VALUES (?, ?, ?, ?, ?)",
                (name, query, action.value, int(enabled), time.time()),
            ).lastrowid
        assert rule_id is not None
        return rule_id

    def update_rule(
        self,
        rule_id: int,
        *,
        name: str | None = None,
        query: str | None = None,
        action: RuleAction | None = None,
        enabled: bool | None = None,
    ) -> None:
        """Change what is given of a rule; its matched count stays."""
        with self.transaction() as c:
            row = c.execute(f"SELECT {self._RULE_COLUMNS} FROM rules WHERE id = ?", (rule_id,)).fetchone()
            if row is None:
                raise NotFoundError(_("no rule with id %(id)s") % {"id": rule_id})
            old = self._rule(row)
            c.execute(
                "UPDATE rules SET name = ?, query = ?, action = ?, enabled = ? WHERE id = ?",
                (
                    old.name if name is None else name,
                    old.query if query is None else query,
                    (old.action if action is None else action).value,
                    int(old.enabled if enabled is None else enabled),
                    rule_id,
                ),
            )

    def remove_rule(self, rule_id: int) -> None:
        """Forget a rule; what it did stays done."""
        with self.transaction() as c:
            if c.execute("DELETE FROM rules WHERE id = ?", (rule_id,)).rowcount == 0:
                raise NotFoundError(_("no rule with id %(id)s") % {"id": rule_id})

    def rules(self) -> list[Rule]:
        """Every rule, oldest first (the order they run in)."""
        return [self._rule(r) for r in self._conn.execute(f"SELECT {self._RULE_COLUMNS} FROM rules ORDER BY id")]

    def rule(self, rule_id: int) -> Rule:
        row = self._conn.execute(f"SELECT {self._RULE_COLUMNS} FROM rules WHERE id = ?", (rule_id,)).fetchone()
        if row is None:
            raise NotFoundError(_("no rule with id %(id)s") % {"id": rule_id})
        return self._rule(row)

    def apply_rule(self, rule_id: int, criteria: Criteria, action: RuleAction) -> int:
        """Carry out a rule's action on every stored article its criteria match, in one transaction.

        Returns:
            how many articles it changed (added to the rule's matched count).
        """
        with self.transaction() as c:
            if c.execute("SELECT 1 FROM rules WHERE id = ?", (rule_id,)).fetchone() is None:
                raise NotFoundError(_("no rule with id %(id)s") % {"id": rule_id})
            changed = act(c, action, matching_ids(c, criteria), synced=True)
            count_matches(c, [(rule_id, changed)])
        return changed

    def preview_matches(self, criteria: Criteria, limit: int) -> tuple[int, list[int]]:
        """How many listed articles ``criteria`` match now, and the newest ``limit`` ids (a rule's preview)."""
        return newest_matching(self._conn, criteria, limit)
