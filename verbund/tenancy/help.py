"""Short help for this app's pages (shown at the foot of each page, see verbund.core.help)."""

from django.utils.translation import gettext_lazy as _

from verbund.core.help import register_helps

register_helps(
    {
        "tenancy:home": _(
            "Die Übersicht zeigt die Familienzentren und Einrichtungen Ihrer Kommune. Über das "
            "Menü erreichen Sie alle Bereiche, für die Sie eine Rolle haben."
        ),
        "tenancy:facility_list": _(
            "Alle Einrichtungen (Kitas, Beratungsstellen, Familienbüros) der Familienzentren. "
            "Filtern Sie nach Art oder Familienzentrum, oder laden Sie die Liste herunter."
        ),
        "tenancy:facility_create": _(
            "Eine Einrichtung gehört zum Verbund eines Familienzentrums: eine Kita, Schule, "
            "Beratungsstelle oder ein Verein, mit dem das Familienzentrum fest zusammenarbeitet "
            "und wo seine Angebote stattfinden. Sie erscheint automatisch auch als Organisation "
            "im Netzwerk (Karte, Einschätzungen, Kooperationen). Partner außerhalb des Verbunds "
            "erfassen Sie im Netzwerk unter „Akteure“."
        ),
        "tenancy:facility_detail": _(
            "Die Angaben zu dieser Einrichtung, ihre Organisation im Netzwerk und wer sie wann "
            "geändert hat."
        ),
        "tenancy:facility_update": _(
            "Ändern Sie die Angaben; Pflichtfelder sind nicht als „optional“ markiert."
        ),
        "tenancy:facility_archive": _(
            "Eine archivierte Einrichtung bleibt mit ihrem Verlauf erhalten, erscheint aber nicht "
            "mehr in Listen und Auswahlfeldern. Sie können sie wieder aktivieren."
        ),
        "tenancy:centre_list": _(
            "Alle Familienzentren der Kommune mit ihrem Träger und ihren Sozialräumen."
        ),
        "tenancy:centre_create": _(
            "Ein Familienzentrum gehört zu einem Träger und ist für einen oder mehrere "
            "Sozialräume zuständig."
        ),
        "tenancy:centre_detail": _(
            "Die Angaben zu diesem Familienzentrum, seine Einrichtungen und sein Team."
        ),
        "tenancy:centre_update": _("Ändern Sie die Angaben zum Familienzentrum."),
        "tenancy:provider_create": _(
            "Ein Träger betreibt Familienzentren oder Kitas, zum Beispiel ein Wohlfahrtsverband."
        ),
        "tenancy:provider_update": _("Ändern Sie die Angaben zum Träger."),
        "tenancy:glossary": _(
            "Fehlt ein Begriff oder ist eine Erklärung unklar? Sagen Sie es der Koordination "
            "Ihrer Kommune."
        ),
        "tenancy:audit_log": _(
            "Wer hat wann was geändert, neueste Einträge zuerst. Filtern Sie nach Person, Art "
            "der Änderung oder Zeitraum. Zeiten in deutscher Ortszeit."
        ),
    }
)
