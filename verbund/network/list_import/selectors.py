"""Reads of the list import: a mapping saved for a header set."""

from __future__ import annotations

from .models import ListImportMapping


def saved_mapping(*, municipality, target: str, header_key: str) -> ListImportMapping | None:
    return ListImportMapping.objects.filter(
        municipality=municipality, target=target, header_key=header_key
    ).first()
