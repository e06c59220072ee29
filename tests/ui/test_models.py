"""The Qt models, without a window: fed rows by hand, checked by pytest-qt's model tester."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QMimeData, Qt

from reader.core.models import Article, ArticleRow, Feed, Folder, SearchHit, SmartFeed
from reader.ui.article_list import (
    ID_ROLE,
    PAGE,
    TITLE_COL,
    ArticleListModel,
    SearchResultsModel,
    format_date,
    plain_tooltip,
    snippet_html,
)
from reader.ui.feed_tree import FEED_MIME, KEY_ROLE, FeedTreeModel, key_selection

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def rows(ids):
    return [
        ArticleRow(id=i, title=f"Story {i}", feed_title="Feed <b>x</b>", date=T0 - timedelta(hours=i), read=i % 2 == 0, saved=i == 3, feed_id=i % 4)
        for i in ids
    ]


def test_article_list_model_passes_the_model_tester(qtmodeltester, qtbot):
    model = ArticleListModel()
    ids = list(range(1, 251))
    model.set_ids(ids)
    model.set_rows(rows(ids[:PAGE]))
    qtmodeltester.check(model)
    assert model.rowCount() == 250
    assert model.index(2, TITLE_COL).data() == "Story 3"
    assert model.index(2, 0).data() == "★"
    assert model.index(0, TITLE_COL).data(Qt.ItemDataRole.FontRole).bold()  # id 1 unread
    assert model.index(1, TITLE_COL).data(Qt.ItemDataRole.FontRole) is None  # id 2 read


def test_missing_rows_are_asked_for_once_per_page_and_stay_blank_meanwhile(qtbot):
    model = ArticleListModel()
    model.set_ids(list(range(1000, 0, -1)))
    asked: list[list[int]] = []
    model.rows_wanted.connect(asked.append)
    with qtbot.waitSignal(model.rows_wanted, timeout=1000):
        assert model.index(150, TITLE_COL).data() is None  # blank, no stand-in text
        model.index(160, TITLE_COL).data()
        model.index(250, TITLE_COL).data()
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=1000)
    assert asked == [model.ids[100:200], model.ids[200:300]]  # one request per page, in list order
    assert model.set_rows(rows(asked[0]), model.generation)
    assert model.index(150, TITLE_COL).data() == f"Story {model.ids[150]}"
    assert model.row_data(150) is not None and model.missing_page(0)
    model.index(155, TITLE_COL).data()
    assert len(asked) == 2  # a page that arrived is not asked again


def test_pages_of_an_older_generation_are_dropped(qtbot):
    model = ArticleListModel()
    model.set_ids([3, 2, 1])
    old = model.generation
    model.set_ids([3, 2, 1])
    assert model.generation == old + 1
    assert not model.set_rows(rows([3, 2, 1]), old)
    assert model.row_data(0) is None
    assert model.set_rows(rows([3, 2, 1]), model.generation)
    assert model.row_data(0).title == "Story 3"


def test_reloading_the_same_list_keeps_rows_and_marks_until_fresh_ones_arrive(qtbot):
    model = ArticleListModel()
    model.set_ids([5, 4, 3])
    model.set_rows(rows([5, 4, 3]))
    model.set_flags(5, read=True)
    model.set_ids([6, 5, 4, 3], keep_rows=True)  # a refresh brought article 6
    assert model.index(1, TITLE_COL).data() == "Story 5" and model.flags_of(1) == (True, False)
    assert model.index(0, TITLE_COL).data() is None  # new: blank until read
    assert model.missing_page(0)  # still asked for, so fresh rows replace the kept ones
    fresh = [replace(r, title=f"Fresh {r.id}") for r in rows([6, 5, 4, 3])]
    model.set_rows(fresh, model.generation)
    assert model.index(2, TITLE_COL).data() == "Fresh 4" and model.flags_of(1) == (True, False)
    model.set_ids([6, 5, 4, 3])  # another list: nothing kept
    assert model.row_data(1) is None and model.flags_of(1) is None


def test_a_dropped_request_is_asked_again(qtbot):
    model = ArticleListModel()
    model.set_ids(list(range(300, 0, -1)))
    asked: list[list[int]] = []
    model.rows_wanted.connect(asked.append)
    model.index(0, TITLE_COL).data()
    qtbot.waitUntil(lambda: len(asked) == 1, timeout=1000)
    model.index(0, TITLE_COL).data()
    model.release(asked[0])
    model.index(0, TITLE_COL).data()
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=1000)
    assert asked[1] == asked[0]


def test_a_million_ids_open_at_once_and_keep_few_rows(qtbot):
    model = ArticleListModel()
    model.set_ids(range(1_000_000, 0, -1))
    assert model.rowCount() == 1_000_000
    for page in range(0, 1_000_000, 2000):
        model.set_rows(rows(model.page_ids(page)))
    assert sum(len(p) for p in model._pages.values()) <= 400 * PAGE


def test_flags_change_at_once_and_sort_reverses_dates(qtbot):
    model = ArticleListModel()
    model.set_ids([5, 4, 3])
    model.set_rows(rows([5, 4, 3]))
    with qtbot.waitSignal(model.dataChanged):
        model.set_flags(5, read=True, saved=True)
    assert model.flags_of(0) == (True, True)
    assert model.index(0, TITLE_COL).data(Qt.ItemDataRole.FontRole) is None
    before = model.ids
    model.sort(3, Qt.SortOrder.AscendingOrder)
    assert before == [5, 4, 3]  # a new list: a worker may still be reading the old one
    assert model.ids == [3, 4, 5] and model.index(0, TITLE_COL).data() == "Story 3"
    assert model.flags_of(2) == (True, True)
    model.mark_all_read()
    assert all(model.flags_of(r)[0] for r in range(3))


def test_search_results_model_escapes_and_bolds_terms(qtmodeltester, qapp):
    article = Article(id=7, feed_id=1, feed_title="A & B", title="<script>x</script>", url=None, author=None, published=None, read=False, saved=False)
    model = SearchResultsModel()
    model.set_hits([SearchHit(article=article, snippet="the \x02bridge\x03 <i>opens</i>", score=1.0)])
    qtmodeltester.check(model)
    html = model.index(0).data(Qt.UserRole + 4)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>bridge</b>" in html and "&lt;i&gt;opens&lt;/i&gt;" in html
    assert model.index(0).data(ID_ROLE) == 7


def test_snippet_and_tooltip_helpers():
    assert snippet_html("a\x02b\x03 <c>") == "a<b>b</b> &lt;c&gt;"
    assert plain_tooltip("<b>x</b>") == "<p style='white-space:pre-wrap'>&lt;b&gt;x&lt;/b&gt;</p>"
    now = datetime(2026, 3, 1, 15, 0).astimezone()
    assert format_date(None) == ""
    assert format_date(now.replace(hour=9), now) == "09:00"
    assert "2024" in format_date(now.replace(year=2024), now)


def tree_data():
    folders = [Folder(id=2, parent_id=1, title="World", path="News/World"), Folder(id=1, parent_id=None, title="News", path="News")]
    feeds = [
        Feed(id=10, url="https://a.example/feed", title="A <i>feed</i>", folder_id=2, unread=4),
        Feed(id=11, url="https://b.example/feed", title="B", folder_id=1, unread=1, last_error="HTTP 500 <boom>"),
        Feed(id=12, url="https://c.example/feed", title="C", folder_id=None, unread=0),
    ]
    return folders, feeds


def test_feed_tree_model_nests_counts_and_passes_the_tester(qtmodeltester, qapp):
    model = FeedTreeModel()
    folders, feeds = tree_data()
    model.set_tree(folders, feeds)
    model.set_counts({10: 4, 11: 1, 12: 0}, {SmartFeed.UNREAD: 5, SmartFeed.SAVED: 2})
    qtmodeltester.check(model)
    assert model.count_of("folder:1") == 5 and model.count_of("folder:2") == 4
    assert model.count_of("smart:unread") == 5 and model.count_of("smart:saved") == 2
    assert model.count_of("feed:12") == 0
    world = model.index_of("folder:2")
    assert world.parent() == model.index_of("folder:1")
    assert model.index_of("feed:10").parent() == world
    tip = model.index_of("feed:11").data(Qt.ItemDataRole.ToolTipRole)
    assert "HTTP 500 &lt;boom&gt;" in tip and "<boom>" not in tip
    assert model.index_of("feed:10").data() == "A <i>feed</i>"  # shown as plain text by the view
    model.adjust_count(10, -1, unread_smart=-1)
    assert model.count_of("feed:10") == 3 and model.count_of("folder:1") == 4 and model.count_of("smart:unread") == 4
    model.set_feed_error(11, None)
    assert "Last error" not in model.index_of("feed:11").data(Qt.ItemDataRole.ToolTipRole)
    assert model.feed_ids_under("folder:1") == [10, 11]


def test_dropping_a_feed_on_a_folder_reports_the_move(qtbot):
    model = FeedTreeModel()
    model.set_tree(*tree_data())
    data = model.mimeData([model.index_of("feed:12")])
    assert bytes(data.data(FEED_MIME).data()) == b"12"
    with qtbot.waitSignal(model.feed_dropped) as blocker:
        assert model.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, model.index_of("folder:2")) is False
    assert blocker.args == [12, 2]
    with qtbot.waitSignal(model.feed_dropped) as blocker:
        model.dropMimeData(model.mimeData([model.index_of("feed:10")]), Qt.DropAction.MoveAction, -1, -1, model.index_of("smart:all").parent())
    assert blocker.args == [10, -1]
    assert not model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, -1, model.index_of("smart:saved"))
    assert not model.canDropMimeData(QMimeData(), Qt.DropAction.MoveAction, -1, -1, model.index_of("folder:1"))


@pytest.mark.parametrize(
    ("key", "expected"),
    [("smart:unread", ("smart", SmartFeed.UNREAD)), ("folder:3", ("folder_id", 3)), ("feed:9", ("feed_id", 9))],
)
def test_tree_keys_name_selections(key, expected):
    selection = key_selection(key)
    assert getattr(selection, expected[0]) == expected[1]
    assert key_selection("nothing") is None
    assert KEY_ROLE > Qt.ItemDataRole.UserRole
