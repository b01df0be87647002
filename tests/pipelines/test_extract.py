"""Extraction stage: hand-written pages in fixtures/pages (each says what it expects at its top)."""

from __future__ import annotations

import pickle
import random
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from pipelines.extract import (
    ExtractionMethod,
    ExtractionOutcome,
    ExtractJob,
    ExtractOptions,
    build_article,
    clean_title,
    extract_article,
    extract_batch,
    is_html,
)
from pipelines.language import count_words, declared_language, detect_language, guess_language
from pipelines.page_dates import DateSource, parse_page_date
from pipelines.records import FeedItem
from tests.support.paths import FIXTURES

PAGES = FIXTURES / "pages"
NOW = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
FIRST_SEEN = datetime(2024, 5, 31, 18, 0, tzinfo=UTC)
NEWS_URL = "https://www.coastal-ledger.example/news/2024/05/14/night-ferry-trial"
FEED_CONTENT = " ".join(
    f"Sentence {i} of the full story as the feed carries it, with enough words." for i in range(15)
)


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


def item(**fields) -> FeedItem:
    defaults = {"feed_url": "https://feeds.example/rss", "url": NEWS_URL, "guid": None, "title": ""}
    return FeedItem(**{**defaults, **fields})


# --- extract_article on the fixture pages ---


def test_news_page_keeps_the_body_and_drops_the_clutter():
    article = extract_article(page("news_clutter.html"), NEWS_URL)

    assert article is not None
    assert "approved a six-month trial of late-night ferry crossings" in article.text
    assert "cost about 410,000 euros, shared with the regional council" in article.text
    assert "the service will become permanent from January" in article.text
    clutter = [
        "We use cookies",  # cookie banner
        "Weather and tides",  # navigation
        "Share on Facebook",  # share buttons
        "Bridge repairs to close the coast road",  # related links
        "Get the morning briefing",  # newsletter box
        "About time! I have missed the last boat",  # reader comments
        "diesel engines running past midnight",
        "Join the discussion",
        "All rights reserved",  # footer
        "Privacy notice",
    ]
    assert [c for c in clutter if c in article.text] == []
    assert article.title == "Harbour authority approves night ferry trial"
    assert article.author == "Maya Lindqvist"
    assert article.published_at == datetime(2024, 5, 14, 7, 30, tzinfo=UTC)
    assert article.sitename == "The Coastal Ledger"
    assert article.language == "en"
    assert article.description is not None and "six-month trial" in article.description


def test_str_input_gives_the_same_article_as_bytes():
    html = page("news_clutter.html")
    assert extract_article(html.decode("utf-8"), NEWS_URL) == extract_article(html, NEWS_URL)


def test_paywall_teaser_gives_only_the_teaser():
    article = extract_article(page("paywall_teaser.html"), "https://vbr.example/energy/grid-tender")

    assert article is not None
    assert "postponed its tender for 300 megawatts of battery storage" in article.text
    assert count_words(article.text) < 120
    assert "See subscription offers" not in article.text
    assert "Log in" not in article.text
    assert article.author == "Priya Natarajan"
    assert article.published_at == datetime(2024, 9, 2, 6, 15, tzinfo=UTC)


def test_german_page_language_umlauts_and_metadata():
    url = "https://kreisbote-nord.example/lokales/stadtbibliothek-sonntag"
    article = extract_article(page("german_news.html"), url)

    assert article is not None
    assert article.language == "de"
    assert "Die Stadtbibliothek öffnet ab dem 1. März auch sonntags" in article.text
    assert "„Gerade Familien und Berufstätige haben uns immer wieder gesagt" in article.text
    for clutter in ("Diese Website verwendet Cookies", "Anzeigen aufgeben", "Volkshochschule"):
        assert clutter not in article.text
    assert "Impressum" not in article.text
    assert article.title == "Stadtbibliothek verlängert Öffnungszeiten am Wochenende"
    assert article.author == "Jonas Weber"
    assert article.published_at == datetime(2024, 2, 20, tzinfo=UTC)  # date only: midnight UTC
    assert article.sitename == "Kreisbote Nord"


def test_date_only_in_json_ld_is_found_and_converted_to_utc():
    url = "https://riverside-daily.example/city/four-day-week"
    article = extract_article(page("jsonld_date_only.html"), url)

    assert article is not None
    assert article.published_at == datetime(2023, 11, 3, 22, 45, tzinfo=UTC)
    assert article.published_at.tzinfo is UTC
    assert article.author == "Tomás Ferreira"
    assert article.title == "City council backs four-day week pilot for municipal staff"
    assert article.sitename == "Riverside Daily"
    assert "keeping their full salaries while working 32 hours" in article.text
    assert "Road closures this weekend" not in article.text
    assert "Email this article" not in article.text


def test_declared_charset_and_meta_tag_date():
    url = "https://echo-littoral.example/actualite/navettes"
    article = extract_article(page("french_cp1252_meta_date.html"), url)

    assert article is not None
    assert "dans le cœur de ville" in article.text
    assert "L’expérimentation durera tout l’été" in article.text
    assert article.language == "fr"
    assert article.published_at == datetime(2022, 6, 30, 16, 5, tzinfo=UTC)
    assert article.author == "Claire Dubois"
    for clutter in ("Accueil", "lettre d’information", "Mentions légales"):
        assert clutter not in article.text


def test_charset_guess_alone_loses_characters_on_that_page():
    """Why `declared_charset` is on: trafilatura's own guess drops ’ and œ from this page."""
    html = page("french_cp1252_meta_date.html")
    url = "https://echo-littoral.example/actualite/navettes"
    guessed = extract_article(html, url, options=ExtractOptions(declared_charset=False))
    assert guessed is not None and "cœur" not in guessed.text


def test_an_impossible_charset_declaration_is_ignored():
    body = "<p>" + "Le café de la gare rouvre ses portes après des travaux d’été. " * 10 + "</p>"
    html = ('<html><head><meta charset="utf-16"></head><body>' + body + "</body></html>").encode(
        "cp1252"
    )
    html += b" " * (len(html) % 2)  # even length: it would decode as UTF-16, to nonsense
    article = extract_article(html, "https://example.fr/cafe")
    assert article is not None and "Le café de la gare rouvre" in article.text


@pytest.mark.parametrize(
    "html",
    [
        b"",
        "",
        b"   \n\t ",
        b"\x00\x01\x02\xff" * 1000,
        bytes(random.Random(7).randrange(256) for _ in range(20_000)),
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n",
        b"\x89PNG\r\n\x1a\n" + bytes(200),
        "<html></html>",
        "<html><head><title>Only a title</title></head><body></body></html>",
        "<" * 50_000,
        "<html><body>" + "<div>" * 20_000 + "</body></html>",
        # huge but empty: 2 MB of script, 3 MB of whitespace, 20,000 empty elements
        "<html><head><script>"
        + "var x = 1;" * 200_000
        + "</script></head><body>"
        + " \n" * 1_500_000
        + "<div><span></span></div>" * 20_000
        + "</body></html>",
    ],
    ids=[
        "empty-bytes",
        "empty-str",
        "whitespace",
        "control-bytes",
        "random-bytes",
        "pdf",
        "png",
        "empty-html",
        "title-only",
        "angle-brackets",
        "deep-nesting",
        "huge-but-empty",
    ],
)
def test_garbage_gives_none_without_raising(html):
    assert extract_article(html, "https://example.com/x") is None


# --- build_article: page or feed text, outcome, date ---


def test_full_page_is_used_with_the_feed_title_and_date():
    feed_date = datetime(2024, 5, 14, 7, 45, tzinfo=UTC)
    result = build_article(
        item(title="Night ferries: trial approved", published_at=feed_date, content=FEED_CONTENT),
        page("news_clutter.html"),
        NEWS_URL,
        FIRST_SEEN,
        now=NOW,
    )
    assert result.extraction_method is ExtractionMethod.PAGE
    assert result.outcome is ExtractionOutcome.FULL
    assert result.reason is None
    assert (result.published_at, result.date_source) == (feed_date, DateSource.FEED)
    assert result.article is not None
    assert result.article.title == "Night ferries: trial approved"
    assert result.article.author == "Maya Lindqvist"  # the feed has none
    assert result.article.published_at == feed_date
    assert "late-night ferry crossings" in result.article.text
    assert result.word_count >= 120


def test_no_page_falls_back_to_feed_content():
    result = build_article(
        item(
            title="Story",
            content=FEED_CONTENT,
            summary="A short teaser of the story, nothing more.",
        ),
        None,
        NEWS_URL,
        FIRST_SEEN,
        now=NOW,
    )
    assert result.extraction_method is ExtractionMethod.FEED_CONTENT
    assert result.reason == "no_page"
    assert result.outcome is ExtractionOutcome.FULL
    assert result.article is not None and result.article.text == FEED_CONTENT
    assert result.article.title == "Story"
    assert result.article.language == "en"
    assert (result.published_at, result.date_source) == (FIRST_SEEN, DateSource.FIRST_SEEN)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", None),
        (b"\x89PNG\r\n\x1a\n" + bytes(64), None),
        (b"GIF89a" + bytes(64), None),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(64), None),
        (b"<html><body><p>Looks like HTML</p></body></html>", "application/pdf"),
    ],
    ids=["pdf", "png", "gif", "jpeg", "pdf-content-type"],
)
def test_non_html_page_is_not_extracted_and_the_summary_is_used(body, content_type):
    summary = "The ministry published its annual report on rail safety with figures for every line."
    result = build_article(
        item(title="Rail safety report", summary=summary),
        body,
        "https://example.org/report.pdf",
        FIRST_SEEN,
        now=NOW,
        content_type=content_type,
    )
    assert result.reason == "not_html"
    assert result.extraction_method is ExtractionMethod.FEED_SUMMARY
    assert result.outcome is ExtractionOutcome.SHORT
    assert result.article is not None and result.article.text == summary


def test_short_page_falls_back_to_longer_feed_content():
    short_page = (
        b"<html><head><title>Brief</title></head><body><article><h1>Brief</h1>"
        b"<p>The council met on Monday and agreed to look again at the bus timetable in autumn, "
        b"after complaints from several villages about missed connections.</p>"
        b"</article></body></html>"
    )
    result = build_article(
        item(title="Bus timetable review", content=FEED_CONTENT),
        short_page,
        NEWS_URL,
        FIRST_SEEN,
        now=NOW,
    )
    assert result.reason == "too_short"
    assert result.extraction_method is ExtractionMethod.FEED_CONTENT
    assert result.outcome is ExtractionOutcome.FULL
    assert result.article is not None and result.article.text == FEED_CONTENT


def test_short_page_is_kept_when_the_feed_has_less():
    short_page = (
        b"<html><body><article><p>The council met on Monday and agreed to look again at the bus "
        b"timetable in autumn, after complaints from several villages about missed connections."
        b"</p></article></body></html>"
    )
    result = build_article(
        item(title="Bus", summary="Read more"), short_page, NEWS_URL, FIRST_SEEN, now=NOW
    )
    assert result.extraction_method is ExtractionMethod.PAGE
    assert result.outcome is ExtractionOutcome.SHORT
    assert result.reason == "too_short"


def test_paywalled_page_is_flagged_and_feed_content_used():
    result = build_article(
        item(title="Grid tender delayed", content=FEED_CONTENT),
        page("paywall_teaser.html"),
        "https://vbr.example/energy/grid-tender",
        FIRST_SEEN,
        now=datetime(2024, 9, 3, tzinfo=UTC),
    )
    assert result.outcome is ExtractionOutcome.PAYWALL_SUSPECTED
    assert result.extraction_method is ExtractionMethod.FEED_CONTENT
    assert result.reason == "too_short"
    assert (result.published_at, result.date_source) == (
        datetime(2024, 9, 2, 6, 15, tzinfo=UTC),
        DateSource.PAGE,
    )


def test_paywalled_page_without_feed_text_keeps_the_teaser():
    result = build_article(
        item(title="Grid tender delayed"),
        page("paywall_teaser.html"),
        "https://vbr.example/energy/grid-tender",
        FIRST_SEEN,
        now=datetime(2024, 9, 3, tzinfo=UTC),
    )
    assert result.outcome is ExtractionOutcome.PAYWALL_SUSPECTED
    assert result.extraction_method is ExtractionMethod.PAGE
    assert result.article is not None and "battery storage" in result.article.text


def test_no_page_and_no_feed_text_fails():
    result = build_article(item(title="Headline only"), None, NEWS_URL, FIRST_SEEN, now=NOW)
    assert result.outcome is ExtractionOutcome.FAILED
    assert result.article is None and result.extraction_method is None
    assert result.date_source is DateSource.FIRST_SEEN


def test_future_feed_date_gives_way_to_the_page_date():
    result = build_article(
        item(title="Ferries", published_at=NOW + timedelta(days=3)),
        page("news_clutter.html"),
        NEWS_URL,
        FIRST_SEEN,
        now=NOW,
    )
    assert result.date_source is DateSource.PAGE
    assert result.published_at == datetime(2024, 5, 14, 7, 30, tzinfo=UTC)


def test_feed_date_within_a_day_ahead_is_accepted():
    ahead = NOW + timedelta(hours=20)  # a feed in a timezone ahead that mislabels its offset
    result = build_article(
        item(title="x", published_at=ahead, content=FEED_CONTENT),
        None,
        NEWS_URL,
        FIRST_SEEN,
        now=NOW,
    )
    assert (result.published_at, result.date_source) == (ahead, DateSource.FEED)


def test_pre_1995_date_falls_back_to_first_seen():
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    result = build_article(
        item(title="x", published_at=epoch, content=FEED_CONTENT),
        None,
        NEWS_URL,
        FIRST_SEEN,
        now=NOW,
    )
    assert (result.published_at, result.date_source) == (FIRST_SEEN, DateSource.FIRST_SEEN)


def test_naive_datetimes_are_taken_as_utc():
    naive_seen = datetime(2024, 5, 31, 18, 0)
    result = build_article(
        item(title="x", content=FEED_CONTENT), None, NEWS_URL, naive_seen, now=datetime(2024, 6, 1)
    )
    assert result.published_at == FIRST_SEEN and result.published_at.tzinfo is UTC


def test_extract_batch_runs_picklable_jobs_in_order():
    jobs = [
        ExtractJob(item(title="A", content=FEED_CONTENT), None, NEWS_URL, FIRST_SEEN, NOW),
        ExtractJob(item(title="B"), page("news_clutter.html"), NEWS_URL, FIRST_SEEN, NOW),
    ]
    results = extract_batch(pickle.loads(pickle.dumps(jobs)))

    assert [r.extraction_method for r in results] == [ExtractionMethod.FEED_CONTENT, "page"]
    assert [r.article.title for r in results if r.article] == ["A", "B"]
    assert pickle.loads(pickle.dumps(results)) == results


def test_importing_the_module_does_not_import_trafilatura():
    code = "import sys, pipelines.extract; print('trafilatura' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- helpers ---


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The minister said that the new rules would come into force at the end of the year, "
            "and that they were the result of a long consultation with the industry.",
            "en",
        ),
        (
            "Die Ministerin sagte, dass die neuen Regeln zum Ende des Jahres in Kraft treten und "
            "das Ergebnis einer langen Beratung mit der Branche sind, auch wenn es Kritik gibt.",
            "de",
        ),
        (
            "La ministre a déclaré que les nouvelles règles entreront en vigueur à la fin de "
            "l'année et qu'elles sont le résultat d'une longue consultation avec le secteur.",
            "fr",
        ),
        (
            "La ministra dijo que las nuevas normas entrarán en vigor a finales del año y que son "
            "el resultado de una larga consulta con el sector, aunque hay críticas de los grupos.",
            "es",
        ),
        (
            "La ministra ha detto che le nuove regole entreranno in vigore alla fine dell'anno e "
            "che sono il risultato di una lunga consultazione con il settore, anche se non tutti.",
            "it",
        ),
        (
            "De minister zei dat de nieuwe regels aan het eind van het jaar van kracht worden en "
            "dat ze het resultaat zijn van een lang overleg met de sector, maar er is ook kritiek.",
            "nl",
        ),
        (
            "A ministra disse que as novas regras entram em vigor no final do ano e que são o "
            "resultado de uma longa consulta com o setor, mas não agradam a todos os grupos.",
            "pt",
        ),
        (
            "部长表示，新规定将于今年年底生效，这是与业界长期协商的结果。许多企业对此表示欢迎，"
            "但也有一些团体提出了批评意见。",
            "zh",
        ),
        (
            "大臣は、新しい規則は年末に施行され、業界との長い協議の結果であると述べた。"
            "多くの企業はこれを歓迎しているが、批判もある。",
            "ja",
        ),
        ("Too short to tell.", None),
    ],
)
def test_detect_language(text, expected):
    assert detect_language(text) == expected


def test_guess_language_prefers_the_text_and_distrusts_latin_declarations_on_other_scripts():
    german = "Die Stadt hat beschlossen, dass die Bibliothek auch am Sonntag geöffnet wird " * 3
    assert guess_language(german, "en") == "de"  # a template's lang="en"
    assert guess_language("Too short to tell.", "sv") == "sv"
    russian = "Министр заявил, что новые правила вступят в силу в конце года " * 3
    assert guess_language(russian, "ru") == "ru"
    assert guess_language(russian, "en") is None


def test_declared_language_from_html_lang_or_meta():
    assert declared_language(b'<html class="x" lang="pt-BR"><head>') == "pt"
    assert declared_language('<html><head><meta property="og:locale" content="sv_SE">') == "sv"
    assert declared_language(b"<html><head><title>x</title>") is None


def test_count_words_handles_text_without_spaces():
    assert count_words("one two  three\nfour") == 4
    assert count_words("新规定将于今年年底生效") == 5


CLEAN_TITLES = [
    # (<title>, og:site_name, url, expected headline)
    ("Warum Wien - Helge.at", "Helge.at", "http://www.helge.at/2014/x", "Warum Wien"),
    ("Durch die Gegend | Mit Musiker", "Durch die Gegend", "https://a.example/", "Mit Musiker"),
    (
        "Rasende Polizisten - strafprozess.ch",
        None,
        "https://strafprozess.ch/x",
        "Rasende Polizisten",
    ),
    ("Covid-19: Lässt sich das kontrollieren?", "Spektrum", "https://spektrum.de/x", None),
    ("Dorf feiert - Bilder", "ORF", "https://orf.at/x", None),  # 'orf' is not 'dorf'
]


@pytest.mark.parametrize(("title", "sitename", "url", "expected"), CLEAN_TITLES)
def test_clean_title_drops_the_site_name(title, sitename, url, expected):
    assert clean_title(title, sitename, url) == (expected or title)


def test_is_html():
    assert is_html(b"<!DOCTYPE html><html></html>")
    assert is_html(b"  \n<html>", "text/html; charset=utf-8")
    assert is_html(b"<html>", "application/octet-stream")  # mislabelled HTML is common
    assert not is_html(b"%PDF-1.5")
    assert not is_html(b"\x00\x00\x00\x18ftypmp42")
    assert not is_html(b"<html>", "image/jpeg")


def test_parse_page_date():
    assert parse_page_date(None) is None
    assert parse_page_date("not a date") is None
    assert parse_page_date("2024-03-05T00:00:00") == datetime(2024, 3, 5, tzinfo=UTC)
    assert parse_page_date("2024-03-05T23:30:00+0100") == datetime(2024, 3, 5, 22, 30, tzinfo=UTC)
    head = b'<meta property="article:published_time" content="2024-03-05T10:00:00Z">'
    assert parse_page_date("2024-03-05T00:00:00", head) == datetime(2024, 3, 5, 10, tzinfo=UTC)
    other_day = b'<meta property="article:published_time" content="2024-03-07T10:00:00Z">'
    assert parse_page_date("2024-03-05T00:00:00", other_day) == datetime(2024, 3, 5, tzinfo=UTC)


@pytest.mark.parametrize("declared", ["<meta charset='utf-8'>", ""])
def test_invalid_utf8_on_a_page_is_replaced_not_garbled(declared):
    sentence = "Zürich officials said the café owners were right to complain about the plan. "
    body = "".join(f"<p>Part {n}. {sentence * 3} BROKEN</p>" for n in range(4))
    html = f"<html><head>{declared}<title>Über news</title></head><body><article>{body}"
    page = (html + "</article></body></html>").encode().replace(b"BROKEN", b"\xff")
    article = extract_article(page, "https://z.example/news")
    assert article is not None and "Zürich officials" in article.text
    assert "\ufffd" in article.text and "Ã" not in article.text and "Ĺ" not in article.text


def test_one_broken_sequence_on_an_ascii_page_declared_utf8_is_replaced():
    """No valid multi-byte character to outvote it: the declaration decides (not mojibake)."""
    sentence = "Officials said the cafe owners were right to complain about the new plan. "
    body = "".join(f"<p>Part {n}. {sentence * 3}</p>" for n in range(4))
    html = f"<html><head><meta charset='utf-8'><title>News</title></head><body><article>{body}"
    page = (html + "<p>Caf\xc3\x28 story</p></article></body></html>").encode("latin-1")
    article = extract_article(page, "https://z.example/news")
    assert article is not None and "Caf\ufffd( story" in article.text
    assert "Ã" not in article.text
