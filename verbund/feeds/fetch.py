"""Fetching a neighbour's feed without opening a door into our own network (SSRF).

Only the URL the planner gave (and the pages of an API below it), only http and https, the
host resolved once and every address checked: loopback, private, link-local, multicast,
reserved and unspecified addresses are refused (``FEEDS_ALLOW_LOOPBACK`` lets tests reach
127.0.0.1 and nothing else). The connection goes to the checked address (no second lookup a
rebinding DNS could answer differently). Redirects are followed by hand, each target checked
the same way, at most ``MAX_REDIRECTS``. Connect and read timeouts; the body is read in
blocks and refused as soon as it passes the size limit (a declared Content-Length over the
limit is refused before reading).
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from verbund.core.numbers import format_filesize

MAX_REDIRECTS = 5
BLOCK = 64 * 1024
USER_AGENT = "Verbund-Feed-Import/1.0 (+HSDS 3.0)"


class FetchError(Exception):
    """A German message saying what went wrong with which address."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    connect_timeout: float
    read_timeout: float
    total_timeout: float

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            max_bytes=getattr(settings, "FEEDS_MAX_BYTES", 50 * 1024 * 1024),
            connect_timeout=getattr(settings, "FEEDS_CONNECT_TIMEOUT", 5.0),
            read_timeout=getattr(settings, "FEEDS_READ_TIMEOUT", 20.0),
            total_timeout=getattr(settings, "FEEDS_TOTAL_TIMEOUT", 120.0),
        )


def _allowed_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip.is_loopback and getattr(settings, "FEEDS_ALLOW_LOOPBACK", False):
        return True
    return ip.is_global and not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


def check_url(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, checked address) of an allowed URL, or ``FetchError``."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise FetchError(_("Die Adresse „%(url)s“ ist ungültig.") % {"url": url[:200]}) from error
    if parts.scheme not in ("http", "https"):
        raise FetchError(
            _("Nur Adressen mit http:// oder https:// sind erlaubt, nicht „%(url)s“.")
            % {"url": url[:200]}
        )
    if not parts.hostname:
        raise FetchError(_("In der Adresse „%(url)s“ fehlt der Server.") % {"url": url[:200]})
    if parts.username or parts.password:
        raise FetchError(_("Adressen mit Benutzername oder Passwort sind nicht erlaubt."))
    host = parts.hostname
    port = port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(
            _("Der Server „%(host)s“ ist nicht bekannt (Adresse prüfen).") % {"host": host[:100]}
        ) from error
    addresses = [info[4][0] for info in infos]
    if not addresses or not all(_allowed_address(a) for a in addresses):
        raise FetchError(
            _(
                "Die Adresse „%(url)s“ führt in ein internes Netz (%(address)s). Abgerufen "
                "werden nur öffentlich erreichbare Server."
            )
            % {"url": url[:200], "address": ", ".join(sorted(set(addresses)))[:100]}
        )
    return parts.scheme, host, port, addresses[0]


class _Connection(http.client.HTTPConnection):
    def __init__(self, host, port, *, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _TLSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, *, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def fetch(url: str, *, limits: Limits | None = None, accept: str = "*/*") -> bytes:
    """The body of ``url`` (after at most ``MAX_REDIRECTS`` checked redirects)."""
    limits = limits or Limits.from_settings()
    started = time.monotonic()
    for _hop in range(MAX_REDIRECTS + 1):
        scheme, host, port, address = check_url(url)
        kind = _TLSConnection if scheme == "https" else _Connection
        connection = kind(host, port, address=address, timeout=limits.connect_timeout)
        parts = urlsplit(url)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        try:
            connection.connect()
            connection.sock.settimeout(limits.read_timeout)
            connection.request("GET", path, headers={"User-Agent": USER_AGENT, "Accept": accept})
            response = connection.getresponse()
            if response.status in (301, 302, 303, 307, 308):
                location = response.getheader("Location")
                if not location:
                    raise FetchError(_("Der Server hat weitergeleitet, aber ohne Ziel."))
                url = urljoin(url, location)
                continue
            if response.status != 200:
                raise FetchError(
                    _("Der Server antwortete unter „%(url)s“ mit Fehler %(status)s.")
                    % {"url": url[:200], "status": response.status}
                )
            return _read(response, url, limits, started)
        except TimeoutError as error:
            raise FetchError(
                _("Der Server unter „%(url)s“ hat nicht rechtzeitig geantwortet.")
                % {"url": url[:200]}
            ) from error
        except (OSError, http.client.HTTPException) as error:
            if isinstance(error, FetchError):
                raise
            raise FetchError(
                _("Die Verbindung zu „%(url)s“ ist fehlgeschlagen: %(reason)s")
                % {"url": url[:200], "reason": str(error)[:200]}
            ) from error
        finally:
            connection.close()
    raise FetchError(_("Zu viele Weiterleitungen (mehr als %(count)s).") % {"count": MAX_REDIRECTS})


def _too_large(url: str, limits: Limits) -> FetchError:
    return FetchError(
        _("Die Antwort von „%(url)s“ ist größer als erlaubt (höchstens %(limit)s).")
        % {"url": url[:200], "limit": format_filesize(limits.max_bytes)}
    )


def _read(response, url: str, limits: Limits, started: float) -> bytes:
    declared = response.getheader("Content-Length")
    declared = (declared or "").strip()
    if declared.isascii() and declared.isdecimal() and int(declared) > limits.max_bytes:
        raise _too_large(url, limits)
    chunks, size = [], 0
    while block := response.read(BLOCK):
        size += len(block)
        if size > limits.max_bytes:
            raise _too_large(url, limits)
        if time.monotonic() - started > limits.total_timeout:
            raise TimeoutError
        chunks.append(block)
    return b"".join(chunks)
