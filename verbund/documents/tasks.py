"""Reading the text of an uploaded version for the search, after the upload's commit."""

from __future__ import annotations

from django.db import transaction

from verbund.core.audit import log_action
from verbund.core.tasks import tenant_task

from .choices import ExtractionState
from .extraction import ExtractionError, extract_text
from .models import DocumentVersion


@tenant_task
def extract_version_text(job, *, version_id: int) -> str:
    return extract_version(version_id)


def extract_version(version_id: int) -> str:
    """Read the version's text, store it and refresh the document's search text."""
    try:
        version = DocumentVersion.objects.select_related("document").get(pk=version_id)
    except DocumentVersion.DoesNotExist:
        return "Version nicht mehr vorhanden."
    with version.file.open("rb") as handle:
        data = handle.read()
    try:
        text = extract_text(data, version.content_type)
        state = ExtractionState.DONE if text.strip() else ExtractionState.NONE
    except ExtractionError:
        text, state = "", ExtractionState.FAILED
    from .services import _refresh_search

    with transaction.atomic():
        DocumentVersion.objects.filter(pk=version.pk).update(text=text, extraction=state)
        document = version.document
        latest = document.versions.order_by("-number").values_list("pk", flat=True).first()
        if latest == version.pk:
            _refresh_search(document, text)
        log_action(
            "documents.version.extract",
            instance=document,
            data={"version": version.number, "characters": len(text), "state": state},
        )
    return f"{len(text)} Zeichen gelesen."
