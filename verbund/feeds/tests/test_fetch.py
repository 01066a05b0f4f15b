"""SSRF-safe fetching against a local server (ports 8160–8169)."""

import time

import pytest

from verbund.feeds.fetch import FetchError, Limits, fetch

from .helpers import Server, free_port

PORT = free_port()
BASE = f"http://127.0.0.1:{PORT}"
SMALL = Limits(max_bytes=1000, connect_timeout=2, read_timeout=1, total_timeout=5)


@pytest.fixture
def loopback(settings):
    settings.FEEDS_ALLOW_LOOPBACK = True


def test_loopback_refused_without_the_setting(settings):
    settings.FEEDS_ALLOW_LOOPBACK = False
    with Server(PORT, {"/x": (200, {}, b"hallo")}), pytest.raises(FetchError) as error:
        fetch(f"{BASE}/x")
    assert "internes Netz" in str(error.value)


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.1/x",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://0.0.0.0/",
        "ftp://example.org/x",
        "file:///etc/passwd",
        "http://user:pw@example.org/",
    ],
)
def test_private_and_odd_addresses_refused(url, loopback):
    with pytest.raises(FetchError):
        fetch(url, limits=SMALL)


def test_plain_fetch_with_loopback_allowed(loopback):
    with Server(PORT, {"/x": (200, {}, b"hallo")}):
        assert fetch(f"{BASE}/x") == b"hallo"


def test_redirect_to_private_address_refused(loopback):
    routes = {"/weiter": (302, {"Location": "http://10.1.2.3/geheim"}, b"")}
    with Server(PORT, routes), pytest.raises(FetchError) as error:
        fetch(f"{BASE}/weiter")
    assert "10.1.2.3" in str(error.value)


def test_redirect_followed_when_allowed_and_loops_stopped(loopback):
    routes = {
        "/a": (302, {"Location": "/b"}, b""),
        "/b": (200, {}, b"ziel"),
        "/kreis": (302, {"Location": "/kreis"}, b""),
    }
    with Server(PORT, routes):
        assert fetch(f"{BASE}/a") == b"ziel"
        with pytest.raises(FetchError) as error:
            fetch(f"{BASE}/kreis")
    assert "Weiterleitungen" in str(error.value)


def test_declared_size_over_the_limit_refused_before_reading(loopback):
    huge = {"/gross": (200, {"Content-Length": str(200 * 1024 * 1024)}, b"x" * 10)}
    with Server(PORT, huge), pytest.raises(FetchError) as error:
        fetch(f"{BASE}/gross", limits=SMALL)
    assert "größer als erlaubt" in str(error.value)


def test_undeclared_size_over_the_limit_aborted_while_reading(loopback):
    def chunked(handler):
        handler.send_response(200)
        handler.end_headers()  # no Content-Length: read until closed
        handler.close_connection = True
        try:
            for _ in range(100):
                handler.wfile.write(b"y" * 1000)
        except (BrokenPipeError, ConnectionResetError):
            pass

    with Server(PORT, {"/strom": chunked}), pytest.raises(FetchError) as error:
        fetch(f"{BASE}/strom", limits=SMALL)
    assert "größer als erlaubt" in str(error.value)


def test_slow_answer_times_out(loopback):
    def slow(handler):
        time.sleep(2.5)
        return 200, {}, b"spaet"

    started = time.monotonic()
    with Server(PORT, {"/langsam": slow}), pytest.raises(FetchError) as error:
        fetch(f"{BASE}/langsam", limits=SMALL)
    assert "nicht rechtzeitig" in str(error.value)
    assert time.monotonic() - started < 2.4


def test_error_status_named(loopback):
    with Server(PORT, {"/x": (500, {}, b"")}), pytest.raises(FetchError) as error:
        fetch(f"{BASE}/fehlt")
    assert "404" in str(error.value)
