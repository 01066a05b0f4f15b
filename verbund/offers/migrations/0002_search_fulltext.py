"""The full-text index over ``Offer.search_text`` (search part of the offers issue).

SQLite: an FTS5 table ``offers_offer_fts`` kept by triggers; PostgreSQL: a GIN index on
``to_tsvector('simple', search_text)``. Both read the text that ``verbund.offers.text``
prepares in Python (folded, with German stems), so both find the same offers. Existing rows
get the new text layout the next time their services refresh it; the index reads what is there.
"""

from django.db import migrations

from verbund.core.fulltext import FullTextIndex

INDEX = FullTextIndex(
    table="offers_offer", column="search_text", partition="municipality_id"
)


class Migration(migrations.Migration):
    dependencies = [("offers", "0001_initial")]

    operations = [
        INDEX.operation(),
        # The list's filters on the offer's own fields, readable from the index alone (SQLite
        # checks them there before reading the row; only matches are read).
        migrations.RunSQL(
            "CREATE INDEX offers_offer_search_facets ON offers_offer "
            "(municipality_id, cost, status, review_state, centre_id, interpretation, "
            "languages, visibility)",
            "DROP INDEX offers_offer_search_facets",
        ),
    ]
