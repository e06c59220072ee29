"""byline proxy / user-agent, and the environment's proxy, through the real process and recording proxies."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from reader.core.net.agent import BROWSER_USER_AGENT, USER_AGENT
from tests.proxies import HTTPProxy, Passed, SOCKS5Proxy
from tests.servers import FeedServer, Response

RSS = b"<?xml version='1.0'?><rss version='2.0'><channel><title>Proxied</title><item><title>A</title><guid>a</guid></item></channel></rss>"


def byline(data_dir: Path, *args: str, stdin: str | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "reader", *args], input=stdin, capture_output=True, text=True, timeout=120,
        env={**os.environ, "BYLINE_DATA_DIR": str(data_dir), **env}, check=False,
    )
    assert "Traceback" not in done.stderr
    return done


def test_the_environments_proxy_carries_every_request(feed_server: FeedServer, data_dir: Path) -> None:
    feed_server.route("/feed.xml", Response(body=RSS))
    with HTTPProxy() as proxy:
        env = {"HTTP_PROXY": f"http://127.0.0.1:{proxy.port}"}
        assert byline(data_dir, "add", feed_server.url("/feed.xml"), **env).returncode == 0
        assert byline(data_dir, "refresh", **env).returncode == 0
        assert proxy.seen == [Passed(feed_server.url("/feed.xml"))] * 2
        shown = byline(data_dir, "proxy", **env).stdout
        assert shown == f"system: the environment's HTTP_PROXY, HTTPS_PROXY, ALL_PROXY and NO_PROXY (http://127.0.0.1:{proxy.port})\n"
        direct = byline(data_dir, "refresh", **env, NO_PROXY="127.0.0.1")
        assert direct.returncode == 0 and len(proxy.seen) == 2


def test_a_proxy_set_with_byline_proxy_overrides_the_environment(feed_server: FeedServer, data_dir: Path) -> None:
    feed_server.route("/feed.xml", Response(body=RSS))
    with HTTPProxy() as env_proxy, HTTPProxy(login=("ann", "pr0xy-pw")) as chosen, SOCKS5Proxy() as socks:
        env = {"HTTP_PROXY": f"http://127.0.0.1:{env_proxy.port}"}
        address = f"http://127.0.0.1:{chosen.port}"
        set_it = byline(data_dir, "proxy", address, "--user", "ann", "--password-stdin", "--exceptions", "", stdin="pr0xy-pw\n", **env)
        assert set_it.returncode == 0, set_it.stderr
        assert byline(data_dir, "add", feed_server.url("/feed.xml"), **env).returncode == 0
        assert chosen.seen == [Passed(feed_server.url("/feed.xml"), user="ann")] and env_proxy.seen == []
        shown = byline(data_dir, "proxy", **env)
        assert shown.stdout == f"manual: http://127.0.0.1:{chosen.port} as ann\n"
        assert "pr0xy-pw" not in shown.stdout + shown.stderr

        assert byline(data_dir, "proxy", f"socks5://127.0.0.1:{socks.port}", "--exceptions", "", **env).returncode == 0
        assert byline(data_dir, "refresh", **env).stdout.endswith("0 failed\n")
        assert socks.seen == [Passed(f"127.0.0.1:{feed_server.port}")]

        assert byline(data_dir, "proxy", "none", **env).returncode == 0
        assert byline(data_dir, "refresh", **env).stdout.endswith("0 failed\n")
        assert (len(env_proxy.seen), len(chosen.seen), len(socks.seen)) == (0, 1, 1)
        assert byline(data_dir, "proxy", **env).stdout == "none: every request goes directly\n"

    bad = byline(data_dir, "proxy", "gopher://x:70")
    assert bad.returncode == 1 and bad.stderr.startswith("byline: the proxy address")
    misuse = byline(data_dir, "proxy", "none", "--user", "ann")
    assert misuse.returncode == 2


def test_user_agent_command(feed_server: FeedServer, data_dir: Path) -> None:
    feed_server.route("/picky.xml", lambda r: Response(body=RSS) if "Firefox" in r.headers["user-agent"] else Response(status=403))
    refused = byline(data_dir, "add", feed_server.url("/picky.xml"))
    assert refused.returncode == 1 and "--user-agent browser" in refused.stderr
    added = byline(data_dir, "add", feed_server.url("/picky.xml"), "--user-agent", "browser")
    assert added.returncode == 0, added.stderr
    feed_id = added.stdout.split("\t")[0]
    assert byline(data_dir, "user-agent", feed_id).stdout == BROWSER_USER_AGENT + "\n"
    assert json.loads(byline(data_dir, "feeds", "--json").stdout)[0]["user_agent"] == BROWSER_USER_AGENT

    assert byline(data_dir, "user-agent", feed_id, "default").returncode == 0
    assert byline(data_dir, "user-agent", feed_id).stdout == USER_AGENT + "\n"
    failed = byline(data_dir, "refresh")
    assert f"byline user-agent {feed_id} browser" in failed.stderr

    assert byline(data_dir, "user-agent", feed_id, "FeedFetcher/1.0 Firefox-compatible").returncode == 0
    assert byline(data_dir, "refresh").stdout.endswith("0 failed\n")
    assert feed_server.requests[-1].headers["user-agent"] == "FeedFetcher/1.0 Firefox-compatible"
    assert byline(data_dir, "user-agent", "99", "browser").returncode == 1
