"""GDPR Art. 30: every model that holds personal data declares a ProcessingRecord."""

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from verbund.core.privacy import ProcessingRecord, declared_models
from verbund.core.roles import Role

# Field names that point to a natural person (matched exactly or as a suffix "_<name>").
PERSONAL_NAMES = {
    "email",
    "phone",
    "mobile",
    "first_name",
    "last_name",
    "given_name",
    "family_name",
    "birth_date",
    "date_of_birth",
    "birthday",
    "ip_address",
    "signatory",
}

# Models whose personal-looking fields hold no personal data, with the reason.
ALLOW_LIST = {
    "tenancy.familycentre": "Funktionsadresse der Einrichtung, keine Person",
    "tenancy.facility": "Funktionsadresse der Einrichtung, keine Person",
    "network.organisation": "Funktionsadresse der Organisation, keine Person",
    # Third-party login protection: IP addresses of failed logins, kept by django-axes for the
    # cool-off period; documented in the operator's own register, not a Verbund data set.
    "axes.accessattempt": "django-axes (Betrieb)",
    "axes.accesslog": "django-axes (Betrieb)",
    "axes.accessfailurelog": "django-axes (Betrieb)",
}


def holds_personal_data(model) -> list[str]:
    found = []
    for field in model._meta.concrete_fields:
        name = field.name.lower()
        if isinstance(field, models.EmailField) or any(
            name == key or name.endswith("_" + key) for key in PERSONAL_NAMES
        ):
            found.append(field.name)
    return found


def test_detection_catches_the_known_cases():
    from verbund.accounts.models import User
    from verbund.network.models import Contact, Relationship

    assert {"email", "first_name", "last_name"} <= set(holds_personal_data(User))
    assert {"email", "phone"} <= set(holds_personal_data(Contact))
    assert holds_personal_data(Relationship) == []


def test_every_model_with_personal_data_declares_a_processing_record():
    missing = []
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in ALLOW_LIST or not holds_personal_data(model):
            continue
        if not isinstance(getattr(model, "personal_data", None), ProcessingRecord):
            missing.append(f"{label} ({', '.join(holds_personal_data(model))})")
    assert not missing, (
        "These models hold personal data but declare no `personal_data = ProcessingRecord(...)`"
        " (GDPR Art. 30): " + "; ".join(missing)
    )


def test_declared_fields_exist_and_records_are_complete():
    for model, record in declared_models():
        for name in record.fields:
            model._meta.get_field(name)  # raises if misspelt
        assert record.purpose and record.legal_basis and record.categories and record.retention


@pytest.mark.django_db
def test_register_page_and_export_list_the_declarations(client, tenant):
    client.force_login(tenant.users[Role.ADMIN])
    slug = tenant.municipality.slug
    body = client.get(reverse("network:processing_register", args=[slug])).content.decode()
    assert "Ansprechpersonen" in body and "Benutzerkonten" in body
    assert "öffentliche Aufgabe" in body
    export = client.get(reverse("network:processing_register_export", args=[slug, "csv"]))
    text = export.content.decode("utf-8-sig")
    assert "network.Contact" in text and "accounts.User" in text
