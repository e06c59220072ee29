"""The sync guarantees, each against a real Miniflux on 127.0.0.1 (see conftest.py).

Miniflux's REST API plays "the phone": marks made there must reach Byline,
and Byline's must be visible there.
"""

from __future__ import annotations

import logging
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from reader.core.errors import BylineError
from reader.core.models import Selection, SyncProgress
from reader.core.net.greader import READ
from tests.miniflux import FaultProxy
from tests.syncserver import Account, add, article_by_item


def entry_ids(acc: Account, feed_id: int) -> list[int]:
    """Miniflux's entry ids of a feed, oldest first."""
    return sorted(e["id"] for e in acc.user.entries(feed_id=feed_id))


def server_read(acc: Account, entry_id: int) -> bool:
    return acc.user.entry(entry_id)["status"] == "read"


def server_starred(acc: Account, entry_id: int) -> bool:
    return bool(acc.user.entry(entry_id)["starred"])


def local(lib, article_id):
    return lib.article(article_id)


def pending(lib, account_id: int) -> int:
    return lib.account(account_id).pending


# --- the first sync and the phone ----------------------------------------------------------------


def test_first_sync_files_feeds_under_the_account_and_its_categories(account: Account) -> None:
    account.feed("news", 4, category="News")
    account.feed("misc", 2)  # Miniflux's default category "All": right under the account
    lib = account.library()
    account_id = add(lib, account)

    feeds = {f.title: f for f in lib.feeds()}
    assert feeds[account.prefix + "news"].folder == "Miniflux/News"
    assert feeds[account.prefix + "misc"].folder == "Miniflux"
    assert {f.account_id for f in feeds.values()} == {account_id}
    assert feeds[account.prefix + "news"].url.endswith("/" + account.prefix + "news.xml")  # the real address shows
    assert len(lib.articles(unread=True)) == 6
    assert lib.account(account_id).last_sync is not None
    assert lib.account(account_id).last_error is None


def test_marks_made_on_the_phone_reach_byline(account: Account) -> None:
    feed = account.feed("phone", 4)
    ids = entry_ids(account, feed)
    lib = account.library()
    account_id = add(lib, account)

    account.user.mark(ids[:2], "read")
    account.user.star(ids[3])
    summary = lib.sync([account_id])

    assert summary.failed == 0
    assert summary.received == 3
    assert [local(lib, article_by_item(lib, i)).read for i in ids] == [True, True, False, False]
    assert local(lib, article_by_item(lib, ids[3])).saved

    account.user.mark(ids[:1], "unread")
    account.user.star(ids[3], False)
    lib.sync([account_id])
    assert not local(lib, article_by_item(lib, ids[0])).read
    assert not local(lib, article_by_item(lib, ids[3])).saved


def test_marks_made_in_byline_reach_the_server(account: Account) -> None:
    feed = account.feed("laptop", 3)
    ids = entry_ids(account, feed)
    lib = account.library()
    account_id = add(lib, account)
    a0, a1, a2 = (article_by_item(lib, i) for i in ids)

    lib.mark_read([a0, a1])
    lib.mark_saved([a2])
    assert pending(lib, account_id) == 3
    summary = lib.sync([account_id])

    assert summary.sent == 3 and summary.failed == 0
    assert pending(lib, account_id) == 0
    assert [server_read(account, i) for i in ids] == [True, True, False]
    assert server_starred(account, ids[2])

    lib.mark_read([a1], False)
    lib.mark_saved([a2], False)
    lib.sync([account_id])
    assert not server_read(account, ids[1])
    assert not server_starred(account, ids[2])


# --- guarantee 1: the pending change is written with the mark ---------------------------------------


def test_a_mark_survives_kill_9_right_after_the_click(account: Account) -> None:
    feed = account.feed("crash", 2)
    ids = entry_ids(account, feed)
    lib = account.library()
    account_id = add(lib, account)
    target = article_by_item(lib, ids[0])
    lib.close()

    script = textwrap.dedent(f"""
        import os, signal
        from reader.core.library import open_library
        lib = open_library({str(account.data_dir)!r})
        lib.mark_read([{target}])
        lib.mark_saved([{target}])
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60, env=os.environ.copy())
    assert proc.returncode == -signal.SIGKILL

    lib = account.library()
    assert local(lib, target).read and local(lib, target).saved
    assert pending(lib, account_id) == 2
    assert not server_read(account, ids[0])
    summary = lib.sync([account_id])
    assert summary.sent == 2 and pending(lib, account_id) == 0
    assert server_read(account, ids[0]) and server_starred(account, ids[0])


def test_the_mark_and_its_pending_change_are_one_transaction(account: Account) -> None:
    feed = account.feed("atomic", 1)
    lib = account.library()
    account_id = add(lib, account)
    target = article_by_item(lib, entry_ids(account, feed)[0])
    db = sqlite3.connect(lib.db_path)
    db.execute("CREATE TRIGGER refuse BEFORE INSERT ON sync_changes BEGIN SELECT RAISE(ABORT, 'refused'); END")
    db.commit()

    with pytest.raises(sqlite3.IntegrityError):
        lib.mark_read([target])

    assert not local(lib, target).read  # the mark went with its pending change
    db.execute("DROP TRIGGER refuse")
    db.commit()
    db.close()
    lib.mark_read([target])
    assert local(lib, target).read and pending(lib, account_id) == 1


# --- guarantee 2: push before pull; a failed batch stays pending ------------------------------------


def test_push_runs_before_any_pull(account: Account) -> None:
    feed = account.feed("order", 2)
    ids = entry_ids(account, feed)
    with FaultProxy(account.miniflux.url) as proxy:
        lib = account.library()
        account_id = add(lib, account, url=proxy.url)
        lib.mark_read([article_by_item(lib, ids[0])])
        proxy.log.clear()
        lib.sync([account_id])
    paths = [p.rsplit("/reader/api/0/", 1)[-1] for p, _ in proxy.log]
    assert "edit-tag" in paths
    first_pull = min(paths.index(p) for p in ("subscription/list", "stream/items/ids"))
    assert paths.index("edit-tag") < first_pull


def test_a_server_answering_500_for_a_while_loses_nothing(account: Account) -> None:
    feed = account.feed("flaky", 3)
    ids = entry_ids(account, feed)
    with FaultProxy(account.miniflux.url) as proxy:
        lib = account.library()
        account_id = add(lib, account, url=proxy.url)
        lib.mark_read([article_by_item(lib, ids[0])])
        lib.mark_saved([article_by_item(lib, ids[1])])

        proxy.fail(50)  # longer than the client's retries: the sync fails
        summary = lib.sync([account_id])
        assert summary.failed == 1 and "500" in (summary.results[0].error or "")
        assert pending(lib, account_id) == 2
        assert lib.account(account_id).last_error
        assert lib.store.sync_state(account_id).next_try is not None  # backs off on its own
        assert not lib.sync([account_id], due_only=True).results  # the timer waits
        assert not server_read(account, ids[0])

        proxy.fail(2)  # a short outage: the client's own retries ride it out
        summary = lib.sync([account_id])
    assert summary.failed == 0 and summary.sent == 2
    assert pending(lib, account_id) == 0
    assert lib.account(account_id).last_error is None
    assert server_read(account, ids[0]) and server_starred(account, ids[1])
    assert [c.attempts for c in lib.store.pending_changes(account_id)] == []


def test_a_batch_applied_but_unanswered_is_retried_harmlessly(account: Account) -> None:
    """The answers to edit-tag are lost after Miniflux applied the calls; the retries must not flip them back.

    (Miniflux 2.2.6's edit-tag flips an item that already has the state asked
    for, so a blind resend of "read" would make the item unread again.)
    """
    feed = account.feed("lost", 2)
    ids = entry_ids(account, feed)
    with FaultProxy(account.miniflux.url) as proxy:
        lib = account.library()
        account_id = add(lib, account, url=proxy.url)
        lib.mark_read([article_by_item(lib, ids[0])])
        lib.mark_saved([article_by_item(lib, ids[1])])
        proxy.lose("/reader/api/0/edit-tag", 2)  # both calls reach Miniflux; neither answer comes back
        proxy.log.clear()
        summary = lib.sync([account_id])
    assert summary.failed == 0 and pending(lib, account_id) == 0
    edits = [p for p, _ in proxy.log if p.endswith("/edit-tag")]
    assert len(edits) == 2  # each change was sent once: the retries looked first and found it done
    assert server_read(account, ids[0]) and server_starred(account, ids[1])
    assert local(lib, article_by_item(lib, ids[0])).read


def test_a_push_that_keeps_failing_stays_pending_with_its_attempts_counted(account: Account) -> None:
    feed = account.feed("down", 1)
    ids = entry_ids(account, feed)
    with FaultProxy(account.miniflux.url) as proxy:
        lib = account.library()
        account_id = add(lib, account, url=proxy.url)
        lib.mark_read([article_by_item(lib, ids[0])])
        proxy.lose("/reader/api/0/edit-tag", 1)
        proxy.fail(0)
        proxy.before["/reader/api/0/stream/items/contents"] = lambda: proxy.fail(1)  # every look fails
        summary = lib.sync([account_id])
        proxy.before.clear()
        proxy.fail(0)
        assert summary.failed == 1
        assert [c.attempts for c in lib.store.pending_changes(account_id)] == [1]
        assert lib.sync([account_id]).failed == 0 and pending(lib, account_id) == 0
    assert server_read(account, ids[0])


# --- guarantee 3: only the latest intent ----------------------------------------------------------------


def test_only_the_latest_intent_per_field_is_sent(account: Account) -> None:
    feed = account.feed("intent", 2)
    ids = entry_ids(account, feed)
    with FaultProxy(account.miniflux.url) as proxy:
        lib = account.library()
        account_id = add(lib, account, url=proxy.url)
        a0, a1 = (article_by_item(lib, i) for i in ids)
        for read in (True, False, True, False):  # ends where the server is: nothing to send
            lib.mark_read([a0], read)
        for read in (True, False, True):
            lib.mark_read([a1], read)
        changes = lib.store.pending_changes(account_id)
        assert [(c.item_id, c.value) for c in changes] == [(str(ids[0]), False), (str(ids[1]), True)]
        proxy.log.clear()
        lib.sync([account_id])
    edits = [n for p, n in proxy.log if p.endswith("/edit-tag")]
    assert edits == [1]  # one call, one id
    assert not server_read(account, ids[0]) and server_read(account, ids[1])


# --- guarantee 4: an unacknowledged change wins; otherwise the server ------------------------------


def test_the_same_article_changed_on_the_server_and_locally(account: Account) -> None:
    feed = account.feed("conflict", 3)
    ids = entry_ids(account, feed)
    lib = account.library()
    account_id = add(lib, account)
    a0, a1, a2 = (article_by_item(lib, i) for i in ids)

    account.user.mark([ids[0], ids[1]], "read")  # the phone reads two
    lib.mark_read([a0], False)  # ... while Byline, offline, keeps one unread: not yet sent, so it wins
    account.user.star(ids[2])  # the phone stars one Byline did not touch: the server wins
    lib.sync([account_id])

    assert not local(lib, a0).read and not server_read(account, ids[0])
    assert local(lib, a1).read
    assert local(lib, a2).saved


def test_a_mark_made_while_the_push_is_in_flight_is_kept_and_sent_next(account: Account) -> None:
    feed = account.feed("inflight", 1)
    ids = entry_ids(account, feed)
    with FaultProxy(account.miniflux.url) as proxy:
        lib = account.library()
        account_id = add(lib, account, url=proxy.url)
        target = article_by_item(lib, ids[0])
        lib.mark_read([target])  # what the push will send

        other = account.library()  # the window's mark, on another connection, mid-push
        proxy.before["/reader/api/0/edit-tag"] = lambda: other.mark_read([target], False)
        lib.sync([account_id])
        proxy.before.clear()

        assert not local(lib, target).read  # the newer local mark was not overwritten by the pull
        assert server_read(account, ids[0])  # the server got the older one
        assert [c.value for c in lib.store.pending_changes(account_id)] == [False]  # the newer one waits
        lib.sync([account_id])
    assert not server_read(account, ids[0]) and not local(lib, target).read
    assert pending(lib, account_id) == 0


# --- guarantee 5: mark all read sends explicit ids ------------------------------------------------------


def test_mark_all_read_offline_never_reads_what_arrived_later(account: Account) -> None:
    feed = account.feed("allread", 3)
    lib = account.library()
    account_id = add(lib, account)
    folder = lib.folder_id("Miniflux")
    assert lib.mark_all_read(Selection(folder_id=folder)) == 3  # offline
    assert pending(lib, account_id) == 3

    account.grow(feed, "allread", 5)  # two more arrive on the server before the sync
    lib.sync([account_id])

    ids = entry_ids(account, feed)
    assert [server_read(account, i) for i in ids] == [True, True, True, False, False]
    assert sorted(a.read for a in lib.articles(folder="Miniflux")) == [False, False, True, True, True]


# --- guarantee 6 (core part): a wrong password is one clear message, not a loop --------------------------


def test_a_wrong_password_is_refused_before_anything_is_stored(account: Account) -> None:
    lib = account.library()
    with pytest.raises(BylineError, match="refused the user name or password"):
        lib.add_account("greader", account.miniflux.url, account.user.name, "wrong", name="Bad")
    assert lib.accounts() == []
    assert lib.folders() == []


def test_a_password_changed_on_the_server_fails_once_and_waits(account: Account) -> None:
    account.feed("auth", 1)
    with FaultProxy(account.miniflux.url) as proxy:
        lib = account.library()
        account_id = add(lib, account, url=proxy.url)
        account.miniflux.set_greader_password(account.user.id, account.user.name, "changed-elsewhere")
        proxy.log.clear()
        summary = lib.sync([account_id])
        result = summary.results[0]
        assert result.auth_failed and "refused the user name or password" in (result.error or "")
        assert [p for p, _ in proxy.log] == ["/accounts/ClientLogin"]  # one request, no loop
        assert not lib.sync([account_id], due_only=True).results  # the timer does not hammer it
        assert lib.account(account_id).last_error == result.error


# --- guarantee 7: credentials never leave the secrets store --------------------------------------------


def test_the_password_is_nowhere_but_the_secrets_store(account: Account, caplog: pytest.LogCaptureFixture) -> None:
    account.feed("secret", 2)
    lib = account.library()
    caplog.set_level(logging.DEBUG)
    account_id = add(lib, account)
    lib.mark_read([lib.articles()[0].id])
    lib.sync([account_id])
    backup = lib.backup(force=True)
    lib.close()

    secret = account.api_password.encode()
    for path in account.data_dir.rglob("*"):
        if path.is_file() and path.name != "secrets.json":
            assert secret not in path.read_bytes(), path
    assert backup is not None and secret not in backup.read_bytes()
    assert account.api_password not in account.library().export_opml()
    assert account.api_password not in caplog.text
    secrets = next(account.data_dir.rglob("secrets.json"), None) or next(
        p for p in (account.data_dir.parent).rglob("secrets.json")
    )
    assert secrets.stat().st_mode & 0o777 == 0o600


# --- guarantee 8: batches, pages and progress -------------------------------------------------------------


def test_5000_items_come_in_batches_with_the_requests_counted(account: Account) -> None:
    for n in range(10):
        account.feed(f"big{n}", 500, same_date=True)
    seen: list[SyncProgress] = []
    with FaultProxy(account.miniflux.url) as proxy:
        lib = account.library()
        account_id = add(lib, account, url=proxy.url, sync=False)
        proxy.log.clear()
        summary = lib.sync([account_id], progress=seen.append)
        again = lib.sync([account_id]).results[0]
    result = summary.results[0]
    assert result.error is None and result.new_articles == 5000
    calls = dict(result.requests)
    assert calls["stream/items/contents"] == 20  # 5000 / 250
    assert calls["stream/items/ids"] == 5 + 1 + 5  # unread and recent in pages of 1000, starred in one
    contents = [n for p, n in proxy.log if p.endswith("/stream/items/contents")]
    assert len(contents) == 20 and max(contents) <= 250 and sum(contents) == 5000
    items = [p for p in seen if p.stage == "items"]
    assert len(items) >= 20 and items[-1].done == items[-1].total == 5000

    # The feeds' items share publication times, and Miniflux pages id lists by
    # offset over that time alone, so a page can skip ids: nothing unread here
    # may be marked read for missing from a list.
    assert again.error is None and again.received == 0 and again.new_articles == 0
    assert len(lib.articles(unread=True)) == 5000


def test_a_second_sync_transfers_only_what_is_new(account: Account) -> None:
    feed = account.feed("again", 30)
    lib = account.library()
    account_id = add(lib, account)

    idle = lib.sync([account_id]).results[0]
    assert idle.new_articles == 0 and idle.sent == 0 and idle.received == 0
    assert "stream/items/contents" not in dict(idle.requests)

    account.grow(feed, "again", 33)
    grown = lib.sync([account_id]).results[0]
    assert grown.new_articles == 3
    assert dict(grown.requests)["stream/items/contents"] == 1
    assert len(lib.articles()) == 33


# --- subscriptions follow the server --------------------------------------------------------------------


def test_subscriptions_and_categories_follow_the_server(account: Account) -> None:
    keep = account.feed("keep", 2, category="Tech")
    gone = account.feed("gone", 2)
    lib = account.library()
    account_id = add(lib, account)
    saved = article_by_item(lib, entry_ids(account, gone)[0])
    lib.mark_saved([saved])
    lib.sync([account_id])

    account.user.api("DELETE", f"/v1/feeds/{gone}")
    cats = account.user.categories()
    account.user.api("PUT", f"/v1/categories/{cats['Tech']}", {"title": "Science"})
    account.feed("new", 1, category="Tech")
    lib.sync([account_id])

    folders = {f.title: f.folder for f in lib.feeds()}
    assert folders == {account.prefix + "keep": "Miniflux/Science", account.prefix + "new": "Miniflux/Tech"}
    assert "Miniflux/Science" in {f.path for f in lib.folders()}
    assert local(lib, saved).saved  # a saved article outlives its feed
    assert keep


def test_removing_an_account_keeps_or_drops_its_articles(account: Account) -> None:
    feed = account.feed("bye", 3)
    lib = account.library()
    account_id = add(lib, account)
    saved = article_by_item(lib, entry_ids(account, feed)[0])
    lib.mark_saved([saved])

    assert lib.remove_account(account_id) == 1
    assert [a.id for a in lib.articles()] == [saved]  # saved articles always stay
    assert lib.accounts() == [] and lib.feeds() == [] and lib.folders() == []
    assert lib.secrets.get(f"account:{account_id}") is None

    account_id = add(lib, account, name="Again")
    assert lib.remove_account(account_id, keep_articles=True) == 3
    assert len(lib.articles()) == 4  # the first saved one, and the three kept


def test_local_feeds_keep_working_beside_an_account(account: Account, feed_server) -> None:
    from tests.servers import Response

    account.feed("remote", 2)
    url = feed_server.url("/local.xml")
    feed_server.route("/local.xml", Response(
        body="<rss version='2.0'><channel><title>Local</title><item><guid>l1</guid><title>L</title></item></channel></rss>",
        content_type="application/rss+xml",
    ))
    lib = account.library()
    add(lib, account)
    lib.add_feed(url)
    summary = lib.refresh()
    assert summary.checked == 1  # only the local feed is fetched directly
    assert summary.sync is not None and summary.sync.failed == 0  # the account synced as part of it
    assert {f.account_id is None for f in lib.feeds()} == {True, False}
    remote_feed = next(f for f in lib.feeds() if f.account_id is not None)
    account.grow(account.user.feeds()[0]["id"], "remote", 3)
    by_id = lib.refresh([remote_feed.id])  # an account's feed asked for by id: its account syncs
    assert by_id.checked == 0 and by_id.sync is not None and by_id.sync.new_articles == 1
    local_article = next(a for a in lib.articles() if a.title == "L")
    lib.mark_read([local_article.id])
    assert lib.accounts()[0].pending == 0  # a local feed's mark is nobody's pending change
    assert READ


# --- rules and smart feeds on synced articles ----------------------------------------------------


def test_rules_act_on_synced_articles_and_a_mute_reaches_the_server(account: Account) -> None:
    feed = account.feed("inbox", 3)
    server_ids = {e["title"]: e["id"] for e in account.user.entries(feed_id=feed)}
    lib = account.library()
    mute = lib.add_rule('title:"inbox item 0"', "read")
    hide = lib.add_rule('title:"inbox item 1"', "hide")
    notify = lib.add_rule('title:"inbox item 2"', "notify", name="Two")
    smart = lib.add_smart_feed("Items", "inbox")
    account_id = add(lib, account)
    local_ids = {a.title: a.id for a in lib.store.articles_by_id(range(1, 100)).values()}
    assert local(lib, local_ids["inbox item 0"]).read
    assert local_ids["inbox item 1"] not in lib.article_ids(Selection())
    assert [h.article.id for h in lib.search('"inbox item 1"')] == [local_ids["inbox item 1"]]  # hidden, still found
    assert [r.matched for r in lib.rules()] == [1, 1, 1]
    assert lib.smart_feed(smart.id).unread == 1  # item 0 muted, item 1 hidden
    (result,) = lib.sync([account_id]).results  # nothing new: the rules ran in the first sync's writes
    assert result.fresh == () and result.flagged == ()
    assert pending(lib, account_id) == 0
    assert server_read(account, server_ids["inbox item 0"])  # the mute was queued with the article and sent
    assert not server_read(account, server_ids["inbox item 2"])
    account.grow(feed, "inbox", 2, start=3)
    (result,) = lib.sync([account_id]).results
    assert len(result.fresh) == 2 and result.flagged == ()
    found = lib.notice([result])
    assert found is not None and (found.title, found.body) == ("2 new articles", "Miniflux: 2")
    assert set(found.article_ids) == set(result.fresh)
    assert lib.rule(notify.id).matched == 1 and lib.rule(mute.id).matched == 1 and lib.rule(hide.id).matched == 1
    assert lib.smart_feed(smart.id).unread == 3
    assert lib.store.count_problems() == []
