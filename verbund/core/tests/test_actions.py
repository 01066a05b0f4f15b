"""Every audit action code a module logs is registered with a German label; entries read as
sentences."""

import ast
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

from verbund.core.actions import is_registered, register_action, sentence
from verbund.core.audit import log_action
from verbund.core.models import AuditEntry

ROOT = Path(__file__).resolve().parents[2]
WRITERS = {"log_action": 0, "save_changes": None, "create_logged": None}


def _modules() -> list[Path]:
    return sorted(
        path
        for path in ROOT.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
    )


def _module_values(tree: ast.Module, name: str) -> list[ast.expr]:
    """What a module-level name is bound to (a constant, or each value of a dict)."""
    values: list[ast.expr] = []
    for node in tree.body:
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets = [node.target]
        if any(isinstance(t, ast.Name) and t.id == name for t in targets):
            if isinstance(node.value, ast.Dict):
                values.extend(node.value.values)
            else:
                values.append(node.value)
    return values


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _codes(expr, tree, parents, seen=0) -> tuple[set[str], list[str]]:
    """Resolve an action expression to its possible string codes (and what stays unresolved)."""
    if seen > 5:
        return set(), [ast.unparse(expr)]
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return {expr.value}, []
    if isinstance(expr, ast.IfExp):
        a, ua = _codes(expr.body, tree, parents, seen + 1)
        b, ub = _codes(expr.orelse, tree, parents, seen + 1)
        return a | b, ua + ub
    if isinstance(expr, ast.Subscript) and isinstance(expr.value, ast.Name):
        expr = expr.value
    if isinstance(expr, ast.Name):
        bound = _module_values(tree, expr.id)
        if bound:
            codes, unresolved = set(), []
            for value in bound:
                c, u = _codes(value, tree, parents, seen + 1)
                codes |= c
                unresolved += u
            return codes, unresolved
        # A parameter of the enclosing function: resolve it at that function's call sites.
        node = expr
        while node in parents and not isinstance(node, ast.FunctionDef):
            node = parents[node]
        if isinstance(node, ast.FunctionDef):
            names = [a.arg for a in [*node.args.posonlyargs, *node.args.args]]
            kwonly = [a.arg for a in node.args.kwonlyargs]
            if expr.id in names or expr.id in kwonly:
                codes, unresolved = set(), []
                for call in ast.walk(tree):
                    if not (isinstance(call, ast.Call) and _called(call) == node.name):
                        continue
                    arg = next((k.value for k in call.keywords if k.arg == expr.id), None)
                    if arg is None and expr.id in names:
                        index = names.index(expr.id)
                        arg = call.args[index] if index < len(call.args) else None
                    if arg is not None:
                        c, u = _codes(arg, tree, parents, seen + 1)
                        codes |= c
                        unresolved += u
                return codes, unresolved
    return set(), [ast.unparse(expr)]


def _called(call: ast.Call) -> str:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return ""


def logged_codes() -> tuple[dict[str, str], list[str]]:
    codes: dict[str, str] = {}
    unresolved: list[str] = []
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = _parents(tree)
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call) or _called(call) not in WRITERS:
                continue
            position = WRITERS[_called(call)]
            expr = next((k.value for k in call.keywords if k.arg == "action"), None)
            if expr is None and position is not None and len(call.args) > position:
                expr = call.args[position]
            if expr is None:
                continue
            found, open_ = _codes(expr, tree, parents)
            where = f"{path.relative_to(ROOT)}:{call.lineno}"
            codes.update(dict.fromkeys(found, where))
            unresolved += [f"{where}: {text}" for text in open_]
    return codes, unresolved


def test_every_logged_action_code_is_registered():
    codes, unresolved = logged_codes()
    assert len(codes) > 80, "the scan found too few action codes; is it still reading the code?"
    assert not unresolved, f"action codes the scan cannot resolve: {unresolved}"
    missing = sorted(
        f"{code} ({where})" for code, where in codes.items() if not is_registered(code)
    )
    assert not missing, f"unregistered audit actions (use register_action): {missing}"


def test_the_scan_sees_an_unregistered_code(tmp_path):
    tree = ast.parse('def f(actor):\n    log_action("demo.thing.exploded", actor=actor)\n')
    call = next(node for node in ast.walk(tree) if isinstance(node, ast.Call))
    codes, unresolved = _codes(call.args[0], tree, _parents(tree))
    assert codes == {"demo.thing.exploded"} and not unresolved
    assert not is_registered("demo.thing.exploded")


@pytest.mark.django_db
def test_log_action_refuses_an_unregistered_code_in_tests():
    with pytest.raises(LookupError, match="not registered"):
        log_action("demo.thing.exploded")
    with override_settings(AUDIT_STRICT_ACTIONS=False):
        assert log_action("demo.thing.exploded").action == "demo.thing.exploded"


def test_register_action_rejects_bad_codes_and_conflicts():
    with pytest.raises(ValueError):
        register_action("nodots", "hat etwas getan")
    with pytest.raises(ValueError):
        register_action("cooperation.agreement.signed", "hat etwas anderes getan")


@pytest.mark.django_db
def test_an_entry_reads_as_a_german_sentence():
    user = get_user_model().objects.create_user("anna", first_name="Anna", last_name="Muster")
    entry = AuditEntry(
        action="cooperation.agreement.signed",
        actor=user,
        actor_label="anna",
        object_repr="Kooperation Kita Sonnenschein",
        timestamp=datetime(2026, 5, 3, 14, 5, tzinfo=ZoneInfo("Europe/Berlin")),
    )
    assert sentence(entry) == (
        "Anna Muster hat am 3. Mai 2026 um 14:05 Uhr die Vereinbarung "
        "„Kooperation Kita Sonnenschein“ als unterzeichnet erfasst."
    )
    system = AuditEntry(
        action="cooperation.reminder.sent",
        object_repr="X",
        timestamp=datetime(2026, 5, 3, 8, 0, tzinfo=ZoneInfo("Europe/Berlin")),
    )
    assert sentence(system).startswith("Das System hat am 3. Mai 2026 um 08:00 Uhr")
