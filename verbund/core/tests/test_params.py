import pytest
from django.http import QueryDict

from verbund.core.params import MAX_ID, int_param


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("7", 7),
        ("١٢", 12),  # a number in other digits is still a number
        ("²", None),  # isdigit() but not int()
        ("9" * 20, None),  # beyond the database's integers
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        ("0", None),
        ("-1", None),
        ("", None),
        ("1e5", None),
        ("abc", None),
        ("1" * 400, None),
    ],
)
def test_int_param_accepts_only_bounded_integers(raw, expected):
    assert int_param(QueryDict(f"id={raw}" if "&" not in raw else ""), "id") == expected


def test_int_param_bounds_and_default():
    data = {"jahr": "2024", "seite": "0"}
    assert int_param(data, "jahr", max_value=9999) == 2024
    assert int_param(data, "jahr", max_value=2000, default=-1) == -1
    assert int_param(data, "seite", min_value=0) == 0
    assert int_param(data, "fehlt", default=3) == 3
