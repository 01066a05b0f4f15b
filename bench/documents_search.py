"""The archive search at 50,000 documents in one municipality (issue 14, figures): 10 % are
PDFs whose extracted text (about 300 words each) is in the index besides title, kind,
description and tags. Five typical searches, each as the list page runs it (access rule,
confidential flag, ``search_documents``, the first page of 25 through ``search_page``)
as the centre's coordinator and as the municipality's planner; the median of the page and of
the count. Baseline in the same run: one document by its key through the ORM.
Target: median ≤ 20 ms per search (first page), on SQLite and PostgreSQL
(``DATABASE_URL=postgres://… python -m bench.documents_search``).

Run: ``.venv/bin/python -m bench.documents_search`` (``--ci``/BENCH_SCALE=ci: 10,000).
"""

from __future__ import annotations

import random
import sys
import time

from bench.harness import report, scaled, setup_django, temp_database, timed

DOCUMENTS = scaled(50_000, 10_000)
CENTRES = 10
PDF_SHARE = 0.10
PDF_WORDS = 300
TARGET_MS = 20.0
REPEAT = 25
BATCH = 2000

TOPICS = [
    "Elterncafé", "Sprachförderung", "Hebammensprechstunde", "Familienbildung", "Väterfrühstück",
    "Erziehungsberatung", "Kindertagespflege", "Übergang Kita Grundschule", "Frühe Hilfen",
    "Schuldnerberatung", "Ferienprogramm", "Integrationskurs", "Gesundheitsförderung",
    "Bewegungsangebote", "Medienkompetenz", "Alleinerziehende", "Familienpatenschaften",
]  # fmt: skip
KINDS = [
    ("minutes", "Protokoll"), ("application", "Antrag"), ("evidence", "Nachweis"),
    ("concept", "Konzeption"), ("annual_programme", "Jahresprogramm"),
    ("development_report", "Entwicklungsbericht"), ("brochure", "Broschüre"),
    ("other", "Sonstiges"),
]  # fmt: skip
FILLER = [
    "der", "die", "das", "und", "im", "am", "für", "mit", "Familien", "Kinder", "Eltern",
    "Stadtteil", "Angebot", "Beratung", "Kooperation", "Termin", "Teilnehmende", "Förderung",
    "Bericht", "Jahr", "Planung", "Ziel", "Maßnahme", "Träger", "Einrichtung", "Kita", "Schule",
    "Jugendamt", "Sozialraum", "Netzwerk", "Gremium", "Beschluss", "Vereinbarung",
]  # fmt: skip
COLUMNS = (
    "id, created_at, updated_at, municipality_id, centre_id, kind, title, description, "
    "language, tags, document_date, public, confidential, search_text, delete_after"
)


def build(rng: random.Random):
    from datetime import date, timedelta
    from functools import lru_cache

    from django.db import connection, transaction
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from verbund.accounts.services import membership_grant, user_create
    from verbund.accounts.testing import build_tenant
    from verbund.core import fulltext
    from verbund.core.roles import Role
    from verbund.demo.management.commands._scale_areas import batched
    from verbund.documents.search import BODY_LIMIT, TEXT_INDEX
    from verbund.tenancy.tests.factories import FamilyCentreFactory

    started = time.perf_counter()
    with scopes_disabled():
        tenant = build_tenant("archiv")
        centres = [tenant.centre.pk] + [
            FamilyCentreFactory(municipality=tenant.municipality, provider=tenant.provider).pk
            for _ in range(CENTRES - 1)
        ]
        planner = user_create(actor=None, username="archiv-planung", password="x" * 12)
        membership_grant(
            actor=None, user=planner, role=Role.PLANNER, municipality=tenant.municipality
        )
    line = lru_cache(maxsize=None)(fulltext._line)
    now = timezone.now()
    mun = tenant.municipality.pk
    rows = []
    for pk in range(1, DOCUMENTS + 1):
        kind, kind_label = rng.choice(KINDS)
        topic = rng.choice(TOPICS)
        year = rng.randint(2018, 2026)
        title = f"{kind_label} {topic} {year}"
        tags = f"{topic}, {year}"
        description = f"{kind_label} des Familienzentrums zum Thema {topic}."
        body_parts = [description, tags.replace(",", " ")]
        if rng.random() < PDF_SHARE:
            words = rng.choices(FILLER, k=PDF_WORDS) + rng.sample(TOPICS, 3)
            rng.shuffle(words)
            body_parts.append(" ".join(words)[:BODY_LIMIT])
        text = line(f"{title} {kind_label}") + "\n" + " ".join(line(p) for p in body_parts)
        day = date(year, 1, 1) + timedelta(days=rng.randrange(365))
        rows.append(
            (pk, now, now, mun, rng.choice(centres) if rng.random() < 0.9 else None, kind,
             title, description, "", tags, day, False, rng.random() < 0.05, text, None)
        )  # fmt: skip
    # Straight into the table, as the app's services write it: on PostgreSQL the database
    # fills the title vector column (``TEXT_INDEX.title_vector``) from ``search_text`` itself.
    with scopes_disabled(), TEXT_INDEX.bulk_loading(connection), connection.cursor() as cursor:
        marks = ", ".join(["%s"] * len(rows[0]))
        with transaction.atomic():
            for chunk in batched(rows, BATCH):
                cursor.executemany(
                    f"INSERT INTO documents_document ({COLUMNS}) VALUES ({marks})",  # noqa: S608
                    chunk,
                )
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('documents_document', 'id'), max(id)) "
                "FROM documents_document"
            )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return tenant, planner, time.perf_counter() - started


def searches():
    from verbund.documents.search import DocumentQuery

    return {
        "text_in_pdf": DocumentQuery(text="Hebammensprechstunde"),
        "two_words": DocumentQuery(text="Elterncafé Kooperation"),
        "kind+text": DocumentQuery(text="Sprachförderung", kinds=["minutes", "evidence"]),
        "tag+year": DocumentQuery(tag="Frühe Hilfen", year=2024),
        "recent_no_text": DocumentQuery(),
    }


def main() -> int:
    setup_django()
    from django_scopes import scope

    from verbund.accounts.access import access_for
    from verbund.core.roles import Role
    from verbund.documents.search import search_documents, search_page
    from verbund.documents.selectors import document_list

    ok = True
    rng = random.Random(14)
    with temp_database():
        tenant, planner, generated = build(rng)
        municipality = tenant.municipality
        users = {"coordinator": tenant.users[Role.COORDINATOR], "planner": planner}
        with scope(municipality=municipality.pk):
            for who, user in users.items():
                access = access_for(user, municipality)
                base = document_list(municipality=municipality, access=access)
                visible = base.count()
                some = base.order_by("pk").values_list("pk", flat=True)[:1][0]
                one = base.filter(pk=some)
                baseline = timed(lambda one=one: list(one[:1]), repeat=REPEAT, warmup=2)
                baseline_ms = baseline["median_s"] * 1000
                for name, query in searches().items():
                    query.municipality_id = municipality.pk
                    queryset = search_documents(base, query)

                    def first_page(query=query, base=base):
                        return list(search_page(base, query, 1, 25).object_list)

                    def count(queryset=queryset):
                        return queryset.count()

                    page = timed(first_page, repeat=REPEAT, warmup=2)
                    counted = timed(count, repeat=REPEAT, warmup=1)
                    median_ms = page["median_s"] * 1000
                    within = median_ms <= TARGET_MS
                    ok &= within
                    report(
                        f"documents.search.{who}.{name}",
                        documents=DOCUMENTS,
                        pdf_share=PDF_SHARE,
                        visible_to_user=visible,
                        found=count(),
                        first_page_median_ms=round(median_ms, 2),
                        first_page_min_ms=round(page["min_s"] * 1000, 2),
                        count_median_ms=round(counted["median_s"] * 1000, 2),
                        baseline_median_ms=round(baseline_ms, 2),
                        ratio_to_baseline=round(median_ms / baseline_ms, 1),
                        runs=page["runs"],
                        generated_s=round(generated, 1),
                        target_ms=TARGET_MS,
                        within_target=within,
                    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
