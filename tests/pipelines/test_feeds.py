"""Feed parser stage on hand-written fixtures (tests/fixtures/feeds; each says what it expects)."""

from __future__ import annotations

import json
import random
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines import feeds
from pipelines.charsets import decode_mostly_utf8
from pipelines.feed_fields import parse_date
from pipelines.feeds import ParsedFeed, parse_feed, parse_feed_detailed
from pipelines.records import FeedItem
from tests.support.paths import FIXTURES

FEEDS = FIXTURES / "feeds"
FEED_URL = "https://feeds.example.com/feed.xml"
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def load(name: str) -> bytes:
    """Raw bytes of a fixture feed."""
    return (FEEDS / name).read_bytes()


def parse(name: str, url: str = FEED_URL, charset: str | None = None) -> ParsedFeed:
    """parse_feed_detailed on a fixture."""
    return parse_feed_detailed(load(name), url, charset)


def by_guid(result: ParsedFeed) -> dict[str, FeedItem]:
    """Items keyed by guid (fixtures with unique guids only)."""
    return {item.guid: item for item in result.items if item.guid}


# --- formats --------------------------------------------------------------------------------------


def test_rss20_with_summaries_only() -> None:
    url = "https://news.example.com/feeds/main.xml"
    result = parse("rss20_summaries.xml", url)
    assert (result.format, result.title, result.site_url) == (
        "rss20",
        "Example News",
        "https://news.example.com/",
    )
    assert (result.language, result.error, result.warning) == ("en-us", None, None)
    assert result.items[0] == FeedItem(
        feed_url=url,
        url="https://news.example.com/2024/05/01/budget.html",
        guid="budget-2024",
        title="Council approves new budget",
        summary="The city council approved the budget.\n\nTaxes rise by 2 %.",
        content="",
        author="Ann Editor",
        published_at=datetime(2024, 5, 1, 9, 30, tzinfo=UTC),
        published_raw="Wed, 01 May 2024 09:30:00 GMT",
        published_offset_minutes=0,
        language="en-us",
    )
    assert result.items[1].title == "Café opens in Zürich"
    assert result.items[1].summary == "Plain text summary, no markup."
    assert result.items[2].url == "https://news.example.com/feeds/story-3.html"
    assert result.items[2].summary == "Line one\nLine two & more"
    assert parse_feed(load("rss20_summaries.xml"), url) == list(result.items)


def test_rss20_content_encoded_goes_to_content() -> None:
    first, second = parse("rss20_content_encoded.xml").items
    assert first.summary == "Short teaser for the release…"
    assert first.content == (
        "What's new\n\n"
        "Version 2.0 brings faster parsing and better docs.\n\n"
        "One & two\n\nThree four\n\n"
        "Thanks to 5 < 6 contributors."
    )
    assert "trackVisitor" not in first.content and "color" not in first.content
    assert first.author == "Jane Doe"
    assert first.guid == "https://blog.example.org/?p=42"
    assert (second.summary, second.content) == ("", "Body only.")


def test_atom10_xml_base_and_text_constructs() -> None:
    result = parse("atom10_xml_base.atom")
    assert (result.format, result.title, result.language) == ("atom10", "Le Journal", "fr")
    assert result.site_url == "https://www.example.fr/"
    first, second = result.items
    assert first.url == "https://www.example.fr/actualites/2024/article-1.html"
    assert second.url == "https://www.example.fr/articles/article-2.html"
    assert first.title == "Why <b> tags are bold"  # type="text": the < is literal text
    assert second.title == "Deuxième article"  # type="html": markup stripped, entities decoded
    assert first.summary == "Un résumé en texte brut."
    assert second.summary == "Résumé HTML"
    assert first.content == "Premier paragraphe.\n\nSecond paragraphe."
    assert first.author == "Marie Curie"
    assert first.published_raw == "2024-05-03T10:15:00+02:00"  # <published> wins over <updated>
    assert first.published_at == datetime(2024, 5, 3, 8, 15, tzinfo=UTC)
    assert second.published_raw == "2024-05-02T08:00:00Z"
    assert {item.language for item in result.items} == {"fr"}


def test_atom03() -> None:
    result = parse("atom03.xml")
    assert result.format == "atom03"
    (item,) = result.items
    assert item.url == "http://old.example.net/2004/04/01/legacy"
    assert item.published_at == datetime(2004, 4, 1, 10, 0, tzinfo=UTC)
    assert item.published_offset_minutes == 60


def test_rss10_rdf() -> None:
    result = parse("rss10_rdf.rdf")
    assert (result.format, result.title, result.language) == ("rss10", "Die Zeitung", "de")
    first, second = result.items
    assert first.guid == first.url == "https://zeitung.example.de/artikel/1"
    assert first.author == "Hans Müller"
    assert first.published_at == datetime(2024, 1, 2, 2, 4, 5, tzinfo=UTC)
    assert first.published_offset_minutes == 60
    assert (second.title, second.summary, second.published_at) == (
        "Zweiter Artikel",
        "Kurzfassung zwei",
        None,
    )


def test_json_feed_11() -> None:
    result = parse("json_feed_11.json", "https://jf.example.com/feed.json")
    assert (result.format, result.title, result.language) == ("json_feed", "JSON & Friends", "en")
    assert result.site_url == "https://jf.example.com/"
    first, second, third, fourth = result.items  # the non-object item is skipped
    assert first == FeedItem(
        feed_url="https://jf.example.com/feed.json",
        url="https://jf.example.com/posts/1",
        guid="1",
        title="First post",
        summary="A summary.",
        content="Hello world.\n\nSecond para & more.",
        author="Alice, Bob",
        published_at=datetime(2024, 5, 1, 4, 0, tzinfo=UTC),
        published_raw="2024-05-01T12:00:00+08:00",
        published_offset_minutes=480,
        language="en",
    )
    assert second.url == "https://elsewhere.example.org/linked"
    assert second.content == "Plain text body.\n\nSecond paragraph."
    assert (second.title, second.author) == ("", "Feed Author")
    assert second.published_raw == "2024-05-02T08:00:00Z"  # date_modified when unpublished
    assert (third.url, third.language) == ("https://jf.example.com/posts/3", "fr")
    assert (fourth.url, fourth.guid) == (None, "4")


def test_json_feed_10() -> None:
    result = parse("json_feed_10.json")
    (item,) = result.items
    assert (result.format, item.guid, item.author) == ("json_feed", "101", "Carol")
    assert item.published_at == datetime(2019, 5, 1, 15, 0, tzinfo=UTC)
    assert item.published_offset_minutes == -300


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b'{"title": "just some JSON"}', "not_a_feed"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": {}}', "not_a_feed"),
        (b'{"version": "https://example.org/other", "items": []}', "not_a_feed"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": [', "malformed_json"),
        (b'{"a": ' + b"[" * 100_000, "malformed_json"),  # recursion depth
        (b'{"n": 1' + b"0" * 5000 + b"}", "malformed_json"),  # int conversion limit
    ],
)
def test_json_that_is_not_a_readable_feed(content: bytes, error: str) -> None:
    assert parse_feed_detailed(content, FEED_URL) == ParsedFeed(error=error)


# --- encodings ------------------------------------------------------------------------------------


# A wrong HTTP charset (utf-8) fails to decode, and feedparser falls back to the prolog's.
@pytest.mark.parametrize("charset", [None, "utf-8"])
def test_windows1252_declared_in_prolog(charset: str | None) -> None:
    (item,) = parse("rss20_windows1252_declared.xml", charset=charset).items
    assert item.title == "Café prices in Zürich rise to 5 €"
    assert item.summary == "It’s official: €5 a cup."


def test_latin1_charset_from_http_header() -> None:
    result = parse("rss20_latin1_http_charset.xml", charset="ISO-8859-1")
    assert result.title == "Genève Info"
    assert result.items[0].title == "Crème brûlée à Genève"
    assert result.items[0].summary == "Prix: 12 CHF, très bon."


def test_gbk_charset_from_http_header_is_needed() -> None:
    (item,) = parse("rss20_gbk_http_charset.xml", charset="GBK").items
    assert (item.title, item.summary) == ("北京新闻：经济增长", "经济增长百分之五。")
    assert item.published_at == datetime(2024, 5, 7, 10, 0, tzinfo=UTC)
    (guessed,) = parse("rss20_gbk_http_charset.xml").items
    assert guessed.title != item.title  # without the header nothing can tell it is GBK


# --- broken and hostile input ---------------------------------------------------------------------


def test_malformed_xml_still_yields_items() -> None:
    result = parse("rss20_malformed.xml")
    assert result.error is None
    assert result.warning is not None and result.warning.startswith("SAXParseException")
    assert [(i.title, i.url) for i in result.items] == [
        ("Fish & chips prices", "https://sloppy.example.com/fish"),
        ("Unclosed bold title", "https://sloppy.example.com/bold"),
        ("Truncated", "https://sloppy.example.com/truncated"),
    ]
    assert result.items[0].summary == "Cheap & cheerful"


def test_truncated_feed_without_items_is_malformed() -> None:
    content = b'<rss version="2.0"><channel><title>t</title><item><title>a</ti'
    result = parse_feed_detailed(content, FEED_URL)
    assert (result.items, result.error, result.format) == ((), "malformed_xml", "rss20")


def test_empty_channel_is_not_an_error() -> None:
    result = parse("rss20_empty_channel.xml")
    assert (result.items, result.error, result.title) == ((), None, "Quiet Feed")


@pytest.mark.parametrize("content", [b"", b"   \n\t ", b"\xef\xbb\xbf", b"\xef\xbb\xbf \r\n"])
def test_empty_input(content: bytes) -> None:
    assert parse_feed_detailed(content, FEED_URL) == ParsedFeed(error="empty")


@pytest.mark.parametrize(
    "content",
    [
        random.Random(0).randbytes(4096),
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
        b"<foo>well-formed XML, but not a feed</foo>",
        b"Just a sentence.",
    ],
)
def test_garbage_is_not_a_feed(content: bytes) -> None:
    result = parse_feed_detailed(content, FEED_URL)
    assert (result.items, result.error, result.is_html) == ((), "not_a_feed", False)


def test_html_page_suggests_its_feeds() -> None:
    result = parse("html_page_with_feed_links.html", "https://www.example.com/")
    assert (result.items, result.error, result.is_html) == ((), "not_a_feed", True)
    assert result.suggested_feed_urls == (
        "https://www.example.com/news/feed.rss",
        "https://www.example.com/atom.xml",
        "https://www.example.com/news/feed.json",
    )


def test_html_page_after_junk_is_still_recognised() -> None:
    content = (
        b"Notice: undefined index\n<html><head>"
        b"<link rel=alternate type=application/rss+xml href=/rss></head></html>"
    )
    result = parse_feed_detailed(content, "https://blog.example.com/feed/")
    assert (result.is_html, result.suggested_feed_urls) == (True, ("https://blog.example.com/rss",))


@pytest.mark.parametrize(
    "name", ["xml_billion_laughs.xml", "xml_xxe_file.xml", "xml_entity_bomb_regex_bypass.xml"]
)
def test_entity_declarations_are_refused_quickly(name: str) -> None:
    started = time.perf_counter()
    result = parse(name)
    assert time.perf_counter() - started < 1.0
    assert result == ParsedFeed(error="xml_entities_refused")


def test_entity_screen_sees_through_utf16_and_utf7() -> None:
    declaration = '<?xml version="1.0"?>'
    body = load("xml_entity_bomb_regex_bypass.xml").decode("ascii").removeprefix(declaration)
    utf16 = ('<?xml version="1.0" encoding="utf-16"?>' + body).encode("utf-16")
    # In UTF-7 "<" may be written "+ADw-": feedparser decodes it and expat sees the whole DTD.
    utf7 = ('<?xml version="1.0" encoding="utf-7"?>' + body.replace("<", "+ADw-")).encode()
    assert b"<!ENTITY" not in utf7 and b"<!ENTITY" not in utf16
    for content in (utf16, utf7):
        assert parse_feed_detailed(content, FEED_URL).error == "xml_entities_refused"


def test_feedparser_alone_neither_resolves_xxe_nor_expands_plain_bombs() -> None:
    # Documents the dependency under our screen: if an upgrade changes this, look again.
    xxe = feeds._parse_xml_feed(load("xml_xxe_file.xml"), FEED_URL, None)
    assert [item.title for item in xxe.items] == ["Leak &xxe;"]
    assert "root:" not in repr(xxe)
    bomb = feeds._parse_xml_feed(load("xml_billion_laughs.xml"), FEED_URL, None)
    assert [item.title for item in bomb.items] == ["Boom &lol9;"]
    assert len(repr(bomb)) < 5000


def test_harmless_doctype_is_parsed() -> None:
    result = parse("rss091_netscape_doctype.xml")
    assert (result.format, result.error) == ("rss091n", None)
    assert [item.title for item in result.items] == ["Old but valid"]


def test_bytes_naming_a_file_are_not_opened(tmp_path: Path) -> None:
    feed_file = tmp_path / "feed.xml"
    feed_file.write_bytes(load("rss20_summaries.xml"))
    assert parse_feed(str(feed_file).encode(), FEED_URL) == []


@pytest.mark.parametrize("where", ["header", "prolog"])
def test_a_codec_feedparser_chokes_on_is_worked_around(where: str) -> None:
    content, charset = load("rss20_summaries.xml"), "punycode"
    if where == "prolog":
        content, charset = content.replace(b'encoding="utf-8"', b'encoding="punycode"'), None
    result = parse_feed_detailed(content, FEED_URL, charset)
    assert [item.title for item in result.items][:2] == [
        "Council approves new budget",
        "Café opens in Zürich",
    ]


def test_a_feedparser_crash_becomes_a_value(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("bug inside feedparser")

    monkeypatch.setattr(feeds.feedparser, "parse", explode)
    assert parse_feed_detailed(load("rss20_summaries.xml"), FEED_URL).error == "parser_crash"


# --- dates, titles, links -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("guid", "expected", "offset"),
    [
        ("plus0800", datetime(2024, 5, 7, 10, 0, tzinfo=UTC), 480),
        ("minus0500", datetime(2024, 5, 7, 23, 0, tzinfo=UTC), -300),
        ("gmt", datetime(2024, 5, 7, 18, 0, tzinfo=UTC), 0),
        ("est", datetime(2024, 5, 7, 23, 0, tzinfo=UTC), -300),
        ("cest", datetime(2024, 5, 7, 16, 0, tzinfo=UTC), 120),
        ("isoz", datetime(2024, 5, 7, 18, 0, tzinfo=UTC), 0),
        ("isooffset", datetime(2024, 5, 7, 12, 30, tzinfo=UTC), 330),
        ("nozone", datetime(2024, 5, 7, 18, 0, tzinfo=UTC), None),
        ("future", datetime(2100, 1, 1, 0, 0, tzinfo=UTC), 0),
    ],
)
def test_dates_are_utc_with_the_feed_offset_kept(
    guid: str, expected: datetime, offset: int | None
) -> None:
    item = by_guid(parse("rss20_dates.xml"))[guid]
    assert item.published_at == expected
    assert item.published_at is not None and item.published_at.tzinfo is UTC
    assert item.published_offset_minutes == offset
    assert item.published_raw is not None


def test_unparseable_and_missing_dates() -> None:
    items = by_guid(parse("rss20_dates.xml"))
    assert (items["garbage"].published_at, items["garbage"].published_raw) == (
        None,
        "sometime last week",
    )
    assert (items["undated"].published_at, items["undated"].published_raw) == (None, None)


def test_tricky_titles_links_and_duplicate_guids() -> None:
    items = parse("rss20_tricky_items.xml").items
    assert [(i.guid, i.title, i.url) for i in items] == [
        ("script", "Breaking: markets <b>rally</b> & 5 < 6", "https://tricky.example.com/script"),
        ("cdata", "Bold and italic title", "https://tricky.example.com/cdata"),
        ("nolink", "No link at all", None),
        ("jslink", "Script link", None),
        (
            "https://tricky.example.com/permalink",
            "Permalink guid",
            "https://tricky.example.com/permalink",
        ),
        ("dup", "First copy", "https://tricky.example.com/dup-1"),
        ("dup", "Second copy", "https://tricky.example.com/dup-2"),
    ]


# --- never raises ---------------------------------------------------------------------------------

PREFIXES = [
    b"",
    b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>',
    b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><updated>',
    b'{"version": "https://jsonfeed.org/version/1.1", "items": [',
    b"<!DOCTYPE html><html><head><link rel=alternate type=application/rss+xml href=",
    b"<!DOCTYPE rss [",
]
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=12,
)
ITEM_KEYS = ["id", "url", "external_url", "title", "content_html", "content_text", "summary"]
ITEM_KEYS += ["date_published", "date_modified", "authors", "author", "language"]


CHARSETS = [None, "utf-8", "GBK", "utf-16", "utf-7", "cp037", "no-such-codec", "base64"]


@FUZZ
@given(
    prefix=st.sampled_from(PREFIXES),
    tail=st.binary(max_size=2000),
    charset=st.sampled_from(CHARSETS),
)
def test_parse_feed_never_raises_on_bytes(prefix: bytes, tail: bytes, charset: str | None) -> None:
    result = parse_feed_detailed(prefix + tail, FEED_URL, charset)
    assert all(isinstance(item, FeedItem) for item in result.items)
    assert result.items or result.error is not None or result.format
    assert parse_feed(prefix + tail, FEED_URL) == list(
        parse_feed_detailed(prefix + tail, FEED_URL).items
    )


@FUZZ
@given(items=st.lists(st.dictionaries(st.sampled_from(ITEM_KEYS), JSON_VALUES), max_size=4))
def test_json_feed_with_any_field_types_never_raises(items: list[dict[str, object]]) -> None:
    content = json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": items})
    result = parse_feed_detailed(content.encode(), FEED_URL)
    assert result.error is None
    assert all(i.published_at is None or i.published_at.tzinfo is UTC for i in result.items)


@FUZZ
@given(raw=st.text(max_size=60))
def test_date_parsing_never_raises(raw: str) -> None:
    published_at, offset = parse_date(raw, None)
    assert published_at is None or published_at.tzinfo is UTC
    assert offset is None or -24 * 60 < offset < 24 * 60


# --- invalid UTF-8 --------------------------------------------------------------------------------


def _utf8_feed_with_broken_bytes(prolog: str = '<?xml version="1.0" encoding="utf-8"?>') -> bytes:
    text = (
        f'{prolog}<rss version="2.0"><channel><title>Zürich News</title>'
        "<item><title>Café in Zürich BROKEN reopens</title><link>https://z.example/a</link>"
        "<description>Naïve BROKEN plan</description></item></channel></rss>"
    )
    return text.encode("utf-8").replace(b"BROKEN", b"\xff\xc3(")


@pytest.mark.parametrize("charset", [None, "utf-8"])
def test_invalid_utf8_bytes_become_replacement_characters(charset: str | None) -> None:
    result = parse_feed_detailed(_utf8_feed_with_broken_bytes(), FEED_URL, charset)
    (item,) = result.items
    assert result.title == "Zürich News"
    assert item.title == "Café in Zürich \ufffd\ufffd( reopens"
    assert item.summary == "Naïve \ufffd\ufffd( plan"


def test_undeclared_utf8_with_broken_bytes_is_repaired_too() -> None:
    (item,) = parse_feed_detailed(_utf8_feed_with_broken_bytes(""), FEED_URL).items
    assert item.title.startswith("Café in Zürich \ufffd")


def test_mostly_invalid_utf8_is_left_to_the_fallback_codecs() -> None:
    """A Latin-1 feed labelled UTF-8 has no valid multi-byte sequence: not 'repaired'."""
    assert decode_mostly_utf8("Café à Genève".encode("latin-1")) is None
    assert decode_mostly_utf8("Café".encode()) is None  # valid: nothing to repair
    assert decode_mostly_utf8("Zürich café \xff".encode() + b"\xff") == "Zürich café ÿ\ufffd"
