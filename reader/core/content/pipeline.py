"""The two moments of an article body: ``prepare`` at ingest, ``render`` at display.

* ``prepare`` runs on every refreshed entry. It sanitizes with an allowlist
  (``sanitizer``), makes relative URLs absolute, drops WordPress-style crumbs
  (``crumbs``) while keeping their category names, and turns plain-text bodies
  into paragraphs (``text``).
* ``render`` runs at display time; the article pane and ``byline show --html``
  receive exactly its output, byte for byte. It sanitizes again (so it is safe
  on any input), turns every callout (``callouts``) into the box the pane shows
  (``callout_box``: a one-row table holding a ``<p class="related-line">`` with
  a "Related" label and the ``<a class="related">`` link), shows images the
  library kept from their local copies, and optionally swaps the others for
  quiet placeholders so nothing remote is loaded.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import quote

from lxml import etree

from reader.core.content.callouts import FoundCallout, detach_trailing, find_in_tree
from reader.core.content.crumbs import drop_crumbs, may_have_crumbs
from reader.core.content.htmltree import collapse, drop_element, parse_fragment, replace_element, serialize
from reader.core.content.images import is_tracking_pixel
from reader.core.content.sanitizer import sanitize, sanitize_for_display
from reader.core.content.text import html_text, text_to_html
from reader.core.models import ArticleImage, Rendered
from reader.i18n import N_, _

__all__ = ["RELATED_LABEL", "Prepared", "callout_box", "prepare", "render"]

RELATED_LABEL = N_("Related")  # the small caption above a callout's headline (translated where it is put)


@dataclass(frozen=True)
class Prepared:
    """An entry body after ingest: what the store keeps.

    Attributes:
        html: sanitized HTML with absolute URLs, crumbs removed.
        text: plain text for search and ``show --text``.
        categories: category names recovered from dropped crumbs.
    """

    html: str
    text: str
    categories: tuple[str, ...] = ()


# --- the two entry points ----------------------------------------------------------------


def prepare(body: str, *, is_html: bool = True, base_url: str | None = None) -> Prepared:
    """Ingest an entry body: sanitize, absolutize URLs against ``base_url``, drop crumbs.

    Plain-text bodies (``is_html=False``) become paragraphs (blank lines split them,
    single newlines become <br>) with bare http(s) URLs made links.
    """
    if not body or not body.strip():
        return Prepared("", "", ())
    source = body if is_html else text_to_html(body)
    clean = sanitize(source, base_url)
    if not clean.strip():
        return Prepared("", "", ())
    text = html_text(clean)
    categories: tuple[str, ...] = ()
    if may_have_crumbs(text, clean):
        tree = parse_fragment(clean)
        categories, dropped = drop_crumbs(tree)
        if dropped:
            clean = serialize(tree)
            text = html_text(clean)
    return Prepared(clean, text, categories)


def _related_href(found: FoundCallout, resolve: Callable[[str], int | None] | None) -> str:
    if found.href:
        return found.href
    if resolve is not None:
        article_id = resolve(found.headline)
        if article_id is not None:
            return f"byline:article/{int(article_id)}"
    return "byline:related?q=" + quote(found.headline, safe="")


def _related_line(headline: str, href: str) -> etree._Element:
    p = etree.Element("p", {"class": "related-line"})
    a = etree.SubElement(p, "a", {"class": "related", "href": href})
    a.text = headline
    return p


def callout_box(line: etree._Element) -> etree._Element:
    """Put a related line (``_related_line``) in the box the pane shows, in place; returns the box.

    Qt's rich text pads and tints table cells but not paragraphs, and draws no
    border beside a paragraph, so the box is a one-row table: a thin accent
    cell, then a tinted cell holding the line, whose "Related" label sits over
    the headline. The link itself stays ``<a class="related">`` with the
    headline as its whole text (CONTRACT.md, "Rendered HTML"); article.css
    styles every class named here.
    """
    box = etree.Element("table", {"class": "related-box", "width": "100%", "cellspacing": "0", "cellpadding": "0"})
    replace_element(line, box)
    row = etree.SubElement(box, "tr")
    etree.SubElement(row, "td", {"class": "related-bar", "width": "3"})
    cell = etree.SubElement(row, "td", {"class": "related-cell"})
    cell.append(line)
    label = etree.Element("span", {"class": "related-label"})
    label.text = _(RELATED_LABEL)
    line.insert(0, label)
    line.insert(1, etree.Element("br"))
    return box


def _placeholder(img: etree._Element, note: str | None = None) -> etree._Element:
    span = etree.Element("span", {"class": "image-placeholder"})
    alt = collapse(img.get("alt") or "")
    values = {"alt": alt, "note": note}
    if alt:
        span.text = (_("[image: %(alt)s — not kept: %(note)s]") if note else _("[image: %(alt)s]")) % values
    else:
        span.text = (_("[image — not kept: %(note)s]") if note else _("[image]")) % values
    return span


def _swap_images(tree: etree._Element, kept: Mapping[str, ArticleImage], remote: bool) -> bool:
    """Kept images to their local address, tracking pixels out, others to placeholders unless ``remote`` and on the web.

    Returns whether anything changed.
    """
    changed = False
    for img in list(tree.iter("img")):
        src = (img.get("src") or "").strip()
        record = kept.get(src)
        local = record.local_url if record is not None else None
        if local is not None:
            img.set("src", local)
        elif is_tracking_pixel(img):
            drop_element(img)
        elif remote and src.lower().startswith(("http://", "https://")):
            continue
        else:  # not allowed, or nothing a viewer could load (no address, a relative one): say what it was
            replace_element(img, _placeholder(img, record.note if record is not None else None))
        changed = True
    return changed


def _blockify_figures(tree: etree._Element) -> None:
    """Qt's rich text lays <figure> out inline; the pane needs blocks (styled by article.css)."""
    for el in list(tree.iter("figure", "figcaption")):
        if el.tag == "figure":
            el.tag = "div"
            el.set("class", "figure")
        else:
            el.tag = "p"
            el.set("class", "figcaption")


def render(
    html: str,
    *,
    resolve: Callable[[str], int | None] | None = None,
    images: bool = True,
    kept: Mapping[str, ArticleImage] | None = None,
) -> Rendered:
    """Display an article body: sanitized, callouts boxed as related links, images optional.

    Safe on any input (it sanitizes first), but meant for ``prepare``'s HTML: it
    does not resolve relative URLs. ``resolve`` maps a headline to a library
    article id (it should match on ``normalize_headline``). The text is the
    body's words before the boxes and placeholders are added (a callout reads
    as its headline alone). ``kept`` maps image addresses to the library's
    records of them: a kept image is shown from its local address
    (``byline:image/<sha256>``) whatever ``images`` says, and a refused one's
    placeholder says why. An image declared at most 2×2 pixels (a tracking
    pixel) is left out either way.
    """
    if not html or not html.strip():
        return Rendered("", "")
    tree = parse_fragment(sanitize_for_display(html))
    lines: list[etree._Element] = []
    for found in find_in_tree(tree) if "[" in html else []:
        line = _related_line(found.headline, _related_href(found, resolve))
        lines.append(line)
        if found.anchor is not None:
            detach_trailing(found)
            if found.block.tag in ("li", "dd"):
                found.block.append(line)
            else:
                found.block.addnext(line)
                line.tail, found.block.tail = found.block.tail, None
        elif found.block.tag in ("li", "dd"):
            for child in list(found.block):
                found.block.remove(child)
            found.block.text = None
            found.block.append(line)
        else:
            replace_element(found.block, line)
    if "<figure" in html:
        _blockify_figures(tree)
    out = serialize(tree)
    text = html_text(out)  # the article's words: a callout is its headline, without the box's label
    for line in lines:
        callout_box(line)
    swapped = "<img" in out and _swap_images(tree, kept or {}, images)
    if lines or swapped:
        out = serialize(tree)
    return Rendered(out, text)
