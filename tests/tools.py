"""System tools some tests need: skipped where they are missing, but a failure in CI (CI=true), where .ci/run installs them."""

from __future__ import annotations

import os
import shutil

import pytest


def require_tool(name: str, package: str) -> str:
    """The path of ``name``; skip the test without it, or fail it in CI."""
    found = shutil.which(name)
    if found:
        return found
    message = f"{name} is not installed (Debian package {package})"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message}; .ci/run should have installed it")
    pytest.skip(message)
