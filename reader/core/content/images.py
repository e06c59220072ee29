"""Images worth keeping: what a downloaded file really is, and whether it is safe to keep and show.

``check_image`` takes the bytes a server sent (and the type it claimed) and
returns a ``CheckedImage`` or raises ``ImageRefused`` whose message is the note
the user sees. Raster images (PNG, JPEG, GIF, WebP) are recognised by their
magic bytes, never by the server's word, and their pixel size is read from
their header so a tiny file cannot ask for gigabytes of pixels. SVG is kept
only as ``clean_svg`` rewrites it: SVG elements and plain attributes only, no
style sheets, links, embedded images or animation, and references only within
the file itself. An SVG that tries to run code (a script, an event handler, a
``javascript:`` URL, foreign HTML) or declares entities is refused whole.

``image_sources`` lists the images an article body shows, leaving out
tracking pixels (``is_tracking_pixel``: declared at most 2×2), which rendering
drops too. Nothing here does I/O.
"""

from __future__ import annotations

import hashlib
import re
import struct
from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

from reader.core.content.htmltree import parse_fragment
from reader.core.errors import BylineError
from reader.core.net.decode import format_size

__all__ = [
    "IMAGE_MAX_BYTES",
    "IMAGE_TYPES",
    "MAX_IMAGES_PER_ARTICLE",
    "CheckedImage",
    "ImageRefused",
    "check_image",
    "clean_svg",
    "image_sources",
    "is_tracking_pixel",
    "sniff_raster",
]

IMAGE_MAX_BYTES = 5 * 1024 * 1024  # the largest image kept (the pane's own cap for remote images)
MAX_SIDE = 16_384  # pixels on either side
MAX_PIXELS = 40_000_000  # about 160 MB decoded at 4 bytes a pixel
MAX_IMAGES_PER_ARTICLE = 40

# The types kept, with their file extension: the EPUB core media types that Qt decodes too.
IMAGE_TYPES = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp", "image/svg+xml": "svg"}

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"


class ImageRefused(BylineError):
    """An image that is not kept; the message is the note shown for it."""


@dataclass(frozen=True)
class CheckedImage:
    """An image fit to keep.

    Attributes:
        data: the bytes to store (for SVG, the cleaned document).
        type: its real media type (one of ``IMAGE_TYPES``).
        hash: SHA-256 of ``data`` in hex: its identity in the library.
        width, height: its pixel size (None for SVG).
    """

    data: bytes
    type: str
    hash: str
    width: int | None = None
    height: int | None = None


# --- raster images ---------------------------------------------------------------------------


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) from a JPEG's first frame header, or None when there is none."""
    i = 2
    end = len(data)
    while i + 4 <= end:
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker in (0x01, 0xD8) or 0xD0 <= marker <= 0xD7:  # no length
            i += 2
            continue
        (length,) = struct.unpack(">H", data[i + 2 : i + 4])
        if length < 2:
            return None
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            if i + 9 > end:
                return None
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return width, height
        if marker == 0xDA:  # start of scan before any frame header
            return None
        i += 2 + length
    return None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8 " and len(data) >= 30:
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and len(data) >= 25:
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X" and len(data) >= 30:
        return int.from_bytes(data[24:27], "little") + 1, int.from_bytes(data[27:30], "little") + 1
    return None


def sniff_raster(data: bytes) -> tuple[str, tuple[int, int] | None] | None:
    """The media type of a raster image by its magic bytes, with its pixel size when readable; None if it is none."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        size = struct.unpack(">II", data[16:24]) if len(data) >= 24 and data[12:16] == b"IHDR" else None
        return "image/png", size
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg", _jpeg_size(data)
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif", struct.unpack("<HH", data[6:10]) if len(data) >= 10 else None
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "image/webp", _webp_size(data)
    return None


def _what_it_is(data: bytes) -> str:
    """A few words on what a refused file seems to be, for the note."""
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or b"<html" in head:
        return "an HTML page"
    if head.startswith((b"{", b"[")):
        return "JSON"
    if head.startswith((b"<?xml", b"<")):
        return "an XML or HTML document"
    if data.startswith((b"II*\x00", b"MM\x00*")):
        return "a TIFF image (not kept: only PNG, JPEG, GIF, WebP and SVG are)"
    if data.startswith(b"BM"):
        return "a BMP image (not kept: only PNG, JPEG, GIF, WebP and SVG are)"
    if not data:
        return "nothing (an empty file)"
    return "something that is not an image"


def _looks_like_svg(data: bytes, declared: str) -> bool:
    if declared == "image/svg+xml":
        return True
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<") and b"<svg" in head


def check_image(data: bytes, declared: str | None = None, *, max_bytes: int = IMAGE_MAX_BYTES) -> CheckedImage:
    """Decide whether ``data`` may be kept, and in what form.

    Args:
        declared: the Content-Type the server sent (parameters allowed); it
            only names the file in a note, the bytes decide.

    Raises:
        ImageRefused: the note saying why it is not kept.
    """
    claimed = (declared or "").split(";")[0].strip().lower()
    if len(data) > max_bytes:
        raise ImageRefused(f"too large ({format_size(len(data))}; images up to {format_size(max_bytes)} are kept)")
    sniffed = sniff_raster(data)
    if sniffed is not None:
        kind, size = sniffed
        if size is None:
            raise ImageRefused(f"a damaged {IMAGE_TYPES[kind].upper()} image (its size cannot be read)")
        width, height = size
        if width <= 0 or height <= 0:
            raise ImageRefused(f"a damaged {IMAGE_TYPES[kind].upper()} image (it claims {width}×{height} pixels)")
        if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
            raise ImageRefused(
                f"too many pixels ({width}×{height}; images up to {MAX_SIDE} a side and "
                f"{MAX_PIXELS // 1_000_000} million pixels are kept)"
            )
        return CheckedImage(data, kind, hashlib.sha256(data).hexdigest(), width, height)
    if _looks_like_svg(data, claimed):
        clean = clean_svg(data)
        return CheckedImage(clean, "image/svg+xml", hashlib.sha256(clean).hexdigest())
    said = f"the server called it {claimed} but " if claimed else ""
    raise ImageRefused(f"not an image: {said}it is {_what_it_is(data)}")


# --- SVG ---------------------------------------------------------------------------------------

# Drawing elements kept as they are.
_SVG_KEEP = frozenset({
    "svg", "g", "defs", "desc", "title", "symbol", "use", "switch",
    "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
    "text", "tspan", "textPath",
    "linearGradient", "radialGradient", "stop", "pattern", "clipPath", "mask", "marker",
    "filter", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite", "feConvolveMatrix",
    "feDiffuseLighting", "feDisplacementMap", "feDistantLight", "feDropShadow", "feFlood", "feFuncA", "feFuncB",
    "feFuncG", "feFuncR", "feGaussianBlur", "feMerge", "feMergeNode", "feMorphology", "feOffset",
    "fePointLight", "feSpecularLighting", "feSpotLight", "feTile", "feTurbulence",
})  # fmt: skip
# Links: their drawing stays, the link goes.
_SVG_UNWRAP = frozenset({"a"})
# Elements that run code or embed a document: the whole file is refused.
_SVG_REFUSE = {"script": "a script", "foreignObject": "embedded HTML (foreignObject)", "handler": "a script handler"}

_URL_FUNC = re.compile(r"url\s*\(\s*['\"]?\s*([^)'\"\s]*)", re.IGNORECASE)
_CODE_URL = re.compile(r"(?:java|vb|live)script\s*:", re.IGNORECASE)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def _svg_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False,
        remove_comments=True, remove_pis=True, remove_blank_text=False, recover=False,
    )  # fmt: skip


def _local_only(value: str) -> bool:
    """A reference within the file ("#id"), the only kind an SVG image may hold."""
    return value.strip().startswith("#")


def _safe_value(value: str) -> bool | None:
    """None: the value tries to run code (refuse the file); False: it points outside the file (drop it)."""
    compact = _INVISIBLE.sub("", value)
    if _CODE_URL.search(compact):
        return None
    lowered = compact.lower()
    if "@import" in lowered or "expression(" in lowered or "\\" in value:
        return False
    return all(target.startswith("#") for target in _URL_FUNC.findall(value))


def _clean_attributes(el: etree._Element) -> None:
    for name in list(el.attrib):
        value = el.attrib[name]
        qname = etree.QName(name)
        local = qname.localname
        if qname.namespace is None and local.lower().startswith("on"):
            raise ImageRefused(f"an SVG with a script is refused (event handler {local})")
        safe = _safe_value(value)
        if safe is None:
            raise ImageRefused("an SVG with a script is refused (a javascript: address)")
        if qname.namespace not in (None, XLINK_NS, XML_NS) or (qname.namespace == XML_NS and local not in ("space", "lang")):
            del el.attrib[name]
        elif local == "href" and qname.namespace in (None, XLINK_NS):
            if not _local_only(value):
                del el.attrib[name]
        elif qname.namespace == XLINK_NS or not safe:
            del el.attrib[name]


def _clean_element(el: etree._Element) -> None:
    """Clean ``el``'s subtree in place (``el`` itself is a kept SVG element)."""
    _clean_attributes(el)
    for child in list(el):
        if not isinstance(child.tag, str):  # an entity reference left unresolved
            raise ImageRefused("an SVG that uses entities is refused")
        qname = etree.QName(child)
        if qname.namespace == SVG_NS and qname.localname in _SVG_REFUSE:
            raise ImageRefused(f"an SVG with {_SVG_REFUSE[qname.localname]} is refused")
        if qname.namespace == SVG_NS and qname.localname in _SVG_KEEP:
            _clean_element(child)
        elif qname.namespace == SVG_NS and qname.localname in _SVG_UNWRAP:
            _clean_element(child)
            _unwrap(child)
        else:
            _check_dropped(child)
            _drop_keeping_tail(child)


def _check_dropped(el: etree._Element) -> None:
    """A dropped subtree may still not hide a script: such a file is refused, not quietly cleaned."""
    for inner in el.iter():
        if not isinstance(inner.tag, str):
            continue
        qname = etree.QName(inner)
        if qname.localname in _SVG_REFUSE:
            raise ImageRefused(f"an SVG with {_SVG_REFUSE[qname.localname]} is refused")
        for name, value in inner.attrib.items():
            if etree.QName(name).localname.lower().startswith("on"):
                raise ImageRefused(f"an SVG with a script is refused (event handler {etree.QName(name).localname})")
            if _safe_value(value) is None:
                raise ImageRefused("an SVG with a script is refused (a javascript: address)")


def _drop_keeping_tail(el: etree._Element) -> None:
    parent = el.getparent()
    assert parent is not None
    previous = el.getprevious()
    if el.tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _unwrap(el: etree._Element) -> None:
    """Replace ``el`` by its children (an SVG link keeps its drawing)."""
    parent = el.getparent()
    assert parent is not None
    index = parent.index(el)
    for offset, child in enumerate(list(el)):
        parent.insert(index + offset, child)
    _drop_keeping_tail(el)


def clean_svg(data: bytes) -> bytes:
    """An SVG rewritten to be inert (see the module docstring).

    Raises:
        ImageRefused: it runs code, declares entities, or is not an SVG document.
    """
    head = data[:8192]
    if b"<!ENTITY" in data or re.search(rb"<!DOCTYPE[^>]*\[", head):
        raise ImageRefused("an SVG that declares entities is refused")
    try:
        root = etree.fromstring(data, _svg_parser())
    except etree.XMLSyntaxError as err:
        raise ImageRefused(f"a broken SVG ({err.msg})") from err
    if root.tag != f"{{{SVG_NS}}}svg":
        raise ImageRefused("not an SVG image (its root element is not <svg> in the SVG namespace)")
    _clean_element(root)
    etree.cleanup_namespaces(root, top_nsmap={None: SVG_NS, "xlink": XLINK_NS})
    return bytes(etree.tostring(root, encoding="utf-8", xml_declaration=True))


# --- which images an article shows ------------------------------------------------------------------


def is_tracking_pixel(img: etree._Element) -> bool:
    """An image declared at most 2×2 pixels: a tracking pixel, never content, never worth a request."""
    sizes = [img.get("width"), img.get("height")]
    return all(s is not None and s.strip().isdigit() and int(s) <= 2 for s in sizes)


def image_sources(bodies: Iterable[str], *, limit: int = MAX_IMAGES_PER_ARTICLE) -> list[str]:
    """The http(s) addresses of the images ``bodies`` show, in order, each once, at most ``limit``."""
    found: list[str] = []
    seen: set[str] = set()
    for body in bodies:
        if not body or "<img" not in body:
            continue
        for img in parse_fragment(body).iter("img"):
            src = (img.get("src") or "").strip()
            if not src.lower().startswith(("http://", "https://")) or src in seen or is_tracking_pixel(img):
                continue
            seen.add(src)
            found.append(src)
            if len(found) >= limit:
                return found
    return found
