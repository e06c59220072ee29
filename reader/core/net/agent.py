"""Who Byline says it is on the wire: its User-Agent, the browser-like one, and the check of a user's own.

Kept apart from ``fetch`` so that the command line and the window can name
these without importing the HTTP stack (httpx costs ~40 ms to import, which a
``byline search`` or the window's first page should not pay).
"""

from __future__ import annotations

from reader import __version__
from reader.core.errors import InputError
from reader.i18n import _

USER_AGENT = f"Byline/{__version__} (+https://byline.invalid; desktop feed reader)"
#: What a feed may be asked with instead, for servers that turn away agents they do not know.
BROWSER_USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"

MAX_USER_AGENT = 512


def check_user_agent(text: str | None) -> str | None:
    """A User-Agent a feed may be asked with, trimmed; None (Byline's own) for an empty one.

    Raises:
        InputError: characters an HTTP header cannot carry, or longer than ``MAX_USER_AGENT``.
    """
    agent = (text or "").strip()
    if not agent:
        return None
    if len(agent) > MAX_USER_AGENT:
        raise InputError(_("a User-Agent is at most %(count)d characters") % {"count": MAX_USER_AGENT})
    if any(not (" " <= ch <= "~") for ch in agent):
        raise InputError(_("a User-Agent is plain ASCII text on one line"))
    return agent
