"""Find the feeds of a site from its home page, as feed readers do: pure, on HTML we fetched.

trafilatura.feeds.find_feed_urls downloads by itself; here the caller fetches with our Fetcher
(politeness, size caps, address safety) and this module only reads the page. Candidates, best
first: `<link rel="alternate">` feeds in the head (RSS and Atom before JSON Feed and loose types,
comment feeds last), then links in the body that look like feeds (trafilatura's
`determine_feed` fallback), then the paths sites commonly serve feeds at.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

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
