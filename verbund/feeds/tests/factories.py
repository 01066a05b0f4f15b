"""Factories for the feed models (the tenant-guard test builds rows of every model)."""

from __future__ import annotations

import factory

from verbund.feeds.models import FeedSource, SourceKind
from verbund.tenancy.tests.factories import FamilyCentreFactory, ScopesDisabledFactory


class FeedSourceFactory(ScopesDisabledFactory):
    class Meta:
        model = FeedSource

    centre = factory.SubFactory(FamilyCentreFactory)
    municipality = factory.SelfAttribute("centre.municipality")
    name = factory.Sequence(lambda n: f"Nachbarkommune {n}")
    kind = SourceKind.PACKAGE
    default_format = "group"
