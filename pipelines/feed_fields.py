"""Field values of feed entries as clean data: HTML and text constructs as plain text, links as
absolute http(s) URLs, dates as UTC datetimes with the feed's offset. Pure and total."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Zone names email.utils does not know; ambiguous ones (IST, BST, ...) are left out on purpose.
ZONE_OFFSETS = {
    "CET": "+0100", "CEST": "+0200", "WET": "+0000", "WEST": "+0100", "EET": "+0200",
    "EEST": "+0300", "MSK": "+0300", "HKT": "+0800", "SGT": "+0800", "JST": "+0900",
    "KST": "+0900", "AEST": "+1000", "AEDT": "+1100", "NZST": "+1200", "NZDT": "+1300",
}  # fmt: skip

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


# --- text -----------------------------------------------------------------------------------------


def detail_text(detail: Mapping[str, Any] | None, html_text: bool) -> str:
    """Plain text of a feedparser text construct (value + type)."""
    detail = detail or {}
    value = detail.get("value")
    if not isinstance(value, str):
        return ""
    return html_to_text(value) if html_text or detail.get("type") in HTML_TYPES else tidy(value)


def html_to_text(fragment: str) -> str:
    """Plain text of HTML: tags and scripts dropped, entities decoded, paragraphs kept."""
    if "<" not in fragment and "&" not in fragment:
        return one_line(fragment)  # in HTML, source newlines are just spaces
    text = " ".join(_DROPPED_ELEMENTS.sub(" ", fragment).split())
    text = _BLOCK_TAG.sub("\n\n", _LINE_BREAK.sub("\n", text))
    return tidy(html.unescape(_ANY_TAG.sub("", text)))


def tidy(text: str) -> str:
    """Collapse runs of spaces, keep line breaks, at most one blank line between paragraphs."""
    lines = (" ".join(line.split()) for line in text.split("\n"))  # faster than a regex
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def one_line(text: str) -> str:
    """All whitespace runs collapsed to single spaces."""
    return " ".join(text.split())


def clean(value: object) -> str | None:
    """A stripped non-empty string, else None."""
    return (value.strip() or None) if isinstance(value, str) else None


# --- links ----------------------------------------------------------------------------------------


def http_url(link: object, base: str) -> str | None:
    """`link` made absolute against `base`, kept only when it is an http(s) URL."""
    if not isinstance(link, str) or not link.strip():
        return None
    try:
        absolute = urljoin(base, link.strip())
        parts = urlsplit(absolute)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return None
    return absolute if parts.scheme in ("http", "https") and parts.netloc else None


# --- dates ----------------------------------------------------------------------------------------


def parse_date(
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
