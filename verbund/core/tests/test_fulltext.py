"""The text preparation of the full-text layer: the same tokens for documents and queries on
every database (the engines themselves are tested through the offer search, on both)."""

import pytest

from verbund.core import fulltext


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("KÖPENICK", "koepenick"),
        ("Straße  Maß", "strasse mass"),
        ("Cafe\u0301 u\u0308ber", "cafe ueber"),  # decomposed accents and umlauts
        ("ÄÖÜẞ", "aeoeuess"),
        (None, ""),
    ],
)
def test_fold(text, expected):
    assert fulltext.fold(text) == expected


def test_document_keeps_title_apart_with_stems_and_compounds():
    text = fulltext.document("Kochkurs für Väter", "Eltern-Kind-Gruppe; Schwimmkurse")
    title, body = text.split("\n")
    assert title.split()[:3] == ["kochkurs", "fuer", "vaeter"]
    assert "vat" in title.split()  # the stem of "vaeter"
    assert {"eltern", "kind", "gruppe", "elternkindgruppe", "schwimmkurs"} <= set(body.split())
    assert "\n" not in fulltext.document("a\nb", "c\r\nd").replace("\n", "", 1)


def test_parse_prefixes_cover_inflection():
    parsed = {item.word: item.prefixes for item in fulltext.parse("kochen Vater KÖPENICK x")}
    assert parsed["kochen"] == ["koch"]
    assert parsed["vater"] == ["vat"]
    assert parsed["koepenick"] == ["kopenick", "koepenick"]
    assert parsed["x"] == ["x"]


def test_parse_bounds_words_and_ignores_syntax():
    assert len(fulltext.parse(" ".join(f"wort{i}" for i in range(30)))) == fulltext.MAX_QUERY_WORDS
    assert [item.word for item in fulltext.parse('"a" OR b* (c) NOT d:*')] == [
        "a",
        "or",
        "b",
        "c",
        "not",
        "d",
    ]
    assert fulltext.parse("-- ; ' \x00") == []


def test_engine_queries_quote_every_token():
    parsed = fulltext.parse("kochen Vater")
    assert fulltext.fts5_query(parsed) == '("koch"*) AND ("vat"*)'
    assert fulltext.fts5_query(parsed, "title") == '{title} : (("koch"*) AND ("vat"*))'
    assert fulltext.tsquery(parsed) == "('koch':*) & ('vat':*)"
