"""Field cleaners shared by every feed reader: plain text, absolute links, names.

``parse.py`` (RSS/Atom through feedparser or the fast path) and ``jsonfeed.py``
read their documents differently but clean each field the same way here: titles
to one line of plain text, links to absolute http(s) URLs, author strings to
display names, categories deduplicated, lengths to non-negative ints.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit

MAX_TITLE_CHARS = 1000
MAX_CATEGORIES = 100

_INLINE_TAGS = frozenset(
    "a abbr b bdi bdo cite code del dfn em font i ins kbd mark q s samp small span strike strong sub sup tt u var".split()
)
_TAG = re.compile(r"<!--.*?-->|<(/?)([A-Za-z][A-Za-z0-9:-]*)[^<>]*>|<[!?][^<>]*>", re.S)
_EMAIL_THEN_NAME = re.compile(r"^\s*\S+@\S+\s*\((.+)\)\s*$")
_NAME_THEN_EMAIL = re.compile(r"^\s*(.+?)\s*[(<]\s*\S+@[^)>\s]+\s*[)>]\s*$")
# C0 and C1 control characters: never meaningful in a title, and ESC sequences
# would reach the terminal through the command line.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# An absolute http(s) URL that urljoin hands back unchanged, whatever the base:
# ASCII, no whitespace, no ";" params, no empty query or fragment.
# Controls no URL may hold (tab, LF and CR are dropped by urlsplit, as WHATWG says).
_URL_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PLAIN_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]+)?(?:/[^\s?#;\[\]]*)?(?:\?[^\s#]+)?(?:#\S+)?")


def _strip_tag(match: re.Match[str]) -> str:
    name = match.group(2)
    return "" if name is None or name.lower() in _INLINE_TAGS else " "


def plain_text(value: str, *, is_html: bool = True, limit: int = MAX_TITLE_CHARS) -> str:
    """Collapse ``value`` to one line of plain text, at most ``limit`` chars.

    HTML tags are dropped and entities decoded when ``is_html``; cheap enough to
    run on every title (regex, no parser tree).
    """
    if is_html:
        if "<" in value:
            value = _TAG.sub(_strip_tag, value)
        if "&" in value:
            value = html.unescape(value)
    return one_line(value)[:limit].rstrip()


def one_line(value: str) -> str:
    """Controls to spaces, whitespace runs to one space, ends trimmed."""
    if value.isprintable() and "  " not in value and value == value.strip():
        return value  # the common case: nothing to do (isprintable is False for every control and odd space)
    return " ".join(_CONTROL.sub(" ", value).split())


def is_plain_url(url: str) -> bool:
    """True for an absolute http(s) URL that ``urljoin`` returns as it is (skips the join)."""
    return url.isascii() and _PLAIN_URL.fullmatch(url) is not None


def absolute_url(url: object, base: str | None = None) -> str | None:
    """``url`` made absolute against ``base``; None unless it ends up http(s)."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    if not url or _URL_CONTROL.search(url):
        return None
    if is_plain_url(url):
        return url
    if base:
        try:
            url = urljoin(base, url)
        except ValueError:
            return None
    elif url.startswith("//"):
        url = "https:" + url
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def first_absolute_url(url: object, *bases: str | None) -> str | None:
    """``url`` resolved against the first base that makes it absolute."""
    for base in bases:
        if base:
            found = absolute_url(url, base)
            if found:
                return found
    return absolute_url(url)


def author_name(value: object) -> str | None:
    """One display name from "Name", "Name (email)", "email (Name)" or "Name <email>"."""
    if not isinstance(value, str):
        return None
    match = _EMAIL_THEN_NAME.match(value) or _NAME_THEN_EMAIL.match(value)
    if match:
        value = match.group(1)
    name = plain_text(value, limit=300)
    return name or None


def join_authors(names: Iterable[object]) -> str | None:
    """Distinct display names joined with ", ", or None when there are none."""
    seen: list[str] = []
    for raw in names:
        name = author_name(raw)
        if name and name not in seen:
            seen.append(name)
    return ", ".join(seen)[:MAX_TITLE_CHARS] if seen else None


def clean_categories(terms: Iterable[object]) -> tuple[str, ...]:
    """Category names, one line each, first spelling of each (case-blind), capped."""
    found: dict[str, str] = {}
    for term in terms:
        if isinstance(term, str):
            text = one_line(term)[:200]
            if text and text.casefold() not in found:
                found[text.casefold()] = text
                if len(found) >= MAX_CATEGORIES:
                    break
    return tuple(found.values())


def to_count(value: object) -> int | None:
    """A byte count or similar from an int, float or digit string; None if not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value == value and value not in (float("inf"), float("-inf")):
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    return value if isinstance(value, int) and value >= 0 else None
