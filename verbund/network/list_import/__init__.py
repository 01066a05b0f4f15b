"""Facilities and organisations from public lists (Kita lists, school lists, club lists).

CSV, XLSX, GeoJSON or a zipped shapefile in any coordinate system: ``reader`` turns the file
into records (line, values, WGS84 position), ``rows`` maps the columns and validates every
row and finds duplicates, ``services`` writes all rows or none (large lists in the task
worker), ``views`` is the upload → preview → commit page.
"""
