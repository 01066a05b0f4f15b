"""Test support shared by every app: the list of every URL pattern of the project (so the
isolation test covers new views automatically) and real third-party data. A complete tenant
with one user per role is built by ``verbund.accounts.testing.build_tenant``."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

TEST_PASSWORD = "Sicheres-Passwort-123"  # noqa: S105

# Real third-party data lives beside the repository (../shared/data), never inside it.
SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def shared_data(*parts: str) -> Path:
    """A path below ../shared/data; the calling test is skipped, saying why, if it is absent."""
    import pytest

    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"Echte Testdaten fehlen: {path} (erwartet unter ../shared/data)")
    return path


@dataclass(frozen=True)
class Route:
    name: str  # namespaced, e.g. "tenancy:facility_detail"
    pattern: str
    callback: object
    kwarg_names: tuple[str, ...]

    @property
    def view(self):
        return getattr(self.callback, "view_class", self.callback)

    @property
    def permission(self):
        return getattr(self.view, "permission", None)

    @property
    def is_tenant(self) -> bool:
        # Public pages (``/<municipality>/…``) name the municipality too, outside ``k/``.
        return "municipality_slug" in self.kwarg_names and self.pattern.startswith("k/")


def all_routes(skip_namespaces: tuple[str, ...] = ("admin",)) -> list[Route]:
    routes: list[Route] = []

    def walk(patterns, prefix: str, namespace: str | None, converters: dict):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                ns = entry.namespace
                full_ns = ":".join(filter(None, [namespace, ns])) if ns else namespace
                if ns in skip_namespaces:
                    continue
                walk(
                    entry.url_patterns,
                    prefix + str(entry.pattern),
                    full_ns,
                    {**converters, **entry.pattern.converters},
                )
            elif isinstance(entry, URLPattern):
                if entry.name is None:
                    raise AssertionError(f"URL pattern {prefix}{entry.pattern} has no name")
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                kwarg_names = tuple({**converters, **entry.pattern.converters}.keys())
                routes.append(Route(name, prefix + str(entry.pattern), entry.callback, kwarg_names))

    walk(get_resolver().url_patterns, "", None, {})
    return routes


def sample_providers() -> dict:
    samples = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("verbund."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.isolation")
        except ModuleNotFoundError:
            continue
        samples.update(module.SAMPLES)
    return samples


def url_for(route, tenant, slug: str | None = None) -> str:
    samples = sample_providers()
    kwargs = {}
    for name in route.kwarg_names:
        if name == "municipality_slug":
            kwargs[name] = slug or tenant.municipality.slug
            continue
        assert name in samples, (
            f"{route.name}: no sample value for URL kwarg '{name}'. Add it to SAMPLES in the "
            "app's tests/isolation.py."
        )
        kwargs[name] = samples[name](tenant)
    return reverse(route.name, kwargs=kwargs)
