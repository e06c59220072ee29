"""Rules and smart feeds at work: what runs on arrival, on request, and when either is added or changed.

    a new article is stored (refresh, subscribe), in that same transaction:
        for each enabled rule, oldest first:
            the new articles its query matches        (FeedWrite.matching)
            read: mark them read (mute)   save: save them   hide: hide them
            notify: remember them for the refresh's notification
            its matched count grows by the articles it matched
    rule apply: the same over every stored article, in one transaction;
        the count grows by the articles it changed (so applying twice adds nothing)

A smart feed is a saved search; the store indexes its matches and keeps its
unread count as articles arrive and change (storage/smart.py).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from reader.core.errors import InputError
from reader.core.models import Rule, RuleAction, SavedSearch
from reader.core.search.query import parse_query
from reader.core.storage.rows import Criteria
from reader.core.storage.store import Store
from reader.i18n import _

log = logging.getLogger(__name__)

NAME_MAX = 200


def criteria_of(query: str) -> Criteria:
    """What ``query`` asks of an article, for the store.

    Raises:
        QueryError: the search language rejects the query (the message says why).
    """
    q = parse_query(query)
    return Criteria(
        match=q.match,
        saved=q.saved,
        read=q.read,
        after=q.after.timestamp() if q.after else None,
        before=q.before.timestamp() if q.before else None,
        folder=q.folder,
        not_folders=q.not_folders,
    )


def _name(name: str | None, query: str) -> str:
    text = " ".join((name or "").split()) or " ".join(query.split())
    return text[:NAME_MAX]


def action_of(value: RuleAction | str) -> RuleAction:
    """A rule's action from its name (read, save, hide, notify).

    Raises:
        InputError: not one of them.
    """
    if isinstance(value, RuleAction):
        return value
    try:
        return RuleAction(value.strip().lower())
    except ValueError:
        raise InputError(_("a rule's action is one of read, save, hide, notify (not %(value)r)") % {"value": value}) from None


# --- the rules a write runs ------------------------------------------------------------------


@dataclass(frozen=True)
class ActiveRule:
    """An enabled rule with its query ready for the store."""

    rule: Rule
    criteria: Criteria


@dataclass(frozen=True)
class RuleSet:
    """The enabled rules, read once per refresh, in the order they run (oldest first)."""

    rules: tuple[ActiveRule, ...] = ()

    @classmethod
    def load(cls, store: Store) -> RuleSet:
        """The enabled rules; one whose query no longer parses is left out (and logged)."""
        active: list[ActiveRule] = []
        for rule in store.rules():
            if not rule.enabled:
                continue
            try:
                active.append(ActiveRule(rule, criteria_of(rule.query)))
            except InputError as err:
                log.warning("rule %d (%s) is skipped: %s", rule.id, rule.name, err)
        return cls(tuple(active))


@dataclass(frozen=True)
class Arrival:
    """What became of one write's new articles once the rules ran.

    Attributes:
        fresh: new articles left unread and listed (neither muted nor hidden).
        flagged: (rule id, article id) for each listed new article a notify rule matched.
    """

    fresh: tuple[int, ...] = ()
    flagged: tuple[tuple[int, int], ...] = ()


class ArrivingWrite(Protocol):
    """Articles just stored in an open transaction: a feed's write (``FeedWrite``) or a sync's (``ItemsWrite``)."""

    def matching(self, criteria: Criteria, ids: Sequence[int]) -> list[int]: ...

    def matching_each(self, criteria: Sequence[Criteria], ids: Sequence[int]) -> list[list[int]]: ...

    def act(self, action: RuleAction, ids: Sequence[int]) -> int: ...

    def count_matches(self, counts: Sequence[tuple[int, int]]) -> None: ...

    def unread_listed(self, ids: Sequence[int]) -> list[int]: ...


def _asks_about_flags(active: ActiveRule) -> bool:
    return active.criteria.read is not None or active.criteria.saved is not None


def _batches(rules: Sequence[ActiveRule]) -> list[list[ActiveRule]]:
    """The rules in runs matched together: a new run starts at each rule asking about flags (is:read, is:saved).

    Only those rules can see what earlier rules did, so only before them are
    the gathered actions carried out; the rest of a run is matched in one query.
    """
    runs: list[list[ActiveRule]] = []
    for active in rules:
        if not runs or _asks_about_flags(active):
            runs.append([])
        runs[-1].append(active)
    return runs


def run_on_arrival(write: ArrivingWrite, new_ids: Sequence[int], rules: RuleSet) -> Arrival:
    """Run the enabled rules on a write's new articles, inside its transaction.

    Actions are gathered and carried out together, one statement per kind, except
    that a rule asking about flags (is:read, is:saved) first sees the earlier rules' work.
    The rules between two such rules are matched together (``matching_each``: one
    query for a feed's write).
    """
    if not new_ids:
        return Arrival()
    pending: dict[RuleAction, set[int]] = {}
    hidden: set[int] = set()
    flagged: list[tuple[int, int]] = []
    counts: list[tuple[int, int]] = []

    def carry_out() -> None:
        for action, ids in pending.items():
            write.act(action, sorted(ids))
        pending.clear()

    for batch in _batches(rules.rules):
        if pending and _asks_about_flags(batch[0]):
            carry_out()
        for active, ids in zip(batch, write.matching_each([a.criteria for a in batch], new_ids), strict=True):
            if not ids:
                continue
            rule = active.rule
            if rule.action is RuleAction.NOTIFY:
                flagged += [(rule.id, i) for i in ids]
            else:
                pending.setdefault(rule.action, set()).update(ids)
                if rule.action is RuleAction.HIDE:
                    hidden.update(ids)
            counts.append((rule.id, len(ids)))
    carry_out()
    write.count_matches(counts)
    return Arrival(
        fresh=tuple(write.unread_listed(new_ids)),
        flagged=tuple((r, i) for r, i in flagged if i not in hidden),
    )


# --- managing rules and smart feeds ----------------------------------------------------------


def add_rule(store: Store, query: str, action: RuleAction | str, *, name: str | None = None, enabled: bool = True) -> Rule:
    """Check ``query`` and store a rule; it acts on articles that arrive from now on.

    Raises:
        QueryError: the search language rejects the query.
        InputError: an unknown action.
    """
    kind = action_of(action)
    criteria_of(query)
    return store.rule(store.add_rule(_name(name, query), query.strip(), kind, enabled=enabled))


def update_rule(
    store: Store,
    rule_id: int,
    *,
    name: str | None = None,
    query: str | None = None,
    action: RuleAction | str | None = None,
    enabled: bool | None = None,
) -> Rule:
    """Change a rule (what it did stays done; its matched count stays).

    Raises:
        QueryError: the new query is rejected.
        NotFoundError: no such rule.
    """
    if query is not None:
        criteria_of(query)
        query = query.strip()
    current = store.rule(rule_id)
    store.update_rule(
        rule_id,
        name=None if name is None else _name(name, query or current.query),
        query=query,
        action=None if action is None else action_of(action),
        enabled=enabled,
    )
    return store.rule(rule_id)


def apply_rule(store: Store, rule_id: int) -> int:
    """Apply a rule to every stored article now; returns how many it changed (notify changes none).

    Raises:
        NotFoundError: no such rule.
        QueryError: its query no longer parses.
    """
    rule = store.rule(rule_id)
    return store.apply_rule(rule.id, criteria_of(rule.query), rule.action)


def add_smart_feed(store: Store, name: str, query: str) -> SavedSearch:
    """Save a search as a smart feed (its matches are indexed now, then kept up to date).

    Raises:
        QueryError: the search language rejects the query.
        InputError: an empty name.
    """
    criteria = criteria_of(query)
    title = " ".join(name.split())[:NAME_MAX]
    if not title:
        raise InputError(_("a smart feed needs a name"))
    return store.smart_feed(store.add_smart_feed(title, query.strip(), criteria))


def update_smart_feed(store: Store, smart_id: int, *, name: str | None = None, query: str | None = None) -> SavedSearch:
    """Rename a smart feed or change its query.

    Raises:
        QueryError: the new query is rejected.
        InputError: an empty name.
        NotFoundError: no such smart feed.
    """
    current = store.smart_feed(smart_id)
    text = current.query if query is None else query.strip()
    criteria = criteria_of(text)
    title = current.name if name is None else " ".join(name.split())[:NAME_MAX]
    if not title:
        raise InputError(_("a smart feed needs a name"))
    store.update_smart_feed(smart_id, title, text, criteria)
    return store.smart_feed(smart_id)


__all__ = [
    "ActiveRule",
    "Arrival",
    "ArrivingWrite",
    "RuleSet",
    "action_of",
    "add_rule",
    "add_smart_feed",
    "apply_rule",
    "criteria_of",
    "run_on_arrival",
    "update_rule",
    "update_smart_feed",
]
