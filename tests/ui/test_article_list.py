"""The lazy article list model, fed rows by hand and checked by pytest-qt's model tester."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt

from reader.core.models import ArticleRow
from reader.ui.article_list import PAGE, TITLE_COL, ArticleListModel, format_date

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
    assert asked == [model.ids[100:200].tolist(), model.ids[200:300].tolist()]  # one request per page, in list order
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
    assert list(before) == [5, 4, 3]  # a new list: a worker may still be reading the old one
    assert list(model.ids) == [3, 4, 5] and model.index(0, TITLE_COL).data() == "Story 3"
    assert model.flags_of(2) == (True, True)
    model.mark_all_read()
    assert all(model.flags_of(r)[0] for r in range(3))


def test_format_date_is_short_for_recent_dates():
    now = datetime(2026, 3, 1, 15, 0).astimezone()
    assert format_date(None) == ""
    assert format_date(now.replace(hour=9), now) == "09:00"
    assert "2024" in format_date(now.replace(year=2024), now)


def test_placeholder_rows_are_blank(qtbot):
    model = ArticleListModel()
    model.set_ids([1, 2])
    assert all(model.index(0, c).data() is None for c in range(model.columnCount()))
    assert model.index(0, 0).data(Qt.ItemDataRole.FontRole) is None


def test_the_head_of_a_list_shows_before_the_rest_of_its_ids(qtbot):
    """A list can open with its length and first page; the other ids fill in without a reset."""
    model = ArticleListModel()
    full = list(range(1000, 0, -1))
    model.set_ids(full[:PAGE], count=len(full))
    model.set_rows(rows(full[:PAGE]), model.generation)
    assert model.rowCount() == 1000 and not model.complete()
    assert model.index(0, TITLE_COL).data() == "Story 1000"
    asked: list[list[int]] = []
    model.rows_wanted.connect(asked.append)
    assert model.index(500, TITLE_COL).data() is None and model.article_id(500) is None  # blank until the ids come
    qtbot.wait(20)
    assert asked == []  # nothing to ask for yet
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    generation = model.generation
    assert not model.complete_ids(list(range(2000, 1000, -1)), generation)  # another list's ids: refused
    with qtbot.waitSignal(model.rows_wanted, timeout=1000):
        assert model.complete_ids(full, generation)
        model.index(500, TITLE_COL).data()  # the view repaints the rows that filled in
    assert model.complete() and not resets and model.generation == generation
    assert model.article_id(500) == 500 and model.row_of(500) == 500 and model.row_data(0).title == "Story 1000"


def test_complete_ids_trims_rows_gone_since_the_count():
    model = ArticleListModel()
    model.set_ids([5, 4], count=10)
    assert model.complete_ids([5, 4, 3], model.generation)
    assert model.rowCount() == 3 and model.complete()


def test_rows_are_found_without_an_id_to_row_dictionary(qtbot):
    model = ArticleListModel()
    model.set_ids(range(1_000_000, 0, -1))
    assert model.ids.itemsize == 8 and len(model.ids) == 1_000_000  # one packed array, 8 MB
    assert model.row_of(1) == 999_999 and model.row_of(1_000_000) == 0 and model.row_of(0) is None
    model.set_rows(rows(model.page_ids(500_000)))
    assert len(model._cached_rows) == PAGE  # only the cached pages' ids are kept in a dict
    assert model.row_of(model.article_id(500_050)) == 500_050


def test_find_row_ignores_byte_matches_across_two_ids():
    from array import array

    from reader.ui.article_list import find_row

    # little-endian bytes: 00x7 02 | 00x7 01 | 02 00x7. The id 2 also matches at byte 7, across two ids.
    ids = array("q", [2 << 56, 1 << 56, 2])
    assert ids.tobytes().find(array("q", [2]).tobytes()) == 7
    assert find_row(ids, 2) == 2
    assert find_row(ids, 1 << 56) == 1 and find_row(ids, 8) is None and find_row(array("q"), 1) is None


def test_a_sort_asked_for_before_the_ids_are_complete_follows_them(qtbot):
    model = ArticleListModel()
    model.set_ids([5, 4], count=5)
    model.sort(3, Qt.SortOrder.AscendingOrder)
    assert list(model.ids) == [5, 4]  # not yet: only the head is known
    assert model.complete_ids([5, 4, 3, 2, 1], model.generation)
    assert list(model.ids) == [1, 2, 3, 4, 5] and not model.newest_first
