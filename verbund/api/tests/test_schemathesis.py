"""Schemathesis (property-based API fuzzing) over the whole API, read and write: for every
operation of ``/api/openapi.json`` it generates requests from the schema (valid and invalid),
sends them through the Django WSGI app with a real partner token and checks that nothing
answers 500 and every answer matches its documented status codes, headers and body schema.

The HSDS bodies point to the official schemas by a remote ``$ref``; those are replaced by
"any JSON object" here (no network in tests) – their strict validation is
``test_schemas.py``'s job. Examples per operation are bounded so the whole run stays well
under a minute.

Every check of schemathesis runs (no 500; status code, content type, headers and body as
documented; schema-invalid input refused; a missing token refused) except "a schema-valid
request must be accepted": the API refuses control characters (NUL …) in any parameter with a
German 400, which a string schema cannot express."""

from __future__ import annotations

import json
from contextlib import contextmanager

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.specs.openapi.checks import positive_data_acceptance

from verbund.api.ids import hsds_id
from verbund.offers.tests.factories import OfferFactory, OfferScheduleFactory, partner_organisation

from .helpers import build_directory
from .helpers_partner import make_token

pytestmark = pytest.mark.django_db

EXAMPLES = 10
SKIP = {"/api/v1/{municipality}/datapackage.zip"}  # streamed ZIP, fuzzed in test_datapackage


def local(schema):
    """The OpenAPI document with remote ``$ref``s replaced by "any JSON object"."""
    if isinstance(schema, dict):
        ref = schema.get("$ref", "")
        if ref.startswith("http"):
            return {"type": "object"}
        return {key: local(value) for key, value in schema.items()}
    if isinstance(schema, list):
        return [local(item) for item in schema]
    return schema


@contextmanager
def wsgi_app():
    """Django's WSGI app as a test server: the test's database connection stays open between
    requests (as django.test.Client keeps it; a request through that client connects the
    signals again, so none may run inside this block)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def unlimited(monkeypatch):
    from verbund.api import api as module
    from verbund.api import tokens

    monkeypatch.setattr(module.RATE_LIMIT, "limit", 10**9)
    monkeypatch.setattr(tokens, "TOKEN_RATE", tokens.TokenRate(limit=10**9, window=60))


def test_whole_api_against_its_openapi_document(client, tenant, unlimited):
    directory = build_directory(tenant, offers=3)
    own = partner_organisation(tenant)
    offer = OfferFactory(municipality=tenant.municipality, centre=tenant.centre, provider=own)
    schedule = OfferScheduleFactory(municipality=tenant.municipality, offer=offer)
    _row, token = make_token(tenant)
    document = local(json.loads(client.get("/api/openapi.json").content))
    schema = schemathesis.openapi.from_dict(document)
    app = get_wsgi_application()
    schema.app = app  # before the operations are built: they and every check send there
    mid = tenant.municipality.pk
    real = {
        "municipality": tenant.municipality.slug,
        "service_id": hsds_id(mid, "service", directory["offers"][0].pk),
        "organization_id": hsds_id(mid, "centre", tenant.centre.pk),
        "schema_name": "service.json",
        "location_id": hsds_id(mid, "facility", tenant.facility.pk),
        "service_at_location_id": hsds_id(mid, "service_at_location", directory["offers"][0].pk),
        "taxonomy_id": hsds_id(mid, "taxonomy", 1),
        "taxonomy_term_id": hsds_id(mid, "term", directory["phase"].pk),
        "partner_offer_id": offer.pk,
        "partner_schedule_id": schedule.pk,
    }

    def fresh_schedule():  # DELETE removes it: each example gets its own
        return OfferScheduleFactory(municipality=tenant.municipality, offer=offer).pk

    operations = [result.ok() for result in schema.get_all_operations()]
    operations = [op for op in operations if op.path not in SKIP]
    assert len(operations) >= 22, [op.path for op in operations]
    seen: dict[str, set[int]] = {}
    failures = []
    with wsgi_app():
        for operation in operations:
            fresh = {"partner_schedule_id": fresh_schedule} if operation.method == "delete" else {}
            try:
                run(operation, app, token, {**real, **fresh}, seen)
            except Exception as error:
                failures.append(f"{operation.method.upper()} {operation.path}: {error}")
    assert not failures, "\n\n".join(failures)

    partner = {key: codes for key, codes in seen.items() if "/partner/" in key}
    assert any(200 in codes for codes in partner.values()), seen
    assert any(422 in codes for codes in partner.values()), seen


def run(operation, app, token, real, seen) -> None:
    """Fuzz one operation (bounded examples)."""

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: bounded time
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(), keep=st.booleans())
    def check(case, keep):
        # Half the cases keep the generated path values (unknown ids, odd slugs), half
        # use real ones so the operation's happy path is reached too.
        if case.path_parameters and keep:
            values = {name: real.get(name, value) for name, value in case.path_parameters.items()}
            case.path_parameters = {
                name: value() if callable(value) else value for name, value in values.items()
            }
        headers = {"Authorization": f"Bearer {token}"} if "/partner/" in case.path else {}
        response = case.call_and_validate(
            headers=headers, app=app, excluded_checks=[positive_data_acceptance]
        )
        assert response.status_code < 500, case.as_curl_command()
        seen.setdefault(f"{operation.method.upper()} {operation.path}", set()).add(
            response.status_code
        )

    check()
