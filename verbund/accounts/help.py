"""Short help for this app's pages (shown at the foot of each page, see verbund.core.help)."""

from django.utils.translation import gettext_lazy as _

from verbund.core.help import register_helps

register_helps(
    {
        "accounts:login": _(
            "Melden Sie sich mit dem Benutzernamen und Passwort an, die Sie von der "
            "Koordination Ihrer Kommune bekommen haben."
        ),
        "accounts:profile": _("Ihre Angaben und die Rollen, die Sie in welchen Kommunen haben."),
        "accounts:password_change": _(
            "Wählen Sie ein langes Passwort, das Sie nirgends sonst verwenden."
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
