"""Byline: a desktop news reader.

The package is named ``reader``; the distribution and command are ``byline``.
``open_library``, ``Library`` and ``BylineError`` are re-exported lazily so that
importing a core module does not drag in the rest.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["BylineError", "Library", "open_library", "__version__"]


def __getattr__(name: str) -> Any:
    if name == "BylineError":
        from reader.core.errors import BylineError

        return BylineError
    if name in ("Library", "open_library"):
        from reader.core import library

        return getattr(library, name)
    raise AttributeError(name)
