"""What the content tests share: the sample data folder, a safety check, link and headline pickers."""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from reader.core.content.callouts import find_callouts

DATA = Path(__file__).resolve().parents[2] / "data"

_UNSAFE_URL = re.compile(r"^\s*(?:javascript|vbscript|data|file)\s*:", re.IGNORECASE)
_FORBIDDEN_TAGS = {"script", "style", "iframe", "object", "embed", "form", "input", "button", "svg", "math"}


def assert_safe(html: str) -> None:
    """No script element, event handler, style attribute or unsafe URL, by parse and by text."""
    assert "<script" not in html.lower()
    for tag in re.findall(r"<[^>]*>", html):
        assert not re.search(r"\son[a-z]+\s*=", tag, re.IGNORECASE), tag
        assert not re.search(r"\sstyle\s*=", tag, re.IGNORECASE), tag
    if not html.strip():
        return
    root = etree.fromstring(f"<html><body>{html}</body></html>", etree.HTMLParser())
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        assert el.tag.lower() not in _FORBIDDEN_TAGS, el.tag
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), (el.tag, name)
            if name.lower() in ("href", "src", "xlink:href", "action", "background", "srcset"):
                assert not _UNSAFE_URL.match(value), (el.tag, name, value)


def related_links(html: str) -> list[tuple[str, str]]:
    """(headline, href) of every rendered related link, in order."""
    root = etree.fromstring(f"<html><body>{html}</body></html>", etree.HTMLParser())
    return [("".join(a.itertext()), a.get("href")) for a in root.iter("a") if a.get("class") == "related"]


def headlines(html: str) -> list[str]:
    return [c.headline for c in find_callouts(html)]


# A callout headline and its own link, used across the rendering tests.
H = "Harbour works to close the north pier"
URL = "https://news.example.org/2024/05/pier"
