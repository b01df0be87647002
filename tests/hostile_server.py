"""A hostile HTTP server on 127.0.0.1 for tests: bodies that never end, trickle, stall, lie about
their length or encoding, headers without end, and raw bytes that are not HTTP at all.

Routes map a path to a `Reply` (or a function of the request handler returning one). Every
request is recorded, so tests can assert that something was *not* fetched. Waits listen to a
stop event: shutting the server down frees every stalled handler at once.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Body = bytes | Callable[[threading.Event], Iterator[bytes]]


@dataclass
class Reply:
    status: int = 200
    # bytes, or a generator function of the stop event: streamed without Content-Length
    body: Body = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0  # wait before the status line
    raw: bytes | None = None  # sent as is instead of an HTTP response, then the socket closes


Handler = Callable[[BaseHTTPRequestHandler], Reply]


def trickle(byte: bytes = b" ", every_s: float = 0.05) -> Callable[[threading.Event], Iterator]:
    """A body of one byte at a time, forever (until the client leaves or the server stops)."""

    def body(stop: threading.Event) -> Iterator[bytes]:
        while not stop.wait(every_s):
            yield byte

    return body


def endless(chunk: bytes = b"<p>more</p>" * 6000) -> Callable[[threading.Event], Iterator]:
    """A body that never ends, as fast as the client reads it."""

    def body(stop: threading.Event) -> Iterator[bytes]:
        while not stop.is_set():
            yield chunk

    return body


class HostileServer:
    def __init__(self) -> None:
        self.routes: dict[str, Reply | Handler] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.stamps: list[tuple[str, float]] = []  # (path, time.monotonic()) per request
        self.base_url = ""
        self.stop = threading.Event()

    def route(self, path: str, answer: Reply | Handler) -> str:
        self.routes[path] = answer
        return self.base_url + path

    def hits(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if p == path)


def _handler_class(server: HostileServer) -> type[BaseHTTPRequestHandler]:
    class _Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:  # quiet
            pass

        def do_GET(self) -> None:
            server.requests.append((self.path, dict(self.headers.items())))
            server.stamps.append((self.path, time.monotonic()))
            answer = server.routes.get(self.path) or server.routes.get(self.path.split("?")[0])
            if answer is None:
                answer = Reply(404, b"not found")
            elif callable(answer):
                answer = answer(self)
            if answer.delay_s and server.stop.wait(answer.delay_s):
                return
            try:
                self._send(answer)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

        def _send(self, answer: Reply) -> None:
            if answer.raw is not None:
                self.wfile.write(answer.raw)
                self.close_connection = True
                return
            self.send_response(answer.status)
            streamed = callable(answer.body)
            headers = dict(answer.headers)
            if streamed:
                headers["Connection"] = "close"
            else:
                headers = {"Content-Length": str(len(answer.body)), **headers}
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            if not streamed:
                self.wfile.write(answer.body)
                return
            self.close_connection = True
            for chunk in answer.body(server.stop):
                self.wfile.write(chunk)
                self.wfile.flush()

    return _Handler


@contextmanager
def hostile_server() -> Iterator[HostileServer]:
    """A HostileServer on 127.0.0.1 and a free port, for the duration of the block."""
    state = HostileServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_class(state))
    httpd.daemon_threads = True
    state.base_url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.stop.set()
        httpd.shutdown()
        httpd.server_close()
