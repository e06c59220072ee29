"""Writing files so that an interrupted write never leaves half a file behind."""

from __future__ import annotations

import os
from pathlib import Path

from reader.core.errors import BylineError
from reader.i18n import _


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """``write_text_atomic`` for bytes."""
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise BylineError(_("cannot write %(path)s: %(err)s") % {"path": path, "err": err.strerror or err}) from err


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` next to ``path`` and rename it in.

    Raises:
        BylineError: the file cannot be written (the message names it).
    """
    write_bytes_atomic(path, text.encode("utf-8"))
