"""Rules that decide whether something may change, shared by services and views."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import Agreement, AgreementVersion, Status
from .selectors import current_version


def ensure_editable(agreement: Agreement) -> AgreementVersion:
    """The current version must be a draft; otherwise a German reason is raised."""
    version = current_version(agreement)
    if agreement.status == Status.ENDED:
        raise ValidationError(
            _("Die Vereinbarung ist beendet und kann nicht mehr geändert werden."), code="ended"
        )
    if version.is_signed:
        raise ValidationError(
            _(
                "Fassung %(number)s ist unterzeichnet und kann nicht mehr geändert werden. "
                "Für Änderungen legen Sie bitte eine neue Fassung an; sie beginnt als Entwurf."
            )
            % {"number": version.number},
            code="signed",
        )
    return version
