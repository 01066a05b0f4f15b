"""Agreement PDF: a 10-party agreement renders in at most 2 s (median of several runs), with
the ratio against a 1-party agreement measured in the same run; and the download of a signed
version (the stored file, checked against its hash) against rendering it live.

Each party brings two responsibilities and one resource, so the 10-party document has 20
responsibility rows, 10 resource rows and 11 signature blocks (about four pages).
"""

import sys

from bench.harness import report, scaled, setup_django, temp_database, timed

TARGET_S = 2.0
RUNS = scaled(7, 2)


def build(municipality, centre, parties: int):
    from django_scopes import scope

    from verbund.cooperation import services
    from verbund.cooperation.models import ResourceKind
    from verbund.cooperation.selectors import agreement_get
    from verbund.cooperation.tests.factories import OrganisationFactory

    orgs = [OrganisationFactory(municipality=municipality) for _ in range(parties)]
    with scope(municipality=municipality.pk):
        agreement = services.agreement_create(
            actor=None,
            municipality=municipality,
            centre=centre,
            partners=orgs,
            data={
                "title": f"Verbundvereinbarung mit {parties} Partnern",
                "subject": "Gemeinsame Angebote im Sozialraum. " * 8,
                "goals": "Frühe Hilfen erreichbar machen; Übergänge begleiten. " * 4,
                "includes_municipality": False,
            },
        )
        for party in list(agreement.parties.all())[1:]:
            party = services.party_update(
                actor=None,
                party=party,
                data={"added_value": "Zugang zu Familien im Stadtteil.", "signatory": "Leitung"},
            )
            for task in ("Offene Sprechstunde", "Mitarbeit im Arbeitskreis Frühe Hilfen"):
                services.responsibility_create(
                    actor=None,
                    agreement=agreement,
                    data={"party": party, "task": task, "scope": "monatlich", "contact": "Leitung"},
                )
            services.resource_create(
                actor=None,
                agreement=agreement,
                data={
                    "party": party,
                    "kind": ResourceKind.STAFF_HOURS,
                    "description": "Fachkraft",
                    "amount": 2,
                    "unit": "Std./Woche",
                },
            )
        return agreement_get(municipality=municipality, pk=agreement.pk)


def stored_download(municipality, agreement, content) -> dict:
    """Sign the version (as the service does) and time serving its stored PDF."""
    import hashlib

    from django.utils import timezone
    from django_scopes import scope

    from verbund.cooperation import signed_pdf
    from verbund.cooperation.content import content_hash
    from verbund.cooperation.models import AgreementVersion

    with scope(municipality=municipality.pk):
        version = agreement.versions.get()
        AgreementVersion.objects.filter(pk=version.pk).update(
            content=content,
            content_sha256=content_hash(content),
            signed_at=timezone.now(),
            signed_on=timezone.localdate(),
        )
        version.refresh_from_db()
        signed_pdf.store(version)
        bodies = set()

        def download():
            bodies.add(hashlib.sha256(signed_pdf.response(version).content).hexdigest())

        figures = timed(download, repeat=RUNS * 3, warmup=1)
    return {**figures, "identical": bodies == {version.pdf_sha256}}


def main() -> int:
    setup_django()
    from django_scopes import scope

    from verbund.cooperation.content import agreement_content
    from verbund.cooperation.documents import render_pdf
    from verbund.tenancy.tests.factories import FamilyCentreFactory

    with temp_database():
        centre = FamilyCentreFactory()
        municipality = centre.municipality
        figures = {}
        for label, parties in (("one", 1), ("ten", 10)):
            agreement = build(municipality, centre, parties)
            with scope(municipality=municipality.pk):
                content = agreement_content(agreement)

            def run(content=content):
                return render_pdf(content=content, version_number=1, signed=False)

            size = len(run())
            figures[label] = {**timed(run, repeat=RUNS, warmup=1), "bytes": size}
        stored = stored_download(municipality, agreement, content)
        ten, one = figures["ten"]["median_s"], figures["one"]["median_s"]
        ok = ten <= TARGET_S and stored["identical"]
        report(
            "cooperation.agreement_pdf",
            parties_10_median_s=round(ten, 3),
            parties_10_min_s=round(figures["ten"]["min_s"], 3),
            parties_1_median_s=round(one, 3),
            ratio_10_vs_1=round(ten / one, 2),
            runs=RUNS,
            pdf_bytes_10=figures["ten"]["bytes"],
            signed_download_median_s=round(stored["median_s"], 4),
            live_vs_stored_download=round(ten / stored["median_s"], 1),
            signed_downloads_identical=stored["identical"],
            target_s=TARGET_S,
            ok=ok,
        )
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
