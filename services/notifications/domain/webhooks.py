"""The webhook contract, without I/O: the body, its signature, and which addresses a webhook may never reach.

A delivery is an HTTP POST of a JSON body whose `delivery_id` is the notification id (a retry repeats it, so a
receiver drops what it has seen), signed `X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret,
"<t>.<body>")>`. A receiver recomputes the HMAC over the raw body and refuses a `t` more than `REPLAY_WINDOW`
from its own clock (`verify` does both, as a receiver should).

Addresses: a bidder names its webhook's URL, so the service must not become a way to reach our own network.
The host is resolved once and every address it resolves to is checked here; the connection then goes to the
checked address (`services.notifications.network_guard`).
"""

import hashlib
import hmac
import json
from datetime import timedelta
from ipaddress import IPv4Address, IPv6Address, ip_address, ip_network
from typing import Any
from urllib.parse import urlsplit

IPAddress = IPv4Address | IPv6Address

SIGNATURE_HEADER = "X-Signature"
DELIVERY_HEADER = "X-Delivery-Id"
REPLAY_WINDOW = timedelta(minutes=5)

# Cloud metadata and platform endpoints: refused even when private addresses are allowed for development.
METADATA_ADDRESSES: frozenset[IPAddress] = frozenset(
    ip_address(address)
    for address in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack instance metadata
        "169.254.170.2",  # AWS ECS task metadata
        "fd00:ec2::254",  # AWS instance metadata over IPv6
        "100.100.100.200",  # Alibaba Cloud metadata
        "168.63.129.16",  # Azure platform wire server
    )
)
# NAT64 embeds an IPv4 address in IPv6: the embedded one is what is reached, so it is what is checked.
_NAT64 = ip_network("64:ff9b::/96")


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The `X-Signature` value of `body` sent at `timestamp` (unix seconds)."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def verify(secret: str, header: str, body: bytes, *, now: int) -> bool:
    """What a receiver checks: the HMAC matches the raw body, and `t` is within the replay window of `now`."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs(now - timestamp) > REPLAY_WINDOW.total_seconds():
        return False
    expected = signature(secret, timestamp, body).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))


def delivery_body(delivery: dict[str, Any]) -> bytes:
    """The JSON body, the same bytes on every attempt: keys sorted, no spaces, UTF-8."""
    return json.dumps(delivery, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def url_problem(url: str, *, allow_http: bool) -> str | None:
    """Why a webhook URL cannot be used, or None. Plain HTTP only for development: notices are confidential."""
    parts = urlsplit(url)
    schemes = ("https", "http") if allow_http else ("https",)
    if parts.scheme not in schemes:
        return f"the webhook URL must start with {' or '.join(s + '://' for s in schemes)}"
    if not parts.hostname:
        return "the webhook URL names no host"
    if parts.username or parts.password:
        return "the webhook URL must not carry credentials"
    return None


def address_refusal(address: IPAddress, *, allow_private: bool) -> str | None:
    """Why a webhook may not connect to `address`, or None when it may.

    Always refused: metadata endpoints, link-local, unspecified, multicast and reserved addresses. Loopback and
    private (RFC 1918, unique-local, shared/CGNAT …: anything not globally routable) only with `allow_private`,
    which is for development and tests.
    """
    address = _embedded_ipv4(address)
    if address in METADATA_ADDRESSES:
        return f"{address} is a cloud metadata address"
    if address.is_link_local:
        return f"{address} is a link-local address"
    if address.is_loopback:  # before "reserved": ::1 lies in the reserved ::/8
        return None if allow_private else f"{address} is a loopback address"
    if address.is_unspecified or address.is_multicast or address.is_reserved:
        return f"{address} is not a unicast host address"
    if (address.is_private or not address.is_global) and not allow_private:
        return f"{address} is a private address"
    return None


def first_refusal(addresses: list[IPAddress], *, allow_private: bool) -> str | None:
    """A host is refused when any address it resolves to is: a name that mixes a public and an internal address
    must not reach the internal one on a later connection."""
    if not addresses:
        return "the host name resolves to no address"
    return next(
        (reason for address in addresses if (reason := address_refusal(address, allow_private=allow_private))), None
    )


def _embedded_ipv4(address: IPAddress) -> IPAddress:
    if isinstance(address, IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        if address in _NAT64:
            return IPv4Address(int(address) & 0xFFFFFFFF)
    return address
