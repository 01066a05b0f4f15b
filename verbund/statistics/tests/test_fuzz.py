"""Whatever the file, the importer answers with a report in German: no exception, no 500,
never a partial write."""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django_scopes import scopes_disabled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE as ILLEGAL

from verbund.statistics import services
from verbund.statistics.models import ImportStatus, IndicatorValue

from .factories import AreaFactory

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SPEC = {
    "area_column": "Gebiet",
    "year": 2023,
    "columns": {"Einwohner": "population", "Quote": "sgb2_share"},
}

cell = st.one_of(
    st.sampled_from(
        [
            "001",
            "002",
            "Altstadt",
            "1.675",
            "9,7",
            "-",
            ".",
            "",
            '"',
            '""',
            "x;y",
            "-  23",
            "1 675",
            "\r",
            "\n",
            "\x00",
            "€",
            "ß",
            "=1+1",
            "1e400",
        ]
    ),
    st.text(max_size=12),
)
separator = st.sampled_from([";", ",", "\t", "|"])


@st.composite
def messy_csv(draw) -> bytes:
    sep = draw(separator)
    rows = [["Gebiet", "Einwohner", "Quote"]]
    rows += draw(st.lists(st.lists(cell, max_size=5), max_size=12))
    text = "\n".join(sep.join(row) for row in rows)
    if draw(st.booleans()):
        text = text[: draw(st.integers(0, len(text)))]
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    return text.encode(encoding, errors="replace")


@st.composite
def messy_xlsx(draw) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Gebiet", "Einwohner", "Quote"])
    values = st.one_of(cell, st.integers(-(10**20), 10**20), st.floats(), st.none(), st.booleans())
    for row in draw(st.lists(st.lists(values, max_size=5), max_size=8)):
        sheet.append([ILLEGAL.sub("", v) if isinstance(v, str) else v for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    how = draw(st.sampled_from(["intact", "truncate", "flip"]))
    # Positions as fractions: the archive's length varies (timestamps), the draws must not.
    fraction = draw(st.floats(0, 1))
    if how == "truncate":
        data = data[: max(4, int(len(data) * fraction))]
    elif how == "flip":
        position = min(len(data) - 1, int(len(data) * fraction))
        data = data[:position] + bytes([data[position] ^ 0xFF]) + data[position + 1 :]
    return data


@pytest.fixture
def areas(tenant):
    AreaFactory(municipality=tenant.municipality, code="001", name="Altstadt")
    AreaFactory(municipality=tenant.municipality, code="002", name="Neustadt")


def check(tenant, content: bytes, name: str) -> None:
    with scopes_disabled():
        before = IndicatorValue.objects.count()
        try:
            run = services.import_upload(
                actor=None, municipality=tenant.municipality, upload=ContentFile(content, name=name)
            )
        except services.ValidationError as error:
            assert error.messages and all(isinstance(m, str) for m in error.messages)
            return
        run = services.import_analyse(actor=None, run=run, spec=SPEC, options={})
        report = run.report
        assert isinstance(report, dict)
        assert run.status in {ImportStatus.READY, ImportStatus.INVALID}
        if run.status == ImportStatus.READY:
            run = services.import_commit(actor=None, run=run, background=False)
            assert run.status == ImportStatus.DONE, run.error_message
            assert IndicatorValue.objects.count() - before == run.values_created
        else:
            assert IndicatorValue.objects.count() == before


@FUZZ
@given(content=st.binary(max_size=600), name=st.sampled_from(["a.csv", "a.xlsx", "a.txt"]))
def test_random_bytes(tenant, areas, content, name):
    check(tenant, content, name)


@FUZZ
@given(content=messy_csv())
def test_malformed_csv(tenant, areas, content):
    check(tenant, content, "daten.csv")


@FUZZ
@given(content=messy_xlsx())
def test_malformed_xlsx(tenant, areas, content):
    check(tenant, content, "daten.xlsx")


def test_zip_bomb_is_refused(tenant, areas, monkeypatch):
    from verbund.statistics.importing import reader

    monkeypatch.setattr(reader, "MAX_XLSX_UNCOMPRESSED", 1024 * 1024)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (2 * 1024 * 1024))
    with scopes_disabled():
        run = services.import_upload(
            actor=None,
            municipality=tenant.municipality,
            upload=ContentFile(buffer.getvalue(), name="bombe.xlsx"),
        )
        run = services.import_analyse(actor=None, run=run, spec=SPEC, options={})
    assert "zu groß" in run.report["file_error"]
