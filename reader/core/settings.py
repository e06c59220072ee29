"""The user's preferences, one frozen dataclass used by the library, the CLI and the window.

Settings are stored one key per field in the library's ``settings`` table (as
JSON). ``Settings.from_stored`` reads whatever is there, keeps the defaults for
missing or ill-typed values, and ignores keys it does not know (a newer
Byline's, say), so a library always opens.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from reader.core.errors import InputError

DEFAULT_WORKERS = 16  # concurrent fetches of a refresh; bench/fetch_concurrency.py
PROXY_MODES = ("system", "none", "manual")
PROXY_KINDS = ("http", "socks5")
PROXY_KEYS = ("proxy_mode", "proxy_kind", "proxy_host", "proxy_port", "proxy_exceptions")
NOTIFICATION_MODES = ("off", "summary", "rules")


@dataclass(frozen=True)
class Settings:
    """Every preference, with its default.

    Attributes:
        refresh_interval_minutes: how often the window refreshes due feeds (0: never on its own).
        images: load remote images in articles (a feed may say otherwise).
        retention_days: delete unsaved articles older than this after a refresh (0 keeps all).
        font_size: the article pane's font size in points (0 follows the system font).
        mark_read_delay_ms: how long an article is shown before it is marked read.
        workers: requests in flight at once during a refresh, over all sites;
            any one site (scheme, host, port) gets at most ``FetchLimits.per_host`` (8) of them.
        theme: the window's colours: "system" (follow the desktop), "light" or "dark".
        proxy_mode: "system" (the environment's HTTP_PROXY, HTTPS_PROXY,
            ALL_PROXY, NO_PROXY), "none" (always direct) or "manual" (the proxy below).
        proxy_kind: the manual proxy's protocol, "http" or "socks5".
        proxy_host, proxy_port: the manual proxy (its login is in the secrets store).
        proxy_exceptions: hosts the manual proxy is not used for (NO_PROXY syntax).
        notifications: after a refresh, one desktop notification: "summary" (new articles
            per feed and per notify rule), "rules" (only what notify rules matched), or "off".
        keep_in_tray: closing the window keeps Byline running in the system tray
            (refreshing on schedule) instead of quitting.
        shortcuts: the user's own keys, (action name, key sequence) pairs; an empty key
            clears the action's key. Actions not named keep their default key.
        language: the window's language (``de``, ``pt_BR``); empty follows the system (LANG, LC_MESSAGES).
    """

    refresh_interval_minutes: int = 60
    images: bool = False
    retention_days: int = 0
    font_size: int = 0
    mark_read_delay_ms: int = 0
    workers: int = DEFAULT_WORKERS
    theme: str = "system"
    proxy_mode: str = "system"
    proxy_kind: str = "http"
    proxy_host: str = ""
    proxy_port: int = 0
    proxy_exceptions: str = "localhost, 127.0.0.0/8, ::1"
    notifications: str = "summary"
    keep_in_tray: bool = False
    shortcuts: tuple[tuple[str, str], ...] = ()
    language: str = ""

    @classmethod
    def keys(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    @classmethod
    def from_stored(cls, stored: Mapping[str, Any]) -> Settings:
        """Settings from stored values; missing, unknown or ill-typed values fall back to the defaults."""
        defaults = cls()
        values: dict[str, Any] = {}
        for name in cls.keys():
            if name not in stored:
                continue
            try:
                values[name] = _coerce(getattr(defaults, name), stored[name])
            except (TypeError, ValueError):
                continue
        if values.get("theme") not in (None, *THEMES):
            del values["theme"]
        settings = dataclasses.replace(defaults, **values)
        if settings.notifications not in NOTIFICATION_MODES:
            settings = dataclasses.replace(settings, notifications=defaults.notifications)
        return settings

    def replace(self, **changes: Any) -> Settings:
        """A copy with ``changes`` applied and checked.

        Raises:
            InputError: an unknown key, or a value of the wrong kind or out of range.
        """
        unknown = sorted(set(changes) - set(self.keys()))
        if unknown:
            raise InputError(f"unknown setting {unknown[0]!r}")
        checked: dict[str, Any] = {}
        for name, value in changes.items():
            try:
                checked[name] = _coerce(getattr(self, name), value)
            except (TypeError, ValueError) as err:
                raise InputError(f"setting {name!r}: {err}") from err
        updated = dataclasses.replace(self, **checked)
        updated.check()
        return updated

    def check(self) -> None:
        """Raise InputError when a value is out of its range."""
        for name in ("refresh_interval_minutes", "retention_days", "font_size", "mark_read_delay_ms"):
            if getattr(self, name) < 0:
                raise InputError(f"setting {name!r} cannot be negative")
        if self.workers < 1:
            raise InputError("setting 'workers' must be 1 or more")
        if self.theme not in THEMES:
            raise InputError(f"setting 'theme' is one of {', '.join(THEMES)}")
        if self.proxy_mode not in PROXY_MODES:
            raise InputError(f"setting 'proxy_mode' is one of {', '.join(PROXY_MODES)}")
        if self.proxy_kind not in PROXY_KINDS:
            raise InputError(f"setting 'proxy_kind' is one of {', '.join(PROXY_KINDS)}")
        if not 0 <= self.proxy_port <= 65535:
            raise InputError("setting 'proxy_port' is a port number, 1 to 65535")
        if any(ch.isspace() or ch in "/@" for ch in self.proxy_host):
            raise InputError("setting 'proxy_host' is a host name or address, without spaces, '/' or '@'")
        if self.proxy_mode == "manual" and not (self.proxy_host and self.proxy_port):
            raise InputError("a manual proxy needs a host and a port")
        if self.notifications not in NOTIFICATION_MODES:
            raise InputError(f"setting 'notifications' is one of {', '.join(NOTIFICATION_MODES)}")

        if self.language and not all(part.isalnum() for part in self.language.split("_")):
            raise InputError(f"setting 'language' is not a language code: {self.language!r}")

    def shortcut_map(self) -> dict[str, str]:
        """The user's own keys by action name ("" where a key was cleared)."""
        return dict(self.shortcuts)

    def as_stored(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def _coerce(default: object, value: object) -> object:
    """``value`` as the type of ``default`` (bools stay bools, numbers become ints)."""
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, float)) and value in (0, 1):
            return bool(value)
        raise TypeError(f"expected true or false, got {value!r}")
    if isinstance(default, str):
        if not isinstance(value, str):
            raise TypeError(f"expected text, got {value!r}")
        return value
    if isinstance(default, tuple):  # (name, text) pairs, stored as a JSON object or a list of pairs
        pairs = list(value.items()) if isinstance(value, Mapping) else value
        if not isinstance(pairs, (list, tuple)):
            raise TypeError(f"expected pairs of names and text, got {value!r}")
        out: dict[str, str] = {}
        for pair in pairs:
            if not isinstance(pair, (list, tuple)) or len(pair) != 2:
                raise TypeError(f"expected a name and a text, got {pair!r}")
            name, text = pair
            if not isinstance(name, str) or not isinstance(text, str):
                raise TypeError(f"expected a name and a text, got {pair!r}")
            out[name] = text
        return tuple(sorted(out.items()))
    if isinstance(default, int):
        if isinstance(value, bool):
            raise TypeError(f"expected a number, got {value!r}")
        if isinstance(value, (int, float)) and float(value).is_integer():
            return int(value)
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            return int(value)
        raise TypeError(f"expected a whole number, got {value!r}")
    if isinstance(default, str):
        if isinstance(value, str):
            return value.strip().lower()
        raise TypeError(f"expected text, got {value!r}")
    return value


THEMES = ("system", "light", "dark")

__all__ = ["DEFAULT_WORKERS", "NOTIFICATION_MODES", "PROXY_KEYS", "PROXY_KINDS", "PROXY_MODES", "THEMES", "Settings"]
