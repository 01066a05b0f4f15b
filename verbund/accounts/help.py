"""Short help for this app's pages (shown at the foot of each page, see verbund.core.help)."""

from django.utils.translation import gettext_lazy as _

from verbund.core.help import register_helps

register_helps(
    {
        "accounts:login": _(
            "Melden Sie sich mit dem Benutzernamen und Passwort an, die Sie von der "
            "Koordination Ihrer Kommune bekommen haben."
        ),
        "accounts:profile": _(
            "Ihre Angaben, Ihre Benachrichtigungen und die Rollen, die Sie in welchen Kommunen "
            "haben. Rollen vergibt die Administration Ihrer Kommune."
        ),
        "accounts:name_update": _("So erscheint Ihr Name in Listen und in der Änderungshistorie."),
        "accounts:email_change": _(
            "An diese Adresse gehen Links für ein neues Passwort und die tägliche "
            "Zusammenfassung. Sie gilt erst, wenn Sie den Link in der E-Mail öffnen."
        ),
        "accounts:email_confirm": _(
            "Ein Link gilt einen Tag und nur für das Konto, mit dem Sie angemeldet sind."
        ),
        "accounts:password_change": _(
            "Wählen Sie ein langes Passwort, das Sie nirgends sonst verwenden."
        ),
        "accounts:password_reset": _(
            "Sie bekommen einen Link an die E-Mail-Adresse Ihres Kontos. Aus Sicherheitsgründen "
            "sagt diese Seite nicht, ob zu einer Adresse ein Konto gehört."
        ),
        "accounts:password_reset_done": _(
            "Der Link in der E-Mail gilt nur einmal und nur für kurze Zeit."
        ),
        "accounts:password_reset_confirm": _(
            "Wählen Sie ein langes Passwort, das Sie nirgends sonst verwenden. Danach gilt nur "
            "noch das neue Passwort, eine Sperre nach Fehlversuchen ist aufgehoben."
        ),
        "accounts:password_reset_complete": _("Melden Sie sich mit dem neuen Passwort an."),
        "accounts:legal_site": _(
            "Pflichtangaben des Betreibers: wer verantwortlich ist, wie Ihre Daten geschützt "
            "sind, wie barrierefrei Verbund ist und wen Sie fragen können."
        ),
        "accounts:legal_overview": _(
            "Diese Seiten sind am Ende jeder Seite verlinkt. Solange Ihre Kommune eine Seite nicht "
            "angelegt hat, steht dort der allgemeine Text des Betreibers."
        ),
        "accounts:legal_page": _(
            "Die Pflichtangaben Ihrer Kommune. Hat sie eine Seite noch nicht angelegt, steht hier "
            "der allgemeine Text des Betreibers."
        ),
        "accounts:legal_edit": _(
            "Der Text erscheint für alle Personen Ihrer Kommune unter dem Link am Seitenende. "
            "Die Erklärung zur Barrierefreiheit folgt dem Muster der BITV 2.0: Stand, nicht "
            "barrierefreie Inhalte, Kontakt für Meldungen und Durchsetzungsverfahren."
        ),
        "accounts:role_matrix": _(
            "Welche Rolle was sehen und tun darf. „eigene“ heißt: nur für das eigene "
            "Familienzentrum oder den eigenen Träger."
        ),
        "accounts:membership_list": _(
            "Wer in Ihrer Kommune welche Rolle hat. Eine Rolle endet, wenn Sie sie entziehen."
        ),
        "accounts:membership_create": _(
            "Geben Sie einer Person eine Rolle. Rollen wie Leitung oder Fachkraft brauchen das "
            "Familienzentrum, für das sie gelten."
        ),
        "accounts:membership_revoke": _(
            "Die Person verliert die Rechte dieser Rolle sofort; ihre bisherigen Einträge bleiben."
        ),
    }
)
