import pytest
from django.template.loader import render_to_string
from django_scopes import scope

from verbund.cooperation.content import agreement_content, compare
from verbund.cooperation.documents import document_context, render_pdf

from .factories import OrganisationFactory
from .helpers import make_agreement

pytestmark = pytest.mark.django_db


def test_document_lists_every_party_with_a_signature_line(tenant):
    partners = [OrganisationFactory(municipality=tenant.municipality) for _ in range(10)]
    agreement = make_agreement(
        municipality=tenant.municipality, centre=tenant.centre, partners=partners
    )
    with scope(municipality=tenant.municipality.pk):
        content = agreement_content(agreement)
    html = render_to_string(
        "cooperation/agreement_document.html",
        document_context(content=content, version_number=1, signed=False),
    )
    for org in partners:
        assert org.name in html
    assert html.count('class="sig"') == 11
    assert "Zuständigkeiten und Verantwortlichkeiten" in html
    assert "Offene Sprechstunde" in html and "Beratungsraum im Erdgeschoss" in html
    assert "ENTWURF" in html
    pdf = render_pdf(content=content, version_number=1, signed=False)
    assert pdf.startswith(b"%PDF-") and len(pdf) > 5000


def test_user_text_is_escaped_in_the_document(tenant):
    agreement = make_agreement(
        municipality=tenant.municipality,
        centre=tenant.centre,
        title='<img src="http://example.org/x.png">',
    )
    with scope(municipality=tenant.municipality.pk):
        content = agreement_content(agreement)
    html = render_to_string(
        "cooperation/agreement_document.html",
        document_context(content=content, version_number=1, signed=True),
    )
    assert '<img src="http://example.org' not in html
    assert "ENTWURF" not in html


def test_compare_marks_changed_sections():
    old = {
        "title": "A",
        "subject": "eins zwei drei",
        "goals": "",
        "start_date": "2026-01-01",
        "end_date": "",
        "review_date": "",
        "notice_period": "",
        "parties": [],
        "responsibilities": [{"party": "X", "task": "Sprechstunde", "scope": "", "contact": ""}],
        "resources": [],
    }
    new = {**old, "subject": "eins vier drei", "responsibilities": []}
    changes = {c.label: c for c in compare(old, new)}
    assert changes["Gegenstand"].changed
    assert ("delete", "zwei") in changes["Gegenstand"].segments
    assert ("insert", "vier") in changes["Gegenstand"].segments
    assert changes["Zuständigkeiten"].removed == ["X: Sprechstunde"]
    assert not changes["Titel"].changed and not changes["Beginn"].changed
