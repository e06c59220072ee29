"""The lxml fast path for plain, well-formed RSS, RDF and Atom.

``walker.read_feed`` returns the dict feedparser would have built for the keys
``feeds.parse`` reads, or None to hand the document to feedparser. ``rules``
restates feedparser's value rules (dates, URLs, authors, tags) and ``names``
its element naming. Nothing outside ``feeds.parse`` calls into this package.
"""
