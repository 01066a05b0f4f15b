import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.http import StreamingHttpResponse
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from verbund.core.exports import (
    DANGEROUS_PREFIXES,
    choice_labels,
    csv_bytes,
    export_response,
    neutralise,
    xlsx_bytes,
)

ATTACKS = [
    '=HYPERLINK("http://evil.example","klick")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "\0=1+1",
    "=cmd|' /C notepad'!'A1'",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_dangerous_text_is_prefixed(attack):
    assert neutralise(attack) == "'" + attack.replace("\0", "")


def test_control_characters_cannot_hide_a_formula():
    assert neutralise("\x08=1+1") == "'=1+1"


def test_harmless_values_stay_as_they_are():
    assert neutralise("Kita Sonnenblume") == "Kita Sonnenblume"
    assert neutralise(42) == 42
    assert neutralise(Decimal("50.9")) == Decimal("50.9")
    assert neutralise(-3) == -3  # numbers are not formulas
    assert neutralise(None) == ""
    assert neutralise(True) == "ja"


def test_csv_export_is_formula_safe_and_excel_friendly():
    data = csv_bytes(["Name", "Wert"], [[attack, 1.5] for attack in ATTACKS])
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0] == ["Name", "Wert"]
    for row, attack in zip(rows[1:], ATTACKS, strict=True):
        assert row[0] == "'" + attack.replace("\0", "")
        assert row[1] == "1,5"


def test_xlsx_export_has_no_formula_cells():
    data = xlsx_bytes(["Name", "Datum"], [[attack, date(2026, 1, 2)] for attack in ATTACKS], "T")
    sheet = load_workbook(io.BytesIO(data)).active
    for row in sheet.iter_rows(min_row=2):
        assert row[0].data_type == "s"
        assert not str(row[0].value).startswith(DANGEROUS_PREFIXES)
    # Nothing in the sheet is a formula.
    raw = load_workbook(io.BytesIO(data), data_only=False).active
    assert all(cell.data_type != "f" for row in raw.iter_rows() for cell in row)


@settings(deadline=None)  # a workbook per example; the machine may be busy
@given(st.lists(st.text(max_size=30), min_size=1, max_size=5))
def test_no_text_ever_reaches_a_cell_as_formula(texts):
    data = xlsx_bytes(["a"] * len(texts), [texts], "T")
    sheet = load_workbook(io.BytesIO(data)).active
    for cell in sheet[2]:
        assert cell.data_type != "f"
        value = "" if cell.value is None else str(cell.value)
        assert not value.startswith(DANGEROUS_PREFIXES)


def test_export_response_streams_and_reads_rows_lazily():
    read = []

    def rows():
        for number in range(1200):
            read.append(number)
            yield [f"=Zeile {number}", number]

    response = export_response("csv", "t", ["Name", "Nummer"], rows())
    assert isinstance(response, StreamingHttpResponse)
    assert read == []  # nothing read before the download is sent
    chunks = iter(response.streaming_content)
    next(chunks)
    assert 0 < len(read) < 1200  # one chunk, not the whole file
    data = b"".join([*chunks])
    assert len(read) == 1200 and data.endswith(b"'=Zeile 1199;1199\r\n")
    assert response["Content-Disposition"] == 'attachment; filename="t.csv"'


def test_streamed_xlsx_is_formula_safe():
    response = export_response("xlsx", "t", ["Name"], ([attack] for attack in ATTACKS))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert len(values) == len(ATTACKS)
    assert all(value.startswith("'") for value in values)
    assert all(cell.data_type == "s" for row in sheet.iter_rows() for cell in row)


def test_choice_labels_are_text():
    assert choice_labels([("kita", "Kita"), ("schule", "Schule")]) == {
        "kita": "Kita",
        "schule": "Schule",
    }


def test_xlsx_cells_keep_their_types():
    when = datetime(2026, 3, 4, 5, 6, tzinfo=UTC)
    row = ["https://beispiel.de", "1234", 7, 2.5, date(2026, 1, 2), when, float("nan"), None]
    sheet = load_workbook(io.BytesIO(xlsx_bytes(["x"] * len(row), [row], "Liste [1/2]"))).active
    cells = next(sheet.iter_rows(min_row=2, values_only=True))
    assert cells[:6] == (
        "https://beispiel.de",
        "1234",
        7,
        2.5,
        datetime(2026, 1, 2),
        when.replace(tzinfo=None),
    )
    assert cells[6] is None  # a NaN leaves the cell empty (no error formula, no failed download)
    assert cells[7] is None
    assert not sheet.cell(2, 1).hyperlink  # text, not a link
