"""Crumbs: WordPress-style post metadata lines ("Posted on ... Posted in World News").

``crumb_categories`` decides whether a block's text is a crumb and which
category names it carries; ``drop_crumbs`` removes crumb blocks from a parsed
body, keeping those names.
"""

from __future__ import annotations

import re

from lxml import etree

from reader.core.content.htmltree import drop_element, text_of

__all__ = ["crumb_categories", "drop_crumbs", "may_have_crumbs"]

# --- crumbs ("Posted on ... Posted in World News") -----------------------------------------

_CRUMB_START = re.compile(r"(?:Posted\s+(?:on|in|by)|Filed\s+under|Tagged)\b")
_CRUMB_KEYWORDS = re.compile(
    r"\b(Posted\s+on|Posted\s+in|Posted\s+by|Filed\s+under|Tagged(?:\s+with)?|by|"
    r"Leave\s+a\s+(?:comment|reply)|Comments?\s+(?:are\s+)?(?:off|closed)|No\s+comments|"
    r"\d+\s+comments?|Edit)\b",
    re.IGNORECASE,
)
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE = re.compile(
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
    rf"(?:\d{{1,4}}[-/.]\d{{1,2}}[-/.]\d{{1,4}}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|"
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+\d{{4}})"
    r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?)?",
    re.IGNORECASE,
)
_LIST_SPLIT = re.compile(r"\s*[,|\u00b7\u2022;]\s*")
_CRUMB_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "small")


def crumb_categories(text: str) -> list[str] | None:
    """Categories of a crumb block text, or None when the text is not a crumb."""
    if len(text) > 300 or not _CRUMB_START.match(text):
        return None
    parts = _CRUMB_KEYWORDS.split(text)
    if parts[0].strip():
        return None
    categories: list[str] = []
    for keyword, segment in zip(parts[1::2], parts[2::2], strict=False):
        kw = " ".join(keyword.lower().split())
        seg = segment.strip(" :\u2013\u2014-")
        if kw == "posted on":
            if seg and not _DATE.fullmatch(seg):
                return None
        elif kw in ("posted by", "by"):
            if len(seg) > 60 or len(seg.split()) > 5 or re.search(r"[.!?]$|[.!?]\s", seg):
                return None
        elif kw in ("posted in", "filed under") or kw.startswith("tagged"):
            items = [item for item in _LIST_SPLIT.split(seg) if item]
            for item in items:
                if len(item) > 60 or len(item.split()) > 5 or item[-1] in ".!?":
                    return None
            if kw != "tagged" and not kw.startswith("tagged"):
                categories.extend(items)
        elif seg:  # "Leave a comment", "3 Comments", "Edit" stand alone
            return None
    return categories


_CRUMB_WORDS = ("Posted", "Filed", "Tagged")
_CRUMB_LINE_STARTS = tuple("\n" + word for word in _CRUMB_WORDS)  # a line of the text starting with one


def may_have_crumbs(text: str, html: str) -> bool:
    """Cheap pre-check so most bodies never need a tree.

    A crumb block's text starts with one of the crumb words, and every crumb
    block but <small> starts a line of the body's text.
    """
    if text.startswith(_CRUMB_WORDS) or any(line_start in text for line_start in _CRUMB_LINE_STARTS):
        return True
    return "<small" in html and any(word in text for word in _CRUMB_WORDS)


def drop_crumbs(body: etree._Element) -> tuple[tuple[str, ...], int]:
    """Remove crumb blocks; returns the categories they named and how many were dropped."""
    categories: list[str] = []
    doomed: list[etree._Element] = []
    for el in body.iter(*_CRUMB_BLOCKS):
        if any(d is el or d in el.iterancestors() for d in doomed):
            continue
        found = crumb_categories(text_of(el))
        if found is not None:
            doomed.append(el)
            categories.extend(c for c in found if c not in categories)
    for el in doomed:
        drop_element(el)
    return tuple(categories), len(doomed)
