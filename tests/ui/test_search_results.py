"""The search results model: escaped rows with bold terms, marks that follow at once."""

from __future__ import annotations

from PySide6.QtCore import Qt

from reader.core.models import Article, SearchHit
from reader.ui.article_list import ID_ROLE
from reader.ui.search_results import SearchResultsModel, snippet_html


def test_search_results_model_escapes_and_bolds_terms(qtmodeltester, qapp):
    article = Article(id=7, feed_id=1, feed_title="A & B", title="<script>x</script>", url=None, author=None, published=None, read=False, saved=False)
    model = SearchResultsModel()
    model.set_hits([SearchHit(article=article, snippet="the \x02bridge\x03 <i>opens</i>", score=1.0)])
    qtmodeltester.check(model)
    html = model.index(0).data(Qt.UserRole + 4)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>bridge</b>" in html and "&lt;i&gt;opens&lt;/i&gt;" in html
    assert model.index(0).data(ID_ROLE) == 7


def test_snippet_html_escapes_and_bolds_the_marked_terms():
    assert snippet_html("a\x02b\x03 <c>") == "a<b>b</b> &lt;c&gt;"


def test_rows_show_dates_and_the_selected_row_keeps_the_feed_readable(qapp):
    """Issue 12, item 10: dates in the rows; the feed name takes the selection's text colour."""
    from datetime import UTC, datetime

    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

    from reader.ui.search_results import HtmlDelegate, SearchResultsView
    from reader.ui.style import muted_text

    article = Article(
        id=1, feed_id=1, feed_title="Harbor Desk", title="Bridge", url=None, author=None,
        published=datetime(2025, 3, 4, 12, 0, tzinfo=UTC), read=True, saved=False,
    )
    model = SearchResultsModel()
    model.set_hits([SearchHit(article=article, snippet="the \x02bridge\x03", score=1.0)])
    html = model.index(0).data(Qt.UserRole + 4)
    assert "Harbor Desk · 04 Mar 2025" in html
    view = SearchResultsView()
    view.setModel(model)
    delegate = HtmlDelegate(view)
    option = QStyleOptionViewItem()
    option.palette = view.palette()
    option.rect = view.rect()
    plain = delegate._document(option, model.index(0)).defaultStyleSheet()
    option.state |= QStyle.StateFlag.State_Selected
    selected = delegate._document(option, model.index(0)).defaultStyleSheet()
    muted = muted_text(option.palette).name()  # secondary text that still reads at WCAG AA
    assert muted in plain and muted not in selected
    assert view.palette().color(QPalette.ColorRole.HighlightedText).name() in selected


def test_status_line_quotes_once_and_counts_in_words():
    from reader.ui.search_controller import quoted

    assert quoted("bridge") == "“bridge”"
    assert quoted('"east landing"') == "“east landing”"
    assert quoted('"a" OR "b"') == "“\"a\" OR \"b\"”"
