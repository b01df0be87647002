"""Serve a folder of real web pages as RSS feeds over loopback, for benchmarks.

    .venv/bin/python bench/real_pages.py ../shared/data/extraction-dev/pages --feeds 10

Pages are `NAME.html.gz` files, with `evaldata.json` (original URL -> file, the trafilatura
evaluation set's layout) beside them or one folder up. Each page keeps its original host, path
and query under `http://` and is reached through this server acting as an HTTP proxy, as in
bench/corpus.py, so the fetcher sees the real hosts (about one per page in that set) and gets a
robots.txt from each; records whose key is no URL go under `unlisted.pages.bench.example`. The
pages are dealt round-robin over N feeds, `http://feed-NNN.pages.bench.example/rss.xml`, whose
items carry title, link, guid, pubDate (newest first, over the last 7 days) and a teaser (the
page's description, else its title), so the page itself must be fetched and extracted. Feeds
and pages have strong ETags and a fixed Last-Modified, and answer conditional requests with 304.
The server ends with its parent process. Pages are read where they lie, never copied.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import html
import io
import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import psutil
from corpus import HOST_SUFFIX, Stats, _Handler  # bench/ is on sys.path, as for its scripts

UNLISTED_HOST = f"unlisted.pages{HOST_SUFFIX}"
SPREAD = timedelta(days=7)  # pubDates of all items fall within this span before the anchor
TEASER_WORDS = 40
HEAD_BYTES = 65_536  # titles and descriptions are looked for in the page's head only
ROBOTS = b"User-agent: *\nDisallow: /search\n"
_URL_IN_KEY = re.compile(r"https?://\S+")
_CHARSET = re.compile(rb"""charset=["']?([A-Za-z0-9_.:-]+)""", re.I)
_META = re.compile(
    r"""<meta\s[^>]*(?:name|property)=["'](?:og:)?(title|description)["'][^>]*>""", re.I
)
_CONTENT = re.compile(r"""content=(["'])(.*?)\1""", re.I | re.S)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
_HTML_LANG = re.compile(r"""<html\b[^>]*\blang=["']?([A-Za-z]{2,3})""", re.I)
_TAG_OR_CONTROL = re.compile(r"<[^>]+>|[\x00-\x1f\x7f]")  # neither belongs in a feed's text


@dataclass(frozen=True, slots=True)
class Page:
    """One served page: where it lives, what its feed says of it, its gzipped bytes."""

    host: str
    target: str  # path and query as in the URL, percent-encoded
    title: str
    teaser: str
    author: str | None
    published: datetime
    body_gz: bytes
    etag: str


def feed_host(feed: int) -> str:
    return f"feed-{feed:03d}.pages{HOST_SUFFIX}"


def feed_url(feed: int) -> str:
    return f"http://{feed_host(feed)}/rss.xml"


def sources_yaml(feed_urls: list[str], max_items: int = 200) -> str:
    """A sources.yaml listing the feeds, for running the pipeline over them."""
    lines = ["sources:"]
    for n, url in enumerate(feed_urls):
        lines += [f'  - name: "Real pages {n}"', f'    url: "{url}"', "    tags: [bench]"]
        lines += ["    country: US", "    language: en"]  # the pages' own languages are detected
        lines.append(f"    max_items: {max_items}")
    return "\n".join(lines) + "\n"


def lookup_key(target: str) -> str:
    """Path and query, unquoted, "." and ".." resolved, no trailing slash: the same for a URL
    as written in the feed and as any client sends it (httpx drops "/." without its slash)."""
    path, sep, query = target.partition("?")
    kept: list[str] = []
    for segment in unquote(path).split("/"):
        if segment == "..":
            if len(kept) > 1:  # never above the root
                kept.pop()
        elif segment != ".":
            kept.append(segment)
    return "/".join(kept).rstrip("/") + sep + unquote(query)


def _location(key: str, file: str) -> tuple[str, str]:
    """(host, path and query) of a record: its URL's, else a path named after its file."""
    found = _URL_IN_KEY.search(key)  # also rescues keys like "xhttps://…"
    parts = urlsplit(found[0]) if found else None
    if parts is None or not parts.hostname:
        return UNLISTED_HOST, "/" + quote(file)
    host = parts.hostname.encode("idna").decode("ascii")
    target = quote(parts.path or "/", safe="/%:@!$&'()*+,;=~")
    if parts.query:
        target += "?" + quote(parts.query, safe="/%:@!$&'()*+,;=~?")
    return host, target


def _head(body_gz: bytes) -> str:
    """The page's first bytes, decoded with its declared charset (UTF-8 otherwise)."""
    with gzip.GzipFile(fileobj=io.BytesIO(body_gz)) as f:
        raw = f.read(HEAD_BYTES)
    declared = _CHARSET.search(raw[:4096])
    try:
        return raw.decode(declared[1].decode() if declared else "utf-8", errors="replace")
    except LookupError:
        return raw.decode("utf-8", errors="replace")


def _clean(text: str) -> str:
    return " ".join(_TAG_OR_CONTROL.sub(" ", html.unescape(text)).split())


def _page_meta(head: str) -> dict[str, str]:
    """Title and description from the page's meta tags and <title>; first found wins."""
    meta: dict[str, str] = {}
    for tag in _META.finditer(head):
        content = _CONTENT.search(tag[0])
        if content and _clean(content[2]):
            meta.setdefault(tag[1].lower(), _clean(content[2]))
    title = _TITLE.search(head)
    if title and _clean(title[1]):
        meta.setdefault("title", _clean(title[1]))
    return meta


def _teaser(text: str) -> str:
    words = text.split()
    return " ".join(words[:TEASER_WORDS]) + (" …" if len(words) > TEASER_WORDS else "")


def _authors(value: str | list[str] | None) -> str | None:
    """The record's author, or its authors joined (a few records list several)."""
    return ", ".join(value) if isinstance(value, list) else value or None


def declared_language(head: str) -> str | None:
    """The language the page declares on its <html> element (`lang="en-GB"` -> "en")."""
    found = _HTML_LANG.search(head)
    return found[1].lower() if found else None


def load_pages(
    pages_dir: Path, limit: int | None, anchor: datetime, lang: str | None = None
) -> list[Page]:
    """The pages that exist (those declaring language `lang`, if given), in evaldata.json's
    order, newest first."""
    candidates = [d / "evaldata.json" for d in (pages_dir, pages_dir.parent)]
    index = next((f for f in candidates if f.is_file()), None)
    if index is None:
        raise FileNotFoundError(f"no evaldata.json in {pages_dir} or {pages_dir.parent}")
    records = json.loads(index.read_text(encoding="utf-8"))
    found = []
    for key, record in records.items():
        if limit and len(found) == limit:
            break
        path = pages_dir / f"{record['file']}.gz"
        if not path.is_file():
            continue
        body_gz = path.read_bytes()
        head = _head(body_gz)
        if lang is None or declared_language(head) == lang:
            found.append((key, record, body_gz, head))
    pages, seen = [], set()
    for n, (key, record, body_gz, head) in enumerate(found):
        host, target = _location(key, record["file"])
        if (host, lookup_key(target)) in seen:
            continue
        seen.add((host, lookup_key(target)))
        meta = _page_meta(head)
        title = record.get("title") or meta.get("title") or record["file"]
        teaser = record.get("description") or meta.get("description") or title
        pages.append(
            Page(
                host=host,
                target=target,
                title=_clean(title),
                teaser=_teaser(_clean(teaser)),
                author=_authors(record.get("author")),
                published=anchor - SPREAD * n / max(1, len(found)),
                body_gz=body_gz,
                etag='"' + hashlib.blake2b(body_gz, digest_size=12).hexdigest() + '"',
            )
        )
    return pages


def render_feed(feed: int, pages: list[Page], anchor: datetime) -> bytes:
    """RSS 2.0 of one feed's pages, newest first."""
    items = []
    for p in pages:
        author = f"<dc:creator>{html.escape(p.author)}</dc:creator>" if p.author else ""
        link = html.escape(f"http://{p.host}{p.target}")
        items.append(
            f"<item><title>{html.escape(p.title)}</title><link>{link}</link>"
            f'<guid isPermaLink="true">{link}</guid>'
            f"<pubDate>{format_datetime(p.published, usegmt=True)}</pubDate>{author}"
            f"<description>{html.escape(p.teaser)}</description></item>"
        )
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        f"<title>Real pages {feed}</title><link>http://{feed_host(feed)}/</link>"
        "<description>Real web pages for the mediawatch benchmark</description>"
        f"<lastBuildDate>{format_datetime(anchor, usegmt=True)}</lastBuildDate><ttl>30</ttl>"
    )
    return (head + "\n".join(items) + "</channel></rss>\n").encode("utf-8")


class PagesServer(ThreadingHTTPServer):
    """Feeds and pages by host and `lookup_key`; answers as a proxy would."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, pages: list[Page], feeds: int, anchor: datetime) -> None:
        self.stats = Stats()
        self.last_modified = format_datetime(anchor, usegmt=True)
        self.pages = {(p.host, lookup_key(p.target)): p for p in pages}
        self.hosts = {p.host for p in pages} | {feed_host(i) for i in range(feeds)}
        self.feeds: dict[tuple[str, str], tuple[bytes, str]] = {}
        for i in range(feeds):
            body = render_feed(i, pages[i::feeds], anchor)
            tag = '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
            self.feeds[(feed_host(i), lookup_key("/rss.xml"))] = (body, tag)
        super().__init__(("127.0.0.1", 0), _PagesHandler)


class _PagesHandler(_Handler):
    """bench/corpus.py's handler (304s, gzip, /__stats) over the real pages."""

    server: PagesServer  # type: ignore[assignment]

    def do_GET(self) -> None:
        target = urlsplit(self.path)
        host = (target.hostname or self.headers.get("Host", "").split(":")[0]).lower()
        if host not in self.server.hosts:
            if target.path == "/__stats":
                return self._stats()
            return self._send(404, b"Not Found\n", "text/plain", "missing")
        if target.path == "/robots.txt":
            return self._send(200, ROBOTS, "text/plain", "robots")
        where = lookup_key(target.path + (f"?{target.query}" if target.query else ""))
        if (feed := self.server.feeds.get((host, where))) is not None:
            body, etag = feed
            if self._not_modified(etag, self.server.last_modified):
                return self._send_304("feed", etag, self.server.last_modified)
            media = "application/rss+xml; charset=utf-8"
            return self._send(200, body, media, "feed", etag, self.server.last_modified)
        page = self.server.pages.get((host, where))
        if page is None:
            return self._send(404, b"Not Found\n", "text/plain", "missing")
        modified = format_datetime(page.published, usegmt=True)
        if self._not_modified(page.etag, modified):
            return self._send_304("page", page.etag, modified)
        return self._send_page(page, modified)

    def _send_304(self, kind: str, etag: str, last_modified: str) -> None:
        self.send_response(304)
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", last_modified)
        self.end_headers()
        self.server.stats.add(f"{kind}_304")

    def _send_page(self, page: Page, last_modified: str) -> None:
        """The stored gzip as it is when the client takes gzip (cheap for the server)."""
        gz = "gzip" in self.headers.get("Accept-Encoding", "")
        body = page.body_gz if gz else gzip.decompress(page.body_gz)
        self.send_response(200)
        self.send_header("Content-Type", "text/html")  # the charset is the page's to declare
        self.send_header("Content-Length", str(len(body)))
        if gz:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("ETag", page.etag)
        self.send_header("Last-Modified", last_modified)
        self.end_headers()
        self.wfile.write(body)
        self.server.stats.add("page_200")


class ServedPages(tuple[list[str], str]):
    """(feed URLs, proxy URL), unpacked as a pair; `server` is the server's process, `pages`
    how many pages it serves."""

    server: psutil.Process
    pages: int

    def __new__(
        cls, feed_urls: list[str], proxy_url: str, server: psutil.Process, pages: int
    ) -> ServedPages:
        served = super().__new__(cls, (feed_urls, proxy_url))
        served.server, served.pages = server, pages
        return served

    @property
    def feed_urls(self) -> list[str]:
        return self[0]

    @property
    def proxy_url(self) -> str:
        return self[1]


@contextlib.contextmanager
def serve_pages(
    pages_dir: str | Path, feeds: int = 10, limit: int | None = None, lang: str | None = None
) -> Iterator[ServedPages]:
    """Serve the pages from a child process; yields (feed URLs, proxy URL) while it runs."""
    cmd = [sys.executable, str(Path(__file__).resolve()), str(pages_dir), "--feeds", str(feeds)]
    cmd += ["--limit", str(limit)] if limit else []
    cmd += ["--lang", lang] if lang else []
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        ready = proc.stdout.readline().split()
        if len(ready) != 3 or ready[0] != "READY":
            raise RuntimeError(f"page server did not start: {ready}")
        urls = [proc.stdout.readline().strip() for _ in range(feeds)]
        yield ServedPages(urls, ready[1], psutil.Process(proc.pid), int(ready[2]))
    finally:
        proc.terminate()  # nothing to flush: the server keeps no state
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _watch_parent(parent: int, stop: threading.Event) -> None:
    """Set `stop` once the parent process is gone (we have been re-parented)."""
    while not stop.wait(1.0):
        if os.getppid() != parent:
            stop.set()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages_dir", type=Path, help="folder of NAME.html.gz pages")
    parser.add_argument("--feeds", type=int, default=10, help="feeds to split the pages over")
    parser.add_argument("--limit", type=int, help="serve only the first N pages")
    parser.add_argument("--lang", help='only pages declaring this language (<html lang="en">)')
    args = parser.parse_args(argv)
    parent = os.getppid()  # before READY: the parent is waiting for it, so still there
    if args.feeds < 1:
        parser.error("--feeds must be at least 1")
    anchor = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(hours=1)
    pages = load_pages(args.pages_dir, args.limit, anchor, args.lang)
    server = PagesServer(pages, args.feeds, anchor)
    proxy = "http://{}:{}".format(*server.server_address[:2])
    ready = f"READY {proxy} {len(pages)}"
    print(ready, *(feed_url(i) for i in range(args.feeds)), sep="\n", flush=True)
    print(f"{len(pages)} pages in {args.feeds} feeds; proxy {proxy}", file=sys.stderr)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    stop = threading.Event()
    threading.Thread(target=_watch_parent, args=(parent, stop), daemon=True).start()
    with contextlib.suppress(KeyboardInterrupt):
        stop.wait()
    server.shutdown()


if __name__ == "__main__":
    main()
