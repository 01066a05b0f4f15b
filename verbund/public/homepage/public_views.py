"""The public pages of the homepage part: portal, centre homepage, legal pages, downloads."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from verbund.core.pagecache import mark_public
from verbund.core.params import int_param
from verbund.documents.models import DocumentVersion
from verbund.documents.selectors import public_brochure_version, public_brochures
from verbund.documents.uploads import download_name
from verbund.offers.choices import LANGUAGE_LABELS

from ..caching import cached_page, conditional, public_cache
from ..models import CentrePage, PageDownload
from ..site import PublicView
from . import selectors
from .caching import cached
from .links import finder_url, offer_url, signal_url
from .sanitise import clean_html

PORTAL_PAGE_SIZE = 25
MAX_PAGE = 10_000


def map_settings() -> dict:
    return {
        "tile_url": getattr(settings, "VERBUND_MAP_TILE_URL", "") or "",
        "tile_attribution": getattr(settings, "VERBUND_MAP_TILE_ATTRIBUTION", "") or "",
    }


def point(obj, name: str, url: str = "", address: str = "") -> dict | None:
    if obj.latitude is None or obj.longitude is None:
        return None
    return {
        "lat": float(obj.latitude),
        "lon": float(obj.longitude),
        "name": name,
        "url": url,
        "address": address,
    }


def address_line(obj) -> str:
    return ", ".join(part for part in (obj.street, f"{obj.postcode} {obj.city}".strip()) if part)


def not_found(request, municipality, message: str):
    response = render(
        request,
        "public/homepage/not_found.html",
        {
            "municipality": municipality,
            "message": message,
            "finder_url": finder_url(municipality.slug),
        },
        status=404,
    )
    response["Cache-Control"] = "public, max-age=60"
    return response


class PortalView(PublicView):
    def get(self, request, municipality_slug):
        slug = self.municipality.slug
        number = int_param(request.GET, "seite", min_value=1, max_value=MAX_PAGE, default=1)
        paginator = Paginator(selectors.portal_centres(self.municipality), PORTAL_PAGE_SIZE)
        page = paginator.get_page(number)
        points = [
            {
                "lat": float(lat),
                "lon": float(lon),
                "name": name,
                "url": f"/{slug}/{centre_slug}/",
                "address": ", ".join(p for p in (street, f"{postcode} {city}".strip()) if p),
            }
            for name, centre_slug, lat, lon, street, postcode, city in selectors.portal_points(
                self.municipality
            )
        ]
        response = render(
            request,
            "public/homepage/portal.html",
            {
                "municipality": self.municipality,
                "page": page,
                "points": points,
                "finder_url": finder_url(slug),
                **map_settings(),
            },
        )
        return cached(
            request,
            response,
            last_modified=selectors.portal_last_change(self.municipality)
            or self.municipality.updated_at,
        )


def centre_context(page, *, slug: str, today=None) -> dict:
    """What the homepage template shows (the public page and the internal preview)."""
    centre = page.centre
    facilities = list(centre.facilities.all()) if centre.pk else []
    points = [p for p in [point(centre, centre.name, "", address_line(centre))] if p]
    points += [p for p in (point(f, f.name, "", address_line(f)) for f in facilities) if p]
    upcoming = selectors.upcoming_offers(centre, today=today) if centre.pk else []
    for item in upcoming:
        item.url = offer_url(slug, item.offer.pk)
    return {
        "page": page,
        "centre": centre,
        "centre_address": address_line(centre),
        "introduction_html": mark_safe(clean_html(page.introduction)),  # noqa: S308 (cleaned)
        "introduction_easy_html": mark_safe(clean_html(page.introduction_easy)),  # noqa: S308
        "contact": page.public_contact(),
        "facilities": [(f, address_line(f)) for f in facilities],
        "points": points,
        "upcoming": upcoming,
        "languages": [LANGUAGE_LABELS.get(code, code) for code in page.languages or []],
        "downloads": list(page.downloads.all()) if page.pk else [],
        "brochures": list(public_brochures(centre=centre)) if centre.pk else [],
        "language_labels": LANGUAGE_LABELS,
        "finder_url": finder_url(slug),
        "signal_url": signal_url(slug, centre.slug),
        **map_settings(),
    }


class CentreHomepageView(PublicView):
    """Validators and the page cache of the offer page (``..caching``): the ETag changes with
    any of the municipality's public data, so a change shows within a minute."""

    @conditional
    def get(self, request, municipality_slug, centre_slug):
        mark_public(request, self.municipality.pk)  # replayed by the public page cache
        response, _extra = cached_page(request, lambda: self.build(request, centre_slug))
        return public_cache(response)

    def build(self, request, centre_slug):
        page = selectors.published_page(self.municipality, centre_slug)
        if page is None:
            response = not_found(
                request,
                self.municipality,
                _("Dieses Familienzentrum hat hier (noch) keine Seite."),
            )
            return response, None
        context = centre_context(page, slug=self.municipality.slug)
        context["municipality"] = self.municipality
        return render(request, "public/homepage/centre.html", context), None


class DownloadView(PublicView):
    def get(self, request, municipality_slug, centre_slug, download_id):
        download = (
            PageDownload.objects.filter(
                municipality=self.municipality,
                pk=download_id,
                page__published=True,
                page__centre__slug=centre_slug,
            )
            .only("file", "content_type", "title")
            .first()
        )
        if download is None:
            raise Http404
        try:
            handle = download.file.open("rb")
        except (FileNotFoundError, OSError) as error:
            raise Http404 from error
        response = FileResponse(handle, content_type=download.content_type or None)
        response["Cache-Control"] = "public, max-age=3600"
        response["X-Content-Type-Options"] = "nosniff"
        return response


class BrochureDownloadView(PublicView):
    """A brochure marked public in the centre's document archive (its latest version)."""

    def get(self, request, municipality_slug, centre_slug, brochure_id):
        page = (
            CentrePage.objects.filter(
                municipality=self.municipality, published=True, centre__slug=centre_slug
            )
            .select_related("centre")
            .first()
        )
        if page is None:
            raise Http404
        try:
            version = public_brochure_version(centre=page.centre, document_id=brochure_id)
            handle = version.file.open("rb")
        except (DocumentVersion.DoesNotExist, FileNotFoundError, OSError) as error:
            raise Http404 from error
        response = FileResponse(
            handle,
            content_type=version.content_type,
            as_attachment=True,
            filename=download_name(version.original_name, version.content_type),
        )
        response["Cache-Control"] = "public, max-age=3600"
        response["X-Content-Type-Options"] = "nosniff"
        return response


LEGAL_FIELDS = {"imprint": "imprint", "privacy": "privacy", "accessibility": "accessibility"}


class LegalPageView(PublicView):
    kind = "imprint"

    def get(self, request, municipality_slug):
        site = selectors.site_for(self.municipality)
        field = LEGAL_FIELDS[self.kind]
        titles = {
            "imprint": _("Impressum"),
            "privacy": _("Datenschutz"),
            "accessibility": _("Erklärung zur Barrierefreiheit"),
        }
        response = render(
            request,
            "public/homepage/legal.html",
            {
                "municipality": self.municipality,
                "site": site,
                "kind": self.kind,
                "title": titles[self.kind],
                "text": getattr(site, field, "") if site else "",
                "finder_url": finder_url(self.municipality.slug),
            },
        )
        return cached(
            request,
            response,
            last_modified=site.changed_at if site else self.municipality.updated_at,
        )
