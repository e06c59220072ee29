"""XML bytes made safe and decodable before any parser sees them.

Wide encodings (UTF-16/32) become UTF-8, a body that is valid UTF-8 is read as
UTF-8, leading blank lines go, and the DOCTYPE goes with its internal subset
(no entity expansion, ever). ``parse.py`` runs this for both engines;
``reads_as_utf8`` tells the fast path whether lxml may decode the result.
"""

from __future__ import annotations

import codecs
import re

from reader.core.errors import ParseError
from reader.i18n import _

_XML_DECLARATION_ENCODING = re.compile(rb"""^(\s*<\?xml[^>]*?encoding\s*=\s*["'])([^"']*)(["'])""")
_DOCTYPE_TOKEN = re.compile(rb"\"[^\"]*\"|'[^']*'|<!--.*?-->|[\[\]>]", re.S)
_SPACE = re.compile(rb"\s*")
_DECLARED = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']""")
# Declared encodings that read pure-ASCII bytes exactly as UTF-8 does.
_ASCII_SUPERSETS = frozenset(
    ("utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "latin-1", "latin1", "windows-1252", "cp1252")
    + tuple(f"iso-8859-{n}" for n in range(2, 16))
    + tuple(f"windows-125{n}" for n in range(9))
)


def _wide_encoding(body: bytes) -> str | None:
    """The UTF-16/32 codec a body is in, from its BOM or its first '<'."""
    if body.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    head = body[:4]
    if head == b"\x00\x00\x00<":
        return "utf-32-be"
    if head == b"<\x00\x00\x00":
        return "utf-32-le"
    if head[:3] == b"\x00<\x00" or head[:2] == b"\x00<":
        return "utf-16-be"
    if head[:2] == b"<\x00":
        return "utf-16-le"
    return None


def _declare_utf8(data: bytes) -> bytes:
    return _XML_DECLARATION_ENCODING.sub(rb"\1utf-8\3", data, count=1)


def _charset_param(content_type: str | None) -> str | None:
    if not content_type:
        return None
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            name = value.strip().strip("\"'")
            try:
                return codecs.lookup(name).name if name else None
            except LookupError:
                return None
    return None


def prepare_xml(body: bytes, content_type: str | None = None) -> tuple[bytes, str | None]:
    """Bytes safe to hand feedparser, and the charset to force (or None).

    See ``prepare_document``, which also says whether a DOCTYPE was removed.
    """
    data, charset, _ = prepare_document(body, content_type)
    return data, charset


def prepare_document(body: bytes, content_type: str | None) -> tuple[bytes, str | None, bool]:
    """Bytes safe to hand feedparser, the charset to force (or None), and whether a DOCTYPE went.

    UTF-16/32 is transcoded to UTF-8; a body that is valid UTF-8 is read as
    UTF-8 whatever it declares (servers and templates mislabel; legacy text is
    almost never valid UTF-8 by accident); the DOCTYPE goes (see ``strip_doctype``).
    """
    charset: str | None = None
    wide = _wide_encoding(body)
    if wide:
        try:
            text = body.decode(wide)
        except UnicodeDecodeError as err:
            raise ParseError(_("the document is not valid %(encoding)s text") % {"encoding": wide.upper()}) from err
        data = _declare_utf8(text.lstrip("\ufeff").encode("utf-8"))
        charset = "utf-8"
    else:
        data = body
        if data.startswith(codecs.BOM_UTF8):
            data = data[3:]
            charset = "utf-8"
        elif not data.isascii():
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                if not _XML_DECLARATION_ENCODING.match(data):
                    charset = _charset_param(content_type)
            else:
                charset = "utf-8"
    # Blank lines before <?xml make expat give up on an otherwise fine feed.
    data = data.lstrip(b" \t\r\n")
    stripped = strip_doctype(data)
    return stripped, charset, len(stripped) != len(data)


def strip_doctype(data: bytes) -> bytes:
    """Remove the DOCTYPE (with its internal subset) from an XML prolog.

    feedparser expands entities declared there; a "billion laughs" subset
    would grow until memory runs out. Nothing after the prolog is touched.
    """
    pos = _SPACE.match(data, 3 if data.startswith(codecs.BOM_UTF8) else 0).end()  # type: ignore[union-attr]
    while pos < len(data):
        if data.startswith(b"<?", pos):
            end = data.find(b"?>", pos + 2)
            if end < 0:
                return data
            pos = end + 2
        elif data.startswith(b"<!--", pos):
            end = data.find(b"-->", pos + 4)
            if end < 0:
                return data
            pos = end + 3
        elif data[pos : pos + 9].upper() == b"<!DOCTYPE":
            return data[:pos] + data[_doctype_end(data, pos + 9) :]
        else:
            return data
        pos = _SPACE.match(data, pos).end()  # type: ignore[union-attr]
    return data


def _doctype_end(data: bytes, pos: int) -> int:
    """Index just past the DOCTYPE that starts before ``pos`` (len(data) if open)."""
    depth = 0
    for match in _DOCTYPE_TOKEN.finditer(data, pos):
        token = match.group()
        if token == b"[":
            depth += 1
        elif token == b"]":
            depth = max(0, depth - 1)
        elif token == b">" and depth == 0:
            return match.end()
    return len(data)


def reads_as_utf8(data: bytes, charset: str | None) -> bool:
    """Whether prepared bytes mean the same read as UTF-8 as they do to feedparser.

    True when ``prepare_document`` forced UTF-8, or when the bytes are ASCII and
    declare no encoding or one that agrees with ASCII.
    """
    if charset is not None:
        return charset == "utf-8"
    if not data.isascii():
        return False
    declared = _DECLARED.match(data)
    return not declared or declared.group(1).decode("ascii").strip().lower() in _ASCII_SUPERSETS
