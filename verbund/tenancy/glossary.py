"""The words of the work, explained once (the glossary page, linked from every page's help)."""

from django.utils.translation import gettext_lazy as _

# (anchor, term, explanation), in alphabetical order of the German term.
TERMS = [
    (
        "bedarf",
        _("Bedarf"),
        _(
            "Etwas, das Familien in einem Sozialraum fehlt, zum Beispiel eine Sprechstunde oder "
            "ein Elterncafé. Ein Familienzentrum meldet einen Bedarf, die Jugendhilfeplanung "
            "bestätigt ihn oder fragt nach."
        ),
    ),
    (
        "bedarfsindex",
        _("Bedarfsindex"),
        _(
            "Eine Zahl je Sozialraum, die mehrere Kennzahlen (zum Beispiel Kinderarmut, Anteil "
            "Alleinerziehender) zusammenfasst. Je höher der Index, desto größer ist der Bedarf "
            "an Unterstützung im Vergleich zu den anderen Sozialräumen."
        ),
    ),
    (
        "begehung",
        _("Begehung (Sozialraumbegehung)"),
        _(
            "Ein Rundgang durch einen Sozialraum, bei dem Beobachtungen mit Ort und Foto "
            "festgehalten werden, zum Beispiel ein fehlender Spielplatz oder ein neuer Treffpunkt."
        ),
    ),
    (
        "einrichtung",
        _("Einrichtung"),
        _(
            "Ein Ort, an dem Angebote stattfinden, zum Beispiel eine Kita, eine Beratungsstelle "
            "oder ein Familienbüro. Eine Einrichtung gehört zum Verbund eines Familienzentrums "
            "und ist zugleich eine Organisation im Netzwerk: Sie kann eingeschätzt werden und "
            "Partnerin einer Kooperationsvereinbarung sein."
        ),
    ),
    (
        "einschaetzung",
        _("Einschätzung"),
        _(
            "Wie wichtig ein Partner für das Familienzentrum und für Familien ist, wie viel "
            "Einfluss er im Sozialraum hat (jeweils niedrig, mittel oder hoch) und wie gut die "
            "Beziehung ist. Die Fachkraft wählt jede Bewertung selbst; es gibt keine Vorgabe."
        ),
    ),
    (
        "familienzentrum",
        _("Familienzentrum"),
        _(
            "Ein Verbund aus Kitas und weiteren Einrichtungen, der Familien im Sozialraum "
            "Beratung, Bildung und Begegnung anbietet."
        ),
    ),
    (
        "kennzahl",
        _("Kennzahl (Indikator)"),
        _(
            "Ein Wert aus der amtlichen Statistik je Sozialraum, zum Beispiel die Zahl der "
            "Kinder unter sechs Jahren oder der Anteil der Haushalte mit Sozialleistungen."
        ),
    ),
    (
        "kooperationsvereinbarung",
        _("Kooperationsvereinbarung"),
        _(
            "Eine schriftliche Absprache zwischen dem Familienzentrum und einem Partner: wer was "
            "übernimmt, ab wann und bis wann sie überprüft wird."
        ),
    ),
    (
        "koordinierungskraft",
        _("Koordinierungskraft"),
        _(
            "Die Person, die die Arbeit eines Familienzentrums oder des Netzwerks in der Kommune "
            "koordiniert: sie pflegt Partner, Vereinbarungen und Termine."
        ),
    ),
    (
        "netzwerk",
        _("Netzwerk"),
        _(
            "Alle Organisationen und Personen, mit denen die Familienzentren zusammenarbeiten, "
            "und ihre Beziehungen zueinander."
        ),
    ),
    (
        "rechtsgrundlage",
        _("Rechtsgrundlage"),
        _(
            "Die Vorschrift, die erlaubt, personenbezogene Daten zu speichern, zum Beispiel eine "
            "Einwilligung (Art. 6 Abs. 1 a DSGVO) oder eine gesetzliche Aufgabe nach dem SGB VIII."
        ),
    ),
    (
        "rolle",
        _("Rolle"),
        _(
            "Was eine Person im Programm sehen und tun darf, zum Beispiel Koordination, Leitung, "
            "Fachkraft, Träger, Planung oder Partner."
        ),
    ),
    (
        "sozialraum",
        _("Sozialraum"),
        _(
            "Ein Stadtteil oder Quartier, für den Zahlen, Bedarfe und Angebote zusammen betrachtet "
            "werden. Jedes Familienzentrum ist für einen oder mehrere Sozialräume zuständig."
        ),
    ),
    (
        "traeger",
        _("Träger"),
        _(
            "Die Organisation, die ein Familienzentrum oder eine Kita betreibt und verantwortet, "
            "zum Beispiel die Stadt, ein Wohlfahrtsverband oder ein Verein."
        ),
    ),
    (
        "verbindet",
        _("Verbindet Partner"),
        _(
            "Eine Organisation, die Partner verbindet, die sonst nichts voneinander wissen. In "
            "der Netzwerkforschung heißt das „Betweenness“ oder „Broker“."
        ),
    ),
]
