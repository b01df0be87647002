"""The raw archive: WARC records written and read back, retention, and re-extraction from the
archive with the network gone giving the same articles as the original run."""

from __future__ import annotations

import asyncio
import gzip
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pipelines.archive import Location, archive_files, prune, read_responses, scan_file
from pipelines.archive_writer import WarcArchive
from pipelines.records import FetchResult, FetchStatus
from tests.support.feeds import ingest_config, news_page, rss, rss_item
from tests.support.http import HTML, Response, local_server
from warehouse import archive_store, db

NOW = datetime(2025, 2, 23, 23, tzinfo=UTC)
WARCIO = Path(sys.executable).with_name("warcio")


def fetched(url: str, body: bytes, content_type: str, **headers: str) -> FetchResult:
    return FetchResult(
        url,
        FetchStatus.OK,
        final_url=headers.pop("final_url", url),
        http_status=200,
        content=body,
        content_type=content_type,
        charset=content_type.partition("charset=")[2].lower() or None,
        etag=headers.get("etag"),
        headers={"content-type": content_type, **headers},
    )


PAGE_LATIN1 = fetched(
    "https://news.example/a?utm_source=rss",
    "<html><body><p>Caf\u00e9 au lait, na\u00efve r\u00e9sum\u00e9</p></body></html>".encode(
        "latin-1"
    ),
    "text/html; charset=ISO-8859-1",
    etag='"v1"',
    final_url="https://news.example/a-moved",
    **{"content-encoding": "gzip", "content-length": "77"},
)
FEED = fetched(
    "https://news.example/feed.xml",
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>',
    "application/rss+xml",
)
HOSTILE = fetched(
    "https://news.example/b\r\nWARC-Type: revisit",
    b"\x00\x01binary\xff" * 100,
    "application/octet-stream",
    **{"x-odd": "caf\u00e9\r\nInjected: yes"},
)


def test_round_trip_keeps_body_status_and_headers(tmp_path):
    with WarcArchive(tmp_path, "run-1", clock=lambda: NOW) as archive:
        entries = [
            archive.record(PAGE_LATIN1, kind="page", source_id="s1"),
            archive.record(FEED, kind="feed", source_id="s1"),
            archive.record(HOSTILE, kind="page"),
        ]
        rows = archive.take_index()
    assert [r.warc_path for r in rows] == [e.warc_path for e in entries]
    assert rows[0].warc_path.startswith("2025/02/23/mediawatch-20250223230000-run1-")
    assert rows[0].canonical_url == "https://news.example/a"
    assert rows[0].final_url == "https://news.example/a-moved"
    back = read_responses(
        tmp_path,
        [Location(e.warc_path, e.record_offset, e.record_length, e.sha256) for e in entries],
    )
    for original, result in zip([PAGE_LATIN1, FEED, HOSTILE], back, strict=True):
        assert result is not None
        assert result.content == original.content
        assert result.content_type == original.content_type
        assert result.charset == original.charset
        assert result.http_status == 200
    assert back[0].url == PAGE_LATIN1.url and back[0].final_url == "https://news.example/a-moved"
    assert back[0].etag == '"v1"'
    # the stored body is decoded: the original encoding is kept under another name
    assert back[0].headers["x-archive-orig-content-encoding"] == "gzip"
    assert back[0].headers["content-length"] == str(len(PAGE_LATIN1.content))
    # a line break in a URL or header cannot forge a header of its own
    assert back[2].url == "https://news.example/b%0D%0AWARC-Type:%20revisit"
    assert "injected" not in back[2].headers
    # a valid WARC file (digests included) that the index can be rebuilt from
    path = tmp_path / rows[0].warc_path
    check = subprocess.run([WARCIO, "check", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert list(scan_file(tmp_path, rows[0].warc_path)) == rows
    assert b"WARC-Type: warcinfo" in gzip.decompress(path.read_bytes())


def test_only_bodies_are_archived(tmp_path):
    with WarcArchive(tmp_path, "run-1") as archive:
        assert (
            archive.record(FetchResult("https://x.example/", FetchStatus.NOT_MODIFIED), kind="feed")
            is None
        )
        failed = FetchResult(
            "https://x.example/", FetchStatus.FAILED, http_status=500, content=b"x"
        )
        assert archive.record(failed, kind="page") is None
        with pytest.raises(ValueError):
            archive.record(FEED, kind="robots")
        assert archive.take_index() == []
    assert archive_files(tmp_path) == []


def test_concurrent_writers_and_file_rollover(tmp_path):
    """Records from many threads and tasks land whole; files roll over at the size cap."""

    async def write_all(archive: WarcArchive) -> None:
        async def one(i: int) -> None:
            body = f"<p>page {i}</p>".encode() * (50 + i)
            result = fetched(f"https://x.example/{i}", body, "text/html")
            if i % 2:
                await asyncio.to_thread(archive.record, result, kind="page")
            else:
                archive.record(result, kind="page")

        await asyncio.gather(*(one(i) for i in range(120)))

    with WarcArchive(tmp_path, "run-2", max_file_bytes=4096) as archive:
        asyncio.run(write_all(archive))
        rows = archive.take_index()
    assert len(rows) == 120 and len(archive_files(tmp_path)) > 3
    back = read_responses(
        tmp_path,
        [Location(r.warc_path, r.record_offset, r.record_length, r.sha256) for r in rows],
    )
    for row, result in zip(rows, back, strict=True):
        i = int(row.url.rsplit("/", 1)[1])
        assert result is not None and result.content == f"<p>page {i}</p>".encode() * (50 + i)
    rebuilt = [e for f in archive_files(tmp_path) for e in scan_file(tmp_path, f)]
    key = lambda r: (r.warc_path, r.record_offset)  # noqa: E731
    assert sorted(rebuilt, key=key) == sorted(rows, key=key)


def test_missing_tampered_or_escaping_records_read_as_none(tmp_path):
    with WarcArchive(tmp_path, "run-3") as archive:
        entry = archive.record(FEED, kind="feed")
    assert entry is not None
    good = Location(entry.warc_path, entry.record_offset, entry.record_length, entry.sha256)
    assert read_responses(
        tmp_path,
        [
            good,
            Location(entry.warc_path, entry.record_offset, entry.record_length, "0" * 64),
            Location("../../etc/passwd", 0, 100),
            Location("2020/01/01/gone.warc.gz", 0, 100),
            Location(entry.warc_path, entry.record_offset + 3, entry.record_length),
        ],
    )[1:] == [None, None, None, None]


def test_retention_prunes_old_days_and_their_index_rows(tmp_path):
    root = tmp_path / "archive"
    with WarcArchive(root, "run-4", clock=lambda: NOW) as archive:
        for days_ago in (0, 1, 30, 31, 200):
            when = NOW - timedelta(days=days_ago)
            archive.record(FEED, kind="feed", source_id="s", fetched_at=when)
        rows = archive.take_index()
    (root / "2025" / "notes.txt").write_text("not ours")
    assert len(archive_files(root)) == 5
    with db.session(tmp_path / "w.duckdb") as con:
        db.migrate(con)
        assert archive_store.save_index(con, rows) == 5
        assert archive_store.save_index(con, rows) == 0  # idempotent
        assert prune(root, None, NOW) == []
        removed = prune(root, 30, NOW)
        assert sorted(removed) == sorted(r.warc_path for r in rows[3:])
        assert archive_store.forget_files(con, removed) == 2
        assert archive_store.indexed_files(con) == {r.warc_path for r in rows[:3]}
    assert sorted(archive_files(root)) == sorted(r.warc_path for r in rows[:3])
    assert not (root / "2024").exists()  # emptied day, month and year folders go too
    assert (root / "2025" / "notes.txt").exists()


# --- end to end: the real ingest flow with the archive hook, then re-extraction offline -------


def page(title: str, body: str) -> bytes:
    return news_page(title, body, clutter=False)


def serve_outlets(server) -> dict[str, str]:
    """Two outlets: plain, gzip-encoded and Latin-1 pages, a redirect, and a page that is gone
    (that article is stored from the feed's summary)."""
    base = server.base_url
    summary = "A long summary of the story that the feed carries, well over ten words long. " * 2
    items = [
        ("Chip rules story one", "/a/one.html", "Mon, 17 Feb 2025 09:00:00 +0800"),
        ("Chip rules story two", "/a/two.html?utm_source=rss", "Tue, 18 Feb 2025 09:00:00 +0000"),
        ("Gone story", "/a/gone.html", "Wed, 19 Feb 2025 09:00:00 +0000"),
    ]
    feed = rss(
        [rss_item(t, base + p, guid=p, date=d, summary=summary) for t, p, d in items],
        title="A",
        link=f"{base}/a/",
    )
    server.route(
        "/a/feed.xml", Response(200, feed, {"Content-Type": "application/rss+xml; charset=utf-8"})
    )
    server.route("/a/one.html", Response(200, page("Chip rules story one", "First."), HTML))
    server.route(
        "/a/two.html",
        Response(
            200,
            gzip.compress(page("Chip rules story two", "Second.")),
            {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"},
        ),
    )
    latin = page("Caf\u00e9 story", "R\u00e9sum\u00e9 na\u00efve.").decode()
    latin = latin.replace("charset='utf-8'", "charset='iso-8859-1'").encode("latin-1")
    server.route("/b/moved.html", Response(301, b"", {"Location": f"{base}/b/cafe.html"}))
    server.route(
        "/b/cafe.html", Response(200, latin, {"Content-Type": "text/html; charset=ISO-8859-1"})
    )
    atom = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>B</title><id>urn:b</id><updated>2025-02-20T10:00:00Z</updated>"
        f"<entry><title>Café story</title><id>urn:b:1</id><link href='{base}/b/moved.html'/>"
        "<updated>2025-02-20T10:00:00Z</updated><author><name>Ann Author</name></author>"
        "<summary>Short.</summary></entry></feed>"
    ).encode()
    server.route("/b/feed.atom", Response(200, atom, {"Content-Type": "application/atom+xml"}))
    return {"Outlet A": "/a/feed.xml", "Outlet B": "/b/feed.atom"}


def write_settings(tmp: Path, base: str, feeds: dict[str, str]) -> Path:
    fetch = {"total_timeout": 10, "read_timeout": 5, "connect_timeout": 2, "retries": 0}
    urls = {name: base + path for name, path in feeds.items()}
    return ingest_config(
        tmp, urls, fetch=fetch, archive_dir=tmp / "archive", workers=1, batch_size=2
    )


EXTRACTED = (
    "article_id, title, author, published_at, date_source, language, sitename, text, "
    "word_count, extraction_method, extraction_outcome, extraction_reason"
)


def stored_articles(db_path: Path) -> list[tuple]:
    with db.session(db_path, read_only=True) as con:
        return con.execute(f"SELECT {EXTRACTED} FROM articles ORDER BY article_id").fetchall()


@pytest.mark.slow
def test_reextract_from_the_archive_gives_the_same_articles_offline(prefect, tmp_path):
    from flows.daily_ingest import daily_ingest
    from flows.reextract import reextract

    with local_server() as server:
        settings = write_settings(tmp_path, server.base_url, serve_outlets(server))
        summary = asyncio.run(daily_ingest(settings_path=str(settings), as_of=NOW))
    assert summary["counts"]["articles_loaded"] == 4, summary
    db_path = tmp_path / "w.duckdb"
    original = stored_articles(db_path)
    methods = {row[0]: row[9] for row in original}
    assert sorted(methods.values()) == ["feed_summary", "page", "page", "page"]
    with db.session(db_path) as con:
        kinds = dict(
            con.execute("SELECT kind, count(*) FROM archive_index GROUP BY kind").fetchall()
        )
        assert kinds == {"feed": 2, "page": 3}
        # as if an older extractor had stored other text and title for one article
        con.execute(
            "UPDATE articles SET text = 'old text', title = 'Old', word_count = 2,"
            " enrichment_version = 'v-old', content_hash = 'h'"
            " WHERE article_id = (SELECT min(article_id) FROM articles"
            "                     WHERE extraction_method = 'page')"
        )
    # the server is stopped: any fetch would fail, so equal articles came from the archive
    result = asyncio.run(reextract(settings_path=str(settings)))
    assert result["articles"] == 4
    assert result["changed"] == 1 and result["unchanged"] == 3, result
    assert result["feed_item_from_archive"] == 4
    assert stored_articles(db_path) == original
    with db.session(db_path, read_only=True) as con:
        stale = con.execute(
            "SELECT count(*) FROM articles"
            " WHERE enrichment_version IS NULL AND content_hash IS NULL"
        ).fetchone()[0]
    assert stale == 1  # marked for `mediawatch reprocess --stale-only`
