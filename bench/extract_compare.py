"""Compare the two main-text extractors on the corpus articles.

    python bench/extract_compare.py [CORPUS_DIR]

For each page: time, characters of text kept, whether the page's bracketed
callouts survive, and whether navigation junk got in. This is what chose
trafilatura first and readability-lxml as the fallback (reader/core/fullcopy.py).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reader.core.content.callouts import find_callouts  # noqa: E402
from reader.core.content.text import plain_text  # noqa: E402


def trafilatura_html(page: bytes) -> str:
    import trafilatura

    return trafilatura.extract(page, output_format="html", include_links=True, include_images=True) or ""


def readability_html(page: bytes) -> str:
    from readability import Document

    return str(Document(page.decode("utf-8", "replace")).summary(html_partial=True))


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpus"
    pages = sorted((corpus / "articles").glob("*.html"))
    if not pages:
        raise SystemExit(f"no articles under {corpus}")
    print(f"{'page':44} {'extractor':12} {'ms':>6} {'chars':>7} {'callouts':>8}")
    times: dict[str, list[float]] = {"trafilatura": [], "readability": []}
    for path in pages:
        page = path.read_bytes()
        for name, fn in (("trafilatura", trafilatura_html), ("readability", readability_html)):
            start = time.perf_counter()
            html = fn(page)
            ms = (time.perf_counter() - start) * 1000
            times[name].append(ms)
            print(f"{path.name[:44]:44} {name:12} {ms:6.1f} {len(plain_text(html)) if html else 0:7d} {len(find_callouts(html)) if html else 0:8d}")
    for name, values in times.items():
        print(f"{name}: median {statistics.median(values):.1f} ms per page")


if __name__ == "__main__":
    main()
