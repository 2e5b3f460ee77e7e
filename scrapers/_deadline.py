"""A wall-clock deadline on a whole request: connecting, headers and body.

httpx's timeouts bound each network operation, not their sum: a server that sends one
byte of its headers every few seconds never trips a read timeout. The transport here
wraps every socket read and write so that it waits at most until the deadline of the
request in progress on this thread (set with ``deadline(seconds)``), and fails with a
ReadTimeout after it, which the fetch policy retries like any other timeout.

Name resolution is bounded too: the system resolver (``getaddrinfo``) takes no timeout and a
broken DNS server can hold it for minutes, so a host name is resolved in a worker thread that
is waited for only until the connect timeout or the deadline, then each address is tried in turn.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as ResolveTimeout
from contextlib import contextmanager

import httpcore
import httpx

_CURRENT = threading.local()
_RESOLVER = ThreadPoolExecutor(max_workers=4, thread_name_prefix="resolve")  # a stuck lookup is left behind


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Every socket operation of this thread in the block ends by ``seconds`` from now."""
    _CURRENT.at = time.monotonic() + seconds
    try:
        yield
    finally:
        _CURRENT.at = None


def _bounded(timeout: float | None) -> float | None:
    at = getattr(_CURRENT, "at", None)
    if at is None:
        return timeout
    left = at - time.monotonic()
    if left <= 0:
        raise httpcore.ReadTimeout("the request's deadline passed")
    return left if timeout is None else min(timeout, left)


class _Stream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self.inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.inner.read(max_bytes, _bounded(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.inner.write(buffer, _bounded(timeout))

    def close(self) -> None:
        self.inner.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None) -> httpcore.NetworkStream:
        return _Stream(self.inner.start_tls(ssl_context, server_hostname, _bounded(timeout)))

    def get_extra_info(self, info: str):
        return self.inner.get_extra_info(info)


class _Backend(httpcore.NetworkBackend):
    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self.inner = inner

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        failure: httpcore.ConnectError | None = None
        for address in resolve(host, port, _bounded(timeout)):
            try:
                return _Stream(self.inner.connect_tcp(address, port, _bounded(timeout), local_address,
                                                      socket_options))
            except httpcore.ConnectError as exc:  # the next address, as socket.create_connection does
                failure = exc
        raise failure or httpcore.ConnectError(f"{host} resolves to no address")

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        return _Stream(self.inner.connect_unix_socket(path, _bounded(timeout), socket_options))

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


def resolve(host: str, port: int, timeout: float | None) -> list[str]:
    """The addresses of ``host`` (itself when it is one), waited for at most ``timeout`` seconds."""
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        pass
    lookup = _RESOLVER.submit(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
    try:
        found = lookup.result(timeout=timeout)
    except ResolveTimeout:
        raise httpcore.ConnectTimeout(f"resolving {host} took longer than {timeout:.1f} s") from None
    except socket.gaierror as exc:
        raise httpcore.ConnectError(str(exc)) from exc
    return list(dict.fromkeys(info[4][0] for info in found))


def deadline_transport(**options) -> httpx.HTTPTransport:
    """httpx's own transport, its connections bounded by the thread's request deadline."""
    return _bound(httpx.HTTPTransport(**options))


def bound_by_deadline(client: httpx.Client) -> httpx.Client:
    """Bound every transport of a client (the direct one and those of the environment's proxies,
    HTTP_PROXY, HTTPS_PROXY, ALL_PROXY) by the thread's request deadline."""
    for transport in [client._transport, *client._mounts.values()]:
        if isinstance(transport, httpx.HTTPTransport):
            _bound(transport)
    return client


def _bound(transport: httpx.HTTPTransport) -> httpx.HTTPTransport:
    # httpx builds its connection pool itself; its network backend is the one place every
    # socket operation goes through (httpcore's ConnectionPool and proxies alike).
    pool = transport._pool
    if not isinstance(pool._network_backend, _Backend):
        pool._network_backend = _Backend(pool._network_backend)
    return transport
