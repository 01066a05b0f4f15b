"""Addresses of the other parts' public pages, built so that this part works before they exist."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse


def finder_url(slug: str) -> str:
    try:
        return reverse("public:finder", kwargs={"municipality_slug": slug})
    except NoReverseMatch:
        return f"/{slug}/angebote/"


def offer_url(slug: str, offer_id: int) -> str:
    for kwargs in ({"municipality_slug": slug, "offer_id": offer_id},):
        try:
            return reverse("public:offer", kwargs=kwargs)
        except NoReverseMatch:
            continue
    return f"/{slug}/angebote/{offer_id}/"
