"""Incremental gzip/deflate decoding with a cap: a compression bomb stops at the cap, not in memory."""

from __future__ import annotations

import zlib
from typing import Any

from reader.core.errors import FetchError
from reader.i18n import _


def format_size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):g} MB"
    if n >= 1024:
        return f"{n / 1024:g} KB"
    return f"{n} bytes"


def format_seconds(t: float) -> str:
    return f"{t:g} s"


class Decoder:
    """Incremental gzip/deflate decoding that never produces more than ``cap`` bytes."""

    def __init__(self, encoding: str, cap: int) -> None:
        self.encoding = encoding
        self.cap = cap
        self.size = 0
        self._raw_deflate_tried = False
        self._first = True
        self._obj = self._new()

    def _new(self) -> Any:
        if self.encoding == "gzip":
            return zlib.decompressobj(zlib.MAX_WBITS | 16)
        return zlib.decompressobj(zlib.MAX_WBITS)  # zlib-wrapped, as HTTP says

    def feed(self, data: bytes) -> list[bytes]:
        out: list[bytes] = []
        while data:
            room = self.cap - self.size
            try:
                piece = self._obj.decompress(data, room + 1)
            except zlib.error as err:
                if self.encoding == "deflate" and self._first and not self._raw_deflate_tried:
                    # Some servers send raw deflate without the zlib header.
                    self._raw_deflate_tried = True
                    self._obj = zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                corrupt = {"encoding": self.encoding, "err": err}
                raise FetchError(_("the server sent a corrupt %(encoding)s body (%(err)s)") % corrupt) from err
            self._first = False
            self._add(piece, out)
            if self._obj.eof and self._obj.unused_data:
                # Another gzip member (concatenated gzip is legal).
                data = self._obj.unused_data
                self._obj = self._new()
                continue
            data = self._obj.unconsumed_tail
            if not piece and data:  # no progress possible; avoid spinning
                break
        return out

    def finish(self) -> list[bytes]:
        out: list[bytes] = []
        try:
            self._add(self._obj.flush(), out)
        except zlib.error as err:
            raise FetchError(_("the server sent a corrupt %(encoding)s body (%(err)s)") % {"encoding": self.encoding, "err": err}) from err
        return out

    def _add(self, piece: bytes, out: list[bytes]) -> None:
        self.size += len(piece)
        if self.size > self.cap:
            raise FetchError(_("feed is larger than %(limit)s once decompressed") % {"limit": format_size(self.cap)})
        if piece:
            out.append(piece)


