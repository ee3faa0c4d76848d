"""Addresses of trusted reverse proxies (GEP_TRUSTED_PROXIES) and the forwarded client address."""

from __future__ import annotations

from collections.abc import Sequence
from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network

Network = IPv4Network | IPv6Network


def parse_networks(text: str) -> list[Network]:
    """Return the networks of a comma-separated list of addresses and CIDR networks.

    Raise ValueError naming the first entry that is neither.
    """
    networks = []
    for part in text.split(","):
        entry = part.strip()
        if not entry:
            continue
        try:
            networks.append(ip_network(entry, strict=False))
        except ValueError:
            raise ValueError(entry) from None
    return networks


def is_trusted(host: str, networks: Sequence[Network]) -> bool:
    """Return whether an address lies in one of the networks."""
    try:
        address = ip_address(host)
    except ValueError:
        return False
    return any(address in network for network in networks)


def forwarded_client(header: str, networks: Sequence[Network]) -> str | None:
    """Return the client address in an X-Forwarded-For chain: the right-most untrusted one.

    Each proxy appends the address it received the request from, so the right-most entries are
    written by trusted proxies and anything left of the first untrusted one may be forged.
    """
    chain = [part.strip() for part in header.split(",") if part.strip()]
    for host in reversed(chain):
        try:
            ip_address(host)
        except ValueError:
            return None  # a malformed chain is not believed at all
        if not is_trusted(host, networks):
            return host
    return chain[0] if chain else None
