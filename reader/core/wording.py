"""Counts in words, for every front end: "1 feed", "3 feeds", "1 match"."""

from __future__ import annotations

__all__ = ["counted", "counted_noun"]


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """``n`` and the noun in the right number: counted(1, "article") -> "1 article".

    The plural is ``singular + "s"`` unless given ("match", "matches").
    """
    return f"{n} {counted_noun(n, singular, plural)}"


def counted_noun(n: int, singular: str, plural: str | None = None) -> str:
    """The noun alone in the number ``n`` asks for ("3 new " + counted_noun(3, "article"))."""
    return singular if n == 1 else (plural or singular + "s")
