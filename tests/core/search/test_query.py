"""The search language: parsing, filters, and what FTS5 really matches."""

from __future__ import annotations

import random
import re
import sqlite3
import time
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from reader.core.errors import QueryError
from reader.core.search.query import MAX_NESTING, ParsedQuery, parse_query

try:
    import hypothesis
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - optional
    hypothesis = None

# The table store.py creates; rowid is the article id.
FTS_SCHEMA = (
    "CREATE VIRTUAL TABLE article_fts USING fts5("
    'title, author, feed, body, tokenize = "unicode61 remove_diacritics 2")'
)

ROWS = {
    1: ("NATO leaders meet in Zürich", "Ana Lopes", "World Desk",
        "The summit opened at a small café near the lake. Russia was not invited."),
    2: ("Cafe culture returns", "Bob Smith", "Food Notes",
        "Baristas say climate change is raising bean prices. Summer sales grew."),
    3: ("Climate deal reached", "Ana Lopes", "World Desk",
        "After long talks the climate agreement was signed; change will be slow. Nato observers attended."),
    4: ("Programming notes", "Zoë Müller", "Dev Log",
        "Using C++ and node.js at AT&T; don't panic."),
    5: ("Russia and NATO talks", "Carl Berg", "World Desk",
        "Diplomats in Zurich talk about change."),
}


def _open_fts() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute(FTS_SCHEMA)
    conn.executemany(
        "INSERT INTO article_fts(rowid, title, author, feed, body) VALUES (?, ?, ?, ?, ?)",
        [(rowid, *fields) for rowid, fields in ROWS.items()],
    )
    return conn


@pytest.fixture(scope="module")
def fts() -> Iterator[sqlite3.Connection]:
    conn = _open_fts()
    yield conn
    conn.close()


def _ids(conn: sqlite3.Connection, match: str) -> set[int]:
    rows = conn.execute("SELECT rowid FROM article_fts WHERE article_fts MATCH ?", (match,))
    return {row[0] for row in rows}


def _search(conn: sqlite3.Connection, text: str) -> set[int]:
    parsed = parse_query(text)
    assert parsed.match is not None
    return _ids(conn, parsed.match)


# --- what FTS5 matches -----------------------------------------------------------

MATCHES = [
    # case
    ("nato", {1, 3, 5}),
    ("NATO", {1, 3, 5}),
    ("NaTo", {1, 3, 5}),
    # diacritics, both ways
    ("zurich", {1, 5}),
    ("Zürich", {1, 5}),
    ("ZÜRICH", {1, 5}),
    ("café", {1, 2}),
    ("cafe", {1, 2}),
    ("author:zoe", {4}),
    ("author:müller", {4}),
    # words vs phrase
    ("climate change", {2, 3}),
    ('"climate change"', {2}),
    ('"Climate Change"', {2}),
    ('"change climate"', set()),
    ('"climate deal', {3}),  # unclosed quote: the rest is the phrase
    ("nato summit", {1}),
    # prefix
    ("summ*", {1, 2}),
    ("summit", {1}),
    ("talk*", {3, 5}),
    ("talk", {5}),
    ('"climate ch"*', {2}),
    # OR
    ("nato OR cafe", {1, 2, 3, 5}),
    ("nato | cafe", {1, 2, 3, 5}),
    ("baristas OR programming OR diplomats", {2, 4, 5}),
    ("nato or cafe", set()),  # lowercase "or" is a word, not an operator
    # NOT
    ("nato -russia", {3}),
    ("nato NOT russia", {3}),
    ("-russia nato", {3}),
    ("nato -russia -observers", set()),
    ("nato -zurich", {3}),
    ("(nato OR cafe) -zurich", {2, 3}),
    ("world -(russia OR climate)", set()),
    ("desk -(russia talks)", {1, 3}),
    ("nato --russia", {3}),  # a run of dashes is one exclusion
    ("nato -(-russia)", {1, 5}),  # excluding an exclusion includes
    # AND explicit, groups
    ("nato AND observers", {3}),
    ("(climate OR cafe) (signed OR prices)", {2, 3}),
    # column filters
    ("title:nato", {1, 5}),
    ("Title:NATO", {1, 5}),
    ("title:nato -title:russia", {1}),
    ("title:nato -russia", set()),
    ("title:-russia nato", {1, 3}),
    ("author:ana", {1, 3}),
    ('author:"ana lopes"', {1, 3}),
    ('author:"lopes ana"', set()),
    ('feed:"world desk"', {1, 3, 5}),
    ("feed:dev", {4}),
    ("feed:desk -feed:world", set()),
    ("title:(climate OR cafe)", {2, 3}),
    ("title:climate change", {3}),  # the field takes only the next word
    ("title: climate", {3}),  # a space after the colon still works
    ("title:clim*", {3}),
    ("author:(ana -title:climate)", {1}),
    # punctuation inside words is split like the article text
    ("c++", {4}),
    ("node.js", {4}),
    ("AT&T", {4}),
    ("at&t", {4}),
    ("don't", {4}),
    ("dont", set()),
    # FTS5 syntax characters are searched as text, never obeyed
    ("NEAR(nato russia)", {1}),  # "near" is a word of row 1: searched, not obeyed
    ("nato^", {1, 3, 5}),
    ("title:nato:talks", {5}),  # one word "nato:talks": the phrase "nato talks"
    ("{title}:cafe", set()),  # the phrase "title cafe", not a column filter
    ("+nato", {1, 3, 5}),
    ("nato*talks", {5}),
    ("((nato", {1, 3, 5}),
    ("nato))", {1, 3, 5}),
    (")nato(", {1, 3, 5}),
    ("nato OR", {1, 3, 5}),
    ("OR nato", {1, 3, 5}),
    ("nato OR OR cafe", {1, 2, 3, 5}),
    ("nato NOT", {1, 3, 5}),
    ("nato -", {1, 3, 5}),
    ("nato - russia", {1, 5}),  # a lone dash is not an exclusion
    ("nato AND", {1, 3, 5}),
    ("nato +++ ... ;;", {1, 3, 5}),  # punctuation-only words are dropped
    ("nato *", {1, 3, 5}),
]


@pytest.mark.parametrize(("text", "expected"), MATCHES, ids=[text for text, _ in MATCHES])
def test_fts_matches_the_right_rows(fts: sqlite3.Connection, text: str, expected: set[int]) -> None:
    assert _search(fts, text) == expected


def test_each_sample_row_is_reachable(fts: sqlite3.Connection) -> None:
    """Guard against a table where nothing or everything matches."""
    assert _search(fts, "programming") == {4}
    assert _search(fts, "the") == {1, 3}


# --- the parsed form ------------------------------------------------------------------


def test_every_term_is_quoted() -> None:
    parsed = parse_query('nato "climate deal" summ* -russia title:x OR y')
    # Strip the quoted strings; what is left is only FTS5 operators.
    rest = re.sub(r'"(?:[^"]|"")*"', "S", parsed.match or "")
    assert set(re.findall(r"[A-Za-z]+", rest)) <= {"S", "AND", "OR", "NOT", "title"}


def test_quotes_inside_a_term_are_doubled() -> None:
    # A word cannot hold a quote, but a field value can end a phrase: check the escape directly.
    from reader.core.search import query

    assert query._quote('say "hi"') == '"say ""hi"""'


def test_terms_are_the_positive_words_and_phrases() -> None:
    parsed = parse_query('nato "Climate  Deal" summ* -russia NOT ukraine title:otan NATO (a OR b)')
    assert parsed.terms == ("nato", "Climate Deal", "summ", "otan", "a", "b")


def test_plain_words_only() -> None:
    parsed = parse_query("nato")
    assert parsed == ParsedQuery(match='"nato"', terms=("nato",))


def test_prefix_is_a_quoted_string_then_star() -> None:
    assert parse_query("summ*").match == '"summ" *'
    assert parse_query("summ***").match == '"summ" *'


def test_column_filter_form() -> None:
    assert parse_query("title:nato").match == 'title : "nato"'
    assert parse_query('feed:"world desk"').match == 'feed : "world desk"'


# --- filters -----------------------------------------------------------------------------


def test_filters_only_give_no_match() -> None:
    assert parse_query("is:saved") == ParsedQuery(match=None, saved=True)
    assert parse_query("is:unread") == ParsedQuery(match=None, read=False)
    assert parse_query("is:read") == ParsedQuery(match=None, read=True)
    assert parse_query("IS:Saved").saved is True


def test_negated_filters() -> None:
    assert parse_query("-is:saved").saved is False
    assert parse_query("-is:read").read is False
    assert parse_query("NOT is:unread").read is True
    assert parse_query("-after:2024-03-01").before == datetime(2024, 3, 1, tzinfo=UTC)
    assert parse_query("-before:2024-03-01").after == datetime(2024, 3, 1, tzinfo=UTC)


def test_dates_are_day_starts_in_utc() -> None:
    parsed = parse_query("after:2024-01-01 before:2024-02-29")
    assert parsed.match is None
    assert parsed.after == datetime(2024, 1, 1, tzinfo=UTC)
    assert parsed.before == datetime(2024, 2, 29, tzinfo=UTC)
    assert parsed.after.tzinfo is not None and parsed.after.utcoffset().total_seconds() == 0


def test_repeated_dates_keep_the_narrowest_range() -> None:
    parsed = parse_query("after:2024-01-01 after:2024-03-01 before:2024-12-01 before:2024-06-01")
    assert parsed.after == datetime(2024, 3, 1, tzinfo=UTC)
    assert parsed.before == datetime(2024, 6, 1, tzinfo=UTC)


def test_combination(fts: sqlite3.Connection) -> None:
    parsed = parse_query("title:nato -russia after:2024-01-01 is:saved")
    assert parsed.saved is True
    assert parsed.read is None
    assert parsed.after == datetime(2024, 1, 1, tzinfo=UTC)
    assert parsed.before is None
    assert parsed.terms == ("nato",)
    assert parsed.match is not None
    assert _ids(fts, parsed.match) == set()
    assert _ids(fts, parse_query("title:nato -climate is:unread before:2025-01-01").match or "") == {1, 5}


def test_filters_apply_to_the_whole_search_wherever_they_stand(fts: sqlite3.Connection) -> None:
    parsed = parse_query("(is:saved nato) OR cafe")
    assert parsed.saved is True
    assert _ids(fts, parsed.match or "") == {1, 2, 3, 5}


def test_folder_filter_by_path_or_title_with_quotes() -> None:
    assert parse_query("folder:News") == ParsedQuery(match=None, folder="News")
    assert parse_query('folder:"News/World Desk"').folder == "News/World Desk"
    assert parse_query('FOLDER:" News / World "').folder == "News/World"  # parts trimmed, as the CLI's paths
    parsed = parse_query('nato folder:"World Desk" is:unread')
    assert (parsed.match, parsed.folder, parsed.read, parsed.terms) == ('"nato"', "World Desk", False, ("nato",))


def test_excluded_folders_are_kept_apart() -> None:
    parsed = parse_query("climate -folder:Sports -folder:sports NOT folder:Markets")
    assert parsed.folder is None
    assert parsed.not_folders == ("Sports", "Markets")  # case-insensitive duplicates once
    assert parse_query("folder:News -folder:News/Sport").not_folders == ("News/Sport",)


def test_same_folder_twice_is_one_filter() -> None:
    assert parse_query("folder:News folder:news").folder == "News"


# --- what cannot be searched ---------------------------------------------------------------

ERRORS = [
    ("", "type something"),
    ("   \t\n ", "type something"),
    ("-russia", "besides the excluded"),
    ("NOT russia", "besides the excluded"),
    ("-russia -ukraine is:saved", "besides the excluded"),
    ("-(-nato -russia)", "besides the excluded"),
    ("nato OR -russia", "each side of OR"),
    ("title:", "after title:"),
    ("nato author:", "after author:"),
    ("title:)", "after title:"),
    ("after:2024-13-99", "like 2024-01-31"),
    ("before:2024-02-30", "like 2024-01-31"),
    ("after:yesterday", "like 2024-01-31"),
    ("after:", "like 2024-01-31"),
    ("after:24-01-01", "like 2024-01-31"),
    ("is:", "saved, read or unread"),
    ("is:starred", "saved, read or unread"),
    ("is:read is:unread", "cannot both apply"),
    ("is:saved -is:saved", "cannot both apply"),
    ("nato OR is:saved", "whole search"),
    ("nato -(russia is:saved)", "excluded group"),
    ("folder:", "needs a folder name"),
    ('folder:""', "needs a folder name"),
    ("folder:/", "needs a folder name"),
    ("folder:News folder:Sport", "cannot both apply"),
    ("nato OR folder:News", "whole search"),
    ("OR", "punctuation alone"),
    ("-", "punctuation alone"),
    ("()", "punctuation alone"),
    ('""', "punctuation alone"),
    ("+++ ...", "punctuation alone"),
    ("*", "punctuation alone"),
]


@pytest.mark.parametrize(("text", "fragment"), ERRORS, ids=[text or "<empty>" for text, _ in ERRORS])
def test_unsearchable_queries_raise_a_readable_error(text: str, fragment: str) -> None:
    with pytest.raises(QueryError) as info:
        parse_query(text)
    message = str(info.value)
    assert fragment in message
    assert "\n" not in message


MALFORMED = [
    '"unclosed', 'a "b c', '"', '"""', 'OR OR', 'a OR', 'NOT', '- -', '-)', '(', ')', '(()',
    ')(', 'a ) ( b', 'title:"', 'title:(', 'title:()', 'title:(a', 'feed:-', 'author:*',
    '^', 'a^b', ':', '::', 'a:b', '*a', 'a**b', 'a:*', '(a)*', '"a"*b', '{', '}', '{title}:x',
    '{title author}:x', '+', 'a+b', 'c++', 'node.js', 'AT&T', "don't", "l'été", 'NEAR(', 'NEAR(a b, 2)',
    'NEAR/3', 'a NEAR b', 'AND', 'a AND AND b', 'a NOT NOT b', '-"', '-"a b"', '--', '---a',
    'a||b', '|', '| a |', 'rowid:1', 'article_fts:x', 'title:title:x', 'is:saved:x',
    'folder:"unclosed', 'folder:(a', 'folder:a"b', 'x folder:"a" "b',
    'after:2024-01-01T00:00', 'a\x00b', '\x00', 'tab\tsep', 'new\nline', 'zero\u200bwidth',
    '\u0301', 'e\u0301', '\ud800x', '🎉', 'emoji🎉party', '日本語', 'Ἀθῆναι', 'مرحبا', '\U000e0001',
    'x' * 2000, '(' * 200 + 'a', 'a' + ')' * 200, '-' * 50 + 'a', 'a OR ' * 100 + 'b',
]


@pytest.mark.parametrize("text", MALFORMED, ids=[repr(text)[:40] for text in MALFORMED])
def test_malformed_input_is_an_error_or_a_valid_expression(fts: sqlite3.Connection, text: str) -> None:
    _assert_safe(fts, text)


def _assert_safe(conn: sqlite3.Connection, text: str) -> ParsedQuery | None:
    """parse_query either raises QueryError or gives an expression FTS5 accepts."""
    try:
        parsed = parse_query(text)
    except QueryError as err:
        assert str(err)
        return None
    if parsed.match is not None:
        _ids(conn, parsed.match)  # an OperationalError here fails the test
    return parsed


def _nested_query(rng: random.Random, levels: int) -> str:
    """A legitimate query nested about ``levels`` deep, mixing groups, OR, fields and exclusions."""

    def leaf() -> str:
        return rng.choice(["nato", "desk", "title:talks", '"climate change"', "summ*", "author:ana"])

    if levels == 0:
        return leaf()
    inner = _nested_query(rng, levels - 1)
    return rng.choice(
        [
            f"({leaf()} OR {inner})",
            f"({leaf()} {leaf()} -{inner})",
            f"desk -({leaf()} -{inner} -zurich)",
            f"title:({inner} {leaf()})",
            f"{leaf()} ({inner} OR cafe) world",
            f"(({inner} -russia) OR climate)",
        ]
    )


def test_queries_as_deep_as_allowed_are_accepted_by_fts5(fts: sqlite3.Connection) -> None:
    rng = random.Random(1)
    accepted = 0
    for _ in range(1500):
        text = _nested_query(rng, rng.randint(3, MAX_NESTING))
        try:
            parsed = parse_query(text)
        except QueryError as err:
            assert "nested too deeply" in str(err) or "excluded" in str(err), text
            continue
        accepted += 1
        assert parsed.match is not None
        _ids(fts, parsed.match)
    assert accepted > 300
    assert parse_query("(" * MAX_NESTING + "nato").match == '"nato"'
    assert parse_query("-" * 5000 + "russia nato").match == '"nato" NOT "russia"'


@pytest.mark.parametrize(
    "text",
    ["(" * (MAX_NESTING + 1) + "a", "(a " * 3000, "b " + "NOT " * 2000 + "a", "title:" * 3000 + "a", "(a OR " * 300],
    ids=["parens", "many-parens", "many-NOT", "many-fields", "nested-OR"],
)
def test_absurd_nesting_is_refused_not_crashed(text: str) -> None:
    with pytest.raises(QueryError, match="nested too deeply"):
        parse_query(text)


def test_long_flat_queries_work(fts: sqlite3.Connection) -> None:
    words = [f"w{i}" for i in range(2000)]
    for text in [" ".join(words), " OR ".join(words), "nato " + " ".join("-" + w for w in words)]:
        _ids(fts, parse_query(text).match or "")


def test_junk_around_words_still_finds_them(fts: sqlite3.Connection) -> None:
    for text in ["((nato", "nato))", "nato(", '"nato', "nato^", "{nato}", "nato:", "-)nato"]:
        assert _search(fts, text) == {1, 3, 5}, text


# --- fuzz ----------------------------------------------------------------------------------

_ALPHABET = list('abcnatozü é"()*-+^:{}|.,;&\'\\/  \t') + ["OR", "NOT", "AND", "NEAR", "title:", "is:", "after:"]


def test_random_junk_never_upsets_fts5(fts: sqlite3.Connection) -> None:
    rng = random.Random(20240131)
    accepted = 0
    for _ in range(3000):
        text = "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(1, 24)))
        if _assert_safe(fts, text) is not None:
            accepted += 1
    assert accepted > 1000  # most junk is searched, not refused


def test_random_unicode_never_upsets_fts5(fts: sqlite3.Connection) -> None:
    rng = random.Random(7)
    for _ in range(2000):
        text = "".join(chr(rng.randint(0, 0x2FFFF)) for _ in range(rng.randint(1, 12)))
        _assert_safe(fts, text)


# A reference model: random AND/NOT/column queries over a small vocabulary,
# checked against sets computed in Python from the rows themselves.

_COLUMNS = ("title", "author", "feed", "body")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", _fold(text)))


_ROW_WORDS = {rowid: [_words(value) for value in fields] for rowid, fields in ROWS.items()}
_VOCAB = sorted(set().union(*(words for row in _ROW_WORDS.values() for words in row)))


def _rows_with(word: str, column: str | None) -> set[int]:
    indexes = range(4) if column is None else [_COLUMNS.index(column)]
    return {rowid for rowid, cols in _ROW_WORDS.items() if any(word in cols[i] for i in indexes)}


def test_random_queries_match_a_reference_model(fts: sqlite3.Connection) -> None:
    rng = random.Random(99)
    for _ in range(400):
        expected = set(ROWS)
        parts = []
        for index in range(rng.randint(1, 4)):
            word = rng.choice(_VOCAB)
            column = rng.choice([None, None, "title", "author", "feed", "body"])
            excluded = index > 0 and rng.random() < 0.4
            operator = word in ("and", "or", "not")
            shown = word.upper() if rng.random() < 0.3 and not operator else word
            shown = f"{column}:{shown}" if column else shown
            parts.append(("-" if excluded else "") + shown)
            rows = _rows_with(word, column)
            expected = expected - rows if excluded else expected & rows
        rng.shuffle(parts)
        text = " ".join(parts)
        assert _search(fts, text) == expected, text


def test_random_or_queries_match_a_reference_model(fts: sqlite3.Connection) -> None:
    rng = random.Random(5)
    for _ in range(200):
        words = [rng.choice(_VOCAB) for _ in range(rng.randint(2, 4))]
        expected = set().union(*(_rows_with(word, None) for word in words))
        assert _search(fts, " OR ".join(words)) == expected


if hypothesis is not None:

    @hypothesis.settings(max_examples=600, deadline=None, database=None)
    @hypothesis.given(st.text(max_size=40))
    def test_hypothesis_any_text_is_an_error_or_a_valid_expression(text: str) -> None:
        conn = _open_fts()
        try:
            _assert_safe(conn, text)
        finally:
            conn.close()

    @hypothesis.settings(max_examples=600, deadline=None, database=None)
    @hypothesis.given(st.lists(st.sampled_from(_ALPHABET), max_size=20).map("".join))
    def test_hypothesis_query_like_text_is_an_error_or_a_valid_expression(text: str) -> None:
        conn = _open_fts()
        try:
            _assert_safe(conn, text)
        finally:
            conn.close()


def test_huge_pastes_parse_in_linear_time() -> None:
    rng = random.Random(3)
    pastes = [
        " ".join(f"w{i}" for i in range(15000)),
        "".join(rng.choice('ab (")-*|:title:') for _ in range(100_000)),
        "title:" * 20000 + "x",
    ]
    for text in pastes:
        started = time.perf_counter()
        try:
            parse_query(text)
        except QueryError:
            pass
        assert time.perf_counter() - started < 3.0


def test_headline_query_quotes_the_strong_words() -> None:
    from reader.core.search.query import headline_query

    assert headline_query("Why the night ferry is not running: OR the -tables") == '"night" "ferry" "running" "tables"'
    assert headline_query("Is it on?") == '"Is" "it" "on"'
    assert headline_query("…") == ""
    assert parse_query(headline_query("NOT title: (a) OR b* -c")).match is not None
