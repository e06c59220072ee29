"""A query's criteria as SQL: folders by path or title, the scopes of matching, hidden articles listed nowhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.errors import QueryError
from reader.core.models import Selection, SmartFeed
from reader.core.refresh import write_entries
from reader.core.storage.filters import PROBE_LIMIT, IdRange, folder_subtree, matching_ids, newest_matching
from reader.core.storage.rows import Criteria, EntryRow, FeedMeta
from reader.core.storage.store import Store

META = FeedMeta(checked_at=1_000_000.0, next_check=None)


def row(guid: str, text: str, *, published: float = 1000.0, title: str = "") -> EntryRow:
    return EntryRow(guid=guid, title=title or f"Story {guid}", title_key=guid, content_hash="1", text=text,
                    html=f"<p>{text}</p>", published=published)


@pytest.fixture
def store(tmp_path: Path):
    s = Store.open(tmp_path / "lib.db")
    yield s
    s.close()


def test_id_range_only_for_consecutive_ids() -> None:
    assert IdRange.of([4, 5, 6]) == IdRange(4, 6)
    assert IdRange.of([6, 4, 5, 5]) == IdRange(4, 6)
    assert IdRange.of([4, 6]) is None
    assert IdRange.of([]) is None


def test_folder_by_path_or_title_includes_subfolders_and_ignores_case(store: Store) -> None:
    world = store.ensure_folder(["News", "World"])
    europe = store.ensure_folder(["News", "World", "Europe"])
    sport = store.ensure_folder(["Sport"])
    ecole = store.ensure_folder(["École"])
    news = store.folder_by_path(["News"])
    c = store._conn
    assert folder_subtree(c, "news") == sorted([news, world, europe])
    assert folder_subtree(c, "News/World") == sorted([world, europe])
    assert folder_subtree(c, "world") == sorted([world, europe])  # a title alone, at any depth
    assert folder_subtree(c, "ÉCOLE") == [ecole]  # Unicode case folding, not only ASCII
    assert folder_subtree(c, "Sport/World") == []
    assert folder_subtree(c, "Nowhere") == []
    assert sport not in folder_subtree(c, "News")


def test_every_scope_finds_the_same_matches(store: Store) -> None:
    fid, _ = store.add_feed("https://example.org/f")
    words = ["harbor storm", "harbor calm", "quiet fields"] * 40
    write_entries(store, fid, META, [row(f"g{i}", w) for i, w in enumerate(words)])
    ids = store.article_ids(Selection(), newest_first=False)
    crit = Criteria(match='"harbor"')
    everything = matching_ids(store._conn, crit)
    assert len(everything) == 80
    c = store._conn
    assert matching_ids(c, crit, IdRange(min(ids), max(ids))) == everything
    few = sorted(ids)[:10]  # looked up one by one
    assert matching_ids(c, crit, few) == [i for i in everything if i in few]
    many = sorted(ids)[: PROBE_LIMIT + 10]  # the MATCH runs once
    assert matching_ids(c, crit, many) == [i for i in everything if i in many]
    assert matching_ids(c, crit, []) == []


def test_criteria_filters_combine(store: Store) -> None:
    news = store.ensure_folder(["News"])
    sport = store.ensure_folder(["Sport"])
    f_news, _ = store.add_feed("https://news.example/f")
    f_sport, _ = store.add_feed("https://sport.example/f")
    store.move_feed(f_news, news)
    store.move_feed(f_sport, sport)
    write_entries(store, f_news, META, [row("n1", "harbor", published=100.0), row("n2", "harbor", published=300.0)])
    write_entries(store, f_sport, META, [row("s1", "harbor", published=300.0)])
    by_guid = {a.guid: a.id for a in store.articles(Selection())}
    store.set_saved([by_guid["n2"]], True)
    c = store._conn

    def found(**kw: object) -> set[str]:
        ids = set(matching_ids(c, Criteria(match='"harbor"', **kw)))  # type: ignore[arg-type]
        return {g for g, i in by_guid.items() if i in ids}

    assert found() == {"n1", "n2", "s1"}
    assert found(folder="News") == {"n1", "n2"}
    assert found(not_folders=("news",)) == {"s1"}
    assert found(folder="Nowhere") == set()
    assert found(not_folders=("Nowhere",)) == {"n1", "n2", "s1"}
    assert found(saved=True) == {"n2"}
    assert found(after=200.0) == {"n2", "s1"}
    assert found(before=200.0) == {"n1"}
    assert found(read=True) == set()
    # Without the flags (a smart feed's index), saved and read do not narrow.
    assert set(matching_ids(c, Criteria(match='"harbor"', saved=True), flags=False)) == set(by_guid.values())


def test_hidden_articles_are_searchable_but_listed_and_counted_nowhere(store: Store) -> None:
    fid, _ = store.add_feed("https://example.org/f")
    write_entries(store, fid, META, [row("a", "harbor", published=2e9), row("b", "harbor", published=2e9 - 1)])
    a, b = store.article_ids(Selection())
    store.set_saved([a, b], True)
    assert store.set_hidden([a], True) == 1
    assert store.set_hidden([a], True) == 0
    for selection in (Selection(), Selection(feed_id=fid), Selection(smart=SmartFeed.UNREAD),
                      Selection(smart=SmartFeed.SAVED), Selection(smart=SmartFeed.TODAY, since=0.0), Selection(unread_only=True)):
        assert store.article_ids(selection) == [b], selection
        assert [x.id for x in store.articles(selection)] == [b]
    assert store.next_unread(Selection(), None) == b
    assert store.unread_counts() == {fid: 1}
    assert store.smart_counts(0.0) == {SmartFeed.UNREAD: 1, SmartFeed.TODAY: 1, SmartFeed.SAVED: 1}
    assert {r.article.id for r in store.search('"harbor"')} == {a, b}
    assert store.mark_all_read(Selection()) == 1  # the hidden one is not touched
    store.set_hidden([a], False)
    assert store.article_ids(Selection()) == [a, b]
    assert store.unread_counts() == {fid: 1}


def test_newest_matching_counts_listed_articles(store: Store) -> None:
    fid, _ = store.add_feed("https://example.org/f")
    write_entries(store, fid, META, [row(f"g{i}", "harbor", published=float(i)) for i in range(5)])
    ids = store.article_ids(Selection())
    store.set_hidden([ids[0]], True)
    count, newest = newest_matching(store._conn, Criteria(match='"harbor"'), 2)
    assert (count, newest) == (4, ids[1:3])


def test_a_match_fts5_refuses_is_a_query_error(store: Store) -> None:
    with pytest.raises(QueryError):
        matching_ids(store._conn, Criteria(match="title : : ("))


def test_a_writes_quick_path_agrees_with_the_general_one(store: Store) -> None:
    from reader.core.storage.filters import folder_chain, new_articles_matching, new_articles_matching_each

    world = store.ensure_folder(["News", "World"])
    fid, _ = store.add_feed("https://example.org/f")
    store.move_feed(fid, world)
    write_entries(store, fid, META, [row(f"g{i}", ("harbor storm", "harbor", "quiet")[i % 3], published=float(i))
                                     for i in range(12)])
    ids = store.article_ids(Selection(), newest_first=False)
    store.set_read(ids[:3], True)
    c = store._conn
    chain = folder_chain(c, fid)
    assert chain == ("news/world", "world", "news", "news")
    cases = [
        Criteria(), Criteria(match='"harbor"'), Criteria(folder="News"), Criteria(folder="world", match='"storm"'),
        Criteria(folder="Sport"), Criteria(not_folders=("news",)), Criteria(not_folders=("Sport",), match='"quiet"'),
        Criteria(match='"harbor"', read=False), Criteria(match='"harbor"', after=5.0), Criteria(folder="News/World/Extra"),
    ]
    for scope in (ids, ids[2:5], [ids[0], ids[5]], []):
        for crit in cases:
            assert new_articles_matching(c, crit, scope, chain) == matching_ids(c, crit, scope), (crit, scope)
        # All the criteria at once (a feed write's rules): the same answers, in their places.
        assert new_articles_matching_each(c, cases, scope, chain) == [matching_ids(c, crit, scope) for crit in cases]
    assert folder_chain(c, 9999) == ()
