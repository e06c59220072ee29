"""``Store``: one connection to the library file, with every domain's SQL.

One SQLite file in WAL mode. Each thread opens its own Store (one connection);
SQLite lets one writer at a time in, and every write is one short ``BEGIN
IMMEDIATE`` transaction, so a refresh never drops a read mark or a save made at
the same moment.

The SQL is split by domain into mixins that share one connection
(``connection.StoreBase``): ``feeds`` (folders, feeds, refresh state, counts),
``articles`` (entries, lists, marks, retention, full copies), ``search``
(ranking), ``backups``, ``preferences``, ``images`` (kept images),
``stories`` (full stories per feed), ``accounts`` (sync accounts, their
feeds and items, and the pending changes ``changes`` queues with each mark),
``rules`` and ``smart`` (smart feeds and their kept counts); ``filters`` turns a
query's criteria into SQL for search, rules and smart feeds alike. The schema is
in ``schema``.

Identity: an article is (feed_id, guid). Updated entries are updated in place
and keep their read/saved state. Retention deletes old unsaved articles and
leaves a tombstone of their identity, so a feed that still lists them never
brings them back as unread. Saved articles are never deleted: not by
retention, and not by deleting their feed (they are kept with the feed's name).
"""

from __future__ import annotations

from reader.core.storage.accounts import AccountsMixin
from reader.core.storage.backups import BackupsMixin
from reader.core.storage.images import ImagesMixin
from reader.core.storage.preferences import SettingsMixin
from reader.core.storage.rescue import RescueMixin
from reader.core.storage.rules import RulesMixin
from reader.core.storage.search import SearchMixin
from reader.core.storage.smart import SmartFeedsMixin
from reader.core.storage.stories import StoriesMixin


class Store(
    AccountsMixin, SearchMixin, BackupsMixin, SettingsMixin, ImagesMixin, StoriesMixin, RulesMixin, SmartFeedsMixin,
    RescueMixin,
):
    """Every query the application layer may run, on one connection. Not shared between threads."""


__all__ = ["Store"]
