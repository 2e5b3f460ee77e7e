"""A scripted HTTP server on 127.0.0.1 for the fault-injection tests, and a transport that routes
the providers' real URLs to it over a real socket.

    with FaultServer() as server:
        server.serve("/api/v1/models", Respond(503), HANG, Respond(200, JSON, body))
        client = make_client(policy, transport=RoutingTransport(server.port))

Each path answers its actions in turn, the last one repeating; a path with no script answers 404.
``Respond(..., sent=N)`` declares the whole body's Content-Length but sends only N bytes, then
closes (a body cut off mid-way); ``length=False`` sends no Content-Length, so the body ends when
the connection closes (HTTP/1.0); ``HANG`` reads the request and never answers until the server stops;
``TRICKLE`` answers so slowly that no single read times out.
"""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import httpx

from scrapers._deadline import deadline_transport

HANG = "hang"
TRICKLE = "trickle"  # a response in 20 pieces 0.2 s apart: 4 s in all, no single read slow


@dataclass(frozen=True)
class Respond:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    sent: int | None = None  # bytes of the body actually written before the connection closes
    length: bool = True  # send Content-Length (the whole body's, even when fewer bytes are sent)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"  # one request per connection: a close ends a length-less body
    timeout = 5  # a socket a client stopped reading fails our write instead of blocking it forever

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        faults: FaultServer = self.server.faults
        action = faults.record(urlsplit(self.path).path, dict(self.headers))
        if action == HANG:
            faults.stopping.wait()
            return
        if action == TRICKLE:
            return self._trickle(faults)
        try:
            self.send_response(action.status)
            for name, value in action.headers.items():
                self.send_header(name, value)
            if action.length:
                self.send_header("Content-Length", str(len(action.body)))
            self.end_headers()
            self.wfile.write(action.body[:action.sent])
        except OSError:  # the client hung up (it read enough: a size cap, a refused redirect)
            self.close_connection = True

    def _trickle(self, faults: FaultServer) -> None:
        """A whole, valid response in 20 pieces 0.2 s apart: no read waits long, but it takes 4 s."""
        response = b"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
        step = -(-len(response) // 20)
        for start in range(0, len(response), step):
            if faults.stopping.wait(0.2):
                return
            try:
                self.wfile.write(response[start:start + step])
                self.wfile.flush()
            except OSError:  # the client gave up: the point of the test
                return

    def log_message(self, *_args) -> None:
        pass


class FaultServer:
    """The scripted server; ``requests`` holds (path, headers) of every request in order."""

    def __init__(self) -> None:
        self.script: dict[str, list[Respond | str]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads, self.httpd.block_on_close = False, True  # server_close joins the handlers
        self.httpd.faults = self
        self.port = self.httpd.server_address[1]
        self._thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)

    def __enter__(self) -> FaultServer:
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.stopping.set()  # hanging handlers return now
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join()

    def serve(self, path: str, *actions: Respond | str) -> None:
        """Script ``path`` afresh and forget the requests it saw so far."""
        with self._lock:
            self.script[path] = list(actions)
            self.requests = [r for r in self.requests if r[0] != path]

    def attempts(self, path: str) -> int:
        return sum(1 for seen, _ in self.requests if seen == path)

    def record(self, path: str, headers: dict[str, str]) -> Respond | str:
        with self._lock:
            self.requests.append((path, headers))
            actions = self.script.get(path) or [Respond(404)]
            return actions.pop(0) if len(actions) > 1 else actions[0]


class RoutingTransport(httpx.BaseTransport):
    """Sends every request to http://127.0.0.1:<port>, keeping path, query and headers (the
    original Host too); ``sent`` lists the original URLs and headers, in order."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.inner = deadline_transport()  # what make_client uses for the real network
        self.sent: list[httpx.Request] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        local = request.url.copy_with(scheme="http", host="127.0.0.1", port=self.port)
        return self.inner.handle_request(httpx.Request(request.method, local, headers=request.headers,
                                                       stream=request.stream, extensions=request.extensions))

    def close(self) -> None:
        self.inner.close()


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens: connections to it are refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
