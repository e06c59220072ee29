"""Shared fixtures: a temporary data dir (the real one is never touched), a
library opened on it, and the shared corpus (skipped cleanly when absent)."""

from __future__ import annotations

import ipaddress
import os
import socket
from pathlib import Path

import pytest

# Qt never opens a real display in tests.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests read English messages whatever the developer's language; the translation
# tests ask for German themselves (LANG in a subprocess, or by name).
for _name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
    os.environ.pop(_name, None)
os.environ["LANG"] = "C.UTF-8"

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

# The sync tests' Miniflux (session-scoped: started only when a test asks for it).
pytest_plugins = ("tests.syncserver",)


def _loopback_only(address: object) -> None:
    host = address[0] if isinstance(address, tuple) else None
    if host is None:  # unix sockets
        return
    try:
        if ipaddress.ip_address(str(host).split("%")[0]).is_loopback:
            return
    except ValueError:
        if host == "localhost":
            return
    raise OSError(f"tests may not connect to {host!r}: only 127.0.0.1 is allowed")


@pytest.fixture(autouse=True)
def _no_network_beyond_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never reach past 127.0.0.1: in this process (a socket guard) and in
    the processes they start (BYLINE_NETWORK=loopback, honoured by the fetcher)."""
    monkeypatch.setenv("BYLINE_NETWORK", "loopback")
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def connect(self: socket.socket, address: object) -> None:
        _loopback_only(address)
        return real_connect(self, address)  # type: ignore[arg-type]

    def connect_ex(self: socket.socket, address: object) -> int:
        _loopback_only(address)
        return real_connect_ex(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)


@pytest.fixture(autouse=True)
def _isolate_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point every default location at a temporary place, for every test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.delenv("BYLINE_DATA_DIR", raising=False)
    # Passwords go to a 0600 file in the test's data dir, never to the user's keyring.
    monkeypatch.setenv("BYLINE_SECRETS", "file")
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    # A proxy set on the machine running the tests must not carry their 127.0.0.1 requests away.
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def library(data_dir: Path):
    from reader.core.library import open_library

    lib = open_library(data_dir)
    yield lib
    lib.close()


def _shared_dir(name: str) -> Path:
    path = SHARED / name
    if not path.is_dir():
        pytest.skip(f"../shared/{name} is not present")
    return path


@pytest.fixture
def corpus_dir() -> Path:
    return _shared_dir("corpus")


@pytest.fixture
def seed_dir() -> Path:
    return _shared_dir("seed")


def corpus_files(kind: str) -> list[Path]:
    """Files of ../shared/corpus/<kind>, for parametrizing (empty when absent)."""
    path = SHARED / "corpus" / kind
    if not path.is_dir():
        return []
    return sorted(p for p in path.iterdir() if p.is_file())


@pytest.fixture
def feed_server():
    """A started tests.servers.FeedServer on 127.0.0.1, stopped (threads joined) after the test."""
    from tests.servers import FeedServer

    with FeedServer() as server:
        yield server
