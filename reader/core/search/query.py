"""The search box's little language, turned into an FTS5 MATCH expression.

What a user may type (all of it case-insensitive except the operator words):

    nato summit          both words, anywhere (AND is implied; ``AND`` is accepted)
    "climate deal"       the exact phrase
    summ*                words starting with "summ"
    nato OR otan         either word; ``|`` means the same
    -russia  NOT russia  leave out articles with that word
    (nato OR otan) -russia   parentheses group
    title:nato  title:"a phrase"  title:(nato OR otan)  author:ana  feed:guardian  body:nato
    is:saved  is:read  is:unread  (and -is:saved, -is:read, -is:unread)
    after:2024-01-31     published on or after that day began (00:00 UTC)
    before:2024-01-31    published before that day began (00:00 UTC)
    folder:News  folder:"News/World"   only feeds filed in that folder (or below it)
    -folder:Sports       leave out the feeds filed in that folder (or below it)

A folder is named by its path (titles joined by ``/``, as the command line
writes it) or by its own title alone; case does not matter.

Filters (``is:``, ``after:``, ``before:``, ``folder:``) always apply to the whole search,
wherever they stand. Every word the user typed reaches FTS5 as a quoted string,
so nothing typed is ever read as FTS5 syntax; punctuation inside words (c++,
node.js, AT&T, don't) is split by the table's unicode61 tokenizer exactly as
the article text was. Junk (stray parentheses, a lone ``OR`` or ``-``, words
made only of punctuation) is ignored; what cannot be searched raises
:class:`QueryError` with a message for the user.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TypeVar

from reader.core.errors import QueryError
from reader.i18n import N_, _

_T = TypeVar("_T")

__all__ = ["COLUMNS", "MAX_NESTING", "ParsedQuery", "headline_query", "parse_query"]

#: Query keys that restrict a word to one FTS5 column (the key is the column name).
COLUMNS = frozenset({"title", "author", "feed", "body"})
_FILTERS = frozenset({"is", "after", "before", "folder"})
_KEY = re.compile(r"([A-Za-z]+):")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_SPECIALS = '()|"'
#: Parentheses, exclusions and fields may nest this deep (FTS5's own parser stack is small).
MAX_NESTING = 20

_EMPTY_MESSAGE = N_("type something to search for")
_ONLY_EXCLUDED = N_("add a word to search for besides the excluded ones")


@dataclass(frozen=True)
class ParsedQuery:
    """A search ready for the store.

    Attributes:
        match: the FTS5 MATCH expression, or None when only filters were given.
        saved: True for is:saved, False for -is:saved, None when not asked.
        read: True for is:read, False for is:unread, None when not asked.
        after: keep articles dated at or after this instant (UTC).
        before: keep articles dated strictly before this instant (UTC).
        folder: keep articles of feeds filed in this folder (a path or a title), or below it.
        not_folders: leave out articles of feeds filed in these folders, or below them.
        terms: the words and phrases searched for (not the excluded ones), as
            typed, without quotes or ``*``; for highlighting.
        prefixes: those of ``terms`` typed as prefix queries (``harb*``).
    """

    match: str | None
    saved: bool | None = None
    read: bool | None = None
    after: datetime | None = None
    before: datetime | None = None
    terms: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()
    folder: str | None = None
    not_folders: tuple[str, ...] = ()


def parse_query(text: str) -> ParsedQuery:
    """Parse what the user typed in the search box; raise QueryError if it cannot be searched."""
    cleaned = _clean(text)
    if not cleaned.strip():
        raise QueryError(_(_EMPTY_MESSAGE))
    tree = _Parser(_tokenize(cleaned)).parse()
    compiler = _Compiler()
    match = compiler.compile_top(tree)
    filters = compiler.filters
    if match is None and filters.empty():
        raise QueryError(_("add a word or number to search for; punctuation alone is ignored"))
    return ParsedQuery(
        match=match,
        saved=filters.saved,
        read=filters.read,
        after=filters.after,
        before=filters.before,
        terms=tuple(compiler.terms),
        prefixes=tuple(compiler.prefixes),
        folder=filters.folder,
        not_folders=tuple(filters.not_folders),
    )


# --- input and tokens --------------------------------------------------------


def _clean(text: str) -> str:
    """Control characters become spaces (FTS5 stops at NUL); lone surrogates go."""
    out = []
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Cc":
            out.append(" ")
        elif category != "Cs":
            out.append(ch)
    return "".join(out)


def _has_token_chars(text: str) -> bool:
    """True when unicode61 would find at least one token in ``text``.

    unicode61 keeps letters, numbers and private-use characters (categories
    L*, N*, Co) and splits on everything else.
    """
    for ch in text:
        category = unicodedata.category(ch)
        if category[0] in "LN" or category == "Co":
            return True
    return False


@dataclass(frozen=True)
class _Token:
    kind: str  # WORD PHRASE FIELD FILTER NEG NOT OR AND LP RP
    text: str = ""
    prefix: bool = False
    key: str = ""


def _tokenize(text: str) -> list[_Token]:
    """Split the query into tokens; never fails (an unclosed quote runs to the end)."""
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch == "(":
            tokens.append(_Token("LP"))
            i += 1
        elif ch == ")":
            tokens.append(_Token("RP"))
            i += 1
        elif ch == "|":
            tokens.append(_Token("OR"))
            i += 1
        elif ch == '"':
            end = text.find('"', i + 1)
            end = n if end < 0 else end
            phrase = text[i + 1 : end]
            i = min(end + 1, n)
            prefix = i < n and text[i] == "*"
            while i < n and text[i] == "*":
                i += 1
            tokens.append(_Token("PHRASE", phrase, prefix))
        elif ch == "-" and i + 1 < n and not text[i + 1].isspace():
            while i < n and text[i] == "-":  # "--x" excludes x, like "-x"
                i += 1
            if i < n and not text[i].isspace():
                tokens.append(_Token("NEG"))
        else:
            key = _KEY.match(text, i)
            name = key.group(1).lower() if key else ""
            if key and name in COLUMNS:
                # Scan on after the colon: title:"a b", title:(x OR y), title:-x.
                tokens.append(_Token("FIELD", key=name))
                i = key.end()
                continue
            start = i
            while i < n and not text[i].isspace() and text[i] not in _SPECIALS:
                i += 1
            word = text[start:i]
            if key and name in _FILTERS:
                value = word[key.end() - start :]
                if not value and i < n and text[i] == '"':  # folder:"World News"
                    end = text.find('"', i + 1)
                    end = n if end < 0 else end
                    value, i = text[i + 1 : end], min(end + 1, n)
                tokens.append(_Token("FILTER", value, key=name))
            elif word in ("OR", "AND", "NOT"):
                tokens.append(_Token(word))
            else:
                stem = word.rstrip("*")
                tokens.append(_Token("WORD", stem, prefix=len(stem) < len(word)))
    return tokens


# --- syntax tree ---------------------------------------------------------------


@dataclass(frozen=True)
class _Leaf:
    """A word or a quoted phrase; FTS5 tokenizes both the same way."""

    text: str
    prefix: bool


@dataclass(frozen=True)
class _Filter:
    key: str
    value: str


@dataclass(frozen=True)
class _Not:
    child: _Node


@dataclass(frozen=True)
class _Field:
    column: str
    child: _Node


@dataclass(frozen=True)
class _And:
    children: tuple[_Node, ...]


@dataclass(frozen=True)
class _Or:
    children: tuple[_Node, ...]


_Node = _Leaf | _Filter | _Not | _Field | _And | _Or


class _Parser:
    """Recursive descent: or := and (OR and)*; and := unary*; unary := (-|NOT|field:)* primary."""

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.depth = 0  # open parentheses
        self.nesting = 0  # parentheses, exclusions and fields around the current token

    def peek(self) -> _Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def parse(self) -> _Node:
        return self.parse_or()

    def _nested(self, parse: Callable[[], _T]) -> _T:
        """Run ``parse`` one level deeper, refusing absurd depths."""
        self.nesting += 1
        if self.nesting > MAX_NESTING:
            raise QueryError(_("the search is nested too deeply; use fewer parentheses or dashes"))
        try:
            return parse()
        finally:
            self.nesting -= 1

    def parse_or(self) -> _Node:
        sides = [self.parse_and()]
        while (token := self.peek()) is not None and token.kind == "OR":
            self.pos += 1
            sides.append(self.parse_and())
        return sides[0] if len(sides) == 1 else _Or(tuple(sides))

    def parse_and(self) -> _Node:
        children: list[_Node] = []
        while (token := self.peek()) is not None and token.kind != "OR":
            if token.kind == "RP":
                if self.depth:
                    break
                self.pos += 1  # a stray ")" is ignored
                continue
            if token.kind == "AND":
                self.pos += 1
                continue
            node = self.parse_unary()
            if node is not None:
                children.append(node)
        return children[0] if len(children) == 1 else _And(tuple(children))

    def parse_unary(self) -> _Node | None:
        token = self.tokens[self.pos]
        if token.kind in ("NEG", "NOT"):
            self.pos += 1
            child = self._nested(self._operand)
            return None if child is None else _Not(child)
        if token.kind == "FIELD":
            self.pos += 1
            child = self._nested(self._operand)
            if child is None:
                raise QueryError(_("add a word after %(key)s: (for example %(key)s:election)") % {"key": token.key})
            return _Field(token.key, child)
        self.pos += 1
        if token.kind in ("WORD", "PHRASE"):
            return _Leaf(token.text, token.prefix)
        if token.kind == "FILTER":
            return _Filter(token.key, token.text)
        # "(" : a group, closed by ")" or by the end of the query.
        self.depth += 1
        node = self._nested(self.parse_or)
        self.depth -= 1
        if (close := self.peek()) is not None and close.kind == "RP":
            self.pos += 1
        return node

    def _operand(self) -> _Node | None:
        """The operand of -, NOT or field:, or None when nothing usable follows."""
        token = self.peek()
        if token is None or token.kind in ("OR", "AND", "RP"):
            return None
        return self.parse_unary()


# --- compiling to FTS5 -----------------------------------------------------------


@dataclass
class _Filters:
    saved: bool | None = None
    read: bool | None = None
    after: datetime | None = None
    before: datetime | None = None
    folder: str | None = None
    not_folders: list[str] = field(default_factory=list)
    count: int = 0

    def empty(self) -> bool:
        return self.count == 0

    def add(self, key: str, value: str, negated: bool) -> None:
        self.count += 1
        if key == "is":
            self._add_is(value.lower(), negated)
        elif key == "folder":
            self._add_folder(value, negated)
        else:
            day = _parse_day(key, value)
            if (key == "after") != negated:
                self.after = day if self.after is None else max(self.after, day)
            else:
                self.before = day if self.before is None else min(self.before, day)

    def _add_folder(self, value: str, negated: bool) -> None:
        path = "/".join(part.strip() for part in value.split("/") if part.strip())
        if not path:
            raise QueryError(_('folder: needs a folder name (for example folder:News or folder:"News/World")'))
        if negated:
            if path.casefold() not in (p.casefold() for p in self.not_folders):
                self.not_folders.append(path)
        elif self.folder is None:
            self.folder = path
        elif self.folder.casefold() != path.casefold():
            raise QueryError(_("folder:%(one)s and folder:%(other)s cannot both apply; keep one") % {"one": self.folder, "other": path})

    def _add_is(self, value: str, negated: bool) -> None:
        if value == "saved":
            wanted, current, name, clash = not negated, self.saved, "saved", "is:saved and -is:saved"
        elif value in ("read", "unread"):
            wanted, current, name, clash = (value == "read") != negated, self.read, "read", "is:read and is:unread"
        else:
            raise QueryError(_("is: takes saved, read or unread (for example is:unread)"))
        if current is not None and current != wanted:
            raise QueryError(_("%(clash)s cannot both apply; keep one") % {"clash": clash})
        setattr(self, name, wanted)


def _parse_day(key: str, value: str) -> datetime:
    """YYYY-MM-DD -> that day's start in UTC."""
    problem = QueryError(_("%(key)s: needs a date written like 2024-01-31") % {"key": key})
    found = _DATE.fullmatch(value)
    if found is None:
        raise problem
    try:
        day = date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    except ValueError as err:
        raise problem from err
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _quote(text: str) -> str:
    """An FTS5 string: never read as syntax, tokenized like the article text."""
    return '"' + text.replace('"', '""') + '"'


_SINGLE = re.compile(r'(?:[a-z]+ : )?"(?:[^"]|"")*"(?: \*)?')


def _group(expr: str) -> str:
    """Parenthesize ``expr`` unless it is one (column-filtered, prefixed) string."""
    return expr if _SINGLE.fullmatch(expr) else f"({expr})"


class _AllExcluded(Exception):
    """A part of the query has only excluded words (not expressible in FTS5)."""


@dataclass
class _Compiler:
    """Walks the tree: returns FTS5 text, gathers filters and positive terms."""

    filters: _Filters = field(default_factory=_Filters)
    terms: list[str] = field(default_factory=list)
    prefixes: list[str] = field(default_factory=list)
    _seen: set[str] = field(default_factory=set)

    def compile_top(self, node: _Node) -> str | None:
        try:
            return self.compile(node, column=None, excluded=False)
        except _AllExcluded:
            raise QueryError(_(_ONLY_EXCLUDED)) from None

    def compile(self, node: _Node, column: str | None, excluded: bool) -> str | None:
        """FTS5 text for ``node`` (None when it holds nothing searchable)."""
        if isinstance(node, _Leaf):
            return self._leaf(node, column, excluded)
        if isinstance(node, _Filter):
            if excluded:
                raise QueryError(_("%(key)s:%(value)s cannot go inside an excluded group") % {"key": node.key, "value": node.value})
            self.filters.add(node.key, node.value, negated=False)
            return None
        if isinstance(node, _Field):
            return self.compile(node.child, node.column, excluded)  # the innermost field wins
        if isinstance(node, _Not):
            return self._and((node,), column, excluded)
        if isinstance(node, _And):
            return self._and(node.children, column, excluded)
        return self._or(node, column, excluded)

    def _leaf(self, leaf: _Leaf, column: str | None, excluded: bool) -> str | None:
        if not _has_token_chars(leaf.text):
            return None
        if not excluded:
            text = " ".join(leaf.text.split())
            if text.casefold() not in self._seen:
                self._seen.add(text.casefold())
                self.terms.append(text)
            if leaf.prefix and text not in self.prefixes:
                self.prefixes.append(text)
        expr = _quote(leaf.text)
        if leaf.prefix:
            expr += " *"
        if column is not None:
            expr = f"{column} : {expr}"
        return expr

    def _and(self, children: tuple[_Node, ...], column: str | None, excluded: bool) -> str | None:
        wanted: list[str] = []
        unwanted: list[str] = []
        for child in children:
            negated = False
            while isinstance(child, _Not):
                child, negated = child.child, not negated
            while isinstance(child, _Field) and isinstance(child.child, _Not):
                # title:-x is the same as -title:x
                child, negated = _Field(child.column, child.child.child), not negated
            if isinstance(child, _Filter):
                if excluded:
                    raise QueryError(_("%(key)s:%(value)s cannot go inside an excluded group") % {"key": child.key, "value": child.value})
                self.filters.add(child.key, child.value, negated)
                continue
            expr = self.compile(child, column, excluded != negated)
            if expr is not None:
                (unwanted if negated else wanted).append(expr)
        if not wanted:
            if unwanted:
                raise _AllExcluded
            return None
        expr = wanted[0] if len(wanted) == 1 else " AND ".join(_group(part) for part in wanted)
        if unwanted:
            left_out = unwanted[0] if len(unwanted) == 1 else " OR ".join(_group(part) for part in unwanted)
            expr = f"{_group(expr)} NOT {_group(left_out)}"
        return expr

    def _or(self, node: _Or, column: str | None, excluded: bool) -> str | None:
        sides: list[str] = []
        for child in node.children:
            filters_before = self.filters.count
            try:
                expr = self.compile(child, column, excluded)
            except _AllExcluded:
                raise QueryError(_("each side of OR needs a word to search for, not only excluded ones")) from None
            if expr is None and self.filters.count != filters_before:
                raise QueryError(_("is:, after:, before: and folder: apply to the whole search; they cannot be one side of OR"))
            if expr is not None:
                sides.append(expr)
        if not sides:
            return None
        return sides[0] if len(sides) == 1 else " OR ".join(_group(part) for part in sides)


# Words too common to narrow a search for a headline.
_COMMON_WORDS = frozenset(
    "about after also been before from have into more most much only over said says some than that their "
    "them then there these they this what when where which while will with would your".split()
)


def headline_query(headline: str) -> str:
    """The search for a Related headline: each of its words of four letters or more
    (common ones aside; else every word) must appear, in any order. Words are quoted,
    so a headline's punctuation, "OR" or "-" is never read as query syntax."""
    words = re.findall(r"\w+", headline)
    strong = [w for w in words if len(w) >= 4 and w.casefold() not in _COMMON_WORDS]
    chosen = strong or [w for w in words if len(w) > 1]
    return " ".join(f'"{w}"' for w in dict.fromkeys(chosen))
