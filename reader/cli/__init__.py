"""The ``byline`` command: argparse -> Library -> print / JSON, exit codes.

No SQL and no Qt here (the window is imported only for ``gui``). Expected
faults print one line on stderr and exit 1; wrong usage exits 2; anything else
is a bug and is loud. Commands live by family in ``commands`` (the contract's
base commands), ``keeping`` (feed options, kept images), ``accounts``
(accounts and sync), ``manage`` (managing feeds), ``rules`` (rules and smart feeds),
``window``, ``access`` (feed logins, a feed's User-Agent, the proxy) and ``desktop``
(the application-menu entry); ``output`` holds the JSON field sets.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TextIO

from reader import __version__
from reader.cli import access, accounts, care, commands, desktop, keeping, manage, rules, window
from reader.cli.access import UsageError
from reader.cli.commands import EXIT_FAULT, EXIT_OK, EXIT_USAGE
from reader.cli.output import one_line
from reader.core.errors import BylineError, CorruptLibraryError
from reader.i18n import _, translate_argparse

__all__ = ["EXIT_FAULT", "EXIT_OK", "EXIT_USAGE", "build_parser", "main"]

# Libraries that log their own parse failures (at ERROR, readability with a
# traceback) while Byline handles them: what the user needs is Byline's one line.
CHATTY_LIBRARIES = ("trafilatura", "readability", "htmldate", "courlan", "justext")


class OneLineFormatter(logging.Formatter):
    """Each record as one line: no traceback and no stack on the user's terminal (``-v`` shows them)."""

    def formatException(self, ei: object) -> str:  # noqa: N802 - logging's name
        return ""

    def formatStack(self, stack_info: str) -> str:  # noqa: N802 - logging's name
        return ""

    def format(self, record: logging.LogRecord) -> str:
        return one_line(super().format(record))


@contextmanager
def logging_to(err: TextIO, *, verbose: bool) -> Iterator[None]:
    """Log to ``err`` while a command runs: warnings and worse as one line each, or everything with ``-v``."""
    handler = logging.StreamHandler(err)
    if verbose:
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    else:
        handler.setFormatter(OneLineFormatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO if verbose else logging.WARNING)
    quieted = {name: logging.getLogger(name).level for name in CHATTY_LIBRARIES}
    if not verbose:
        for name in CHATTY_LIBRARIES:
            logging.getLogger(name).setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        for name, level in quieted.items():
            logging.getLogger(name).setLevel(level)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="byline", description=_("Byline: a calm, fast desktop news reader."))
    p.add_argument("--data-dir", metavar="DIR", help=_("keep the library in DIR (default: $BYLINE_DATA_DIR or the user data dir)"))
    p.add_argument("--version", action="version", version=f"byline {__version__}", help=_("show the version and exit"))
    p.add_argument("-v", "--verbose", action="store_true", help=_("log what happens"))
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    window.register(sub)
    commands.register(sub)
    keeping.register(sub)
    accounts.register(sub)
    manage.register(sub)
    access.register(sub)
    desktop.register(sub)
    rules.register(sub)
    care.register(sub)
    return p


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    translate_argparse()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # argparse: --help (0) or wrong usage (2)
        return int(e.code or 0)
    with logging_to(err, verbose=args.verbose):
        return _run(args, out, err)


def _run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if not args.command:
        args.command = "gui"
        args.func = window.cmd_gui
    standalone = getattr(args, "standalone", None)
    if standalone is not None:  # a command that does not open the library (install-desktop, rescue)
        try:
            return int(standalone(args, out, err))
        except BylineError as e:
            err.write(f"byline: {one_line(str(e))}\n")
            return EXIT_FAULT
    from reader.core.library import open_library

    try:
        lib = open_library(args.data_dir)  # refuses a file the daily check found damaged; never waits for one
    except CorruptLibraryError as e:
        if args.func is window.cmd_gui and window.has_display():  # the window offers a rescue instead
            try:
                return window.gui_after_rescue(args, str(e), out, err)
            except BylineError as again:
                err.write(f"byline: {one_line(str(again))}\n")
                return EXIT_FAULT
        err.write(f"byline: {one_line(str(e))}\n")
        return EXIT_FAULT
    except BylineError as e:
        err.write(f"byline: {one_line(str(e))}\n")
        return EXIT_FAULT
    except OSError as e:
        err.write(f"byline: {_('cannot use the data directory: %s') % one_line(str(e))}\n")
        return EXIT_FAULT
    if args.command != "gui":  # the window checks in a worker once it is shown
        lib.start_background_check()
    try:
        return int(args.func(lib, args, out, err))
    except UsageError as e:
        prog = f"byline {args.command}"
        err.write(_("%(prog)s: error: %(message)s\n") % {"prog": prog, "message": one_line(str(e))})
        return EXIT_USAGE
    except BylineError as e:
        err.write(f"byline: {one_line(str(e))}\n")
        return EXIT_FAULT
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        err.write(f"byline: {_('interrupted')}\n")
        return 130
    finally:
        lib.close()


if __name__ == "__main__":
    raise SystemExit(main())
