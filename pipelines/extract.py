"""Article extraction: trafilatura on one fetched page, then the stage decision page vs feed text.

Pure functions: no network, no Prefect, no global state. trafilatura is imported on first use so
that worker processes and flows importing this module for its records pay nothing up front.
trafilatura is not thread-safe: run batches in processes (`extract_batch`), never in threads.
Page bytes are decoded by pipelines.charsets; dates come from pipelines.page_dates, languages and
word counts from pipelines.language.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from pipelines.charsets import decode_declared
from pipelines.language import count_words, declared_language, detect_language, guess_language
from pipelines.page_dates import DateSource, choose_date, parse_page_date
from pipelines.records import Article, FeedItem

# --- trafilatura settings, chosen with bench/extraction.py on the 945-page extraction-dev set ---
# trafilatura 2.3.1; F1 / precision / recall, CPU ms per page (2 shared cores, noisy):
#   default (balanced, tables, comments pruned)  0.928 / 0.909 / 0.949   32 ms (with metadata)
#   trafilatura's own eval call, no metadata     0.928 / 0.909 / 0.949   19 ms
#   favor_precision 0.924 · favor_recall 0.922 · fast 0.922 (26 ms) · no tables 0.924
#   deduplicate 0.926 · comments separated instead of pruned 0.926
# Extensive date search: date accuracy 0.857 vs 0.817 without, for about 5 ms per page.


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    """trafilatura settings for `extract_article`; `DEFAULT_OPTIONS` is the measured choice."""

    favor_precision: bool = False
    favor_recall: bool = False
    fast: bool = False  # skip the readability/justext comparison and fallbacks
    include_tables: bool = True
    # False prunes comment sections before extraction; True lets trafilatura separate them.
    # Either way reader comments never reach Article.text.
    include_comments: bool = False
    deduplicate: bool = False  # repeated segments within one page (fresh cache per call)
    extensive_date_search: bool = True  # htmldate's text-pattern search when markup has no date
    declared_charset: bool = True  # non-UTF-8 bytes: honour HTTP/meta charset before guessing


DEFAULT_OPTIONS = ExtractOptions()

_TITLE_SEPARATOR = r"\s+(?:[|\-–—›»·:/]|::)\s+"
_TITLE_SUFFIX_RE = re.compile(rf"(.+){_TITLE_SEPARATOR}(.+?)$")
_TITLE_PREFIX_RE = re.compile(rf"(.+?){_TITLE_SEPARATOR}(.+)$")
_HOST_RE = re.compile(r"^[a-z][a-z0-9+.-]*://(?:www\d?\.)?", re.I)
_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"  # keeps htmldate's time and offset when the page gives them


def extract_article(
    html: bytes | str,
    url: str,
    *,
    charset: str | None = None,
    options: ExtractOptions = DEFAULT_OPTIONS,
) -> Article | None:
    """Main text and metadata of one page, or None when no article text is found. Never raises
    on malformed input. `charset` is the HTTP header's, if any."""
    if not html or not html.strip():
        return None
    if isinstance(html, bytes) and options.declared_charset:
        html = decode_declared(html, charset)
    document = _bare_extraction(html, url, options)
    text = _nfc((document.text or "").strip()) if document is not None else ""
    if not text:
        return None
    sitename = _clean(document.sitename)
    return Article(
        text=text,
        title=clean_title(_clean(document.title), sitename, url),
        author=_clean(document.author),
        published_at=parse_page_date(document.date, html),
        language=guess_language(text, declared_language(html)),
        sitename=sitename,
        description=_clean(document.description),
    )


def _bare_extraction(html: bytes | str, url: str, options: ExtractOptions) -> Any:
    from trafilatura import bare_extraction  # deferred: see module docstring
    from trafilatura.deduplication import LRUCache

    today = datetime.now(UTC)
    return bare_extraction(
        html,
        url=url,
        fast=options.fast,
        favor_precision=options.favor_precision,
        favor_recall=options.favor_recall,
        include_comments=options.include_comments,
        include_tables=options.include_tables,
        include_formatting=False,
        include_links=False,
        include_images=False,
        # a per-call cache: trafilatura's shared default would make output depend on batch order
        deduplicate=LRUCache(maxsize=4096) if options.deduplicate else False,
        with_metadata=True,
        date_extraction_params={
            "original_date": True,
            "extensive_search": options.extensive_date_search,
            "outputformat": _DATE_FORMAT,
            "max_date": (today + timedelta(days=1)).strftime("%Y-%m-%d"),
        },
    )


def _clean(value: str | None) -> str | None:
    """Whitespace collapsed, NFC (as trafilatura's own extract() output), None when empty."""
    value = _nfc(" ".join(value.split())) if value else ""
    return value or None


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def clean_title(title: str | None, sitename: str | None, url: str) -> str | None:
    """Drop the site name that <title> tags add before or after the headline ("X | Site")."""
    if not title:
        return None
    site_keys = {_site_key(sitename or ""), _site_key(_HOST_RE.sub("", url).split("/")[0])}
    site_keys.discard("")
    for pattern, keep in ((_TITLE_SUFFIX_RE, 1), (_TITLE_PREFIX_RE, 2)):
        match = pattern.match(title)
        if match:
            part = _site_key(match[3 - keep])
            if part and any(_same_site(part, key) for key in site_keys):
                return match[keep].strip()
    return title


def _same_site(part: str, key: str) -> bool:
    """'helgeat' ~ 'helge'; containment only for names of four letters or more ('orf' !~ 'dorf')."""
    return part == key or (min(len(part), len(key)) >= 4 and (part in key or key in part))


def _site_key(value: str) -> str:
    """'www.Helge.at' -> 'helge', 'Helge.at' -> 'helge': letters and digits of the name proper."""
    value = re.sub(r"\.(?:com|org|net|de|at|ch|fr|it|es|co|uk|info|eu|io)\b", "", value.lower())
    return re.sub(r"[\W_]+", "", value)


# --- the stage decision: page text, else feed text; which date ---


class ExtractionMethod(StrEnum):
    PAGE = "page"
    FEED_CONTENT = "feed_content"
    FEED_SUMMARY = "feed_summary"


class ExtractionOutcome(StrEnum):
    FULL = "full"  # at least min_words of text
    SHORT = "short"  # some text, fewer than min_words
    PAYWALL_SUSPECTED = "paywall_suspected"  # page text short and the page shows paywall markers
    FAILED = "failed"  # no usable text from page or feed


@dataclass(frozen=True, slots=True)
class ExtractionResult:
    """What the extract stage decided for one item. `article` merges page and feed: feed title and
    author first, `published_at` the chosen date; it is None only when no text was found."""

    article: Article | None
    extraction_method: ExtractionMethod | None
    outcome: ExtractionOutcome
    # why the page text was not used: no_page, not_html, no_text_found, too_short
    reason: str | None
    published_at: datetime  # tz-aware UTC
    date_source: DateSource
    word_count: int = 0


@dataclass(frozen=True, slots=True)
class ExtractJob:
    """One unit of work for a worker process (picklable)."""

    item: FeedItem
    page: bytes | None
    url: str
    first_seen: datetime
    now: datetime
    content_type: str | None = None
    charset: str | None = None
    min_words: int = 120


MIN_FEED_WORDS = 10  # shorter feed text ("Read more…") is not worth falling back to
# PDF, PNG, GIF, JPEG, ZIP/Office, RIFF (WebP, AVI), TIFF, MP3, Ogg, web fonts; gzip is not here:
# trafilatura unpacks it itself
_BINARY_MAGIC = (
    b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8", b"PK\x03\x04", b"RIFF",
    b"II*\x00", b"MM\x00*", b"ID3", b"OggS", b"wOFF", b"wOF2",
)  # fmt: skip
# servers mislabel HTML as octet-stream or x-php often enough: only clear non-HTML types refuse
_BINARY_TYPES = (
    "image/", "audio/", "video/", "font/", "application/pdf", "application/zip",
    "application/gzip", "application/msword", "application/vnd.", "application/epub",
)  # fmt: skip
_PAYWALL_RE = re.compile(
    r"subscribe to (?:continue|read|keep reading|unlock)|already a subscriber|subscribers only"
    r"|paywall|isaccessibleforfree\"?\s*:\s*\"?false"
    r"|bereits abonnent|jetzt abonnieren|réservé aux abonnés|déjà abonné"
    r"|exclusivo para suscriptores"
    r"""|class\s*=\s*["'][^"']*\b(?:premium|subscriber-only|metered)""",
    re.I,
)


def build_article(
    item: FeedItem,
    page: bytes | None,
    url: str,
    first_seen: datetime,
    *,
    now: datetime,
    min_words: int = 120,
    content_type: str | None = None,
    charset: str | None = None,
) -> ExtractionResult:
    """Extract the page; fall back to the feed's text when the page gives none or too little."""
    page_article, reason, paywalled = None, None, False
    if page is None or not page.strip():
        reason = "no_page"
    elif not is_html(page, content_type):
        reason = "not_html"
    else:
        page_article = extract_article(page, url, charset=charset)
        reason = "no_text_found" if page_article is None else None
    page_words = count_words(page_article.text) if page_article else 0
    if reason in (None, "no_text_found") and page_words < min_words:
        paywalled = _PAYWALL_RE.search(_head_and_tail(page)) is not None
        reason = reason or "too_short"

    method, text = (ExtractionMethod.PAGE, page_article.text) if page_article else (None, "")
    if page_words < min_words:
        feed_method, feed_text = _feed_text(item)
        if feed_method is not None and count_words(feed_text) > page_words:
            method, text = feed_method, feed_text

    published_at, date_source = choose_date(item, page_article, first_seen, now=now)
    words = count_words(text)
    if paywalled:
        outcome = ExtractionOutcome.PAYWALL_SUSPECTED
    elif method is None:
        outcome = ExtractionOutcome.FAILED
    else:
        outcome = ExtractionOutcome.FULL if words >= min_words else ExtractionOutcome.SHORT
    article = None
    if method is not None:
        article = _merge(item, page_article, text, method, published_at)
    return ExtractionResult(article, method, outcome, reason, published_at, date_source, words)


def extract_batch(jobs: list[ExtractJob]) -> list[ExtractionResult]:
    """What a worker process runs: `build_article` for each job, in order."""
    return [
        build_article(
            job.item,
            job.page,
            job.url,
            job.first_seen,
            now=job.now,
            min_words=job.min_words,
            content_type=job.content_type,
            charset=job.charset,
        )
        for job in jobs
    ]


def is_html(page: bytes, content_type: str | None = None) -> bool:
    """False for PDFs, images and archives (by magic bytes) or a non-HTML content type."""
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    if mime.startswith(_BINARY_TYPES):
        return False
    start = page[:64].lstrip()[:12]
    return not (start.startswith(_BINARY_MAGIC) or start[4:8] == b"ftyp")  # ftyp: MP4, HEIC


def _feed_text(item: FeedItem) -> tuple[ExtractionMethod | None, str]:
    """The longer of the feed's content and summary, if it is more than a teaser."""
    content, summary = item.content.strip(), item.summary.strip()
    method, text = (
        (ExtractionMethod.FEED_CONTENT, content)
        if count_words(content) >= count_words(summary)
        else (ExtractionMethod.FEED_SUMMARY, summary)
    )
    return (method, text) if count_words(text) >= MIN_FEED_WORDS else (None, "")


def _merge(
    item: FeedItem,
    page_article: Article | None,
    text: str,
    method: ExtractionMethod,
    published_at: datetime,
) -> Article:
    page = page_article or Article(text="")
    language = page.language if method is ExtractionMethod.PAGE else detect_language(text)
    return Article(
        text=text,
        title=_clean(item.title) or page.title,
        author=_clean(item.author) or page.author,
        published_at=published_at,
        language=language or page.language or item.language,
        sitename=page.sitename,
        description=page.description or _clean(item.summary),
    )


def _head_and_tail(page: bytes | None) -> str:
    """Where paywall markers sit: scripts and classes in the head and around the teaser."""
    page = page or b""
    sample = page if len(page) <= 400_000 else page[:200_000] + page[-200_000:]
    return sample.decode("utf-8", "replace")
