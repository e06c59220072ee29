"""Subscribing, unsubscribing, renaming and moving an account's feeds: done on the server, then reflected here.

Each function makes the server's edit call and then pulls the account's
subscription list again, so the library shows what the server now holds
(never a local guess the next sync would undo).
"""

from __future__ import annotations

from collections.abc import Sequence

import reader.core.sync.plan as plan
from reader.core.errors import InputError
from reader.core.net.greader import GReaderClient, label_name
from reader.core.storage.rows import RemoteFeed
from reader.core.storage.store import Store
from reader.i18n import _


def pull_subscriptions(store: Store, client: GReaderClient, account_id: int) -> None:
    """The account's feeds and folders as the server lists them now."""
    account = store.account(account_id)
    store.account_folder(account_id)
    _added, removed = store.store_subscriptions(account_id, [
        RemoteFeed(remote_id=s.stream_id, url=s.url, title=s.title, site_url=s.site_url,
                   folder=plan.folder_for(account.name, s.labels))
        for s in client.subscriptions()
    ])
    if removed:
        store.prune_images()


def category_of(account_name: str, folder: Sequence[str]) -> str | None:
    """The server category a folder path under the account stands for (None: the account's own folder).

    Raises:
        InputError: the path is outside the account, or deeper than one category.
    """
    if not folder or folder[0] != account_name:
        raise InputError(_("a feed of the account %(name)s stays in its folder %(name)s") % {"name": repr(account_name)})
    if len(folder) > 2:
        raise InputError(_("an account's categories hold feeds, not other folders"))
    return folder[1] if len(folder) == 2 else None


def category_for_folder(store: Store, account_id: int, folder_id: int | None) -> str | None:
    """The category of the account a folder stands for (see ``category_of``)."""
    paths = {f.id: f.path for f in store.folders()}
    target = [p for p in paths.get(folder_id, "").split("/") if p] if folder_id is not None else []
    return category_of(store.account(account_id).name, target)


def subscribe(
    store: Store, client: GReaderClient, account_id: int, url: str, *, category: str | None, title: str | None
) -> int | None:
    """Subscribe on the server; returns the new feed's id here (None if the server did not list it)."""
    client.subscribe(url, title=title, label=category)
    before = set(store.account_feeds(account_id).values())
    pull_subscriptions(store, client, account_id)
    added = [fid for fid in store.account_feeds(account_id).values() if fid not in before]
    return added[0] if added else None


def unsubscribe(store: Store, client: GReaderClient, account_id: int, stream_id: str) -> None:
    client.unsubscribe(stream_id)
    pull_subscriptions(store, client, account_id)


def rename(store: Store, client: GReaderClient, account_id: int, stream_id: str, title: str) -> None:
    if not title:
        raise InputError(_("a feed of an account needs a title: its server keeps one"))
    client.edit_subscription(stream_id, title=title)
    pull_subscriptions(store, client, account_id)


def move(store: Store, client: GReaderClient, account_id: int, stream_id: str, category: str | None) -> None:
    """File the feed under ``category`` on the server (None: the server's default category)."""
    current = next((s for s in client.subscriptions() if s.stream_id == stream_id), None)
    old = current.labels[0] if current and current.labels else None
    if category is None:
        default = next((name for name in client.labels() if name in plan.DEFAULT_LABELS), None)
        if default is not None:
            client.edit_subscription(stream_id, add_label=default, remove_label=old if old != default else None)
        elif old is not None:
            client.edit_subscription(stream_id, remove_label=old)
    elif category != old:
        client.edit_subscription(stream_id, add_label=category, remove_label=old)
    pull_subscriptions(store, client, account_id)


def _server_label(client: GReaderClient, title: str) -> str | None:
    """The server's name of the category a folder of the account stands for (titles hold no "/")."""
    return next((name for name in client.labels() if plan.folder_for("", [name])[1:] == (title,)), None)


def rename_category(store: Store, client: GReaderClient, account_id: int, folder_id: int, old: str, new: str) -> None:
    """Rename the category ``old`` on the server, then the folder here (a category the server
    does not list yet, an empty folder made here, is only renamed here)."""
    label = _server_label(client, old)
    if label is not None and label in plan.DEFAULT_LABELS:
        raise InputError(_("the category %(name)s is the server's own and keeps its name") % {"name": repr(label)})
    if label is not None:
        client.rename_label(label, new)
    store.rename_folder(folder_id, new)
    pull_subscriptions(store, client, account_id)


def delete_category(store: Store, client: GReaderClient, account_id: int, folder_id: int, title: str) -> None:
    """Delete a category: its feeds move to the server's default category first (as a deleted
    folder's feeds move up here; a server may unsubscribe the feeds of a category it deletes),
    then the category goes on the server and the folder here."""
    label = _server_label(client, title)
    if label is not None:
        default = next((name for name in client.labels() if name in plan.DEFAULT_LABELS), None)
        for sub in client.subscriptions():
            if label in sub.labels:
                elsewhere = [other for other in sub.labels if other != label]
                client.edit_subscription(
                    sub.stream_id, add_label=default if default is not None and not elsewhere else None, remove_label=label
                )
        client.delete_label(label)
    pull_subscriptions(store, client, account_id)
    store.delete_folder(folder_id)


__all__ = [
    "category_for_folder", "category_of", "delete_category", "label_name", "move", "pull_subscriptions", "rename",
    "rename_category", "subscribe", "unsubscribe",
]
