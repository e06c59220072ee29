"""Search through Library: each query form, ranking, snippets, --saved, malformed queries."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.errors import QueryError

ITEMS = [
    # guid, title, author, date, body
    ("s1", "Harbour dredging begins", "Ines Moreau", "Mon, 02 Nov 2026 08:00:00 +0000",
     "Dredgers arrived at dawn. The harbour will be closed to sailing boats for a week."),
    ("s2", "Café owners welcome the new pier", "Tomás Ruiz", "Tue, 03 Nov 2026 08:00:00 +0000",
     "The cafe on the pier reopened. Owners said the harbour works were noisy but worth it."),
    ("s3", "Night market returns", "Ines Moreau", "Wed, 04 Nov 2026 08:00:00 +0000",
     "Stalls selling lanterns and soup lined the quay. No mention of dredging at all."),
    ("s4", "Opinion: the harbour deserves better", "Guest Writer", "Thu, 05 Nov 2026 08:00:00 +0000",
     "A harbour harbour harbour is more than a car park for boats, the writer argues."),
    ("s5", "Lantern festival draws thousands", "Tomás Ruiz", "Fri, 06 Nov 2026 08:00:00 +0000",
     "Paper lanterns floated over the water while a brass band played sea shanties."),
]


@pytest.fixture
def lib(library, tmp_path: Path):
    body = "".join(
        f"<item><title>{t}</title><guid>{g}</guid><link>https://coast.example.org/{g}</link>"
        f"<author>news@coast.example.org ({a})</author><pubDate>{d}</pubDate><description>&lt;p&gt;{b}&lt;/p&gt;</description></item>"
        for g, t, a, d, b in ITEMS
    )
    path = tmp_path / "coast.xml"
    path.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Coast Weekly</title>{body}</channel></rss>', encoding="utf-8")
    library.add_feed(str(path))
    other = tmp_path / "inland.xml"
    other.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Inland Post</title>'
        "<item><title>Canal lock repaired</title><guid>i1</guid><pubDate>Sat, 07 Nov 2026 08:00:00 +0000</pubDate>"
        "<description>Barges move again; the harbour master sent a crew.</description></item></channel></rss>",
        encoding="utf-8",
    )
    library.add_feed(str(other))
    return library


def titles(lib, query: str, **kw) -> list[str]:
    return [h.article.title for h in lib.search(query, **kw)]


def test_words_are_anded(lib) -> None:
    assert titles(lib, "harbour cafe") == ["Café owners welcome the new pier"]


def test_title_matches_rank_above_body_matches_then_recency(lib) -> None:
    found = titles(lib, "harbour")
    assert set(found[:2]) == {"Harbour dredging begins", "Opinion: the harbour deserves better"}
    assert found.index("Harbour dredging begins") < found.index("Café owners welcome the new pier")
    assert found[-1] in {"Café owners welcome the new pier", "Canal lock repaired"}


def test_phrase(lib) -> None:
    assert titles(lib, '"brass band"') == ["Lantern festival draws thousands"]
    assert titles(lib, '"band brass"') == []


def test_prefix(lib) -> None:
    assert set(titles(lib, "lantern*")) == {"Night market returns", "Lantern festival draws thousands"}


def test_or_and_not(lib) -> None:
    assert set(titles(lib, "dredgers OR shanties")) == {"Harbour dredging begins", "Lantern festival draws thousands"}
    assert "Night market returns" not in titles(lib, "dredging -lanterns")
    assert "Night market returns" not in titles(lib, "dredging NOT lanterns")
    assert "Night market returns" in titles(lib, "dredging")


def test_field_filters(lib) -> None:
    assert titles(lib, "title:lantern") == ["Lantern festival draws thousands"]
    assert set(titles(lib, "author:moreau")) == {"Harbour dredging begins", "Night market returns"}
    assert titles(lib, "feed:inland harbour") == ["Canal lock repaired"]


def test_case_and_diacritics_insensitive(lib) -> None:
    assert titles(lib, "CAFÉ") == titles(lib, "cafe") == ["Café owners welcome the new pier"]
    assert set(titles(lib, "author:tomas")) == {"Café owners welcome the new pier", "Lantern festival draws thousands"}


def test_state_and_date_filters(lib) -> None:
    ids = {a.title: a.id for a in lib.articles()}
    lib.mark_saved([ids["Night market returns"]])
    lib.mark_read([ids["Harbour dredging begins"]])
    assert titles(lib, "is:saved") == ["Night market returns"]
    assert "Harbour dredging begins" not in titles(lib, "harbour is:unread")
    assert set(titles(lib, "after:2026-11-05")) == {"Opinion: the harbour deserves better", "Lantern festival draws thousands", "Canal lock repaired"}
    assert titles(lib, "harbour before:2026-11-03") == ["Harbour dredging begins"]
    assert titles(lib, "lanterns", saved_only=True) == ["Night market returns"]


def test_snippets_mark_matched_terms(lib) -> None:
    (hit,) = lib.search("shanties")
    assert "\x02shanties\x03" in hit.snippet
    assert hit.score > 0


def test_limit(lib) -> None:
    assert len(lib.search("harbour", limit=2)) == 2


@pytest.mark.parametrize("query", ['"unclosed', "OR", "-", "title:", "((", "NEAR(", "AND AND", "^*", "c++", '"', "after:2026-13-45"])
def test_malformed_queries_never_raise_anything_but_query_error(lib, query: str) -> None:
    try:
        lib.search(query)
    except QueryError as err:
        assert str(err)


def test_very_common_words_rank_the_newest_candidates(lib, monkeypatch) -> None:
    from reader.core.storage.store import Store

    monkeypatch.setattr(Store, "SEARCH_CANDIDATES", 2)
    found = titles(lib, "the")  # matches nearly everything: only the two newest matches are ranked
    newest_two = {"Canal lock repaired", "Lantern festival draws thousands"}
    assert set(found) <= newest_two and found


def test_saved_search_ranks_title_matches_first(lib) -> None:
    ids = {a.title: a.id for a in lib.articles()}
    lib.mark_saved([ids["Harbour dredging begins"], ids["Café owners welcome the new pier"], ids["Night market returns"]])
    assert titles(lib, "harbour", saved_only=True) == ["Harbour dredging begins", "Café owners welcome the new pier"]
    assert titles(lib, "harbour is:saved") == ["Harbour dredging begins", "Café owners welcome the new pier"]
