"""The loopback benchmark server: validators, 304s, latency, counters."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from email.utils import formatdate
from pathlib import Path

import pytest

from bench.server import BenchServer, serve


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "a.xml").write_bytes(b"<rss version='2.0'><channel><title>a</title></channel></rss>")
    return tmp_path


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        with err:
            return err.code, dict(err.headers), err.read()


def test_first_get_has_validators_then_if_none_match_gives_304(site: Path) -> None:
    with BenchServer(site) as server:
        assert server.url.startswith("http://127.0.0.1:")
        status, headers, body = _get(server.url + "feeds/a.xml")
        assert status == 200 and body.startswith(b"<rss")
        assert headers["ETag"] and headers["Last-Modified"]
        status, _, body = _get(server.url + "feeds/a.xml", {"If-None-Match": headers["ETag"]})
        assert status == 304 and body == b""
        status, _, _ = _get(server.url + "feeds/a.xml", {"If-None-Match": '"other"'})
        assert status == 200
        stats = server.stats
        assert (stats.requests, stats.ok, stats.not_modified, stats.conditional) == (3, 2, 1, 2)


def test_if_modified_since(site: Path) -> None:
    with BenchServer(site) as server:
        _, headers, _ = _get(server.url + "feeds/a.xml")
        status, _, _ = _get(server.url + "feeds/a.xml", {"If-Modified-Since": headers["Last-Modified"]})
        assert status == 304
        old = formatdate(time.time() - 10 * 86400, usegmt=True)
        status, _, _ = _get(server.url + "feeds/a.xml", {"If-Modified-Since": old})
        assert status == 200
        assert server.stats.not_modified == 1


def test_changed_file_gets_a_new_etag(site: Path) -> None:
    with BenchServer(site) as server:
        _, first, _ = _get(server.url + "feeds/a.xml")
        (site / "feeds" / "a.xml").write_bytes(b"<rss version='2.0'><channel><title>b</title></channel></rss>")
        status, second, _ = _get(server.url + "feeds/a.xml", {"If-None-Match": first["ETag"]})
        assert status == 200 and second["ETag"] != first["ETag"]


def test_latency_is_applied(site: Path) -> None:
    with serve(site, latency_ms=120) as url:
        t0 = time.perf_counter()
        status, _, _ = _get(url + "feeds/a.xml")
        assert status == 200
        assert time.perf_counter() - t0 >= 0.12


def test_missing_files_and_escapes_are_404(site: Path) -> None:
    (site.parent / "secret.txt").write_text("no")
    with BenchServer(site) as server:
        assert _get(server.url + "nope.xml")[0] == 404
        assert _get(server.url + "../secret.txt")[0] == 404
        assert _get(server.url + "%2e%2e/secret.txt")[0] == 404
        assert server.stats.not_found == 3


def test_stats_endpoint_and_time_limit(site: Path) -> None:
    server = BenchServer(site, max_seconds=0.5).start()
    try:
        status, _, body = _get(server.url + "__stats")
        assert status == 200 and json.loads(body)["requests"] == 1
        t0 = time.perf_counter()
        server.wait()
        assert time.perf_counter() - t0 < 5
    finally:
        server.stop()


def test_several_sites_share_files_and_counters(tmp_path) -> None:
    import urllib.request

    from bench.server import BenchServer

    (tmp_path / "f.xml").write_bytes(b"<rss/>")
    with BenchServer(tmp_path, sites=3) as server:
        assert len(set(server.urls)) == 3
        for url in server.urls:
            with urllib.request.urlopen(url + "f.xml") as resp:
                assert resp.read() == b"<rss/>"
        assert server.stats.ok == 3
        server.reset_stats()
        assert server.stats.ok == 0


def test_corpus_spreads_feeds_over_sites(tmp_path) -> None:
    from bench.corpus import write_corpus

    feeds = write_corpus(tmp_path, n_feeds=6, n_entries=2, seed=3, base_url=["http://127.0.0.1:1/", "http://127.0.0.1:2/"])
    assert [f.url.split("/")[2] for f in feeds] == ["127.0.0.1:1", "127.0.0.1:2"] * 3
