"""The window's shared visuals: palettes, colours, fonts and the article stylesheets.

Everything here is a value or a pure function of Qt values (no widgets are
built), so the panes agree on one star colour, one dark palette and one way of
choosing the article CSS. The article stylesheets themselves live in
``reader/resources/`` (article.css, article-dark.css); ``palette_css`` stands in when
they are missing.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

STAR = "★"
STAR_COLOR = QColor("#b07f00")  # a warm gold: 3.6:1 on white, 4.7:1 on the dark base (WCAG AA for graphics)
AA_TEXT = 4.5  # WCAG 2.x AA: normal text against its background
AA_GRAPHIC = 3.0  # WCAG 2.x AA: large text and meaningful graphics (the star)

DARK_COLORS: dict[QPalette.ColorRole, str] = {
    QPalette.ColorRole.Window: "#24272b",
    QPalette.ColorRole.WindowText: "#dfe2e6",
    QPalette.ColorRole.Base: "#1b1d20",
    QPalette.ColorRole.AlternateBase: "#222529",
    QPalette.ColorRole.ToolTipBase: "#2d3136",
    QPalette.ColorRole.ToolTipText: "#dfe2e6",
    QPalette.ColorRole.PlaceholderText: "#8b929b",
    QPalette.ColorRole.Text: "#dfe2e6",
    QPalette.ColorRole.Button: "#2d3136",
    QPalette.ColorRole.ButtonText: "#dfe2e6",
    QPalette.ColorRole.BrightText: "#ffffff",
    QPalette.ColorRole.Highlight: "#2f65a8",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#8cb8f0",
    QPalette.ColorRole.Light: "#3a3f45",
    QPalette.ColorRole.Midlight: "#32363b",
    QPalette.ColorRole.Mid: "#2a2d31",
    QPalette.ColorRole.Dark: "#141517",
    QPalette.ColorRole.Shadow: "#000000",
}
DARK_DISABLED_TEXT = "#6b7178"


def luminance(color: QColor) -> float:
    """WCAG relative luminance of an sRGB colour (0 black .. 1 white)."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + 0.0722 * channel(color.blueF())


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours, 1 (none) to 21 (black on white)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable(fg: QColor, bg: QColor, minimum: float = AA_TEXT) -> QColor:
    """``fg``, moved towards black or white (whichever ``bg`` is farther from) until it reaches ``minimum`` on ``bg``."""
    if contrast_ratio(fg, bg) >= minimum:
        return QColor(fg)
    target = QColor("#000000") if luminance(bg) > 0.18 else QColor("#ffffff")
    for step in range(1, 21):
        t = step / 20
        mixed = QColor.fromRgbF(
            fg.redF() + (target.redF() - fg.redF()) * t,
            fg.greenF() + (target.greenF() - fg.greenF()) * t,
            fg.blueF() + (target.blueF() - fg.blueF()) * t,
        )
        if contrast_ratio(mixed, bg) >= minimum:
            return mixed
    return target


def accessible_palette(palette: QPalette) -> QPalette:
    """``palette`` with selection, placeholder and link colours brought up to WCAG AA where they fall short.

    A selected row's text must read on the selection colour (Fusion's default
    blue gives white text only 3.7:1), so the selection is darkened (or
    lightened) against its text; secondary text and links are moved against
    their base. Colours that already pass are kept as the theme gave them.
    """
    out = QPalette(palette)

    def keep_readable(group: QPalette.ColorGroup, role: QPalette.ColorRole, against: QColor) -> None:
        color = palette.color(group, role)
        better = readable(color, against)
        if better != color:  # only what changes is set, so the rest keeps following the theme
            out.setColor(group, role, better)

    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        keep_readable(group, QPalette.ColorRole.Highlight, palette.color(group, QPalette.ColorRole.HighlightedText))
        base = palette.color(group, QPalette.ColorRole.Base)
        for role in (QPalette.ColorRole.PlaceholderText, QPalette.ColorRole.Link, QPalette.ColorRole.Text):
            keep_readable(group, role, base)
    return out


def muted_text(palette: QPalette) -> QColor:
    """Secondary text (the feed beside a search hit, the tree's counts) that still reads at AA on the base."""
    return readable(palette.color(QPalette.ColorRole.PlaceholderText), palette.color(QPalette.ColorRole.Base))


def dark_palette() -> QPalette:
    """A dark palette for Fusion (used when asked for dark and the platform has none, e.g. offscreen)."""
    palette = QPalette()
    for role, color in DARK_COLORS.items():
        palette.setColor(role, QColor(color))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(DARK_DISABLED_TEXT))
    return palette


def apply_theme(app: QApplication, theme: str) -> None:
    """Colours for the whole application: "dark", "light", or "system" (the desktop's, followed live)."""
    hints = app.styleHints()
    if theme == "dark":
        hints.setColorScheme(Qt.ColorScheme.Dark)
        app.setPalette(dark_palette())
    elif theme == "light":
        hints.setColorScheme(Qt.ColorScheme.Light)
        app.setPalette(app.style().standardPalette())
    else:
        hints.unsetColorScheme()
        app.setPalette(QPalette())


def is_dark(palette: QPalette) -> bool:
    """Whether text is drawn on a dark base (the article pane then adds article-dark.css)."""
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def load_css(resources: Path) -> tuple[str, str]:
    """The bundled article stylesheets (light, dark overrides); empty strings when absent."""

    def read(name: str) -> str:
        try:
            return (resources / name).read_text(encoding="utf-8")
        except OSError:
            return ""

    return read("article.css"), read("article-dark.css")


def palette_css(palette: QPalette) -> str:
    """Fallback article rules from the system palette, used when article.css is missing."""
    text = palette.color(QPalette.ColorRole.Text).name()
    link = palette.color(QPalette.ColorRole.Link).name()
    muted = palette.color(QPalette.ColorRole.PlaceholderText).name()
    dark = is_dark(palette)
    tint = "#253141" if dark else "#eef3f9"
    bar = "#4f78a8" if dark else "#7da2cf"
    return (
        f"body {{ color: {text}; }}\n"
        f"a {{ color: {link}; text-decoration: none; }}\n"
        f".byline-header .meta, .copy-switch, .image-placeholder, .related-label {{ color: {muted}; }}\n"
        f"p.related-line {{ background-color: {tint}; margin: 1em 0.8em; line-height: 170%; }}\n"
        "table.related-box { border-width: 0; margin-top: 1.1em; margin-bottom: 1.3em; }\n"
        "table.related-box td { border-width: 0; }\n"
        f"td.related-bar {{ background-color: {bar}; padding: 0; width: 3px; }}\n"
        f"td.related-cell {{ background-color: {tint}; padding: 7px 12px; }}\n"
        "td.related-cell p.related-line { margin: 0; line-height: 140%; }\n"
        "h1.title { font-size: x-large; font-weight: 600; margin-bottom: 0.3em; }\n"
        ".byline-header .meta, .copy-switch, .related-label { font-size: small; }\n"
        "a.related, .related-label { font-weight: 600; }\n"
        ".related-label { text-transform: uppercase; }\n"
        "p { line-height: 150%; margin-bottom: 0.9em; }\n"
    )


def article_stylesheet(css: tuple[str, str], palette: QPalette) -> str:
    """The pane's stylesheet: article.css, plus article-dark.css on a dark palette (else the palette's colours)."""
    light, dark = css
    if not light:
        return palette_css(palette)
    return light + ("\n" + dark if dark and is_dark(palette) else "")


def article_font(base: QFont, point_size: int) -> QFont:
    """The article pane's font: ``base`` at ``point_size`` (0 keeps the base size, i.e. the system's)."""
    font = QFont(base)
    if point_size > 0:
        font.setPointSize(point_size)
    return font


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` literally (Qt would guess rich text otherwise)."""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>" if text else ""
