"""Element and attribute names as feedparser sees them, and what the fast path does with each.

feedparser dispatches on a name made of its standard prefix for a known
namespace and the lower-cased local name ("dc:creator", "content:encoded");
``name_of`` and ``attrs_of`` compute the same names from lxml elements. The
name sets below sort elements into read, harmlessly ignored or declined;
anything the fast path does not model raises ``Decline`` and the document goes
to feedparser.
"""

from __future__ import annotations

from typing import Any

from reader.core.feeds.fastpath.rules import FeedParserMixin

Dict = dict[str, Any]

_KNOWN: dict[str, str] = (
    {k.lower(): v for k, v in FeedParserMixin.namespaces.items()} if FeedParserMixin is not None else {}
)
_STD_PREFIXES = frozenset(v.lower() for v in _KNOWN.values() if v)

# Keys whose text feedparser resolves as a URL against xml:base.
RELATIVE = frozenset("comments docs href icon id link logo url wfw_comment wfw_commentrss".split())
# Generic (handler-less) element names whose value parse.py reads, or that would
# land on a key something else reads or tests.
READ_GENERIC = frozenset(("icon", "logo", "ttl", "sy_updateperiod", "sy_updatefrequency"))
SENSITIVE = frozenset(
    "title title_detail link links image subtitle subtitle_detail authors author author_detail summary "
    "summary_detail content id tags published_parsed updated_parsed guidislink href textinput source "
    "tagline tagline_detail description description_detail guid category enclosures".split()
)
# Elements with a feedparser handler that only touch keys parse.py never reads.
INERT_LEAVES = frozenset(
    "language dc:language webmaster dc:publisher rights copyright dc:rights generator admin:generatoragent "
    "admin:errorreportsto published pubdate issued dcterms:issued updated modified lastbuilddate dc:date "
    "dcterms:modified created dcterms:created expirationdate cloud itunes:explicit itunes:block "
    "media:thumbnail media:content info feedburner:browserfriendly newlocation".split()
)
FEED_ONLY_INERT = frozenset("category keywords dc:subject itunes:keywords media:category itunes:category".split())
ENTRY_INERT = frozenset(("itunes:image", "itunes:subtitle", "subtitle", "tagline", "itunes:link"))
AUTHORS = frozenset(("author", "managingeditor", "dc:creator", "dc:author", "itunes:author"))
AUTHOR_PARTS = frozenset(("name", "email", "uri", "url", "homepage"))
DATE_PUBLISHED = frozenset(("published", "pubdate", "issued", "dcterms:issued"))
DATE_UPDATED = frozenset(("updated", "modified", "lastbuilddate", "dc:date", "dcterms:modified"))


class Decline(Exception):
    """The document uses something the fast path does not model."""


def prefixes_agree(declared: list[tuple[str | None, str]]) -> bool:
    """Whether feedparser would map every declared prefix the way we do.

    One URI per prefix in the whole document, one prefix per unknown URI, and a
    known namespace may not hide behind another namespace's standard prefix.
    """
    seen: dict[str | None, str] = {}
    for prefix, uri in declared:
        if seen.setdefault(prefix, uri) != uri:
            return False
    uris = list(seen.values())
    for prefix, uri in seen.items():
        std = _KNOWN.get(uri.lower())
        if "backend.userland.com/rss" in uri.lower():
            return False
        if prefix and std is not None and prefix.lower() != std.lower() and prefix.lower() in _STD_PREFIXES:
            return False
        if prefix and std is None and prefix.lower() in _STD_PREFIXES:
            return False
        if std is None and uris.count(uri) > 1:
            return False
    return True


NAMES: dict[str, str] = {}  # tag -> name, for tags whose name does not depend on the prefix


def name_of(el: Any) -> str:
    """The element name feedparser dispatches on ("dc:creator", "title", ...)."""
    tag = el.tag
    found = NAMES.get(tag)
    if found is not None:
        return found
    if not isinstance(tag, str):
        raise Decline
    if tag[0] != "{":
        name = tag.lower()
    else:
        ns, _, local = tag[1:].partition("}")
        std = _KNOWN.get(ns.lower())
        if std is None:
            prefix = el.prefix
            return f"{prefix}:{local.lower()}" if prefix else local.lower()
        name = f"{std.lower()}:{local.lower()}" if std else local.lower()
    if len(NAMES) < 10_000:
        NAMES[tag] = name
    return name


def key_of(name: str) -> str:
    """The dict key feedparser stores a handler-less element under ("dc:x" -> "dc_x")."""
    return name.replace(":", "_", 1)


def _generic(name: str) -> bool:
    """True when feedparser has no handler for ``name`` (it stores the text under it)."""
    key = key_of(name)
    assert FeedParserMixin is not None
    return not (hasattr(FeedParserMixin, "_start_" + key) or hasattr(FeedParserMixin, "_end_" + key))


_GENERIC_CACHE: dict[str, bool] = {}


def is_generic(name: str) -> bool:
    """``_generic``, remembered per name."""
    found = _GENERIC_CACHE.get(name)
    if found is None:
        found = _GENERIC_CACHE[name] = _generic(name)
    return found


def attrs_of(el: Any) -> Dict:
    """Attributes as feedparser's strict parser hands them over (lower-case keys)."""
    out: Dict = {}
    for key, value in el.attrib.items():
        if key[0] == "{":
            ns, _, local = key[1:].partition("}")
            std = _KNOWN.get(ns.lower(), "")
            key = f"{std}:{local}" if std else local
        key = key.lower()
        out[key] = value.lower() if key in ("rel", "type") else value
    return out


def check_inert_tree(el: Any, name: str) -> None:
    """An element from ``INERT_LEAVES`` or ``FEED_ONLY_INERT``: decline if it has children we would have to read."""
    if name in ("itunes:category",):
        for child in el:
            if name_of(child) != "itunes:category":
                raise Decline
            check_inert_tree(child, "itunes:category")
    elif len(el):
        raise Decline


def check_inert_generic(el: Any) -> None:
    """A handler-less element: fine if its whole subtree is handler-less too."""
    for child in el:
        name = name_of(child)
        key = key_of(name)
        if not is_generic(name) or key in SENSITIVE or key in READ_GENERIC:
            raise Decline
        if len(child.attrib):
            attrs = attrs_of(child)
            if "xml:base" in attrs or "base" in attrs:
                raise Decline
        check_inert_generic(child)
