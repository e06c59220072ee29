"""One error family. Every message tells the user what happened and what to do.

``BylineError`` and its subclasses are expected faults: the CLI prints one line
and exits 1, the window shows the line where it belongs. Any other exception
is a bug and is allowed to be loud.
"""

from __future__ import annotations


class BylineError(Exception):
    """A fault the user can act on (bad input, unreachable server, unknown id)."""


class InputError(BylineError, ValueError):
    """A request that cannot be carried out as asked (a name already taken, a folder into itself)."""


class StorageError(BylineError):
    """The library file cannot be opened, read or written."""


class CorruptLibraryError(StorageError):
    """The library file failed its integrity check; it is left untouched."""


class NotFoundError(BylineError, LookupError):
    """An id or path that is not in the library."""


class FeedError(BylineError):
    """A feed could not be fetched or parsed.

    Attributes:
        feed: the feed's URL (or path), when the error is about a known feed.
    """

    def __init__(self, message: str, *, feed: str | None = None) -> None:
        super().__init__(message)
        self.feed = feed


class ParseError(FeedError):
    """A body is not a feed Byline can read."""


class FetchError(FeedError):
    """The server could not be reached or answered with an error.

    Attributes:
        status: the HTTP status, when the server answered.
        retry_after: seconds the server asked us to wait (429, 503), if it said.
    """

    def __init__(
        self, message: str, *, status: int | None = None, retry_after: float | None = None, feed: str | None = None
    ) -> None:
        super().__init__(message, feed=feed)
        self.status = status
        self.retry_after = retry_after


class NotAFeedError(ParseError):
    """The body is an HTML page, not a feed; discovery may find the feed."""


class OPMLError(BylineError):
    """An OPML file could not be read."""


class UnsafeURLError(InputError):
    """A URL with a scheme Byline refuses (exec:, file:, javascript:, ...)."""


class QueryError(InputError):
    """A search query that cannot be understood."""
