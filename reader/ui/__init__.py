"""The Byline window (PySide6). Reaches the library only through ``reader.core.library.Library``.

Importing this package loads QtCore and spares the start PySide's source scan:
PySide6 hooks ``import`` to learn which modules opt into its ``__feature__``
switches (``snake_case``, ``true_property``), and answers that by reading the
whole source file of each module imported after it, once per module
(``PySide6.support.feature._mod_uses_pyside``): about 110 files, 15 ms, before
the first window. Byline and the libraries it loads select no feature, and a
module marked "no feature user" is handled exactly as an unselected one, so
the scan is replaced by that answer (docs/decisions.md, "PySide's source scan").
The hook is PySide's internal: when its names are not there, nothing changes.
"""

from __future__ import annotations

import types

import PySide6.QtCore  # noqa: F401 - loads shibokensupport, whose hook is changed below


def _no_feature_selected(module: types.ModuleType) -> bool:
    """PySide's question "does this module use PySide's features?": never, in Byline."""
    return False


def _spare_source_scan() -> bool:
    """Answer PySide's per-module feature question without reading sources; whether it was done."""
    try:
        from PySide6.support import feature  # type: ignore[attr-defined]  # shiboken6's, under PySide6's name
    except ImportError:
        return False
    if not callable(getattr(feature, "_mod_uses_pyside", None)) or not isinstance(
        getattr(feature, "pyside_feature_dict", None), dict
    ):
        return False
    feature._mod_uses_pyside = _no_feature_selected
    return True


SOURCE_SCAN_SPARED = _spare_source_scan()
