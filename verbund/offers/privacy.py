"""Where offers keep personal data of network contacts: the contact person named on an offer
(free text, ideally a function), registered with the network's privacy registry so that an
access request finds it and an erasure replaces it by the pseudonym."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from verbund.network.privacy_registry import register, text_place

from .models import Offer


def register_places() -> None:
    register(
        text_place(
            key="offers.contact",
            label=_("Ansprechpartner/in bei Angeboten"),
            section="angebote",
            model=Offer,
            fields=["contact_name", "contact_email", "contact_phone"],
            describe=lambda offer: offer.title,
            order=60,
            note=_("Name, E-Mail und Telefon werden durch den Platzhalter ersetzt."),
        )
    )
