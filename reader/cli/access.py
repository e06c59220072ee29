"""Getting through to feeds from the command line: feed logins, a feed's User-Agent, the proxy.

Passwords are read from standard input (``--password-stdin``, the first
line), from a file (``--password-file F``, its first line) or, at a terminal,
asked for without echo; never from an argument, which other users could read
in the process list. Nothing here prints a password.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from reader.cli.output import one_line
from reader.core.errors import BylineError
from reader.core.net.agent import BROWSER_USER_AGENT, USER_AGENT
from reader.core.net.urls import split_credentials, without_credentials
from reader.core.secrets import Login
from reader.i18n import _

if TYPE_CHECKING:
    from reader.core.library import Library

AGENT_NAMES = {"browser": BROWSER_USER_AGENT, "default": None}


class UsageError(BylineError):
    """Options that do not go together (exit 2, like argparse's own errors)."""


def add_password_options(parser: argparse.ArgumentParser) -> None:
    """--password-stdin and --password-file, one at most."""
    way = parser.add_mutually_exclusive_group()
    way.add_argument("--password-stdin", action="store_true", help=_("read the password from the first line of standard input"))
    way.add_argument("--password-file", metavar="F", help=_("read the password from the first line of file F"))


def read_password(args: argparse.Namespace, user: str, stdin: TextIO | None = None) -> str:
    """The password the options point at; at a terminal without them, asked for without echo.

    The one reader of passwords for every command (feed logins, the proxy, sync accounts).

    Raises:
        BylineError: the file cannot be read, the password is empty, or there is no way to ask.
    """
    stdin = stdin or sys.stdin
    if args.password_file:
        try:
            text = Path(args.password_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            reason = getattr(err, "strerror", None) or err
            raise BylineError(_("cannot read the password file %(file)s: %(err)s") % {"file": args.password_file, "err": reason}) from err
        password = text.splitlines()[0] if text else ""
        where = _("the file %(file)s") % {"file": args.password_file}
    elif args.password_stdin:
        password = stdin.readline().rstrip("\r\n")
        where = _("standard input")
    elif stdin.isatty():
        password = getpass.getpass(_("password for %(user)s: ") % {"user": user})
        where = _("the prompt")
    else:
        raise BylineError(_("give the password with --password-stdin or --password-file F"))
    if not password:
        raise BylineError(_("no password was given on %(where)s") % {"where": where})
    return password


def login_from_args(args: argparse.Namespace, url: str | None = None) -> Login | None:
    """The login ``--user`` and the password options give, or a ``user@`` URL without its password completed.

    Raises:
        UsageError: a password option without a user name.
    """
    if args.user:
        return Login(args.user, read_password(args, args.user))
    in_url = split_credentials(url)[1] if url else None
    if in_url is not None and in_url.user and not in_url.password:
        return Login(in_url.user, read_password(args, in_url.user))
    if args.password_stdin or args.password_file:
        raise UsageError(_("--password-stdin and --password-file go with --user NAME"))
    return None


# --- commands ---------------------------------------------------------------------------


def cmd_login(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.forget:
        if args.user or args.password_stdin or args.password_file:
            raise UsageError(_("--forget takes no user name or password"))
        lib.set_feed_login(args.feed_id, None)
        return 0
    if not args.user:
        raise UsageError(_("give the user name with --user NAME (or --forget to remove the login)"))
    login = login_from_args(args)
    lib.set_feed_login(args.feed_id, login)
    return 0


def cmd_user_agent(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.agent is None:
        out.write(f"{lib.feed(args.feed_id).user_agent or USER_AGENT}\n")
        return 0
    agent = AGENT_NAMES.get(args.agent.strip().lower(), args.agent)
    lib.set_feed_user_agent(args.feed_id, agent)
    return 0


def cmd_proxy(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from reader.core.net.proxy import ProxyMode, parse_proxy_address  # here: every command loads this module

    if args.choice is None:
        if args.user or args.password_stdin or args.password_file or args.exceptions is not None:
            raise UsageError(_("name the proxy (none, system or an address) to change its login or exceptions"))
        out.write(describe_proxy(lib) + "\n")
        return 0
    choice = args.choice.strip()
    if choice.lower() in (ProxyMode.NONE, ProxyMode.SYSTEM):
        if args.user or args.password_stdin or args.password_file:
            raise UsageError(_("a login goes with a proxy address, not with %(choice)s") % {"choice": repr(choice.lower())})
        lib.update_settings(proxy_mode=choice.lower())
        return 0
    server = parse_proxy_address(choice)
    kind = "socks5" if server.scheme.startswith("socks") else server.scheme
    if kind != "http" and kind != "socks5":
        raise BylineError(_("Byline's own proxy setting speaks http and socks5 (an https proxy can be set with HTTPS_PROXY)"))
    changes: dict[str, object] = {"proxy_mode": "manual", "proxy_kind": kind, "proxy_host": server.host, "proxy_port": server.port}
    if args.exceptions is not None:
        changes["proxy_exceptions"] = args.exceptions
    login = login_from_args(args) if args.user else server.login
    if login is not None and not login.password:
        login = Login(login.user, read_password(args, login.user))
    lib.update_settings(**changes)
    lib.set_proxy_login(login)
    return 0


def describe_proxy(lib: Library) -> str:
    """One line: where requests go now."""
    from reader.core.net.proxy import ProxyMode

    settings = lib.settings()
    if settings.proxy_mode == ProxyMode.NONE:
        return "none: every request goes directly"
    if settings.proxy_mode == ProxyMode.MANUAL and settings.proxy_host and settings.proxy_port:
        login = lib.proxy_login()
        host = f"[{settings.proxy_host}]" if ":" in settings.proxy_host else settings.proxy_host
        who = f" as {login.user}" if login is not None else ""
        direct = f"; direct to {settings.proxy_exceptions}" if settings.proxy_exceptions else ""
        return f"manual: {settings.proxy_kind}://{host}:{settings.proxy_port}{who}{direct}"
    policy = lib.proxy_policy()
    used = ", ".join(f"{s.url}" for s in policy.servers()) or "no proxy variables are set"
    return f"system: the environment's HTTP_PROXY, HTTPS_PROXY, ALL_PROXY and NO_PROXY ({one_line(without_credentials(used))})"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``login``, ``user-agent`` and ``proxy``."""
    s = sub.add_parser("login", help=_("give a feed the user name and password its server asks for (or --forget them)"))
    s.add_argument("feed_id", metavar="FEED_ID", type=int)
    s.add_argument("--user", metavar="NAME")
    add_password_options(s)
    s.add_argument("--forget", action="store_true", help=_("remove the feed's login"))
    s.set_defaults(func=cmd_login)

    s = sub.add_parser("user-agent", help=_("ask a feed with its own User-Agent (some servers refuse unknown programs)"))
    s.add_argument("feed_id", metavar="FEED_ID", type=int)
    s.add_argument(
        "agent", metavar="AGENT", nargs="?",
        help=_("the User-Agent text, 'browser' for a web browser's, 'default' for Byline's; without it, print the current one"),
    )
    s.set_defaults(func=cmd_user_agent)

    s = sub.add_parser("proxy", help=_("show or set the proxy: none, system (the environment's), or an http:// or socks5:// address"))
    s.add_argument("choice", metavar="none|system|ADDRESS", nargs="?")
    s.add_argument("--user", metavar="NAME", help=_("the proxy's user name (the password is asked for)"))
    add_password_options(s)
    s.add_argument("--exceptions", metavar="HOSTS", help=_("hosts reached directly, comma-separated (NO_PROXY syntax)"))
    s.set_defaults(func=cmd_proxy)
