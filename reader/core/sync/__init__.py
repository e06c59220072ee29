"""Sync with feed servers: accounts, pending changes, push then pull.

``engine.AccountSync`` runs one account's sync against a
``reader.core.net.greader.GReaderClient``; ``plan`` holds its pure decisions
(what to send, what the server's state changes here, when to try again).
The facade (``Library.sync``) wires them with the store and the secrets.
"""

from __future__ import annotations

from reader.core.sync.engine import AccountSync, SyncCancelled
from reader.core.sync.plan import is_due

KINDS = ("greader",)

__all__ = ["KINDS", "AccountSync", "SyncCancelled", "is_due"]
