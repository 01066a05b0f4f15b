"""Dependency direction: an app imports only from apps in lower layers.

The order is the ``layers`` block of ``docs/conventions.md`` (one layer per line, lowest
first; apps on one line are peers and import neither each other). Every import is checked,
including imports inside functions and relative imports; test packages (``tests/``) may use
the whole project and are exempt. ``core`` in addition names no domain app in strings (URL
names, model labels, dotted paths) or templates.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "verbund"
CONVENTIONS = ROOT / "docs" / "conventions.md"


def layer_order() -> dict[str, int]:
    text = CONVENTIONS.read_text(encoding="utf-8")
    match = re.search(r"```layers\n(.*?)```", text, re.S)
    assert match, "docs/conventions.md must contain the ```layers block"
    order: dict[str, int] = {}
    for rank, line in enumerate(filter(None, map(str.strip, match.group(1).splitlines()))):
        for app in line.split("#", 1)[0].split():
            assert app not in order, f"{app} listed twice in the layers block"
            order[app] = rank
    return order


LAYERS = layer_order()


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path, source: str) -> list[tuple[int, str]]:
    """(line, absolute module) of every import in ``source``, wherever it stands."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source, filename=str(path))):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append((node.lineno, target))
            # ``from verbund import cooperation`` names the app in the alias
            if target == "verbund":
                found.extend((node.lineno, f"verbund.{alias.name}") for alias in node.names)
    return found


def _app_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] == "config":
        return "config"
    if parts[0] == "verbund" and len(parts) > 1:
        return parts[1]
    return None


def violations(path: Path, source: str) -> list[str]:
    own = _app_of(_module_name(path))
    errors = []
    for line, module in imported_modules(path, source):
        other = _app_of(module)
        if other is None or other == own:
            continue
        if other == "config" or other not in LAYERS or LAYERS[other] >= LAYERS[own]:
            errors.append(f"{path.relative_to(ROOT)}:{line}: {own} imports {module}")
    return errors


def application_modules() -> list[Path]:
    return sorted(
        path
        for path in PACKAGE.rglob("*.py")
        if "tests" not in path.relative_to(PACKAGE).parts and path.parent != PACKAGE
    )


def test_every_app_has_a_layer():
    installed = {
        config.name.split(".", 1)[1]
        for config in apps.get_app_configs()
        if config.name.startswith("verbund.")
    }
    missing = installed - set(LAYERS)
    assert not missing, f"Add these apps to the layers block of docs/conventions.md: {missing}"
    assert LAYERS["core"] == 0


def test_no_module_imports_a_higher_or_peer_layer():
    modules = application_modules()
    assert len(modules) > 100 and any(p.name == "graph.py" for p in modules)
    errors = []
    for path in modules:
        errors.extend(violations(path, path.read_text(encoding="utf-8")))
    assert not errors, "Imports against the layer order:\n" + "\n".join(errors)


@pytest.mark.parametrize(
    ("where", "source"),
    [
        ("verbund/tenancy/example.py", "def f():\n    from verbund.accounts.access import x\n"),
        (
            "verbund/network/example.py",
            "try:\n    import verbund.cooperation.selectors\nexcept ImportError:\n    pass\n",
        ),
        ("verbund/core/example.py", "from verbund import tenancy\n"),
        ("verbund/areas/sub/example.py", "from ...statistics import models\n"),
        ("verbund/accounts/example.py", "from config.settings import base\n"),
    ],
)
def test_the_check_catches_upward_imports_anywhere(where, source):
    assert violations(ROOT / where, source)


def test_the_check_allows_downward_and_own_imports():
    source = (
        "from verbund.core.audit import log_action\n"
        "from .models import Body\n"
        "def f():\n    from verbund.tenancy.models import FamilyCentre\n"
    )
    assert violations(ROOT / "verbund/network/example.py", source) == []


DOMAIN_REFERENCE = re.compile(r"^(?:verbund\.)?(?P<app>[a-z_]+)(?:[.:][A-Za-z_])", re.ASCII)


def _docstrings(tree) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def test_core_names_no_domain_app():
    domain = set(LAYERS) - {"core"}
    errors = []
    for path in (PACKAGE / "core").rglob("*.py"):
        # Migrations are generated snapshots of the schema; they record the tenant model's
        # label as it was when they were written.
        if {"tests", "migrations"} & set(path.relative_to(PACKAGE).parts):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _docstrings(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in skip
            ):
                match = DOMAIN_REFERENCE.match(node.value)
                if match and match.group("app") in domain:
                    errors.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}")
    for path in (PACKAGE / "core" / "templates").rglob("*.html"):
        for app in domain:
            if re.search(rf"""['"]{app}:""", path.read_text(encoding="utf-8")):
                errors.append(f"{path.relative_to(ROOT)}: names {app}")
    assert not errors, "core must not name domain apps:\n" + "\n".join(errors)
