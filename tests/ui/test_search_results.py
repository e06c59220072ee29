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
