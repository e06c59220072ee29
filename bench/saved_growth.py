"""What saving an article with its images costs: library growth per article, and time to save one.

    python bench/saved_growth.py [--articles 20] [--images 4] [--latency-ms 0 50]

Writes a small news site into a temporary folder (story pages with enough text
to extract, each showing ``--images`` photographs of its own plus one logo
they all share), serves it on 127.0.0.1 (``bench/server.py``, optional latency
per response), subscribes a fresh library with remote images allowed, and
saves every article as the window does (``Library.mark_saved`` then
``Library.save_full_copy``: page, extraction, images). Prints, per latency:
the image bytes served per article, the library's growth per saved article
(database file after a checkpoint), what the daily backup holds per article,
and the median and 90th percentile time to save one.

The photographs are real JPEGs (drawn with Qt, 1200x800, quality 80), so their
size is that of a compressed picture, not of random bytes.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.server import BenchServer  # noqa: E402
from reader.core.library import Library, open_library  # noqa: E402

PARAGRAPH = (
    "The harbour commission met on {day} to hear the engineers' report on the north breakwater, which lost "
    "{n} metres of stone in the winter storms; the chair said repairs would begin before the fishing season "
    "and that the ferry timetable would not change while the work went on."
)


def photo(seed: int, width: int = 1200, height: int = 800) -> bytes:
    """A photograph-like JPEG: a sky gradient, soft shapes, fine grain."""
    from PySide6.QtCore import QBuffer, QCoreApplication, QIODevice, QPointF, QRectF
    from PySide6.QtGui import QColor, QImage, QLinearGradient, QPainter

    QCoreApplication.instance() or QCoreApplication([])
    rng = random.Random(seed)
    image = QImage(width, height, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    sky = QLinearGradient(QPointF(0, 0), QPointF(0, height))
    sky.setColorAt(0, QColor(rng.randrange(60, 120), rng.randrange(100, 160), rng.randrange(170, 230)))
    sky.setColorAt(1, QColor(rng.randrange(150, 220), rng.randrange(120, 180), rng.randrange(80, 140)))
    painter.fillRect(0, 0, width, height, sky)
    painter.setPen(QColor(0, 0, 0, 0))
    for _ in range(400):
        painter.setBrush(QColor(rng.randrange(256), rng.randrange(256), rng.randrange(256), rng.randrange(20, 90)))
        w, h = rng.randrange(10, 300), rng.randrange(10, 200)
        painter.drawEllipse(QRectF(rng.randrange(-50, width), rng.randrange(-50, height), w, h))
    for _ in range(40_000):  # grain: what makes a photograph cost what it costs
        painter.setPen(QColor(rng.randrange(256), rng.randrange(256), rng.randrange(256), 60))
        painter.drawPoint(rng.randrange(width), rng.randrange(height))
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPEG", 80)
    return bytes(buffer.data().data())


def build_site(folder: Path, articles: int, images: int) -> int:
    """Pages, photos, a shared logo and a feed template; returns the image bytes one article shows."""
    (folder / "img").mkdir(parents=True)
    logo = photo(0, 240, 80)
    (folder / "img" / "logo.jpg").write_bytes(logo)
    per_article: list[int] = []
    for a in range(articles):
        figures, size = [], len(logo)
        for i in range(images):
            data = photo(1000 * a + i + 1)
            (folder / "img" / f"{a}-{i}.jpg").write_bytes(data)
            size += len(data)
            figures.append(f'<figure><img src="/img/{a}-{i}.jpg" alt="Photo {i} of story {a}"><figcaption>Photo {i}.</figcaption></figure>')
        paragraphs = [f"<p>{PARAGRAPH.format(day=f'day {d}', n=a + d)}</p>" for d in range(8)]
        for i, figure in enumerate(figures):
            paragraphs.insert(1 + 2 * i, figure)
        (folder / f"story-{a}.html").write_text(
            f"<html><head><title>Story {a}</title></head><body><nav>Home | News | Sport</nav><article>"
            f"<h1>Breakwater report, part {a}</h1>{''.join(paragraphs)}</article><footer>The Ledger</footer></body></html>",
            encoding="utf-8",
        )
        per_article.append(size)
    return int(statistics.mean(per_article))


def write_feed(folder: Path, base: str, articles: int) -> None:
    items = "".join(
        f"<item><title>Breakwater report, part {a}</title><guid>s{a}</guid><link>{base}story-{a}.html</link>"
        f'<description><![CDATA[<p>The commission met.</p><p><img src="{base}img/logo.jpg" alt="The Ledger"></p>]]></description></item>'
        for a in range(articles)
    )
    (folder / "feed.xml").write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>The Ledger</title><link>{base}</link>{items}</channel></rss>',
        encoding="utf-8",
    )


def database_bytes(library: Library) -> int:
    library.store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return sum(p.stat().st_size for p in library.db_path.parent.glob(library.db_path.name + "*"))


def run(site: Path, articles: int, latency_ms: float) -> dict[str, float]:
    with BenchServer(site, latency_ms=latency_ms) as server:
        write_feed(site, server.url, articles)
        data = Path(tempfile.mkdtemp(prefix="byline-growth-"))
        try:
            library = open_library(data)
            feed_id = library.add_feed(server.url + "feed.xml").feed.id
            library.set_feed_images(feed_id, True)
            ids = [a.id for a in library.articles(feed_id=feed_id)]
            before = database_bytes(library)
            times = []
            for article_id in ids:
                start = time.perf_counter()
                library.mark_saved([article_id])
                problem = library.save_full_copy(article_id)
                times.append(time.perf_counter() - start)
                if problem:
                    raise SystemExit(f"article {article_id} was not kept: {problem}")
            after = database_bytes(library)
            kept, kept_bytes = library.store.image_totals()
            backup = library.backup(force=True)
            backup_bytes = backup.stat().st_size if backup else 0
            library.close()
        finally:
            shutil.rmtree(data, ignore_errors=True)
    times.sort()
    return {
        "growth": (after - before) / len(ids),
        "images_kept": kept,
        "image_bytes": kept_bytes / len(ids),
        "backup": backup_bytes / len(ids),
        "median_ms": statistics.median(times) * 1000,
        "p90_ms": times[int(0.9 * (len(times) - 1))] * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--images", type=int, default=4, help="photographs per story (plus one shared logo)")
    parser.add_argument("--latency-ms", type=float, nargs="+", default=[0.0, 50.0])
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    site = Path(tempfile.mkdtemp(prefix="byline-site-"))
    try:
        served = build_site(site, args.articles, args.images)
        print(f"{args.articles} stories, {args.images} photographs each (1200x800 JPEG) plus a shared logo; "
              f"{served / 1024:.0f} KiB of images shown per story")
        print(f"{'latency':>8} {'growth/article':>15} {'images/article':>15} {'backup/article':>15} {'images kept':>12} "
              f"{'save median':>12} {'save p90':>9}")
        for latency in args.latency_ms:
            r = run(site, args.articles, latency)
            print(f"{latency:>6.0f}ms {r['growth'] / 1024:>12.0f} KiB {r['image_bytes'] / 1024:>12.0f} KiB "
                  f"{r['backup'] / 1024:>12.0f} KiB {r['images_kept']:>12.0f} {r['median_ms']:>9.0f} ms {r['p90_ms']:>6.0f} ms")
    finally:
        shutil.rmtree(site, ignore_errors=True)


if __name__ == "__main__":
    main()
