"""Opening an uploaded file as a table."""

from __future__ import annotations

import codecs

from django.utils.translation import gettext as _

from .base import SNIFF_BYTES, FileProblem, ReadOptions, Table, TableLimits, _Budget
from .text import _open_csv
from .xlsx import _open_xlsx


def detect_format(file_name: str, head: bytes) -> str:
    """``csv`` or ``xlsx`` from name and content; raises FileProblem otherwise."""
    name = file_name.lower()
    if name.endswith((".xlsx", ".xlsm")):
        if not head.startswith(b"PK\x03\x04"):
            raise FileProblem(_("Die Datei heißt .xlsx, ist aber keine Excel-Arbeitsmappe."))
        return "xlsx"
    if name.endswith((".csv", ".txt", ".tsv")):
        if head.startswith(b"PK\x03\x04"):
            raise FileProblem(
                _("Die Datei heißt .csv, ist aber ein ZIP-Archiv (vielleicht eine Excel-Datei?).")
            )
        if b"\x00" in head[:8192] and not head.startswith(
            (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
        ):
            raise FileProblem(_("Die Datei enthält Binärdaten und ist keine Textdatei (CSV)."))
        return "csv"
    if name.endswith(".xls"):
        raise FileProblem(
            _(
                "Das alte Excel-Format .xls wird nicht unterstützt. Bitte speichern Sie die "
                "Datei als .xlsx oder .csv."
            )
        )
    raise FileProblem(_("Bitte laden Sie eine CSV-Datei (.csv, .txt, .tsv) oder .xlsx-Datei hoch."))


def open_table(
    fileobj, file_name: str, options: ReadOptions | None = None, limits: TableLimits | None = None
) -> Table:
    """Open a binary file object as a Table. Raises FileProblem only."""
    options = options or ReadOptions()
    budget = _Budget(limits or TableLimits())
    try:
        fileobj.seek(0)
        head = fileobj.read(SNIFF_BYTES)
        fileobj.seek(0)
    except (OSError, ValueError) as exc:
        raise FileProblem(_("Die Datei kann nicht gelesen werden.")) from exc
    if not head:
        raise FileProblem(_("Die Datei ist leer."))
    file_format = detect_format(file_name, head)
    if file_format == "xlsx":
        return _open_xlsx(fileobj, options, budget)
    return _open_csv(fileobj, head, options, budget)
