"""Search snippets: a short window of an article's text with the matched words marked.

FTS5's own ``snippet()`` re-runs the query for each hit, which costs more than
the search itself for prefix queries on a big library; the text is already at
hand, so the window is picked here. Words are compared the way the index
tokenizes them (case-folded, diacritics removed). A searched word of four
letters or more also matches as a prefix ("harbo" marks "harbour"); a shorter
one only when the user typed it as a prefix ("is*"): "is" must not mark
"Islamic", nor "on" mark "ongoing".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

OPEN, CLOSE = "\x02", "\x03"
_WORD = re.compile(r"\w+", re.UNICODE)
MAX_SCAN = 50_000  # characters of a long article looked at for the window
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
