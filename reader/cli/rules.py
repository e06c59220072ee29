"""Rules and smart feeds from the command line (CONTRACT.md, "Rules and smart feeds").

    byline rule add QUERY --action read|save|hide|notify [--name N]   -> the rule's id
    byline rules [--json]                                            -> id, name, query, action, matched
    byline rule remove ID | rule apply ID (-> the number changed) | rule enable ID | rule disable ID
    byline smart add NAME QUERY                                      -> its id
    byline smart list [--json]                                       -> id, name, query, unread
    byline smart remove ID
    byline articles --smart ID                                       (in ``commands``)

A query the search language rejects is a ``QueryError``: one line on stderr, exit 1.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, TextIO

from reader.cli.output import one_line, print_json, rule_json, smart_json
from reader.core.models import RuleAction
from reader.i18n import N_, _

if TYPE_CHECKING:
    from reader.core.library import Library

EXIT_OK = 0
ACTIONS = [a.value for a in RuleAction]


def cmd_rule_add(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    rule = lib.add_rule(" ".join(args.query), args.action, name=args.name)
    out.write(f"{rule.id}\n")
    return EXIT_OK


def cmd_rules(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    rules = lib.rules()
    if args.json:
        print_json([rule_json(r) for r in rules], out)
        return EXIT_OK
    for r in rules:
        off = "" if r.enabled else "\tdisabled"
        out.write(f"{r.id}\t{one_line(r.name)}\t{one_line(r.query)}\t{r.action.value}\t{r.matched}{off}\n")
    return EXIT_OK


def cmd_rule_remove(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    lib.remove_rule(args.id)
    return EXIT_OK


def cmd_rule_apply(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    out.write(f"{lib.apply_rule(args.id)}\n")
    return EXIT_OK


def cmd_rule_enable(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    lib.update_rule(args.id, enabled=args.rule_command == "enable")
    return EXIT_OK


def cmd_smart_add(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    found = lib.add_smart_feed(args.name, " ".join(args.query))
    out.write(f"{found.id}\n")
    return EXIT_OK


def cmd_smart_list(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    searches = lib.smart_feeds()
    if args.json:
        print_json([smart_json(s) for s in searches], out)
        return EXIT_OK
    for s in searches:
        out.write(f"{s.id}\t{one_line(s.name)}\t{one_line(s.query)}\t{s.unread}\n")
    return EXIT_OK


def cmd_smart_remove(lib: Library, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    lib.remove_smart_feed(args.id)
    return EXIT_OK


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``rule``, ``rules`` and ``smart`` to ``sub``."""
    rule = sub.add_parser("rule", help=_("add, remove or apply a rule (a query and an action for new articles)"))
    rule_sub = rule.add_subparsers(dest="rule_command", metavar="COMMAND", required=True)

    s = rule_sub.add_parser("add", help=_("add a rule; it acts on every article stored from now on"))
    s.add_argument("query", metavar="QUERY", nargs="+", help=_("in the search language, e.g. 'title:sponsored' or 'folder:Sports'"))
    s.add_argument("--action", required=True, choices=ACTIONS,
                   help=_("read (mark read on arrival: mute), save, hide (kept and searchable, listed nowhere), notify"))
    s.add_argument("--name", metavar="N", help=_("a name for the rule (default: its query)"))
    s.set_defaults(func=cmd_rule_add)

    s = rule_sub.add_parser("remove", help=_("remove a rule (what it did stays done)"))
    s.add_argument("id", metavar="ID", type=int)
    s.set_defaults(func=cmd_rule_remove)

    s = rule_sub.add_parser("apply", help=_("apply a rule to every stored article now; prints how many it changed"))
    s.add_argument("id", metavar="ID", type=int)
    s.set_defaults(func=cmd_rule_apply)

    for name, text in (("enable", N_("let a rule act again")), ("disable", N_("stop a rule acting, keeping it"))):
        s = rule_sub.add_parser(name, help=_(text))
        s.add_argument("id", metavar="ID", type=int)
        s.set_defaults(func=cmd_rule_enable)

    s = sub.add_parser("rules", help=_("list rules"))
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_rules)

    smart = sub.add_parser("smart", help=_("add, list or remove smart feeds (saved searches in the tree)"))
    smart_sub = smart.add_subparsers(dest="smart_command", metavar="COMMAND", required=True)

    s = smart_sub.add_parser("add", help=_("add a smart feed"))
    s.add_argument("name", metavar="NAME")
    s.add_argument("query", metavar="QUERY", nargs="+")
    s.set_defaults(func=cmd_smart_add)

    s = smart_sub.add_parser("list", help=_("list smart feeds with their unread counts"))
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_smart_list)

    s = smart_sub.add_parser("remove", help=_("remove a smart feed"))
    s.add_argument("id", metavar="ID", type=int)
    s.set_defaults(func=cmd_smart_remove)
