"""What a server's answer means: status lines that say what the user can do, Retry-After, Cache-Control."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http import HTTPStatus

from reader.core.net.proxy import ProxyServer
from reader.i18n import _


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date); None if absent or unreadable."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(int(text))
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = now or datetime.now(UTC)
    return max(0.0, (when - current).total_seconds())


def parse_max_age(value: str | None) -> int | None:
    """The max-age of a Cache-Control header, in seconds."""
    if not value:
        return None
    for part in value.split(","):
        name, _, arg = part.strip().partition("=")
        if name.strip().lower() == "max-age":
            arg = arg.strip().strip('"')
            if arg.isdigit():
                return int(arg)
    return None


def reason_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return _("error")


def status_message(
    status: int, *, retry_after: float | None = None, login_sent: bool = False, proxy: ProxyServer | None = None
) -> str:
    """The one-line message for an HTTP error status; for 401, 403, 407 and 429 it says what the user can do."""
    retry = _(" (retry after %(seconds)d s)") % {"seconds": int(retry_after)} if retry_after is not None else ""
    if status == 410:
        return _("the feed is gone: the server answered 410 Gone (it was removed for good)")
    if status == 401 and login_sent:
        return _(
            "the server did not accept the user name and password (401 Unauthorized): check them "
            "with Log In… in the feed's menu, or: byline login FEED_ID --user NAME"
        )
    if status == 401:
        return _(
            "the feed needs a login (the server answered 401 Unauthorized): give it your user name and password "
            "with Log In… in the feed's menu, or: byline login FEED_ID --user NAME"
        )
    if status == 403:
        return _(
            "the server refused access (403 Forbidden); some sites turn away programs they do not know: "
            "ask as a web browser with User Agent → A Web Browser’s in its menu, or: byline user-agent FEED_ID browser"
        )
    if status == 407:
        where = _("the proxy %(proxy)s") % {"proxy": proxy.label} if proxy is not None else _("the proxy")
        return _(
            "%(proxy)s wants a login (407 Proxy Authentication Required): set its user name and password "
            "in Preferences → Network, or: byline proxy ADDRESS --user NAME"
        ) % {"proxy": where}
    if status == 429:
        return _(
            "the server says Byline asks too often (429 Too Many Requests)%(retry)s; it is left alone until then "
            "— a longer interval for this feed (Check Every… in its menu) keeps it from happening again"
        ) % {"retry": retry}
    message = _("server answered %(status)s%(retry)s") % {"status": f"{status} {reason_phrase(status)}", "retry": retry}
    if proxy is not None and status in (502, 504):
        message += _(" through the proxy %(proxy)s") % {"proxy": proxy.label}
    return message


__all__ = ["parse_max_age", "parse_retry_after", "reason_phrase", "status_message"]
