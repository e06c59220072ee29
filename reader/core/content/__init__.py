"""Article content: safe HTML, "[related]" callouts as links, clean text.

``pipeline`` holds the two moments of a body (``prepare`` at ingest, ``render``
at display); ``sanitizer`` the allowlist; ``callouts`` the "[related]" rule;
``crumbs`` aggregator bylines; ``text`` plain text; ``htmltree`` the lxml
helpers they share. Nothing here does I/O.

Import from the modules themselves: this file imports nothing, so that a
search, which needs only ``text`` to quote the stored bodies, does not load
the rendering pipeline and its image rules as well.
"""
