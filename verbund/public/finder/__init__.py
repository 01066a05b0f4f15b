"""The offer finder for families: filters in plain language, results as list and map, the
offer's public page, a print and an embeddable version, and anonymous search counts."""
