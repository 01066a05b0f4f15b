from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from verbund.core.models import TenantModel


class Notification(TenantModel):
    """One due item told to one user once (in the app; the daily digest mails the unread
    ones). ``key`` is the item's stable key, so the same item is never told twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("Person"),
    )
    key = models.CharField(_("Schlüssel"), max_length=200)
    title = models.CharField(_("Titel"), max_length=300)
    action = models.CharField(_("zu tun"), max_length=200, blank=True)
    url = models.CharField(_("Adresse"), max_length=500)
    due = models.DateField(_("fällig am"), null=True, blank=True)
    read_at = models.DateTimeField(_("gelesen am"), null=True, blank=True)
    mailed_at = models.DateTimeField(_("per Mail gesendet am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Benachrichtigung")
        verbose_name_plural = _("Benachrichtigungen")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "user", "key"], name="notification_once_per_item"
            )
        ]
        indexes = [models.Index(fields=["user", "municipality", "read_at"])]

    def __str__(self) -> str:
        return self.title


class NotificationSettings(models.Model):
    """A user's choice about the daily digest mail (on unless switched off)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_settings",
        verbose_name=_("Person"),
    )
    daily_digest = models.BooleanField(
        _("Tägliche Zusammenfassung per E-Mail"),
        default=True,
        help_text=_("Einmal am Tag eine E-Mail mit den neuen Benachrichtigungen."),
    )
    last_digest_on = models.DateField(_("letzte Zusammenfassung am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Benachrichtigungseinstellung")
        verbose_name_plural = _("Benachrichtigungseinstellungen")

    def __str__(self) -> str:
        return str(self.user)
