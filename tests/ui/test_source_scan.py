"""PySide's import hook answers its feature question without reading each module's source."""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

import pytest

import reader.ui


def test_a_module_imported_after_pyside_is_not_read_for_its_feature_question(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.support import feature

    assert reader.ui.SOURCE_SCAN_SPARED  # this PySide has the hook; a new one without it needs no sparing
    (tmp_path / "byline_scan_probe.py").write_text("VALUE = 7  # PySide6 is named here, as a scan would find\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    read: list[object] = []
    real = inspect.getsource

    def counted(obj: object, *args: object, **kwargs: object) -> str:
        read.append(obj)
        return real(obj, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(inspect, "getsource", counted)
    found: dict[str, object] = {}
    try:
        exec("import byline_scan_probe", found)  # an import statement: what PySide hooks
    finally:
        sys.modules.pop("byline_scan_probe", None)
    assert found["byline_scan_probe"].VALUE == 7  # type: ignore[attr-defined]
    assert read == []  # no source read for it
    assert feature.pyside_feature_dict.get("byline_scan_probe") == -1  # the hook ran and took Byline's answer
