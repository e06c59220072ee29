"""Search snippets: a short window of an article's text with the matched words marked.

FTS5's own ``snippet()`` re-runs the query for each hit, which costs more than
the search itself for prefix queries on a big library; the text is already at
hand, so the window is picked here. Words are compared the way the index
tokenizes them (case-folded, diacritics removed). A searched word of four
letters or more also matches as a prefix ("harbo" marks "harbour"); a shorter
one only when the user typed it as a prefix ("is*"): "is" must not mark
"Islamic", nor "on" mark "ongoing".

Only the text around the matches is read word by word: a regular expression
(in C) finds where the terms occur, the densest run of the first few
occurrences is picked by character distance, and the window is chosen among
the words near it. A word that only matches after
removing diacritics (``cafe`` for ``café``) is not found that way; then the
first ``MAX_SCAN`` characters are scanned word by word, as before.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

OPEN, CLOSE = "\x02", "\x03"
_WORD = re.compile(r"\w+", re.UNICODE)
MAX_SCAN = 50_000  # characters of a long article looked at for the window when the fast look-up finds nothing
DENSE = 200  # characters a snippet's worth of words spans, about (24 words)
BEFORE, AFTER = 80, 2 * DENSE  # characters read before and after the densest occurrences
LOOKED_AT = 8  # occurrences considered for the densest window
PREFIX_MIN = 4  # searched words this long or longer also mark the words they begin


def fold(word: str) -> str:
    """A word as the index sees it: case-folded, without diacritics."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def make_snippet(text: str, terms: Sequence[str], *, width: int = 24, prefixes: Sequence[str] = ()) -> str:
    """About ``width`` words of ``text`` around the densest run of matches, terms marked.

    ``prefixes`` are the terms the user typed as prefix queries ("harb*"): their
    last word marks every word it begins, however short. With no match (a hit
    on the title or the feed name only), the opening words.
    """
    typed = {fold(" ".join(_WORD.findall(p))) for p in prefixes}
    starts: list[str] = []
    exact: set[str] = set()
    for term in terms:
        parts = [fold(w) for w in _WORD.findall(term)]
        for k, w in enumerate(parts):
            as_prefix = len(w) >= PREFIX_MIN or (k == len(parts) - 1 and fold(" ".join(_WORD.findall(term))) in typed)
            if as_prefix:
                starts.append(w)
            else:
                exact.add(w)
    wanted = tuple(starts)
    exact_words = tuple(sorted(exact))
    every = wanted + exact_words
    span = _near_matches(text, wanted, exact_words) if every and all(w.isascii() for w in every) else None
    if span is not None:
        out = _window(text[span[0] : span[1]], wanted, exact, width)
        if span[0] > 0 and not out.startswith("…"):
            out = "…" + out
        if span[1] < len(text) and not out.endswith("…"):
            out += "…"
        return out
    return _window(text, wanted, exact, width)


@lru_cache(maxsize=64)
def _finder(starts: tuple[str, ...], exact: tuple[str, ...]) -> re.Pattern[str]:
    """Words beginning with one of ``starts`` or equal to one of ``exact`` (both folded), in any case."""
    parts = [re.escape(w) for w in sorted(starts, key=len, reverse=True)]
    parts += [re.escape(w) + r"\b" for w in exact]
    return re.compile(r"\b(?:" + "|".join(parts) + ")", re.IGNORECASE)


def _near_matches(text: str, starts: tuple[str, ...], exact: tuple[str, ...]) -> tuple[int, int] | None:
    """The span of text worth reading word by word: around the first occurrences of the terms."""
    found: list[int] = []
    for m in _finder(starts, exact).finditer(text):
        found.append(m.start())
        if len(found) >= LOOKED_AT:
            break
    if not found:
        return None
    # The densest run of occurrences that fits in one window, by characters; only around it is read word by word.
    best, best_count, end = 0, 0, 0
    for k, at in enumerate(found):
        end = max(end, k)
        while end + 1 < len(found) and found[end + 1] < at + DENSE:
            end += 1
        if end - k + 1 > best_count:
            best, best_count = k, end - k + 1
    run = [at for at in found[best:] if at < found[best] + DENSE]
    first = max(0, run[0] - BEFORE)
    while first > 0 and not text[first - 1].isspace():  # start at a word boundary
        first -= 1
    return first, min(len(text), run[-1] + AFTER)


def _window(text: str, wanted: tuple[str, ...], exact: set[str], width: int) -> str:
    words = list(_WORD.finditer(text[:MAX_SCAN]))
    if not words:
        return ""
    hits: list[int] = []
    if wanted or exact:
        seen: dict[str, bool] = {}
        for i, m in enumerate(words):
            word = m.group()
            hit = seen.get(word)
            if hit is None:
                key = word.lower() if word.isascii() else fold(word)
                hit = seen[word] = key in exact or key.startswith(wanted)
            if hit:
                hits.append(i)
    if hits:
        best, best_count, end = hits[0], 0, 0
        for k, start in enumerate(hits):  # the window that starts at a hit and holds the most hits
            end = max(end, k)
            while end + 1 < len(hits) and hits[end + 1] < start + width:
                end += 1
            if end - k + 1 > best_count:
                best, best_count = start, end - k + 1
        first = max(0, min(best - 3, len(words) - width))
    else:
        first = 0
    last = min(len(words), first + width)
    hit_set = set(hits)
    scanned = text[:MAX_SCAN]
    out: list[str] = []
    cursor = words[first].start()
    for i in range(first, last):  # the text between words (punctuation) is kept as it was
        m = words[i]
        out.append(scanned[cursor : m.start()])
        out.append(f"{OPEN}{m.group()}{CLOSE}" if i in hit_set else m.group())
        cursor = m.end()
    if last < len(words):
        tail = scanned[cursor : words[last].start()]
        out.append(tail if tail.strip() in (".", ",", ";", ":", "!", "?", ")", "\u201d", "\"") else "")
    body = " ".join("".join(out).split())
    return ("…" if first > 0 else "") + body + ("…" if last < len(words) else "")
