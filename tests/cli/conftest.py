"""Every CLI run here, in process or as a child process, is checked for a traceback on stderr."""

from __future__ import annotations

import pytest

from tests.traceback_check import COUNTS, install, no_tracebacks

install()

__all__ = ["no_tracebacks"]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if COUNTS["in_process"] or COUNTS["processes"]:
        terminalreporter.write_line(
            f"traceback check: {COUNTS['in_process']} in-process CLI runs and {COUNTS['processes']} child processes, "
            "checked for a traceback on stderr"
        )
