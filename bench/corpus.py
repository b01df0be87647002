"""A synthetic news corpus at any scale, generated on the fly and served over real HTTP.

    .venv/bin/python bench/corpus.py serve --feeds 20 --items 100      # prints READY <url>
    .venv/bin/python bench/corpus.py page 3 7 > /tmp/page.html           # look at one page

N feeds x M items. Feed i lives on its own host, ``http://outlet-NNN.bench.example``, reached
through the server acting as an HTTP proxy (as the demo does): the fetcher sees N hosts, each
with its own politeness slots and robots.txt, and the URLs stay stable whatever the port.
Nothing is written to disk: every feed and page is a pure function of (seed, feed, item), built
when requested, so 10,000 articles cost no files. Feeds are RSS 2.0, newest first, with a strong
ETag and a fixed Last-Modified, and answer conditional requests with 304 (pages too).

Pages are 50-150 KB of HTML shaped like real news sites: head metadata (Open Graph, JSON-LD),
cookie banner, mega-menu navigation, inline styles, scripts and an app-state JSON blob, SVG icons,
breadcrumbs, share buttons, an inline ad, a newsletter box, related stories, reader comments and
a footer. The body is 400-900 words of English news prose composed from a phrase grammar whose
names come from config/watchlist.yaml plus companies, people and places outside it, so watchlist
matching, NER, sentiment and duplicate detection all have real work. One item in ten is a wire
story: groups of `wire_copies` outlets carry the same text (the first copy verbatim, the others
with a closing credit line, i.e. near duplicates).

The server process costs CPU too; `GET /__stats` on the local address returns its CPU seconds
and request counts so that the benchmark can report them apart.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import hashlib
import json
import random
import re
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
HOST_SUFFIX = ".bench.example"
_HOST_RE = re.compile(r"^outlet-(\d{3,6})\.bench\.example$")
_PAGE_RE = re.compile(r"^/news/\d{4}/\d\d/\d\d/[a-z0-9-]+-(\d{1,6})\.html$")
GZIP_LEVEL = 1  # what busy news servers use for dynamic pages; keeps the server's CPU small

# --- the phrase grammar ---------------------------------------------------------------------

WATCHLIST_NAMES = [
    "DeepSeek",
    "Liang Wenfeng",
    "High-Flyer",
    "OpenAI",
    "ChatGPT",
    "Sam Altman",
    "SoftBank",
    "Meta",
    "Nvidia",
    "Jensen Huang",
    "TSMC",
    "ASML",
    "Alibaba",
    "ByteDance",
    "Huawei",
    "Anthropic",
    "Google",
    "Microsoft",
    "Mistral AI",
    "the Bureau of Industry and Security",
]
PRODUCTS = [
    "DeepSeek-R1",
    "DeepSeek-V3",
    "the Llama 3 model",
    "the Qwen2.5-Max model",
    "Claude 3.5 Sonnet",
    "the Gemini model",
    "the Ascend 910B chip",
    "the H20 accelerator",
    "the Blackwell platform",
    "the Stargate Project",
    "OpenAI o1",
]
OTHER_ORGS = [
    "Goldman Sachs",
    "Morgan Stanley",
    "the European Commission",
    "Samsung Electronics",
    "Intel",
    "Advanced Micro Devices",
    "Apple",
    "Amazon",
    "Tencent",
    "Baidu",
    "Oracle",
    "Broadcom",
    "Micron Technology",
    "the Commerce Department",
    "Bernstein",
    "Jefferies",
    "Moonshot AI",
    "Zhipu AI",
    "Xiaomi",
    "SK Hynix",
    "Arm Holdings",
    "Qualcomm",
    "the Federal Reserve",
]
FIRST = "Maria Daniel Priya Kenji Laura Omar Chen Sofia Lukas Amara Tomas Hana Rafael Ingrid "
FIRST += "Yusuf Claire Mateo Anika Victor Mei Jonas Elena Samuel Nadia Arjun Fiona"
LAST = "Lopez Weber Sharma Tanaka Jennings Haddad Zhao Rossi Becker Okafor Novak Kim Costa "
LAST += "Lindqvist Demir Dubois Alvarez Patel Morel Lin Fischer Petrova Brooks Karimi Rao Walsh"
PLACES = [
    "Hangzhou",
    "Beijing",
    "Shanghai",
    "Shenzhen",
    "Taipei",
    "Santa Clara",
    "San Francisco",
    "Washington",
    "Brussels",
    "Paris",
    "London",
    "Tokyo",
    "Seoul",
    "Singapore",
    "Austin",
    "New York",
    "Berlin",
    "Amsterdam",
    "Hsinchu",
    "Veldhoven",
]
ROLES = [
    "chief executive",
    "chief financial officer",
    "head of research",
    "senior analyst",
    "policy director",
    "chief technology officer",
    "portfolio manager",
    "spokesperson",
]
THINGS = [
    "chip sales",
    "data center spending",
    "model training costs",
    "export licences",
    "inference prices",
    "quarterly revenue",
    "cloud capacity",
    "open-weight models",
    "semiconductor supply",
    "AI investment",
    "GPU shipments",
    "market share",
    "research budget",
    "reasoning models",
    "subscription numbers",
    "server orders",
    "energy demand",
    "app downloads",
]
GOOD = [
    "strong",
    "impressive",
    "remarkable",
    "encouraging",
    "robust",
    "welcome",
    "successful",
    "promising",
    "healthy",
    "excellent",
    "solid",
    "upbeat",
]
BAD = [
    "disappointing",
    "alarming",
    "weak",
    "troubling",
    "costly",
    "worrying",
    "damaging",
    "poor",
    "painful",
    "bleak",
    "shaky",
    "grim",
]
SAYS = [
    "said on Tuesday that",
    "told reporters that",
    "warned that",
    "argued that",
    "wrote in a note that",
    "said in a statement that",
    "told investors that",
    "acknowledged that",
    "insisted that",
    "predicted that",
    "conceded that",
    "said late on Friday that",
]
MOVES = ["rose", "fell", "jumped", "slid", "climbed", "tumbled", "edged up", "dropped"]
VERBS = [
    "would expand",
    "plans to cut",
    "could double",
    "is reviewing",
    "will scale back",
    "has raised",
    "may delay",
    "is rethinking",
    "expects to boost",
    "has frozen",
]
LINKS = [
    "Meanwhile,",
    "At the same time,",
    "Still,",
    "By contrast,",
    "In a separate development,",
    "Separately,",
    "Even so,",
    "For now,",
    "Earlier this month,",
    "Last year,",
]
TOPICS = "Technology Business Markets Policy World Science Opinion Video Podcasts Climate"


@functools.cache
def _people() -> list[str]:
    return [f"{a} {b}" for a in FIRST.split() for b in LAST.split()]


@dataclass(frozen=True, slots=True)
class Cast:
    """Who a story is about: most of its sentences name these (news repeats its subjects)."""

    orgs: tuple[str, ...]
    people: tuple[str, ...]
    products: tuple[str, ...]
    places: tuple[str, ...]

    @classmethod
    def draw(cls, r: random.Random) -> Cast:
        orgs = r.sample(WATCHLIST_NAMES, 3) + r.sample(OTHER_ORGS, 2)
        return cls(
            tuple(orgs),
            tuple(r.sample(_people(), 5)),
            tuple(r.sample(PRODUCTS, 2)),
            tuple(r.sample(PLACES, 3)),
        )


IN_CAST = 0.9  # share of names drawn from the story's cast; the rest from everywhere


class Prose:
    """News sentences from one seeded generator; every call draws from the same stream."""

    def __init__(self, rng: random.Random, cast: Cast | None = None) -> None:
        self.r = rng
        self.cast = cast

    def _pick(self, options: list[str] | tuple[str, ...]) -> str:
        return options[int(self.r.random() * len(options))]

    def _name(self, field: str, everywhere: list[str]) -> str:
        if self.cast is not None and self.r.random() < IN_CAST:
            return self._pick(getattr(self.cast, field))
        return self._pick(everywhere)

    def org(self) -> str:
        return self._name("orgs", WATCHLIST_NAMES if self.r.random() < 0.6 else OTHER_ORGS)

    def person(self) -> str:
        return self._name("people", _people())

    def product(self) -> str:
        return self._name("products", PRODUCTS)

    def place(self) -> str:
        return self._name("places", PLACES)

    def tone(self) -> str:
        return self._pick(GOOD if self.r.random() < 0.5 else BAD)

    def number(self) -> str:
        return f"{self.r.randint(2, 95)}.{self.r.randint(0, 9)}"

    def sentence(self) -> str:
        kind = self.r.randrange(11)
        p, o, t = self.person, self.org, self._pick
        if kind == 8:
            return (
                f"The figures suggest that {t(THINGS)} will stay {self.tone()} for at least "
                f"another {self.r.randint(2, 9)} quarters, while {t(THINGS)} looks {self.tone()}."
            )
        if kind == 9:
            return (
                f"{t(LINKS)} few expect {t(THINGS)} to recover quickly, and some warn that "
                f"{t(THINGS)} could fall by {self.number()} percent."
            )
        if kind == 10:
            return (
                f"That would be a {self.tone()} outcome for {t(THINGS)}, which grew "
                f"{self.number()} percent last year."
            )
        if kind == 0:
            return (
                f"{p()}, {t(ROLES)} at {o()}, {t(SAYS)} {o()} {t(VERBS)} its {t(THINGS)} in "
                f"{self.place()} this year."
            )
        if kind == 1:
            return (
                f"Shares of {o()} {t(MOVES)} {self.number()} percent in {self.place()} trading "
                f"after {t(THINGS)} came in {self.tone()}."
            )
        if kind == 2:
            return (
                f'"The results for {self.product()} are {self.tone()}, and {t(THINGS)} will tell '
                f'us more," said {p()} of {o()}.'
            )
        if kind == 3:
            return (
                f"{t(LINKS)} {o()} {t(VERBS)} {t(THINGS)} after {self.product()} drew "
                f"{self.tone()} reviews from engineers in {self.place()}."
            )
        if kind == 4:
            return (
                f"Analysts at {o()} estimate that {t(THINGS)} could reach {self.number()} billion "
                f"dollars by {self.r.randint(2026, 2030)}, a {self.tone()} sign for {o()}."
            )
        if kind == 5:
            return (
                f"{p()} {t(SAYS)} the outlook for {t(THINGS)} at {o()} was {self.tone()}, "
                f"citing talks with {o()} and {o()}."
            )
        if kind == 6:
            return (
                f"Officials in {self.place()} described the response of {o()} to "
                f"{self.product()} as {self.tone()} but said {t(THINGS)} remained {self.tone()}."
            )
        return (
            f"{t(LINKS)} {p()} and {p()} met in {self.place()} to discuss {t(THINGS)} and the "
            f"{self.tone()} cost of export controls on chips."
        )

    def paragraphs(self, words: int) -> list[str]:
        out, count = [], 0
        while count < words:
            para = " ".join(self.sentence() for _ in range(self.r.randint(2, 5)))
            out.append(para)
            count += len(para.split())
        return out

    def headline(self) -> str:
        return (
            f"{self.org()} {self._pick(VERBS)} {self._pick(THINGS)} as "
            f"{self.product()} draws {self._pick(GOOD + BAD)} reviews"
        )

    def words(self, n: int) -> str:
        return " ".join(self.sentence() for _ in range(max(1, n // 22)))


# --- the corpus ---------------------------------------------------------------------------------


def _rng(*key: object) -> random.Random:
    digest = hashlib.blake2b(repr(key).encode(), digest_size=8).digest()
    return random.Random(int.from_bytes(digest, "little"))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


@dataclass(frozen=True, slots=True)
class Story:
    """One item of one feed: what the feed says and what its page carries."""

    feed: int
    item: int
    title: str
    url: str
    published: datetime
    author: str
    wire: bool


@dataclass(frozen=True)
class Corpus:
    """N feeds x M items, a pure function of the seed; `anchor` is the newest item's date."""

    feeds: int
    items: int
    seed: int = 1
    wire_every: int = 10  # one item in this many is a wire story
    wire_copies: int = 3  # outlets carrying each wire story
    anchor: datetime = field(
        default_factory=lambda: (
            datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(hours=1)
        )
    )

    def host(self, feed: int) -> str:
        return f"outlet-{feed:03d}{HOST_SUFFIX}"

    def feed_url(self, feed: int) -> str:
        return f"http://{self.host(feed)}/feed.xml"

    def site_name(self, feed: int) -> str:
        return f"The Bench {('Herald', 'Ledger', 'Courier', 'Signal', 'Review')[feed % 5]} {feed}"

    def sources_yaml(self) -> str:
        lines = ["sources:"]
        for i in range(self.feeds):
            lines += [
                f'  - name: "{self.site_name(i)}"',
                f'    url: "{self.feed_url(i)}"',
                "    tags: [bench]",
                "    country: US",
                "    language: en",
                f"    max_items: {self.items}",
            ]
        return "\n".join(lines) + "\n"

    def _key(self, feed: int, item: int) -> tuple[object, ...]:
        if item % self.wire_every == self.wire_every // 3:  # a wire story: shared by a group
            return ("wire", self.seed, feed // self.wire_copies, item)
        return (self.seed, feed, item)

    def cast(self, key: tuple[object, ...]) -> Cast:
        return Cast.draw(_rng(*key, "cast"))

    @functools.lru_cache(maxsize=65536)  # noqa: B019 - the corpus lives as long as the server
    def story(self, feed: int, item: int) -> Story:
        """What the feed says of one item (cheap: no body)."""
        key = self._key(feed, item)
        wire = key[0] == "wire"
        prose = Prose(_rng(*key, "title"), self.cast(key))
        title = prose.headline()
        minutes = item * 7 * 24 * 60 // max(1, self.items) + (0 if wire else feed % 60)
        published = self.anchor - timedelta(minutes=minutes)
        path = f"/news/{published:%Y/%m/%d}/{_slug(title)}-{item}.html"
        author = "Bench Wire staff" if wire else prose._pick(_people())
        return Story(feed, item, title, f"http://{self.host(feed)}{path}", published, author, wire)

    def body(self, feed: int, item: int) -> list[str]:
        """The article's paragraphs: 400-900 words; wire copies after the first add a credit."""
        key = self._key(feed, item)
        prose = Prose(_rng(*key, "body"), self.cast(key))
        paragraphs = prose.paragraphs(prose.r.randint(400, 900))
        if self.story(feed, item).wire and feed % self.wire_copies:
            paragraphs.append(
                "This story was first published by Bench Wire and is used under licence by "
                f"{self.site_name(feed)}."
            )
        return paragraphs

    @functools.lru_cache(maxsize=1024)  # noqa: B019
    def feed(self, feed: int) -> bytes:
        items = []
        for j in range(self.items):
            s = self.story(feed, j)
            summary = " ".join(self.body(feed, j)[0].split()[:45]) + " …"
            items.append(
                f"<item><title>{escape(s.title)}</title><link>{s.url}</link>"
                f'<guid isPermaLink="true">{s.url}</guid>'
                f"<pubDate>{format_datetime(s.published, usegmt=True)}</pubDate>"
                f"<dc:creator>{escape(s.author)}</dc:creator><category>Technology</category>"
                f"<description>{escape(summary)}</description></item>"
            )
        head = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
            f"<title>{self.site_name(feed)}</title><link>http://{self.host(feed)}/</link>"
            "<description>Synthetic news for the mediawatch benchmark</description>"
            f"<language>en</language><lastBuildDate>{format_datetime(self.anchor, usegmt=True)}"
            "</lastBuildDate><ttl>30</ttl>"
        )
        return (head + "\n".join(items) + "</channel></rss>\n").encode("utf-8")

    @functools.lru_cache(maxsize=256)  # noqa: B019
    def chrome(self, feed: int) -> tuple[str, str, str]:
        """(head assets, header and navigation, footer) of one outlet: shared by its pages."""
        return _chrome(_rng(self.seed, feed, "chrome"), self.host(feed), self.site_name(feed))

    def page(self, feed: int, item: int) -> bytes:
        return _page(self, self.story(feed, item)).encode("utf-8")

    def locate(self, host: str, path: str) -> tuple[int, int | None] | None:
        """(feed, item) for a page URL, (feed, None) for the feed, None when nothing is there."""
        match = _HOST_RE.match(host)
        if match is None or int(match[1]) >= self.feeds:
            return None
        feed = int(match[1])
        if path == "/feed.xml":
            return feed, None
        page = _PAGE_RE.match(path)
        if page is None or int(page[1]) >= self.items:
            return None
        item = int(page[1])
        return (feed, item) if urlsplit(self.story(feed, item).url).path == path else None

    def validators(self, feed: int, item: int | None) -> tuple[str, str]:
        """(strong ETag, Last-Modified) without building the body."""
        tag = hashlib.blake2b(
            repr((self.seed, self.feeds, self.items, feed, item)).encode(), digest_size=12
        ).hexdigest()
        return f'"{tag}"', format_datetime(self.anchor, usegmt=True)


# --- page markup ----------------------------------------------------------------------------


def _chrome(r: random.Random, host: str, site: str) -> tuple[str, str, str]:
    base = f"http://{host}"
    css = "".join(
        f".c{n}{{margin:{r.randint(0, 24)}px;padding:{r.randint(0, 16)}px;"
        f"color:#{r.randrange(16**6):06x};"
        f"font-size:{r.randint(11, 22)}px;line-height:1.{r.randint(2, 8)}}}"
        for n in range(120)
    )
    js = "".join(
        f"function f{n}(a,b){{var x=a*{r.randint(1, 99)}+b;if(x>{r.randint(100, 999)})"
        f"{{return window.dataLayer.push({{e:'ev{n}',v:x}})}}return x}}"
        for n in range(80)
    )
    icons = "".join(
        f'<symbol id="i{n}" viewBox="0 0 24 24"><path d="M{r.randint(0, 9)} {r.randint(0, 9)}'
        f'L{r.randint(10, 24)} {r.randint(10, 24)}Z"/></symbol>'
        for n in range(30)
    )
    head = (
        f"<style>{css}</style><script>window.dataLayer=window.dataLayer||[];{js}</script>"
        f'<script async src="{base}/assets/app.{r.randrange(16**8):08x}.js"></script>'
        f'<link rel="stylesheet" href="{base}/assets/site.css">'
    )
    sections = TOPICS.split()
    menu = "".join(
        f'<li class="menu-item"><a href="{base}/{s.lower()}/">{s}</a><ul class="sub">'
        + "".join(
            f'<li class="sub-item"><a href="{base}/{s.lower()}/{n}/"><span>{s} {w}</span></a></li>'
            for n, w in enumerate(THINGS[r.randrange(6) :][:12])
        )
        + "</ul></li>"
        for s in sections
    )
    header = (
        f'<svg style="display:none">{icons}</svg>'
        f'<div id="cookie-banner" class="cookie-banner" role="dialog"><p>We and our '
        f"{r.randint(120, 900)} partners use cookies to store and access information on your "
        "device for personalised ads, measurement and product development.</p>"
        "<button>Accept all</button><button>Reject all</button>"
        "<button>Manage options</button></div>"
        f'<header class="site-header"><a class="logo" href="{base}/">{site}</a>'
        f'<nav class="main-nav" aria-label="Sections"><ul>{menu}</ul></nav>'
        '<form class="search" action="/search"><input name="q" placeholder="Search"></form>'
        '<a class="subscribe" href="/subscribe">Subscribe</a></header>'
    )
    columns = "".join(
        f'<div class="footer-col"><h4>{s}</h4><ul>'
        + "".join(f'<li><a href="{base}/{s.lower()}/{w}">{s} {w}</a></li>' for w in range(12))
        + "</ul></div>"
        for s in sections
    )
    footer = (
        f'<footer class="site-footer">{columns}<p class="legal">© 2025 {site}. All rights '
        "reserved. Terms of use · Privacy policy · Cookie settings · Accessibility · Contact us"
        "</p></footer>"
    )
    return head, header, footer


def _page(corpus: Corpus, s: Story) -> str:
    r = _rng(corpus.seed, s.feed, s.item, "page")
    prose = Prose(r)
    head_assets, header, footer = corpus.chrome(s.feed)
    site, base = corpus.site_name(s.feed), f"http://{corpus.host(s.feed)}"
    when = s.published.isoformat()
    paragraphs = corpus.body(s.feed, s.item)
    summary = " ".join(paragraphs[0].split()[:30])
    ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": s.title,
            "datePublished": when,
            "author": {"@type": "Person", "name": s.author},
            "publisher": {"@type": "Organization", "name": site},
            "mainEntityOfPage": s.url,
        }
    )
    body = []
    for n, para in enumerate(paragraphs):
        body.append(f"<p>{escape(para)}</p>")
        if n == 2:
            body.append(
                '<aside class="ad-slot inline-ad"><span>Advertisement</span>'
                f'<div id="ad-{r.randrange(10**6)}" class="ad"></div></aside>'
            )
        if n == 4:
            other = corpus.story(s.feed, (s.item + 1) % corpus.items)
            body.append(
                f'<div class="read-more"><strong>Read more:</strong> <a href="{other.url}">'
                f"{escape(other.title)}</a></div>"
            )
    others = [corpus.story(s.feed, (s.item + k) % corpus.items) for k in range(2, 26)]
    related = "".join(
        f'<li class="card"><div class="card-media"><figure><a href="{t.url}">'
        f'<img src="{base}/img/{t.item}.jpg" alt="" loading="lazy"></a></figure></div>'
        f'<div class="card-body"><span class="kicker">Technology</span><h3><a href="{t.url}">'
        f'{escape(t.title)}</a></h3><span class="meta">{t.published:%b %d}</span></div></li>'
        for t in others[:16]
    )
    most_read = "".join(
        f'<li><span class="rank">{n}</span><a href="{t.url}">{escape(t.title)}</a></li>'
        for n, t in enumerate(others[16:], start=1)
    )
    comments = "".join(
        '<div class="comment"><div class="comment-header">'
        f'<img class="avatar" src="{base}/avatars/{r.randrange(999)}.png" alt="">'
        f'<span class="comment-author">{prose.person()}</span>'
        f'<time>{r.randint(1, 59)} minutes ago</time></div><div class="comment-body">'
        f"<p>{escape(prose.words(r.randint(20, 70)))}</p></div>"
        '<div class="comment-actions"><button class="like">Like</button>'
        '<button class="reply">Reply</button><button class="report">Report</button></div></div>'
        for _ in range(r.randint(5, 20))
    )
    article = (
        '<main id="content"><nav class="breadcrumbs"><a href="/">Home</a> › '
        '<a href="/technology/">Technology</a></nav><article class="story">'
        f'<h1 class="headline">{escape(s.title)}</h1><p class="byline">By '
        f'<a rel="author" href="{base}/authors/{_slug(s.author)}">{escape(s.author)}</a> · '
        f'<time datetime="{when}">{s.published:%B %d, %Y %H:%M} UTC</time></p>'
        '<div class="share"><a href="#">Share on X</a><a href="#">Facebook</a>'
        '<a href="#">LinkedIn</a><a href="#">Email</a></div>'
        f'<div class="article-body">{"".join(body)}</div></article>'
        '<div class="newsletter"><h3>Get the morning briefing</h3><p>The day\'s top stories in '
        'your inbox.</p><input type="email" placeholder="Email address"><button>Sign up</button>'
        f'</div><section class="related"><h2>Related stories</h2><ul>{related}</ul></section>'
        f'<aside class="most-read"><h2>Most read</h2><ol>{most_read}</ol></aside>'
        f'<section id="comments" class="comments"><h2>Comments</h2>{comments}</section></main>'
    )
    page = (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(s.title)} | {site}</title>"
        f'<meta name="description" content="{escape(summary)}">'
        f'<link rel="canonical" href="{s.url}"><meta property="og:type" content="article">'
        f'<meta property="og:title" content="{escape(s.title)}">'
        f'<meta property="og:site_name" content="{site}">'
        f'<meta name="author" content="{escape(s.author)}">'
        f'<meta property="article:published_time" content="{when}">'
        f'<script type="application/ld+json">{ld}</script>{head_assets}</head>'
        f'<body class="article-page">{header}{article}{footer}'
    )
    return page + _padding(r, 50_000 + r.randrange(100_000) - len(page)) + "</body></html>\n"


def _padding(r: random.Random, size: int) -> str:
    """An app-state JSON blob (as Next.js and friends inline) bringing the page to its size."""
    if size <= 0:
        return ""
    blob = _state_blob()
    start = r.randrange(len(blob) - size) if size < len(blob) else 0
    return (
        f'<script id="__APP_STATE__" type="application/json">{blob[start : start + size]}</script>'
    )


@functools.cache
def _state_blob() -> str:
    r = random.Random(7)
    prose = Prose(r)
    entries = [
        {
            "id": n,
            "headline": prose.headline(),
            "teaser": prose.words(30),
            "tags": THINGS[n % 9 :][:3],
        }
        for n in range(600)
    ]
    return json.dumps({"recommendations": entries}).replace("<", "\\u003c")


# --- the server -----------------------------------------------------------------------------


@dataclass
class Stats:
    """Request counts by kind and status, shared by the handler threads."""

    counts: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, key: str) -> None:
        with self.lock:
            self.counts[key] = self.counts.get(key, 0) + 1


class CorpusServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, corpus: Corpus, address: tuple[str, int] = ("127.0.0.1", 0)) -> None:
        self.corpus = corpus
        self.stats = Stats()
        super().__init__(address, _Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"


class _Handler(BaseHTTPRequestHandler):
    server: CorpusServer
    protocol_version = "HTTP/1.1"
    server_version = "mediawatch-bench/1"

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the stats keep the counts."""

    def do_GET(self) -> None:
        target = urlsplit(self.path)
        host = (target.hostname or self.headers.get("Host", "").split(":")[0]).lower()
        if target.path == "/__stats" and not _HOST_RE.match(host):
            return self._stats()
        if target.path == "/robots.txt" and _HOST_RE.match(host):
            return self._send(200, b"User-agent: *\nDisallow: /search\n", "text/plain", "robots")
        found = self.server.corpus.locate(host, target.path)
        if found is None:
            return self._send(404, b"Not Found\n", "text/plain", "missing")
        feed, item = found
        kind = "feed" if item is None else "page"
        etag, last_modified = self.server.corpus.validators(feed, item)
        if self._not_modified(etag, last_modified):
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", last_modified)
            self.end_headers()
            self.server.stats.add(f"{kind}_304")
            return None
        corpus = self.server.corpus
        body = corpus.feed(feed) if item is None else corpus.page(feed, item)
        media = "application/rss+xml" if item is None else "text/html"
        return self._send(200, body, f"{media}; charset=utf-8", kind, etag, last_modified)

    def _not_modified(self, etag: str, last_modified: str) -> bool:
        given = self.headers.get("If-None-Match")
        if given is not None:
            return etag in [t.strip().removeprefix("W/") for t in given.split(",")]
        since = self.headers.get("If-Modified-Since")
        try:
            return since is not None and parsedate_to_datetime(since) >= parsedate_to_datetime(
                last_modified
            )
        except (TypeError, ValueError):
            return False

    def _stats(self) -> None:
        with self.server.stats.lock:
            counts = dict(self.server.stats.counts)
        body = json.dumps({"cpu_s": time.process_time(), "requests": counts}).encode()
        self._send(200, body, "application/json", None)

    def _send(
        self,
        status: int,
        body: bytes,
        media: str,
        kind: str | None,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> None:
        gz = "gzip" in self.headers.get("Accept-Encoding", "") and len(body) > 512
        if gz:
            body = gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        if gz:
            self.send_header("Content-Encoding", "gzip")
        if etag:
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", last_modified or "")
        self.end_headers()
        self.wfile.write(body)
        if kind:
            self.server.stats.add(f"{kind}_{status}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve the corpus until stdin closes or Ctrl-C")
    show = sub.add_parser("page", help="print one page (feed item) to stdout")
    show.add_argument("feed", type=int)
    show.add_argument("item", type=int)
    for p in (serve, show):
        p.add_argument("--feeds", type=int, default=20)
        p.add_argument("--items", type=int, default=100)
        p.add_argument("--seed", type=int, default=1)
        p.add_argument("--anchor", help="ISO date of the newest item (default: an hour ago)")
    serve.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    extra = {"anchor": datetime.fromisoformat(args.anchor)} if args.anchor else {}
    corpus = Corpus(args.feeds, args.items, args.seed, **extra)
    if args.command == "page":
        sys.stdout.write(corpus.page(args.feed, args.item).decode())
        return
    _state_blob()
    server = CorpusServer(corpus, ("127.0.0.1", args.port))
    print(f"READY {server.url} {corpus.anchor.isoformat()}", flush=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    with contextlib.suppress(KeyboardInterrupt):
        sys.stdin.read()  # the benchmark closes our stdin to stop us
    server.shutdown()


if __name__ == "__main__":
    main()
