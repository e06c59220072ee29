"""The command line's language: gettext catalogs in reader/resources/locale, chosen like every Unix program's.

``_("text")`` and ``ngettext("one", "many", n)`` translate a message of the
command line; the catalog is picked on first use from LANGUAGE, LC_ALL,
LC_MESSAGES and LANG (``gettext.translation`` reads them), English when none
matches. No Qt here: the CLI never imports it. The window uses Qt's own
machinery instead (``reader.ui.i18n``). What stays English on purpose: the
tab-separated and JSON output that scripts read, and dates in it (ISO 8601),
so a script works the same in every language.
"""

from __future__ import annotations

import gettext
from collections.abc import Sequence

from reader import paths

DOMAIN = "byline"

_catalogs: list[gettext.NullTranslations] = []  # the one in use, once chosen


def use_language(languages: Sequence[str] | None = None) -> gettext.NullTranslations:
    """Choose the catalog: ``languages`` in order (``["de"]``), or the environment's when None."""
    catalog = gettext.translation(
        DOMAIN, localedir=str(localedir()), languages=list(languages) if languages else None, fallback=True
    )
    _catalogs[:] = [catalog]
    return catalog


def localedir() -> str:
    return str(paths.resources_dir() / "locale")


def translate_argparse() -> None:
    """Let argparse's own words (usage:, options, error:) come from Byline's catalog.

    argparse translates through the module-level names ``_`` and ``ngettext``
    it took from ``gettext``; pointing them at Byline's catalog (which carries
    the messages listed in ``ARGPARSE``) translates them. Setting the process's
    text domain would do it too, but then every one of argparse's ~130 calls
    while the parser is built searches the locale directory again (7 ms of each
    command). Only the CLI calls this.
    """
    import argparse

    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]


def N_(text: str) -> str:  # noqa: N802 - gettext's name for "mark, do not translate yet"
    """Mark ``text`` for the catalog where it is translated by someone else (argparse)."""
    return text


ARGPARSE = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"),
    N_("not allowed with argument %s"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
)


def _catalog() -> gettext.NullTranslations:
    return _catalogs[0] if _catalogs else use_language()


def _(text: str) -> str:
    """``text`` in the user's language."""
    return _catalog().gettext(text)


def ngettext(one: str, many: str, n: int) -> str:
    """The form of a message that fits ``n`` in the user's language ("1 feed", "2 feeds")."""
    return _catalog().ngettext(one, many, n)
