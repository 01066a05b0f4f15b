"""The address a request really comes from, behind trusted reverse proxies.

Behind nginx every connection comes from the proxy. ``X-Forwarded-For`` names the client, but
anyone can send that header, so it is believed only when the connection comes from an address
in ``settings.TRUSTED_PROXIES``. The header is read from the right: each trusted proxy appends
the address it saw, and the first address that is not itself a trusted proxy is the client.
Whatever a client writes further left is ignored.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def trusted_networks() -> tuple[Network, ...]:
    return _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))


def _parse(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:1234"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "192.0.2.1:1234"
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def _is_trusted(address, networks: tuple[Network, ...]) -> bool:
    return any(address in network for network in networks)


def client_ip(request) -> str | None:
    """The client's address; ``REMOTE_ADDR`` unless it is a trusted proxy."""
    remote = _parse(request.META.get("REMOTE_ADDR", ""))
    if remote is None:
        return None
    networks = trusted_networks()
    if not networks or not _is_trusted(remote, networks):
        return str(remote)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed(forwarded.split(",")):
        address = _parse(hop)
        if address is None:
            # A malformed entry ends the trustworthy part of the chain.
            break
        if not _is_trusted(address, networks):
            return str(address)
        remote = address
    return str(remote)
