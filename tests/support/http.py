"""The one HTTP server of the tests: real sockets on 127.0.0.1 (TLS when given a context).

Routes map a path to a canned `Response` or to a function of the request handler returning one.
A response can wait before answering, trickle its body a byte at a time, stream a body that never
ends, or be raw bytes that are not HTTP at all, as hostile servers do. Every request is recorded
(method, path, headers, body, when), so tests can assert what was fetched and what was not.
Waits listen to a stop event: leaving the server frees every stalled handler at once.
"""

from __future__ import annotations

import json
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# A body streamed without Content-Length: a generator function of the server's stop event.
Stream = Callable[[threading.Event], Iterator[bytes]]
HTML = {"Content-Type": "text/html; charset=utf-8"}
RSS = {"Content-Type": "application/rss+xml; charset=utf-8"}
WEBHOOK_PATH = "/hooks/T000/B000/secret"


@dataclass
class Response:
    status: int = 200
    body: bytes | Stream = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0  # wait before the status line
    trickle_s: float = 0.0  # wait between single bytes of a bytes body
    raw: bytes | None = None  # sent as is instead of an HTTP response, then the socket closes


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    at: float  # time.monotonic() when it arrived


Handler = Callable[[BaseHTTPRequestHandler], Response]


def trickle(byte: bytes = b" ", every_s: float = 0.05) -> Stream:
    """A body of one byte at a time, forever (until the client leaves or the server stops)."""

    def body(stop: threading.Event) -> Iterator[bytes]:
        while not stop.wait(every_s):
            yield byte

    return body


def endless(chunk: bytes = b"<p>more</p>" * 6000) -> Stream:
    """A body that never ends, as fast as the client reads it."""

    def body(stop: threading.Event) -> Iterator[bytes]:
        while not stop.is_set():
            yield chunk

    return body


def revalidated(body: bytes, etag: str, headers: dict[str, str] | None = None) -> Handler:
    """An answer with an ETag that is 304 Not Modified to a request sending that ETag back."""

    def answer(handler: BaseHTTPRequestHandler) -> Response:
        if handler.headers.get("If-None-Match") == etag:
            return Response(304)
        return Response(200, body, {"ETag": etag, **(headers or {})})

    return answer


class LocalServer:
    def __init__(self) -> None:
        self.routes: dict[str, Response | Handler] = {}
        self.requests: list[Request] = []
        self.base_url = ""
        self.port = 0
        self.stop = threading.Event()

    def route(self, path: str, answer: Response | Handler) -> str:
        """Answer GET and POST of path (query string ignored); returns its URL."""
        self.routes[path] = answer
        return self.base_url + path

    def hits(self, path: str) -> int:
        return sum(1 for r in self.requests if r.path == path)


def _handler_class(server: LocalServer) -> type[BaseHTTPRequestHandler]:
    class _Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:  # quiet
            pass

        def do_GET(self) -> None:
            self._answer(b"")

        def do_POST(self) -> None:
            self._answer(self.rfile.read(int(self.headers.get("Content-Length", 0))))

        def _answer(self, body: bytes) -> None:
            headers = dict(self.headers.items())
            server.requests.append(
                Request(self.command, self.path, headers, body, time.monotonic())
            )
            answer = server.routes.get(self.path) or server.routes.get(self.path.split("?")[0])
            if answer is None:
                answer = Response(404, b"not found")
            elif callable(answer):
                answer = answer(self)
            if answer.delay_s and server.stop.wait(answer.delay_s):
                return
            try:
                self._send(answer)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

        def _send(self, answer: Response) -> None:
            if answer.raw is not None:
                self.wfile.write(answer.raw)
                self.close_connection = True
                return
            self.send_response(answer.status)
            body = answer.body
            headers = dict(answer.headers)
            if callable(body):
                headers["Connection"] = "close"
            else:
                headers = {"Content-Length": str(len(body)), **headers}
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            if callable(body):
                self.close_connection = True
                for chunk in body(server.stop):
                    self.wfile.write(chunk)
                    self.wfile.flush()
            elif answer.trickle_s:
                for i in range(len(body)):
                    self.wfile.write(body[i : i + 1])
                    self.wfile.flush()
                    if server.stop.wait(answer.trickle_s):
                        return
            else:
                self.wfile.write(body)

    return _Handler


@contextmanager
def local_server(tls: ssl.SSLContext | None = None) -> Iterator[LocalServer]:
    """A LocalServer on 127.0.0.1 and a free port, for the duration of the block."""
    state = LocalServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_class(state))
    httpd.daemon_threads = True
    if tls is not None:
        httpd.socket = tls.wrap_socket(httpd.socket, server_side=True)
    state.port = httpd.server_address[1]
    state.base_url = f"{'https' if tls else 'http'}://127.0.0.1:{state.port}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.stop.set()
        httpd.shutdown()
        httpd.server_close()


# --- a webhook receiver ---


@dataclass
class Webhook:
    """A webhook on a LocalServer: what was posted to it."""

    server: LocalServer
    url: str

    def received(self) -> list[dict[str, Any]]:
        return [json.loads(r.body) for r in self.server.requests if r.method == "POST"]

    def texts(self) -> list[str]:
        return [p["text"] for p in self.received()]


@contextmanager
def webhook_receiver(status: int = 200, delay_s: float = 0.0) -> Iterator[Webhook]:
    """A Slack-style webhook on 127.0.0.1 answering every JSON POST with `status`, after
    `delay_s`."""
    with local_server() as server:
        url = server.route(WEBHOOK_PATH, Response(status, b"ok", delay_s=delay_s))
        yield Webhook(server, url)
