"""Rules on arrival, on request and across refreshes; smart feeds; the notification a refresh calls for."""

from __future__ import annotations

import time

import pytest

from reader.core.errors import InputError, NotFoundError, QueryError
from reader.core.models import FeedStatus, RuleAction, Selection
from reader.core.rules.engine import criteria_of
from tests.servers import FeedServer, Response


def rss(*items: tuple[str, str], days_ago: float = 0.0, body: str = "") -> bytes:
    when = time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(time.time() - days_ago * 86400))
    entries = "".join(
        f"<item><title>{t}</title><guid>{g}</guid><link>https://news.example.org/{g}</link><pubDate>{when}</pubDate>"
        f"<description>&lt;p&gt;Story about {t}. {body}&lt;/p&gt;</description></item>"
        for g, t in items
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Harbor Gazette</title>'
        f"<link>https://news.example.org/</link>{entries}</channel></rss>"
    ).encode()


FIRST = (("q1", "Quarry reopens"),)
ARRIVALS = (("q1", "Quarry reopens"), ("s1", "Sponsored: the best boots"), ("w1", "Weather turns cold"))


def serve(server: FeedServer, body: bytes) -> str:
    server.route("/f.xml", Response(body=body, content_type="application/rss+xml"))
    return server.url("/f.xml")


def by_title(library) -> dict[str, int]:
    return {a.title: a.id for a in library.store.articles_by_id(range(1, 1000)).values()}


def state(library, article_id: int) -> tuple[bool, bool, bool]:
    """(read, saved, listed) of one article."""
    article = library.article(article_id)
    listed = article_id in library.article_ids(Selection())
    return article.read, article.saved, listed


EXPECTED = {
    "read": (True, False, True),
    "save": (False, True, True),
    "hide": (False, False, False),
    "notify": (False, False, True),
}


@pytest.mark.parametrize("action", list(EXPECTED))
def test_each_action_on_arrival_and_across_a_refresh_that_brings_the_entry_again(library, feed_server, action) -> None:
    feed_id = library.add_feed(serve(feed_server, rss(*FIRST))).feed.id
    rule = library.add_rule("title:sponsored", action, name="Ads")
    serve(feed_server, rss(*ARRIVALS))
    results = list(library.refresh_iter())
    ids = by_title(library)
    sponsored = ids["Sponsored: the best boots"]
    assert state(library, sponsored) == EXPECTED[action]
    assert state(library, ids["Weather turns cold"]) == (False, False, True)  # not matched: untouched
    assert library.rule(rule.id).matched == 1
    (result,) = results
    assert result.new == 2
    if action in ("read", "hide"):
        assert result.fresh == (ids["Weather turns cold"],)
    else:
        assert set(result.fresh) == {sponsored, ids["Weather turns cold"]}
    assert result.flagged == (((rule.id, sponsored),) if action == "notify" else ())
    unread = library.unread_counts().get(feed_id, 0)
    assert unread == (2 if action in ("read", "hide") else 3)  # muted: read; hidden: counted nowhere

    # The feed brings the same entries again (its body changed, so it is parsed and written again),
    # one of them updated in place: the rule's effect holds and nothing counts twice.
    serve(feed_server, rss(*ARRIVALS, body="Updated."))
    (again,) = library.refresh_iter()
    assert (again.status, again.new, again.updated) == (FeedStatus.UPDATED, 0, 3)
    assert again.fresh == () and again.flagged == ()
    assert state(library, sponsored) == EXPECTED[action]
    assert library.rule(rule.id).matched == 1
    assert library.unread_counts().get(feed_id, 0) == unread
    assert library.store.count_problems() == []


@pytest.mark.parametrize("action", list(EXPECTED))
def test_each_action_on_apply(library, feed_server, action) -> None:
    library.add_feed(serve(feed_server, rss(*ARRIVALS)))
    rule = library.add_rule("sponsored OR boots", action)
    sponsored = by_title(library)["Sponsored: the best boots"]
    assert state(library, sponsored) == (False, False, True)  # a new rule acts on what arrives, not on what is here
    changed = library.apply_rule(rule.id)
    assert changed == (0 if action == "notify" else 1)
    assert state(library, sponsored) == EXPECTED[action]
    assert library.apply_rule(rule.id) == 0  # done already
    assert library.rule(rule.id).matched == changed
    library.remove_rule(rule.id)
    assert state(library, sponsored) == EXPECTED[action]  # what it did stays done


def test_hidden_article_stays_searchable(library, feed_server) -> None:
    library.add_rule("sponsored", "hide")
    library.add_feed(serve(feed_server, rss(*ARRIVALS)))  # subscribing stores articles: the rules run there too
    sponsored = by_title(library)["Sponsored: the best boots"]
    assert sponsored not in library.article_ids(Selection())
    assert [h.article.id for h in library.search("boots")] == [sponsored]
    library.mark_hidden([sponsored], False)
    assert sponsored in library.article_ids(Selection())


def test_tombstones_hold_with_rules(library, feed_server) -> None:
    old = (("old1", "Sponsored old boots"),)
    library.add_feed(serve(feed_server, rss(*old, days_ago=30)))
    library.set_setting("retention_days", 7)
    assert library.apply_retention() == 1
    rule = library.add_rule("boots", "save")
    serve(feed_server, rss(*old, *FIRST, days_ago=30))  # the feed still lists the removed article
    (result,) = library.refresh_iter()
    assert result.new == 1  # only q1: the tombstone keeps old1 away, so no rule sees it
    assert "Sponsored old boots" not in by_title(library)
    assert library.apply_rule(rule.id) == 0
    assert library.rule(rule.id).matched == 0


def test_rules_run_in_order_and_disabled_ones_do_not(library, feed_server) -> None:
    library.add_feed(serve(feed_server, rss(*FIRST)))
    hide = library.add_rule("weather", "hide")
    notify = library.add_rule("weather OR sponsored", "notify", name="Watch")
    library.add_rule("sponsored", "read", enabled=False)
    serve(feed_server, rss(*ARRIVALS))
    (result,) = library.refresh_iter()
    ids = by_title(library)
    assert state(library, ids["Sponsored: the best boots"]) == (False, False, True)  # the read rule is off
    assert result.flagged == ((notify.id, ids["Sponsored: the best boots"]),)  # the hidden one is not announced
    assert library.rule(hide.id).matched == 1 and library.rule(notify.id).matched == 2
    library.update_rule(hide.id, enabled=False)
    assert [r.enabled for r in library.rules()] == [False, True, False]


def test_a_stored_rule_that_no_longer_parses_is_skipped(library, feed_server) -> None:
    library.add_feed(serve(feed_server, rss(*FIRST)))
    rule = library.add_rule("sponsored", "hide")
    library.store.update_rule(rule.id, query="is:starred")  # e.g. written by a newer Byline
    serve(feed_server, rss(*ARRIVALS))
    (result,) = library.refresh_iter()
    assert result.status is FeedStatus.UPDATED and result.new == 2
    with pytest.raises(QueryError):
        library.apply_rule(rule.id)


def test_bad_rules_are_refused_with_the_reason(library) -> None:
    with pytest.raises(QueryError, match="cannot both apply"):
        library.add_rule("is:read is:unread", "read")
    with pytest.raises(InputError, match="one of read, save, hide, notify"):
        library.add_rule("boots", "delete")
    with pytest.raises(NotFoundError):
        library.apply_rule(42)
    rule = library.add_rule("  boots   sale ", RuleAction.SAVE)
    assert (rule.name, rule.query) == ("boots sale", "boots   sale")
    with pytest.raises(QueryError):
        library.update_rule(rule.id, query="")
    assert library.rules() == [rule]


def test_rule_on_a_folder(library, feed_server) -> None:
    feed_id = library.add_feed(serve(feed_server, rss(*FIRST))).feed.id
    library.move_feed(feed_id, library.create_folder("Shops/Boots"))
    library.add_rule("folder:Shops", "read")
    serve(feed_server, rss(*ARRIVALS))
    list(library.refresh_iter())
    assert library.unread_counts() == {feed_id: 1}  # only q1, from before the rule


def test_smart_feed_through_the_library(library, feed_server) -> None:
    library.add_feed(serve(feed_server, rss(*ARRIVALS)))
    smart = library.add_smart_feed("  Boots ", "boots OR weather")
    assert (smart.name, smart.unread) == ("Boots", 2)
    ids = by_title(library)
    assert [a.id for a in library.articles(smart=smart.id)] == sorted(
        [ids["Sponsored: the best boots"], ids["Weather turns cold"]], reverse=True
    )
    library.mark_read([ids["Weather turns cold"]])
    assert library.tree_counts().searches == {smart.id: 1}
    assert library.smart_feed(smart.id).unread == 1
    updated = library.update_smart_feed(smart.id, name="Cold", query="cold")
    assert (updated.name, updated.query, updated.unread) == ("Cold", "cold", 0)
    with pytest.raises(InputError):
        library.add_smart_feed("  ", "boots")
    with pytest.raises(QueryError):
        library.add_smart_feed("x", "-boots")
    with pytest.raises(NotFoundError):
        library.articles(smart=999)
    library.remove_smart_feed(smart.id)
    assert library.smart_feeds() == []


def test_criteria_carry_every_filter() -> None:
    crit = criteria_of('boots is:unread -is:saved after:2024-01-02 before:2024-02-01 folder:Shops -folder:"Shops/Old"')
    assert crit.match == '"boots"'
    assert (crit.read, crit.saved, crit.folder, crit.not_folders) == (False, False, "Shops", ("Shops/Old",))
    assert crit.after == 1704153600.0 and crit.before == 1706745600.0


def test_library_notice_follows_the_setting(library, feed_server) -> None:
    library.add_feed(serve(feed_server, rss(*FIRST)))
    library.add_rule("weather", "notify", name="Cold")
    serve(feed_server, rss(*ARRIVALS))
    summary = library.refresh()
    found = library.notice(summary.results)
    assert found is not None and found.title == "2 new articles" and "Cold: 1" in found.body
    library.set_setting("notifications", "rules")
    found = library.notice(summary.results)
    assert found is not None and found.body == "Cold: 1" and len(found.article_ids) == 1
    library.set_setting("notifications", "off")
    assert library.notice(summary.results) is None
    with pytest.raises(InputError):
        library.set_setting("notifications", "loud")


def test_a_rule_asking_about_flags_sees_what_earlier_rules_did(library, feed_server) -> None:
    library.add_feed(serve(feed_server, rss(*FIRST)))
    library.add_rule("weather", "read")
    later = library.add_rule("is:read cold", "notify")
    unread_only = library.add_rule("is:unread cold", "save")
    serve(feed_server, rss(*ARRIVALS))
    (result,) = library.refresh_iter()
    weather = by_title(library)["Weather turns cold"]
    assert result.flagged == ((later.id, weather),)
    assert library.rule(unread_only.id).matched == 0 and not library.article(weather).saved


def test_a_writes_rules_are_matched_in_one_query_whatever_their_number(tmp_path, monkeypatch) -> None:
    """Work counted: a feed write runs as many statements with 12 rules as with 2 (one UNION ALL matches them)."""
    from reader.core.content.text import html_text
    from reader.core.models import Rule
    from reader.core.refresh import write_feed
    from reader.core.rules.engine import ActiveRule, RuleSet
    from reader.core.storage import connection
    from reader.core.storage.rows import EntryRow, FeedMeta
    from reader.core.storage.store import Store

    store = Store.open(tmp_path / "lib.db")
    meta = FeedMeta(checked_at=1_000_000.0, next_check=None, title="Harbor Gazette")
    words = ["harbor storm", "quarry", "bakery", "volcano", "election", "mayor"]

    def rows(prefix: str) -> list[EntryRow]:
        return [
            EntryRow(guid=f"{prefix}{i}", title=f"{w} story {i}", title_key=f"{prefix}{i}", content_hash="1",
                     html=f"<p>{w} at dawn</p>", text=html_text(f"<p>{w} at dawn</p>"), text_is_derived=True)
            for i, w in enumerate(words * 5)
        ]

    def rule_set(queries: list[tuple[str, RuleAction]]) -> RuleSet:
        return RuleSet(tuple(
            ActiveRule(Rule(id=k + 1, name=q, query=q, action=a, enabled=True, matched=0), criteria_of(q))
            for k, (q, a) in enumerate(queries)
        ))

    def statements(feed_id: int, rules: RuleSet) -> tuple[int, int, int]:
        ran: list[str] = []
        real = connection._Cursor.execute
        with monkeypatch.context() as m:
            m.setattr(connection._Cursor, "execute", lambda self, sql, params=(): ran.append(sql) or real(self, sql, params))
            counts, arrival = write_feed(store, feed_id, meta, rows(f"f{feed_id}-"), rules)
        return len(ran), counts.new, len(arrival.fresh)

    few = [("title:bakery", RuleAction.HIDE), ("title:election", RuleAction.NOTIFY)]
    many = few + [(f"title:{w} after:1970-01-02", RuleAction.READ) for w in ("volcano", "mayor")] + [
        (q, RuleAction.SAVE) for q in ('"harbor storm"', "quarry", "dawn -title:quarry", "title:nothing", "stor*")
    ] + [("title:mayor folder:Elsewhere", RuleAction.HIDE), ("title:quarry -folder:Elsewhere", RuleAction.READ),
         ("harbor OR quarry", RuleAction.NOTIFY)]
    assert len(many) == 12
    a, b = store.add_feed("https://example.org/a")[0], store.add_feed("https://example.org/b")[0]
    few_count, new, fresh = statements(a, rule_set(few))
    assert (new, fresh) == (30, 25)  # the bakery stories are hidden
    many_count, new, fresh = statements(b, rule_set(many))
    assert (new, fresh) == (30, 10)  # hidden: bakery; read: volcano, mayor, quarry
    assert many_count == few_count + 2  # two more kinds of action (read, save): one statement each
    store.close()
