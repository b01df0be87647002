"""Feed parsing stage: RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and JSON Feed bytes in, FeedItem records out.

Pure and total: no network, no file access, never raises on any input. What went wrong is a value
(`ParsedFeed.error`, `ParsedFeed.warning`), for the flow to count and report.
"""

from __future__ import annotations

import codecs
import functools
import html
import io
import json
import logging
import re
import xml.sax
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
import lxml.html
from lxml import etree

from pipelines.records import FeedItem

log = logging.getLogger(__name__)

JSON_FEED_VERSION_PREFIX = "https://jsonfeed.org/version/1"
FEED_LINK_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/feed+json"}
)
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
DATE_KEYS = ("published", "updated", "created")  # feedparser maps dc:date to "updated"
# Zone names email.utils does not know; ambiguous ones (IST, BST, ...) are left out on purpose.
ZONE_OFFSETS = {
    "CET": "+0100", "CEST": "+0200", "WET": "+0000", "WEST": "+0100", "EET": "+0200",
    "EEST": "+0300", "MSK": "+0300", "HKT": "+0800", "SGT": "+0800", "JST": "+0900",
    "KST": "+0900", "AEST": "+1000", "AEDT": "+1100", "NZST": "+1200", "NZDT": "+1300",
}  # fmt: skip

_LEADING = re.compile(rb"(?:\xef\xbb\xbf|\xff\xfe|\xfe\xff)?\s*")
_SPACE_BYTES = re.compile(rb"\s*")
_PROLOG_SKIPS = {b"<?": b"?>", b"<!--": b"-->"}  # XML/processing instructions, comments
_XML_ENCODING = re.compile(rb"<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([\w.:-]{1,40})")
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_HTML_START = re.compile(rb"<!doctype\s+html|<html[\s>]", re.IGNORECASE)
_EBCDIC_MARKER = b"\x4c\x6f\xa7\x94"  # "<?xm" in EBCDIC, as feedparser sniffs it
_CHARSET = re.compile(r"[\w.:-]{1,40}")
# Exactly the well-formed multi-byte sequences (no overlongs, no surrogates, nothing past U+10FFFF).
_UTF8_CHAR = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_HIGH_BYTES = re.compile(rb"[\x80-\xff]+")
_UTF8_CODECS = frozenset({"utf-8", "utf-8-sig"})
_BIG_CHAR_REF = re.compile(rb"&#(?:[xX]0*([0-9a-fA-F]{4,})|0*([0-9]{5,}));")  # may name none
_SURROGATE = re.compile("[\ud800-\udfff]")

_DROPPED_ELEMENTS = re.compile(
    r"<(script|style|template)\b.*?(?:</\1\s*>|\Z)|<!--.*?(?:-->|\Z)", re.IGNORECASE | re.DOTALL
)
_ATTRS = r"[^>\"'<]*(?:(?:\"[^\"]*\"|'[^']*')[^>\"'<]*)*>"  # linear: quoted values may hold '>'
_LINE_BREAK = re.compile(r"<br\b" + _ATTRS, re.IGNORECASE)
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|h[1-6]|li|ul|ol|dl|dt|dd|blockquote|pre|table|tr|section|article|header"
    r"|footer|aside|figure|figcaption|hr|address)\b" + _ATTRS,
    re.IGNORECASE,
)
_ANY_TAG = re.compile(r"</?[A-Za-z]" + _ATTRS + r"|<![^>]*>|<\?[^>]*>")
_BLANK_LINES = re.compile(r"\n{3,}")
_ISO_LIKE = re.compile(r"\d{4}-?\d{2}-?\d{2}")
_TRAILING_ZONE = re.compile(r"\b([A-Z]{3,4})\s*$")


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
    start = _LEADING.match(content).end()
    if start == len(content):
        return ParsedFeed(error="empty")
    if content.startswith(b"{", start):
        return _parse_json_feed(content, url, charset)
    if _HTML_START.match(content, _prolog_end(content)):
        return _html_page(content, url)
    if _declares_entities(content, charset):
        return ParsedFeed(error="xml_entities_refused")
    return _parse_xml_feed(_repair_utf8(content, charset), url, charset)


# --- safety screen --------------------------------------------------------------------------------


def _prolog_end(view: bytes) -> int:
    """Offset of the first markup after the BOM, XML declaration, comments and PIs."""
    pos = _LEADING.match(view).end()
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
    declared = _XML_ENCODING.match(views[0], _LEADING.match(views[0]).end())
    names = [charset, declared.group(1).decode("ascii") if declared else None]
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


def decode_mostly_utf8(content: bytes, labelled: bool = False) -> str | None:
    """Text of UTF-8 bytes with a few invalid sequences, each replaced by U+FFFD; None when the
    bytes are valid UTF-8 or look like another encoding (a Latin-1 document mislabelled as
    UTF-8, say; see `_reads_as_utf8`). `labelled`: the document says it is UTF-8."""
    try:
        content.decode("utf-8")
        return None
    except UnicodeDecodeError:
        pass
    return content.decode("utf-8", "replace") if _reads_as_utf8(content, labelled) else None


def _repair_utf8(content: bytes, charset: str | None) -> bytes:
    """A feed meant as UTF-8 with its invalid sequences replaced by U+FFFD, so that feedparser does
    not decode the whole document with a fallback codec into mojibake. Feeds in another encoding,
    and Latin-1 feeds labelled UTF-8, are returned unchanged for feedparser to decode."""
    if b"\x00" in content[:4]:  # UTF-16/32: feedparser sniffs those itself
        return content
    declared = _XML_ENCODING.match(content, _LEADING.match(content).end())
    http = _codec_name(charset)
    xml = _codec_name(declared.group(1).decode("ascii") if declared else None)
    if (http or xml or "utf-8") not in _UTF8_CODECS:  # the HTTP charset wins, as in feedparser
        return content  # a legacy codec is named: feedparser applies it
    try:
        content.decode("utf-8")
        return content
    except UnicodeDecodeError:
        pass
    labelled = (xml or "utf-8") in _UTF8_CODECS  # not "HTTP UTF-8, prolog windows-1252"
    if content.startswith(codecs.BOM_UTF8) or _reads_as_utf8(content, labelled):
        return content.decode("utf-8", "replace").encode("utf-8")
    return content


def _reads_as_utf8(content: bytes, labelled: bool) -> bool:
    """Whether bytes that fail strict UTF-8 are UTF-8 with damage rather than a single-byte codec.

    Any document does when its invalid bytes do not outnumber its well-formed multi-byte
    characters. One labelled UTF-8 throughout (HTTP charset and XML declaration UTF-8 or absent,
    as XML's default is UTF-8) also does when all its invalid bytes are one and the same sequence,
    however often repeated (a broken title copied into the summary): Latin-1 text labelled UTF-8
    shows several different accented letters instead."""
    text, valid = _UTF8_CHAR.subn(b" ", content)
    invalid = _HIGH_BYTES.findall(text)
    if sum(map(len, invalid)) <= valid:
        return True
    return labelled and len(set(invalid)) == 1


@functools.lru_cache(maxsize=64)
def _codec_name(label: str | None) -> str | None:
    """Python's name for a charset label ("UTF8" -> "utf-8"); None for an unknown label, which
    feedparser skips too."""
    try:
        return codecs.lookup(label.strip()).name if label and label.strip() else None
    except (LookupError, ValueError):
        return None


def _safe_char_refs(content: bytes) -> bytes:
    """Numeric character references to no character (surrogates, past U+10FFFF) as &#xFFFD;:
    feedparser's fallback parser raises on them, which would cost the whole feed."""
    return _BIG_CHAR_REF.sub(_safe_char_ref, content) if b"&#" in content else content


def _safe_char_ref(match: re.Match[bytes]) -> bytes:
    """The reference itself when it names a Unicode scalar value, else &#xFFFD;."""
    hex_digits, digits = match.groups()
    number = (hex_digits or digits).lstrip(b"0") or b"0"
    if len(number) <= 7:  # also keeps int() away from thousands of digits
        code = int(number, 16 if hex_digits else 10)
        if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
            return match[0]
    return b"&#xFFFD;"


# --- RSS / Atom via feedparser --------------------------------------------------------------------


def _parse_xml_feed(content: bytes, url: str, charset: str | None) -> ParsedFeed:
    """Parse RSS/RDF/Atom with feedparser, keeping what it recovers from broken XML."""
    # feedparser decodes with whatever codec a header or prolog names, unguarded (punycode raises);
    # a named charset that fails is retried as UTF-8, then Latin-1, which decodes anything.
    content = _safe_char_refs(content)
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
    language = _clean(feed.get("language"))
    candidates = (_entry_item(e, url, html_text, language) for e in parsed.get("entries") or ())
    items = tuple(item for item in candidates if item.url or item.guid or item.title)
    exc = parsed.get("bozo_exception") if parsed.get("bozo") else None
    error = None
    if not items and not fmt and _HTML_START.search(content, 0, 4096):
        return _html_page(content, url)
    if not items and (not fmt or isinstance(exc, xml.sax.SAXException)):
        looks_xml = content.startswith(b"<", _LEADING.match(content).end())
        error = "malformed_xml" if looks_xml and exc is not None else "not_a_feed"
    return ParsedFeed(
        items=items,
        title=_one_line(_detail_text(feed.get("title_detail"), html_text)) or None,
        site_url=_http_url(feed.get("link"), url),
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
    published_at, offset = _parse_date(raw, fallback)
    contents = entry.get("content") or ()
    content = "\n\n".join(_detail_text(c, False) for c in contents).strip()
    summary_detail = entry.get("summary_detail") or {}
    # feedparser copies content:encoded into summary when there is no description
    own_summary = summary_detail.get("value") not in {c.get("value") for c in contents}
    author = (entry.get("author_detail") or {}).get("name") or entry.get("author")
    title_detail = entry.get("title_detail") or {}
    return FeedItem(
        feed_url=url,
        url=_http_url(entry.get("link"), url),
        guid=_clean(entry.get("id")),
        title=_one_line(_detail_text(title_detail, html_text)),
        summary=_detail_text(summary_detail, html_text) if own_summary else "",
        content=content,
        author=(_one_line(_html_to_text(author)) or None) if isinstance(author, str) else None,
        published_at=published_at,
        published_raw=raw,
        published_offset_minutes=offset,
        language=_clean(title_detail.get("language")) or language,
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
    language = _clean(data.get("language"))
    feed_author = _json_author(data)
    candidates = (_json_item(i, url, language, feed_author) for i in items if isinstance(i, dict))
    return ParsedFeed(
        items=tuple(item for item in candidates if item.url or item.guid or item.title),
        title=_one_line(_html_to_text(_json_str(data, "title") or "")) or None,
        site_url=_http_url(data.get("home_page_url"), url),
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
    codec = _codec_name(charset)
    if codec and codec not in _UTF8_CODECS:
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
    published_at, offset = _parse_date(raw, None)
    text, markup = _json_str(obj, "content_text"), _json_str(obj, "content_html")
    return FeedItem(
        feed_url=url,
        url=_http_url(obj.get("url"), url) or _http_url(obj.get("external_url"), url),
        guid=_json_id(obj.get("id")),
        title=_one_line(_html_to_text(_json_str(obj, "title") or "")),
        summary=_tidy(_json_str(obj, "summary") or ""),
        content=_tidy(text) if text else _html_to_text(markup or ""),
        author=_json_author(obj) or feed_author,
        published_at=published_at,
        published_raw=raw,
        published_offset_minutes=offset,
        language=_clean(obj.get("language")) or language,
    )


def _json_author(obj: dict[str, Any]) -> str | None:
    """Names from JSON Feed 1.1 `authors` or 1.0 `author`, comma-joined."""
    authors = obj.get("authors")
    if not isinstance(authors, list):
        authors = [obj.get("author")]
    names = [_one_line(a.get("name") or "") for a in authors if isinstance(a, dict)]
    return ", ".join(n for n in names if n) or None


def _json_id(value: object) -> str | None:
    """A JSON Feed id (a string; some 1.0 feeds use numbers) as a string."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    return _clean(str(value))


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
    base = _http_url(base_href, url) or url
    found: list[str] = []
    for link in root.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").split(";")[0].strip().lower()
        if "alternate" not in rel or kind not in FEED_LINK_TYPES:
            continue
        href = _http_url(link.get("href"), base)
        if href and href not in found:
            found.append(href)
    return tuple(found)


# --- text, links and dates ------------------------------------------------------------------------


def _detail_text(detail: Mapping[str, Any] | None, html_text: bool) -> str:
    """Plain text of a feedparser text construct (value + type)."""
    detail = detail or {}
    value = detail.get("value")
    if not isinstance(value, str):
        return ""
    return _html_to_text(value) if html_text or detail.get("type") in HTML_TYPES else _tidy(value)


def _html_to_text(fragment: str) -> str:
    """Plain text of HTML: tags and scripts dropped, entities decoded, paragraphs kept."""
    if "<" not in fragment and "&" not in fragment:
        return _one_line(fragment)  # in HTML, source newlines are just spaces
    text = " ".join(_DROPPED_ELEMENTS.sub(" ", fragment).split())
    text = _BLOCK_TAG.sub("\n\n", _LINE_BREAK.sub("\n", text))
    return _tidy(html.unescape(_ANY_TAG.sub("", text)))


def _tidy(text: str) -> str:
    """Collapse runs of spaces, keep line breaks, at most one blank line between paragraphs."""
    lines = (" ".join(line.split()) for line in text.split("\n"))  # faster than a regex
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def _one_line(text: str) -> str:
    """All whitespace runs collapsed to single spaces."""
    return " ".join(text.split())


def _clean(value: object) -> str | None:
    """A stripped non-empty string, else None."""
    return (value.strip() or None) if isinstance(value, str) else None


def _http_url(link: object, base: str) -> str | None:
    """`link` made absolute against `base`, kept only when it is an http(s) URL."""
    if not isinstance(link, str) or not link.strip():
        return None
    try:
        absolute = urljoin(base, link.strip())
        parts = urlsplit(absolute)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return None
    return absolute if parts.scheme in ("http", "https") and parts.netloc else None


def _parse_date(
    raw: str | None, fallback: Sequence[int] | None
) -> tuple[datetime | None, int | None]:
    """(UTC datetime, the feed's offset in minutes) from the raw string, else feedparser's tuple."""
    if raw is None:
        return None, None
    text = raw.strip()
    parsed = _parse_iso(text) if _ISO_LIKE.match(text) else _parse_rfc822(text)
    if parsed is None:
        return _from_struct(fallback), None
    offset = parsed.utcoffset()
    if offset is None:
        return parsed.replace(tzinfo=UTC), None
    try:
        return parsed.astimezone(UTC), int(offset.total_seconds() // 60)
    except OverflowError:  # year 1 or 9999 pushed out of range by the offset
        return None, None


def _parse_iso(text: str) -> datetime | None:
    """ISO 8601 / W3CDTF, with 'Z' read as UTC."""
    if text[-1:] in ("Z", "z"):
        text = text[:-1] + "+00:00"
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _parse_rfc822(text: str) -> datetime | None:
    """RFC 822/2822 dates, also with a few common zone names email.utils does not know."""
    text = _TRAILING_ZONE.sub(lambda m: ZONE_OFFSETS.get(m.group(1), m.group(1)), text)
    try:
        return parsedate_to_datetime(text)
    except (ValueError, TypeError, IndexError, OverflowError):
        return None


def _from_struct(value: Sequence[int] | None) -> datetime | None:
    """feedparser's parsed date tuple (already UTC) as a datetime."""
    try:
        return datetime(*value[:6], tzinfo=UTC) if value else None
    except (ValueError, TypeError, OverflowError):
        return None
