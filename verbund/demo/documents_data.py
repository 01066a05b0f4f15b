"""Demo documents for the archive: titles, kinds and the text inside the files."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from xml.sax.saxutils import escape

# archive ("nordstadt" or None for the municipality), kind, title, format, tags, language,
# public, confidential, date, paragraphs
DOCUMENTS = [
    (
        "nordstadt",
        "concept",
        "Konzeption Familienzentrum Nordstadt 2026",
        "pdf",
        "Konzeption, Sozialraum Nordstadt",
        "",
        False,
        False,
        date(2026, 1, 15),
        [
            "Das Familienzentrum Nordstadt ist ein Verbund aus der Kita Sonnenblume, der Kita "
            "Regenbogen und der Erziehungs- und Familienberatungsstelle Nord.",
            "Schwerpunkte sind die frühe Sprachförderung, die Beratung von Eltern in der Kita "
            "(offene Sprechstunde der Erziehungsberatung) und die Familienbildung im Quartier.",
            "Die Hebammensprechstunde findet monatlich im Familiencafé statt.",
        ],
    ),
    (
        "nordstadt",
        "annual_programme",
        "Jahresprogramm 2026",
        "docx",
        "Jahresprogramm, 2026",
        "",
        False,
        False,
        date(2025, 12, 1),
        [
            "Januar: Elterncafé startet wieder jeden Dienstag.",
            "März: Erste-Hilfe-Kurs am Kind mit dem DRK.",
            "Mai: Väterfrühstück und Vater-Kind-Nachmittag im Stadtteilpark.",
            "September: Übergang Kita – Grundschule, Informationsabend mit der Grundschule Süd.",
        ],
    ),
    (
        "nordstadt",
        "application",
        "Antrag Landesförderung Familienzentrum 2026",
        "docx",
        "Förderung, Land NRW, 2026",
        "",
        False,
        False,
        date(2025, 10, 31),
        [
            "Antrag auf Förderung als Familienzentrum nach dem KiBiz für das Kindergartenjahr "
            "2026/27.",
            "Träger: AWO Kreisverband Lindenhagen e. V.",
            "Begründung: Im Sozialraum Nordstadt leben viele Familien mit Bezug von "
            "Transferleistungen; die Beratungsangebote werden stark nachgefragt.",
        ],
    ),
    (
        "nordstadt",
        "evidence",
        "Verwendungsnachweis Elternkurse 2025",
        "pdf",
        "Förderung, Nachweis, 2025",
        "",
        False,
        False,
        date(2026, 2, 20),
        [
            "Sachbericht: Im Jahr 2025 fanden vier Elternkurse „Starke Eltern – Starke Kinder“ "
            "mit insgesamt 38 Teilnehmenden statt.",
            "Zahlenmäßiger Nachweis: Honorare 2.400 Euro, Material 310 Euro.",
        ],
    ),
    (
        "nordstadt",
        "development_report",
        "Entwicklungsbericht Gütesiegel 2025",
        "pdf",
        "Gütesiegel, Qualität",
        "",
        False,
        True,
        date(2025, 11, 14),
        [
            "Selbstbewertung zur Rezertifizierung: Leistungsbereiche Beratung, Familienbildung, "
            "Kindertagespflege und Vereinbarkeit von Familie und Beruf.",
            "Personalausstattung und Budget werden im Steuerungsgremium besprochen.",
        ],
    ),
    (
        "nordstadt",
        "brochure",
        "Faltblatt Familienzentrum Nordstadt",
        "pdf",
        "Faltblatt, Öffentlichkeitsarbeit",
        "de",
        True,
        False,
        date(2026, 3, 1),
        [
            "Willkommen im Familienzentrum Nordstadt!",
            "Elterncafé, Beratung, Sprachförderung und Kurse für Familien im Lerchenweg 12.",
        ],
    ),
    (
        "nordstadt",
        "brochure",
        "Aile Merkezi Nordstadt – Tanıtım broşürü",
        "pdf",
        "Faltblatt, Türkisch",
        "tr",
        True,
        False,
        date(2026, 3, 1),
        [
            "Nordstadt Aile Merkezine hoş geldiniz!",
            "Ebeveyn kafesi, danışmanlık ve dil desteği: Lerchenweg 12.",
        ],
    ),
    (
        None,
        "concept",
        "Rahmenkonzept Familienzentren der Stadt Lindenhagen",
        "pdf",
        "Jugendhilfeplanung, Rahmenkonzept",
        "",
        False,
        False,
        date(2025, 6, 30),
        [
            "Die Stadt Lindenhagen fördert Familienzentren in allen Sozialräumen.",
            "Ziele: niedrigschwellige Zugänge, Vernetzung mit Schulen und Frühen Hilfen, "
            "Familiengrundschulzentren ab 2027.",
        ],
    ),
    (
        None,
        "other",
        "Sozialraumanalyse Nordstadt – Kurzfassung",
        "txt",
        "Sozialraumanalyse, Nordstadt",
        "",
        False,
        False,
        date(2025, 9, 1),
        [
            "Kurzfassung der Sozialraumanalyse: hoher Anteil Alleinerziehender, wenige "
            "Kinderärzte im Stadtteil, lange Wege zur Erziehungsberatung.",
        ],
    ),
]


def docx_bytes(paragraphs: list[str]) -> bytes:
    body = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{escape(p)}</w:t></w:r></w:p>' for p in paragraphs
    )
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
        ),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{body}</w:body></w:document>"
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def pdf_bytes(title: str, paragraphs: list[str]) -> bytes:
    from verbund.core.pdf import html_to_pdf

    html = (
        f'<html lang="de"><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
        f"<body><h1>{escape(title)}</h1>"
        + "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
        + "</body></html>"
    )
    return html_to_pdf(html)


def file_for(title: str, form: str, paragraphs: list[str]) -> tuple[str, bytes]:
    from django.utils.text import slugify

    stem = slugify(title)[:60] or "dokument"
    if form == "pdf":
        return f"{stem}.pdf", pdf_bytes(title, paragraphs)
    if form == "docx":
        return f"{stem}.docx", docx_bytes(paragraphs)
    return f"{stem}.txt", ("\n".join([title, "", *paragraphs]) + "\n").encode("utf-8")
