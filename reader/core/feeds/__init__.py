"""Feed documents: bytes in, ParsedFeed or OPMLDocument out. No I/O.

``parse.parse_feed`` reads RSS, RDF, Atom and JSON Feed; ``opml`` reads and
writes subscription lists. The lxml fast path for plain, well-formed XML feeds
is fenced in ``fastpath``: it hands back exactly what feedparser would, or
declines (see docs/decisions.md, "A second feed parser").
"""
