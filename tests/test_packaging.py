"""pyproject.toml says what the code needs: every imported package declared, Qt in a plain install.

The import scan reads the source with ``ast`` (lazy imports inside functions
included) and maps each top-level module to the distribution that provides it
in this environment (``importlib.metadata.packages_distributions``).
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from functools import cache
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@cache
def project() -> dict[str, object]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return data["project"]  # type: ignore[no-any-return]


def dist_name(requirement: str) -> str:
    """'PySide6-Essentials>=6.6,<6.12' -> 'pyside6-essentials' (PEP 503 normalised)."""
    name = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    assert name, requirement
    return re.sub(r"[-_.]+", "-", name.group(1)).lower()


def declared(*extras: str) -> set[str]:
    proj = project()
    names = {dist_name(r) for r in proj["dependencies"]}  # type: ignore[attr-defined]
    for extra in extras:
        names |= {dist_name(r) for r in proj["optional-dependencies"][extra]}  # type: ignore[index]
    return names


#: Scripts run by Debian's /usr/bin/python3, not the venv: their imports come from apt
#: packages that .ci/run installs (module -> Debian package).
SYSTEM_PYTHON_SCRIPTS = {ROOT / "tests" / "ui" / "atspi" / "probe.py": {"pyatspi": "python3-pyatspi", "gi": "python3-gi"}}


def third_party_imports(folder: Path) -> set[str]:
    found: set[str] = set()
    for path in folder.rglob("*.py"):
        if path in SYSTEM_PYTHON_SCRIPTS:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                found.add(node.module.split(".")[0])
    return {m for m in found if m not in sys.stdlib_module_names and m not in ("reader", "tests", "bench", "__future__")}


def providers(module: str) -> set[str]:
    return {re.sub(r"[-_.]+", "-", d).lower() for d in packages_distributions().get(module, [])}


def test_every_module_the_application_imports_is_a_main_dependency() -> None:
    modules = third_party_imports(ROOT / "reader")
    assert {"PySide6", "httpx", "httpcore", "keyring"} <= modules  # the scan sees lazy and direct imports
    main = declared()
    missing = {m: sorted(providers(m)) or "not installed" for m in modules if not providers(m) & main}
    assert missing == {}


def test_every_module_the_tests_import_is_declared() -> None:
    modules = third_party_imports(ROOT / "tests")
    everything = declared("test")
    missing = {m: sorted(providers(m)) or "not installed" for m in modules if not providers(m) & everything}
    assert missing == {}


def test_the_system_python_scripts_imports_are_installed_by_ci() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").split()
    for script, packages in SYSTEM_PYTHON_SCRIPTS.items():
        tree = ast.parse(script.read_text(encoding="utf-8"))
        imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        imported |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module and not n.level}
        third = {m for m in imported if m not in sys.stdlib_module_names and m != "__future__"}
        assert third == set(packages), script
        assert all(package in ci for package in packages.values()), packages


def test_qt_comes_with_a_plain_install_and_gui_stays_an_alias() -> None:
    main = [r for r in project()["dependencies"] if dist_name(r) == "pyside6-essentials"]  # type: ignore[attr-defined]
    assert main == ["PySide6-Essentials>=6.6,<6.12"]
    assert project()["optional-dependencies"]["gui"] == main  # type: ignore[index]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    reason = next(line for line in readme.splitlines() if line.startswith("| PySide6-Essentials"))
    assert "<6.12" in reason and "6.12.0" in reason  # the upper bound keeps its reason


def test_resources_are_package_data() -> None:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = data["tool"]["setuptools"]["package-data"]["reader"]
    package = ROOT / "reader"
    covered = {p for pattern in patterns for p in package.glob(pattern) if p.is_file()}
    shipped = {p for p in (package / "resources").rglob("*") if p.is_file()}
    assert shipped and shipped == covered

    from reader import paths

    assert paths.resources_dir() == package / "resources"
