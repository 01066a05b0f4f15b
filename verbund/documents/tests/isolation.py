"""Sample values for this app's URL kwargs, used by the isolation and role-matrix tests:
a document in the tenant centre's archive with one version and one link (to a body)."""

from __future__ import annotations


def _sample(tenant):
    if "document" not in tenant.extra:
        from django_scopes import scopes_disabled

        from verbund.network.tests.factories import BodyFactory

        from ..services import link_add
        from .factories import make_document

        document = make_document(
            municipality=tenant.municipality, centre=tenant.centre, title="Jahresbericht"
        )
        with scopes_disabled():
            body = BodyFactory(municipality=tenant.municipality)
            link = link_add(actor=None, document=document, target=body)
            version = document.versions.get()
        tenant.extra.update(document=document, document_version=version, document_link=link)
    return tenant.extra


def _brochure(tenant):
    """A public brochure of ``tenant.centre``, whose homepage is published (public sample)."""
    if "brochure" not in tenant.extra:
        from verbund.public.tests.isolation_homepage import _page

        from .factories import make_document, text_pdf

        _page(tenant)
        tenant.extra["brochure"] = make_document(
            municipality=tenant.municipality,
            centre=tenant.centre,
            title="Faltblatt Familienzentrum",
            kind="brochure",
            public=True,
            language="tr",
            data=text_pdf("Hoş geldiniz"),
            name="faltblatt.pdf",
            extract=False,
        )
    return tenant.extra["brochure"]


SAMPLES = {
    "brochure_id": lambda tenant: _brochure(tenant).pk,
    "document_id": lambda tenant: _sample(tenant)["document"].pk,
    "document_version_id": lambda tenant: _sample(tenant)["document_version"].pk,
    "document_link_id": lambda tenant: _sample(tenant)["document_link"].pk,
}
