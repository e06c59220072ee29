"""Shared visuals: the dark palette, choosing the article stylesheet, the callout box as Qt draws it, fonts, tooltips."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont, QPalette, QTextDocument, QTextTable

from reader import paths
from reader.core.content.pipeline import render
from reader.ui.style import article_font, article_stylesheet, dark_palette, is_dark, load_css, palette_css, plain_tooltip

CALLOUT = "<p>Before.</p><p>[Harbour works to close the north pier]</p><p>After.</p>"


def test_dark_palette_reads_as_dark(qapp):
    assert is_dark(dark_palette())
    assert not is_dark(QPalette("#f0f0f0"))  # a light button colour gives a light base


def test_article_stylesheet_adds_the_dark_overrides_only_on_a_dark_palette(qapp, tmp_path):
    (tmp_path / "article.css").write_text("p { margin: 1px; }", encoding="utf-8")
    (tmp_path / "article-dark.css").write_text("p { color: white; }", encoding="utf-8")
    css = load_css(tmp_path)
    assert css == ("p { margin: 1px; }", "p { color: white; }")
    assert article_stylesheet(css, QPalette("#f0f0f0")) == "p { margin: 1px; }"
    assert article_stylesheet(css, dark_palette()) == "p { margin: 1px; }\np { color: white; }"
    # without article.css the palette's colours stand in, callout box included
    assert load_css(tmp_path / "missing") == ("", "")
    fallback = article_stylesheet(("", ""), dark_palette())
    assert fallback == palette_css(dark_palette())
    assert "td.related-cell" in fallback and dark_palette().color(QPalette.ColorRole.Text).name() in fallback


def callout_cells(css: str) -> tuple[int, int]:
    """Lay out a rendered callout with ``css``; the lightness of its bar and of its tinted cell."""
    doc = QTextDocument()
    doc.setDefaultStyleSheet(css)
    doc.setHtml(f"<html><body>{render(CALLOUT).html}</body></html>")
    tables = [f for f in doc.rootFrame().childFrames() if isinstance(f, QTextTable)]
    assert len(tables) == 1
    table = tables[0]
    assert (table.rows(), table.columns()) == (1, 2)
    bar, cell = (table.cellAt(0, c).format().background() for c in (0, 1))
    assert bar.style() != 0 and cell.style() != 0, "the box's cells are not tinted"
    cursor = table.cellAt(0, 1).firstCursorPosition()
    assert cursor.block().text().replace("\u2028", "\n") == "Related\nHarbour works to close the north pier"
    return bar.color().lightness(), cell.color().lightness()


@pytest.mark.parametrize("source", ["resources", "palette"])
def test_the_rendered_callout_box_is_drawn_as_a_tinted_box(qapp, source):
    light_css, dark_css = load_css(paths.resources_dir())
    if source == "resources" and not light_css:
        pytest.skip("reader/resources/article.css is absent")
    css = (light_css, dark_css) if source == "resources" else ("", "")
    light_bar, light_cell = callout_cells(article_stylesheet(css, QPalette("#f0f0f0")))
    dark_bar, dark_cell = callout_cells(article_stylesheet(css, dark_palette()))
    assert light_cell > 200 and dark_cell < 100  # a pale tint on light, a deep one on dark
    assert light_bar < light_cell and dark_bar > dark_cell  # the accent bar stands out from its cell


def test_article_font_keeps_the_base_unless_a_size_is_set(qapp):
    base = QFont("Sans", 11)
    assert article_font(base, 0).pointSize() == 11
    assert article_font(base, 15).pointSize() == 15
    assert base.pointSize() == 11  # the base is not changed


def test_plain_tooltip_shows_text_literally():
    assert plain_tooltip("<b>x</b>") == "<p style='white-space:pre-wrap'>&lt;b&gt;x&lt;/b&gt;</p>"
    assert plain_tooltip("") == ""
