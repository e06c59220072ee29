"""The window's language: Qt translators, the user's locale, and locale-aware dates and numbers.

Every user-visible string of the window is written as
``translate("Context", "English text")`` (``QCoreApplication.translate``) or,
in tables built before a translator exists, ``QT_TRANSLATE_NOOP("Context",
"text")`` and translated where it is shown. ``scripts/translations`` reads
those calls from the source into ``reader/resources/translations/byline_*.ts`` and
compiles them with Qt's ``lrelease`` into the ``.qm`` files loaded here.
Plurals pass the count: ``translate("Ctx", "%Ln article(s)", None, n)``; the
English ``.qm`` holds the English plural forms, so it is always loaded first.

``install_translators`` chooses the language: the Preferences override when
set, else the system's (``QLocale.system()``, which follows LANGUAGE, LC_ALL,
LC_MESSAGES and LANG), and makes that locale the default so QLocale-formatted
dates and numbers match the language of the words around them.
docs/translating.md is the translators' guide.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLibraryInfo, QLocale, QTime, QTimeZone, QTranslator

from reader import i18n as core_i18n

translate = QCoreApplication.translate


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for translation in ``context`` where no translator exists yet (tables); translate it where shown."""
    return text


def arg(template: str, *values: object) -> str:
    """Fill ``%1``, ``%2``... of a translated ``template`` (a translation may reorder them)."""
    out = template
    for number_, value in reversed(list(enumerate(values, start=1))):
        out = out.replace(f"%{number_}", str(value))
    return out

SOURCE_LANGUAGE = "en"
CATALOG = "byline"


def translations_dir(resources: Path) -> Path:
    return resources / "translations"


def available_languages(resources: Path) -> list[str]:
    """Language codes with a compiled catalog (``byline_de.qm`` -> ``de``), English first."""
    found = {p.stem.removeprefix(f"{CATALOG}_") for p in translations_dir(resources).glob(f"{CATALOG}_*.qm")}
    found.add(SOURCE_LANGUAGE)
    return sorted(found, key=lambda code: (code != SOURCE_LANGUAGE, code))


def language_name(code: str) -> str:
    """A language's own name ("Deutsch" for ``de``), for the Preferences list."""
    locale = QLocale(code)
    if locale.language() == QLocale.Language.English and "_" not in code and "-" not in code:
        return "English"  # Qt names bare "en" by its default territory: "American English"
    name = locale.nativeLanguageName() or code
    return name[:1].upper() + name[1:]


def chosen_locale(override: str = "") -> QLocale:
    """The override's locale when one is set (``de``, ``pt_BR``), else the system's."""
    return QLocale(override) if override else QLocale.system()


def install_translators(app: QCoreApplication, resources: Path, override: str = "") -> list[QTranslator]:
    """Load Qt's own translations and Byline's for the chosen language; returns the translators installed.

    Byline's English catalog (plural forms) goes in first, so the user's
    language, installed after it, is searched before it. The chosen locale
    becomes ``QLocale``'s default, and the core's gettext catalog (the words
    it writes into the pane, like the "Related" label) follows the same language.
    """
    for old in app.findChildren(QTranslator):  # a second call (tests) replaces the first's
        app.removeTranslator(old)
        old.deleteLater()
    locale = chosen_locale(override)
    QLocale.setDefault(locale)
    core_i18n.use_language([locale.name()])
    folder = str(translations_dir(resources))
    installed: list[QTranslator] = []

    def add(translator: QTranslator) -> None:
        app.installTranslator(translator)
        installed.append(translator)

    english = QTranslator(app)
    if english.load(f"{CATALOG}_{SOURCE_LANGUAGE}", folder):
        add(english)
    qt_base = QTranslator(app)
    if qt_base.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        add(qt_base)
    ours = QTranslator(app)
    if ours.load(locale, CATALOG, "_", folder) and ours.language().split("_")[0] != SOURCE_LANGUAGE:
        add(ours)
    return installed  # each is a child of ``app``, so it lives as long as the app


# --- dates and numbers ----------------------------------------------------------------------


def _qdatetime(date: datetime) -> QDateTime:
    local = date.astimezone()
    return QDateTime(
        QDate(local.year, local.month, local.day),
        QTime(local.hour, local.minute, local.second),
        QTimeZone.systemTimeZone(),
    )


def _without_year(pattern: str) -> str:
    """A short date pattern with its year (and the separator beside it) removed: ``dd.MM.yy`` -> ``dd.MM.``."""
    out = pattern
    for token in ("yyyy", "yy", "y"):
        if token in out:
            start = out.index(token)
            end = start + len(token)
            if end < len(out) and not out[end].isalpha():
                end += 1  # "yy/MM/dd": drop the separator after the year
            elif start > 0 and not out[start - 1].isalpha() and not out[start - 1] == ".":
                start -= 1  # "M/d/yy": drop the separator before it ("dd.MM." keeps its dot)
            out = out[:start] + out[end:]
            break
    return out.strip(" ,")


def list_date(date: datetime | None, now: datetime | None = None, locale: QLocale | None = None) -> str:
    """The article list's date in the user's locale: the time today, day and month this year, else a short date."""
    if date is None:
        return ""
    loc = locale or QLocale()
    local = date.astimezone()
    now = now or datetime.now().astimezone()
    when = _qdatetime(local)
    if loc.language() == QLocale.Language.C:  # no locale chosen (LANG=C): the compact form Byline always had
        pattern = "HH:mm" if local.date() == now.date() else "dd MMM HH:mm" if local.year == now.year else "dd MMM yyyy"
        return loc.toString(when, pattern)
    if local.date() == now.date():
        return loc.toString(when.time(), QLocale.FormatType.ShortFormat)
    if local.year == now.year:
        day = loc.toString(when.date(), _without_year(loc.dateFormat(QLocale.FormatType.ShortFormat)))
        return f"{day} {loc.toString(when.time(), QLocale.FormatType.ShortFormat)}"
    return loc.toString(when.date(), QLocale.FormatType.ShortFormat)


def long_date(date: datetime, locale: QLocale | None = None) -> str:
    """The article header's date: the locale's long date and short time."""
    loc = locale or QLocale()
    when = _qdatetime(date)
    return f"{loc.toString(when.date(), QLocale.FormatType.LongFormat)}, {loc.toString(when.time(), QLocale.FormatType.ShortFormat)}"


def number(value: int, locale: QLocale | None = None) -> str:
    """A whole number with the locale's digit grouping (1,234 / 1.234); without a locale (LANG=C), 1,234."""
    loc = locale or QLocale()
    if loc.language() == QLocale.Language.C:  # Qt's C locale omits the grouping: keep the form Byline always had
        return f"{value:,}"
    return loc.toString(value)


def join_words(parts: Sequence[str]) -> str:
    """Spoken parts of a row, the empty ones left out: "title, feed, date, unread"."""
    return ", ".join(p for p in parts if p)
