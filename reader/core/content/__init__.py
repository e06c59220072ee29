"""Article content: safe HTML, "[related]" callouts as links, clean text.

The package's public face. ``pipeline`` holds the two moments of a body
(``prepare`` at ingest, ``render`` at display); ``sanitizer`` the allowlist;
``callouts`` the "[related]" rule; ``crumbs`` aggregator bylines; ``text`` plain
text; ``htmltree`` the lxml helpers they share. Nothing here does I/O.
"""

from reader.core.content.callouts import Callout, find_callouts, is_callout_text, normalize_headline
from reader.core.content.pipeline import Prepared, prepare, render
from reader.core.content.text import plain_text

__all__ = [
    "Callout",
    "Prepared",
    "find_callouts",
    "is_callout_text",
    "normalize_headline",
    "plain_text",
    "prepare",
    "render",
]
