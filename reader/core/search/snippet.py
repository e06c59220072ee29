"""Search snippets: a short window of an article's text with the matched words marked.

FTS5's own ``snippet()`` re-runs the query for each hit, which costs more than
the search itself for prefix queries on a big library; the text is already at
hand, so the window is picked here. Words are compared the way the index
tokenizes them (case-folded, diacritics removed), and every searched term also
matches as a prefix ("harbo" marks "harbour"), which is what a reader expects
from a highlight.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

OPEN, CLOSE = "\x02", "\x03"
_WORD = re.compile(r"\w+", re.UNICODE)
MAX_SCAN = 50_000  # characters of a long article looked at for the window


def fold(word: str) -> str:
    """A word as the index sees it: case-folded, without diacritics."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def make_snippet(text: str, terms: Sequence[str], *, width: int = 24) -> str:
    """About ``width`` words of ``text`` around the densest run of matches, terms marked.

    With no match (a hit on the title or the feed name only), the opening words.
    """
    wanted = tuple(fold(w) for term in terms for w in _WORD.findall(term))
    words = list(_WORD.finditer(text[:MAX_SCAN]))
    if not words:
        return ""
    hits: list[int] = []
    if wanted:
        seen: dict[str, bool] = {}
        for i, m in enumerate(words):
            word = m.group()
            hit = seen.get(word)
            if hit is None:
                hit = seen[word] = (word.lower() if word.isascii() else fold(word)).startswith(wanted)
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
