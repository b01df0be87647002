"""Find the feeds of a site from its home page, as feed readers do, and check that a feed works.

trafilatura.feeds.find_feed_urls downloads by itself; here every fetch goes through our Fetcher
(politeness, size caps, address safety) and reading a page is pure. Candidates, best first:
`<link rel="alternate">` feeds in the head (RSS and Atom before JSON Feed and loose types,
comment feeds last), then links in the body that look like feeds (trafilatura's
`determine_feed` fallback), then the paths sites commonly serve feeds at. Probing fetches a URL
as a feed and returns what it gave as a `FeedProbe`; `discover_feed` probes a page, then its
candidates, until one has items.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

from pipelines.feeds import ParsedFeed, parse_feed_detailed
from pipelines.fetch import Fetcher, FetchPolicy

# Where sites commonly serve their feed, when the page advertises none.
COMMON_PATHS = (
    "/feed",
    "/rss",
    "/feed.xml",
    "/rss.xml",
    "/atom.xml",
    "/index.xml",
    "/feed.json",
    "/feeds/posts/default",
)
# <link type> values, best first; trafilatura's looser list (text/xml, application/json, …) after
PREFERRED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/rdf+xml",
)
_COMMENTS = re.compile(r"\bcomments?\b", re.IGNORECASE)
MAX_CANDIDATES = 12
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/xml;q=0.9, */*;q=0.8"
)
MAX_PROBES = 8  # candidate feed URLs probed by discover_feed before giving up
NO_ITEMS = "no items"  # a FeedProbe's error when the feed parsed but holds no items


def feed_candidates(html: bytes | str, page_url: str) -> list[str]:
    """Absolute http(s) URLs that may be the site's feed, best first, without repeats."""
    advertised = advertised_feeds(html, page_url)
    found = [*advertised, *_anchor_feeds(html, page_url, bool(advertised))]
    found += [urljoin(site_root(page_url), path) for path in COMMON_PATHS]
    main = [u for u in found if not _COMMENTS.search(u)]
    comments = [u for u in found if _COMMENTS.search(u)]
    return list(dict.fromkeys(_http_only([*main, *comments])))[:MAX_CANDIDATES]


def advertised_feeds(html: bytes | str, page_url: str) -> list[str]:
    """`<link rel="alternate">` feeds of a page, preferred types first, in page order."""
    from trafilatura.feeds import FEED_TYPES

    root = _document(html)
    if root is None:
        return []
    base = urljoin(page_url, (root.xpath("string(//base/@href)") or "").strip())
    ranked: list[tuple[int, int, str]] = []
    for position, link in enumerate(root.iter("link")):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").split(";")[0].strip().lower()
        href = (link.get("href") or "").strip()
        if "alternate" not in rel or not href or kind not in FEED_TYPES | set(PREFERRED_TYPES):
            continue
        rank = PREFERRED_TYPES.index(kind) if kind in PREFERRED_TYPES else len(PREFERRED_TYPES)
        ranked.append((rank, position, urljoin(base, href)))
    return [url for _, _, url in sorted(ranked)]


def _anchor_feeds(html: bytes | str, page_url: str, advertised: bool) -> list[str]:
    """trafilatura's reading of the page: its <link> feeds, else body links that look like
    feeds (only needed when the head advertises nothing)."""
    if advertised:
        return []
    from trafilatura.feeds import FeedParameters, determine_feed

    text = html.decode("utf-8", "replace") if isinstance(html, bytes) else html
    parts = urlsplit(page_url)
    params = FeedParameters(site_root(page_url).rstrip("/"), parts.hostname or "", page_url)
    try:
        return determine_feed(text, params)
    except (ValueError, etree.LxmlError):
        return []


def site_root(url: str) -> str:
    """scheme://host[:port]/ of a URL."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


def _document(html: bytes | str) -> etree._Element | None:
    if not html or not html.strip():
        return None
    try:
        return lxml.html.document_fromstring(html)
    except (etree.LxmlError, ValueError):
        return None


def _http_only(urls: Iterable[str]) -> list[str]:
    return [u for u in urls if urlsplit(u).scheme in ("http", "https") and urlsplit(u).netloc]


def page_title(html: bytes | str) -> str | None:
    """The page's <title>, whitespace collapsed."""
    root = _document(html)
    title = " ".join((root.findtext(".//title") or "").split()) if root is not None else ""
    return title or None


def page_language(html: bytes | str) -> str | None:
    """The two-letter language of <html lang>, if declared."""
    root = _document(html)
    lang = (root.get("lang") or "").strip().lower() if root is not None else ""
    code = re.split(r"[-_]", lang)[0]
    return code if len(code) == 2 and code.isalpha() else None


# --- probing: fetch a URL as a feed ---


@dataclass(frozen=True, slots=True)
class FeedProbe:
    """What fetching one URL as a feed gave: the parsed feed, or why it is not a usable one."""

    url: str
    final_url: str
    http_status: int | None = None
    parsed: ParsedFeed | None = None
    error: str | None = None  # None when the feed has items
    content: bytes = b""

    @property
    def items(self) -> int:
        return len(self.parsed.items) if self.parsed else 0

    @property
    def health(self) -> Literal["ok", "empty", "failed"]:
        """ok: items were read; empty: a feed without items; failed: no feed was read."""
        return "ok" if self.items else ("empty" if self.error == NO_ITEMS else "failed")

    @property
    def newest(self) -> datetime | None:
        """When the newest dated item was published."""
        items = self.parsed.items if self.parsed else ()
        dates = [item.published_at for item in items if item.published_at is not None]
        return max(dates) if dates else None


@dataclass(frozen=True, slots=True)
class FeedDiscovery:
    """Where looking for a feed from one URL led: the feed with items (None when there is none),
    the fetch of the URL itself, and each candidate tried in vain with why."""

    feed: FeedProbe | None
    page: FeedProbe
    tried: tuple[tuple[str, str], ...] = ()

    @property
    def _home(self) -> bytes:
        return self.page.content if self.page is not self.feed else b""

    @property
    def title(self) -> str | None:
        """The feed's title, else the home page's, else the feed's host."""
        own = self.feed.parsed.title if self.feed and self.feed.parsed else None
        host = urlsplit(self.feed.url).hostname if self.feed else None
        return own or page_title(self._home) or host

    @property
    def language(self) -> str | None:
        """The language the feed declares, else the one of the home page's <html lang>."""
        own = self.feed.parsed.language if self.feed and self.feed.parsed else None
        return own or page_language(self._home)


async def probe_feed(fetcher: Fetcher, url: str) -> FeedProbe:
    """Fetch url as a feed (no conditional GET) and parse it."""
    result = await fetcher.fetch(url, accept=FEED_ACCEPT)
    final_url = result.final_url or url
    if not result.ok:
        error = result.error or result.status.value
        error += f": {result.detail}" if result.detail else ""
        return FeedProbe(url, final_url, result.http_status, error=error)
    parsed = parse_feed_detailed(result.content, final_url, result.charset)
    error = parsed.error or (None if parsed.items else NO_ITEMS)
    return FeedProbe(url, final_url, result.http_status, parsed, error, result.content)


async def probe_feeds(urls: Iterable[str], policy: FetchPolicy) -> list[FeedProbe]:
    """Each URL probed once, concurrently (the policy's per-host politeness still holds)."""
    async with Fetcher(policy) as fetcher:
        return list(await asyncio.gather(*(probe_feed(fetcher, url) for url in urls)))


async def discover_feed(url: str, policy: FetchPolicy) -> FeedDiscovery:
    """The feed at url, or, when url is an HTML page, the first of its candidate feeds (those
    it advertises, then feed_candidates) that has items; at most MAX_PROBES candidates."""
    async with Fetcher(policy) as fetcher:
        page = await probe_feed(fetcher, url)
        if page.items:
            return FeedDiscovery(page, page)
        if page.parsed is None or not page.parsed.is_html:
            return FeedDiscovery(None, page)
        suggested = list(page.parsed.suggested_feed_urls)
        candidates = [*suggested, *feed_candidates(page.content, page.final_url)]
        tried: list[tuple[str, str]] = []
        for candidate in list(dict.fromkeys(candidates))[:MAX_PROBES]:
            probe = await probe_feed(fetcher, candidate)
            if probe.items:
                return FeedDiscovery(probe, page, tuple(tried))
            tried.append((candidate, probe.error or NO_ITEMS))
    return FeedDiscovery(None, page, tuple(tried))
