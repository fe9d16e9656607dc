"""The layering of DESIGN.md holds: the import contracts in pyproject.toml are
kept, and the pure core (lib, planner, formats) works without Django at all."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PURE_PACKAGES = ("keepwarm.lib", "keepwarm.planner", "keepwarm.formats")

IMPORT_EVERYTHING = """
import importlib, json, pkgutil, sys

imported = []
for name in PURE_PACKAGES:
    package = importlib.import_module(name)
    imported.append(name)
    for module in pkgutil.walk_packages(package.__path__, prefix=name + "."):
        importlib.import_module(module.name)
        imported.append(module.name)
loaded = sorted(m for m in sys.modules if m == "django" or m.startswith(("django.", "keepwarm")))
print(json.dumps({"imported": imported, "loaded": loaded}))
"""


def test_import_contracts_are_kept():
    beside_python = Path(sys.executable).with_name("lint-imports")
    lint_imports = beside_python if beside_python.exists() else shutil.which("lint-imports")
    assert lint_imports, "lint-imports (import-linter) is not installed"
    result = subprocess.run(
        [str(lint_imports), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
    kept = int(result.stdout.split("Contracts: ")[1].split(" kept")[0])
    assert kept >= 2, result.stdout
    assert "The apps form a strict stack KEPT" in result.stdout


def test_every_package_has_its_place_in_the_stack():
    """A new app must be placed in the stack (docs/architecture.md): the layers
    contract names every package of keepwarm, each once."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contracts = config["tool"]["importlinter"]["contracts"]
    (stack,) = [c for c in contracts if c["type"] == "layers"]
    named = [m.strip() for layer in stack["layers"] for m in layer.split("|")]
    packages = sorted(
        f"keepwarm.{p.parent.name}" for p in (ROOT / "keepwarm").glob("*/__init__.py")
    )
    assert sorted(m for m in named if m not in ("keepwarm.owned", "keepwarm.signed")) == packages
    assert len(named) == len(set(named))
    documented = (ROOT / "docs" / "architecture.md").read_text()
    for package in packages:
        assert f"- **{package.removeprefix('keepwarm.')}" in documented, package


def _renamed_imports(path: Path) -> list[str]:
    """``import keepwarm.x as y`` and ``from keepwarm.x import z as y`` in one file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [(a.name, a.asname) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [(f"{node.module}.{a.name}", a.asname) for a in node.names]
        else:
            continue
        found += [
            f"{path.relative_to(ROOT)}:{node.lineno}: {name} as {alias}"
            for name, alias in names
            if alias and name.startswith("keepwarm.")
        ]
    return found


def test_no_module_of_ours_goes_by_another_name():
    """A name means one thing everywhere: a module or function of keepwarm is
    imported under its own name, so a reader can search for it."""
    renamed = [
        line
        for folder in ("keepwarm", "tests", "bench")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if "migrations" not in path.parts
        for line in _renamed_imports(path)
    ]
    assert renamed == []


def _test_module_imports(path: Path) -> list[str]:
    """Imports of a test module in one file: ``import tests.x.test_y``,
    ``from tests.x.test_y import z`` and ``from tests.x import test_y`` (also
    relative, and inside functions)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            modules = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            modules = [f"{module}.{a.name}" for a in node.names]
        else:
            continue
        ours = [m for m in modules if m.startswith((".", "tests."))]
        if any(part.startswith("test_") for m in ours for part in m.split(".")):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_no_module_imports_a_test_module():
    """A test module is no library: what tests share lives in a conftest.py
    (fixtures) or a support module whose name does not start with ``test_``, so
    renaming or deleting a test breaks no other and pytest collects each
    fixture once."""
    imported = [
        line
        for folder in ("tests", "bench")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for line in _test_module_imports(path)
    ]
    assert imported == []


def test_pure_core_imports_without_django(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    code = f"PURE_PACKAGES = {PURE_PACKAGES!r}\n" + IMPORT_EVERYTHING
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert {"keepwarm.lib.words", "keepwarm.planner.plan", "keepwarm.formats.names"} <= set(
        found["imported"]
    )
    assert not [m for m in found["loaded"] if m == "django" or m.startswith("django.")]
    outside = [m for m in found["loaded"] if m != "keepwarm" and not m.startswith(PURE_PACKAGES)]
    assert outside == [], "the pure core pulled in other keepwarm modules"
