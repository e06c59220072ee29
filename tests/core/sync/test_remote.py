"""An account's feeds are subscribed, renamed, moved and removed on the server (a real Miniflux), then here."""

from __future__ import annotations

import pytest

from reader.core.errors import InputError
from tests.syncserver import Account, add, rss


def by_title(lib):
    return {f.title: f for f in lib.feeds()}


def test_rename_move_and_remove_happen_on_the_server(account: Account) -> None:
    feed = account.feed("edit", 2, category="News")
    account.user.add_category("Tech")
    lib = account.library()
    add(lib, account)
    local = by_title(lib)[account.prefix + "edit"]

    lib.rename_feed(local.id, "Renamed")
    assert account.user.api("GET", f"/v1/feeds/{feed}")["title"] == "Renamed"
    assert by_title(lib)["Renamed"].id == local.id

    lib.move_feed(local.id, lib.folder_id("Miniflux/Tech", create=True))
    assert account.user.api("GET", f"/v1/feeds/{feed}")["category"]["title"] == "Tech"
    assert by_title(lib)["Renamed"].folder == "Miniflux/Tech"

    lib.move_feed(local.id, lib.folder_id("Miniflux"))  # the account's own folder: the default category
    assert account.user.api("GET", f"/v1/feeds/{feed}")["category"]["title"] == "All"
    assert by_title(lib)["Renamed"].folder == "Miniflux"

    with pytest.raises(InputError):
        lib.move_feed(local.id, None)  # out of the account: refused, nothing changes
    assert by_title(lib)["Renamed"].folder == "Miniflux"

    lib.mark_saved([lib.articles(feed_id=local.id)[0].id])
    lib.sync()
    assert lib.delete_feed(local.id) == 1
    assert account.user.feeds() == []
    assert lib.feeds() == [] and len(lib.articles(saved=True)) == 1


def test_adding_a_feed_in_an_accounts_folder_subscribes_on_the_server(account: Account) -> None:
    lib = account.library()
    add(lib, account)
    url = rss(account.feeds, account.prefix + "added", [("a1", "First"), ("a2", "Second")], title="Added")
    result = lib.add_feed(url, folder="Miniflux/Later")
    assert result.feed.account_id is not None and result.feed.folder == "Miniflux/Later"
    assert result.new_articles == 2
    assert [f["feed_url"] for f in account.user.feeds()] == [url]
    assert account.user.categories().keys() >= {"Later"}


def test_an_address_the_account_follows_is_never_subscribed_again_locally(account: Account) -> None:
    account.feed("twice", 2)
    lib = account.library()
    add(lib, account)
    (feed,) = lib.feeds()
    assert lib.add_feed(feed.url).feed.id == feed.id  # found, not fetched directly
    opml = lib.export_opml()
    assert feed.url in opml
    result = lib.import_opml(opml.encode())  # a backup's or an export's list brings no duplicate back
    assert result.added == 0 and result.present == 1
    assert len(lib.feeds()) == 1 and len(lib.articles()) == 2


def test_a_category_is_renamed_and_deleted_on_the_server_and_its_feeds_are_kept(account: Account) -> None:
    account.feed("kept", 2, category="News")
    account.feed("other", 1, category="Sport")
    lib = account.library()
    add(lib, account)
    news = lib.folder_id("Miniflux/News")
    assert news is not None

    lib.rename_folder(news, "World")
    assert "World" in account.user.categories() and "News" not in account.user.categories()
    assert by_title(lib)[account.prefix + "kept"].folder == "Miniflux/World"
    lib.sync()  # the next sync agrees: no "News" folder comes back
    assert sorted(f.path for f in lib.folders() if f.path.startswith("Miniflux/")) == ["Miniflux/Sport", "Miniflux/World"]

    articles = len(lib.articles())
    lib.delete_folder(news)
    assert "World" not in account.user.categories()
    server_feeds = {f["title"]: f["category"]["title"] for f in account.user.feeds()}
    assert server_feeds == {account.prefix + "kept": "All", account.prefix + "other": "Sport"}  # still subscribed
    assert by_title(lib)[account.prefix + "kept"].folder == "Miniflux"
    assert sorted(f.path for f in lib.folders()) == ["Miniflux", "Miniflux/Sport"]
    lib.sync()
    assert len(lib.articles()) == articles and by_title(lib)[account.prefix + "kept"].folder == "Miniflux"


def test_a_local_folder_is_still_only_local(account: Account) -> None:
    lib = account.library()
    add(lib, account)
    mine = lib.folder_id("Reading", create=True)
    assert mine is not None
    lib.rename_folder(mine, "Later")
    assert [f.path for f in lib.folders() if not f.path.startswith("Miniflux")] == ["Later"]
    lib.delete_folder(mine)
    assert all(f.path.startswith("Miniflux") for f in lib.folders())
    assert account.user.categories().keys() == {"All"}
