"""Feed encodings: invalid UTF-8 becomes U+FFFD, legacy encodings still decode, never mojibake.

Each case is one RSS 2.0, Atom 1.0 or JSON Feed document built around an item whose title,
summary and author are raw bytes, parsed with an HTTP charset (or none); the test checks the exact
strings parse_feed_detailed returns, which are the strings the warehouse stores. The last test
sends four such feeds through the real daily ingest over 127.0.0.1 and reads them back from DuckDB.
"""

from __future__ import annotations

import asyncio
import codecs
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from flows.daily_ingest import daily_ingest
from pipelines.feeds import parse_feed_detailed
from tests.support.feeds import harbour_page, ingest_config
from tests.support.http import HTML, Response, local_server
from warehouse import db

FEED_URL = "https://news.example/feed"
XML_UTF8 = b'<?xml version="1.0" encoding="utf-8"?>'
XML_BARE = b'<?xml version="1.0"?>'  # no encoding: UTF-8 unless the HTTP charset says otherwise
BOM = codecs.BOM_UTF8
BROKEN = b"Caf\xc3\x28 story"  # a 2-byte UTF-8 lead followed by "(": the classic invalid pair
REPAIRED = "Caf\ufffd( story"
ASCII = (b"Harbour reopens", b"Ships are back", b"Ana Lima")
ASCII_TEXT = ("Harbour reopens", "Ships are back", "Ana Lima")
Fields = tuple[bytes, ...]  # title, summary, author, as they stand in the document
Build = Callable[[Fields], bytes]


def xml_prolog(encoding: str) -> bytes:
    return f'<?xml version="1.0" encoding="{encoding}"?>'.encode("ascii")


def rss(fields: Fields, prolog: bytes = XML_UTF8, channel: bytes = b"World News") -> bytes:
    title, summary, author = fields
    return (
        prolog + b'<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        b"<title>" + channel + b"</title><link>https://news.example/</link>"
        b"<item><title>" + title + b"</title><link>https://news.example/a</link>"
        b"<description>" + summary + b"</description>"
        b"<dc:creator>" + author + b"</dc:creator></item></channel></rss>"
    )


def atom(fields: Fields, prolog: bytes = XML_UTF8) -> bytes:
    title, summary, author = fields
    return (
        prolog + b'<feed xmlns="http://www.w3.org/2005/Atom"><title>World News</title>'
        b"<id>urn:news</id><updated>2025-03-03T08:00:00Z</updated>"
        b"<entry><title>" + title + b"</title><id>urn:news:a</id>"
        b'<link href="https://news.example/a"/><updated>2025-03-03T08:00:00Z</updated>'
        b"<summary>" + summary + b"</summary>"
        b"<author><name>" + author + b"</name></author></entry></feed>"
    )


def json_feed(fields: Fields, prefix: bytes = b"") -> bytes:
    title, summary, author = fields
    return (
        prefix + b'{"version": "https://jsonfeed.org/version/1.1", "title": "World News",'
        b' "items": [{"id": "a", "url": "https://news.example/a", "title": "' + title + b'",'
        b' "summary": "' + summary + b'", "authors": [{"name": "' + author + b'"}]}]}'
    )


def with_broken(field: int) -> Fields:
    """The ASCII item with one field replaced by BROKEN."""
    return tuple(BROKEN if i == field else value for i, value in enumerate(ASCII))


def repaired(field: int) -> tuple[str | None, ...]:
    """What with_broken(field) must be stored as."""
    return tuple(REPAIRED if i == field else value for i, value in enumerate(ASCII_TEXT))


def stored(content: bytes, charset: str | None) -> tuple[str | None, ...]:
    """(title, summary, author) of the one item the document holds."""
    result = parse_feed_detailed(content, FEED_URL, charset)
    assert result.error is None, result
    (item,) = result.items
    return item.title, item.summary, item.author


# --- broken UTF-8 in each field, each format, each way of saying "UTF-8" --------------------------

FIELDS = ("title", "summary", "author")
XML_LABELS = {  # how a RSS/Atom document comes to be UTF-8: (prolog, HTTP charset)
    "xml-declared": (XML_UTF8, None),
    "http-declared": (XML_BARE, "utf-8"),
    "both-declared": (XML_UTF8, "UTF-8"),
    "undeclared": (b"", None),
    "bom-only": (BOM, None),
}
JSON_LABELS = {"undeclared": (b"", None), "http-declared": (b"", "utf-8"), "bom": (BOM, None)}


def broken_field_cases() -> Iterator[object]:
    for index, field in enumerate(FIELDS):
        fields = with_broken(index)
        for label, (prolog, charset) in XML_LABELS.items():
            for name, build in (("rss", rss), ("atom", atom)):
                content = build(fields, prolog)
                yield pytest.param(content, charset, repaired(index), id=f"{name}-{field}-{label}")
        for label, (prefix, charset) in JSON_LABELS.items():
            content = json_feed(fields, prefix)
            yield pytest.param(content, charset, repaired(index), id=f"json-{field}-{label}")


@pytest.mark.parametrize(("content", "charset", "expected"), broken_field_cases())
def test_broken_utf8_in_any_field_becomes_replacement_character(
    content: bytes, charset: str | None, expected: tuple[str, ...]
) -> None:
    assert stored(content, charset) == expected


# --- the rest of the document stays intact; how much damage still reads as UTF-8 ------------------

RICH = ("Zürich café".encode(), "東京 news 😀 “quoted”".encode(), "Zoë Brontë".encode())
RICH_TEXT = ("Zürich café", "東京 news 😀 “quoted”", "Zoë Brontë")
DAMAGE = [
    # (id, title bytes in an otherwise RICH item, stored title)
    ("lead-without-continuation", b"Z\xc3\xbcrich " + BROKEN, "Zürich " + REPAIRED),
    ("truncated-3-byte", "東京 ".encode() + b"\xe6\x9d", "東京 \ufffd"),
    ("truncated-4-byte", b"Smile \xf0\x9f\x98 ok", "Smile \ufffd ok"),
    ("stray-continuation", b"It\x80s here", "It\ufffds here"),
    ("invalid-bytes-ff-fe-c0", b"A\xff B\xfe C\xc0\xaf", "A\ufffd B\ufffd C\ufffd\ufffd"),
    ("cesu8-surrogate", b"Face \xed\xa0\xbd\xed\xb8\x80", "Face " + "\ufffd" * 6),
    ("overlong-slash", b"a\xc0\xafb", "a\ufffd\ufffdb"),
]


@pytest.mark.parametrize(("title", "expected"), [d[1:] for d in DAMAGE], ids=[d[0] for d in DAMAGE])
@pytest.mark.parametrize("build", [rss, atom, json_feed], ids=["rss", "atom", "json"])
def test_only_the_broken_bytes_are_replaced(build: Build, title: bytes, expected: str) -> None:
    assert stored(build((title, *RICH[1:])), None) == (expected, *RICH_TEXT[1:])


@pytest.mark.parametrize("build", [rss, atom], ids=["rss", "atom"])
def test_one_broken_title_copied_into_the_summary_is_still_damage(build: Build) -> None:
    assert stored(build((BROKEN, BROKEN, b"Ana Lima")), None) == (REPAIRED, REPAIRED, "Ana Lima")


def test_several_different_broken_bytes_among_more_utf8_characters() -> None:
    fields = (b"Caf\xc3\x28 \xff", "Zürich, Genève, Köln".encode(), b"Ana Lima")
    expected = ("Caf\ufffd( \ufffd", "Zürich, Genève, Köln", "Ana Lima")
    assert stored(rss(fields), None) == expected


def test_broken_feed_title_and_intact_feed_title() -> None:
    result = parse_feed_detailed(rss(ASCII, channel=b"World \xc3\x28 News"), FEED_URL)
    assert result.title == "World \ufffd( News"
    result = parse_feed_detailed(rss(with_broken(0), channel="Zürich 東京 😀".encode()), FEED_URL)
    assert result.title == "Zürich 東京 😀" and result.items[0].title == REPAIRED


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        (b"&#xD800;", "\ufffd"),  # a surrogate: no character
        (b"&#55357;&#56832;", "\ufffd\ufffd"),  # a surrogate pair spelled as two references
        (b"&#x110000;", "\ufffd"),  # past the last code point
        (b"&#99999999999999999999;", "\ufffd"),
        (b"&#x1F600; &#8217; &#x00e9;", "😀 ’ é"),  # good ones are left alone
    ],
)
@pytest.mark.parametrize("build", [rss, atom], ids=["rss", "atom"])
def test_references_to_no_character_become_replacement_characters(
    build: Build, reference: bytes, expected: str
) -> None:
    """They used to make feedparser's fallback parser raise, losing the whole feed."""
    assert stored(build((b"A " + reference, *ASCII[1:])), None) == (
        "A " + expected,
        *ASCII_TEXT[1:],
    )


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (b"A \\ud800 B", "A \ufffd B"),  # an escaped lone surrogate: no store accepts it
        (b"A \\udc00\\ud83d B", "A \ufffd\ufffd B"),  # the low half first: two lone halves
        (b"A \\ud83d\\ude00 B", "A 😀 B"),  # an escaped pair is one character
        (b"A \\\\ud800 B", "A \\ud800 B"),  # an escaped backslash, then plain text
    ],
)
def test_json_escapes_of_lone_surrogates_become_replacement_characters(
    title: bytes, expected: str
) -> None:
    fields = (title, b"Ships \\udfff", b"Ana \\ud800")
    assert stored(json_feed(fields), None) == (expected, "Ships \ufffd", "Ana \ufffd")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le"])
def test_json_feed_in_utf16_is_sniffed(codec: str) -> None:
    content = json_feed(tuple(text.encode() for text in RICH_TEXT)).decode().encode(codec)
    assert stored(content, None) == RICH_TEXT


# --- legacy encodings still decode; the HTTP charset and the declaration keep their order ---------

LATIN = "Crème brûlée à Genève"
LEGACY = [
    # (id, content, HTTP charset, stored (title, summary, author))
    (
        "rss-windows1252-declared",
        rss(
            ("Café “Zürich” – 5 €".encode("cp1252"), b"Na\xefve", b"Zo\xeb"),
            xml_prolog("windows-1252"),
        ),
        None,
        ("Café “Zürich” – 5 €", "Naïve", "Zoë"),
    ),
    (
        "atom-iso8859-1-declared",
        atom((LATIN.encode("latin-1"), b"Prix: 12 CHF", b"Zo\xeb"), xml_prolog("ISO-8859-1")),
        None,
        (LATIN, "Prix: 12 CHF", "Zoë"),
    ),
    (
        "rss-iso8859-1-http",
        rss((LATIN.encode("latin-1"), b"Tr\xe8s bon", b"Zo\xeb"), XML_BARE),
        "iso-8859-1",
        (LATIN, "Très bon", "Zoë"),
    ),
    (
        "rss-http-beats-xml-declaration",  # both name a codec: the HTTP charset wins
        rss((LATIN.encode("latin-1"), b"Tr\xe8s bon", b"Zo\xeb"), XML_UTF8),
        "iso-8859-1",
        (LATIN, "Très bon", "Zoë"),
    ),
    (
        "rss-http-utf8-fails-declaration-next",  # the body is not UTF-8: the prolog's codec is
        rss(("Café – 5 €".encode("cp1252"), b"ok", b"Zo\xeb"), xml_prolog("windows-1252")),
        "utf-8",
        ("Café – 5 €", "ok", "Zoë"),
    ),
    (
        "rss-http-utf8-mostly-utf8-body",  # the body is UTF-8 with damage: the HTTP charset holds
        rss((BROKEN, "Zürich, Genève".encode(), "Zoë".encode()), xml_prolog("windows-1252")),
        "utf-8",
        (REPAIRED, "Zürich, Genève", "Zoë"),
    ),
    (
        "rss-http-latin1-beats-utf8-body",  # the HTTP charset is believed, as it always was
        rss((BROKEN, b"ok", b"Ana"), XML_UTF8),
        "iso-8859-1",
        ("CafÃ( story", "ok", "Ana"),
    ),
    (
        "atom-shift-jis-declared",
        atom(
            ("東京のニュース".encode("shift_jis"), b"ok", "山田".encode("shift_jis")),
            xml_prolog("Shift_JIS"),
        ),
        None,
        ("東京のニュース", "ok", "山田"),
    ),
    (
        "rss-koi8r-http",
        rss(("Москва".encode("koi8-r"), "Новости".encode("koi8-r"), b"Ivan"), XML_BARE),
        "koi8-r",
        ("Москва", "Новости", "Ivan"),
    ),
    (
        "rss-latin1-labelled-utf8",  # many different accents, no UTF-8: read as Latin-1
        rss((LATIN.encode("latin-1"), b"Tr\xe8s bon", b"Zo\xeb"), XML_UTF8),
        None,
        (LATIN, "Très bon", "Zoë"),
    ),
    (
        "atom-latin1-undeclared",
        atom((LATIN.encode("latin-1"), b"Tr\xe8s bon", b"Zo\xeb"), b""),
        None,
        (LATIN, "Très bon", "Zoë"),
    ),
    (
        # One accented letter and nothing else outside ASCII cannot be told from one broken
        # UTF-8 sequence; the label (UTF-8) wins, so U+FFFD rather than a guess.
        "rss-one-latin1-letter-labelled-utf8",
        rss((b"Caf\xe9 story", b"ok", b"Ana")),
        None,
        ("Caf\ufffd story", "ok", "Ana"),
    ),
    (
        "rss-unknown-http-charset",  # skipped, as feedparser does: the prolog's UTF-8 holds
        rss((BROKEN, b"ok", b"Ana")),
        "no-such-codec",
        (REPAIRED, "ok", "Ana"),
    ),
    (
        "json-windows1252-http",  # not UTF-8, and the HTTP charset names the codec
        json_feed(("Café “Zürich” – 5 €".encode("cp1252"), b"ok", b"Zo\xeb")),
        "windows-1252",
        ("Café “Zürich” – 5 €", "ok", "Zoë"),
    ),
    (
        "json-valid-utf8-beats-http-charset",
        json_feed(tuple(text.encode() for text in RICH_TEXT)),
        "iso-8859-1",
        RICH_TEXT,
    ),
    (
        "json-latin1-undeclared",  # JSON is UTF-8 by definition: no guessing
        json_feed((b"Caf\xe9", b"ok", b"Zo\xeb")),
        None,
        ("Caf\ufffd", "ok", "Zo\ufffd"),
    ),
    (
        "json-unknown-http-charset",
        json_feed((BROKEN, b"ok", b"Ana")),
        "no-such-codec",
        (REPAIRED, "ok", "Ana"),
    ),
]


@pytest.mark.parametrize(
    ("content", "charset", "expected"), [c[1:] for c in LEGACY], ids=[c[0] for c in LEGACY]
)
def test_declared_and_legacy_encodings(
    content: bytes, charset: str | None, expected: tuple[str, ...]
) -> None:
    assert stored(content, charset) == expected


def test_entity_declarations_are_still_refused_in_broken_utf8() -> None:
    bomb = (
        XML_UTF8 + b'<!DOCTYPE rss [<!ENTITY a "Caf\xc3\x28 aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<rss version="2.0"><channel><title>&b;</title></channel></rss>'
    )
    assert parse_feed_detailed(bomb, FEED_URL).error == "xml_entities_refused"


# --- through the real ingest ----------------------------------------------------------------------


@pytest.mark.slow
def test_broken_utf8_reaches_the_warehouse_as_replacement_characters(
    prefect, tmp_path: Path
) -> None:
    item = (BROKEN, b"Ships are back", b"Ana \\ud800 Lima")  # the escape only means one in JSON
    feeds = {  # source name -> (body with links to /<name>.html, Content-Type)
        "rss": (rss(item, XML_BARE), "application/rss+xml; charset=utf-8"),
        "atom": (atom(item, b""), "application/atom+xml"),
        "json": (json_feed(item), "application/feed+json"),
        "json-bom": (json_feed(item, BOM), "application/feed+json"),
    }
    with local_server() as server:
        urls = {}
        for name, (body, content_type) in feeds.items():
            link = f"{server.base_url}/{name}.html".encode()
            body = body.replace(b"https://news.example/a", link)
            urls[name] = server.route(
                f"/{name}.feed", Response(200, body, {"Content-Type": content_type})
            )
            server.route(f"/{name}.html", Response(200, harbour_page("Quay opens"), HTML))
        fetch = {
            "total_timeout": 5,
            "read_timeout": 2,
            "connect_timeout": 1,
            "retries": 1,
            "backoff_base_s": 0.01,
        }
        settings = ingest_config(tmp_path, urls, fetch=fetch, workers=2)
        as_of = datetime(2025, 3, 3, 12, tzinfo=UTC)
        result = asyncio.run(daily_ingest(settings_path=str(settings), as_of=as_of))
    assert result["failures"] == []
    with db.session(tmp_path / "w.duckdb", read_only=True) as con:
        rows = con.execute(
            "SELECT s.name, a.title, a.author FROM articles a JOIN sources s USING (source_id)"
        ).fetchall()
    assert sorted(rows) == [
        ("atom", REPAIRED, "Ana \\ud800 Lima"),
        ("json", REPAIRED, "Ana \ufffd Lima"),
        ("json-bom", REPAIRED, "Ana \ufffd Lima"),
        ("rss", REPAIRED, "Ana \\ud800 Lima"),
    ]
