"""bench/fuzz.py: its targets and invariants, and every input the fuzzing turned up (tests/data/fuzz/).

The fuzzer itself runs for a budget outside CI (``python bench/fuzz.py``); here
each target runs once over its seeds, and every saved finding is replayed
through its target: a finding that comes back fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import fuzz

FINDINGS = sorted((Path(__file__).resolve().parents[1] / "data" / "fuzz").glob("*.bin"))


@pytest.mark.parametrize("path", FINDINGS, ids=[p.stem for p in FINDINGS])
def test_a_finding_never_comes_back(path: Path) -> None:
    target = path.stem.split("-", 1)[0]
    fuzz._target(target)(path.read_bytes())


@pytest.mark.parametrize("target", fuzz.TARGETS)
def test_every_target_runs_its_seeds_without_a_finding(target: str) -> None:
    run = fuzz._target(target)
    seeds = fuzz.seeds(target)
    if target in ("feed", "content", "callouts", "opml") and len(seeds) < 3:
        pytest.skip("../shared/corpus is not present")
    for data in seeds[:40]:
        run(data)


def test_the_dates_invariant_catches_an_invented_year(monkeypatch: pytest.MonkeyPatch) -> None:
    """Before issue 18's fix, '-2025-01-01' came back as a date of the current year: the target must say so."""
    from datetime import UTC, datetime

    import reader.core.feeds.parse as parse

    monkeypatch.setattr(parse, "read_date", lambda value: datetime(2026, 7, 21, tzinfo=UTC) if value else None)
    with pytest.raises(fuzz.Broken, match="a year it does not name"):
        fuzz._target("dates")(b"-2025-01-01")


def test_the_content_invariant_reads_elements_not_text() -> None:
    fuzz._check_safe('<p>&lt;img src=x onerror="alert(1)"&gt; and javascript: as words</p>')
    for bad in ('<p><img src="x" onerror="alert(1)"></p>', '<a href="javascript:alert(1)">x</a>', "<script>x</script>"):
        with pytest.raises(fuzz.Broken):
            fuzz._check_safe(bad)
