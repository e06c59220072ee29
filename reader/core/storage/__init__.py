"""The library file: the only package that speaks SQL.

``store.Store`` is one connection with every domain's queries (mixins in
``feeds``, ``articles``, ``search``, ``backups``); ``connection`` opens the file
and turns SQLite faults into Byline errors in one place; ``schema`` holds the
forward-only migrations; ``rows`` the shapes that cross the boundary. Nothing
here imports the application layer (``reader.core.library`` and its siblings).
"""
