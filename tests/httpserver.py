"""A real HTTP server on 127.0.0.1 for tests: routes map a path to a canned or custom answer."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0  # wait before answering
    trickle_s: float = 0.0  # wait between single bytes of the body


Handler = Callable[[BaseHTTPRequestHandler], Response]


class LocalServer:
    def __init__(self) -> None:
        self.routes: dict[str, Response | Handler] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.base_url = ""

    def route(self, path: str, answer: Response | Handler) -> str:
        self.routes[path] = answer
        return self.base_url + path

    def hits(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if p == path)


def _handler_class(server: LocalServer) -> type[BaseHTTPRequestHandler]:
    class _Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:  # quiet
            pass

        def do_GET(self) -> None:
            server.requests.append((self.path, dict(self.headers.items())))
            answer = server.routes.get(self.path) or server.routes.get(self.path.split("?")[0])
            if answer is None:
                answer = Response(404, b"not found")
            elif callable(answer):
                answer = answer(self)
            time.sleep(answer.delay_s)
            self.send_response(answer.status)
            headers = {"Content-Length": str(len(answer.body)), **answer.headers}
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            try:
                if answer.trickle_s:
                    for i in range(len(answer.body)):
                        self.wfile.write(answer.body[i : i + 1])
                        self.wfile.flush()
                        time.sleep(answer.trickle_s)
                else:
                    self.wfile.write(answer.body)
            except (BrokenPipeError, ConnectionResetError):
                pass

    return _Handler


@contextmanager
def local_server() -> Iterator[LocalServer]:
    state = LocalServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_class(state))
    httpd.daemon_threads = True
    state.base_url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
