"""Writes of the homepage part; every change is audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.audit import create_logged, log_action, save_changes
from verbund.core.uploads import check_size

from ..models import CONTACT_FIELDS, CentrePage, MunicipalitySite, PageDownload
from .sanitise import clean_html

PAGE_FIELDS = [
    "introduction",
    "introduction_easy",
    "opening_hours",
    "languages",
    *[f"contact_{name}" for name in CONTACT_FIELDS],
    *[f"contact_{name}_public" for name in CONTACT_FIELDS],
]
CONSENT_FIELDS = [f"contact_{name}_consent" for name in CONTACT_FIELDS]
SITE_FIELDS = ["imprint", "privacy", "accessibility", "feedback_email", "allowed_embed_origins"]
MAX_DOWNLOAD_BYTES = 10 * 1024 * 1024
DOWNLOAD_TYPES = {
    b"%PDF-": ("application/pdf", ".pdf"),
    b"\x89PNG\r\n\x1a\n": ("image/png", ".png"),
    b"\xff\xd8\xff": ("image/jpeg", ".jpg"),
}
MAX_DOWNLOADS = 20


def cleaned_page_data(data: dict[str, Any], page: CentrePage | None = None) -> dict[str, Any]:
    """The form's values with the rich text sanitised and the consent dates set: today when
    consent is given now, kept while it stands, removed when it is withdrawn."""
    values = dict(data)
    for name in ("introduction", "introduction_easy"):
        if name in values:
            values[name] = clean_html(values[name])
    today = timezone.localdate()
    for name in CONTACT_FIELDS:
        if f"contact_{name}_public" not in values:
            continue  # not part of this change: the consent stands as it is
        flag = bool(values[f"contact_{name}_public"])
        before = getattr(page, f"contact_{name}_consent", None) if page else None
        values[f"contact_{name}_consent"] = (before or today) if flag else None
    return values


def draft_page(*, centre, data: dict[str, Any], page: CentrePage | None = None) -> CentrePage:
    """An unsaved page with the form's values, for the preview before saving."""
    draft = CentrePage(municipality_id=centre.municipality_id, centre=centre)
    if page is not None:
        draft.pk = page.pk
        draft.published = page.published
        draft.changed_at = page.changed_at
    for name, value in cleaned_page_data(data, page).items():
        if name in PAGE_FIELDS or name in CONSENT_FIELDS:
            setattr(draft, name, value)
    return draft


@transaction.atomic
def centre_page_save(*, actor, centre, data: dict[str, Any]) -> CentrePage:
    page = CentrePage.objects.filter(centre=centre).first()
    if page is None:
        return create_logged(
            CentrePage,
            values={"municipality": centre.municipality, "centre": centre},
            fields=PAGE_FIELDS + CONSENT_FIELDS,
            data=cleaned_page_data(data),
            action="public.centre_page.created",
            actor=actor,
        )
    return save_changes(
        page,
        fields=PAGE_FIELDS + CONSENT_FIELDS,
        data=cleaned_page_data(data, page),
        action="public.centre_page.changed",
        actor=actor,
    )


def _set_published(*, actor, page: CentrePage, published: bool, action: str) -> CentrePage:
    if page.published == published:
        return page
    page.published = published
    page.save(update_fields=["published", "changed_at", "updated_at"])
    log_action(
        action,
        actor=actor,
        instance=page,
        before={"published": not published},
        after={"published": published},
    )
    return page


@transaction.atomic
def centre_page_publish(*, actor, page: CentrePage) -> CentrePage:
    if not page.introduction.strip():
        raise ValidationError(
            _("Bitte schreiben Sie zuerst eine kurze Vorstellung, dann können Sie veröffentlichen.")
        )
    return _set_published(
        actor=actor, page=page, published=True, action="public.centre_page.published"
    )


@transaction.atomic
def centre_page_unpublish(*, actor, page: CentrePage) -> CentrePage:
    return _set_published(
        actor=actor, page=page, published=False, action="public.centre_page.unpublished"
    )


def _check_download(upload) -> tuple[str, str]:
    check_size(upload, MAX_DOWNLOAD_BYTES)
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for magic, found in DOWNLOAD_TYPES.items():
        if head.startswith(magic):
            return found
    raise ValidationError(
        _("Diese Datei geht nicht: erlaubt sind PDF-Dateien und Bilder (PNG, JPEG)."),
        code="file_type",
    )


def _touch(page: CentrePage) -> None:
    page.save(update_fields=["changed_at", "updated_at"])


@transaction.atomic
def page_download_add(
    *, actor, page: CentrePage, title: str, language: str, upload
) -> PageDownload:
    content_type, extension = _check_download(upload)
    if page.downloads.count() >= MAX_DOWNLOADS:
        raise ValidationError(
            _("Höchstens %(max)s Downloads je Seite sind möglich.") % {"max": MAX_DOWNLOADS}
        )
    upload.name = f"download{extension}"
    download = create_logged(
        PageDownload,
        values={
            "municipality_id": page.municipality_id,
            "page": page,
            "content_type": content_type,
            "size": upload.size or 0,
            "file": upload,
        },
        fields=["title", "language"],
        data={"title": title, "language": language},
        action="public.download.added",
        actor=actor,
        log_fields=["title", "language", "content_type", "size"],
    )
    _touch(page)
    return download


@transaction.atomic
def page_download_remove(*, actor, download: PageDownload) -> None:
    page = download.page
    log_action(
        "public.download.removed",
        actor=actor,
        instance=download,
        before={"title": download.title, "language": download.language},
    )
    stored = download.file
    download.delete()
    _touch(page)
    transaction.on_commit(lambda: stored.delete(save=False))


@transaction.atomic
def municipality_site_save(*, actor, municipality, data: dict[str, Any]) -> MunicipalitySite:
    site = MunicipalitySite.objects.filter(municipality=municipality).first()
    if site is None:
        return create_logged(
            MunicipalitySite,
            values={"municipality": municipality},
            fields=SITE_FIELDS,
            data=data,
            action="public.site.created",
            actor=actor,
        )
    return save_changes(
        site, fields=SITE_FIELDS, data=data, action="public.site.changed", actor=actor
    )
