"""Which requests the preview answers: only those naming the address it listens on.

A web page on another origin can point a name it controls at 127.0.0.1 (DNS rebinding)
and read the preview through it: the browser then sends that name in `Host`. So the
preview answers only Host values that name this machine as the user reached it
(127.0.0.1, localhost, [::1], the `--host` given; with `--host 0.0.0.0` also the
machine's own addresses and name), plus names added with `--allow-host`; and the event
stream refuses requests made by pages of another origin (their `Origin` header).
"""

from __future__ import annotations

import socket
from collections.abc import Iterable
from urllib.parse import urlsplit

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
ANY_ADDRESS = ("0.0.0.0", "::", "")


def host_name(value: str) -> str:
    """The name in a Host header or an address, without port or IPv6 brackets, lowercase,
    without a trailing dot (`[::1]:8000` -> `::1`, `LocalHost.:80` -> `localhost`)."""
    value = value.strip().lower()
    if value.startswith("["):
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:
        value = value.partition(":")[0]
    return value.rstrip(".")


def machine_names() -> set[str]:
    """This machine's host name and the addresses it resolves to (what a phone on the
    same network would type). Never fails: a name that does not resolve adds nothing."""
    names: set[str] = set()
    try:
        own = socket.gethostname()
    except OSError:
        return names
    names.update({own, f"{own}.local"})
    try:
        for *_, address in socket.getaddrinfo(own, None):
            names.add(str(address[0]))
    except (OSError, UnicodeError):
        pass
    return {host_name(n) for n in names if n}


def allowed_hosts(bound: str, extra: Iterable[str] = ()) -> frozenset[str]:
    """The Host names answered when listening on `bound`."""
    names = {*LOOPBACK_NAMES, host_name(bound), *(host_name(n) for n in extra)}
    if bound in ANY_ADDRESS:
        names |= machine_names()
    names.discard("")
    return frozenset(names)


def refusal(host: str | None, origin: str | None, port: int, allowed: frozenset[str]) -> str:
    """Why a request is refused ('' when it is answered): its Host names another
    machine, or a page of another origin asks for the event stream (origin given)."""
    if not host or host_name(host) not in allowed:
        shown = (host or "(none)")[:80]
        return (
            f"dossier serve answers only requests for {', '.join(sorted(allowed)[:6])}; "
            f"this one names '{shown}' (use --allow-host NAME to add a name)"
        )
    if origin is not None and not _same_origin(origin, port, allowed):
        return f"the live-reload stream is for the preview's own pages, not {origin[:80]!r}"
    return ""


def _same_origin(origin: str, port: int, allowed: frozenset[str]) -> bool:
    try:
        parts = urlsplit(origin.strip())
        origin_port = parts.port or 80
    except ValueError:
        return False
    return (
        parts.scheme == "http"
        and host_name(parts.hostname or "") in allowed
        and origin_port == port
    )
