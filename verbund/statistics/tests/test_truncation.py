"""A file cut off anywhere never imports as error-free with a wrong value (issue 9, item 1).

Every cut position of real files (Berlin MSS 2019, Köln population, from ../shared/data) is
tried: the result is either refused (a file error, an error naming line and column, or a
warning the user must confirm), or it stores exactly the values the whole file has for the
same area, indicator and year. No database is needed: the engine is fed directly."""

import io
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from verbund.statistics.importing.engine import Context, ImportSpec, process, report_ok
from verbund.statistics.importing.matching import AreaRef
from verbund.statistics.importing.reader import FileProblem, ReadOptions, open_table

from .conftest import data_path

MSS_2019 = "berlin-lor-monitoring-social-urban-development-2019-00"


def berlin_bytes() -> bytes:
    return data_path("berlin-mss", "data", MSS_2019, f"{MSS_2019}-planning-areas.csv").read_bytes()


def koeln_bytes() -> bytes:
    return data_path("koeln", "bevoelkerung.csv").read_bytes()


def head(content: bytes, lines: int) -> bytes:
    """The first lines of a real file, each with its line end."""
    return b"".join(content.splitlines(keepends=True)[:lines])


def berlin_case(content: bytes):
    table = open_table(io.BytesIO(content), "mss.csv")
    header, (_line, first) = table.header, next(table.rows)
    codes = {line.split(b",", 1)[0].decode() for line in content.splitlines()[1:]}
    areas = [AreaRef(i + 1, code, code, "PLR") for i, code in enumerate(sorted(codes))]
    numeric = re.compile(r"-?\d+(\.\d+)?|-")  # the text columns (name, classes) stay out
    columns = {
        name: f"ind{n}"
        for n, (name, cell) in enumerate(zip(header, first, strict=True))
        if n and numeric.fullmatch(cell)
    }
    context = Context(
        areas=areas, indicators={key: n + 1 for n, key in enumerate(columns.values())}
    )
    spec = ImportSpec.from_dict({"area_column": "id", "year": 2019, "columns": columns})
    return spec, context


def koeln_case(content: bytes):
    codes = {line.split(b",")[4].decode() for line in content.splitlines()[1:] if line}
    areas = [AreaRef(i + 1, code, code, "Stadtteil") for i, code in enumerate(sorted(codes))]
    spec = ImportSpec.from_dict(
        {
            "layout": "long",
            "area_column": "raum_id",
            "year_column": "jahr",
            "indicator_columns": ["zeile"],
            "value_column": "zahl",
            "labels": {"Einwohner": "population", "männlich": "male", "weiblich": "female"},
        }
    )
    context = Context(areas=areas, indicators={"population": 1, "male": 2, "female": 3})
    return spec, context


def run(content: bytes, spec, context, accept=()):
    values = {}

    def sink(indicator, area, year, value, status):
        values[(indicator, area, year)] = (value, status)

    try:
        table = open_table(io.BytesIO(content), "datei.csv", ReadOptions(accept=frozenset(accept)))
        report = process(table, spec, context, sink=sink)
    except FileProblem as problem:
        return {"file_error": str(problem), "values": {}}, values
    return report, values


def refused(report) -> bool:
    return bool(
        report.get("file_error")
        or report.get("spec_errors")
        or report.get("error_count")
        or report.get("confirm")
    )


def check_cut(content: bytes, cut: int, spec, context, full_values) -> None:
    report, values = run(content[:cut], spec, context)
    if report_ok(report):
        wrong = {key: v for key, v in values.items() if full_values.get(key) != v}
        assert not wrong, f"cut at {cut}: stored {wrong} without a word"
        return
    assert refused(report) or sum(report["values"].values()) == 0, cut
    if content[:cut].endswith(b"\n") and content[:cut].count(b"\n") >= 2:
        pytest.fail(f"cut at the line end {cut} is a complete file and must import: {report}")


@pytest.mark.parametrize(
    ("source", "case", "lines"),
    [(berlin_bytes, berlin_case, 8), (koeln_bytes, koeln_case, 14)],
    ids=["berlin-mss-2019", "koeln-bevoelkerung"],
)
def test_every_cut_position_of_a_real_file_is_refused_or_exact(source, case, lines):
    content = head(source(), lines)
    spec, context = case(content)
    full, full_values = run(content, spec, context)
    assert report_ok(full), full
    refused_inside_rows = 0
    for cut in range(1, len(content)):
        check_cut(content, cut, spec, context, full_values)
        refused_inside_rows += not content[:cut].endswith(b"\n")
    assert refused_inside_rows > 100


@given(data=st.data())
@settings(max_examples=25, deadline=None)
def test_random_cut_positions_of_the_whole_berlin_file(data):
    content = berlin_bytes()
    spec, context = case = berlin_case(content)
    assert case
    cut = data.draw(st.integers(min_value=1, max_value=len(content) - 1))
    _full, full_values = run(content, spec, context)
    check_cut(content, cut, spec, context, full_values)


@pytest.mark.parametrize(
    ("ending", "kind"),
    [
        (b"003;Hafen;8 100;69 5", "error"),  # cut inside a space-grouped number
        (b"003;Hafen;8 100;12,", "error"),  # cut after the decimal comma
        (b"003;Hafen;8 1", "error"),  # cut mid-row: a short last line
        (b"003;Hafen;8 100;69", "confirm"),  # could be complete: the user decides
        (b"003;Hafen;8 100;69 570", "confirm"),
        (b"003;Hafen;8 100;69 570\n", "ok"),
    ],
)
def test_cut_last_lines(ending, kind):
    content = b"Nr;Gebiet;Einwohner;Haushalte\n001;Altstadt;12 345;6 789\n" + ending
    areas = [AreaRef(1, "001", "Altstadt", "X"), AreaRef(3, "003", "Hafen", "X")]
    spec = ImportSpec.from_dict(
        {"area_column": "Nr", "year": 2020, "columns": {"Einwohner": "e", "Haushalte": "h"}}
    )
    context = Context(areas=areas, indicators={"e": 1, "h": 2})
    report, _values = run(content, spec, context)
    if kind == "error":
        assert report["error_count"] == 1, report
        error = report["errors"][0]
        assert error["line"] == 3
        assert error["column"].startswith(("C", "D"))
    elif kind == "confirm":
        assert not report["error_count"]
        assert [item["code"] for item in report["confirm"]] == ["open_end"]
        assert "Zeile 3" in report["confirm"][0]["message"]
        assert not report_ok(report)
        confirmed, _values = run(content, spec, context, accept={"open_end"})
        assert report_ok(confirmed)
        assert confirmed["accepted"][0]["code"] == "open_end"
    else:
        assert report_ok(report)


def test_fewer_decimals_than_the_column_in_an_open_last_line_is_an_error():
    rows = "".join(f"00{i};{i},25\n" for i in range(1, 6))
    content = f"Nr;Quote\n{rows}006;7,2".encode()
    areas = [AreaRef(i, f"00{i}", f"G{i}", "X") for i in range(1, 7)]
    spec = ImportSpec.from_dict({"area_column": "Nr", "year": 2020, "columns": {"Quote": "q"}})
    report, _values = run(content, spec, Context(areas=areas, indicators={"q": 1}))
    assert report["error_count"] == 1
    assert report["errors"][0]["line"] == 7
    assert "Nachkommastellen" in report["errors"][0]["message"]


def test_unclosed_quote_at_the_end_is_a_file_error_with_line_and_column():
    content = b'Nr;Name;Wert\n001;"Altstadt";5\n002;"Neust'
    areas = [AreaRef(1, "001", "A", "X"), AreaRef(2, "002", "N", "X")]
    spec = ImportSpec.from_dict({"area_column": "Nr", "year": 2020, "columns": {"Wert": "w"}})
    report, _values = run(content, spec, Context(areas=areas, indicators={"w": 1}))
    assert "Zeile 3, Spalte B" in report["file_error"]
    assert "abgeschnitten" in report["file_error"]


def test_short_rows_are_errors_until_the_user_confirms_omitted_empty_fields():
    content = b"Nr;A;B;C\n001;1;2;3\n002;4\n003;5;6;7\n"
    areas = [AreaRef(i, f"00{i}", f"G{i}", "X") for i in range(1, 4)]
    spec = ImportSpec.from_dict(
        {"area_column": "Nr", "year": 2020, "columns": {"A": "a", "B": "b", "C": "c"}}
    )
    context = Context(areas=areas, indicators={"a": 1, "b": 2, "c": 3})
    report, _values = run(content, spec, context)
    assert report["error_count"] == 1
    assert report["errors"][0]["line"] == 3
    assert report["errors"][0]["column"] == "C („B“)"
    assert report["confirm"][0]["code"] == "short_rows"
    report, values = run(content, spec, context, accept={"short_rows"})
    assert report_ok(report)
    assert "bestätigt" in report["accepted"][0]["message"]
    assert values[(1, 2, 2020)] == (4.0, "ok")
    assert (2, 2, 2020) not in values  # read as empty: writes nothing


def test_footnote_rows_and_a_separator_after_the_last_heading_are_no_short_rows():
    content = b"Nr;A;B;\n001;1;2;\n002;3;4;\nQuelle: Amt f\xc3\xbcr Statistik\n"
    areas = [AreaRef(1, "001", "G1", "X"), AreaRef(2, "002", "G2", "X")]
    spec = ImportSpec.from_dict(
        {"area_column": "Nr", "year": 2020, "columns": {"A": "a", "B": "b"}}
    )
    report, _values = run(content, spec, Context(areas=areas, indicators={"a": 1, "b": 2}))
    assert report_ok(report), report
    assert report["header"] == ["Nr", "A", "B"]


def test_a_field_count_error_suggests_the_right_separator():
    # Read with the comma, a semicolon file's German decimal commas split rows apart.
    content = b"Nr,Gebiet;Einwohner;Quote\n001,Altstadt;1.675;9,7\n"
    table = open_table(io.BytesIO(content), "d.csv", ReadOptions(delimiter=","))
    assert table.header == ["Nr", "Gebiet;Einwohner;Quote"]
    areas = [AreaRef(1, "001", "G1", "X")]
    spec = ImportSpec.from_dict(
        {"area_column": "Nr", "year": 2020, "columns": {"Gebiet;Einwohner;Quote": "q"}}
    )
    report = process(table, spec, Context(areas=areas, indicators={"q": 1}))
    assert report["errors"][0]["line"] == 2
    assert "Semikolon (;) statt mit Komma (,)" in report["errors"][0]["message"]
