"""feedparser 6.0's small normalizing rules, restated for the fast path.

URL joining and the safe-scheme check, content-type names, the text repair for
UTF-8 read as Latin-1 or cp1252, the author name/email split, tags, link and
enclosure dicts. Each rule mirrors what feedparser stores, so ``fastparse`` and
feedparser hand ``parse.py`` the same values (see its ``mixin.py`` and
``namespaces/_base.py``). Dates stay strings here: ``parse.py`` reads every
format's dates with ``feeds.dates``.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlparse

from reader.core.feeds.fields import is_plain_url

try:  # feedparser is the reference; without its mixin the fast path stays off
    from feedparser.mixin import _FeedParserMixin as FeedParserMixin
except ImportError:  # pragma: no cover - feedparser is a dependency
    FeedParserMixin = None

__all__ = [
    "FeedParserMixin",
    "add_tag",
    "available",
    "content_type",
    "enclosures",
    "join_url",
    "link_text",
    "move_href",
    "repair_text",
    "safe_absolute",
    "sync_author",
]

Dict = dict[str, Any]

_SAFE_SCHEMES = frozenset(
    "file ftp gopher h323 hdl http https imap magnet mailto mms news nntp prospero rsync rtsp rtspu sftp shttp "
    "sip sips snews svn svn+ssh telnet wais aim callto cvs facetime feed git gtalk irc ircs irc6 itms msnim "
    "skype ssh smb ymsg".split()
)
_URI_FIXER = re.compile(r"^([A-Za-z][A-Za-z0-9+-.]*://)(/*)(.*?)")
_AMP_REF = re.compile(r"&([A-Za-z0-9_]+);")
_EMAIL = re.compile(
    r"(([a-zA-Z0-9\_\-\.\+]+)@((\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.)|(([a-zA-Z0-9\-]+\.)+))"
    r"([a-zA-Z]{2,4}|[0-9]{1,3})(\]?))(\?subject=\S+)?"
)
_CP1252 = {c: bytes([c]).decode("cp1252") for c in range(128, 160) if c not in (129, 141, 143, 144, 157)}
_C1 = re.compile("[\x80-\x9f]")
_TYPE_NAMES = {"text": "text/plain", "plain": "text/plain", "html": "text/html", "xhtml": "application/xhtml+xml"}


def available() -> bool:
    """Whether feedparser's helpers imported (the fast path needs them)."""
    return FeedParserMixin is not None


# --- links ---------------------------------------------------------------------------


def join_url(base: str, uri: str) -> str:
    """feedparser's ``_urljoin``: ``uri`` against ``base``, "" when it cannot be joined."""
    if is_plain_url(uri):
        return uri
    uri = _URI_FIXER.sub(r"\1\3", uri)
    try:
        return urljoin(base, uri)
    except ValueError:
        return ""


def safe_absolute(base: str, rel: str | None) -> str:
    """feedparser's ``make_safe_absolute_uri``: the joined URL if its scheme is safe, else ""."""
    if not base:
        return rel or ""
    if not rel:
        try:
            scheme = urlparse(base)[0]
        except ValueError:
            return ""
        return base if not scheme or scheme in _SAFE_SCHEMES else ""
    uri = join_url(base, rel)
    return uri if uri.strip().split(":", 1)[0] in _SAFE_SCHEMES else ""


def move_href(link: Dict) -> None:
    """feedparser's link attributes: "url", else "uri", else "href" ends up as "href"."""
    href = link.get("url", link.get("uri", link.get("href")))
    if href:
        link.pop("url", None)
        link.pop("uri", None)
        link["href"] = href


def link_text(value: str, entry: bool) -> str:
    """A link given as element text, with feedparser's entity-reference undoing."""
    if entry:
        value = value.replace("&amp;", "&")
    return _AMP_REF.sub(r"&\1", value)


def enclosures(links: list[Dict]) -> list[Dict]:
    """An entry's enclosure links as feedparser lists them (without "rel")."""
    return [{k: v for k, v in link.items() if k != "rel"} for link in links if link["rel"] == "enclosure"]


# --- text ----------------------------------------------------------------------------


def content_type(value: str) -> str:
    """A ``type`` attribute as a media type ("html" -> "text/html")."""
    value = value.lower()
    return _TYPE_NAMES.get(value, value)


def repair_text(text: str) -> str:
    """Non-ASCII text repaired: UTF-8 read as Latin-1 decoded again, stray C1 controls as cp1252."""
    try:
        text = text.encode("iso-8859-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        pass
    if _C1.search(text):
        text = text.translate(_CP1252)
    return text


def sync_author(context: Dict, key: str = "author") -> None:
    """feedparser's ``_sync_author_detail``: name/email between the string and the detail."""
    details = context.get(key + "s") or [{}]
    detail = details[-1]
    if detail:
        name, email = detail.get("name"), detail.get("email")
        if name and email:
            context[key] = f"{name} ({email})"
        elif name:
            context[key] = name
        elif email:
            context[key] = email
        return
    author, email = context.get(key), None
    if not author:
        return
    match = _EMAIL.search(author)
    if match:
        email = match.group(0)
        author = author.replace(email, "").replace("()", "").replace("<>", "").replace("&lt;&gt;", "").strip()
        if author and author[0] == "(":
            author = author[1:]
        if author and author[-1] == ")":
            author = author[:-1]
        author = author.strip()
    if author or email:
        context.setdefault(key + "_detail", detail)
    if author:
        detail["name"] = author
    if email:
        detail["email"] = email


def add_tag(context: Dict, term: Any, scheme: Any, label: Any) -> None:
    """feedparser's ``_add_tag``: append a tag dict unless empty or already there."""
    tags = context.setdefault("tags", [])
    if not term and not scheme and not label:
        return
    value = {"term": term, "scheme": scheme, "label": label}
    if value not in tags:
        tags.append(value)
