"""Reads of the archive, always narrowed by the access rule (and the confidential flag)."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, QuerySet

from . import links as link_registry
from .choices import DocumentKind
from .models import Document, DocumentLink, DocumentVersion
from .permissions import view_confidential_document, view_document


def visible_documents(*, municipality, access) -> QuerySet:
    queryset = access.narrow(view_document, Document.objects.filter(municipality=municipality))
    confidential = access.filter(view_confidential_document, Document)
    if confidential == Q():  # the whole municipality (Q() | x would be x alone)
        return queryset
    return queryset.filter(Q(confidential=False) | confidential)


def document_list(*, municipality, access) -> QuerySet:
    return visible_documents(municipality=municipality, access=access).select_related("centre")


def document_get(*, municipality, access, pk: int) -> Document:
    return (
        visible_documents(municipality=municipality, access=access)
        .select_related("centre", "centre__provider", "created_by")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=DocumentVersion.objects.select_related("uploaded_by").order_by("-number"),
            )
        )
        .get(pk=pk)
    )


def version_get(*, document: Document, pk: int) -> DocumentVersion:
    return DocumentVersion.objects.get(document=document, pk=pk)


def resolved_links(document: Document, *, access) -> list[dict]:
    """The document's links with the linked objects' names and pages, one query per kind;
    links to what the user cannot see are listed without a name."""
    rows = list(document.links.select_related("target_type"))
    by_type: dict[int, list[DocumentLink]] = defaultdict(list)
    for link in rows:
        by_type[link.target_type_id].append(link)
    result = []
    for links in by_type.values():
        content_type = links[0].target_type
        kind = link_registry.link_kind(link_registry.content_type_key(content_type))
        objects = {}
        if kind is not None:
            objects = kind.choices(municipality=document.municipality, access=access).in_bulk(
                [link.target_id for link in links]
            )
        for link in links:
            target = objects.get(link.target_id)
            result.append(
                {
                    "link": link,
                    "label": kind.label if kind else content_type.name,
                    "name": kind.name(target) if target is not None else None,
                    "url": kind.url(target) if target is not None else "",
                }
            )
    return sorted(result, key=lambda row: (str(row["label"]), row["name"] or ""))


def documents_linked_to(target, *, municipality, access) -> QuerySet:
    """The documents the user may see that are linked to ``target`` (e.g. a meeting)."""
    content_type = ContentType.objects.get_for_model(target)
    linked = DocumentLink.objects.filter(target_type=content_type, target_id=target.pk).values(
        "document_id"
    )
    return (
        visible_documents(municipality=municipality, access=access)
        .filter(pk__in=linked)
        .order_by("title", "pk")
    )


def public_brochures(*, centre) -> QuerySet:
    """Public brochures of a centre, for its homepage's downloads (one query)."""
    return Document.objects.filter(
        municipality_id=centre.municipality_id,
        centre=centre,
        kind=DocumentKind.BROCHURE,
        public=True,
        confidential=False,
    ).order_by("title", "pk")


def public_brochure_version(*, centre, document_id: int) -> DocumentVersion:
    """The latest version of a public brochure of ``centre`` (DoesNotExist otherwise)."""
    version = (
        DocumentVersion.objects.filter(
            document__in=public_brochures(centre=centre).filter(pk=document_id)
        )
        .select_related("document")
        .order_by("-number")
        .first()
    )
    if version is None:
        raise DocumentVersion.DoesNotExist
    return version


def year_choices(*, municipality, access) -> list[int]:
    dates = (
        visible_documents(municipality=municipality, access=access)
        .exclude(document_date__isnull=True)
        .dates("document_date", "year", order="DESC")
    )
    return [value.year for value in dates[:30]]


def linked_documents(model, ids, *, municipality, access) -> dict[int, list[Document]]:
    """For objects of ``model`` (by id): the documents the user may see linked to each, in
    one query (e.g. a meeting and its agenda items)."""
    ids = [pk for pk in ids if pk is not None]
    if not ids:
        return {}
    content_type = ContentType.objects.get_for_model(model)
    visible = visible_documents(municipality=municipality, access=access).values("pk")
    rows = (
        DocumentLink.objects.filter(
            municipality=municipality,
            target_type=content_type,
            target_id__in=ids,
            document__in=visible,
        )
        .select_related("document")
        .order_by("document__title", "document_id")
    )
    result: dict[int, list[Document]] = defaultdict(list)
    for link in rows:
        result[link.target_id].append(link.document)
    return dict(result)
