"""The demo of the partner API: one access of the demo partner, no secret in the output."""

import io
import re

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from verbund.api.models import ApiToken

pytestmark = pytest.mark.django_db


def test_demo_partner_has_an_api_access_and_no_secret_is_printed():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    with scopes_disabled():
        token = ApiToken.objects.get(municipality__slug="lindenhagen")
    assert token.created_by.username == "partner" and token.is_active
    text = out.getvalue()
    assert f"vbd_{token.prefix}_…" in text and token.digest not in text
    assert not re.search(r"vbd_[a-z0-9]{8}_[A-Za-z0-9_-]{20,}", text)
    call_command("seed_demo_api", stdout=io.StringIO())  # idempotent
    with scopes_disabled():
        assert ApiToken.objects.count() == 1
