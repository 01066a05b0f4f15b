"""The shared table reader under attack: forged sheet dimensions, rows and columns past the
limits, zip bombs, slow files. Each is refused (or read honestly) before memory grows."""

import io
import re
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook

from verbund.core.tables import FileProblem, ReadOptions, TableLimits, open_table
from verbund.network.list_import.reader import read_list
from verbund.statistics.importing import reader as statistics_reader

ROWS = [["Name", "Sektor", "Wert"], ["Kita Sonnenblume", "Bildung", 3], ["TuS 1921", "Sport", 4.5]]


def xlsx(rows=ROWS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rewrite_sheet(data: bytes, change) -> bytes:
    """The same workbook with ``change(xml) -> xml`` applied to the first sheet's XML."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = change(content.decode()).encode()
            target.writestr(info.filename, content)
    return out.getvalue()


def forged_dimension(data: bytes, ref: str = "A1:XFD1048576") -> bytes:
    def change(xml: str) -> str:
        assert "<dimension " in xml
        return re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="{ref}"', xml)

    return rewrite_sheet(data, change)


def read_all(data: bytes, name: str = "liste.xlsx", limits: TableLimits | None = None):
    table = open_table(io.BytesIO(data), name, ReadOptions(), limits)
    try:
        return table.header, [cells for _line, cells in table.rows]
    finally:
        table.close()


def test_forged_dimension_is_not_trusted():
    data = forged_dimension(xlsx())
    assert len(data) < 10_000  # the attack is a small file
    tracemalloc.start()
    try:
        header, rows = read_all(data)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert header == ["Name", "Sektor", "Wert"]
    assert rows == [["Kita Sonnenblume", "Bildung", 3], ["TuS 1921", "Sport", 4.5]]
    # openpyxl's own iter_rows would pad 1,048,576 rows to 16,384 cells each.
    assert peak < 5 * 1024 * 1024, peak


def test_forged_dimension_in_the_organisation_import():
    """The 4.8 kB file that grew the server by 650 MB: a forged dimension and one empty cell in
    the last row, so that openpyxl padded 5,000 rows (the import's limit) to 16,384 cells."""
    last = '<row r="1048576"><c r="XFD1048576"/></row></sheetData>'
    data = rewrite_sheet(forged_dimension(xlsx()), lambda xml: xml.replace("</sheetData>", last))
    assert len(data) < 10_000
    tracemalloc.start()
    try:
        listing = read_list(data, "organisationen.xlsx")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5 * 1024 * 1024, peak
    assert listing.columns == ["Name", "Sektor", "Wert"]
    assert [(r.line, list(r.values.values())) for r in listing.records] == [
        (2, ["Kita Sonnenblume", "Bildung", "3"]),
        (3, ["TuS 1921", "Sport", "4.5"]),
    ]


def test_forged_dimension_in_the_statistics_import():
    data = forged_dimension(xlsx(), "A1:ALL1048576")  # 1000 columns, a million rows
    table = statistics_reader.open_table(io.BytesIO(data), "daten.xlsx")
    assert [cells for _line, cells in table.rows] == [
        ["Kita Sonnenblume", "Bildung", 3],
        ["TuS 1921", "Sport", 4.5],
    ]


def test_a_cell_far_right_is_refused_before_the_row_is_built():
    data = rewrite_sheet(
        xlsx(),
        lambda xml: xml.replace(
            "</row>", '<c r="XFD1" t="inlineStr"><is><t>x</t></is></c></row>', 1
        ),
    )
    with pytest.raises(FileProblem, match="Zeile 1 hat mehr als 1000 Spalten"):
        read_all(data)
    assert "mehr als 200 Spalten" in " ".join(read_list(data, "organisationen.xlsx").errors)


def test_a_row_far_down_is_refused():
    far = '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    data = rewrite_sheet(xlsx(), lambda xml: xml.replace("</sheetData>", far + "</sheetData>"))
    with pytest.raises(FileProblem, match="mehr als 5000 Zeilen"):
        read_all(data, limits=TableLimits(max_rows=5000))


def test_empty_styled_rows_far_down_are_skipped_not_refused():
    styled = '<row r="900000" ht="20" customHeight="1"><c r="A900000" s="0"/></row>'
    data = rewrite_sheet(xlsx(), lambda xml: xml.replace("</sheetData>", styled + "</sheetData>"))
    _header, rows = read_all(data, limits=TableLimits(max_rows=5000))
    assert len(rows) == 2


def test_rows_past_the_limit_are_refused_in_csv_and_in_the_organisation_import():
    csv = "Name;Sektor\n" + "".join(f"Verein {n};Sport\n" for n in range(5001))
    with pytest.raises(FileProblem, match="mehr als 100 Zeilen"):
        read_all(csv.encode(), "liste.csv", TableLimits(max_rows=100))
    assert "mehr als 5001 Zeilen" in " ".join(read_list(csv.encode(), "liste.csv").errors)


def test_reading_longer_than_allowed_is_stopped():
    csv = "Name;Sektor\n" + "".join(f"Verein {n};Sport\n" for n in range(2000))
    with pytest.raises(FileProblem, match="dauert zu lange"):
        read_all(csv.encode(), "liste.csv", TableLimits(max_seconds=0))


def test_a_part_compressed_more_than_the_ratio_is_not_opened(monkeypatch):
    import openpyxl

    def explode(*args, **kwargs):
        raise AssertionError("openpyxl must not open it")

    data = rewrite_sheet(
        xlsx(), lambda xml: xml.replace("</worksheet>", " " * 500_000 + "</worksheet>")
    )
    monkeypatch.setattr(openpyxl, "load_workbook", explode)
    with pytest.raises(FileProblem, match="manipulierten Datei"):
        read_all(data)
