"""Two checkouts of Byline opening the same library, in interleaved rounds, beside RSS Guard.

    git archive main | tar -x -C /tmp/byline-main
    python bench/window_ab.py --library DIR --other /tmp/byline-main [--runs 4]

Each round runs, for both checkouts (which goes first alternates), ``bench/run.py``'s
window child (offscreen: start to window shown, to the list's first page and the
CPU time spent by then, main process peak RSS) and then the same start on Xvfb
(``window_peers``); then RSS
Guard's empty window. A busy machine slows every tool of a round alike, so a
change is judged by the medians side by side rather than against an older run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.run import _WINDOW  # noqa: E402
from bench.window_peers import NoX, rssguard_start, time_to_window  # noqa: E402


def one_start(tree: Path, library: Path) -> tuple[float, float, float, float, float]:
    """(shown, first page, peak RSS MB, CPU s to the first page) offscreen, then seconds to a viewable window on Xvfb."""
    env = {k: v for k, v in os.environ.items() if k not in ("BYLINE_DATA_DIR", "PYTHONDONTWRITEBYTECODE")}
    env["PYTHONPATH"] = str(tree)
    t0 = time.time()
    done = subprocess.run(
        [sys.executable, "-c", _WINDOW, str(library), "start", "0"],
        cwd=tree, env={**env, "QT_QPA_PLATFORM": "offscreen"}, capture_output=True, text=True, timeout=120, check=False,
    )
    got = json.loads(done.stdout.strip().splitlines()[-1])
    xvfb = time_to_window([sys.executable, "-m", "reader", "--data-dir", str(library), "gui"], env, r"^Byline")
    first = got.get("first_page", float("nan")) - t0
    return got["shown"] - t0, first, got.get("rss_mb", float("nan")), got.get("cpu_s", float("nan")), xvfb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path, required=True, help="a Byline data dir (e.g. a generated 1M library)")
    parser.add_argument("--other", type=Path, required=True, help="another checkout of Byline (its reader/ is imported)")
    parser.add_argument("--runs", type=int, default=4)
    args = parser.parse_args(argv)
    trees = {"other": args.other.resolve(), "this": ROOT}
    for tree in trees.values():
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "reader")], check=False)
    got: dict[str, list[tuple[float, float, float, float, float]]] = {name: [] for name in trees}
    rssguard: list[float] = []
    for i in range(args.runs):
        for name, tree in list(trees.items())[:: 1 if i % 2 == 0 else -1]:  # who goes first alternates
            got[name].append(one_start(tree, args.library))
        try:
            rssguard.append(rssguard_start())
        except NoX as err:
            print(f"RSS Guard: missing: {err}")
    for name, rows in got.items():
        shown, first, rss, cpu, xvfb = (statistics.median(r[k] for r in rows) for k in range(5))
        print(
            f"{name:6} {trees[name]}: shown {shown:.3f} s, first page {first:.3f} s (CPU {cpu:.3f} s),"
            f" peak RSS {rss:.0f} MB, Xvfb {xvfb:.3f} s"
        )
    if rssguard:
        print(f"RSS Guard (empty profile) on Xvfb: {statistics.median(rssguard):.3f} s")
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
