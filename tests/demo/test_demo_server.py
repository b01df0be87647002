"""The demo server (real sockets on 127.0.0.1) and the committed demo corpus it serves."""

from __future__ import annotations

import gzip
import http.client
import importlib.util
import json
import re
import sys
import urllib.robotparser
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest

from demo.server import RequestLog, content_type_for, serve_directory
from tests.support.paths import REPO_ROOT

DEMO = REPO_ROOT / "demo"
SITE = DEMO / "site"
FEED = "/pacific-tech/feed.xml"
TRAVERSALS = (
    "/../secret.txt",
    "/%2e%2e/secret.txt",
    "/%2e%2e%2fsecret.txt",
    "/..%2fsecret.txt",
    "/site/../../secret.txt",
    "/%2E%2E/%2E%2E/secret.txt",
    "/..\\secret.txt",
    "/link-out.txt",
)


@pytest.fixture(scope="module")
def corpus() -> dict:
    return json.loads((DEMO / "corpus.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def demo() -> Iterator[tuple[str, RequestLog]]:
    log = RequestLog()
    with serve_directory(SITE, request_log=log) as base:
        yield base, log


def site_file(url: str) -> Path:
    """The file under demo/site that a placeholder URL (``__BASE__/...``) names."""
    assert url.startswith("__BASE__/"), url
    return SITE / url.removeprefix("__BASE__/").split("?")[0]


def request(
    base: str, path: str, method: str = "GET", headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    """One raw request: http.client sends the path exactly as given, '..' and all."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request(method, path, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


# --- the server ---


def test_serves_a_feed_with_the_placeholder_replaced(demo: tuple[str, RequestLog]) -> None:
    base, _ = demo
    status, headers, body = request(base, FEED)
    assert status == 200
    assert headers["content-type"] == "application/rss+xml; charset=utf-8"
    assert b"__BASE__" not in body
    assert f"<link>{base}/pacific-tech/</link>".encode() in body
    assert int(headers["content-length"]) == len(body)
    assert headers["etag"].startswith('"') and headers["etag"].endswith('"')
    assert headers["last-modified"] == "Sun, 23 Feb 2025 23:00:00 GMT"
    parsed = feedparser.parse(body)
    assert not parsed.bozo and parsed.entries
    assert all(e.link.startswith(base + "/pacific-tech/") for e in parsed.entries)


def test_etag_and_last_modified_are_stable_and_answer_304(demo: tuple[str, RequestLog]) -> None:
    base, log = demo
    _, first, _ = request(base, FEED)
    _, again, _ = request(base, FEED)
    assert first["etag"] == again["etag"] and first["last-modified"] == again["last-modified"]
    status, headers, body = request(base, FEED, headers={"If-None-Match": first["etag"]})
    assert (status, body) == (304, b"")
    assert headers["etag"] == first["etag"]
    status, _, body = request(base, FEED, headers={"If-None-Match": f'"nope", W/{first["etag"]}'})
    assert (status, body) == (304, b"")
    stale = "Sat, 22 Feb 2025 00:00:00 GMT"
    assert request(base, FEED, headers={"If-Modified-Since": first["last-modified"]})[0] == 304
    assert request(base, FEED, headers={"If-Modified-Since": stale})[0] == 200
    assert request(base, FEED, headers={"If-None-Match": '"other"'})[0] == 200
    assert log.count(path=FEED, status=304) >= 3


def test_head_gzip_and_content_types(demo: tuple[str, RequestLog]) -> None:
    base, _ = demo
    status, headers, body = request(base, FEED, method="HEAD")
    assert status == 200 and body == b"" and int(headers["content-length"]) > 1000
    _, plain_headers, plain = request(base, FEED)
    status, headers, packed = request(base, FEED, headers={"Accept-Encoding": "gzip, br"})
    assert headers["content-encoding"] == "gzip" and gzip.decompress(packed) == plain
    assert headers["etag"] != plain_headers["etag"]
    expected = {
        "/capitol-circuit/atom.xml": "application/atom+xml; charset=utf-8",
        "/wafer-weekly/index.rdf": "application/rdf+xml; charset=utf-8",
        "/forkwise/feed.json": "application/feed+json; charset=utf-8",
        "/digitalblick/feed.rss": "application/rss+xml; charset=windows-1252",
        "/robots.txt": "text/plain; charset=utf-8",
        "/index.html": "text/html; charset=utf-8",
    }
    for path, ctype in expected.items():
        assert request(base, path)[1]["content-type"] == ctype, path


def test_missing_files_and_directories_without_index_are_404(demo: tuple[str, RequestLog]) -> None:
    base, log = demo
    assert request(base, "/pacific-tech/2025/01/99/nothing.html")[0] == 404
    assert request(base, "/pacific-tech/2025/")[0] == 404  # no directory listings
    assert request(base, "/pacific-tech/")[0] == 200  # served from its index.html
    assert log.count(path="/pacific-tech/2025/", status=404) == 1


def test_path_traversal_is_refused(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("top secret")
    root = tmp_path / "site"
    root.mkdir()
    (root / "ok.txt").write_text("fine")
    (root / "link-out.txt").symlink_to(tmp_path / "secret.txt")
    with serve_directory(root) as base:
        status, _, body = request(base, "/ok.txt")
        assert (status, body) == (200, b"fine")
        for path in TRAVERSALS:
            status, _, body = request(base, path)
            assert status == 404, path
            assert b"secret" not in body, path
    with serve_directory(SITE) as base:
        for path in (
            "/../pyproject.toml",
            "/%2e%2e/%2e%2e/pyproject.toml",
            "/../../pyproject.toml",
        ):
            status, _, body = request(base, path)
            assert status == 404 and b"[project]" not in body, path


def test_content_type_sniffs_the_xml_root_and_prolog() -> None:
    atom = (
        b'<?xml version="1.0" encoding="ISO-8859-1"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
    )
    assert content_type_for(Path("a.xml"), atom) == "application/atom+xml; charset=iso-8859-1"
    assert content_type_for(Path("a.json"), b"{}") == "application/json; charset=utf-8"
    assert content_type_for(Path("a.bin"), b"\x00") == "application/octet-stream"


# --- the corpus ---


def test_manifest_matches_the_site(corpus: dict) -> None:
    articles = corpus["articles"]
    assert corpus["end_date"] == "2025-02-23T23:00:00Z"
    assert len(articles) == corpus["article_count"] >= 220
    for article in articles:
        assert (DEMO / article["file"]).is_file(), article["file"]
        assert article["url"] == "__BASE__" + article["file"].removeprefix("site")
    kinds = [o["kind"] for o in corpus["outlets"]]
    assert kinds.count("outlet") >= 9 and kinds.count("wire") == 1 and kinds.count("broken") == 1
    weeks = corpus["articles_per_week"]
    assert len(weeks) >= 6 and sum(weeks.values()) == len(articles)
    counts = list(weeks.values())
    assert max(counts) == weeks["2025-W05"] >= 2 * weeks["2025-W03"]
    assert sum(corpus["articles_per_outlet"].values()) == len(articles)
    for outlet in corpus["outlets"]:
        assert site_file(outlet["feed_url"]).is_file()
    for group in corpus["syndicated_groups"]:
        assert len(group) >= 3 and group[0].startswith("__BASE__/meridian-wire/")
        assert len({u.split("/")[1] for u in group}) == len(group)  # one copy per outlet
    assert max(len(g) for g in corpus["syndicated_groups"]) >= 4
    assert {"de", "fr", "zh"} <= {k for k, v in corpus["non_english"].items() if v}


def test_every_feed_format_is_present_and_parses(corpus: dict) -> None:
    formats = {o["feed_format"] for o in corpus["outlets"]}
    assert {
        "rss2-summary",
        "rss2-content",
        "atom",
        "atom-relative",
        "rss1-rdf",
        "jsonfeed",
    } <= formats
    assert {"rss2-windows-1252", "rss2-summary-tracking", "broken"} <= formats
    base = "http://127.0.0.1:9"
    for outlet in corpus["outlets"]:
        raw = site_file(outlet["feed_url"]).read_bytes()
        body = raw.replace(b"__BASE__", base.encode())
        if outlet["feed_format"] == "jsonfeed":
            feed = json.loads(body)
            assert feed["version"] == "https://jsonfeed.org/version/1.1"
            links = [item["url"] for item in feed["items"]]
        else:
            feed = feedparser.parse(body, response_headers={"content-location": base + "/x/"})
            links = [e.get("link") for e in feed.entries]
        assert len(links) == outlet["article_count"], outlet["slug"]
        assert all(link.startswith(base + "/") for link in links), outlet["slug"]
    assert corpus["articles_per_outlet"]["coastline-daily"] == 0


def test_legacy_feed_is_really_windows_1252(corpus: dict) -> None:
    url = corpus["legacy_encoding_feed"]["url"]
    raw = site_file(url).read_bytes()
    assert raw.startswith(b'<?xml version="1.0" encoding="windows-1252"?>')
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = raw.decode("cp1252")
    assert all(char in text for char in "€ü„“–")


def test_robots_tracking_paywall_and_dateless_pages(corpus: dict) -> None:
    robots = urllib.robotparser.RobotFileParser()
    robots.parse((SITE / "robots.txt").read_text().splitlines())
    [private] = corpus["robots_disallowed"]
    assert not robots.can_fetch("mediawatch", private.replace("__BASE__", "http://h"))
    assert robots.can_fetch(
        "mediawatch", corpus["articles"][0]["url"].replace("__BASE__", "http://h")
    )
    feeds = "".join(p.read_text("utf-8", "replace") for p in SITE.glob("*/*.xml"))
    assert private in feeds
    tracking = (SITE / "market-ledger" / "rss.xml").read_text()
    assert (
        tracking.count("?utm_source=rss&amp;utm_medium=feed</link>")
        == corpus["articles_per_outlet"]["market-ledger"]
    )
    for url in corpus["paywalled"]:
        page = site_file(url).read_text(encoding="utf-8")
        assert "Subscribe to continue reading" in page
    dateless = [a for a in corpus["articles"] if a["outlet"] == corpus["no_date_outlet"]]
    assert dateless and not any(a["page_has_date"] for a in dateless)
    page = (DEMO / dateless[0]["file"]).read_text()
    assert "published_time" not in page and "<time" not in page and "datePublished" not in page


def test_pages_link_only_through_the_placeholder() -> None:
    link = re.compile(r'(?:href|src|action)="([^"]*)"')
    for page in SITE.rglob("*.html"):
        for target in link.findall(page.read_text(encoding="utf-8")):
            assert target.startswith("__BASE__/") or not re.match(r"[a-z]+:", target), (
                page,
                target,
            )


def test_regenerating_gives_identical_bytes(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("build_corpus", DEMO / "build_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    try:
        spec.loader.exec_module(module)
        assert module.main(["--out", str(tmp_path)]) == 0
    finally:
        del sys.modules[spec.name]
    fresh = {
        p.relative_to(tmp_path / "site"): p for p in (tmp_path / "site").rglob("*") if p.is_file()
    }
    committed = {p.relative_to(SITE): p for p in SITE.rglob("*") if p.is_file()}
    assert sorted(fresh) == sorted(committed), "demo/site is out of date: run demo/build_corpus.py"
    changed = [
        str(rel) for rel, path in fresh.items() if path.read_bytes() != committed[rel].read_bytes()
    ]
    assert not changed, f"demo/site is out of date: run demo/build_corpus.py ({changed[:3]})"
    for name in ("sources.yaml", "corpus.json"):
        assert (tmp_path / name).read_bytes() == (DEMO / name).read_bytes(), name
