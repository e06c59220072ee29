"""The ``settings`` table: the user's preferences, one JSON value per key."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from reader.core.storage.connection import StoreBase


class SettingsMixin(StoreBase):
    """Reading and writing stored preferences (``reader.core.settings.Settings`` gives them meaning)."""

    def stored_settings(self) -> dict[str, Any]:
        """Every stored key and its value; values that are not valid JSON are left out."""
        found: dict[str, Any] = {}
        for key, raw in self._conn.execute("SELECT key, value FROM settings"):
            try:
                found[key] = json.loads(raw)
            except ValueError:
                continue
        return found

    def save_settings(self, values: Mapping[str, Any]) -> None:
        """Store ``values`` (key -> JSON-able value) in one transaction."""
        with self.transaction() as c:
            c.executemany(
                "INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [(key, json.dumps(value)) for key, value in values.items()],
            )
