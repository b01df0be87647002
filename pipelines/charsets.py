"""Bytes to text, before a parser sees them: UTF-8 with a few broken bytes, numeric character
references to no character, charset labels as Python codecs, and the charset a page declares.

Pure and total, like the feed parser and article extraction that call it.
"""

from __future__ import annotations

import codecs
import functools
import re

LEADING = re.compile(rb"(?:\xef\xbb\xbf|\xff\xfe|\xfe\xff)?\s*")  # a byte order mark, then space
UTF8_CODECS = frozenset({"utf-8", "utf-8-sig"})
HEAD_BYTES = 65536  # language/charset declarations live in the head

_XML_ENCODING = re.compile(rb"<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([\w.:-]{1,40})")
# Exactly the well-formed multi-byte sequences (no overlongs, no surrogates, nothing past U+10FFFF).
_UTF8_CHAR = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_HIGH_BYTES = re.compile(rb"[\x80-\xff]+")
_BIG_CHAR_REF = re.compile(rb"&#(?:[xX]0*([0-9a-fA-F]{4,})|0*([0-9]{5,}));")  # may name none
_CHARSET_RE = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
# WHATWG encoding labels: browsers read these as the superset on the right, and pages rely on it
# (curly quotes and the euro sign in "iso-8859-1" pages); utf-16/32 and utf-7 in a <meta> are
# never right for bytes that are not UTF-8, so they are ignored
_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "shift_jis": "cp932",
    "euc-kr": "cp949",
    "tis-620": "cp874",
}
_IGNORED_CHARSETS = ("utf-16", "utf-32", "utf-7", "utf16", "utf32", "utf7")


# --- UTF-8 with damage ----------------------------------------------------------------------------


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


def repair_utf8(content: bytes, charset: str | None) -> bytes:
    """A feed meant as UTF-8 with its invalid sequences replaced by U+FFFD, so that feedparser does
    not decode the whole document with a fallback codec into mojibake. Feeds in another encoding,
    and Latin-1 feeds labelled UTF-8, are returned unchanged for feedparser to decode."""
    if b"\x00" in content[:4]:  # UTF-16/32: feedparser sniffs those itself
        return content
    http = codec_name(charset)
    xml = codec_name(declared_xml_encoding(content))
    if (http or xml or "utf-8") not in UTF8_CODECS:  # the HTTP charset wins, as in feedparser
        return content  # a legacy codec is named: feedparser applies it
    try:
        content.decode("utf-8")
        return content
    except UnicodeDecodeError:
        pass
    labelled = (xml or "utf-8") in UTF8_CODECS  # not "HTTP UTF-8, prolog windows-1252"
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


# --- labels and declarations ----------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def codec_name(label: str | None) -> str | None:
    """Python's name for a charset label ("UTF8" -> "utf-8"); None for an unknown label, which
    feedparser skips too."""
    try:
        return codecs.lookup(label.strip()).name if label and label.strip() else None
    except (LookupError, ValueError):
        return None


def declared_xml_encoding(content: bytes) -> str | None:
    """The encoding named by the XML declaration at the start (after a BOM), if any."""
    declared = _XML_ENCODING.match(content, LEADING.match(content).end())
    return declared.group(1).decode("ascii") if declared else None


def page_head(html: bytes | str) -> bytes:
    """The start of the page as bytes, for the ASCII-only patterns of declarations."""
    head = html[:HEAD_BYTES]
    return head.encode("utf-8", "replace") if isinstance(head, str) else head


def decode_declared(html: bytes, charset: str | None) -> bytes | str:
    """Decode non-UTF-8 bytes with the HTTP or <meta> charset when it fits, else leave the bytes
    to trafilatura, whose decoder tries UTF-8 then charset_normalizer's guess and never reads
    a declaration (it guessed cp1250 for a page declaring iso-8859-1 in the dev set)."""
    try:
        html.decode("utf-8")
        return html
    except UnicodeDecodeError:
        pass
    match = _CHARSET_RE.search(page_head(html))
    labels = [label.strip().lower() for label in (charset, match and match[1].decode()) if label]
    for label in labels:
        if label.startswith(_IGNORED_CHARSETS):
            continue
        try:
            return html.decode(_CHARSET_ALIASES.get(label, label))
        except (LookupError, UnicodeDecodeError):
            continue
    if all(label in ("utf-8", "utf8") for label in labels):
        # UTF-8 with a few broken bytes: replace them rather than let a guess garble the page
        repaired = decode_mostly_utf8(html, labelled=bool(labels))
        if repaired is not None:
            return repaired
    return html


# --- character references -------------------------------------------------------------------------


def safe_char_refs(content: bytes) -> bytes:
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
