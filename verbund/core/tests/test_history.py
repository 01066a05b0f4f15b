"""One history: ``history_for`` and ``components/history.html`` on detail pages and the log."""

import pytest
from django.urls import reverse
from django_scopes import scope

from verbund.cooperation import services as cooperation
from verbund.cooperation.tests.helpers import make_agreement
from verbund.core.audit import log_action
from verbund.core.history import history_for
from verbund.core.roles import Role
from verbund.tenancy import services as tenancy

pytestmark = pytest.mark.django_db


def test_facility_history_reads_as_sentences_with_changed_fields(client, tenant):
    admin = tenant.users[Role.ADMIN]
    with scope(municipality=tenant.municipality.pk):
        old_name = tenant.facility.name
        tenancy.facility_update(
            actor=admin, facility=tenant.facility, data={"name": "Kita Sonnenschein"}
        )
        entries = history_for(tenant.facility)
    assert [entry.action for entry in entries] == ["tenancy.facility.changed"]
    assert entries[0].changes == [
        {
            "name": "name",
            "label": "Name",
            "relation": False,
            "before": old_name,
            "after": "Kita Sonnenschein",
        }
    ]
    client.force_login(admin)
    page = client.get(
        reverse("tenancy:facility_detail", args=[tenant.municipality.slug, tenant.facility.pk])
    ).content.decode()
    name = admin.get_full_name()
    assert f"{name} hat am " in page
    assert "die Einrichtung „Kita Sonnenschein“ geändert." in page
    assert f"Name: „{old_name}“ → „Kita Sonnenschein“" in page

    log = client.get(reverse("tenancy:audit_log", args=[tenant.municipality.slug])).content
    assert "die Einrichtung „Kita Sonnenschein“ geändert." in log.decode()


def test_agreement_history_shows_status_labels_and_item_entries(client, tenant):
    lead = tenant.users[Role.CENTRE_LEAD]
    agreement = make_agreement(municipality=tenant.municipality, centre=tenant.centre, actor=lead)
    with scope(municipality=tenant.municipality.pk):
        cooperation.agreement_transition(actor=lead, agreement=agreement, to="negotiation")
        entries = history_for(agreement, prefix="cooperation.")
    assert entries[0].changes[0]["after"] == "In Abstimmung"
    client.force_login(lead)
    page = client.get(
        reverse("cooperation:agreement_detail", args=[tenant.municipality.slug, agreement.pk])
    ).content.decode()
    assert "Uhr die Abstimmung der Vereinbarung „" in page
    assert "Uhr die Zuständigkeit „" in page  # entries about the agreement's items, too


def test_refused_page_views_stay_out_of_an_objects_history(tenant):
    log_action(
        "security.permission.denied",
        actor=tenant.users[Role.PARTNER],
        instance=tenant.facility,
        data={"permission": "tenancy.facility.change"},
    )
    with scope(municipality=tenant.municipality.pk):
        assert history_for(tenant.facility) == []


def test_links_read_as_changed_without_ids_and_a_new_record_lists_only_its_values():
    from types import SimpleNamespace

    from django.contrib.contenttypes.models import ContentType

    from verbund.core.actions import changed_fields
    from verbund.tenancy.models import Facility

    facility_type = ContentType.objects.get_for_model(Facility)
    changed = SimpleNamespace(
        content_type_id=facility_type.pk,
        content_type=facility_type,
        before={"centre": 3, "name": "Alt", "partners": [1]},
        after={"centre": 4, "name": "Neu", "partners": [1, 2]},
    )
    rows = {row["name"]: row for row in changed_fields(changed)}
    assert rows["centre"]["relation"] and rows["partners"]["relation"]
    assert not rows["name"]["relation"]
    created = SimpleNamespace(
        content_type_id=facility_type.pk,
        content_type=facility_type,
        before=None,
        after={"centre": 4, "name": "Neu", "phone": ""},
    )
    assert [row["name"] for row in changed_fields(created)] == ["name"]


@pytest.mark.django_db
def test_a_reverse_relation_logged_by_name_reads_as_its_rows():
    """A service may log related rows under the reverse relation's name (a review's
    "results"); the history names them instead of failing on a field without a label."""
    from types import SimpleNamespace

    from django.contrib.contenttypes.models import ContentType

    from verbund.core.actions import changed_fields
    from verbund.tenancy.models import FamilyCentre

    centre_type = ContentType.objects.get_for_model(FamilyCentre)
    reverse_name = next(
        rel.name for rel in FamilyCentre._meta.get_fields() if rel.one_to_many and rel.auto_created
    )
    entry = SimpleNamespace(
        content_type_id=centre_type.pk,
        content_type=centre_type,
        before={"name": "Alt"},
        after={"name": "Neu", reverse_name: {"7": {"status": "x"}}},
    )
    rows = {row["name"]: row for row in changed_fields(entry)}
    assert rows[reverse_name]["relation"]
    assert rows[reverse_name]["label"]
