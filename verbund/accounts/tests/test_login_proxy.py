"""Login lockout behind a reverse proxy: keyed on the real client address and the user name."""

import pytest
from django.test import RequestFactory, override_settings
from django.urls import reverse

from verbund.core.proxy import client_ip
from verbund.core.roles import Role
from verbund.core.testing import TEST_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
PROXY = "10.0.0.5"
OWNER, ATTACKER = "198.51.100.7", "203.0.113.9"


def through_proxy(client, username, password, *, client_address, forwarded=None):
    """A login as nginx passes it on: the connection from the proxy, the client in XFF."""
    header = f"{forwarded}, {client_address}" if forwarded else client_address
    return client.post(
        LOGIN,
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=header,
    )


@override_settings(TRUSTED_PROXIES=[PROXY])
def test_a_locked_name_stays_usable_from_its_owners_address(client, tenant):
    admin = tenant.users[Role.ADMIN]
    for _ in range(5):
        through_proxy(client, admin.username, "falsch", client_address=ATTACKER)
    locked = through_proxy(client, admin.username, TEST_PASSWORD, client_address=ATTACKER)
    assert locked.status_code == 429
    owner = through_proxy(client, admin.username, TEST_PASSWORD, client_address=OWNER)
    assert owner.status_code == 302


@override_settings(TRUSTED_PROXIES=[PROXY])
def test_a_forged_forwarded_for_does_not_move_the_lock_to_the_owner(client, tenant):
    user = tenant.users[Role.COORDINATOR]
    # The attacker claims to be the owner; the proxy appends the attacker's real address.
    for _ in range(6):
        through_proxy(client, user.username, "falsch", client_address=ATTACKER, forwarded=OWNER)
    assert (
        through_proxy(client, user.username, TEST_PASSWORD, client_address=ATTACKER).status_code
        == 429
    )
    assert (
        through_proxy(client, user.username, TEST_PASSWORD, client_address=OWNER).status_code == 302
    )


@override_settings(TRUSTED_PROXIES=[PROXY])
def test_forwarded_for_from_an_untrusted_peer_is_ignored(client, tenant):
    user = tenant.users[Role.STAFF]
    # Directly connected attacker sends a header naming the owner: the lock is on its own address.
    for _ in range(6):
        client.post(
            LOGIN,
            {"username": user.username, "password": "falsch"},
            REMOTE_ADDR=ATTACKER,
            HTTP_X_FORWARDED_FOR=OWNER,
        )
    from axes.models import AccessAttempt

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    assert (
        through_proxy(client, user.username, TEST_PASSWORD, client_address=OWNER).status_code == 302
    )


def request(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@override_settings(TRUSTED_PROXIES=["127.0.0.1", "10.0.0.0/24"])
def test_client_ip_walks_the_chain_from_the_right():
    assert client_ip(request("192.0.2.1")) == "192.0.2.1"
    assert client_ip(request("192.0.2.1", "198.51.100.7")) == "192.0.2.1"
    assert client_ip(request("127.0.0.1", "198.51.100.7")) == "198.51.100.7"
    # Two trusted hops (outer balancer 10.0.0.3, then local nginx).
    assert client_ip(request("127.0.0.1", "1.2.3.4, 198.51.100.7, 10.0.0.3")) == "198.51.100.7"
    assert client_ip(request("127.0.0.1", "2001:db8::1")) == "2001:db8::1"
    assert client_ip(request("127.0.0.1", "[2001:db8::1]:4711")) == "2001:db8::1"
    assert client_ip(request("127.0.0.1", "198.51.100.7:4711")) == "198.51.100.7"
    # Garbage ends the trusted chain: the last trusted hop is what we know.
    assert client_ip(request("127.0.0.1", "198.51.100.7, kaputt")) == "127.0.0.1"
    assert client_ip(request("127.0.0.1", "")) == "127.0.0.1"
    assert client_ip(request("kein-ip")) is None


@override_settings(TRUSTED_PROXIES=[])
def test_without_trusted_proxies_the_header_is_never_read():
    assert client_ip(request("127.0.0.1", "198.51.100.7")) == "127.0.0.1"
