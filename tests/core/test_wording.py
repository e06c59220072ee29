"""Counts in words (issue 12, item 10: "1 matches", "exported 1 saved articles")."""

from __future__ import annotations

import pytest

from reader.core.wording import counted, counted_noun


@pytest.mark.parametrize(
    ("n", "singular", "plural", "expected"),
    [
        (0, "article", None, "0 articles"),
        (1, "article", None, "1 article"),
        (2, "saved article", None, "2 saved articles"),
        (1, "match", "matches", "1 match"),
        (7, "match", "matches", "7 matches"),
    ],
)
def test_counted(n: int, singular: str, plural: str | None, expected: str) -> None:
    assert counted(n, singular, plural) == expected


def test_counted_noun() -> None:
    assert counted_noun(1, "article") == "article" and counted_noun(3, "feed") == "feeds"
