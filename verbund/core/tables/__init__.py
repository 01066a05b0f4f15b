"""Reading tables from CSV and XLSX files, streaming, with German error messages: the one
table reader of every import (statistics, organisations).

Everything that can go wrong with a file becomes a :class:`FileProblem` whose message names
the place (line, column) in German; nothing else escapes from this module.

Limits (:class:`TableLimits`) are checked while reading, before anything grows with them: an
XLSX is checked as a ZIP (parts, unpacked size, compression ratio) before openpyxl opens it,
and its sheet is read row by row from the XML in streaming mode. The sheet's declared
dimension is never trusted (a forged ``<dimension ref="A1:XFD1048576">`` made openpyxl pad
every row to 16,384 cells and add empty rows up to 1,048,576); a row's width is checked from
its cells' column numbers before the row is built.

Decisions (documented in verbund/statistics/README.md):

* Encoding: a UTF-8 byte order mark wins; UTF-16 only with its BOM; otherwise UTF-8 if the
  first 64 KiB decode as UTF-8, else Windows-1252 (which is Latin-1 plus typographic
  characters; bytes Windows-1252 leaves undefined fall back to Latin-1). The user may override.
* Separator: ``;``, ``,``, tab or ``|``, sniffed from the first lines by which one gives the
  same number (> 1) of fields on most lines; the user may override.
* Header: the first non-empty row. A repeated header ("inhabitants" twice, as in Berlin's
  MSS files) is kept, the repetition is renamed "inhabitants (2)" and reported as a warning;
  an empty header becomes "Spalte F".
"""

from .base import (
    DELIMITERS,
    ENCODINGS,
    SNIFF_BYTES,
    FileProblem,
    ReadOptions,
    Table,
    TableLimits,
    _Budget,
    _int,
    column_letter,
)
from .header import HEADER_SEARCH_ROWS, _filled, _find_header, _is_blank, _unique_header
from .reader import detect_format, open_table
from .text import _open_csv, detect_encoding, sniff_delimiter
from .xlsx import _cell, _open_xlsx, _sheet_rows, check_xlsx_archive

__all__ = [
    "DELIMITERS",
    "ENCODINGS",
    "HEADER_SEARCH_ROWS",
    "SNIFF_BYTES",
    "FileProblem",
    "ReadOptions",
    "Table",
    "TableLimits",
    "_Budget",
    "_cell",
    "_filled",
    "_find_header",
    "_int",
    "_is_blank",
    "_open_csv",
    "_open_xlsx",
    "_sheet_rows",
    "_unique_header",
    "check_xlsx_archive",
    "column_letter",
    "detect_encoding",
    "detect_format",
    "open_table",
    "sniff_delimiter",
]
