"""Contrast: text and selection meet WCAG AA (4.5:1 text, 3:1 graphics) in the light and the dark look.

The window's palettes (Fusion's light one after ``accessible_palette``, and
``dark_palette``) and every text colour of the article stylesheets against
the background it is drawn on, computed with the WCAG 2 formula.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from reader import paths
from reader.ui.style import AA_GRAPHIC, AA_TEXT, STAR_COLOR, accessible_palette, contrast_ratio, dark_palette, muted_text, readable

ROLES = QPalette.ColorRole
TEXT_PAIRS = (
    (ROLES.Text, ROLES.Base), (ROLES.Text, ROLES.AlternateBase), (ROLES.WindowText, ROLES.Window),
    (ROLES.ButtonText, ROLES.Button), (ROLES.HighlightedText, ROLES.Highlight), (ROLES.PlaceholderText, ROLES.Base),
    (ROLES.Link, ROLES.Base), (ROLES.ToolTipText, ROLES.ToolTipBase),
)


def test_the_formula_matches_wcag() -> None:
    assert contrast_ratio(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert contrast_ratio(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio(QColor("#308cc6"), QColor("#ffffff")) == pytest.approx(3.69, abs=0.01)  # Fusion's selection
    assert contrast_ratio(readable(QColor("#308cc6"), QColor("#ffffff")), QColor("#ffffff")) >= AA_TEXT


def test_translucent_text_is_judged_as_it_is_drawn() -> None:
    """Fusion's placeholder is black at half alpha: grey on white (about 4.0:1), not black (21:1)."""
    half_black, white = QColor(0, 0, 0, 128), QColor("#ffffff")
    assert contrast_ratio(half_black, white) == pytest.approx(4.0, abs=0.05)
    better = readable(half_black, white)
    assert better.alpha() == 255 and AA_TEXT <= contrast_ratio(better, white) < 5.5  # darker grey, still muted


def light_palette() -> QPalette:
    style = QStyleFactory.create("Fusion")
    return accessible_palette(style.standardPalette())


@pytest.mark.parametrize("look", ["light", "dark"])
def test_palette_text_and_selection_meet_aa(qapp, look: str) -> None:
    palette = light_palette() if look == "light" else accessible_palette(dark_palette())
    failing = []
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        for fg, bg in TEXT_PAIRS:
            ratio = contrast_ratio(palette.color(group, fg), palette.color(group, bg))
            if ratio < AA_TEXT:
                failing.append(f"{group.name} {fg.name} on {bg.name}: {ratio:.2f}")
        for bg in (ROLES.Base, ROLES.AlternateBase):
            if contrast_ratio(STAR_COLOR, palette.color(group, bg)) < AA_GRAPHIC:
                failing.append(f"star on {bg.name}")
    assert contrast_ratio(muted_text(palette), palette.color(ROLES.Base)) >= AA_TEXT
    assert failing == []


def test_the_dark_palette_needs_no_correction(qapp) -> None:
    dark = dark_palette()
    assert accessible_palette(dark).color(ROLES.Highlight) == dark.color(ROLES.Highlight)


def test_the_application_palette_is_the_corrected_one(qapp) -> None:
    from reader.ui.app import application

    before = QPalette(qapp.palette())
    try:
        app = application()
        assert isinstance(app, QApplication)
        palette = app.palette()
        assert contrast_ratio(palette.color(ROLES.HighlightedText), palette.color(ROLES.Highlight)) >= AA_TEXT
    finally:
        qapp.setPalette(before)


def css_rules(text: str) -> dict[str, dict[str, str]]:
    """selector -> declarations of a stylesheet (comments dropped, grouped selectors split)."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    rules: dict[str, dict[str, str]] = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", text):
        declarations = {
            name.strip(): value.strip() for name, _, value in (d.partition(":") for d in body.split(";")) if value.strip()
        }
        for selector in selectors.split(","):
            rules.setdefault(" ".join(selector.split()), {}).update(declarations)
    return rules


# (selector whose color is text, selector whose background-color it sits on; "" is the pane's base)
ARTICLE_TEXT = (
    ("body", ""), ("a", ""), ("h1.title", ""), ("blockquote", ""), ("pre", "pre"), ("figcaption", ""),
    (".image-placeholder", ".image-placeholder"), ("caption", ""), ("a.related", "td.related-cell"),
    (".related-label", "td.related-cell"), (".byline-header .meta", ""), ("a.original", ""), (".copy-switch", ""),
)


@pytest.mark.parametrize("look", ["light", "dark"])
def test_article_stylesheets_meet_aa(qapp, look: str) -> None:
    resources = paths.resources_dir()
    rules = css_rules((resources / "article.css").read_text(encoding="utf-8"))
    base = light_palette().color(ROLES.Base)
    if look == "dark":
        for selector, declarations in css_rules((resources / "article-dark.css").read_text(encoding="utf-8")).items():
            rules.setdefault(selector, {}).update(declarations)
        base = dark_palette().color(ROLES.Base)
    failing = []
    for fg_selector, bg_selector in ARTICLE_TEXT:
        color = rules.get(fg_selector, {}).get("color") or rules["body"]["color"]
        background = rules.get(bg_selector, {}).get("background-color") if bg_selector else None
        ratio = contrast_ratio(QColor(color), QColor(background) if background else base)
        if ratio < AA_TEXT:
            failing.append(f"{fg_selector} {color} on {background or base.name()}: {ratio:.2f}")
    assert failing == []


def test_every_checked_selector_exists(qapp) -> None:
    rules = css_rules((Path(paths.resources_dir()) / "article.css").read_text(encoding="utf-8"))
    assert [s for s, _ in ARTICLE_TEXT if s not in rules and s != "h1.title"] == []
