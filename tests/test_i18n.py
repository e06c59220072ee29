"""The command line's language: gettext catalogs chosen by LANG, argparse's words included; script output stays put."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from reader import i18n
from reader.cli import main

ROOT = Path(__file__).resolve().parents[1]


def byline(args: list[str], lang: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env["LANG"] = lang
    return subprocess.run([sys.executable, "-m", "reader", *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=60, check=False)


def test_catalog_follows_the_language_asked_for() -> None:
    try:
        i18n.use_language(["de"])
        assert i18n._("no matches") == "keine Treffer"
        assert i18n._("a message nobody translated") == "a message nobody translated"
        i18n.use_language(["fr"])  # no French catalog: English
        assert i18n._("no matches") == "no matches"
        assert i18n.ngettext("%d feed", "%d feeds", 2) == "%d feeds"
    finally:
        i18n.use_language(["en"])


def test_german_help_errors_and_messages(tmp_path: Path) -> None:
    helped = byline(["--help"], "de_DE.UTF-8")
    assert helped.returncode == 0
    assert helped.stdout.startswith("Aufruf: byline")
    assert "Optionen:" in helped.stdout and "das Hauptfenster öffnen (Standard)" in helped.stdout
    wrong = byline(["search"], "de_DE.UTF-8")
    assert wrong.returncode == 2 and "byline search: Fehler: diese Argumente fehlen: QUERY" in wrong.stderr
    none = byline(["--data-dir", str(tmp_path), "search", "zzzz"], "de_DE.UTF-8")
    assert none.returncode == 0 and none.stderr == "keine Treffer\n"
    bad = byline(["--data-dir", str(tmp_path), "search", "bridge is:maybe"], "de_DE.UTF-8")  # the search language's own errors
    assert bad.returncode == 1 and bad.stderr == "byline: is: nimmt saved, read oder unread (zum Beispiel is:unread)\n"
    refused = byline(["--data-dir", str(tmp_path), "add", "ftp://example.org/feed"], "de_DE.UTF-8")  # adding a feed: the core's errors
    assert refused.returncode == 1
    assert refused.stderr == "byline: 'ftp://example.org/feed' abgelehnt: nur http- und https-Feeds werden unterstützt (ftp:)\n"
    closed = byline(["--data-dir", str(tmp_path), "add", "http://127.0.0.1:9/feed.xml"], "de_DE.UTF-8")
    assert closed.returncode == 1 and closed.stderr == "byline: keine Verbindung zu 127.0.0.1: Verbindung abgelehnt\n"
    unknown = byline(["--data-dir", str(tmp_path), "show", "99"], "de_DE.UTF-8")
    assert unknown.returncode == 1 and unknown.stderr == "byline: kein Artikel mit der ID 99\n"


def test_output_that_scripts_read_stays_the_same_in_every_language(tmp_path: Path) -> None:
    """stdout lines of the contract (summaries, tab-separated rows, JSON) are not translated."""
    english = byline(["--data-dir", str(tmp_path), "refresh"], "C.UTF-8")
    german = byline(["--data-dir", str(tmp_path), "refresh"], "de_DE.UTF-8")
    assert english.returncode == german.returncode == 0
    assert german.stdout == english.stdout == "checked 0 feeds, 0 new articles, 0 not modified, 0 failed\n"


def test_english_is_unchanged_without_a_catalog(tmp_path: Path) -> None:
    i18n.use_language(["en"])
    err = io.StringIO()
    assert main(["--data-dir", str(tmp_path), "search", "zzzz"], out=io.StringIO(), err=err) == 0
    assert err.getvalue() == "no matches\n"


def test_every_message_and_help_text_of_the_command_line_is_wrapped() -> None:
    """stderr lines, errors and --help texts of reader/cli go through _() (stdout for scripts stays as it is)."""
    import ast
    import re

    found = []
    for path in sorted((ROOT / "reader" / "cli").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        wrapped = {
            id(sub) for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "N_", "ngettext")
            for sub in ast.walk(node)
        }
        wrapped |= {id(key) for node in ast.walk(tree) if isinstance(node, ast.Dict) for key in node.keys if key is not None}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            owner = func.value.id if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) else ""
            shown: list[ast.expr] = []
            if (name == "write" and owner == "err") or name in ("BylineError", "ArgumentTypeError"):
                shown += node.args
            shown += [k.value for k in node.keywords if k.arg in ("help", "description")]
            for value in shown:
                for sub in ast.walk(value):
                    if isinstance(sub, ast.Constant) and isinstance(sub.value, str) and id(sub) not in wrapped:
                        if re.search(r"[A-Za-z]{2,}", re.sub(r"^byline[\w -]*: ?", "", sub.value)):  # "byline sync: " names, not words
                            found.append(f"{path.name}:{sub.lineno}: {sub.value[:50]!r}")
    assert found == []


def test_german_catalog_of_the_command_line_is_complete() -> None:
    """Every message the source marks has a German msgstr (every plural form), and keeps its placeholders."""
    import importlib.util
    import re

    spec = importlib.util.spec_from_file_location("translations_script_cli", ROOT / "scripts" / "translations.py")
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = script  # dataclasses look their module up while the class is built
    spec.loader.exec_module(script)
    known = script.read_po(ROOT / "reader" / "resources" / "locale" / "de" / "LC_MESSAGES" / "byline.po")
    missing, wrong = [], []
    for message in script.po_messages():
        forms = known.get(message.msgid, [])
        if not forms or not all(forms):
            missing.append(message.msgid)
            continue
        wanted = sorted(re.findall(r"%\(\w+\)[sdr]|%[sdr]", message.msgid))
        if any(sorted(re.findall(r"%\(\w+\)[sdr]|%[sdr]", form)) != wanted for form in forms):
            wrong.append(message.msgid)
    assert missing == [], "translate these in reader/resources/locale/de/LC_MESSAGES/byline.po"
    assert wrong == []


def test_the_core_words_in_a_rendered_body_follow_the_language() -> None:
    """The "Related" label and image placeholders that render() writes come from the catalog too."""
    from reader.core.content.pipeline import render

    body = "<p>Talks went on.</p><p>[Bridge reopens after three years of repairs]</p><p><img src='https://example.org/m.png' alt='A map'></p>"
    try:
        i18n.use_language(["de"])
        german = render(body, images=False).html
    finally:
        i18n.use_language(["en"])
    english = render(body, images=False).html
    assert 'class="related-label">Verwandt<' in german and "[Bild: A map]" in german
    assert 'class="related-label">Related<' in english and "[image: A map]" in english
    assert german.replace("Verwandt", "Related").replace("[Bild: A map]", "[image: A map]") == english  # only the words differ


def test_a_damaged_library_is_reported_in_german(tmp_path: Path) -> None:
    """The storage layer's messages (what a person reads when the library file is hurt) follow the language too."""
    assert byline(["--data-dir", str(tmp_path), "feeds"], "C.UTF-8").returncode == 0
    library = tmp_path / "library.sqlite3"
    data = bytearray(library.read_bytes())
    data[100:4000] = b"\xff" * 3900  # the schema pages overwritten
    library.write_bytes(bytes(data))
    for side in tmp_path.glob("library.sqlite3-*"):
        side.unlink()
    hurt = byline(["--data-dir", str(tmp_path), "feeds"], "de_DE.UTF-8")
    assert hurt.returncode == 1 and hurt.stderr.startswith("byline: die Bibliotheksdatei ist beschädigt (")
    assert hurt.stderr.endswith("sie wurde nicht verändert – führen Sie byline rescue aus oder stellen Sie eine Sicherung wieder her\n")


# Core modules whose messages stay English for now (docs/translating.md says why), and messages for developers.
CORE_ENGLISH = {"feeds/opml.py", "settings.py", "net/guard.py"}
CORE_INTERNAL = {"cancelled", "the fetcher is closed"}


def test_every_error_message_of_the_core_is_wrapped() -> None:
    """A BylineError raised with words goes through _() (the files in CORE_ENGLISH aside)."""
    import ast

    developer = {
        "TypeError", "ValueError", "AssertionError", "RuntimeError", "KeyError", "NotImplementedError", "AttributeError",
        "IndexError",  # storage/rescue.py: a record parser's signal to its caller, never shown
    }
    core = ROOT / "reader" / "core"
    found = []
    for path in sorted(core.rglob("*.py")):
        name = path.relative_to(core).as_posix()
        if name in CORE_ENGLISH:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        wrapped = {
            id(sub) for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "N_", "ngettext")
            for sub in ast.walk(node)
        }
        wrapped |= {id(key) for node in ast.walk(tree) if isinstance(node, ast.Dict) for key in node.keys if key is not None}
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            func = node.func
            callee = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if not callee.endswith("Error") or callee in developer:
                continue
            for sub in ast.walk(node.args[0]):
                words = isinstance(sub, ast.Constant) and isinstance(sub.value, str) and any(c.isalpha() for c in sub.value)
                if words and id(sub) not in wrapped and sub.value not in CORE_INTERNAL:
                    found.append(f"{name}:{sub.lineno}: {sub.value[:50]!r}")
    assert found == [], "wrap these in _() from reader.i18n:\n" + "\n".join(found)
