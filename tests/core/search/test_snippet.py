"""Snippets: the window with the matches, marked the way the index matches."""

from __future__ import annotations

from reader.core.search.snippet import CLOSE, OPEN, make_snippet

TEXT = (
    "The ferry timetable changes on Monday. Commuters from the east landing will wait longer, "
    "but the harbour authority says the Zürich-built engines need the rest. " + "Filler words here. " * 20
    + "At the very end the harbour master speaks again about the harbour."
)


def test_marks_terms_case_and_diacritics_insensitively() -> None:
    out = make_snippet(TEXT, ["ZURICH"])
    assert f"{OPEN}Zürich{CLOSE}" in out


def test_terms_match_as_prefixes() -> None:
    assert f"{OPEN}harbour{CLOSE}" in make_snippet(TEXT, ["harb"])


def test_window_is_around_the_densest_matches() -> None:
    out = make_snippet(TEXT, ["harbour"], width=12)
    assert out.count(OPEN) == 2 and out.startswith("…") and "master" in out


def test_no_match_gives_the_opening_words() -> None:
    out = make_snippet(TEXT, ["absent"], width=5)
    assert out == "The ferry timetable changes on…"


def test_phrases_and_empty_text() -> None:
    assert f"{OPEN}east{CLOSE} {OPEN}landing{CLOSE}" in make_snippet(TEXT, ["east landing"])
    assert make_snippet("", ["x"]) == ""


def test_punctuation_between_words_is_kept() -> None:
    out = make_snippet("Rain, then sun: the ferry ran late. Nobody minded.", ["ferry"], width=6)
    assert out == f"…then sun: the {OPEN}ferry{CLOSE} ran late.…"


# Issue 12, item 8: short words mark whole words only, unless typed as a prefix.
STORY = "Tunisia sends fighters to Islamic State. The talks on the ongoing war is what Kerry said is due."


def test_short_words_do_not_mark_words_they_begin() -> None:
    out = make_snippet(STORY, ["is", "On", "Islamic State"], width=40)
    assert f"{OPEN}Islamic{CLOSE}" in out  # its own term
    assert "ongoing" in out and f"{OPEN}ongoing" not in out
    assert f"{OPEN}on{CLOSE} the" in out
    assert out.count(f"{OPEN}is{CLOSE}") == 2
    plain = make_snippet(STORY, ["is"], width=40)
    assert f"{OPEN}Islamic" not in plain


def test_typed_prefix_of_a_short_word_marks_the_words_it_begins() -> None:
    out = make_snippet(STORY, ["is"], prefixes=["is"], width=40)
    assert f"{OPEN}Islamic{CLOSE}" in out and out.count(f"{OPEN}is{CLOSE}") == 2


def test_library_search_passes_typed_prefixes(library, tmp_path) -> None:
    path = tmp_path / "f.xml"
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>'
        f"<item><title>Talks</title><guid>1</guid><description>{STORY}</description></item></channel></rss>"
    )
    library.add_feed(str(path))
    (hit,) = library.search("is")
    assert f"{OPEN}Islamic" not in hit.snippet and f"{OPEN}is{CLOSE}" in hit.snippet
    (hit,) = library.search("is*")
    assert f"{OPEN}Islamic{CLOSE}" in hit.snippet


def test_only_the_text_near_the_matches_is_read_word_by_word(monkeypatch) -> None:
    """Work counted: a match deep in a long body is found without splitting the whole body into words."""
    from reader.core.search import snippet

    body = "Opening words of a long report. " * 3000 + "The harbour froze overnight. " + "Closing words. " * 3000
    scanned: list[int] = []
    real = snippet._window

    def counted(text: str, wanted: tuple[str, ...], exact: set[str], width: int) -> str:
        scanned.append(len(text))
        return real(text, wanted, exact, width)

    monkeypatch.setattr(snippet, "_window", counted)
    out = make_snippet(body, ["harbour"])
    assert f"{OPEN}harbour{CLOSE}" in out and out.startswith("…") and out.endswith("…")
    assert scanned and max(scanned) <= snippet.BEFORE + snippet.DENSE + snippet.AFTER + 100


def test_the_window_is_read_around_the_densest_occurrences_not_the_first(monkeypatch) -> None:
    """A lone early mention does not stretch what is read: the run of three later wins, and only its text is split."""
    from reader.core.search import snippet

    body = "Tide mention once. " + "Filler words here. " * 400 + "Tide and tide and more tide today. " + "End. " * 400
    scanned: list[str] = []
    real = snippet._window

    def counted(text: str, wanted: tuple[str, ...], exact: set[str], width: int) -> str:
        scanned.append(text)
        return real(text, wanted, exact, width)

    monkeypatch.setattr(snippet, "_window", counted)
    out = make_snippet(body, ["tide"])
    assert out.count(OPEN) == 3 and "once" not in out
    assert len(scanned) == 1 and "once" not in scanned[0] and len(scanned[0]) < 2 * snippet.AFTER
