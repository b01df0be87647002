"""Article extraction: trafilatura on one fetched page, then the stage decision page vs feed text.

Pure functions: no network, no Prefect, no global state. trafilatura is imported on first use so
that worker processes and flows importing this module for its records pay nothing up front.
trafilatura is not thread-safe: run batches in processes (`extract_batch`), never in threads.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from pipelines.feeds import decode_mostly_utf8
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
# a timestamp with a time of day, from article:published_time / datePublished / pubdate
_PUBLISHED_RE = re.compile(
    rb"(?:published_time|datePublished|pubdate)[\"']?\s*(?::|[^>]{0,80}?content=)\s*[\"']"
    rb"(\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)[\"']",
    re.I,
)
_HEAD_BYTES = 65536  # language/charset declarations live in the head
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
        html = _decode_declared(html, charset)
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


def _decode_declared(html: bytes, charset: str | None) -> bytes | str:
    """Decode non-UTF-8 bytes with the HTTP or <meta> charset when it fits, else leave the bytes
    to trafilatura, whose decoder tries UTF-8 then charset_normalizer's guess and never reads
    a declaration (it guessed cp1250 for a page declaring iso-8859-1 in the dev set)."""
    try:
        html.decode("utf-8")
        return html
    except UnicodeDecodeError:
        pass
    match = _CHARSET_RE.search(html[:_HEAD_BYTES])
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


def parse_page_date(value: str | None, html: bytes | str = b"") -> datetime | None:
    """htmldate's date as tz-aware UTC. htmldate often takes the date from the URL and drops the
    time: when a published-time meta/JSON-LD timestamp falls on that day, it is used instead.
    No offset (incl. date-only, i.e. midnight) means UTC."""
    parsed = _fromisoformat(value)
    if parsed is None:
        return None
    for match in _PUBLISHED_RE.finditer(_head(html)):
        stamp = _fromisoformat(match[1].decode("ascii"))
        if stamp is not None and stamp.date() == parsed.date():
            return as_utc(stamp)
    return as_utc(parsed)


def _head(html: bytes | str) -> bytes:
    """The start of the page as bytes, for the ASCII-only patterns of declarations."""
    head = html[:_HEAD_BYTES]
    return head.encode("utf-8", "replace") if isinstance(head, str) else head


def _fromisoformat(value: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


def as_utc(value: datetime) -> datetime:
    """A tz-aware UTC datetime; a naive one is taken to be UTC already."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


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


# --- language: trafilatura detects it only with py3langid (not a dependency), so a light guess ---

_LANG_ATTR_RE = re.compile(rb"""<html\b[^>]{0,500}?\blang\s*=\s*["']?\s*([A-Za-z]{2,3})\b""", re.I)
_LANG_META_RE = re.compile(
    rb"""<meta\b[^>]{0,300}?(?:og:locale|content-language|name=["']?language)[^>]{0,300}?>""", re.I
)
_LANG_CONTENT_RE = re.compile(
    rb"""content\s*=\s*["']?\s*([A-Za-z]{2,3})(?:[-_][A-Za-z]+)?\b""", re.I
)
_KANA_RE = re.compile(r"[\u3040-\u30ff]")
_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")
# scripts that name one language well enough; other non-Latin scripts give no guess
_SCRIPTS = (
    ("ko", re.compile(r"[\uac00-\ud7af]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
    ("bn", re.compile(r"[\u0980-\u09ff]")),
)
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# frequent function words; distinctive ones (the, und, les, los, il, het, não) carry the decision
_STOPWORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "en": "the and of to in is that for it was on with as are be this by at from have not "
        "you his her they which were has had but or an will would their there been",
        "de": "der die und den das ist nicht mit sich von auf für dem des ein eine auch zu im "
        "es wird sind bei noch nach wie aus oder werden hat einer wir ich sie",
        "fr": "le la les et des est un une du en que qui dans pour pas sur au avec ce il "
        "sont par plus ne se aux cette mais ont été elle nous vous",
        "es": "el la los las y de que en un una es por con para del se no al lo "
        "como más pero sus su le ha este esta son fue entre también",
        "it": "il la di che e è un una per non con del della sono gli le si da in "
        "alla dei nel anche come più ma delle ha questo questa",
        "nl": "de het een en van is dat op te in niet zijn met voor er maar ook aan "
        "bij om dan wordt door naar heeft nog wel worden deze",
        "pt": "o a os as de que e do da em um uma para com não no na por se "
        "dos das ao mais como mas foi são ele ela pelo pela",
    }.items()
}
_MIN_TOKENS = 20  # fewer words than this: too little text to guess from
_MIN_SHARE = 0.12  # stopwords are 30-50 % of running text in these languages
_MIN_MARGIN = 1.3  # the winner must beat the runner-up by this factor


def declared_language(html: bytes | str) -> str | None:
    """The page's own declaration: <html lang>, then og:locale / content-language meta."""
    head = _head(html)
    match = _LANG_ATTR_RE.search(head)
    if match is None:
        meta = _LANG_META_RE.search(head)
        match = _LANG_CONTENT_RE.search(meta[0]) if meta else None
    return match[1].decode("ascii").lower() if match else None


def detect_language(text: str) -> str | None:
    """A tiny detector: zh/ja/ko/el/he/th/bn by script, en/de/fr/es/it/nl/pt by stopword shares.
    None when unsure or for other languages."""
    sample = text[:5000]
    letters = sum(ch.isalpha() for ch in sample)
    if letters < 40:
        return None
    han, kana = len(_HAN_RE.findall(sample)), len(_KANA_RE.findall(sample))
    if han + kana > 0.3 * letters:
        return "ja" if kana > 0.05 * (han + kana) else "zh"
    for lang, script in _SCRIPTS:
        if len(script.findall(sample)) > 0.3 * letters:
            return lang
    if len(_LATIN_RE.findall(sample)) < 0.5 * letters:
        return None
    tokens = [t.lower() for t in _WORD_RE.findall(sample)]
    if len(tokens) < _MIN_TOKENS:
        return None
    scores = sorted(
        (
            (sum(t in words for t in tokens) / len(tokens), lang)
            for lang, words in _STOPWORDS.items()
        ),
        reverse=True,
    )
    (best, lang), (second, _) = scores[0], scores[1]
    return lang if best >= _MIN_SHARE and best >= _MIN_MARGIN * second else None


def guess_language(text: str, declared: str | None = None) -> str | None:
    """The detected language, else the page's declaration. On the dev set the detector agreed
    with <html lang> on 96 % of pages and was right on most of the rest: templates keep a wrong
    lang="en". A declared Latin-script language is not believed for mostly non-Latin text."""
    detected = detect_language(text)
    if detected or declared is None:
        return detected
    if declared in _STOPWORDS:
        sample = text[:5000]
        letters = sum(ch.isalpha() for ch in sample)
        if letters >= 40 and len(_LATIN_RE.findall(sample)) < 0.5 * letters:
            return None
    return declared


def count_words(text: str) -> int:
    """Words for length thresholds; Chinese and Japanese have no spaces: two characters a word."""
    cjk = len(_HAN_RE.findall(text)) + len(_KANA_RE.findall(text))
    if not cjk:
        return len(text.split())
    return len(_HAN_RE.sub(" ", _KANA_RE.sub(" ", text)).split()) + cjk // 2


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


class DateSource(StrEnum):
    FEED = "feed"
    PAGE = "page"
    FIRST_SEEN = "first_seen"


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


EARLIEST_DATE = datetime(1995, 1, 1, tzinfo=UTC)
FUTURE_TOLERANCE = timedelta(days=1)
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


def choose_date(
    item: FeedItem, page_article: Article | None, first_seen: datetime, *, now: datetime
) -> tuple[datetime, DateSource]:
    """Feed date, else page date, else first seen; future or pre-1995 candidates are skipped."""
    latest = as_utc(now) + FUTURE_TOLERANCE
    candidates = (
        (item.published_at, DateSource.FEED),
        (page_article.published_at if page_article else None, DateSource.PAGE),
    )
    for value, source in candidates:
        if value is not None and EARLIEST_DATE <= as_utc(value) <= latest:
            return as_utc(value), source
    return as_utc(first_seen), DateSource.FIRST_SEEN


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
