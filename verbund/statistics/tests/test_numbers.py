import pytest

from verbund.statistics.importing.numbers import (
    MISSING,
    OK,
    SUPPRESSED,
    DecimalDetector,
    ValueProblem,
    decimal_evidence,
    parse_value,
)


@pytest.mark.parametrize(
    ("raw", "decimal", "expected"),
    [
        ("1 675", ",", 1675.0),
        ("1\u00a0675", ",", 1675.0),
        ("1\u202f675,5", ",", 1675.5),
        ("1.675", ",", 1675.0),
        ("1.234.567", ",", 1234567.0),
        ("1.675,25", ",", 1675.25),
        ("9,7", ",", 9.7),
        (",5", ",", 0.5),
        ("-  23", ",", -23.0),
        ("- 2,5", ",", -2.5),
        ("−4", ",", -4.0),
        ("+3", ",", 3.0),
        ("12,5 %", ",", 12.5),
        ("3384.0", ".", 3384.0),
        ("1,675.5", ".", 1675.5),
        ("1,234,567", ".", 1234567.0),
        ("-0.33873", ".", -0.33873),
        ("-  23", ".", -23.0),
        (42, ",", 42.0),
        (9.7, ".", 9.7),
    ],
)
def test_numbers(raw, decimal, expected):
    assert parse_value(raw, decimal).status == OK
    assert parse_value(raw, decimal).value == expected


@pytest.mark.parametrize("raw", ["-", "–", "x", "/", "…", "...", "k. A.", "NA", " - "])
def test_missing_markers(raw):
    parsed = parse_value(raw, ",")
    assert (parsed.status, parsed.value) == (MISSING, None)


@pytest.mark.parametrize("raw", [".", "*", "(.)"])
def test_suppressed_markers(raw):
    parsed = parse_value(raw, ",")
    assert (parsed.status, parsed.value) == (SUPPRESSED, None)


@pytest.mark.parametrize("raw", ["", "   ", "\u00a0"])
def test_empty_cells_write_nothing(raw):
    assert parse_value(raw, ",") is None


@pytest.mark.parametrize(
    ("raw", "decimal", "message"),
    [
        ("mittel", ",", "keine Zahl"),
        ("12a", ",", "keine Zahl"),
        ("1,2,3", ",", "keine Zahl"),
        ("3384.5", ",", "Dezimalkomma"),
        ("9,7", ".", "Dezimalpunkt"),
        ("1.2.3", ".", "keine Zahl"),
        ("--5", ",", "keine Zahl"),
        (float("nan"), ",", "endliche"),
        (float("inf"), ".", "endliche"),
        (True, ",", "keine Zahl"),
    ],
)
def test_non_numbers_are_german_problems(raw, decimal, message):
    with pytest.raises(ValueProblem, match=message):
        parse_value(raw, decimal)


@pytest.mark.parametrize(
    ("raw", "vote"),
    [
        ("9,7", ","),
        ("3384.0", "."),
        ("1.675", None),
        ("1,675", None),
        ("1.675,5", ","),
        ("1,675.5", "."),
        ("1.234.567", ","),
        ("12", None),
        ("-", None),
        ("mittel", None),
    ],
)
def test_decimal_evidence(raw, vote):
    assert decimal_evidence(raw) == vote


def test_detector_majority_and_default():
    detector = DecimalDetector()
    assert detector.result(default=",") == ","
    for raw in ["1.675", "2.5", "3.25", "9,7"]:
        detector.feed(raw)
    assert detector.result(default=",") == "."


@pytest.mark.parametrize("raw", ["69 5", "1 67", "12 3456", "1 675 5"])
def test_spaces_group_only_threes_a_cut_number_is_no_number(raw):
    with pytest.raises(ValueProblem, match="abgeschnitten"):
        parse_value(raw, ",")


@pytest.mark.parametrize(
    ("dash", "expected"),
    [("missing", ("missing", None)), ("zero", ("ok", 0.0)), ("suppressed", ("suppressed", None))],
)
def test_a_dash_means_what_the_user_chose(dash, expected):
    for raw in ("-", "–", "—"):
        parsed = parse_value(raw, ",", dash)
        assert (parsed.status, parsed.value) == expected
    assert parse_value("-", ",").status == "missing"  # the default
    assert parse_value("- 23", ",", "zero").value == -23
