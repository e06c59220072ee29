"""The rules part of the facade: ``Library`` inherits it, so front ends see one object.

Rules, smart feeds, a rule's live preview and the refresh's notification; each
method hands the calling thread's store to ``engine`` or ``notice``. What the
mixin needs of the Library is declared at its top. Nothing here imports the
facade. The engine is imported by the methods that use it: a search or a
listing never loads it.
"""

from __future__ import annotations

from collections.abc import Sequence

from reader.core.models import ArticleRow, FeedResult, Notice, Rule, RuleAction, SavedSearch, SyncResult
from reader.core.rules.notice import notice
from reader.core.settings import Settings
from reader.core.storage.store import Store


class RulesFacade:
    """Rules and smart feeds: list, add, change, apply, preview; the notification. Mixed into ``Library``."""

    def _connect(self) -> Store:
        raise NotImplementedError

    def settings(self) -> Settings:
        raise NotImplementedError

    def rules(self) -> list[Rule]:
        """Every rule, in the order they run, with its matched count."""
        return self._connect().rules()

    def rule(self, rule_id: int) -> Rule:
        return self._connect().rule(rule_id)

    def add_rule(
        self, query: str, action: RuleAction | str, *, name: str | None = None, enabled: bool = True
    ) -> Rule:
        """Add a rule; it acts on every article stored from now on (``apply_rule`` for those already here).

        Raises:
            QueryError: the search language rejects the query (the message says why).
            InputError: an unknown action.
        """
        from reader.core.rules import engine

        return engine.add_rule(self._connect(), query, action, name=name, enabled=enabled)

    def update_rule(
        self,
        rule_id: int,
        *,
        name: str | None = None,
        query: str | None = None,
        action: RuleAction | str | None = None,
        enabled: bool | None = None,
    ) -> Rule:
        """Change a rule's name, query, action or whether it runs; what it did stays done."""
        from reader.core.rules import engine

        return engine.update_rule(self._connect(), rule_id, name=name, query=query, action=action, enabled=enabled)

    def remove_rule(self, rule_id: int) -> None:
        """Remove a rule; what it did stays done."""
        self._connect().remove_rule(rule_id)

    def apply_rule(self, rule_id: int) -> int:
        """Apply a rule to every stored article now; returns how many it changed."""
        from reader.core.rules import engine

        return engine.apply_rule(self._connect(), rule_id)

    def preview_query(self, query: str, *, limit: int = 50) -> tuple[int, list[ArticleRow]]:
        """What ``query`` matches now among listed articles: how many, and the newest ``limit`` as list rows.

        Raises:
            QueryError: the search language rejects the query.
        """
        store = self._connect()
        from reader.core.rules import engine

        count, ids = store.preview_matches(engine.criteria_of(query), limit)
        return count, store.article_rows(ids)

    def smart_feeds(self) -> list[SavedSearch]:
        """The user's smart feeds (saved searches), in the tree's order, with their unread counts."""
        return self._connect().smart_feeds()

    def smart_feed(self, smart_id: int) -> SavedSearch:
        return self._connect().smart_feed(smart_id)

    def add_smart_feed(self, name: str, query: str) -> SavedSearch:
        """Save a search as a smart feed.

        Raises:
            QueryError: the search language rejects the query.
        """
        from reader.core.rules import engine

        return engine.add_smart_feed(self._connect(), name, query)

    def update_smart_feed(self, smart_id: int, *, name: str | None = None, query: str | None = None) -> SavedSearch:
        from reader.core.rules import engine

        return engine.update_smart_feed(self._connect(), smart_id, name=name, query=query)

    def remove_smart_feed(self, smart_id: int) -> None:
        self._connect().remove_smart_feed(smart_id)

    def notice(self, results: Sequence[FeedResult | SyncResult], *, mode: str | None = None) -> Notice | None:
        """The one notification a refresh's results call for (the setting's mode unless given), or None."""
        return notice(results, self.rules(), self.settings().notifications if mode is None else mode)


__all__ = ["RulesFacade"]
