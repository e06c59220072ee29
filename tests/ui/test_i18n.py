"""Translations: every string of the window is wrapped, the catalogs follow the source, German is complete,
plurals and dates follow the language, and the language follows the system or the Preferences.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale

from reader import paths
from reader.core.settings import Settings
from reader.ui import i18n

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "reader" / "ui"
TS_DIR = ROOT / "reader" / "resources" / "translations"


def load_script():
    spec = importlib.util.spec_from_file_location("translations_script", ROOT / "scripts" / "translations.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


# --- nothing a person reads is left unwrapped ------------------------------------------------

# Calls whose string arguments are shown to people: a literal there must be translated.
SINKS = {
    "setText", "setWindowTitle", "setToolTip", "setStatusTip", "setWhatsThis", "setPlaceholderText",
    "setAccessibleName", "setAccessibleDescription", "addMenu", "addAction", "addItem", "addItems", "addRow",
    "addButton", "setSuffix", "setPrefix", "setSpecialValueText", "showMessage", "setFormat",
    "setHorizontalHeaderLabels", "setLabelText", "setTitle", "show_page", "show_status", "_say", "addToolBar",
    "QLabel", "QAction", "QCheckBox", "QPushButton", "QRadioButton", "QGroupBox", "QMessageBox", "QToolButton",
    "information", "question", "critical", "getText", "getItem", "getOpenFileName", "getSaveFileName",
}
EXEMPT_CALLS = {"translate", "QT_TRANSLATE_NOOP", "setObjectName", "Signal", "QSettings", "setValue", "value", "QKeySequence", "setStyle"}
DEVELOPER_ERRORS = {"TypeError", "ValueError", "AssertionError", "RuntimeError", "KeyError", "AttributeError", "NotImplementedError"}
KEY_NAME = re.compile(r"((Ctrl|Shift|Alt|Meta)\+.*|Esc|Space|Return|Enter|Tab|F\d+|[A-Z])")


def _name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def looks_like_words(text: str) -> bool:
    """Whether a literal reads as words for people (not a key, an object name, CSS or a tag)."""
    if KEY_NAME.fullmatch(text.strip()) or re.fullmatch(r"[dMyHhmsAP:./, -]+", text):
        return False  # a key, or a QDateTime pattern
    if re.search(r"\{\s*[\w-]+:|;\s*}", text) or re.fullmatch(r"\s*([\w-]+:\s*[^;]+;\s*)+", text):
        return False  # CSS
    plain = re.sub(r"<[^>]*(>|$)", " ", text)
    plain = re.sub(r"%\w+|\{[^}]*\}", " ", plain).strip()
    if not re.search(r"[A-Za-z]{2,}", plain):
        return False
    if re.fullmatch(r"[#._*]?[A-Za-z0-9_][\w.:/*?=&%+-]*", plain) and not plain[0].isupper():
        return False  # a key, a name, a path, an address, a colour
    if re.fullmatch(r"[A-Z][A-Z0-9_]+", plain):
        return False  # a CONSTANT's name
    if re.fullmatch(r"[A-Z][A-Za-z0-9]*", plain):
        return False  # one CamelCase word: a class or style name (a sink catches a lone word shown to people)
    return True


def unwrapped(path: Path) -> list[str]:
    """The user-visible literals of a module that no ``translate`` wraps (lines marked ``# notr`` aside)."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                skipped.add(id(first.value))  # docstrings
        exempt = False
        if isinstance(node, ast.Call):
            func = node.func
            logged = isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in ("log", "logger", "logging")
            exempt = logged or _name(node) in EXEMPT_CALLS
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and _name(node.exc) in DEVELOPER_ERRORS:
            exempt = True
        if exempt:
            skipped.update(id(sub) for sub in ast.walk(node))
    shown: set[int] = set()

    def literal_parts(node: ast.expr) -> list[ast.expr]:
        """The literals that end up in a value as it is: the value, an f-string's parts, both sides of + or if/else."""
        if isinstance(node, ast.JoinedStr):
            return list(node.values)
        if isinstance(node, ast.BinOp):
            return literal_parts(node.left) + literal_parts(node.right)
        if isinstance(node, ast.IfExp):
            return literal_parts(node.body) + literal_parts(node.orelse)
        return [node]

    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _name(node) in SINKS:
            for argument in [*node.args, *(k.value for k in node.keywords)]:
                shown.update(id(part) for part in literal_parts(argument))
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)) or id(node) in skipped:
            continue
        if "notr" in lines[node.lineno - 1]:
            continue
        text = node.value
        words = re.sub(r"<[^>]*(>|$)", " ", text)
        if looks_like_words(text) or (id(node) in shown and re.search(r"[A-Za-z]{2,}", words) and not KEY_NAME.fullmatch(text)):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {text[:60]!r}")
    return found


def test_the_scanner_finds_what_it_should() -> None:
    sample = (
        "from PySide6.QtWidgets import QLabel\n"
        "label = QLabel('Cancel')\n"  # one word, but in a sink
        "label.setText(f'{n} articles found')\n"
        "ok = translate('X', 'Fine words')\n"
        "key = 'smart:unread'\n"
        "log.info('for developers %s', x)\n"
        "raise TypeError('a bug message')\n"
        "style = 'body { color: red; }'\n"
        "title = 'Byline'  # notr: the name\n"
    )
    path = ROOT / "reader" / "ui" / "_scanner_sample.py"
    path.write_text(sample, encoding="utf-8")
    try:
        found = unwrapped(path)
    finally:
        path.unlink()
    assert [f.split(": ", 1)[1] for f in found] == ["'Cancel'", "' articles found'"]


def test_every_user_visible_string_of_the_window_is_wrapped() -> None:
    found = [line for path in sorted(UI.rglob("*.py")) for line in unwrapped(path)]
    assert found == [], "wrap these in translate() (or mark a line '# notr: why'):\n" + "\n".join(found)


# --- the catalogs follow the source -------------------------------------------------------------


def test_catalogs_are_current_with_the_source() -> None:
    """Every translate() text is in the .ts files, and the .qm/.mo are compiled from them as they are."""
    script = load_script()
    assert script.stale() == [], "run: python scripts/translations.py update && python scripts/translations.py release"


def test_the_extractor_reads_contexts_plurals_and_tables(tmp_path: Path) -> None:
    script = load_script()
    sample = tmp_path / "sample.py"
    sample.write_text(
        "A = QT_TRANSLATE_NOOP('Table', 'Row')\n"
        "x = translate('Ctx', 'Plain')\n"
        "y = translate('Ctx', '%Ln item(s)', None, n)\n"
        "z = translate('Ctx', dynamic)\n",
        encoding="utf-8",
    )
    found = script.qt_messages([sample])
    assert [(m.context, m.source, m.numerus) for m in found] == [
        ("Table", "Row", False), ("Ctx", "Plain", False), ("Ctx", "%Ln item(s)", True),
    ]
    assert script.english_forms("%Ln match(es) for %1") == ["%Ln match for %1", "%Ln matches for %1"]


def test_german_is_complete() -> None:
    """Every message of byline_de.ts has a finished translation, with every plural form."""
    root = ET.parse(TS_DIR / "byline_de.ts").getroot()
    missing = []
    for message in root.iter("message"):
        node = message.find("translation")
        assert node is not None
        if node.get("type") == "vanished":
            continue
        forms = [f.text for f in node.iter("numerusform")] if message.get("numerus") == "yes" else [node.text]
        if node.get("type") == "unfinished" or not all(forms):
            missing.append(message.findtext("source"))
    assert missing == []


def test_german_keeps_placeholders_and_accelerators() -> None:
    """A translation has the same %1/%2/%Ln as its source, and an & wherever the source has one."""
    root = ET.parse(TS_DIR / "byline_de.ts").getroot()
    wrong = []
    for message in root.iter("message"):
        source = message.findtext("source") or ""
        node = message.find("translation")
        if node is None or node.get("type") == "vanished":
            continue
        forms = [f.text or "" for f in node.iter("numerusform")] or [node.text or ""]
        for form in forms:
            if sorted(re.findall(r"%L?n|%\d", form)) != sorted(re.findall(r"%L?n|%\d", source)):
                wrong.append((source, form))
            if ("&" in source.replace("&amp;", "")) != ("&" in form) and not source.startswith("<"):
                wrong.append((source, form))
    assert wrong == []


# --- loading, plurals, dates ------------------------------------------------------------------------


@pytest.fixture
def german(qapp):
    installed = i18n.install_translators(qapp, paths.resources_dir(), "de")
    yield installed
    i18n.install_translators(qapp, paths.resources_dir(), "")  # as the session's fixture left it


def test_german_translators_load_qt_and_byline(german) -> None:
    languages = sorted(t.language() for t in german)
    assert any(lang.startswith("de") for lang in languages) and len(german) == 3  # English plurals, qtbase, Byline
    assert QCoreApplication.translate("Actions", "&File") == "&Datei"
    # Qt's own strings come from qtbase_de: the standard buttons of every dialog
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Abbrechen"


def test_plurals_follow_the_language(german, qapp) -> None:
    assert i18n.translate("MainWindow", "%Ln article(s)", None, 1) == "1 Artikel"
    assert i18n.translate("RefreshController", "Checked %Ln feed(s)", None, 1) == "1 Feed geprüft"
    assert i18n.translate("RefreshController", "Checked %Ln feed(s)", None, 3) == "3 Feeds geprüft"
    assert i18n.translate("MainWindow", "%Ln article(s)", None, 12345) == "12.345 Artikel"  # %Ln: the locale's digits
    i18n.install_translators(qapp, paths.resources_dir(), "")
    assert i18n.translate("MainWindow", "%Ln article(s)", None, 1) == "1 article"
    assert i18n.translate("MainWindow", "%Ln article(s)", None, 2) == "2 articles"
    assert i18n.translate("SearchController", "%Ln match(es) for “%1” — Esc returns.", None, 2) == "2 matches for “%1” — Esc returns."


def test_dates_and_numbers_follow_the_locale() -> None:
    when = datetime(2026, 3, 2, 8, 5).astimezone()
    now = datetime(2026, 12, 4, 12, 0).astimezone()
    de, us = QLocale("de_DE"), QLocale("en_US")
    assert i18n.list_date(when, now, de) == "02.03. 08:05"
    assert i18n.list_date(when, now, us) == "3/2 8:05\u202fAM"
    assert i18n.list_date(when.replace(year=2025), now, de) == "02.03.25"
    assert i18n.list_date(now.replace(hour=9), now, de) == "09:00"
    assert i18n.long_date(when, de) == "Montag, 2. März 2026, 08:05"
    assert i18n.number(1234567, de) == "1.234.567" and i18n.number(1234567, us) == "1,234,567"


def test_language_follows_the_system_unless_preferences_say_otherwise(monkeypatch) -> None:
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.delenv("LANGUAGE", raising=False)
    assert i18n.chosen_locale("").name() == QLocale.system().name()
    assert i18n.chosen_locale("de").language() == QLocale.Language.German
    assert i18n.chosen_locale("en").language() == QLocale.Language.English
    assert i18n.available_languages(paths.resources_dir())[:2] == ["en", "de"]
    assert i18n.language_name("de") == "Deutsch"
    assert i18n.language_name("en") == "English"  # the source language, not "American English"
    assert i18n.language_name("en_GB") == "British English"


def test_the_language_setting_is_checked() -> None:
    assert Settings().language == ""
    assert Settings().replace(language="pt_BR").language == "pt_BR"  # settings keep text as given (main since the shortcuts)
    assert i18n.chosen_locale("pt_br").name() == "pt_BR"  # which QLocale reads all the same
    assert Settings.from_stored({"language": 3}).language == ""
    with pytest.raises(Exception, match="language"):
        Settings().replace(language="de; rm")


def test_module_tree_has_no_string_left_for_lupdate_to_miss() -> None:
    """translate() is called with literal context and text everywhere but on the tables' marked texts."""
    dynamic = []
    for path in sorted(UI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _name(node) == "translate" and len(node.args) >= 2:
                context, text = node.args[0], node.args[1]
                if not isinstance(context, ast.Constant):
                    dynamic.append(f"{path.name}:{node.lineno}")
                elif not isinstance(text, ast.Constant) and not isinstance(text, (ast.Name, ast.Subscript, ast.Attribute)):
                    dynamic.append(f"{path.name}:{node.lineno}")
    assert dynamic == []
