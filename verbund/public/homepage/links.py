"""Addresses of the other parts' public pages (the finder's routes name the municipality
``municipality``, the homepage's and signals' ``municipality_slug``)."""

from __future__ import annotations

from django.urls import reverse


def finder_url(slug: str) -> str:
    return reverse("public:finder", args=[slug])


def offer_url(slug: str, offer_id: int) -> str:
    return reverse("public:offer", args=[slug, offer_id])


def signal_url(slug: str, centre_slug: str = "") -> str:
    url = reverse("public:signal_create", args=[slug])
    return f"{url}?zentrum={centre_slug}" if centre_slug else url
