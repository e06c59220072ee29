"""Sync with feed servers: accounts, pending changes, push then pull.

``engine.AccountSync`` runs one account's sync against a
``reader.core.net.greader.GReaderClient``; ``plan`` holds its pure decisions
(what to send, what the server's state changes here, when to try again);
``accounts`` adds, removes and syncs an account with the store and the
secrets, and ``remote`` edits an account's feeds on its server. The facade
(``Library``) hands them what they need.

Nothing is imported here: ``reader.core.sync.facade`` is mixed into the
Library, and importing it must not load the sync machinery (and httpx) that
only an account operation needs.
"""
