"""Registrations of the homepage part (called from PublicConfig.ready)."""

from django.utils.translation import gettext_lazy as _


def ready(config) -> None:
    from verbund.core.navigation import register_nav

    from .. import permissions
    from . import actions, dashboard, help  # noqa: F401

    register_nav(_("Öffentliche Seiten"), "public:site_edit", permissions.manage_site, order=90)
    dashboard.register()
    register_privacy_places()


def register_privacy_places() -> None:
    """The contact person on a homepage: an access request finds her, an erasure replaces
    the entries by the pseudonym (and the page then shows nothing of her)."""
    from verbund.network.privacy_registry import register, text_place

    from ..models import CentrePage, MunicipalitySite

    register(
        text_place(
            key="public.homepage_contact",
            label=_("Ansprechperson auf der Homepage eines Familienzentrums"),
            section="oeffentlich",
            model=CentrePage,
            fields=["contact_name", "contact_role", "contact_email", "contact_phone"],
            describe=lambda page: str(page.centre),
            order=70,
            note=_("Name, Funktion, E-Mail und Telefon werden durch den Platzhalter ersetzt."),
        )
    )
    register(
        text_place(
            key="public.feedback_email",
            label=_("Kontakt für Barrieren auf den öffentlichen Seiten"),
            section="oeffentlich",
            model=MunicipalitySite,
            fields=["feedback_email"],
            describe=lambda site: str(site.municipality),
            order=71,
            note=_("Die Adresse wird durch den Platzhalter ersetzt."),
        )
    )
