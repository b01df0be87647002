"""What the tests serve and configure: article pages, RSS feeds, and the sources.yaml and
mediawatch.yaml of an ingest that fetches from 127.0.0.1."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from tests.support.http import HTML, RSS, LocalServer, Response

# --- pages ---

CHIPS = (
    "Regulators in several countries said on Tuesday that they would review the new rules on "
    "advanced chips, and industry groups warned that the measures could slow research. "
    "Executives at three companies described the changes as significant but manageable, "
    "while analysts expect a long consultation before anything takes effect. "
)
HARBOUR = (
    "The harbour authority said on Monday that the new quay would open in spring, and shipping "
    "companies welcomed the plan while residents asked for limits on night-time noise. "
    "Officials expect the first container vessels to berth before the summer season begins. "
)
NAV = "<nav><a href='/'>Home</a></nav>"
BYLINE = "<p class='byline'>By Jane Doe</p>"
# What extraction must leave out of a news page: menus, a cookie banner, comments.
CLUTTER_TOP = (
    "<nav><a href='/'>Home</a> <a href='/tech'>Tech</a></nav>"
    "<div class='cookie-banner'>We use cookies to improve your experience.</div>"
)
CLUTTER_BOTTOM = "<section class='comments'><p>Reader comment: first!</p></section>"
_LEADS = ("First", "Then", "Later", "Finally")
_TEXT = """harbour council budget river festival library museum transit school weather market
farm bridge orchestra theatre election ferry stadium garden hospital railway airport mayor tunnel
bakery vineyard glacier canyon lighthouse observatory cathedral parliament"""
_WORDS = _TEXT.split()


def article_page(
    title: str,
    paragraphs: Iterable[str],
    *,
    top: str = "",
    byline: str = "",
    extra: str = "",
    bottom: str = "",
) -> bytes:
    """An English UTF-8 page: `top`, then an <article> with the title as <h1>, the byline, `extra`
    and the paragraphs, then `bottom`."""
    text = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title}</title></head><body>{top}"
        f"<article><h1>{title}</h1>{byline}{extra}{text}</article>{bottom}</body></html>"
    ).encode()


def news_page(title: str, body: str, *, clutter: bool = True) -> bytes:
    """A news story on chip rules: four paragraphs of `body` and CHIPS, by Jane Doe; with the
    clutter extraction must drop, or only a menu and a footer."""
    top, bottom = (CLUTTER_TOP, CLUTTER_BOTTOM) if clutter else (NAV, "")
    return article_page(
        title,
        [f"{body} {CHIPS}"] * 4,
        top=top,
        byline=BYLINE,
        bottom=bottom + "<footer>© Example Media</footer>",
    )


def harbour_page(title: str, body: str = "", extra: str = "") -> bytes:
    """A story about a quay, in four parts: `body` leads each, `extra` comes before them."""
    parts = [f"{body} Part {lead} of the report. {HARBOUR}" for lead in _LEADS]
    return article_page(
        title, parts, top=NAV, extra=extra, bottom="<footer>© Harbour Media</footer>"
    )


def words_page(seed: int, title: str) -> bytes:
    """A page whose text is its own (random words: no near-duplicates), mentioning the title."""
    rng = random.Random(seed)
    parts = [" ".join(rng.choice(_WORDS) for _ in range(60)) + f" {title}." for _ in range(5)]
    return article_page(title, parts)


# --- feeds ---


def rss_item(
    title: str,
    link: str | None = None,
    *,
    guid: str | None = None,
    permalink: bool = True,
    date: str | None = None,
    summary: str | None = None,
) -> str:
    """One RSS 2.0 <item>; what is None is left out."""
    parts = [f"<title>{title}</title>"]
    if link is not None:
        parts.append(f"<link>{link}</link>")
    if guid is not None:
        attribute = "" if permalink else " isPermaLink='false'"
        parts.append(f"<guid{attribute}>{guid}</guid>")
    if date is not None:
        parts.append(f"<pubDate>{date}</pubDate>")
    if summary is not None:
        parts.append(f"<description>{summary}</description>")
    return "<item>" + "".join(parts) + "</item>"


def rss(
    items: Iterable[str],
    *,
    title: str = "Feed",
    link: str = "http://127.0.0.1/",
    language: str | None = None,
    prolog: str = "",
) -> bytes:
    """An RSS 2.0 document in UTF-8 of these <item>s; `prolog` goes before <rss> (a DOCTYPE)."""
    lang = f"<language>{language}</language>" if language else ""
    return (
        f'<?xml version="1.0" encoding="utf-8"?>{prolog}<rss version="2.0"><channel>'
        f"<title>{title}</title><link>{link}</link><description>d</description>{lang}"
        + "".join(items)
        + "</channel></rss>"
    ).encode()


def stories_feed(base: str, items: Iterable[tuple[str, str, str]]) -> bytes:
    """A feed of (title, path, RFC 822 date) stories on the server at base: each links to
    base + path, has the path as guid and a one-line summary."""
    entries = [
        rss_item(t, base + path, guid=path, date=date, summary=f"Summary of {t}")
        for t, path, date in items
    ]
    return rss(entries, link=f"{base}/")


def rfc822(when: datetime) -> str:
    return f"{when:%a, %d %b %Y %H:%M:%S +0000}"


class Newsroom:
    """A feed on a LocalServer (/feed.xml) whose items can grow between runs, and their pages."""

    def __init__(self, server: LocalServer) -> None:
        self.server = server
        self.items: list[tuple[str, str, datetime]] = []
        server.route("/feed.xml", lambda handler: Response(200, self.rss(), RSS))

    def add(self, title: str, when: datetime) -> None:
        path = f"/news/{len(self.items)}.html"
        self.server.route(path, Response(200, words_page(len(self.items), title), HTML))
        self.items.append((title, path, when))

    def rss(self) -> bytes:
        base = self.server.base_url
        items = [rss_item(t, base + p, guid=p, date=rfc822(w)) for t, p, w in self.items]
        return rss(items, title="N", link=f"{base}/")


# --- configuration ---

# How every test ingest fetches: no politeness delay, and 127.0.0.1 allowed.
LOCAL_FETCH = {"per_host_delay_s": 0, "allow_loopback": True}
ACME_WATCHLIST = """entities:
  - id: acme-robotics
    name: Acme Robotics
    type: ORG
    aliases: [Acme Robotics]
"""


def write_sources(
    path: Path,
    feeds: Mapping[str, str | Mapping[str, Any]],
    *,
    tags: Sequence[str] | None = None,
    country: str = "US",
    language: str = "en",
) -> Path:
    """A sources.yaml of {name: feed URL, or the fields of that source}; every source with the
    same tags, country and language unless its fields say otherwise."""
    shared = {
        **({"tags": list(tags)} if tags is not None else {}),
        "country": country,
        "language": language,
    }
    sources = [
        {"name": name, **({"url": feed} if isinstance(feed, str) else {}), **shared}
        | ({} if isinstance(feed, str) else dict(feed))
        for name, feed in feeds.items()
    ]
    path.write_text(yaml.safe_dump({"sources": sources}, sort_keys=False), encoding="utf-8")
    return path


def write_settings(path: Path, settings: Mapping[str, Any]) -> Path:
    """A mediawatch.yaml of these settings (paths written as strings)."""

    def plain(value: Any) -> Any:
        if isinstance(value, Mapping):
            return {k: plain(v) for k, v in value.items()}
        return str(value) if isinstance(value, Path) else value

    path.write_text(yaml.safe_dump(plain(settings), sort_keys=False), encoding="utf-8")
    return path


def ingest_config(
    tmp: Path,
    feeds: Mapping[str, str],
    *,
    fetch: Mapping[str, Any] | None = None,
    tags: Sequence[str] | None = None,
    country: str = "US",
    **settings: Any,
) -> Path:
    """tmp/sources.yaml of feeds ({name: URL}) and tmp/mediawatch.yaml for an ingest of them into
    tmp/w.duckdb, fetching with LOCAL_FETCH and `fetch`; returns the settings file."""
    sources = write_sources(tmp / "sources.yaml", feeds, tags=tags, country=country)
    return write_settings(
        tmp / "mediawatch.yaml",
        {
            "db_path": tmp / "w.duckdb",
            "sources_path": sources,
            **settings,
            "fetch": {**LOCAL_FETCH, **(fetch or {})},
        },
    )


def newsroom_config(tmp: Path, feed_url: str, webhook_url: str | None, **settings: Any) -> Path:
    """The settings of an ingest of one feed, "Town News", for ACME_WATCHLIST, with the archive,
    reports and alerts to webhook_url; one worker, no retries."""
    (tmp / "watchlist.yaml").write_text(ACME_WATCHLIST, encoding="utf-8")
    return ingest_config(
        tmp,
        {"Town News": feed_url},
        tags=["test"],
        country="GB",
        fetch={"retries": 0},
        watchlist_path=tmp / "watchlist.yaml",
        archive_dir=tmp / "archive",
        reports_dir=tmp / "reports",
        webhook_url=webhook_url,
        workers=1,
        **settings,
    )
