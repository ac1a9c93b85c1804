"""Which ``Host`` headers the preview answers: the names it is bound to, so a page from another
site whose name was made to resolve to 127.0.0.1 (DNS rebinding) cannot read the preview."""

from __future__ import annotations

import ipaddress
import socket

LOOPBACK_NAMES = frozenset({"localhost"})


def allowed_hosts(host: str) -> frozenset[str]:
    """The host names a server bound to ``host`` answers to (lower case, no port).

    An address the server is bound to is always allowed, and so is ``localhost`` for a
    loopback address. Bound to every interface, any IP address and this machine's own
    names are allowed: a rebinding page always sends a name, never an address.
    """
    name = host_name(host)
    names = {name}
    address = _address(name)
    if address is None:  # bound by name (``--host myhost``): that name and what it resolves to
        names |= {host_name(found) for found in _resolve(name)}
    elif address.is_loopback:
        names |= LOOPBACK_NAMES
    elif address.is_unspecified:
        names |= LOOPBACK_NAMES | _own_names()
    return frozenset(names)


def host_allowed(header: str | None, allowed: frozenset[str], any_address: bool) -> bool:
    """Whether a request's ``Host`` header names this server (a missing one is the caller's call)."""
    if header is None:
        return False
    name = host_name(_without_port(header.strip()))
    return name in allowed or (any_address and _address(name) is not None)


def binds_everywhere(host: str) -> bool:
    address = _address(host_name(host))
    return address is not None and address.is_unspecified


def _without_port(header: str) -> str:
    if header.startswith("["):
        return header[: header.find("]") + 1] if "]" in header else header
    return header.rpartition(":")[0] if header.count(":") == 1 else header


def host_name(name: str) -> str:
    """A host name as compared: lower case, no trailing dot, an IPv6 address without brackets."""
    name = name.lower().rstrip(".")
    return name[1:-1] if name.startswith("[") and name.endswith("]") else name


def _address(name: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(name)
    except ValueError:
        return None


def _resolve(name: str) -> set[str]:
    try:
        return {str(info[4][0]) for info in socket.getaddrinfo(name, None)}
    except OSError:
        return set()


def _own_names() -> set[str]:
    names = {socket.gethostname(), socket.getfqdn()}
    return {host_name(n) for n in names | {f"{n.split('.')[0]}.local" for n in names} if n}
