"""The webhook contract: the signature a receiver checks, its replay window, and the addresses never reached."""

from ipaddress import ip_address

import pytest

from services.notifications.domain import webhooks

SECRET = "7f" * 32
BODY = b'{"delivery_id":"d-1","kind":"award_notice"}'


def test_the_signature_is_hmac_sha256_over_the_timestamp_a_dot_and_the_body() -> None:
    header = webhooks.signature(SECRET, 1_790_000_000, BODY)
    # the same computed by a receiver with nothing but the standard library
    import hashlib
    import hmac

    expected = hmac.new(SECRET.encode(), b"1790000000." + BODY, hashlib.sha256).hexdigest()
    assert header == f"t=1790000000,v1={expected}"


def test_a_receiver_accepts_a_fresh_signature_and_refuses_an_altered_body_or_another_secret() -> None:
    header = webhooks.signature(SECRET, 1_790_000_000, BODY)
    assert webhooks.verify(SECRET, header, BODY, now=1_790_000_010)
    assert not webhooks.verify(SECRET, header, BODY + b" ", now=1_790_000_010)
    assert not webhooks.verify("other", header, BODY, now=1_790_000_010)
    assert not webhooks.verify(SECRET, "v1=abc", BODY, now=1_790_000_010)


def test_a_signature_older_or_newer_than_five_minutes_is_a_replay() -> None:
    header = webhooks.signature(SECRET, 1_790_000_000, BODY)
    assert webhooks.verify(SECRET, header, BODY, now=1_790_000_300)
    assert not webhooks.verify(SECRET, header, BODY, now=1_790_000_301)
    assert not webhooks.verify(SECRET, header, BODY, now=1_789_999_699)


def test_the_body_is_the_same_bytes_every_time() -> None:
    document = {"kind": "award_notice", "delivery_id": "d-1", "text": "Kære Grøn Service"}
    assert webhooks.delivery_body(document) == webhooks.delivery_body(dict(reversed(document.items())))
    assert webhooks.delivery_body(document).decode() == (
        '{"delivery_id":"d-1","kind":"award_notice","text":"Kære Grøn Service"}'
    )


@pytest.mark.parametrize(
    "address",
    [
        "169.254.169.254",
        "169.254.170.2",
        "fd00:ec2::254",
        "169.254.1.1",
        "fe80::1",
        "100.100.100.200",
        "168.63.129.16",
        "0.0.0.0",
        "::",
        "224.0.0.1",
        "240.0.0.1",
        "::ffff:169.254.169.254",
        "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
    ],
)
def test_metadata_link_local_and_non_unicast_addresses_are_always_refused(address: str) -> None:
    assert webhooks.address_refusal(ip_address(address), allow_private=True) is not None
    assert webhooks.address_refusal(ip_address(address), allow_private=False) is not None


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "::1", "10.0.0.1", "172.16.5.4", "192.168.1.10", "fd12:3456::1", "100.64.0.1", "::ffff:10.0.0.1"],
)
def test_loopback_and_private_addresses_are_refused_unless_allowed_for_development(address: str) -> None:
    assert webhooks.address_refusal(ip_address(address), allow_private=False) is not None
    assert webhooks.address_refusal(ip_address(address), allow_private=True) is None


@pytest.mark.parametrize("address", ["93.184.215.14", "2a00:1450:4001:80b::200e"])
def test_public_addresses_are_reached(address: str) -> None:
    assert webhooks.address_refusal(ip_address(address), allow_private=False) is None


def test_a_host_is_refused_when_any_of_its_addresses_is() -> None:
    mixed = [ip_address("93.184.215.14"), ip_address("10.0.0.1")]
    assert webhooks.first_refusal(mixed, allow_private=False) == "10.0.0.1 is a private address"
    assert webhooks.first_refusal([], allow_private=True) == "the host name resolves to no address"


@pytest.mark.parametrize(
    ("url", "allow_http", "problem"),
    [
        ("https://hooks.example.dk/udbud", False, None),
        ("http://hooks.example.dk/udbud", False, "the webhook URL must start with https://"),
        ("http://hooks.example.dk/udbud", True, None),
        ("ftp://hooks.example.dk/", True, "the webhook URL must start with https:// or http://"),
        ("https:///path", False, "the webhook URL names no host"),
        ("https://user:pw@hooks.example.dk/", False, "the webhook URL must not carry credentials"),
    ],
)
def test_a_webhook_url_is_https_with_a_host_and_no_credentials(url: str, allow_http: bool, problem: str | None) -> None:
    assert webhooks.url_problem(url, allow_http=allow_http) == problem
