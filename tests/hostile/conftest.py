"""Every CLI run here, in process or as a child process, is checked for a traceback on stderr."""

from __future__ import annotations

from tests.traceback_check import install, no_tracebacks

install()

__all__ = ["no_tracebacks"]
