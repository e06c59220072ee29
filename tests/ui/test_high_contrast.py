"""High contrast: on a desktop that asks for it, the article pane draws with the palette's own colours at AAA.

The check walks the pane's laid-out document (what is really drawn: every
text fragment's colour against the cell, block or pane background behind
it), under a black/white/yellow high-contrast palette and under Byline's
light and dark looks (AA there). The pictures go to the test's temporary
folder; docs/window/a11y-*.png are copies looked at.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette, QTextCursor
from PySide6.QtWidgets import QApplication

from reader import paths
from reader.ui import article_view
from reader.ui.style import AA_TEXT, AAA_TEXT, accessible_palette, apply_theme, contrast_ratio, high_contrast_css, readable
from tests.ui.conftest import article_id, rows_shown, show, wait_idle

ROLES = QPalette.ColorRole
HIGH_CONTRAST = {
    ROLES.Window: "#000000", ROLES.WindowText: "#ffffff", ROLES.Base: "#000000", ROLES.AlternateBase: "#101010",
    ROLES.Text: "#ffffff", ROLES.Button: "#000000", ROLES.ButtonText: "#ffffff", ROLES.Highlight: "#ffff00",
    ROLES.HighlightedText: "#000000", ROLES.Link: "#4f8cff", ROLES.PlaceholderText: "#d0d0d0",
    ROLES.ToolTipBase: "#000000", ROLES.ToolTipText: "#ffffff",
}


def high_contrast_palette() -> QPalette:
    palette = QPalette()
    for role, color in HIGH_CONTRAST.items():
        palette.setColor(role, QColor(color))
    return palette


def drawn_text(pane) -> list[tuple[str, QColor, QColor]]:
    """(text, colour, background) of every visible text fragment of the pane's document."""
    palette = pane.palette()
    base, default = palette.color(ROLES.Base), palette.color(ROLES.Text)
    out = []
    block = pane.document().begin()
    while block.isValid():
        cursor = QTextCursor(block)
        behind = base
        table = cursor.currentTable()
        if table is not None:
            cell = table.cellAt(cursor).format().background()
            if cell.style() != Qt.BrushStyle.NoBrush:
                behind = cell.color()
        if block.blockFormat().background().style() != Qt.BrushStyle.NoBrush:
            behind = block.blockFormat().background().color()
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            text = fragment.text().replace("\ufffc", "").strip()
            if text:
                fmt = fragment.charFormat()
                color = fmt.foreground().color() if fmt.foreground().style() != Qt.BrushStyle.NoBrush else default
                under = fmt.background().color() if fmt.background().style() != Qt.BrushStyle.NoBrush else behind
                out.append((text, color, under))
            it += 1
        block = block.next()
    return out


def tree_counts(window) -> list[tuple[str, QColor, QColor]]:
    """(count, colour, base) of every unread count the tree shows."""
    model, base = window.tree_model, window.tree.palette().color(ROLES.Base)
    out = []
    for row in range(model.rowCount()):
        index = model.index(row, 1)
        if index.data():
            out.append((str(index.data()), index.data(Qt.ItemDataRole.ForegroundRole).color(), base))
    return out


def below(pairs: list[tuple[str, QColor, QColor]], minimum: float) -> list[str]:
    return [f"{t[:30]!r} {c.name()} on {b.name()}: {contrast_ratio(c, b):.2f}" for t, c, b in pairs if contrast_ratio(c, b) < minimum]


@pytest.fixture
def restore_palette(qapp):
    before = QPalette(qapp.palette())
    yield
    apply_theme(qapp, "system")
    qapp.setPalette(before)


def test_the_high_contrast_rules_hold_every_colour_to_aaa(qapp) -> None:
    palette = high_contrast_palette()
    css = high_contrast_css(palette)
    assert "color: #ffffff" in css and "text-decoration: underline" in css
    link = readable(QColor("#4f8cff"), QColor("#000000"), AAA_TEXT)
    assert contrast_ratio(QColor("#4f8cff"), QColor("#000000")) < AAA_TEXT <= contrast_ratio(link, QColor("#000000"))
    assert f"color: {link.name()}" in css  # the theme's link, brightened until it reads at 7:1


def shown_story(qtbot, window, lib) -> None:
    show(qtbot, window, "smart:all")
    target = article_id(lib, "Ceasefire")
    window.open_in_place(target)
    qtbot.waitUntil(lambda: window.pane.article_id == target and len(window.pane.links.links) == 4, timeout=5000)
    qtbot.waitUntil(lambda: rows_shown(window), timeout=5000)
    wait_idle(qtbot, window)


def test_on_a_high_contrast_desktop_the_pane_draws_at_aaa(qtbot, qapp, feeds_library, make_window, monkeypatch, restore_palette, tmp_path: Path) -> None:
    monkeypatch.setattr(article_view, "prefers_high_contrast", lambda: True)
    qapp.setPalette(accessible_palette(high_contrast_palette()))
    window = make_window(feeds_library, resources=paths.resources_dir())
    window.resize(1280, 800)
    shown_story(qtbot, window, feeds_library)
    assert window.pane.high_contrast
    pairs = drawn_text(window.pane)
    assert any(t.startswith("Negotiators returned") for t, _, _ in pairs) and any(t == "Related" for t, _, _ in pairs)
    assert below(pairs, AAA_TEXT) == []
    assert below(tree_counts(window), AA_TEXT) == []
    shot = tmp_path / "a11y-high-contrast.png"
    window.grab().save(str(shot))
    image = window.pane.viewport().grab().toImage()
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert "#000000" in colours and "#ffffff" in colours  # drawn black and white, not the bundled light look


@pytest.mark.parametrize("look", ["light", "dark"])
def test_the_bundled_looks_draw_at_aa(qtbot, qapp, feeds_library, make_window, restore_palette, look: str, tmp_path: Path) -> None:
    window = make_window(feeds_library, resources=paths.resources_dir())
    apply_theme(qapp, look)
    window.pane.apply_style()
    shown_story(qtbot, window, feeds_library)
    pairs = drawn_text(window.pane)
    assert len(pairs) > 10
    assert below(pairs, AA_TEXT) == []
    counts = tree_counts(window)  # worked out again when the theme changed under a built tree
    assert len(counts) >= 3 and below(counts, AA_TEXT) == []
    window.grab().save(str(tmp_path / f"a11y-{look}.png"))


def test_without_the_desktop_asking_the_bundled_look_stays(qtbot, feeds_library, make_window) -> None:
    window = make_window(feeds_library, resources=paths.resources_dir())
    assert not window.pane.high_contrast
    assert "text-decoration: underline" not in window.pane.document().defaultStyleSheet()
    assert isinstance(QApplication.instance(), QApplication)


@pytest.mark.parametrize("look", ["light", "dark"])
def test_help_text_in_a_dialog_is_quiet_but_readable(qtbot, qapp, feeds_library, make_window, restore_palette, look: str) -> None:
    """The Properties dialog's note under "Fetch full stories" is muted, not a disabled (unreadable) label."""
    from PySide6.QtWidgets import QLabel

    window = make_window(feeds_library)
    apply_theme(qapp, look)
    qapp.setPalette(accessible_palette(qapp.palette()))
    feed_id = next(f.id for f in feeds_library.feeds() if f.title.startswith("Harbor"))
    dialog = window.tree_controller.properties_dialog(feed_id)
    assert dialog is not None
    qtbot.addWidget(dialog)
    hint = next(label for label in dialog.findChildren(QLabel) if label.text().startswith("Each new article's web page is fetched"))
    palette = hint.palette()
    assert hint.isEnabled()
    text, behind = palette.color(ROLES.WindowText), palette.color(ROLES.Window)
    assert AA_TEXT <= contrast_ratio(text, behind) < contrast_ratio(dialog.palette().color(ROLES.WindowText), behind)
    dialog.reject()
