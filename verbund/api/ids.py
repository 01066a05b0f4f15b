"""Stable HSDS identifiers (UUIDs) for rows that have integer keys.

HSDS 3.0 wants a UUID for every object. Our rows have integer keys, so an object's id is
derived, never stored: a UUID of version 8 (RFC 9562, "custom") whose first 64 bits are a
hash of (namespace, municipality, kind) and whose last 64 bits carry the row's key. The same
row always gets the same id, ids of two municipalities or two kinds never collide, and an id
in a URL is turned back into a key without a lookup table; an id forged from another
municipality or kind does not decode (404).

Objects that are not addressed on their own (an attribute: the pair offer and term) get a
UUID 5 of their parts (``compound_id``).
"""

from __future__ import annotations

import hashlib
import uuid
from functools import cache

NAMESPACE = uuid.UUID("5b0c8f6e-2f8e-4f5e-9d1a-7a8b0e5c1f21")  # Verbund HSDS ids, never change
KEY_BITS = 62  # the two top bits of the low half hold the UUID variant


@cache
def _prefix(municipality_id: int, kind: str) -> int:
    digest = hashlib.sha256(f"{NAMESPACE}|{municipality_id}|{kind}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def hsds_id(municipality_id: int, kind: str, pk: int) -> str:
    """The UUID of row ``pk`` of ``kind`` (e.g. "service") in a municipality."""
    if not 0 <= pk < (1 << KEY_BITS):
        raise ValueError(pk)
    low = (0b10 << KEY_BITS) | pk  # RFC 4122 variant
    return _text((_high(municipality_id, kind) << 64) | low)


@cache
def _high(municipality_id: int, kind: str) -> int:
    return (_prefix(municipality_id, kind) & ~(0xF << 12)) | (0x8 << 12)  # version 8


def _text(number: int) -> str:
    """``str(uuid.UUID(int=number))`` without building the object (the datapackage makes
    hundreds of thousands of ids)."""
    h = f"{number:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def key_for(value: str, municipality_id: int, kind: str) -> int | None:
    """The row key an id of ``kind`` carries, or ``None`` for anything else (malformed,
    another municipality, another kind)."""
    try:
        parsed = uuid.UUID(str(value))
    except (ValueError, AttributeError, TypeError):
        return None
    if str(parsed) != str(value).lower().strip() and parsed.hex != str(value).lower():
        return None
    pk = parsed.int & ((1 << KEY_BITS) - 1)
    return pk if hsds_id(municipality_id, kind, pk) == str(parsed) else None


def compound_id(municipality_id: int, kind: str, *parts) -> str:
    """A UUID 5 for an object made of several rows (not looked up by id):
    ``uuid.uuid5(NAMESPACE, "municipality|kind|part|…")``, computed from the hash of the
    common start (the datapackage makes about fifteen per offer)."""
    digest = _compound_start(municipality_id, kind).copy()
    digest.update("".join(["|" + str(part) for part in parts]).encode())
    h = digest.hexdigest()
    # version 5 in the 13th digit, the RFC 4122 variant in the 17th
    return f"{h[:8]}-{h[8:12]}-5{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:32]}"


@cache
def _compound_start(municipality_id: int, kind: str):
    return hashlib.sha1(NAMESPACE.bytes + f"{municipality_id}|{kind}".encode())  # noqa: S324


_VARIANT = {digit: "89ab"[int(digit, 16) & 3] for digit in "0123456789abcdef"}
