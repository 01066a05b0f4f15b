"""Offers from a table (CSV or XLSX): upload → preview → commit, all rows or none.

``reader`` opens the file with the one table reader (``verbund.core.tables.open_table``: the
encoding is detected — UTF-8 with or without BOM, UTF-16 with BOM, Windows-1252 — the separator
sniffed, limits checked while reading) and finds the columns by their German headings; a file
cut off (the last line without its line end, a quotation never closed) is refused naming the
line and column. ``rows`` checks every row against the municipality's terms, organisations,
places and areas and names each problem in German with line and column. ``services`` writes
the checked rows in one transaction, audited. The upload waits between preview and commit in
``verbund.core.pending_uploads`` (a signed token bound to the user), like the network's list
import.
"""
