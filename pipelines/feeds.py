"""Feed parsing stage: RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and JSON Feed bytes in, FeedItem records out.

Pure and total: no network, no file access, never raises on any input. What went wrong is a value
(`ParsedFeed.error`, `ParsedFeed.warning`), for the flow to count and report. Bytes are made
readable by pipelines.charsets, field values cleaned by pipelines.feed_fields.
"""

from __future__ import annotations

import codecs
import functools
import io
import json
import logging
import re
import xml.sax
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import feedparser
import lxml.html
from lxml import etree

from pipelines.charsets import (
    LEADING,
    UTF8_CODECS,
    codec_name,
    declared_xml_encoding,
    repair_utf8,
    safe_char_refs,
)
from pipelines.feed_fields import (
    clean,
    detail_text,
    html_to_text,
    http_url,
    one_line,
    parse_date,
    tidy,
)
from pipelines.records import FeedItem

log = logging.getLogger(__name__)

JSON_FEED_VERSION_PREFIX = "https://jsonfeed.org/version/1"
FEED_LINK_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/feed+json"}
)
DATE_KEYS = ("published", "updated", "created")  # feedparser maps dc:date to "updated"

_SPACE_BYTES = re.compile(rb"\s*")
_PROLOG_SKIPS = {b"<?": b"?>", b"<!--": b"-->"}  # XML/processing instructions, comments
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_HTML_START = re.compile(rb"<!doctype\s+html|<html[\s>]", re.IGNORECASE)
_EBCDIC_MARKER = b"\x4c\x6f\xa7\x94"  # "<?xm" in EBCDIC, as feedparser sniffs it
_CHARSET = re.compile(r"[\w.:-]{1,40}")
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """Everything one feed document yielded: its items, feed metadata, or why nothing was read."""

    items: tuple[FeedItem, ...] = ()
    title: str | None = None
    site_url: str | None = None  # the feed's own <link> / home_page_url, absolute http(s)
    format: str = ""  # feedparser's version ("rss20", "rss10", "atom10", ...) or "json_feed"
    language: str | None = None
    error: str | None = None  # set only when nothing could be read: "empty", "not_a_feed", ...
    warning: str | None = None  # parser complaint when items were still recovered (bozo feeds)
    is_html: bool = False  # an HTML page was served where a feed should be
    suggested_feed_urls: tuple[str, ...] = ()  # feed links advertised by that HTML page

    @property
    def ok(self) -> bool:
        return self.error is None


def parse_feed(content: bytes, url: str) -> list[FeedItem]:
    """Parse feed bytes into items; never raises (the stage contract)."""
    return list(parse_feed_detailed(content, url).items)


def parse_feed_detailed(content: bytes, url: str, charset: str | None = None) -> ParsedFeed:
    """Parse feed bytes (charset: the HTTP Content-Type charset, if known) into a ParsedFeed."""
    start = LEADING.match(content).end()
    if start == len(content):
        return ParsedFeed(error="empty")
    if content.startswith(b"{", start):
        return _parse_json_feed(content, url, charset)
    if _HTML_START.match(content, _prolog_end(content)):
        return _html_page(content, url)
    if _declares_entities(content, charset):
        return ParsedFeed(error="xml_entities_refused")
    return _parse_xml_feed(repair_utf8(content, charset), url, charset)


# --- safety screen --------------------------------------------------------------------------------


def _prolog_end(view: bytes) -> int:
    """Offset of the first markup after the BOM, XML declaration, comments and PIs."""
    pos = LEADING.match(view).end()
    while True:
        opener = next((o for o in _PROLOG_SKIPS if view.startswith(o, pos)), None)
        if opener is None:
            return pos
        closer = _PROLOG_SKIPS[opener]
        end = view.find(closer, pos + len(opener))
        if end < 0:
            return len(view)
        pos = _SPACE_BYTES.match(view, end + len(closer)).end()


def _declares_entities(content: bytes, charset: str | None) -> bool:
    """True when a DOCTYPE in the prolog is followed by <!ENTITY (in any encoding)."""
    for view in _ascii_views(content, charset):
        pos = _prolog_end(view)
        if view[pos : pos + 9].upper() == b"<!DOCTYPE" and _ENTITY_DECL.search(view, pos):
            return True
    return False


def _ascii_views(content: bytes, charset: str | None) -> list[bytes]:
    """The document as bytes in which ASCII markup is visible, however feedparser may decode it."""
    head = content[:4]
    views = [content.replace(b"\x00", b"") if b"\x00" in head else content]  # UTF-16/32
    names = [charset, declared_xml_encoding(views[0])]
    if head == _EBCDIC_MARKER:
        names.append("cp037")
    for name in names:
        if name and _hides_ascii(name):
            try:
                views.append(content.decode(name, "replace").encode("utf-8", "replace"))
            except (UnicodeError, LookupError):
                continue
    return views


@functools.lru_cache(maxsize=64)
def _hides_ascii(name: str) -> bool:
    """True for codecs where '<!ENTITY' need not appear as ASCII bytes (UTF-7, EBCDIC, escapes)."""
    probe = b"<!ENTITY +ADw- \\x3c"
    try:
        codecs.lookup(name)
        return probe.decode(name, "replace") != probe.decode("ascii")
    except (LookupError, UnicodeError):
        return False


# --- RSS / Atom via feedparser --------------------------------------------------------------------


def _parse_xml_feed(content: bytes, url: str, charset: str | None) -> ParsedFeed:
    """Parse RSS/RDF/Atom with feedparser, keeping what it recovers from broken XML."""
    # feedparser decodes with whatever codec a header or prolog names, unguarded (punycode raises);
    # a named charset that fails is retried as UTF-8, then Latin-1, which decodes anything.
    content = safe_char_refs(content)
    for attempt in (charset, "utf-8", "iso-8859-1"):
        try:
            parsed = _run_feedparser(content, url, attempt)
        except UnicodeError:
            continue
        except Exception:  # last resort: a feedparser bug must cost one feed, not the whole run
            log.warning("feedparser failed on %s", url, exc_info=True)
            return ParsedFeed(error="parser_crash")
        return _from_feedparser(parsed, content, url)
    return ParsedFeed(error="undecodable")


def _run_feedparser(content: bytes, url: str, charset: str | None) -> Mapping[str, Any]:
    """feedparser.parse on in-memory bytes, told the URL (for relative links) and the charset."""
    content_type = "application/xml"
    if charset and _CHARSET.fullmatch(charset.strip()):
        content_type += f"; charset={charset.strip()}"
    return feedparser.parse(
        io.BytesIO(content),  # not bytes: feedparser opens a bytes value naming an existing file
        response_headers={"content-type": content_type, "content-location": url},
        sanitize_html=False,  # we reduce everything to plain text ourselves
        resolve_relative_uris=False,
    )


def _from_feedparser(parsed: Mapping[str, Any], content: bytes, url: str) -> ParsedFeed:
    """Turn feedparser's result dict into a ParsedFeed."""
    fmt = parsed.get("version") or ""
    feed = parsed.get("feed") or {}
    html_text = not fmt.startswith("atom")  # RSS and unknown formats carry HTML in any text field
    language = clean(feed.get("language"))
    candidates = (_entry_item(e, url, html_text, language) for e in parsed.get("entries") or ())
    items = tuple(item for item in candidates if item.url or item.guid or item.title)
    exc = parsed.get("bozo_exception") if parsed.get("bozo") else None
    error = None
    if not items and not fmt and _HTML_START.search(content, 0, 4096):
        return _html_page(content, url)
    if not items and (not fmt or isinstance(exc, xml.sax.SAXException)):
        looks_xml = content.startswith(b"<", LEADING.match(content).end())
        error = "malformed_xml" if looks_xml and exc is not None else "not_a_feed"
    return ParsedFeed(
        items=items,
        title=one_line(detail_text(feed.get("title_detail"), html_text)) or None,
        site_url=http_url(feed.get("link"), url),
        format=fmt,
        language=language,
        error=error,
        warning=f"{type(exc).__name__}: {exc}"[:200] if exc is not None else None,
    )


def _entry_item(
    entry: Mapping[str, Any], url: str, html_text: bool, language: str | None
) -> FeedItem:
    """One feedparser entry as a FeedItem."""
    raw, fallback = _raw_date(entry)
    published_at, offset = parse_date(raw, fallback)
    contents = entry.get("content") or ()
    content = "\n\n".join(detail_text(c, False) for c in contents).strip()
    summary_detail = entry.get("summary_detail") or {}
    # feedparser copies content:encoded into summary when there is no description
    own_summary = summary_detail.get("value") not in {c.get("value") for c in contents}
    author = (entry.get("author_detail") or {}).get("name") or entry.get("author")
    title_detail = entry.get("title_detail") or {}
    return FeedItem(
        feed_url=url,
        url=http_url(entry.get("link"), url),
        guid=clean(entry.get("id")),
        title=one_line(detail_text(title_detail, html_text)),
        summary=detail_text(summary_detail, html_text) if own_summary else "",
        content=content,
        author=(one_line(html_to_text(author)) or None) if isinstance(author, str) else None,
        published_at=published_at,
        published_raw=raw,
        published_offset_minutes=offset,
        language=clean(title_detail.get("language")) or language,
    )


def _raw_date(entry: Mapping[str, Any]) -> tuple[str | None, Sequence[int] | None]:
    """The first date string the entry carries, with feedparser's parsed tuple for it."""
    for key in DATE_KEYS:
        raw = entry.get(key)
        if isinstance(raw, str) and raw.strip():
            return raw, entry.get(f"{key}_parsed")
    return None, None


# --- JSON Feed ------------------------------------------------------------------------------------


def _parse_json_feed(content: bytes, url: str, charset: str | None) -> ParsedFeed:
    """Parse JSON Feed 1.0/1.1 with the json module."""
    data = _load_json(content, charset)
    if data is None:
        return ParsedFeed(error="malformed_json")
    version = data.get("version") if isinstance(data, dict) else None
    items = data.get("items") if isinstance(data, dict) else None
    is_json_feed = isinstance(version, str) and version.startswith(JSON_FEED_VERSION_PREFIX)
    if not isinstance(items, list) or not (is_json_feed or version is None):
        return ParsedFeed(error="not_a_feed")
    language = clean(data.get("language"))
    feed_author = _json_author(data)
    candidates = (_json_item(i, url, language, feed_author) for i in items if isinstance(i, dict))
    return ParsedFeed(
        items=tuple(item for item in candidates if item.url or item.guid or item.title),
        title=one_line(html_to_text(_json_str(data, "title") or "")) or None,
        site_url=http_url(data.get("home_page_url"), url),
        format="json_feed",
        language=language,
    )


def _load_json(content: bytes, charset: str | None) -> Any:
    """Decoded JSON value, or None when unreadable."""
    try:
        return json.loads(_json_text(content, charset), object_pairs_hook=_json_object)
    except (ValueError, RecursionError):
        return None


def _json_text(content: bytes, charset: str | None) -> str:
    """JSON bytes as text: UTF-16/32 as json sniffs them, else UTF-8 (invalid sequences as
    U+FFFD) unless it fails strict UTF-8 and the HTTP charset names another codec."""
    sniffed = json.detect_encoding(content)
    if not sniffed.startswith("utf-8"):
        return content.decode(sniffed, "replace")
    try:
        return content.decode("utf-8-sig")  # strict: json's own surrogatepass lets CESU-8 through
    except UnicodeDecodeError:
        pass
    codec = codec_name(charset)
    if codec and codec not in UTF8_CODECS:
        try:
            return content.decode(codec, "replace")
        except (LookupError, UnicodeError):
            pass
    return content.decode("utf-8-sig", "replace")


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose string values have lone surrogates ("\\ud800" escapes) as U+FFFD:
    they are no characters and no UTF-8 store accepts them."""
    return {k: _SURROGATE.sub("\ufffd", v) if isinstance(v, str) else v for k, v in pairs}


def _json_item(
    obj: dict[str, Any], url: str, language: str | None, feed_author: str | None
) -> FeedItem:
    """One JSON Feed item as a FeedItem."""
    raw = _json_str(obj, "date_published") or _json_str(obj, "date_modified")
    published_at, offset = parse_date(raw, None)
    text, markup = _json_str(obj, "content_text"), _json_str(obj, "content_html")
    return FeedItem(
        feed_url=url,
        url=http_url(obj.get("url"), url) or http_url(obj.get("external_url"), url),
        guid=_json_id(obj.get("id")),
        title=one_line(html_to_text(_json_str(obj, "title") or "")),
        summary=tidy(_json_str(obj, "summary") or ""),
        content=tidy(text) if text else html_to_text(markup or ""),
        author=_json_author(obj) or feed_author,
        published_at=published_at,
        published_raw=raw,
        published_offset_minutes=offset,
        language=clean(obj.get("language")) or language,
    )


def _json_author(obj: dict[str, Any]) -> str | None:
    """Names from JSON Feed 1.1 `authors` or 1.0 `author`, comma-joined."""
    authors = obj.get("authors")
    if not isinstance(authors, list):
        authors = [obj.get("author")]
    names = [one_line(a.get("name") or "") for a in authors if isinstance(a, dict)]
    return ", ".join(n for n in names if n) or None


def _json_id(value: object) -> str | None:
    """A JSON Feed id (a string; some 1.0 feeds use numbers) as a string."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    return clean(str(value))


def _json_str(obj: dict[str, Any], key: str) -> str | None:
    """obj[key] when it is a non-blank string."""
    value = obj.get(key)
    return value if isinstance(value, str) and value.strip() else None


# --- HTML pages served instead of a feed ----------------------------------------------------------


def _html_page(content: bytes, url: str) -> ParsedFeed:
    """The result for an HTML page: no items, plus the feeds it advertises."""
    links = _feed_links(content, url)
    return ParsedFeed(error="not_a_feed", is_html=True, suggested_feed_urls=links)


def _feed_links(content: bytes, url: str) -> tuple[str, ...]:
    """Absolute URLs of <link rel="alternate"> feeds in an HTML page, in page order."""
    try:
        root = lxml.html.document_fromstring(content)
    except (etree.LxmlError, ValueError):
        return ()
    base_href = next(iter(root.xpath("//base/@href")), None)
    base = http_url(base_href, url) or url
    found: list[str] = []
    for link in root.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").split(";")[0].strip().lower()
        if "alternate" not in rel or kind not in FEED_LINK_TYPES:
            continue
        href = http_url(link.get("href"), base)
        if href and href not in found:
            found.append(href)
    return tuple(found)
