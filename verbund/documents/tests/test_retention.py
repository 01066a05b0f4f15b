"""Retention per kind: due documents are deleted by the periodic job, audited, files gone."""

from __future__ import annotations

import datetime

import pytest
from django_scopes import scopes_disabled

from verbund.core.models import AuditEntry
from verbund.core.scheduler import run_periodic_jobs
from verbund.documents.choices import retention_date
from verbund.documents.models import Document, DocumentVersion

from .factories import make_document

pytestmark = pytest.mark.django_db


def test_retention_by_kind():
    day = datetime.date(2024, 2, 29)
    assert retention_date("minutes", since=day) == datetime.date(2030, 2, 28)
    assert retention_date("application", since=day) == datetime.date(2034, 2, 28)
    assert retention_date("brochure", since=day) is None


def test_due_documents_are_deleted_and_audited(tenant, django_capture_on_commit_callbacks):
    due = make_document(municipality=tenant.municipality, centre=tenant.centre, kind="minutes")
    kept = make_document(municipality=tenant.municipality, centre=tenant.centre, kind="concept")
    fresh = make_document(municipality=tenant.municipality, centre=tenant.centre, kind="minutes")
    with scopes_disabled():
        Document.objects.filter(pk=due.pk).update(delete_after=datetime.date(2020, 1, 1))
        stored = due.versions.get().file.name
        storage = DocumentVersion._meta.get_field("file").storage
        assert storage.exists(stored)
    with django_capture_on_commit_callbacks(execute=True):
        outcomes = run_periodic_jobs(["documents.retention"])
    assert outcomes[0].ok and outcomes[0].result == 1
    with scopes_disabled():
        remaining = set(Document.objects.values_list("pk", flat=True))
    assert remaining == {kept.pk, fresh.pk}
    assert not storage.exists(stored)
    entry = AuditEntry.unscoped.get(action="documents.document.expire")
    assert entry.object_id == str(due.pk)
    assert entry.actor is None
