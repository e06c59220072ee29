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
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

STAR = "★"
STAR_COLOR = QColor("#b07f00")  # a warm gold: 3.6:1 on white, 4.7:1 on the dark base (WCAG AA for graphics)
AA_TEXT = 4.5  # WCAG 2.x AA: normal text against its background
AA_GRAPHIC = 3.0  # WCAG 2.x AA: large text and meaningful graphics (the star)
AAA_TEXT = 7.0  # WCAG 2.x AAA: what the high-contrast article stylesheet holds every text colour to

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


def flatten(fg: QColor, bg: QColor) -> QColor:
    """The opaque colour a translucent ``fg`` is drawn as on ``bg`` (Fusion's placeholder text is black at half alpha)."""
    alpha = fg.alphaF()
    if alpha >= 1.0:
        return QColor(fg)
    return QColor.fromRgbF(
        fg.redF() * alpha + bg.redF() * (1 - alpha),
        fg.greenF() * alpha + bg.greenF() * (1 - alpha),
        fg.blueF() * alpha + bg.blueF() * (1 - alpha),
    )


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of colour ``a`` drawn on ``b``, 1 (none) to 21 (black on white)."""
    high, low = sorted((luminance(flatten(a, b)), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable(fg: QColor, bg: QColor, minimum: float = AA_TEXT) -> QColor:
    """``fg``, moved towards black or white (whichever ``bg`` is farther from) until it reaches ``minimum`` on ``bg``.

    A translucent ``fg`` is judged (and returned, when it has to move) as it is drawn: flattened onto ``bg``.
    """
    if contrast_ratio(fg, bg) >= minimum:
        return QColor(fg)
    fg = flatten(fg, bg)
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


def hint_palette(palette: QPalette) -> QPalette:
    """``palette`` for a quiet help text on the window background: muted, but at AA (a disabled label is not)."""
    out = QPalette(palette)
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        muted = readable(palette.color(group, QPalette.ColorRole.PlaceholderText), palette.color(group, QPalette.ColorRole.Window))
        out.setColor(group, QPalette.ColorRole.WindowText, muted)
    return out


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


def prefers_high_contrast() -> bool:
    """Whether the desktop asks for high contrast (GNOME's, KDE's or Windows' setting, as Qt reports it)."""
    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication):
        return False
    hints = app.styleHints()  # held while its child is read: PySide drops the child's wrapper with a collected parent's
    accessibility = hints.accessibility()
    return accessibility.contrastPreference() == Qt.ContrastPreference.HighContrast


# Every selector article.css colours, grouped by what high contrast gives it (see high_contrast_css).
_HC_TEXT = (
    "body, h1, h2, h3, h4, h5, h6, .article-header h1, .byline-header h1, h1.title, blockquote, pre, "  # notr: CSS
    "figcaption, .figcaption, caption, .image-placeholder, .related-label, .article-header .meta, "
    ".byline-header .meta, .copy-switch, div.enclosures h3, div.enclosures .meta"
)
_HC_LINKS = "a, a.related, .article-header .meta a, .byline-header .meta a, a.original"  # notr: CSS
_HC_PLAIN_BACKGROUND = "pre, code, kbd, samp, pre code, th, .image-placeholder, p.related-line, td.related-cell"  # notr: CSS


def high_contrast_css(palette: QPalette) -> str:
    """Colour overrides for a high-contrast desktop: the palette's own text, links and base, nothing muted or tinted.

    Loaded after article.css (sizes and margins stay); the Related box keeps
    its bar, drawn in the text colour, and links are underlined so they do not
    rest on colour alone. Text and links are held to AAA (7:1) on the base.
    """
    base = palette.color(QPalette.ColorRole.Base)
    text = readable(palette.color(QPalette.ColorRole.Text), base, AAA_TEXT).name()
    link = readable(palette.color(QPalette.ColorRole.Link), base, AAA_TEXT).name()
    return (
        f"{_HC_TEXT} {{ color: {text}; }}\n"  # notr: CSS
        f"{_HC_LINKS} {{ color: {link}; text-decoration: underline; }}\n"
        f"{_HC_PLAIN_BACKGROUND} {{ background-color: {base.name()}; }}\n"
        f"td.related-bar {{ background-color: {text}; }}\n"
        f"hr, table, th, td {{ border-color: {text}; color: {text}; }}\n"
        f"div.enclosures {{ border-top: 1px solid {text}; }}\n"
    )


def article_stylesheet(css: tuple[str, str], palette: QPalette, *, high_contrast: bool = False) -> str:
    """The pane's stylesheet: article.css, plus article-dark.css on a dark palette (else the palette's colours).

    With ``high_contrast`` the colours come from ``high_contrast_css`` instead of either bundled look.
    """
    light, dark = css
    if high_contrast:
        return (light or palette_css(palette)) + "\n" + high_contrast_css(palette)
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
