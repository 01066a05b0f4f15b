"""Properties of the offers import: a file cut off anywhere imports fully or is refused with a
message (never half), and a file with umlauts reads the same in every encoding we detect."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import transaction
from django_scopes import scopes_disabled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verbund.core.roles import Role
from verbund.offers.models import Offer
from verbund.offers.transfer.reader import read_sheet
from verbund.offers.transfer.rows import Lookups, check_rows
from verbund.offers.transfer.services import offers_import_commit

pytestmark = pytest.mark.django_db

HEADER = ["Titel", "Beschreibung", "Lebensphasen", "Form", "Kosten", "Sprachen"]
ROWS = [
    ["Väterfrühstück", "Frühstück; Spiel und Gespräch", "0–1 Jahre; 1–3 Jahre", "offener Treff",
     "kostenlos", "Deutsch, Türkisch"],
    ["Schwimmkurs für Kinder", "Zehn Termine\nim Hallenbad, „Seepferdchen“", "6-10", "Kurs",
     "60 € für zehn Termine", "de"],
    ["Sprachcafé Arabisch–Deutsch", "Übergänge gestalten", "all", "offener Treff", "",
     "de ar"],
]  # fmt: skip
WORDS = ["Väterfrühstück", "Mütter", "Übergänge", "Größe", "Spaß", "Öffnungszeiten", "für", "Kurs"]


class Refused(Exception):
    pass


def _csv(rows, encoding="utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def _import(tenant, content: bytes) -> list[dict]:
    """Import the file and return what was written; raises Refused (with the preview's
    messages) when the file is refused. Everything is rolled back afterwards."""
    sheet = read_sheet(content, "angebote.csv")
    with scopes_disabled():
        lookups = Lookups.load(municipality=tenant.municipality, centre=tenant.centre)
        preview = check_rows(sheet, lookups)
        if not preview.ok:
            assert preview.errors or not preview.rows, "refused without a message"
            assert not Offer.objects.filter(municipality=tenant.municipality).exists()
            raise Refused(preview.errors)
        with transaction.atomic():
            result = offers_import_commit(
                actor=tenant.users[Role.COORDINATOR],
                municipality=tenant.municipality,
                centre=tenant.centre,
                preview=preview,
                filename="angebote.csv",
            )
            written = list(
                Offer.objects.filter(pk__in=result.created)
                .order_by("pk")
                .values("title", "description", "format", "cost_note", "languages")
            )
            transaction.set_rollback(True)
    return written


EXPECTED = [
    {"title": "Väterfrühstück", "description": "Frühstück; Spiel und Gespräch",
     "format": "open_meeting", "cost_note": "", "languages": "de tr"},
    {"title": "Schwimmkurs für Kinder", "description": "Zehn Termine\nim Hallenbad, „Seepferdchen“",
     "format": "course", "cost_note": "60 € für zehn Termine", "languages": "de"},
    {"title": "Sprachcafé Arabisch–Deutsch", "description": "Übergänge gestalten",
     "format": "open_meeting", "cost_note": "", "languages": "de ar"},
]  # fmt: skip


def test_the_whole_file_imports_exactly(tenant):
    assert _import(tenant, _csv(ROWS)) == EXPECTED


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_every_cut_position_imports_fully_or_is_refused(tenant, data):
    content = _csv(ROWS)
    cut = data.draw(st.integers(min_value=0, max_value=len(content)), label="cut")
    try:
        written = _import(tenant, content[:cut])
    except Refused as refused:
        assert refused.args[0], f"cut at {cut}: refused without a message"
        with scopes_disabled():
            assert not Offer.objects.filter(municipality=tenant.municipality).exists()
        return
    # Imported: exactly the rows whose line end (at least its "\r") lies within the part.
    ends = [len(_csv(ROWS[: n + 1])) - 1 for n in range(len(ROWS))]
    whole = sum(1 for end in ends if end <= cut)
    assert written == EXPECTED[:whole], f"cut at {cut}"


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=6),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"]),
)
def test_umlauts_read_the_same_in_every_encoding(tenant, words, encoding):
    title = " ".join(words)
    rows = [[title, "Für Familien mit Kindern", "3-6", "Kurs", "kostenlos", "Deutsch"]]
    written = _import(tenant, _csv(rows, encoding=encoding))
    assert [row["title"] for row in written] == [title]
    assert written[0]["description"] == "Für Familien mit Kindern"
