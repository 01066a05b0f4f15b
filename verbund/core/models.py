from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from .tenant_guard import crossing_errors


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        abstract = True


class TenantBound(models.Model):
    """Validation of the tenant rule for any model with a ``municipality`` foreign key to
    ``settings.TENANT_MODEL``: no relation may point to another municipality's object
    (``verbund.core.tenant_guard``; saves and many-to-many additions are guarded as well)."""

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None) -> None:
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for name, messages in crossing_errors(self, exclude=exclude or ()).items():
            errors.setdefault(name, []).extend(messages)
        if errors:
            raise ValidationError(errors)


class TenantModel(TenantBound, TimestampedModel):
    """A row owned by one municipality. Queries without an active scope raise ScopeError."""

    municipality = models.ForeignKey(
        settings.TENANT_MODEL, on_delete=models.PROTECT, verbose_name=_("Kommune")
    )

    objects = ScopedManager(municipality="municipality")

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """Who changed what, when, with the state before and after (rule 6)."""

    timestamp = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Person"),
    )
    actor_label = models.CharField(_("Person (beim Eintrag)"), max_length=150, blank=True)
    municipality = models.ForeignKey(
        settings.TENANT_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Kommune"),
    )
    action = models.CharField(_("Aktion"), max_length=100, db_index=True)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(_("Objekt"), max_length=255, blank=True)
    before = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    data = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)

    objects = ScopedManager(municipality="municipality")
    unscoped = models.Manager()  # noqa: DJ012  (audit writes happen outside any scope)

    class Meta:
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Protokoll")
        ordering = ["-timestamp", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.timestamp:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"
