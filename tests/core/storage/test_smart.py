"""Smart feeds and kept counts: indexed matches and unread tallies agree with a full count after anything."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.errors import NotFoundError
from reader.core.models import Selection, SmartFeed
from reader.core.refresh import write_entries
from reader.core.storage.rows import Criteria, EntryRow, FeedMeta
from reader.core.storage.store import Store

try:
    from hypothesis import HealthCheck, settings
    from hypothesis import strategies as st
    from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
except ImportError:  # pragma: no cover - optional
    RuleBasedStateMachine = None  # type: ignore[assignment,misc]

META = FeedMeta(checked_at=1_000_000.0, next_check=None)
WORDS = ("harbor", "storm", "quiet")


def row(guid: str, text: str, *, h: str = "1", published: float = 1000.0) -> EntryRow:
    return EntryRow(guid=guid, title=f"Story {guid}", title_key=guid, content_hash=h, text=text, html=f"<p>{text}</p>",
                    published=published)


@pytest.fixture
def store(tmp_path: Path):
    s = Store.open(tmp_path / "lib.db")
    yield s
    s.close()


def unread_listed(store: Store, smart_id: int) -> int:
    return len(store.article_ids(Selection(search_id=smart_id, unread_only=True)))


def test_smart_feed_counts_move_as_articles_arrive_are_read_saved_and_hidden(store: Store) -> None:
    fid, _ = store.add_feed("https://example.org/f")
    write_entries(store, fid, META, [row("a", "harbor storm"), row("b", "harbor calm"), row("c", "quiet")])
    harbor = store.add_smart_feed("Harbor", '"harbor"', Criteria(match='"harbor"'))
    saved_harbor = store.add_smart_feed("Saved harbor", '"harbor" is:saved', Criteria(match='"harbor"', saved=True))
    assert store.smart_feed_counts() == {harbor: 2, saved_harbor: 0}
    ids = {a.guid: a.id for a in store.articles(Selection())}
    store.set_read([ids["a"]], True)
    assert store.smart_feed_counts()[harbor] == 1
    store.set_saved([ids["b"]], True)
    assert store.smart_feed_counts() == {harbor: 1, saved_harbor: 1}
    assert store.article_ids(Selection(search_id=saved_harbor)) == [ids["b"]]
    store.set_hidden([ids["b"]], True)
    assert store.smart_feed_counts() == {harbor: 0, saved_harbor: 0}
    assert store.article_ids(Selection(search_id=harbor)) == [ids["a"]]  # hidden: listed nowhere
    write_entries(store, fid, META, [row("d", "harbor again")])  # arrives: indexed in its write
    assert store.smart_feed_counts()[harbor] == 1
    write_entries(store, fid, META, [row("c", "now about the harbor", h="2")])  # updated in place: indexed again
    assert store.smart_feed_counts()[harbor] == 2
    write_entries(store, fid, META, [row("d", "nothing now", h="2")])
    assert store.smart_feed_counts()[harbor] == 1
    assert [s.unread for s in store.smart_feeds()] == [1, 0]
    assert store.count_problems() == []


def test_smart_feed_on_a_folder_follows_moves_and_renames(store: Store) -> None:
    fid, _ = store.add_feed("https://example.org/f")
    write_entries(store, fid, META, [row("a", "harbor"), row("b", "storm")])
    news = store.ensure_folder(["News"])
    sid = store.add_smart_feed("News", "folder:News", Criteria(folder="News"))
    assert store.smart_feed_counts()[sid] == 0
    store.move_feed(fid, news)
    assert store.smart_feed_counts()[sid] == 2
    store.rename_folder(news, "Press")
    assert store.smart_feed_counts()[sid] == 0
    store.rename_folder(news, "News")
    assert store.smart_feed_counts()[sid] == 2
    store.delete_folder(news)
    assert store.smart_feed_counts()[sid] == 0
    assert store.count_problems() == []


def test_smart_feed_follows_a_renamed_feed_and_full_copies(store: Store) -> None:
    fid, _ = store.add_feed("https://example.org/f", title="Evening Post")
    write_entries(store, fid, META, [row("a", "harbor")])
    sid = store.add_smart_feed("Gazette", "feed:gazette", Criteria(match='feed : "gazette"'))
    assert store.smart_feed_counts()[sid] == 0
    store.rename_feed(fid, "The Gazette")
    assert store.smart_feed_counts()[sid] == 1
    zep = store.add_smart_feed("Zeppelins", "zeppelins", Criteria(match='"zeppelins"'))
    (a,) = store.article_ids(Selection())
    store.set_full_copy(a, "<p>zeppelins</p>", "zeppelins over the bay")
    assert store.smart_feed_counts()[zep] == 1
    assert store.count_problems() == []


def test_deleting_feeds_and_retention_lower_the_counts(store: Store) -> None:
    f1, _ = store.add_feed("https://a.example/f")
    f2, _ = store.add_feed("https://b.example/f")
    write_entries(store, f1, META, [row("a", "harbor", published=10.0), row("b", "harbor", published=5e6)])
    write_entries(store, f2, META, [row("c", "harbor")])
    sid = store.add_smart_feed("Harbor", "harbor", Criteria(match='"harbor"'))
    kept = [a.id for a in store.articles(Selection(feed_id=f2))]
    store.set_saved(kept, True)
    assert store.smart_feed_counts()[sid] == 3
    assert store.apply_retention(older_than=100.0) == 1
    assert store.smart_feed_counts()[sid] == 2
    store.delete_feed(f2)  # its saved article stays (orphaned), still unread
    assert store.smart_feed_counts()[sid] == 2
    assert store.unread_counts() == {f1: 1}
    assert store.smart_counts(0.0)[SmartFeed.UNREAD] == 2
    assert store.count_problems() == []


def test_edit_and_remove_smart_feeds(store: Store) -> None:
    fid, _ = store.add_feed("https://example.org/f")
    write_entries(store, fid, META, [row("a", "harbor"), row("b", "storm")])
    sid = store.add_smart_feed("Harbor", "harbor", Criteria(match='"harbor"'))
    store.update_smart_feed(sid, "Storms", "storm", Criteria(match='"storm"'))
    assert [(s.name, s.query, s.unread) for s in store.smart_feeds()] == [("Storms", "storm", 1)]
    assert len(store.article_ids(Selection(search_id=sid))) == 1
    store.remove_smart_feed(sid)
    assert store.smart_feeds() == []
    with pytest.raises(NotFoundError):
        store.remove_smart_feed(sid)
    with pytest.raises(NotFoundError):
        store.update_smart_feed(sid, "x", "x", Criteria(match='"x"'))
    assert store._conn.execute("SELECT count(*) FROM smart_members").fetchone()[0] == 0


def test_recount_repairs_a_drifted_tally(store: Store) -> None:
    fid, _ = store.add_feed("https://example.org/f")
    write_entries(store, fid, META, [row("a", "harbor")])
    store.add_smart_feed("Harbor", "harbor", Criteria(match='"harbor"'))
    with store.transaction() as c:
        c.execute("UPDATE feed_counts SET unread = 40, saved = 3")
        c.execute("UPDATE smart_feeds SET unread = 7")
    assert len(store.count_problems()) == 2
    store.recount_all()
    assert store.count_problems() == []


if RuleBasedStateMachine is not None:

    class CountsMachine(RuleBasedStateMachine):
        """Random work on a small library; every kept count must equal a full count after each step."""

        def __init__(self) -> None:
            super().__init__()
            import tempfile

            self._dir = tempfile.TemporaryDirectory()
            self.store = Store.open(Path(self._dir.name) / "lib.db")
            self.feeds = [self.store.add_feed(f"https://{n}.example/f")[0] for n in ("a", "b")]
            self.folder = self.store.ensure_folder(["News"])
            self.serial = 0
            # Start from a library that already has articles and smart feeds of every kind.
            for feed in (0, 1, 0):
                self.arrive(feed, list(WORDS[:3]), 5e6)
            for word, saved, read, folder in (("harbor", None, None, False), ("harbor", True, None, False),
                                              ("storm", False, False, True), ("quiet", None, True, False)):
                self.add_smart(word, saved, read, folder)

        def teardown(self) -> None:
            self.store.close()
            self._dir.cleanup()

        def _ids(self) -> list[int]:
            return sorted(r[0] for r in self.store._conn.execute("SELECT id FROM articles"))

        @rule(feed=st.integers(0, 1), texts=st.lists(st.sampled_from(WORDS), min_size=1, max_size=4),
              published=st.sampled_from([10.0, 5e6]))
        def arrive(self, feed: int, texts: list[str], published: float) -> None:
            rows = []
            for text in texts:
                self.serial += 1
                rows.append(row(f"g{self.serial}", text, published=published))
            write_entries(self.store, self.feeds[feed], META, rows)

        @precondition(lambda self: self._ids())
        @rule(pick=st.integers(0, 10_000), text=st.sampled_from(WORDS))
        def update_in_place(self, pick: int, text: str) -> None:
            ids = self._ids()
            guid, feed_id = self.store._conn.execute(
                "SELECT guid, feed_id FROM articles WHERE id = ?", (ids[pick % len(ids)],)
            ).fetchone()
            if feed_id is not None:
                write_entries(self.store, feed_id, META, [row(guid, text, h=f"h{pick}")])

        @precondition(lambda self: self._ids())
        @rule(pick=st.lists(st.integers(0, 10_000), min_size=1, max_size=3),
              what=st.sampled_from(["read", "unread", "save", "unsave", "hide", "unhide"]))
        def mark(self, pick: list[int], what: str) -> None:
            ids = self._ids()
            chosen = [ids[p % len(ids)] for p in pick]
            {
                "read": lambda: self.store.set_read(chosen, True),
                "unread": lambda: self.store.set_read(chosen, False),
                "save": lambda: self.store.set_saved(chosen, True),
                "unsave": lambda: self.store.set_saved(chosen, False),
                "hide": lambda: self.store.set_hidden(chosen, True),
                "unhide": lambda: self.store.set_hidden(chosen, False),
            }[what]()

        @rule(word=st.sampled_from(WORDS), saved=st.sampled_from([None, True, False]),
              read=st.sampled_from([None, True, False]), folder=st.booleans())
        def add_smart(self, word: str, saved: bool | None, read: bool | None, folder: bool) -> None:
            crit = Criteria(match=f'"{word}"', saved=saved, read=read, folder="News" if folder else None)
            self.store.add_smart_feed(word, word, crit)

        @precondition(lambda self: self.store.smart_feeds())
        @rule(pick=st.integers(0, 100))
        def remove_smart(self, pick: int) -> None:
            found = self.store.smart_feeds()
            self.store.remove_smart_feed(found[pick % len(found)].id)

        @rule(feed=st.integers(0, 1), into=st.booleans())
        def move(self, feed: int, into: bool) -> None:
            if self.feeds[feed] is not None:
                self.store.move_feed(self.feeds[feed], self.folder if into else None)

        @rule()
        def retention(self) -> None:
            self.store.apply_retention(older_than=100.0)

        @precondition(lambda self: self.feeds[1] is not None)
        @rule()
        def delete_feed(self) -> None:
            self.store.delete_feed(self.feeds[1])
            self.feeds[1] = None  # type: ignore[call-overload]

        @invariant()
        def counts_agree(self) -> None:
            store = self.store
            assert store.count_problems() == []
            for s in store.smart_feeds():
                assert s.unread == unread_listed(store, s.id)
            listed = {}
            for fid in self.feeds:
                if fid is not None:
                    n = len(store.article_ids(Selection(feed_id=fid, unread_only=True)))
                    if n:
                        listed[fid] = n
            assert store.unread_counts() == listed
            kept = store.smart_counts(0.0)
            assert kept[SmartFeed.UNREAD] == len(store.article_ids(Selection(unread_only=True)))
            assert kept[SmartFeed.SAVED] == len(store.article_ids(Selection(smart=SmartFeed.SAVED)))
            assert kept[SmartFeed.TODAY] == len(store.article_ids(Selection(smart=SmartFeed.TODAY, since=0.0, unread_only=True)))

    CountsMachine.TestCase.settings = settings(
        max_examples=40, stateful_step_count=20, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )
    test_kept_counts_agree_with_full_counts = CountsMachine.TestCase


def test_new_articles_join_every_smart_feed_in_the_same_few_statements(store: Store, monkeypatch) -> None:
    """Work counted: a write's new articles join 1 smart feed or 5 in the same statements (and a folder read per folder named)."""
    from reader.core.storage import connection

    def statements(feed_id: int, prefix: str) -> int:
        ran: list[str] = []
        real_execute, real_many = connection._Cursor.execute, connection._Cursor.executemany
        with monkeypatch.context() as m:
            m.setattr(connection._Cursor, "execute", lambda self, sql, p=(): ran.append(sql) or real_execute(self, sql, p))
            m.setattr(connection._Cursor, "executemany", lambda self, sql, p: ran.append(sql) or real_many(self, sql, p))
            write_entries(store, feed_id, META, [row(f"{prefix}{i}", WORDS[i % 3] + " at dawn") for i in range(30)])
        return len(ran)

    news = store.ensure_folder(["News"])
    a, b = store.add_feed("https://example.org/a")[0], store.add_feed("https://example.org/b")[0]
    store.move_feed(b, news)
    store.add_smart_feed("Harbor", '"harbor"', Criteria(match='"harbor"'))
    one = statements(a, "a")
    store.add_smart_feed("Saved storms", '"storm" is:saved', Criteria(match='"storm"', saved=True))
    store.add_smart_feed("Read quiet", '"quiet" is:read', Criteria(match='"quiet"', read=True))
    store.add_smart_feed("News", "folder:News", Criteria(folder="News"))
    store.add_smart_feed("Not news, dawn", '"dawn" -folder:News', Criteria(match='"dawn"', not_folders=("News",)))
    five = statements(b, "b")
    assert five == one + 2  # the two naming a folder read the folder tree once each
    assert store.count_problems() == []
    counts = sorted(store.smart_feed_counts().values())
    assert counts == [0, 0, 10 + 10, 30, 30]  # harbor (10 + 10); saved/read: none unread; News: b's 30; dawn: a's 30


@pytest.mark.parametrize("how", ["one", "several"])
def test_a_deleted_feeds_saved_articles_leave_smart_feeds_that_name_its_folder(store: Store, how: str) -> None:
    """Found by the counts machine: the kept articles lose their feed, so its folder no longer holds them."""
    news = store.ensure_folder(["News"])
    fid, _ = store.add_feed("https://example.org/f")
    store.move_feed(fid, news)
    write_entries(store, fid, META, [row("a", "storm at sea"), row("b", "storm inland")])
    in_news = store.add_smart_feed("Storms in News", '"storm" folder:News', Criteria(match='"storm"', folder="News"))
    everywhere = store.add_smart_feed("Storms", '"storm"', Criteria(match='"storm"'))
    kept = store.articles(Selection())[0].id
    store.set_saved([kept], True)
    assert (store.delete_feed(fid) if how == "one" else store.delete_feeds([fid])) == 1
    assert store.count_problems() == []
    assert store.article_ids(Selection(search_id=in_news)) == []
    assert store.article_ids(Selection(search_id=everywhere)) == [kept]
