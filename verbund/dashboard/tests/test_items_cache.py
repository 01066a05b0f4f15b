"""The start page's items kept until something they show changes (``items_cache``)."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from verbund.accounts.access import access_for
from verbund.accounts.models import Membership
from verbund.accounts.tests.factories import MembershipFactory, UserFactory
from verbund.cooperation.models import Agreement
from verbund.core import cache_versions
from verbund.core.roles import Role
from verbund.dashboard import items_cache
from verbund.dashboard.registry import Context, item_providers
from verbund.network.models import Relationship
from verbund.offers.models import Offer
from verbund.offers.tests.factories import ReferralFactory
from verbund.tenancy.models import Municipality
from verbund.tenancy.tests.factories import FamilyCentreFactory

from .helpers import populate

pytestmark = pytest.mark.django_db


def start(client, tenant, user):
    client.force_login(user)
    return client.get(reverse("tenancy:home", args=[tenant.municipality.slug]))


def version(municipality) -> int:
    return cache_versions.current(items_cache.version_key(municipality.pk))


def test_kept_items_show_a_change_on_the_next_view(client, tenant):
    populate(tenant)
    coordinator = tenant.users[Role.COORDINATOR]
    first = start(client, tenant, coordinator).content.decode()
    assert "Überprüfung: Vereinbarung 0" in first
    with CaptureQueriesContext(connection) as fresh:
        start(client, tenant, coordinator)
    # Kept: the providers that name what they read are not asked again.
    assert not any("cooperation_agreement" in q["sql"] for q in fresh.captured_queries)

    with scopes_disabled():
        agreement = Agreement.objects.get(title="Vereinbarung 0")
        agreement.title = "Vereinbarung umbenannt"
        agreement.save()
        relationship = Relationship.objects.filter(next_step="Anrufen 0").get()
        relationship.delete()
    html = start(client, tenant, coordinator).content.decode()
    assert "Überprüfung: Vereinbarung umbenannt" in html
    assert "Überprüfung: Vereinbarung 0" not in html
    assert "Anrufen 0" not in html


def test_viewers_of_different_reach_get_their_own_items(client, tenant):
    populate(tenant)
    with scopes_disabled():
        other_centre = FamilyCentreFactory(municipality=tenant.municipality, name="Anderes FZ")
        other = UserFactory(username="andere-koordination")
        MembershipFactory(
            user=other, role=Role.COORDINATOR, municipality=tenant.municipality, centre=other_centre
        )
    own = start(client, tenant, tenant.users[Role.COORDINATOR]).content.decode()
    assert "Überprüfung: Vereinbarung 0" in own
    assert "Überprüfung: Vereinbarung 0" not in start(client, tenant, other).content.decode()


def test_the_same_reach_of_two_people_is_kept_apart(tenant):
    """A person's own tasks are items: the key holds who asks, not only her reach."""
    with scopes_disabled():
        twin = UserFactory(username="zweite-koordination")
        MembershipFactory(
            user=twin,
            role=Role.COORDINATOR,
            municipality=tenant.municipality,
            centre=tenant.centre,
        )
    computed = []
    today = timezone.localdate()
    for user in (tenant.users[Role.COORDINATOR], twin, tenant.users[Role.COORDINATOR]):
        access = access_for(user, tenant.municipality)
        ctx = Context(municipality=tenant.municipality, access=access, user=user, today=today)
        items_cache.kept(ctx, lambda user=user: computed.append(user.pk) or [user.pk])
    assert computed == [tenant.users[Role.COORDINATOR].pk, twin.pk]


def test_a_new_day_moves_what_is_overdue(client, tenant):
    populate(tenant)
    coordinator = tenant.users[Role.COORDINATOR]
    assert "seit 320 Tagen überfällig" in start(client, tenant, coordinator).content.decode()
    tomorrow = timezone.localdate() + timedelta(days=1)
    with mock.patch("django.utils.timezone.localdate", return_value=tomorrow):
        html = start(client, tenant, coordinator).content.decode()
    assert "seit 321 Tagen überfällig" in html


def test_a_sign_in_keeps_the_items_a_new_name_does_not(tenant):
    user = tenant.users[Role.COORDINATOR]
    before = version(tenant.municipality)
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    assert version(tenant.municipality) == before
    user.first_name = "Neu"
    user.save()
    assert version(tenant.municipality) > before


def test_the_imports_waiting_are_asked_on_every_view():
    """The task worker changes an import's state by ``update``: no signal, so not kept."""
    live = {p.key for p in item_providers() if not p.kept}
    assert live == {"statistics.imports", "areas.imports"}


def test_every_table_a_kept_provider_reads_is_watched_and_every_change_bumps():
    """A provider reading a table nobody watches would show a change only the next day. Every
    demo user asks every provider (the demo has items of nearly every kind); then a save of a
    row of each watched model, and a change of each watched link table, bumps the version."""
    call_command("seed_demo", verbosity=0)
    with scopes_disabled():  # the demo has no referral yet
        ReferralFactory(
            offer=Offer.objects.filter(centre__municipality__slug="lindenhagen")[0],
            date=timezone.localdate() - timedelta(days=40),
        )
    watched = {model._meta.db_table for model in items_cache.watched()}
    watched.add("core_cacheversion")
    read: dict[str, set] = {}
    found: dict[str, int] = {}
    with scopes_disabled():
        members = list(Membership.objects.select_related("user", "municipality"))
    for membership in members:
        town, user = membership.municipality, membership.user
        ctx = Context(
            municipality=town,
            access=access_for(user, town),
            user=user,
            today=timezone.localdate(),
        )
        with scope(municipality=town.pk):
            for provider in item_providers():
                if not provider.kept:
                    continue
                with CaptureQueriesContext(connection) as captured:
                    found[provider.key] = found.get(provider.key, 0) + len(provider.fetch(ctx))
                for query in captured:
                    tables = re.findall(r'(?:FROM|JOIN) "(\w+)"', query["sql"])
                    read.setdefault(provider.key, set()).update(tables)
    unwatched = {key: tables - watched for key, tables in read.items() if tables - watched}
    assert not unwatched
    without_items = {key for key, count in found.items() if not count}
    assert without_items <= {"offers.returned", "planning.approval"}

    with scopes_disabled():
        town = Municipality.objects.get(slug="lindenhagen")
        for model in items_cache.watched():
            if model._meta.auto_created:
                continue
            row = model._base_manager.filter(**_in(model, town)).first()
            assert row is not None, model
            before = version(town)
            row.save()
            assert version(town) > before, model
        for name in items_cache.watched_links():
            app_label, model_name, field = name.split(".")
            owner = items_cache.resolve(f"{app_label}.{model_name}")
            row = next(
                r
                for r in owner._base_manager.filter(municipality=town)
                if getattr(r, field).exists()
            )
            links = list(getattr(row, field).all())
            before = version(town)
            getattr(row, field).remove(links[0])
            getattr(row, field).add(links[0])
            assert version(town) >= before + 2, name


def _in(model, town) -> dict:
    if model._meta.label == "tenancy.Municipality":
        return {"pk": town.pk}
    if model._meta.label == "accounts.User":
        return {"memberships__municipality": town}
    return {"municipality": town}
