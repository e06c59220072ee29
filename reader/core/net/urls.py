"""Which URLs Byline will subscribe to, and why it refuses the rest.

Feed URLs come from strangers (OPML files, pasted text, redirects). Only http
and https are fetched; pseudo-URLs that other readers run as commands
(newsboat's ``exec:`` and ``filter:``, a leading ``|``) and local or inline
schemes are refused with a reason. Nothing here ever reaches a shell.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit, urlunsplit

from reader.core.errors import UnsafeURLError
from reader.core.secrets import Login
from reader.i18n import N_, _

_REFUSED = {
    "exec": N_("runs a command"),
    "filter": N_("runs a command"),
    "query": N_("is a newsboat query feed, not a URL"),
    "file": N_("reads a local file (use a path to add a local feed file)"),
    "data": N_("inline data is not a feed address"),
    "javascript": N_("runs script"),
    "vbscript": N_("runs script"),
}


def check_feed_url(url: str) -> str:
    """Return the trimmed URL if Byline may fetch it.

    Raises:
        UnsafeURLError: with the reason, for anything but a plain http(s) URL.
    """
    cleaned = (url or "").strip()
    shown = without_credentials(cleaned)[:80]  # messages never repeat a password
    if not cleaned:
        raise UnsafeURLError(_("empty URL"))
    shown_url = {"url": repr(shown)}
    if cleaned.startswith("|"):
        raise UnsafeURLError(_("refused %(url)s: a piped command, not a URL") % shown_url)
    if any(ch in cleaned for ch in "\x00\r\n\t"):
        raise UnsafeURLError(_("refused %(url)s: control characters in URL") % shown_url)
    try:
        parts = urlsplit(cleaned)
        host = parts.hostname
    except ValueError as err:
        raise UnsafeURLError(_("refused %(url)s: not a valid URL (%(err)s)") % {**shown_url, "err": err}) from err
    scheme = parts.scheme.lower()
    if scheme in _REFUSED:
        raise UnsafeURLError(_("refused %(url)s: %(scheme)s: %(why)s") % {**shown_url, "scheme": scheme, "why": _(_REFUSED[scheme])})
    if scheme not in ("http", "https"):
        named = scheme + ":" if scheme else _("no scheme")
        raise UnsafeURLError(_("refused %(url)s: only http and https feeds are supported (%(scheme)s)") % {**shown_url, "scheme": named})
    if not host:
        raise UnsafeURLError(_("refused %(url)s: no host name") % shown_url)
    if any(ch.isspace() for ch in host):
        raise UnsafeURLError(_("refused %(url)s: spaces in the host name") % shown_url)
    return cleaned


_HAS_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:(?![0-9])")


def normalize_feed_address(text: str) -> str:
    """What the user typed or pasted -> the http(s) URL Byline fetches.

    The one normalizer for adding a feed and for discovery: browsers' ``feed:``
    forms are unwrapped, an address without a scheme ("example.org/feed.xml",
    "localhost:8080/rss") gets ``https://``, and the result must pass
    ``check_feed_url``.

    Raises:
        UnsafeURLError: the address is empty or uses a scheme Byline refuses.
    """
    cleaned = unwrap_feed_scheme((text or "").strip())
    if cleaned and not cleaned.startswith(("|", "/", "\\")) and not _HAS_SCHEME.match(cleaned):
        cleaned = "https://" + cleaned.lstrip("/")
    return check_feed_url(cleaned)


def split_credentials(url: str) -> tuple[str, Login | None]:
    """Move a user name and password out of a URL.

    "https://ann:pw@example.org/feed" -> ("https://example.org/feed", Login("ann", "pw")).
    Percent-escapes in the user name and password are decoded; a URL with a
    user name and no password gives a Login whose password is "" (ask for it).
    A URL without either comes back unchanged, with None.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return url, None
    if "@" not in parts.netloc:
        return url, None
    userinfo, _, hostport = parts.netloc.rpartition("@")
    user, _, password = userinfo.partition(":")
    clean = urlunsplit(parts._replace(netloc=hostport))
    if not user and not password:
        return clean, None
    return clean, Login(unquote(user), unquote(password))


_USERINFO = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@")


def without_credentials(text: str) -> str:
    """A URL (or what was meant as one) with any ``user:password@`` dropped, for messages and lists."""
    return _USERINFO.sub(r"\1", text.strip())


def origin_of(url: str) -> str:
    """scheme://host:port — the unit per-host limits and icon look-ups are shared by."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{(parts.hostname or url).lower()}:{parts.port or ''}"


def host_of(url: str) -> str:
    """The URL's host name, lower-cased (the URL itself when it has none)."""
    return (urlsplit(url).hostname or url).lower()


def is_safe_link(url: str | None) -> bool:
    """True for the link schemes the article pane may follow (http, https, mailto)."""
    if not url:
        return False
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return False
    return scheme in ("http", "https", "mailto")


def unwrap_feed_scheme(url: str) -> str:
    """Browsers hand feed links over as ``feed://host/x`` or ``feed:https://host/x``."""
    if url.startswith(("feed:http://", "feed:https://")):
        return url[len("feed:"):]
    if url.startswith("feed://"):
        return "http://" + url[len("feed://"):]
    return url


_TRACKING = re.compile(r"^(?:utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid|ref|ref_src|cmpid|ocid|smid|rss)$", re.IGNORECASE)


def link_variants(url: str) -> list[str]:
    """Spellings of the same article link, the given one first.

    A publisher's link to its own story and the link its feed carries differ in
    small ways: http or https, "www.", a trailing slash, a #fragment, tracking
    parameters. Used to find a linked story in the library; never to fetch.
    """
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError:
        return [url]
    if parts.scheme.lower() not in ("http", "https") or not host:
        return [url]
    netloc = host + (f":{parts.port}" if parts.port else "")
    hosts = [netloc, netloc[4:]] if netloc.startswith("www.") else [netloc, "www." + netloc]
    kept = [p for p in parts.query.split("&") if p and not _TRACKING.match(p.split("=", 1)[0])]
    queries = list(dict.fromkeys([parts.query, "&".join(kept)]))
    path = parts.path or "/"
    paths = [path, path.rstrip("/") or "/", path if path.endswith("/") else path + "/"]
    out = [url.strip()]
    for scheme in ("https", "http"):
        for h in hosts:
            for p in dict.fromkeys(paths):
                for q in queries:
                    out.append(f"{scheme}://{h}{p}" + (f"?{q}" if q else ""))
    return list(dict.fromkeys(out))


# The bundled sample feeds have addresses of their own, the same on every machine
# and every install, so an OPML export of them imports anywhere Byline runs.
SAMPLE_PREFIX = "byline:sample/"
_SAMPLE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


def sample_name(url: str) -> str | None:
    """The file name of a sample feed address (``byline:sample/NAME``), else None."""
    if not url.startswith(SAMPLE_PREFIX):
        return None
    name = url[len(SAMPLE_PREFIX) :]
    return name if _SAMPLE_NAME.match(name) and ".." not in name else None
