"""Hostile inputs and faults through the real daily-ingest flow (real Prefect, DuckDB, HTTP).

Two flow runs serve every hostile feed below together with two good feeds, from three servers on
127.0.0.1 (good, hostile, slow); each test then checks one case, and that the good feeds of the
same run were loaded in full. No test sends a packet anywhere but 127.0.0.1: a guard on
socket.connect and getaddrinfo records any attempt, and the run must have made none.

Each case is (source name, what is served, what mediawatch must do). The list, with the
observed behaviour, is the Reliability section of README.md.
"""

from __future__ import annotations

import asyncio
import gzip
import ipaddress
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from flows.daily_ingest import daily_ingest
from pipelines import selection
from pipelines.feeds import parse_feed_detailed
from pipelines.records import FetchResult, FetchStatus
from tests.support.feeds import HARBOUR, harbour_page, ingest_config, rss, rss_item
from tests.support.http import (
    HTML,
    RSS,
    LocalServer,
    Response,
    endless,
    local_server,
    revalidated,
    trickle,
)
from warehouse import db

pytestmark = pytest.mark.slow
AS_OF = datetime(2025, 3, 3, 12, tzinfo=UTC)
SECRET = "SECRET-MARKER-7f3a"  # in a local file that hostile feeds try to include
GOOD_A = [(f"Harbour story {i}", f"/a/{i}.html") for i in range(1, 4)]
GOOD_B = [("Second harbour outlet story", "/b/1.html"), ("Quay opening delayed", "/b/2.html")]
SLOW_PAGES = [f"/slow/{i}.html" for i in range(6)]


def item(
    title: str,
    link: str | None,
    *,
    guid: str | None = None,
    date: str | None = "Mon, 03 Mar 2025 08:00:00 GMT",
) -> str:
    summary = f"Feed summary of this story: {HARBOUR}"
    return rss_item(title, link, guid=guid, permalink=False, date=date, summary=summary)


# --- what each server serves ----------------------------------------------------------------------


def serve_good(good: LocalServer) -> dict[str, str]:
    base = good.base_url
    for title, path in GOOD_A + GOOD_B:
        good.route(path, Response(200, harbour_page(title, f"{title} body."), HTML))
    a_feed = revalidated(rss([item(t, base + p) for t, p in GOOD_A]), '"a1"', RSS)
    b_feed = revalidated(rss([item(t, base + p) for t, p in GOOD_B]), '"b1"', RSS)
    return {
        "Good A": good.route("/a/feed.xml", a_feed),
        "Good B": good.route("/b/feed.xml", b_feed),
    }


def serve_hostile(h: LocalServer, secret_file: Path) -> dict[str, str]:
    """Every hostile feed and page; returns source name -> path on h."""
    b = h.base_url
    feeds: dict[str, str] = {}

    def feed(name: str, path: str, answer: Response | Callable[[Any], Response]) -> None:
        h.route(path, answer)
        feeds[name] = path

    def article(path: str, title: str, body: bytes | None = None) -> str:
        h.route(path, Response(200, body if body is not None else harbour_page(title, title), HTML))
        return b + path

    # XML
    whole = rss([item("Recovered story", article("/m/1.html", "Recovered story"))])
    cut_off = whole.replace(b"</channel></rss>", b"<item><title>Cut <b>off")
    feed("Malformed XML", "/malformed.xml", Response(200, cut_off, RSS))
    laughs = "".join(
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' if i else '<!ENTITY l0 "lol">' for i in range(10)
    )
    bomb = rss([item("&l9;", b + "/bomb/1.html")], prolog=f"<!DOCTYPE rss [{laughs}]>")
    feed("Entity bomb", "/bomb.xml", Response(200, bomb, RSS))
    xxe_decl = f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret_file}">]>'
    feed(
        "External entity",
        "/xxe.xml",
        Response(200, rss([item("&xxe;", b + "/x/0.html")], prolog=xxe_decl)),
    )
    h.route("/evil.dtd", Response(200, f'<!ENTITY xxe SYSTEM "file://{secret_file}">'.encode()))
    dtd = f'<!DOCTYPE rss SYSTEM "{b}/evil.dtd">'
    xxe_items = [item("Story &xxe; here", article("/x/1.html", "External DTD story"))]
    feed("External DTD", "/xxe-dtd.xml", Response(200, rss(xxe_items, prolog=dtd), RSS))
    # size
    gz = gzip.compress(b"\0" * 60_000_000)
    feed("Gzip bomb", "/gzip-bomb.xml", Response(200, gz, {"Content-Encoding": "gzip", **RSS}))
    feed("Endless body", "/endless.xml", Response(200, endless(), RSS))
    huge = [item("Twenty megabyte article", b + "/big/article.html")]
    h.route("/big/article.html", Response(200, b"<p>" + b"x" * 20_000_000 + b"</p>", HTML))
    feed("Huge article", "/huge.xml", Response(200, rss(huge), RSS))
    # redirects
    h.route("/loop2.xml", Response(302, b"", {"Location": "/loop.xml"}))
    feed("Redirect loop", "/loop.xml", Response(302, b"", {"Location": "/loop2.xml"}))
    feed("Redirect to file", "/to-file.xml", Response(302, b"", {"Location": "file:///etc/passwd"}))
    metadata = {"Location": "http://169.254.169.254/latest/meta-data/"}
    feed("Redirect to metadata", "/to-metadata.xml", Response(301, b"", metadata))
    # statuses
    feed("Not found", "/404.xml", Response(404, b"no such feed"))
    feed("Gone", "/410.xml", Response(410, b"gone"))
    rate_limited = [Response(429, b"slow down", {"Retry-After": "1"})]

    def limited(handler: Any) -> Response:
        if rate_limited:
            return rate_limited.pop()
        return Response(200, rss([item("After the wait", article("/r/1.html", "After the wait"))]))

    feed("Rate limited", "/429.xml", limited)
    feed("Unavailable", "/503.xml", Response(503, b"", {"Retry-After": "3600"}))
    html_page = (
        "<!doctype html><html><head><title>News</title><link rel='alternate' "
        "type='application/rss+xml' href='/news/feed.xml'></head><body>News</body></html>"
    )
    feed("HTML not feed", "/news/", Response(200, html_page.encode(), HTML))
    # items
    dates = [
        item("Dated in the future", article("/d/future.html", "Future"), date="Mon, 1 Jan 2091"),
        item("Undatable", article("/d/none.html", "Undatable"), date="sometime last week"),
    ]
    feed("Odd dates", "/dates.xml", Response(200, rss(dates), RSS))
    dupes = [
        item("First of a guid", article("/g/1.html", "First of a guid"), guid="same"),
        item("Second of a guid", article("/g/2.html", "Second of a guid"), guid="same"),
        item("Same link again", b + "/g/1.html?utm_source=rss", guid="other"),
    ]
    feed("Duplicate guids", "/dup.xml", Response(200, rss(dupes), RSS))
    no_links = [item("No link", None), item("Script link", "javascript:alert(1)")]
    feed("No links", "/nolinks.xml", Response(200, rss(no_links), RSS))
    script = "&lt;script&gt;alert('t')&lt;/script&gt;&lt;b&gt;Bold&lt;/b&gt; claim"
    cdata = "<![CDATA[<img src=x onerror=alert(2)><i>Styled</i> headline]]>"
    evil_page = harbour_page("Markup page", "Markup", "<script>alert('page')</script>")
    marked = [
        item(script, article("/t/1.html", "", evil_page)),
        item(cdata, article("/t/2.html", "Styled headline")),
    ]
    feed("Markup titles", "/markup.xml", Response(200, rss(marked), RSS))
    h.route(
        "/bin/doc.pdf",
        Response(200, b"%PDF-1.7\n" + b"\x00" * 5000, {"Content-Type": "application/pdf"}),
    )
    h.route(
        "/bin/photo.png", Response(200, b"\x89PNG\r\n\x1a\n" + b"\x00" * 5000, HTML)
    )  # mislabelled
    binaries = [item("A PDF", b + "/bin/doc.pdf"), item("An image", b + "/bin/photo.png")]
    feed("Binary pages", "/binary.xml", Response(200, rss(binaries), RSS))
    feed("Empty feed", "/empty.xml", Response(200, rss([]), RSS))
    feed("Empty body", "/empty-body.xml", Response(200, b"", RSS))
    bad = harbour_page("Zürich quay news", "Zürich café BROKEN").replace(b"BROKEN", b"\xff")
    bad_items = [item("Zürich BROKEN title", article("/u/1.html", "", bad))]
    bad_feed = rss(bad_items).replace(b"BROKEN", b"\xc3\x28")
    feed("Invalid UTF-8", "/bad-utf8.xml", Response(200, bad_feed, RSS))
    # broken HTTP
    header_bomb = b"HTTP/1.1 200 OK\r\n" + b"X-Pad: " + b"a" * 300_000 + b"\r\n\r\n"
    feed("Header bomb", "/header-bomb.xml", Response(raw=header_bomb))
    feed(
        "Lying gzip",
        "/bad-gzip.xml",
        Response(200, b"not gzip at all" * 10, {"Content-Encoding": "gzip"}),
    )
    cut = b"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n<rss>short"
    feed("Cut short", "/cut.xml", Response(raw=cut))
    feed("Not HTTP", "/not-http.xml", Response(raw=b"\x00\x01\x02 garbage\r\n\r\n"))
    # unsafe addresses in links and redirects
    h.route("/p/redirect.html", Response(302, b"", {"Location": "http://192.168.1.1/admin"}))
    private = [
        item("Intranet link", "http://10.0.0.1/story.html"),
        item("Metadata link", "http://169.254.169.254/latest/meta-data/iam/"),
        item("Redirect inward", b + "/p/redirect.html"),
    ]
    feed("Private links", "/private-links.xml", Response(200, rss(private), RSS))
    return feeds


def serve_slow(slow: LocalServer) -> dict[str, str]:
    base = slow.base_url
    slow.route("/trickle.xml", Response(200, trickle(b" "), RSS))
    slow.route("/robots.txt", Response(404, b""))
    for i, path in enumerate(SLOW_PAGES):
        slow.route(path, Response(200, harbour_page(f"Slow story {i}", "Slow"), HTML, delay_s=60))
    items = [item(f"Slow story {i}", base + p) for i, p in enumerate(SLOW_PAGES)]
    slow.route("/slow/feed.xml", Response(200, rss(items), RSS))
    return {"Trickle": base + "/trickle.xml", "Slow host": base + "/slow/feed.xml"}


# --- the runs -------------------------------------------------------------------------------------


@dataclass
class Run:
    result: dict[str, Any]
    seconds: float
    articles: dict[str, list[dict[str, Any]]]  # source name -> article rows
    states: dict[str, dict[str, Any]]  # source name -> feed_state row
    attempts: dict[str, int]  # url -> page_attempts.attempts

    def failure(self, source: str) -> dict[str, Any]:
        (found,) = [f for f in self.result["failures"] if f["source"] == source]
        return found

    def failed(self, source: str) -> str | None:
        return next((f["error"] for f in self.result["failures"] if f["source"] == source), None)


@dataclass
class Runs:
    first: Run
    second: Run
    servers: dict[str, LocalServer]
    hits_after_first: dict[str, int]
    secret_file: Path
    slow_requests_first: list[float]  # when the slow server was asked, in the first run
    violations: list[str] = field(default_factory=list)

    def hits(self, path: str) -> int:
        return self.servers["hostile"].hits(path)


def write_config(tmp: Path, feeds: dict[str, str]) -> Path:
    fetch = {
        "total_timeout": 2,
        "read_timeout": 1,
        "connect_timeout": 1,
        "retries": 1,
        "backoff_base_s": 0.01,
        "per_host_concurrency": 4,
        "max_retry_after_s": 5,
    }
    return ingest_config(tmp, feeds, fetch=fetch, batch_size=100, workers=2)


def snapshot(db_path: Path, result: dict[str, Any], seconds: float) -> Run:
    with db.session(db_path, read_only=True) as con:
        cur = con.execute(
            "SELECT s.name AS source, a.* FROM articles a JOIN sources s USING (source_id)"
        )
        names = [d[0] for d in cur.description]
        articles: dict[str, list[dict[str, Any]]] = {}
        for row in cur.fetchall():
            record = dict(zip(names, row, strict=True))
            articles.setdefault(record["source"], []).append(record)
        cur = con.execute(
            "SELECT s.name AS source, f.* FROM feed_state f JOIN sources s USING (source_id)"
        )
        names = [d[0] for d in cur.description]
        states = {r[0]: dict(zip(names, r, strict=True)) for r in cur.fetchall()}
        attempts = dict(con.execute("SELECT url, attempts FROM page_attempts").fetchall())
    return Run(result, seconds, articles, states, attempts)


@contextmanager
def loopback_only(violations: list[str]) -> Iterator[None]:
    """socket.connect and getaddrinfo refuse, and record, anything that is not loopback."""
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def check(address: Any) -> None:
        if not isinstance(address, tuple):
            return  # a Unix socket path
        try:
            loopback = ipaddress.ip_address(str(address[0]).split("%", 1)[0]).is_loopback
        except ValueError:
            loopback = False
        if not loopback:
            violations.append(f"connect {address[0]}")
            raise OSError(f"test guard: no connections to {address[0]}")

    def connect(self: socket.socket, address: Any) -> None:
        check(address)
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        check(address)
        return real_connect_ex(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name not in (None, "localhost"):
            try:
                ipaddress.ip_address(name.split("%", 1)[0])
            except ValueError:
                violations.append(f"resolve {name}")
                raise socket.gaierror(socket.EAI_NONAME, "test guard: no DNS") from None
        return real_getaddrinfo(host, *args, **kwargs)

    socket.socket.connect, socket.socket.connect_ex = connect, connect_ex  # type: ignore[method-assign]
    socket.getaddrinfo = getaddrinfo
    try:
        yield
    finally:
        socket.socket.connect, socket.socket.connect_ex = real_connect, real_connect_ex  # type: ignore[method-assign]
        socket.getaddrinfo = real_getaddrinfo


def run_flow(settings: Path, as_of: datetime, db_path: Path) -> Run:
    started = time.monotonic()
    result = asyncio.run(daily_ingest(settings_path=str(settings), as_of=as_of))
    return snapshot(db_path, result, time.monotonic() - started)


@pytest.fixture(scope="module")
def runs(prefect, tmp_path_factory: pytest.TempPathFactory) -> Runs:
    """Run 1 with everything; run 2 a day later, when the slow host answers again."""
    tmp = tmp_path_factory.mktemp("hostile")
    secret_file = tmp / "secret.txt"
    secret_file.write_text(SECRET)
    violations: list[str] = []
    with (
        local_server() as good,
        local_server() as hostile,
        local_server() as slow,
    ):
        feeds = serve_good(good)
        feeds.update(
            {n: hostile.base_url + p for n, p in serve_hostile(hostile, secret_file).items()}
        )
        feeds.update(serve_slow(slow))
        settings = write_config(tmp, feeds)
        with loopback_only(violations):
            first = run_flow(settings, AS_OF, tmp / "w.duckdb")
            hits = {path: hostile.hits(path) for path in hostile.routes}
            slow_first = [request.at for request in slow.requests]
            for i, path in enumerate(SLOW_PAGES):
                slow.route(path, Response(200, harbour_page(f"Slow story {i}", "Slow"), HTML))
            second = run_flow(settings, AS_OF + timedelta(days=1), tmp / "w.duckdb")
    servers = {"good": good, "hostile": hostile, "slow": slow}
    return Runs(first, second, servers, hits, secret_file, slow_first, violations)


def assert_good_feeds_complete(run: Run) -> None:
    """Both good feeds: every article loaded from its page, in full."""
    for source, expected in (("Good A", GOOD_A), ("Good B", GOOD_B)):
        rows = run.articles.get(source, [])
        assert sorted(r["title"] for r in rows) == sorted(t for t, _ in expected), source
        for row in rows:
            assert row["extraction_method"] == "page" and row["extraction_outcome"] == "full"
            assert row["title"] in row["text"] and "new quay would open" in row["text"]
        assert run.states[source]["last_status"] in ("ok", "not_modified")
        assert run.failed(source) is None


@pytest.fixture
def first(runs: Runs) -> Run:
    """The first run, after checking that its good feeds were loaded in full."""
    assert_good_feeds_complete(runs.first)
    return runs.first


def loaded(run: Run, source: str) -> dict[str, dict[str, Any]]:
    return {r["title"]: r for r in run.articles.get(source, [])}


# --- the whole run --------------------------------------------------------------------------------


def test_no_packet_left_loopback_and_nothing_was_read_from_disk(runs: Runs, first: Run) -> None:
    assert runs.violations == []
    for run in (runs.first, runs.second):
        for rows in run.articles.values():
            for row in rows:
                assert SECRET not in row["text"] and SECRET not in (row["title"] or "")


def test_runs_finish_in_bounded_time_and_report_failures(runs: Runs, first: Run) -> None:
    assert first.result["status"] == "completed_with_failures"
    assert runs.second.result["status"] == "completed_with_failures"
    # The slow server trickles a feed forever and stalls every page for 60 s; its requests
    # still all fall within a few timeouts (2 s each), whatever the machine's load.
    asked = runs.slow_requests_first
    assert max(asked) - min(asked) < 20


# --- XML ------------------------------------------------------------------------------------------


def test_malformed_xml_keeps_the_items_before_the_break(first: Run) -> None:
    assert first.failed("Malformed XML") is None
    assert list(loaded(first, "Malformed XML")) == ["Recovered story"]


def test_entity_bomb_is_refused_unexpanded(runs: Runs, first: Run) -> None:
    assert first.failed("Entity bomb") == "xml_entities_refused"
    assert "Entity bomb" not in first.articles and runs.hits("/bomb/1.html") == 0


def test_external_entity_is_refused(first: Run) -> None:
    assert first.failed("External entity") == "xml_entities_refused"


def test_external_dtd_is_never_fetched(runs: Runs, first: Run) -> None:
    assert runs.hits("/evil.dtd") == 0
    (row,) = first.articles["External DTD"]
    assert row["title"].startswith("Story") and SECRET not in row["title"]


# --- size -----------------------------------------------------------------------------------------


def test_gzip_bomb_stops_at_the_cap(runs: Runs, first: Run) -> None:
    assert first.failed("Gzip bomb") == "too_large"
    assert runs.hits_after_first["/gzip-bomb.xml"] == 1  # not retried


def test_endless_body_stops_at_the_cap(first: Run) -> None:
    assert first.failed("Endless body") == "too_large"


def test_twenty_megabyte_article_comes_from_the_feed_text(runs: Runs, first: Run) -> None:
    row = loaded(first, "Huge article")["Twenty megabyte article"]
    assert row["extraction_method"] == "feed_summary" and row["extraction_reason"] == "no_page"
    assert row["text"].startswith("Feed summary of this story")
    assert first.result["counts"]["pages_too_large"] == 1
    assert runs.hits_after_first["/big/article.html"] == 1


# --- redirects ------------------------------------------------------------------------------------


def test_redirect_loop_is_cut(runs: Runs, first: Run) -> None:
    assert first.failed("Redirect loop") == "too_many_redirects"
    assert runs.hits_after_first["/loop.xml"] + runs.hits_after_first["/loop2.xml"] == 6


def test_redirect_to_file_scheme_is_refused(first: Run) -> None:
    assert first.failed("Redirect to file") == "bad_scheme"


def test_redirect_to_metadata_address_is_refused(runs: Runs, first: Run) -> None:
    failure = first.failure("Redirect to metadata")
    assert failure["error"] == "unsafe_address" and "169.254.169.254" in failure["detail"]
    assert "metadata" in failure["detail"] and runs.violations == []


# --- HTTP statuses --------------------------------------------------------------------------------


def test_not_found_is_retried_next_run_and_not_yet_gone(runs: Runs, first: Run) -> None:
    assert first.failed("Not found") == "http_404"
    assert not selection.feed_is_gone(first.states["Not found"])
    assert runs.hits("/404.xml") == 2  # once per run
    assert runs.second.states["Not found"]["consecutive_failures"] == 2


def test_gone_feed_is_marked_and_rests(runs: Runs, first: Run) -> None:
    failure = first.failure("Gone")
    assert failure["error"] == "http_410" and "gone" in failure["detail"]
    assert selection.feed_is_gone(first.states["Gone"])
    assert runs.hits("/410.xml") == 1  # the second run, a day later, left it alone
    assert runs.second.result["counts"]["feeds_gone_resting"] == 1


def test_429_waits_for_retry_after_then_loads(runs: Runs, first: Run) -> None:
    assert list(loaded(first, "Rate limited")) == ["After the wait"]
    stamps = [r.at for r in runs.servers["hostile"].requests if r.path == "/429.xml"]
    assert len(stamps) >= 2 and stamps[1] - stamps[0] >= 0.9


def test_503_with_a_long_retry_after_gives_up_at_once(runs: Runs, first: Run) -> None:
    assert first.failed("Unavailable") == "http_503"
    assert runs.hits_after_first["/503.xml"] == 1


def test_html_page_instead_of_a_feed_names_the_feed_it_links_to(runs: Runs, first: Run) -> None:
    failure = first.failure("HTML not feed")
    assert failure["error"] == "not_a_feed" and "HTML page" in failure["detail"]
    assert runs.servers["hostile"].base_url + "/news/feed.xml" in failure["detail"]


def test_broken_http_is_a_protocol_error(first: Run) -> None:
    for source in ("Header bomb", "Cut short", "Not HTTP"):
        assert first.failed(source) == "protocol_error", source
    assert first.failed("Lying gzip") == "bad_encoding"


# --- items ----------------------------------------------------------------------------------------


def test_future_and_unparseable_dates_are_not_believed(first: Run) -> None:
    rows = loaded(first, "Odd dates")
    assert sorted(rows) == ["Dated in the future", "Undatable"]
    for row in rows.values():
        assert row["date_source"] != "feed"
        assert datetime(1995, 1, 1, tzinfo=UTC) <= row["published_at"]
        assert row["published_at"] <= AS_OF + timedelta(days=1)
    assert rows["Undatable"]["published_raw"] == "sometime last week"


def test_duplicate_guids_and_repeated_links(runs: Runs, first: Run) -> None:
    assert sorted(loaded(first, "Duplicate guids")) == ["First of a guid", "Second of a guid"]
    assert first.result["counts"]["items_repeated_in_run"] >= 1
    assert runs.hits_after_first["/g/1.html"] == 1


def test_items_without_links_are_counted_not_loaded(first: Run) -> None:
    assert first.failed("No links") is None and "No links" not in first.articles
    assert first.result["counts"]["items_without_link"] >= 2


def test_markup_and_script_in_titles_are_stripped(first: Run) -> None:
    rows = loaded(first, "Markup titles")
    assert sorted(rows) == ["Bold claim", "Styled headline"]
    for row in rows.values():
        assert "<" not in row["title"] and "alert" not in row["text"]


def test_pdf_and_image_pages_fall_back_to_the_feed_text(first: Run) -> None:
    rows = loaded(first, "Binary pages")
    assert sorted(rows) == ["A PDF", "An image"]
    for row in rows.values():
        assert row["extraction_reason"] == "not_html"
        assert row["extraction_method"] == "feed_summary"


def test_empty_feed_and_empty_body(first: Run) -> None:
    assert first.failed("Empty feed") is None
    assert first.states["Empty feed"]["last_item_count"] == 0
    assert first.failed("Empty body") == "empty"


def test_invalid_utf8_is_replaced_not_garbled(first: Run) -> None:
    (row,) = first.articles["Invalid UTF-8"]
    assert "Zürich" in row["title"] and "\ufffd" in row["title"]
    assert "Zürich café \ufffd" in row["text"] and "Ã" not in row["text"]


# --- addresses ------------------------------------------------------------------------------------


def test_links_to_private_addresses_are_refused_before_connecting(runs: Runs, first: Run) -> None:
    rows = loaded(first, "Private links")
    assert sorted(rows) == ["Intranet link", "Metadata link", "Redirect inward"]
    for row in rows.values():
        assert row["extraction_reason"] == "no_page" and row["fetched_at"] is None
    assert first.result["counts"]["pages_unsafe_address"] == 3
    assert runs.hits_after_first["/p/redirect.html"] == 1 and runs.violations == []


# --- slow hosts -----------------------------------------------------------------------------------


def test_trickling_feed_times_out(first: Run) -> None:
    assert first.failed("Trickle") == "timeout"


def test_slow_host_is_given_up_and_its_pages_wait_for_the_next_run(runs: Runs, first: Run) -> None:
    assert "Slow host" not in first.articles
    counts = first.result["counts"]
    assert counts["pages_host_unresponsive"] >= 1
    assert counts.get("pages_timeout", 0) + counts["pages_host_unresponsive"] == len(SLOW_PAGES)
    slow_base = runs.servers["slow"].base_url
    assert {first.attempts[slow_base + p] for p in SLOW_PAGES} == {1}
    # a day later the host answers: every page is fetched and loaded from the page
    rows = runs.second.articles["Slow host"]
    assert len(rows) == len(SLOW_PAGES)
    assert {r["extraction_method"] for r in rows} == {"page"}


def test_second_run_keeps_the_good_feeds_whole(runs: Runs) -> None:
    assert_good_feeds_complete(runs.second)
    assert runs.second.states["Good A"]["last_status"] == "not_modified"


# --- when a feed is gone (pure rules; the flow run above shows the 410 case) ----------------------


@pytest.mark.parametrize(
    ("status", "failures", "gone"),
    [(410, 1, True), (404, 1, False), (404, 2, False), (404, 3, True), (500, 9, False)],
)
def test_a_feed_is_gone_after_one_410_or_three_404s(status: int, failures: int, gone: bool) -> None:
    state = {"last_status": "failed", "last_http_status": status, "consecutive_failures": failures}
    assert selection.feed_is_gone(state) is gone
    assert not selection.feed_is_gone({**state, "last_status": "ok"})


def test_a_gone_feed_is_checked_again_weekly() -> None:
    checked = AS_OF - timedelta(days=3)
    gone = {"last_status": "failed", "last_http_status": 410, "last_checked_at": checked}
    assert not selection.feed_is_due(gone, AS_OF)
    assert selection.feed_is_due(gone, checked + selection.GONE_RECHECK_AFTER)
    assert selection.feed_is_due({}, AS_OF)  # never checked


def test_the_third_404_says_the_feed_is_now_treated_as_gone() -> None:
    fetched = FetchResult("http://x.test/f", FetchStatus.FAILED, http_status=404, error="http_404")
    outcomes = [
        selection.feed_outcome(
            "s",
            fetched,
            previous_body_hash=None,
            checked_at=AS_OF,
            parse=parse_feed_detailed,
            previous_failures=n,
        )
        for n in (0, 2)
    ]
    assert outcomes[0].detail is None and "treated as gone" in (outcomes[1].detail or "")
