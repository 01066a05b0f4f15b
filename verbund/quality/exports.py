"""The self-check as PDF (WeasyPrint) and XLSX, and the catalogue as JSON."""

from __future__ import annotations

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.exports import export_response
from verbund.core.pdf import html_to_pdf
from verbund.core.tenant_views import TenantView

from . import catalogue as catalogue_format
from . import permissions as perms
from . import selectors
from .models import CheckState
from .views import SelfCheckMixin, catalogue_or_404

KIND_LABELS = {
    "service": "Leistungsbereich",
    "structure": "Strukturbereich",
    "profile": "Profilbereich",
}


def _filename(check) -> str:
    safe = "".join(ch if ch.isalnum() else "-" for ch in check.centre.name)[:60].strip("-")
    return f"Selbstcheck-{safe}-{check.year}"


def _found_text(row) -> str:
    evidence = row.evidence or {}
    if evidence.get("found") is None:
        return _("keine Regel – bitte selbst prüfen")
    parts = []
    for rule in evidence.get("rules", []):
        labels = "; ".join(item["label"] for item in rule["items"])
        parts.append(f"{rule['label']}: {rule['count']}" + (f" ({labels})" if labels else ""))
    return " | ".join(parts)


class SelfCheckPdfView(SelfCheckMixin, TenantView):
    permission = perms.view_selfcheck

    def get(self, request, municipality_slug, selfcheck_id):
        check = self.get_check(selfcheck_id)
        result, stored = selectors.result_for(check)
        html = render_to_string(
            "quality/selfcheck_pdf.html",
            {
                "check": check,
                "result": result,
                "groups": result.groups(),
                "missing": result.missing_areas(),
                "evidence_at": stored.computed_at if stored else None,
                "note": check.catalogue.definition.get("note", ""),
                "printed": timezone.now(),
            },
        )
        response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{_filename(check)}.pdf"'
        return response


class SelfCheckXlsxView(SelfCheckMixin, TenantView):
    permission = perms.view_selfcheck

    def get(self, request, municipality_slug, selfcheck_id):
        check = self.get_check(selfcheck_id)
        result, _stored = selectors.result_for(check)
        states = dict(CheckState.choices)
        header = [
            _("Bereich"),
            _("Art des Bereichs"),
            _("Kriterium"),
            _("Stufe"),
            _("Text"),
            _("Bewertung"),
            _("Im System gefunden"),
            _("Nachweis (Dokument)"),
            _("Anmerkung"),
        ]

        def rows():
            for area in result.areas:
                for row in area.rows:
                    yield [
                        area.area["title"],
                        KIND_LABELS.get(area.area["kind"], ""),
                        row.criterion["key"],
                        _("Basis") if row.criterion["level"] == "basic" else _("Aufbau"),
                        row.criterion["text"],
                        str(states.get(row.check.state, "")) if row.check else "",
                        _found_text(row),
                        row.check.document_reference if row.check else "",
                        row.check.note if row.check else "",
                    ]

        return export_response("xlsx", _filename(check), header, rows())


class CatalogueExportView(TenantView):
    permission = perms.view_selfcheck

    def get(self, request, municipality_slug, catalogue_id):
        catalogue = catalogue_or_404(self.municipality, catalogue_id)
        response = HttpResponse(
            catalogue_format.dumps(catalogue.definition),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="katalog-{catalogue.pk}.json"'
        return response
