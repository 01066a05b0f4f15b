"""German wording of the audit actions of accounts (registered in AccountsConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from verbund.core.actions import register_actions

register_actions(
    {
        "accounts.login.succeeded": _("hat sich angemeldet"),
        "accounts.login.failed": _("hat sich vergeblich anzumelden versucht"),
        "accounts.login.locked_out": _("ist nach zu vielen Fehlversuchen gesperrt worden"),
        "accounts.logout": _("hat sich abgemeldet"),
        "accounts.session.expired": _("ist nach Ablauf der Sitzung abgemeldet worden"),
        "accounts.password.changed": _("hat das Passwort geändert"),
        "accounts.password.reset_requested": _("hat einen Link für ein neues Passwort angefordert"),
        "accounts.password.reset": _("hat über den Link aus der E-Mail ein neues Passwort gesetzt"),
        "accounts.legal_page.created": _("hat die Seite %(object)s angelegt"),
        "accounts.legal_page.updated": _("hat die Seite %(object)s geändert"),
        "accounts.profile.updated": _("hat den eigenen Namen geändert"),
        "accounts.email.change_requested": _("hat eine neue E-Mail-Adresse angegeben"),
        "accounts.email.changed": _("hat die neue E-Mail-Adresse bestätigt"),
        "accounts.user.created": _("hat das Benutzerkonto %(object)s angelegt"),
        "accounts.membership.granted": _("hat die Rolle %(object)s vergeben"),
        "accounts.membership.revoked": _("hat die Rolle %(object)s entzogen"),
    }
)
