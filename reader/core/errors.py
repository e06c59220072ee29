"""One error family. Every message tells the user what happened and what to do."""

from __future__ import annotations


class BylineError(Exception):
    """A fault the user can act on (bad input, unreachable server, unknown id)."""


class StorageError(BylineError):
    """The library file cannot be opened, read or written."""


class CorruptLibraryError(StorageError):
    """The library file failed its integrity check; it is left untouched."""


class NotFoundError(BylineError):
    """An id or path that is not in the library."""


class FeedError(BylineError):
    """A feed could not be fetched or parsed."""


class ParseError(FeedError):
    """A body is not a feed Byline can read."""


class FetchError(FeedError):
    """The server could not be reached or answered with an error."""

    def __init__(self, message: str, *, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class NotAFeedError(ParseError):
    """The body is an HTML page, not a feed; discovery may find the feed."""


class OPMLError(BylineError):
    """An OPML file could not be read."""


class UnsafeURLError(BylineError):
    """A URL with a scheme Byline refuses (exec:, file:, javascript:, ...)."""


class QueryError(BylineError):
    """A search query that cannot be understood."""
