"""A tiny static HTTP server for the offline demo corpus (stdlib only).

It serves the files under a root directory, replaces the placeholder ``__BASE__`` in every body
with its own base URL, sends a strong ETag and a fixed Last-Modified, answers conditional requests
with 304, gzips when asked, and never serves anything outside the root.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

PLACEHOLDER = b"__BASE__"
# Fixed for every file so that every clone of the repository serves identical headers.
DEFAULT_LAST_MODIFIED = datetime(2025, 2, 23, 23, 0, tzinfo=UTC)
DEFAULT_ROOT = Path(__file__).resolve().parent / "site"

_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._-]+)""", re.IGNORECASE)
_XML_ROOTS = (
    (re.compile(rb"<feed[\s>]"), "application/atom+xml"),
    (re.compile(rb"<rdf:RDF[\s>]"), "application/rdf+xml"),
    (re.compile(rb"<rss[\s>]"), "application/rss+xml"),
)
_BY_EXTENSION = {
    ".html": "text/html",
    ".htm": "text/html",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".rdf": "application/rdf+xml",
    ".txt": "text/plain",
    ".css": "text/css",
    ".js": "text/javascript",
    ".yaml": "application/yaml",
    ".png": "image/png",
    ".svg": "image/svg+xml",
}
_TEXT_TYPES = ("text/", "application/rss+xml", "application/atom+xml", "application/rdf+xml")
_TEXT_TYPES += ("application/xml", "application/json", "application/feed+json", "application/yaml")
_MIN_GZIP_BYTES = 256


@dataclass(frozen=True, slots=True)
class LoggedRequest:
    """One request the server answered."""

    method: str
    path: str
    status: int
    headers: dict[str, str]


@dataclass
class RequestLog:
    """Thread-safe record of the requests a server answered, for tests to inspect."""

    requests: list[LoggedRequest] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, entry: LoggedRequest) -> None:
        with self._lock:
            self.requests.append(entry)

    def count(self, path: str | None = None, status: int | None = None) -> int:
        """How many requests matched `path` (without query) and `status`; None matches any."""
        with self._lock:
            entries = list(self.requests)
        return sum(
            1
            for e in entries
            if (path is None or urlsplit(e.path).path == path)
            and (status is None or e.status == status)
        )

    def clear(self) -> None:
        with self._lock:
            self.requests.clear()


def content_type_for(path: Path, body: bytes) -> str:
    """Media type and charset for a file, from its extension and, for XML and JSON, its content."""
    suffix = path.suffix.lower()
    head = body[:2048]
    if suffix == ".xml":
        media = next((m for rx, m in _XML_ROOTS if rx.search(head)), "application/xml")
    elif suffix == ".json":
        is_feed = b"jsonfeed.org/version" in head
        media = "application/feed+json" if is_feed else "application/json"
    else:
        media = _BY_EXTENSION.get(suffix, "application/octet-stream")
    if not media.startswith(_TEXT_TYPES):
        return media
    return f"{media}; charset={_charset(media, head)}"


def _charset(media: str, head: bytes) -> str:
    """The charset a text file is written in: the XML prolog or HTML meta says so, else utf-8."""
    match = _XML_ENCODING.match(head) if "xml" in media else None
    if match is None and media == "text/html":
        match = _HTML_CHARSET.search(head[:1024])
    return match.group(1).decode("ascii").lower() if match else "utf-8"


def resolve_under(root: Path, url_path: str) -> Path | None:
    """The file a URL path names under `root`, or None when it is missing or escapes the root."""
    decoded = unquote(url_path)
    if "\x00" in decoded or "\\" in decoded:
        return None
    root = root.resolve()
    candidate = (root / decoded.lstrip("/")).resolve()
    if not candidate.is_relative_to(root):
        return None
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _etag_matches(header: str, etags: tuple[str, ...]) -> bool:
    """If-None-Match comparison (weak comparison, as RFC 9110 asks for GET and HEAD)."""
    if header.strip() == "*":
        return True
    given = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return any(tag in given for tag in etags)


def _not_modified_since(header: str, last_modified: datetime) -> bool:
    try:
        since = parsedate_to_datetime(header)
    except (TypeError, ValueError, IndexError):
        return False
    if since is None:
        return False
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    return last_modified <= since


class _DemoHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self, address: tuple[str, int], root: Path, last_modified: datetime, log: RequestLog
    ):
        self.root = root.resolve()
        self.last_modified = last_modified.astimezone(UTC).replace(microsecond=0)
        self.request_log = log
        self.base_url = ""  # what __BASE__ becomes in served bodies
        self.public_netloc = ""  # host[:port] accepted in absolute-form (proxy) requests
        super().__init__(address, _Handler)

    def handle_error(self, request: object, client_address: object) -> None:
        """Stay quiet: a client that hangs up early is not worth a traceback on stderr."""


class _Handler(BaseHTTPRequestHandler):
    server: _DemoHTTPServer
    server_version = "mediawatch-demo/1"
    protocol_version = "HTTP/1.1"

    def version_string(self) -> str:
        return self.server_version

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def log_message(self, format: str, *args: object) -> None:
        """No per-request lines on stderr: the request log keeps them."""

    def _respond(self, *, send_body: bool) -> None:
        target = urlsplit(self.path)
        foreign = target.netloc and target.netloc != self.server.public_netloc
        path = None if foreign else resolve_under(self.server.root, target.path)
        if path is None:
            headers = {"Content-Type": "text/plain; charset=utf-8"}
            self._send(HTTPStatus.NOT_FOUND, b"Not Found\n", headers, send_body)
            return
        raw = path.read_bytes()
        body = raw.replace(PLACEHOLDER, self.server.base_url.encode("ascii"))
        etag = _etag(body)
        headers = {
            "Content-Type": content_type_for(path, raw),
            "ETag": etag,
            "Last-Modified": format_datetime(self.server.last_modified, usegmt=True),
            "Cache-Control": "no-cache",
            "Vary": "Accept-Encoding",
        }
        gzip_etag = etag[:-1] + '-gzip"'
        if self._not_modified(etag, gzip_etag):
            self._send(HTTPStatus.NOT_MODIFIED, b"", headers, send_body=False, length=False)
            return
        if self._wants_gzip() and len(body) >= _MIN_GZIP_BYTES:
            body = gzip.compress(body, mtime=0)
            headers |= {"Content-Encoding": "gzip", "ETag": gzip_etag}
        self._send(HTTPStatus.OK, body, headers, send_body)

    def _not_modified(self, *etags: str) -> bool:
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            return _etag_matches(if_none_match, etags)
        if_modified_since = self.headers.get("If-Modified-Since")
        return if_modified_since is not None and _not_modified_since(
            if_modified_since, self.server.last_modified
        )

    def _wants_gzip(self) -> bool:
        accepted = self.headers.get("Accept-Encoding", "")
        for part in accepted.split(","):
            name, _, params = part.strip().partition(";")
            if name.strip().lower() == "gzip":
                return params.replace(" ", "").lower() not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
        return False

    def _send(
        self,
        status: HTTPStatus,
        body: bytes,
        headers: dict[str, str],
        send_body: bool,
        *,
        length: bool = True,
    ) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body and body:
            self.wfile.write(body)
        self.server.request_log.add(
            LoggedRequest(self.command, self.path, int(status), dict(self.headers.items()))
        )


@contextmanager
def serve_directory(
    root: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    request_log: RequestLog | None = None,
    last_modified: datetime = DEFAULT_LAST_MODIFIED,
    public_base: str | None = None,
) -> Iterator[str]:
    """Serve `root` in a daemon thread; yield the base URL, e.g. ``http://127.0.0.1:8765``.

    With `public_base` (e.g. ``http://mediawatch-demo.example``), bodies name that stable base
    instead and the server also answers proxy-style requests for it, so clients reach it
    through ``proxy=<yielded URL>`` and the URLs they store do not change from run to run.
    Pass a `RequestLog` to see which paths were requested and what they got.
    """
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"demo server root {root} is not a directory")
    server = _DemoHTTPServer((host, port), root, last_modified, request_log or RequestLog())
    bound_host, bound_port = server.server_address[:2]
    shown_host = f"[{bound_host}]" if ":" in str(bound_host) else bound_host
    local_url = f"http://{shown_host}:{bound_port}"
    server.base_url = public_base.rstrip("/") if public_base else local_url
    server.public_netloc = urlsplit(server.base_url).netloc
    thread = threading.Thread(target=server.serve_forever, name="demo-server", daemon=True)
    thread.start()
    try:
        yield local_url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def main(argv: list[str] | None = None) -> None:
    """Serve the demo site until interrupted."""
    parser = argparse.ArgumentParser(description="Serve the mediawatch demo corpus on localhost.")
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="directory to serve")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (0 picks a free one)")
    args = parser.parse_args(argv)
    with serve_directory(args.root, host=args.host, port=args.port) as base_url:
        print(f"Serving {args.root} at {base_url}/ (Ctrl-C to stop)", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("stopped")


if __name__ == "__main__":
    main()
