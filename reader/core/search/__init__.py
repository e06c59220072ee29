"""Offline search: the query language and the snippets shown with each hit.

``query.parse_query`` compiles what the user typed into an FTS5 expression and
filters; ``snippet.make_snippet`` picks the words around the matches. Ranking
itself is SQL and lives in ``storage``.
"""
