"""Sync with feed servers: accounts, pending changes, push then pull.

``engine.AccountSync`` runs one account's sync against a
``reader.core.net.greader.GReaderClient``; ``plan`` holds its pure decisions
(what to send, what the server's state changes here, when to try again);
``accounts`` adds, removes and syncs an account with the store and the
secrets, and ``remote`` edits an account's feeds on its server. The facade
(``Library``) hands them what they need.
"""

from __future__ import annotations

from reader.core.sync.accounts import KINDS
from reader.core.sync.engine import AccountSync, SyncCancelled
from reader.core.sync.plan import is_due

__all__ = ["KINDS", "AccountSync", "SyncCancelled", "is_due"]
