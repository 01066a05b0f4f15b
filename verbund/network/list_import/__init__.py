"""Facilities and organisations from public lists (Kita lists, school lists, club lists) — the
one import flow of the network app (the organisation import is this flow for organisations).

CSV, XLSX (title rows above the header are skipped), GeoJSON or a zipped shapefile in any
coordinate system: ``reader`` turns the file into records (line, values, WGS84 position),
``rows`` guesses or takes the user's column mapping (with the reason for every column),
validates every row and finds duplicates, ``services`` writes all rows or none (large lists
in the task worker, which can be cancelled), ``views`` is the upload → preview → commit page.

What the user decides in the preview:
- which column goes to which field (a select per field; a number column is never the name),
  remembered per municipality for the next file with the same header set (``models``);
- for a row that exists already (same name and address, or a similar name within 50 m):
  skip, complete the existing record, or create it anyway (not for the same name at the same
  address, which the models refuse);
- to discard the upload ("Verwerfen"); an upload nobody commits expires after six hours
  (``verbund.core.pending_uploads``, swept by the periodic job
  ``network.list_import_cleanup``).
"""
