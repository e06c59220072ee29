"""Issue 15's targets, each checked against figures measured in the same run as its peer's.

    python -m bench.targets bench/results/latest.md [bench/results/search-1m.md ...]

``bench/run.py`` appends this table to its own report; given result files, this
reads their tables back (several files: a quick run and a 1M run, say) and
prints one row per target: Byline's figure, the limit (a number, or a peer's
figure from the same file), and whether it is met. A target whose figures the
run did not produce says so instead of being left out.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

BYLINE = "Byline"


@dataclass(frozen=True)
class Row:
    """One row of a result table, read back: a median (and a p95 for latencies) in its unit."""

    bench: str
    tool: str
    median: float | None
    unit: str
    p95: float | None


_NUMBER = re.compile(r"^\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*(.*?)\s*$")


def _number(cell: str) -> tuple[float | None, str]:
    found = _NUMBER.match(cell)
    if not found:
        return None, ""
    return float(found.group(1).replace(",", "")), found.group(2)


def read_rows(text: str) -> list[Row]:
    """The rows of every table in a report written by ``bench/run.py``."""
    rows = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 8 or cells[0] in ("benchmark", "---"):
            continue
        median, unit = _number(cells[2])
        p95, _ = _number(cells[4])
        rows.append(Row(cells[0], cells[1], median, unit, p95))
    return rows


@dataclass(frozen=True)
class Verdict:
    target: str
    byline: str
    limit: str
    met: bool | None  # None: the run lacks a figure


def _find(rows: Sequence[Row], starts: str, tool: str = BYLINE) -> Row | None:
    """The last row (a later file wins) whose benchmark starts with ``starts``, for ``tool``."""
    found = [r for r in rows if r.bench.startswith(starts) and r.tool.startswith(tool) and r.median is not None]
    return found[-1] if found else None


def _num(v: float) -> str:
    return f"{v:,.0f}" if v >= 100 else f"{v:.1f}" if v >= 10 else f"{v:.3g}"


def _fmt(row: Row | None, value: float | None = None) -> str:
    if row is None:
        return "not measured"
    v = row.median if value is None else value
    return f"{_num(v)} {row.unit}".strip() if v is not None else "not measured"


def _against_peer(rows: Sequence[Row], target: str, bench: str, peer: str, factor: float = 1.0) -> Verdict:
    mine, theirs = _find(rows, bench), _find(rows, bench, peer)
    if mine is None or theirs is None or mine.median is None or theirs.median is None:
        return Verdict(target, _fmt(mine), _fmt(theirs), None)
    limit = theirs.median * factor
    shown = f"{peer} {_fmt(theirs)}" + (f" x {factor:g} = {_num(limit)} {theirs.unit}" if factor != 1 else "")
    return Verdict(target, _fmt(mine), shown, mine.median <= limit)


def _against_own(rows: Sequence[Row], target: str, bench: str, base: str, factor: float) -> Verdict:
    """Byline's figure against ``factor`` x another of Byline's figures from the same run."""
    mine, theirs = _find(rows, bench), _find(rows, base)
    if mine is None or theirs is None or mine.median is None or theirs.median is None:
        return Verdict(target, _fmt(mine), _fmt(theirs), None)
    limit = theirs.median * factor
    return Verdict(target, _fmt(mine), f"{_fmt(theirs)} x {factor:g} = {_num(limit)} {theirs.unit}", mine.median <= limit)


def _at_most(
    rows: Sequence[Row], target: str, bench: str | tuple[str, ...], limit: float, unit: str, *, p95: bool = False
) -> Verdict:
    mine = next((r for b in ((bench,) if isinstance(bench, str) else bench) if (r := _find(rows, b)) is not None), None)
    value = None if mine is None else (mine.p95 if p95 else mine.median)
    if mine is None or value is None:
        return Verdict(target, "not measured", f"{limit:g} {unit}", None)
    return Verdict(target, _fmt(mine, value), f"{limit:g} {unit}", value <= limit)


def _at_least(rows: Sequence[Row], target: str, bench: str, limit: float, unit: str) -> Verdict:
    mine = _find(rows, bench)
    if mine is None or mine.median is None:
        return Verdict(target, "not measured", f"{limit:g} {unit}", None)
    return Verdict(target, _fmt(mine), f"{limit:g} {unit}", mine.median >= limit)


def _best_peer(rows: Sequence[Row], target: str, bench: str) -> Verdict:
    mine = _find(rows, bench)
    peers = [r for r in rows if r.bench.startswith(bench) and r.tool != BYLINE and not r.tool.startswith("floor")
             and r.median is not None]
    if mine is None or mine.median is None or not peers:
        return Verdict(target, _fmt(mine), "no peer measured", None)
    best = min(peers, key=lambda r: r.median or 0.0)
    assert best.median is not None
    return Verdict(target, _fmt(mine), f"{best.tool} {_fmt(best)}", mine.median <= best.median)


def _sizes(rows: Sequence[Row]) -> list[str]:
    """The library sizes the run searched ("100,000", "1,000,000"), smallest first."""
    found = {m.group(1) for r in rows if (m := re.match(r"search latency at ([0-9,]+) articles", r.bench))}
    return sorted(found, key=lambda s: int(s.replace(",", "")))


TARGETS: tuple[Callable[[Sequence[Row]], list[Verdict]], ...] = (
    lambda rows: [
        _against_peer(rows, "cold refresh, wall time <= newsboat's", "cold refresh (", "newsboat"),
        _against_peer(rows, "cold refresh, CPU <= 1.5 x newsboat's", "CPU of a cold refresh", "newsboat", 1.5),
        _at_most(rows, "cold refresh, peak memory <= 100 MB", "peak memory of a cold refresh", 100, "MB"),
        _against_own(rows, "cold refresh of 500-entry feeds: peak <= 1.2 x the 50-entry peak",
                     "big feeds: peak memory of a cold refresh", "peak memory of a cold refresh", 1.2),
        _best_peer(rows, "warm refresh <= the best peer", "warm refresh"),
        _at_most(rows, "OPML import of 1,000 feeds < 0.1 s (whole process)", "OPML import of 1,000 feeds", 0.1, "s"),
        _at_most(rows, "library size <= 1.2 x the feed XML", "library size after the cold refresh", 1.2, "x"),
    ],
    lambda rows: [
        verdict
        for size in _sizes(rows)
        for verdict in (
            _at_most(rows, f"search at {size}: median < 20 ms", f"search latency at {size} articles", 20, "ms"),
            _at_most(rows, f"search at {size}: p95 < 100 ms", f"search latency at {size} articles", 100, "ms", p95=True),
            _at_least(rows, f"search at {size}: top 50 shares >= 40 with exact bm25", f"search at {size}: top 50", 40, "hits"),
            _at_most(rows, f"`byline search` at {size}: < 150 ms (whole process)",
                     f"byline search as a whole process at {size}", 0.15, "s"),
        )
    ],
    lambda rows: [
        _at_most(rows, "window: the list's first page within 0.5 s", "byline start to the list's first page", 0.5, "s"),
        _against_peer(rows, "window on Xvfb <= RSS Guard's empty window", "start to main window on Xvfb", "RSS Guard"),
        _at_most(rows, "window: main process < 150 MB", ("main process peak RSS once every id", "main process peak RSS at the first"),
                 150, "MB"),
    ],
)


def verdicts(rows: Sequence[Row]) -> list[Verdict]:
    return [v for target in TARGETS for v in target(rows)]


def render(rows: Sequence[Row]) -> str:
    lines = ["## Issue 15's targets, from these figures", "",
             "| target | Byline | limit (a peer's figure is from the same run) | met |", "| --- | --- | --- | --- |"]
    for v in verdicts(rows):
        met = "not measured" if v.met is None else ("yes" if v.met else "**no**")
        lines.append(f"| {v.target} | {v.byline} | {v.limit} | {met} |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str]) -> int:
    if not argv:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    rows = [row for name in argv for row in read_rows(Path(name).read_text(encoding="utf-8"))]
    print(render(rows), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
