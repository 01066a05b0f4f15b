"""The report as PDF (WeasyPrint, plain CSS without tables) and as an editable DOCX
(python-docx, real headings and tables with a header row)."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.pdf import html_to_pdf


def report_pdf(content: dict, *, frozen: int | None = None) -> bytes:
    html = render_to_string(
        "reports/report_pdf.html",
        {"content": content, "frozen": frozen, "today": timezone.localdate()},
    )
    return html_to_pdf(html)


def paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs of the coordinator's text; single breaks kept."""
    blocks = [block.strip() for block in (text or "").replace("\r\n", "\n").split("\n\n")]
    return [block for block in blocks if block]


def report_file_name(report, number: int) -> str:
    from django.utils.text import slugify

    return (
        f"entwicklungsbericht-{slugify(report.centre.name)[:60]}-"
        f"{report.period_start:%Y%m%d}-{report.period_end:%Y%m%d}-fassung-{number}.pdf"
    )


# ----------------------------------------------------------------------------- DOCX


def _table(document, caption: str, header: list[str], rows: list[list]) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document.add_paragraph(caption, style="Caption")
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, label in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(str(label)).bold = True
    # The first row repeats on every page and is read as the header by screen readers.
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header_flag = OxmlElement("w:tblHeader")
    header_flag.set(qn("w:val"), "true")
    tr_pr.append(header_flag)
    tbl_pr = table._tbl.tblPr
    for tag, value in (("w:tblCaption", caption), ("w:tblDescription", caption)):
        element = OxmlElement(tag)
        element.set(qn("w:val"), value[:250])
        tbl_pr.append(element)
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = "" if value is None else str(value)


def _text(document, text: str) -> None:
    for block in paragraphs(text):
        document.add_paragraph(block)


def _bullets(document, items: list[str]) -> None:
    for item in items:
        document.add_paragraph(item, style="List Bullet")


def _docx_profile(document, data: dict) -> None:
    if not data.get("visible"):
        document.add_paragraph(_("Das Sozialraumprofil ist für Sie nicht sichtbar."))
        return
    if not data["areas"]:
        document.add_paragraph(_("Dem Familienzentrum ist kein Sozialraum zugeordnet."))
    for area in data["areas"]:
        document.add_heading(area["name"], level=3)
        if not area["rows"]:
            document.add_paragraph(_("Für diesen Sozialraum liegen keine Kennzahlen vor."))
            continue
        _table(
            document,
            _("Kennzahlen für %(area)s mit Verlauf") % {"area": area["name"]},
            [_("Kennzahl"), _("Wert"), _("Vorwert"), _("Veränderung"), _("Median der Stadt")],
            [
                [
                    row["label"] + (f" ({row['unit']})" if row["unit"] else ""),
                    f"{row['value']} ({row['year']})",
                    f"{row['previous']} ({row['previous_year']})" if row["previous"] else "–",
                    f"{row['change']} – {row['trend']}" if row["trend"] else "–",
                    row["median"],
                ]
                for row in area["rows"]
            ],
        )


def _docx_network(document, data: dict) -> None:
    partners = data["partners"]
    if partners is not None:
        document.add_paragraph(
            _(
                "Partner im Netzwerk am Ende des Zeitraums: %(active)s, davon kooperierend: "
                "%(cooperating)s. Neu hinzugekommen: %(new)s. Beendet: %(ended)s."
            )
            % partners
        )
        if partners["new_names"]:
            document.add_heading(_("Neue Partner"), level=3)
            _bullets(document, partners["new_names"])
    agreements = data["agreements"]
    document.add_paragraph(
        _(
            "Kooperationsvereinbarungen: %(running)s laufen, %(signed_count)s im Zeitraum "
            "unterzeichnet oder begonnen, %(ended_count)s beendet."
        )
        % agreements
    )
    if agreements["signed"]:
        document.add_heading(_("Unterzeichnet oder begonnen"), level=3)
        _bullets(document, [f"{a['title']} ({a['date']})" for a in agreements["signed"]])
    if agreements["ended"]:
        document.add_heading(_("Beendet"), level=3)
        _bullets(document, [f"{a['title']} ({a['date']})" for a in agreements["ended"]])
    if data["bodies"]:
        document.add_heading(_("Gremien"), level=3)
        _bullets(
            document,
            [
                f"{b['name']} ({b['kind']})" + (f" – {_('neu im Zeitraum')}" if b["new"] else "")
                for b in data["bodies"]
            ],
        )


def _docx_offers(document, data: dict) -> None:
    document.add_paragraph(
        _("Angebote des Familienzentrums im Zeitraum: %(total)s.") % {"total": data["total"]}
    )
    if data["chain"]:
        _table(
            document,
            _("Angebote nach Lebensphase (Präventionskette)"),
            [_("Lebensphase"), _("Angebote")],
            [[row["label"], row["count"]] for row in data["chain"]],
        )
    if data["open_phases"]:
        document.add_paragraph(
            _("Lebensphasen ohne Angebot: %(phases)s.") % {"phases": ", ".join(data["open_phases"])}
        )
    if data["gaps_closed"]:
        document.add_heading(_("Im Zeitraum gedeckte Bedarfe"), level=3)
        _bullets(
            document,
            [_("%(title)s (%(offers)s Angebote)") % gap for gap in data["gaps_closed"]],
        )


def _docx_needs(document, data: dict) -> None:
    if not data.get("visible"):
        document.add_paragraph(_("Die Bedarfe sind für Sie nicht sichtbar."))
        return
    _table(
        document,
        _("Bedarfe nach Stand"),
        [_("Stand"), _("Anzahl")],
        [[row["label"], row["count"]] for row in data["by_status"]],
    )
    document.add_paragraph(
        _("Im Zeitraum gemeldet: %(count)s.") % {"count": data["reported_count"]}
    )
    if data["reported"]:
        _table(
            document,
            _("Im Zeitraum gemeldete Bedarfe"),
            [_("Bedarf"), _("gemeldet am"), _("Priorität"), _("Stand")],
            [[n["title"], n["date"], n["priority"], n["status"]] for n in data["reported"]],
        )


def _docx_goals(document, data: dict) -> None:
    if not data.get("visible"):
        document.add_paragraph(_("Die Jahresprogramme sind für Sie nicht sichtbar."))
        return
    if not data["programmes"]:
        document.add_paragraph(_("Für diesen Zeitraum gibt es kein Jahresprogramm."))
    for programme in data["programmes"]:
        document.add_heading(
            _("Jahresprogramm %(year)s (%(status)s)") % programme,
            level=3,
        )
        if not programme["goals"]:
            document.add_paragraph(_("Keine Ziele eingetragen."))
            continue
        _table(
            document,
            _("Ziele %(year)s und Ergebnis der letzten Überprüfung") % programme,
            [_("Ziel"), _("Zielwert"), _("Überprüft am"), _("Wert"), _("Ampel"), _("Entscheidung")],
            [
                [
                    f"{g['position']}. {g['title']}",
                    g["target"] or "–",
                    g["reviewed_on"] or _("noch nicht überprüft"),
                    g["value"] or "–",
                    g["light"] or "–",
                    g["decision"] or "–",
                ]
                for g in programme["goals"]
            ],
        )


def _docx_meetings(document, data: dict) -> None:
    document.add_paragraph(_("Sitzungen im Zeitraum: %(count)s.") % {"count": data["count"]})
    if data["series"]:
        _bullets(document, [f"{s['name']}: {s['count']}" for s in data["series"]])
    if data["held"]:
        _table(
            document,
            _("Sitzungen im Zeitraum"),
            [_("Datum"), _("Sitzung"), _("Gremium oder Runde")],
            [[m["date"], m["title"], m["series"]] for m in data["held"]],
        )


DOCX_SECTIONS = {
    "profile": _docx_profile,
    "network": _docx_network,
    "offers": _docx_offers,
    "needs": _docx_needs,
    "goals": _docx_goals,
    "meetings": _docx_meetings,
}


def report_docx(content: dict) -> bytes:
    from docx import Document
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    props = document.core_properties
    props.title = f"{content['title']}: {content['centre']}"
    props.language = "de-DE"
    props.author = content["centre"]
    document.add_heading(content["title"], level=0)
    document.add_paragraph(
        f"{content['centre']}"
        + (f" · {content['provider']}" if content["provider"] else "")
        + f" · {content['period_start']} – {content['period_end']}"
    )
    if content["introduction"]:
        document.add_heading(_("Einleitung"), level=1)
        _text(document, content["introduction"])
    for number, section in enumerate(content["sections"], start=1):
        document.add_heading(f"{number}. {section['heading']}", level=1)
        document.add_heading(_("Zahlen aus Verbund"), level=2)
        DOCX_SECTIONS[section["key"]](document, section["data"])
        document.add_heading(_("Einschätzung"), level=2)
        if section["text"]:
            _text(document, section["text"])
        else:
            document.add_paragraph(_("(noch kein Text)"))
    if content["conclusion"]:
        document.add_heading(_("Ausblick"), level=1)
        _text(document, content["conclusion"])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
