"""Syncing one account with its Google Reader API server.

    push      pending local changes, in batches: ask the server for the items'
              state, send only what differs (absolute values, never toggles),
              delete a change only once its batch was accepted
    pull      subscriptions and categories -> the account's feeds and folders
    pull      item ids: unread, starred, and recent ones (from a window no
              wider than retention; later syncs start just before the last)
    reconcile the server's unread and starred lists win, except on items
              with a change still pending (the store checks that in the same
              transaction as the update)
    fetch     the missing items' contents, 250 at a time, each batch stored
              in its own transaction

Everything it needs is passed in: the calling thread's ``Store``, a logged-in
``GReaderClient`` and the settings. Errors are returned in the ``SyncResult``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence

import reader.core.sync.plan as plan
from reader.core.content.callouts import normalize_headline
from reader.core.content.pipeline import prepare
from reader.core.entries import content_hash
from reader.core.errors import BylineError
from reader.core.models import Enclosure, SyncProgress, SyncResult
from reader.core.net.greader import (
    CONTENTS_BATCH,
    READ,
    READING_LIST,
    STARRED,
    GReaderClient,
    Item,
    SyncAuthError,
    SyncServerError,
)
from reader.core.rules.engine import ArrivingWrite, RuleSet, run_on_arrival
from reader.core.settings import Settings
from reader.core.storage.rows import EntryRow, PendingChange, RemoteFeed
from reader.core.storage.store import Store

log = logging.getLogger(__name__)

Progress = Callable[[SyncProgress], None]


class SyncCancelled(BylineError):
    """The sync was asked to stop; what was stored so far stays."""


def item_row(item: Item) -> EntryRow:
    """A server item as a row to store: its id is the guid, its HTML prepared as a feed entry's."""
    prepared = prepare(item.html, is_html=True, base_url=item.url)
    return EntryRow(
        guid=item.item_id,
        title=item.title,
        title_key=normalize_headline(item.title),
        content_hash=content_hash(item.title, item.url, item.author, item.html, item.published, item.updated),
        url=item.url,
        author=item.author,
        published=item.published,
        updated=item.updated,
        html=prepared.html,
        text=prepared.text,
        base_url=item.url,
        categories=prepared.categories,
        enclosures=tuple(Enclosure(url=u, type=t, length=None) for u, t in item.enclosures),
    )


class AccountSync:
    """One sync of one account. ``run`` returns its result; it raises only for bugs.

    Attributes:
        new_ids: articles stored by this sync; ``saved_ids``: articles the server's stars saved here.
        fresh, flagged: what the rules left unread and listed of the new articles, and what
            notify rules matched (rule id, article id): the rules run on every batch as it is stored.
    """

    def __init__(
        self,
        store: Store,
        client: GReaderClient,
        account_id: int,
        settings: Settings,
        *,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
        now: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.client = client
        self.account_id = account_id
        self.settings = settings
        self._progress = progress
        self._cancel = cancel
        self._now = now
        self.sent = 0
        self.received = 0
        self.new_ids: list[int] = []
        self.saved_ids: list[int] = []
        self.fresh: list[int] = []
        self.flagged: list[tuple[int, int]] = []
        self.rules = RuleSet.load(store)

    def run(self) -> SyncResult:
        account = self.store.account(self.account_id)
        started = self._now()
        error: str | None = None
        auth = False
        try:
            self.push()
            self.pull_subscriptions(account.name)
            self.pull_items()
        except SyncAuthError as err:
            error, auth = str(err), True
        except SyncCancelled as err:
            error = str(err)
        except BylineError as err:
            error = str(err)
        if error is None:
            self.store.record_sync(self.account_id, when=started, synced_since=started)
        else:
            state = self.store.sync_state(self.account_id)
            self.store.record_sync_error(
                self.account_id, error, next_try=plan.next_try_after_error(started, state.error_count, auth=auth)
            )
            log.info("sync of account %s failed: %s", self.account_id, error)
        return SyncResult(
            account_id=self.account_id,
            name=account.name,
            new_articles=len(self.new_ids),
            fresh=tuple(self.fresh),
            flagged=tuple(self.flagged),
            sent=self.sent,
            received=self.received,
            error=error,
            auth_failed=auth,
            requests=tuple(sorted(self.client.requests.items())),
        )

    def _arrived(self, write: ArrivingWrite, ids: list[int]) -> None:
        """Run the rules on a batch of new articles, inside the transaction that stores it."""
        arrival = run_on_arrival(write, ids, self.rules)
        self.fresh += arrival.fresh
        self.flagged += arrival.flagged

    def _report(self, stage: str, done: int = 0, total: int = 0) -> None:
        if self._cancel is not None and self._cancel.is_set():
            raise SyncCancelled("sync cancelled")
        if self._progress is not None:
            self._progress(SyncProgress(self.account_id, stage, done, total))

    def _confirm_absences(self, to_read: Sequence[str], to_unsave: Sequence[str]) -> tuple[list[str], list[str]]:
        """Ask the items themselves before acting on their absence from the unread or starred list.

        A list paged by offset over a sort key with ties (Miniflux 2.2.6 orders
        by publication time alone) can skip ids; an item missing from the
        unread list is only marked read here once its own state says so.
        """
        ids = list(dict.fromkeys([*to_read, *to_unsave]))
        if not ids:
            return [], []
        self._report("marks", 0, len(ids))
        state = {it.item_id: it for it in self.client.items(ids)}
        read = [i for i in to_read if i in state and state[i].read]
        unsave = [i for i in to_unsave if i in state and not state[i].starred]
        return read, unsave

    # --- push ----------------------------------------------------------------------------------

    def push(self) -> None:
        """Send pending changes, ``CONTENTS_BATCH`` items at a time; a failed batch stays pending."""
        pending = self.store.pending_changes(self.account_id)
        batches: list[list[PendingChange]] = []
        items_in_batch: set[str] = set()
        for ch in pending:  # both fields of one item go in the same batch
            if not batches or (ch.item_id not in items_in_batch and len(items_in_batch) >= CONTENTS_BATCH):
                batches.append([])
                items_in_batch = set()
            batches[-1].append(ch)
            items_in_batch.add(ch.item_id)
        for number, batch in enumerate(batches):
            self._report("push", number, len(batches))
            attempt = 0
            while True:
                try:
                    self._push_batch(batch)
                    break
                except SyncAuthError:
                    raise
                except SyncServerError:
                    # The server may have applied part of the batch: the next
                    # try looks at its state again before sending anything.
                    if attempt >= self.client.retries:
                        self.store.count_failed_push(self.account_id, batch)
                        raise
                    attempt += 1
                    self.client.pause(attempt)
        if batches:
            self._report("push", len(batches), len(batches))

    def _push_batch(self, batch: Sequence[PendingChange]) -> None:
        ids = list(dict.fromkeys(ch.item_id for ch in batch))
        server = {it.item_id: plan.ServerState(read=it.read, starred=it.starred) for it in self.client.items(ids)}
        todo = plan.plan_push(batch, server)
        if todo.mark_read:
            self.client.edit_tag(todo.mark_read, add=READ)
        if todo.mark_unread:
            self.client.edit_tag(todo.mark_unread, remove=READ)
        if todo.star:
            self.client.edit_tag(todo.star, add=STARRED)
        if todo.unstar:
            self.client.edit_tag(todo.unstar, remove=STARRED)
        self.store.ack_changes(self.account_id, batch)
        self.sent += len(batch)

    # --- pull ----------------------------------------------------------------------------------

    def pull_subscriptions(self, account_name: str) -> None:
        self._report("subscriptions")
        subs = self.client.subscriptions()
        self.store.account_folder(self.account_id)
        remote = [
            RemoteFeed(
                remote_id=s.stream_id, url=s.url, title=s.title, site_url=s.site_url,
                folder=plan.folder_for(account_name, s.labels),
            )
            for s in subs
        ]
        _added, removed = self.store.store_subscriptions(self.account_id, remote)
        if removed:
            self.store.prune_images()  # kept images of the unsubscribed feeds' articles

    def pull_items(self) -> None:
        self._report("ids")
        state = self.store.sync_state(self.account_id)
        since = plan.window_start(self._now(), self.settings.retention_days, state.synced_since)
        unread = self.client.item_ids(READING_LIST, exclude=READ)
        starred = self.client.item_ids(STARRED)
        recent = self.client.item_ids(READING_LIST, since=since)
        feeds = self.store.account_feeds(self.account_id)
        known = self.store.account_items(self.account_id)
        missing = plan.missing_items([*unread, *starred, *recent], known, self.store.buried_items(self.account_id))
        for start in range(0, len(missing), CONTENTS_BATCH):
            self._report("items", start, len(missing))
            chunk = missing[start : start + CONTENTS_BATCH]
            rows: list[tuple[int, EntryRow, bool, bool]] = []
            for item in self.client.items(chunk):
                feed_id = feeds.get(item.stream_id)
                if feed_id is None:
                    continue  # an item of a feed the account no longer follows
                rows.append((feed_id, item_row(item), item.read, item.starred))  # the item's own, latest state
            self.new_ids += self.store.store_items(rows, self._arrived)
        self._report("items", len(missing), len(missing))
        marks = plan.plan_marks(self.store.account_items(self.account_id), unread, starred)
        to_read, to_unsave = self._confirm_absences(marks.to_read, marks.to_unsave)
        for field, value, ids in (
            ("read", True, to_read), ("read", False, marks.to_unread),
            ("saved", True, marks.to_save), ("saved", False, to_unsave),
        ):
            changed = self.store.apply_remote_marks(self.account_id, field, value, ids)
            self.received += len(changed)
            if field == "saved" and value:
                self.saved_ids += changed


__all__ = ["AccountSync", "SyncCancelled", "item_row"]
