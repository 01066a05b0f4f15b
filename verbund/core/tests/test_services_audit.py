"""Every public service function leaves an audit entry (rule 6).

Checked statically over each app's ``services`` module(s): a public function must call
``log_action`` itself or through another function of the same module. Helpers that write
nothing are private (``_name``) or live outside ``services``.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def service_modules() -> list[Path]:
    files = list(ROOT.glob("*/services.py")) + list(ROOT.glob("*/services/*.py"))
    return sorted(path for path in files if path.name != "__init__.py")


def public_functions_without_audit(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    functions = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    calls: dict[str, set[str]] = {}
    for name, node in functions.items():
        called = set()
        for sub in ast.walk(node):
            if isinstance(sub, ast.Call):
                target = sub.func
                if isinstance(target, ast.Name):
                    called.add(target.id)
                elif isinstance(target, ast.Attribute):
                    called.add(target.attr)
        calls[name] = called

    writers = {"log_action", "save_changes", "create_logged"}  # core.audit: they log what they save
    logging: set[str] = {name for name, called in calls.items() if called & writers}
    changed = True
    while changed:
        changed = False
        for name, called in calls.items():
            if name not in logging and called & logging:
                logging.add(name)
                changed = True
    return sorted(name for name in functions if not name.startswith("_") and name not in logging)


@pytest.mark.parametrize("path", service_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_public_services_write_an_audit_entry(path):
    missing = public_functions_without_audit(path)
    assert not missing, f"{path.relative_to(ROOT)}: no audit entry in {', '.join(missing)}"


def test_services_were_found():
    names = {str(path.relative_to(ROOT)) for path in service_modules()}
    assert "tenancy/services.py" in names and "accounts/services.py" in names
