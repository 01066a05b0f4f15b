"""Text inside PDFs, DOCX and ODT is read after the upload and found by the archive search
(the same full-text layer as offers; run on SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from verbund.documents.choices import ExtractionState
from verbund.documents.extraction import extract_text
from verbund.documents.models import Document
from verbund.documents.search import DocumentQuery, search_documents

from .factories import docx_bytes, make_document, odt_bytes, text_pdf

pytestmark = pytest.mark.django_db


def found(tenant, text, **filters):
    with scopes_disabled():
        queryset = Document.objects.filter(municipality=tenant.municipality)
        query = DocumentQuery(text=text, municipality_id=tenant.municipality.pk, **filters)
        return [doc.title for doc in search_documents(queryset, query)]


def test_extracts_pdf_docx_odt():
    assert "Elterncafé" in extract_text(text_pdf("Das Elterncafé trifft sich"), "application/pdf")
    docx = docx_bytes(["Beschluss zur Sprachförderung"])
    assert "Sprachförderung" in extract_text(
        docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    odt = odt_bytes(["Familienbildung im Quartier"])
    assert "Quartier" in extract_text(odt, "application/vnd.oasis.opendocument.text")


def test_search_finds_words_inside_files(tenant):
    make_document(
        municipality=tenant.municipality,
        centre=tenant.centre,
        title="Protokoll März",
        data=text_pdf("Der Arbeitskreis beschließt eine Hebammensprechstunde."),
        name="protokoll.pdf",
    )
    make_document(
        municipality=tenant.municipality,
        centre=tenant.centre,
        title="Antrag Landesmittel",
        data=docx_bytes(["Wir beantragen Mittel für das Väterfrühstück."]),
        name="antrag.docx",
    )
    make_document(
        municipality=tenant.municipality,
        title="Konzeption",
        data=odt_bytes(["Schwerpunkt Schuleingangsphase"]),
        name="konzept.odt",
    )
    assert found(tenant, "Hebammensprechstunde") == ["Protokoll März"]
    assert found(tenant, "sprechstunde") == ["Protokoll März"]  # compound tail
    assert found(tenant, "Vaeterfruehstueck") == ["Antrag Landesmittel"]
    assert found(tenant, "Schuleingangsphase") == ["Konzeption"]
    assert found(tenant, "Hebammensprechstunde Väterfrühstück") == []
    # The title ranks first.
    assert found(tenant, "Antrag")[0] == "Antrag Landesmittel"


def test_extraction_state_and_new_version_replaces_text(tenant):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from verbund.documents.services import version_add
    from verbund.documents.tasks import extract_version

    document = make_document(
        municipality=tenant.municipality,
        centre=tenant.centre,
        title="Bericht",
        data=text_pdf("Erste Fassung Zwergenturnen"),
        name="b.pdf",
    )
    with scopes_disabled():
        assert document.versions.get().extraction == ExtractionState.DONE
        version = version_add(
            actor=None,
            document=document,
            upload=SimpleUploadedFile("b.docx", docx_bytes(["Zweite Fassung Krabbelgruppe"])),
        )
        extract_version(version.pk)
        assert document.versions.count() == 2
    assert found(tenant, "Krabbelgruppe") == ["Bericht"]
    assert found(tenant, "Zwergenturnen") == []  # only the latest version is searched


def test_filters(tenant):
    import datetime

    make_document(
        municipality=tenant.municipality,
        centre=tenant.centre,
        title="Flyer türkisch",
        kind="brochure",
        language="tr",
        tags="Flyer, Sprache",
        document_date=datetime.date(2025, 3, 1),
    )
    make_document(municipality=tenant.municipality, title="Haushalt", kind="application")
    assert found(tenant, "", language="tr") == ["Flyer türkisch"]
    assert found(tenant, "", tag="sprache") == ["Flyer türkisch"]
    assert found(tenant, "", year=2025) == ["Flyer türkisch"]
    assert found(tenant, "", kinds=["application"]) == ["Haushalt"]
    assert found(tenant, "", municipality_archive=True) == ["Haushalt"]


def test_search_stays_in_the_municipality(tenant, foreign):
    make_document(municipality=foreign.municipality, title="Fremdes Protokoll")
    assert found(tenant, "Fremdes") == []


def title_flags(tenant, text):
    with scopes_disabled():
        queryset = Document.objects.filter(municipality=tenant.municipality)
        query = DocumentQuery(text=text, municipality_id=tenant.municipality.pk)
        return [(doc.title, doc.title_match) for doc in search_documents(queryset, query)]


def test_title_match_follows_edits(tenant):
    """Title matches first; the flag follows every write of the text (on PostgreSQL the
    database keeps the title's vector in a stored column, filled on insert and update)."""
    from verbund.documents.services import DOCUMENT_FIELDS, document_update

    with_title = make_document(
        municipality=tenant.municipality, title="Elterncafé Programm", description="Plan"
    )
    make_document(municipality=tenant.municipality, title="Bericht", description="Elterncafé")
    assert title_flags(tenant, "Elterncafé") == [("Elterncafé Programm", 1), ("Bericht", 0)]
    with scopes_disabled():
        data = {name: getattr(with_title, name) for name in DOCUMENT_FIELDS if name != "centre"}
        document_update(
            actor=None,
            document=with_title,
            data={**data, "title": "Programm", "description": "Elterncafé"},
        )
    assert title_flags(tenant, "Elterncafé") == [("Programm", 0), ("Bericht", 0)]
    assert title_flags(tenant, "Programm") == [("Programm", 1)]


def test_title_vector_is_recreated_when_missing(tenant):
    from django.db import connection

    from verbund.documents.search import TEXT_INDEX

    make_document(municipality=tenant.municipality, title="Sprachförderung", description="Kita")
    make_document(municipality=tenant.municipality, title="Kita", description="Sprachförderung")
    if connection.vendor == "postgresql":  # (the test's transaction has deferred checks)
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    TEXT_INDEX.drop(connection, title_vector=True)
    assert TEXT_INDEX.missing(connection)
    assert TEXT_INDEX.ensure(connection) is True
    assert not TEXT_INDEX.missing(connection)
    assert TEXT_INDEX.ensure(connection) is False
    assert title_flags(tenant, "sprachfoerderung") == [("Sprachförderung", 1), ("Kita", 0)]
