"""German numbers and the shared upload checks."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from verbund.core.numbers import format_amount, format_decimal, format_filesize
from verbund.core.uploads import check_size, read_limited


@pytest.mark.parametrize(
    ("value", "digits", "grouping", "expected"),
    [
        (1234.5, 1, True, "1.234,5"),
        (1234567.891, 2, True, "1.234.567,89"),
        (-0.25, 1, True, "-0,2"),
        (Decimal("1500"), 0, True, "1.500"),
        (50.12345, 3, False, "50,123"),
        (1234.5, None, True, "1234,5"),
        (None, 1, True, "–"),
    ],
)
def test_format_decimal(value, digits, grouping, expected):
    assert format_decimal(value, digits, grouping=grouping) == expected


def test_amounts_and_file_sizes():
    assert format_amount(Decimal("1500.00")) == "1.500"
    assert format_amount(12.5) == "12,50"
    assert format_filesize(1000) == "1000\xa0Bytes"
    assert format_filesize(20 * 1024) == "20\xa0KB"
    assert format_filesize(2 * 1024 * 1024) == "2\xa0MB"
    assert format_filesize(int(12.5 * 1024 * 1024)) == "12,5\xa0MB"


def test_check_size_refuses_empty_and_too_large_by_declared_size():
    with pytest.raises(ValidationError, match="leer"):
        check_size(SimpleUploadedFile("a.csv", b""), 100)
    with pytest.raises(ValidationError) as info:
        check_size(SimpleUploadedFile("a.csv", b"x" * 200), 100)
    assert info.value.messages == [
        "Die Datei ist zu groß (200\xa0Bytes); erlaubt sind höchstens 100\xa0Bytes."
    ]
    check_size(SimpleUploadedFile("a.csv", b"x" * 100), 100)


class LyingUpload(SimpleUploadedFile):
    """A client's declared size is not the truth."""

    @property
    def size(self):
        return 10

    @size.setter
    def size(self, value):
        pass


def test_read_limited_never_trusts_the_declared_size():
    upload = LyingUpload("a.csv", b"x" * 1000)
    with pytest.raises(ValidationError) as info:
        read_limited(upload, 100)
    assert info.value.messages == ["Die Datei ist zu groß; erlaubt sind höchstens 100\xa0Bytes."]
    assert read_limited(SimpleUploadedFile("a.csv", b"abc"), 100) == b"abc"
    with pytest.raises(ValidationError, match="leer"):
        read_limited(SimpleUploadedFile("a.csv", b"  \n"), 100)
