"""XLSX: the ZIP checks and the rows read from the sheet XML."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time

from django.utils.translation import gettext as _

from verbund.core.numbers import format_decimal

from .base import FileProblem, ReadOptions, Table, TableLimits, _Budget
from .header import _find_header, _unique_header


def _cell(value) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def check_xlsx_archive(fileobj, limits: TableLimits) -> None:
    """An XLSX is a ZIP: refuse bombs and non-workbooks before openpyxl inflates anything."""
    try:
        with zipfile.ZipFile(fileobj) as archive:
            infos = archive.infolist()
    except Exception as exc:  # BadZipFile, NotImplementedError (method), OSError, …
        raise FileProblem(
            _("Die Excel-Datei ist beschädigt oder kein gültiges .xlsx-Format.")
        ) from exc
    fileobj.seek(0)
    if len(infos) > limits.max_zip_entries:
        raise FileProblem(_("Die Excel-Datei enthält ungewöhnlich viele Teile."))
    total = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos) or 1
    if (
        any(
            info.file_size > limits.max_compression_ratio * max(info.compress_size, 1)
            for info in infos
        )
        or total > limits.max_compression_ratio * packed
    ):
        raise FileProblem(
            _(
                "Die Excel-Datei wäre entpackt zu groß für ihre Größe (ein Teil ist mehr als "
                "%(ratio)s-fach komprimiert). Das sieht nach einer manipulierten Datei aus; sie "
                "wurde nicht geöffnet."
            )
            % {"ratio": limits.max_compression_ratio}
        )
    if total > limits.max_unpacked_bytes:
        raise FileProblem(
            _("Die Excel-Datei ist entpackt zu groß (%(size)s MB; höchstens %(max)s MB).")
            % {
                "size": format_decimal(total / 1024 / 1024, 1),
                "max": limits.max_unpacked_bytes // 1024 // 1024,
            }
        )
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise FileProblem(_("Die Datei ist keine Excel-Arbeitsmappe (XLSX)."))


def _sheet_rows(worksheet, budget: _Budget) -> Iterator[tuple[int, list]]:
    """``(line, values)`` of the rows that have a value, straight from the sheet's XML.

    openpyxl's ``iter_rows`` sizes rows by the declared dimension; this reads each row's
    cells (only those the file contains), checks line and width, and only then builds it."""
    from openpyxl.worksheet._reader import WorkSheetParser

    workbook = worksheet.parent
    with worksheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            worksheet._shared_strings,
            data_only=workbook.data_only,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for line, cells in parser.parse():
            parser.row_dimensions.clear()  # row heights etc. are not needed; do not collect
            present = [cell for cell in cells if cell["value"] is not None]
            if not present:
                continue
            budget.row(line)
            width = max(cell["column"] for cell in present)
            budget.columns(line, width)
            row = [None] * width
            for cell in present:
                row[cell["column"] - 1] = cell["value"]
            yield line, row


def _open_xlsx(fileobj, options: ReadOptions, budget: _Budget) -> Table:
    import openpyxl

    check_xlsx_archive(fileobj, budget.limits)
    try:
        workbook = openpyxl.load_workbook(fileobj, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise FileProblem(
            _("Die Excel-Datei ist beschädigt oder kein gültiges .xlsx-Format.")
        ) from exc
    sheets = list(workbook.sheetnames)
    if not sheets:
        raise FileProblem(_("Die Excel-Datei enthält keine Tabellenblätter."))
    sheet_name = options.sheet if options.sheet in sheets else sheets[0]
    worksheet = workbook[sheet_name]

    def records() -> Iterator[tuple[int, list]]:
        try:
            for number, row in _sheet_rows(worksheet, budget):
                yield number, [_cell(value) for value in row]
        except FileProblem:
            raise
        except Exception as exc:
            raise FileProblem(
                _("Das Tabellenblatt „%(sheet)s“ ist beschädigt.") % {"sheet": sheet_name}
            ) from exc
        finally:
            workbook.close()

    warnings: list[str] = []
    above: list = []
    found = _find_header(records(), options.header_row, warnings, above)
    if found is None:
        workbook.close()
        raise FileProblem(
            _("Das Tabellenblatt „%(sheet)s“ enthält keine Zeilen.") % {"sheet": sheet_name}
        )
    line, row, stream = found
    while row and row[-1] == "":  # trailing empty cells of a styled header row
        row.pop()
    return Table(
        "xlsx",
        _unique_header(row, warnings),
        stream,
        header_line=line,
        sheet=sheet_name,
        sheets=sheets,
        warnings=warnings,
        raw_header=list(row),
        above=above,
    )
