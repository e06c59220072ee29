"""Keep the translations in step with the source: extract, update, compile, check.

    python scripts/translations.py update     # source -> reader/resources/translations/*.ts and locale/*.po(t)
    python scripts/translations.py release    # .ts -> .qm (Qt's lrelease), .po -> .mo
    python scripts/translations.py check      # exit 1 when any of them is behind the source
    python scripts/translations.py add LANG   # start a new language (empty .ts and .po)

The window's strings are the ``translate("Context", "text"[, disambiguation, n])``
and ``QT_TRANSLATE_NOOP("Context", "text")`` calls under reader/ui; the
command line's are the ``_("text")`` and ``ngettext("one", "many", n)`` calls
under reader/cli, and the core's (words it writes into what the pane and the
CLI show, such as the "Related" label) under reader/core (see reader/i18n.py). They are read with ``ast``, not with
Qt's lupdate, whose Python reader misses the plural (``n``) argument of
``translate``. A message whose text left the source stays in the .ts as
``vanished`` (and in the .po as obsolete) so no translator's work is lost.
English plural forms (``%Ln article(s)`` -> "1 article", "2 articles") are
written into byline_en.ts from the ``(s)``/``(es)`` in the source text.
docs/translating.md is the guide for translators.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
UI = ROOT / "reader" / "ui"
CLI_SOURCES = (ROOT / "reader" / "cli", ROOT / "reader" / "core", ROOT / "reader" / "i18n.py")  # gettext's readers
TS_DIR = ROOT / "reader" / "resources" / "translations"
PO_DIR = ROOT / "reader" / "resources" / "locale"
CATALOG = "byline"
SOURCE_LANGUAGE = "en"
PLURAL_FORMS = {"de": 2, "en": 2, "fr": 2, "es": 2, "it": 2, "nl": 2, "pt": 2, "sv": 2, "ru": 3, "pl": 3, "cs": 3, "ja": 1, "zh": 1}
PO_PLURALS = {
    "de": "nplurals=2; plural=(n != 1);",
    "en": "nplurals=2; plural=(n != 1);",
}


# --- reading the source --------------------------------------------------------------------


@dataclass(frozen=True)
class QtMessage:
    context: str
    source: str
    comment: str = ""
    numerus: bool = False


@dataclass(frozen=True)
class PoMessage:
    msgid: str
    plural: str = ""


def _text(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _callee(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def qt_messages(files: list[Path] | None = None) -> list[QtMessage]:
    """Every translatable literal of the window, in file and line order, each once."""
    found: dict[tuple[str, str, str], QtMessage] = {}
    for path in files if files is not None else sorted(UI.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = sorted((n for n in ast.walk(tree) if isinstance(n, ast.Call)), key=lambda n: (n.lineno, n.col_offset))
        for call in calls:
            name = _callee(call)
            if name not in ("translate", "QT_TRANSLATE_NOOP") or len(call.args) < 2:
                continue
            context, source = _text(call.args[0]), _text(call.args[1])
            if context is None or source is None:
                continue  # a table's text, marked where the table is written
            comment = _text(call.args[2]) if len(call.args) > 2 else None
            numerus = name == "translate" and (len(call.args) > 3 or any(k.arg == "n" for k in call.keywords))
            key = (context, source, comment or "")
            if key not in found:
                found[key] = QtMessage(context, source, comment or "", numerus)
    return list(found.values())


def po_messages(files: list[Path] | None = None) -> list[PoMessage]:
    """Every ``_()`` and ``ngettext()`` literal of the command line, in file and line order."""
    paths: list[Path] = []
    for place in CLI_SOURCES:
        paths += sorted(place.rglob("*.py")) if place.is_dir() else [place]
    found: dict[str, PoMessage] = {}
    for path in files if files is not None else paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = sorted((n for n in ast.walk(tree) if isinstance(n, ast.Call)), key=lambda n: (n.lineno, n.col_offset))
        for call in calls:
            name = _callee(call)
            if name in ("_", "N_") and call.args and (text := _text(call.args[0])) is not None:
                found.setdefault(text, PoMessage(text))
            elif name == "ngettext" and len(call.args) >= 2:
                one, many = _text(call.args[0]), _text(call.args[1])
                if one is not None and many is not None:
                    found.setdefault(one, PoMessage(one, many))
    return list(found.values())


# --- Qt .ts files ---------------------------------------------------------------------------


@dataclass
class Translation:
    forms: list[str] = field(default_factory=list)
    finished: bool = False


def read_ts(path: Path) -> dict[tuple[str, str, str], Translation]:
    """(context, source, comment) -> translation of an existing .ts (vanished ones included)."""
    if not path.exists():
        return {}
    known: dict[tuple[str, str, str], Translation] = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            node = message.find("translation")
            if node is None:
                continue
            forms = [f.text or "" for f in node.iter("numerusform")] if message.get("numerus") == "yes" else [node.text or ""]
            status = node.get("type")
            key = (name, message.findtext("source") or "", message.findtext("comment") or "")
            known[key] = Translation(forms, status not in ("unfinished", "vanished", "obsolete") and any(forms))
    return known


def english_forms(source: str) -> list[str]:
    """English singular and plural of a ``(s)``/``(es)`` source text."""
    one = source.replace("(es)", "").replace("(s)", "")
    many = source.replace("(es)", "es").replace("(s)", "s")
    return [one, many]


def _language_of(path: Path) -> str:
    return path.stem.removeprefix(f"{CATALOG}_")


def render_ts(language: str, messages: list[QtMessage], known: dict[tuple[str, str, str], Translation]) -> str:
    """The .ts text for ``language``: the source's messages with what ``known`` holds, then the vanished ones."""
    english = language == SOURCE_LANGUAGE
    wanted = [m for m in messages if m.numerus] if english else messages
    n_forms = PLURAL_FORMS.get(language.split("_")[0], 2)
    by_context: dict[str, list[tuple[QtMessage, Translation, str]]] = {}
    keys = set()
    for m in wanted:
        key = (m.context, m.source, m.comment)
        keys.add(key)
        if english:
            tr = Translation(english_forms(m.source), True)
        else:
            tr = known.get(key) or Translation()
        by_context.setdefault(m.context, []).append((m, tr, ""))
    for key, tr in known.items():
        if key not in keys and any(tr.forms) and not english:
            context, source, comment = key
            by_context.setdefault(context, []).append((QtMessage(context, source, comment, len(tr.forms) > 1), tr, "vanished"))
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<!DOCTYPE TS>", f'<TS version="2.1" language="{language}" sourcelanguage="en">']
    for context in sorted(by_context):
        lines += ["<context>", f"    <name>{escape(context)}</name>"]
        for m, tr, gone in by_context[context]:
            lines.append('    <message numerus="yes">' if m.numerus else "    <message>")
            lines.append(f"        <source>{escape(m.source)}</source>")
            if m.comment:
                lines.append(f"        <comment>{escape(m.comment)}</comment>")
            status = f' type="{gone}"' if gone else ("" if tr.finished else ' type="unfinished"')
            if m.numerus:
                forms = (tr.forms + [""] * n_forms)[:n_forms] if not english else tr.forms
                lines.append(f"        <translation{status}>")
                lines += [f"            <numerusform>{escape(f)}</numerusform>" for f in forms]
                lines.append("        </translation>")
            else:
                text = tr.forms[0] if tr.forms else ""
                lines.append(f"        <translation{status}>{escape(text)}</translation>")
            lines.append("    </message>")
        lines.append("</context>")
    lines.append("</TS>")
    return "\n".join(lines) + "\n"


def ts_files() -> list[Path]:
    return sorted(TS_DIR.glob(f"{CATALOG}_*.ts"))


# --- gettext .po / .mo files ----------------------------------------------------------------


def _po_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


def _po_unquote(text: str) -> str:
    body = text.strip()[1:-1]
    out, i = [], 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            out.append({"n": "\n", "t": "\t", '"': '"', "\\": "\\"}.get(nxt, nxt))
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def read_po(path: Path) -> dict[str, list[str]]:
    """msgid -> msgstr forms of a .po file (the header under "")."""
    if not path.exists():
        return {}
    entries: dict[str, list[str]] = {}
    current: dict[str, str] = {}
    key = ""

    def flush() -> None:
        if "msgid" in current:
            forms = [current[k] for k in sorted(k for k in current if k.startswith("msgstr"))]
            entries[current["msgid"]] = forms
        current.clear()

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("#~ "):
            line = line[3:]
        elif not line or line.startswith("#"):
            if not line:
                flush()
            continue
        if line.startswith('"'):
            current[key] = current.get(key, "") + _po_unquote(line)
            continue
        word, _, rest = line.partition(" ")
        if word == "msgid" and "msgid" in current:
            flush()
        key = word
        current[key] = _po_unquote(rest)
    flush()
    return entries


def render_po(language: str, messages: list[PoMessage], known: dict[str, list[str]], *, template: bool = False) -> str:
    plural = PO_PLURALS.get(language, "nplurals=2; plural=(n != 1);")
    lines = [
        "# Byline's command-line and core messages. docs/translating.md says how to translate them.",
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        f'"Language: {language}\\n"' if not template else '"Language: \\n"',
        f'"Plural-Forms: {plural}\\n"',
        "",
    ]
    ids = set()
    for m in messages:
        ids.add(m.msgid)
        forms = [] if template else known.get(m.msgid, [])
        lines.append(f"msgid {_po_quote(m.msgid)}")
        if m.plural:
            lines.append(f"msgid_plural {_po_quote(m.plural)}")
            n = 2 if template else int(plural.split(";")[0].split("=")[1])
            forms = (forms + [""] * n)[:n]
            lines += [f"msgstr[{i}] {_po_quote(f)}" for i, f in enumerate(forms)]
        else:
            lines.append(f"msgstr {_po_quote(forms[0] if forms else '')}")
        lines.append("")
    for msgid, forms in known.items():
        if msgid and msgid not in ids and any(forms) and not template:
            lines.append(f"#~ msgid {_po_quote(msgid)}")
            lines += [f"#~ msgstr {_po_quote(f)}" for f in forms[:1]]
            lines.append("")
    return "\n".join(lines)


def compile_mo(po: Path) -> bytes:
    """The GNU .mo bytes of a .po file: finished messages only, sorted, plurals joined by NUL."""
    import struct

    entries: list[tuple[bytes, bytes]] = []
    messages = {m.msgid: m for m in po_messages()}
    for msgid, forms in read_po(po).items():
        if msgid and not all(forms):
            continue  # unfinished: English shows instead
        if msgid == "":
            entries.append((b"", forms[0].encode()))
            continue
        plural = messages[msgid].plural if msgid in messages else ""
        if msgid not in messages:
            continue  # obsolete
        key = (msgid + ("\0" + plural if plural else "")).encode()
        entries.append((key, "\0".join(forms).encode()))
    entries.sort()
    count = len(entries)
    header = 7 * 4
    ids_at = header
    strs_at = ids_at + count * 8
    data_at = strs_at + count * 8
    ids_table, strs_table, data = b"", b"", b""
    for key, _ in entries:
        ids_table += struct.pack("<II", len(key), data_at + len(data))
        data += key + b"\0"
    for _, value in entries:
        strs_table += struct.pack("<II", len(value), data_at + len(data))
        data += value + b"\0"
    return struct.pack("<IIIIIII", 0x950412DE, 0, count, ids_at, strs_at, 0, 0) + ids_table + strs_table + data


def po_files() -> list[Path]:
    return sorted(PO_DIR.glob(f"*/LC_MESSAGES/{CATALOG}.po"))


# --- commands -------------------------------------------------------------------------------


def lrelease() -> str:
    found = shutil.which("pyside6-lrelease") or shutil.which("lrelease")
    if found:
        return found
    import PySide6

    return str(Path(PySide6.__file__).parent / "lrelease")


def expected_files() -> dict[Path, str]:
    """Every .ts, .po and .pot as ``update`` would write them now."""
    out: dict[Path, str] = {}
    qt = qt_messages()
    for path in ts_files():
        out[path] = render_ts(_language_of(path), qt, read_ts(path))
    cli = po_messages()
    out[PO_DIR / f"{CATALOG}.pot"] = render_po("", cli, {}, template=True)
    for path in po_files():
        out[path] = render_po(path.parents[1].name, cli, read_po(path))
    return out


def compiled_qm(ts: Path, folder: Path) -> bytes:
    target = folder / ts.with_suffix(".qm").name
    subprocess.run([lrelease(), "-silent", str(ts), "-qm", str(target)], check=True, capture_output=True)
    return target.read_bytes()


def update() -> None:
    for path, text in expected_files().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def release() -> None:
    for ts in ts_files():
        compiled_qm(ts, TS_DIR)
    for po in po_files():
        po.with_suffix(".mo").write_bytes(compile_mo(po))


def stale() -> list[str]:
    """Files that are behind the source (empty when everything is current)."""
    behind = [str(p.relative_to(ROOT)) for p, text in expected_files().items() if not p.exists() or p.read_text(encoding="utf-8") != text]
    with tempfile.TemporaryDirectory() as tmp:
        for ts in ts_files():
            qm = ts.with_suffix(".qm")
            if not qm.exists() or qm.read_bytes() != compiled_qm(ts, Path(tmp)):
                behind.append(str(qm.relative_to(ROOT)))
    for po in po_files():
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != compile_mo(po):
            behind.append(str(mo.relative_to(ROOT)))
    return behind


def add(language: str) -> None:
    (TS_DIR / f"{CATALOG}_{language}.ts").write_text(render_ts(language, qt_messages(), {}), encoding="utf-8")
    po = PO_DIR / language / "LC_MESSAGES" / f"{CATALOG}.po"
    po.parent.mkdir(parents=True, exist_ok=True)
    po.write_text(render_po(language, po_messages(), {}), encoding="utf-8")


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "update":
        update()
    elif command == "release":
        release()
    elif command == "add" and len(argv) == 2:
        add(argv[1])
    elif command == "check":
        behind = stale()
        for name in behind:
            print(f"behind the source: {name} (run: python scripts/translations.py update && python scripts/translations.py release)")
        return 1 if behind else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
