from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from .choice_display import ChoiceDisplay
from .tenant_guard import crossing_errors


class TimestampedModel(ChoiceDisplay):
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        abstract = True


class TenantBound(ChoiceDisplay):
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


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("wartet")
    RUNNING = "running", _("läuft")
    SUCCEEDED = "succeeded", _("erledigt")
    FAILED = "failed", _("fehlgeschlagen")
    CANCELLED = "cancelled", _("abgebrochen")


class BackgroundJob(TenantModel):
    """One piece of background work (``verbund.core.tasks``): what runs, how far it is, what
    came out. The worker writes it between batches; the progress page reads it."""

    ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)

    task = models.CharField(_("Aufgabe"), max_length=200)
    label = models.CharField(_("Bezeichnung"), max_length=200, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("gestartet von"),
    )
    status = models.CharField(
        _("Status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    arguments = models.JSONField(
        _("Argumente"), default=dict, blank=True, encoder=DjangoJSONEncoder
    )
    progress_done = models.PositiveBigIntegerField(_("erledigt"), default=0)
    progress_total = models.PositiveBigIntegerField(_("insgesamt"), default=0)
    message = models.CharField(_("Meldung"), max_length=500, blank=True)
    result = models.JSONField(_("Ergebnis"), null=True, blank=True, encoder=DjangoJSONEncoder)
    attempts = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("höchstens Versuche"), default=1)
    retryable = models.BooleanField(_("kann wiederholt werden"), default=False)
    cancel_requested = models.BooleanField(_("Abbruch angefordert"), default=False)
    upload = models.CharField(_("hochgeladene Datei"), max_length=255, blank=True)
    backend = models.CharField(_("Warteschlange"), max_length=40, blank=True)
    task_id = models.CharField(_("Kennung in der Warteschlange"), max_length=64, blank=True)
    run_after = models.DateTimeField(_("frühestens ab"), null=True, blank=True)
    started_at = models.DateTimeField(_("begonnen am"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("letztes Lebenszeichen"), null=True, blank=True)
    finished_at = models.DateTimeField(_("beendet am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Hintergrundaufgabe")
        verbose_name_plural = _("Hintergrundaufgaben")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "heartbeat_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress_done__lte=models.F("progress_total"))
                | models.Q(progress_total=0),
                name="background_job_progress_within_total",
            )
        ]

    def __str__(self) -> str:
        return self.label or self.task

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def percent(self) -> int:
        if not self.progress_total:
            return 0
        return int(100 * min(self.progress_done, self.progress_total) / self.progress_total)


class WorkerHeartbeat(models.Model):
    """A ``db_worker`` process says every few seconds that it is alive (readiness check)."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(auto_now_add=True)
    beat_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("Lebenszeichen eines Workers")
        verbose_name_plural = _("Lebenszeichen der Worker")

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid}"


class CacheVersion(models.Model):
    """A counter every process and node reads the same (see ``verbund.core.cache_versions``):
    part of cache keys that must change everywhere at once when data changes, whatever cache
    each process has (local memory by default)."""

    key = models.CharField(max_length=100, unique=True)
    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("Cache-Version")
        verbose_name_plural = _("Cache-Versionen")

    def __str__(self) -> str:
        return f"{self.key}={self.value}"
