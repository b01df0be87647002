"""The weekly report on a hand-made warehouse: numbers match the views, every section is there,
hostile feed text stays text, and the flow and CLI write the files and the Prefect artifact."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from demo.runner import demo_week
from report.build import write_report
from report.data import plain
from report.safety import md_link, md_text, safe_url, sanitize_svg
from report.weeks import IsoWeek, WeekError
from tests.fixtures.report.warehouse import (
    HOSTILE_EVIDENCE,
    HOSTILE_NAME,
    HOSTILE_TITLE,
    HOSTILE_URL,
    SPIKE_DAY,
    WEEK,
)
from warehouse import db, sqlfiles
from warehouse.reads import rows

SECTIONS = {
    "headline",
    "watchlist",
    "daily_mentions",
    "sentiment_trend",
    "share_of_voice",
    "week_stories",
    "story_tones",
    "spikes",
    "spike_stories",
    "top_stories",
    "sentiment_extremes",
    "new_entities",
    "top_sources",
    "feed_health",
    "failed_items",
    "article_health",
    "languages",
    "runs",
}
HTML_HEADINGS = [
    "The week in brief",
    "Watchlist",
    "Trends",
    "Stories of the week",
    "Spikes",
    "Top stories",
    "Most positive and most negative coverage",
    "New this week",
    "Sources",
    "Pipeline health",
]


@pytest.fixture(scope="module")
def report(report_warehouse: Path, tmp_path_factory: pytest.TempPathFactory):
    paths = write_report(report_warehouse, WEEK, tmp_path_factory.mktemp("reports"), "UTC")
    return paths, json.loads(paths.json.read_text(encoding="utf-8"))


def view(warehouse: Path, sql: str, *params: object) -> list[tuple]:
    with db.reader(warehouse, reporting_timezone="UTC") as con:
        return con.execute(sql, list(params)).fetchall()


# --- weeks ---------------------------------------------------------------------------------------


def test_iso_weeks_parse_and_shift() -> None:
    week = IsoWeek.parse("2025-W08")
    assert (week.start, week.last_day, week.end) == (
        date(2025, 2, 17),
        date(2025, 2, 23),
        date(2025, 2, 24),
    )
    assert str(week.shift(-1)) == "2025-W07"
    assert str(IsoWeek.parse("2021-W01").shift(-1)) == "2020-W53"
    for bad in ("2025-08", "2025-W8", "2025-W54", "2025-W53", "W08"):
        with pytest.raises(WeekError):
            IsoWeek.parse(bad)


def test_last_complete_week_is_counted_in_the_reporting_timezone() -> None:
    now = datetime(2025, 2, 23, 23, 30, tzinfo=UTC)  # Sunday in UTC, Monday in Berlin
    assert str(IsoWeek.last_complete(now, ZoneInfo("UTC"))) == "2025-W07"
    assert str(IsoWeek.last_complete(now, ZoneInfo("Europe/Berlin"))) == "2025-W08"
    assert str(demo_week(date(2025, 2, 23))) == "2025-W08"  # the corpus ends on a Sunday
    assert str(demo_week(date(2025, 2, 22))) == "2025-W07"


# --- numbers and traceability ------------------------------------------------------------------


def test_every_section_names_its_query_and_reproduces_from_it(
    report, report_warehouse: Path
) -> None:
    _, doc = report
    assert set(doc["sections"]) == SECTIONS
    with db.reader(report_warehouse, reporting_timezone="UTC") as con:
        for name, section in doc["sections"].items():
            query = Path(sqlfiles.QUERIES_DIR / f"{section['source']}.sql")
            assert query.is_file(), name
            again = plain(rows(con, section["source"], **section["params"]))
            if name == "headline":  # one row per period, pivoted into one row per metric
                period = {r["period"]: r for r in again}
                for metric in section["rows"]:
                    assert metric["value"] == period["week"][metric["key"]]
                    assert metric["previous"] == period["previous"][metric["key"]]
                continue
            if name == "watchlist":  # entities mentioned in neither week are left out
                again = [r for r in again if r["mentions"] or r["mentions_prev"]]
            assert len(section["rows"]) == len(again), name
            for shown, queried in zip(section["rows"], again, strict=True):
                for key in shown.keys() & queried.keys():
                    assert shown[key] == queried[key], (name, key)


def test_headline_matches_the_articles_view(report, report_warehouse: Path) -> None:
    _, doc = report
    headline = {m["key"]: m for m in doc["sections"]["headline"]["rows"]}
    ((articles, stories, sources),) = view(
        report_warehouse,
        "SELECT count(*), count(DISTINCT story_id), count(DISTINCT source_id) FROM stg_articles"
        " WHERE day BETWEEN DATE '2025-02-17' AND DATE '2025-02-23'",
    )
    assert (headline["articles"]["value"], headline["unique_stories"]["value"]) == (9, 8)
    assert headline["articles"]["value"] == articles
    assert headline["unique_stories"]["value"] == stories  # the syndicated copy counted once
    assert headline["sources"]["value"] == sources
    assert headline["articles"]["previous"] == 7
    assert headline["articles"]["change_pct"] == round((9 - 7) / 7 * 100, 1)


def test_watchlist_matches_mentions_daily_and_share_of_voice(
    report, report_warehouse: Path
) -> None:
    _, doc = report
    table = {r["entity_id"]: r for r in doc["sections"]["watchlist"]["rows"]}
    for entity_id, row in table.items():
        ((mentions, n, weighted),) = view(
            report_warehouse,
            "SELECT coalesce(sum(articles), 0), coalesce(sum(n_sentiment), 0),"
            " sum(mean_sentiment * n_sentiment) / nullif(sum(n_sentiment), 0)"
            " FROM mentions_daily WHERE entity_id = ? AND day >= DATE '2025-02-17'"
            " AND day < DATE '2025-02-24'",
            entity_id,
        )
        assert row["mentions"] == mentions
        assert row["sentiment_n"] == n
        assert row["sentiment"] == (None if weighted is None else pytest.approx(weighted, abs=1e-4))
        share = view(
            report_warehouse,
            "SELECT share FROM share_of_voice_weekly WHERE entity_id = ? AND week = ?",
            entity_id,
            WEEK,
        )
        assert row["share"] == pytest.approx(share[0][0] if share else 0.0, abs=1e-4)
    assert table["acme"]["mentions"] == 8 and table["acme"]["mentions_prev"] == 4
    assert table["acme"]["mentions_change_pct"] == 100.0
    assert table["quiet"]["mentions"] == 0 and table["quiet"]["mentions_change_pct"] == -100.0
    assert table["globex"]["sentiment_label"] == "negative"


def test_percent_change_is_none_when_the_previous_week_is_zero(report) -> None:
    _, doc = report
    evil = next(r for r in doc["sections"]["watchlist"]["rows"] if r["entity_id"] == "evil")
    assert evil["mentions_prev"] == 0 and evil["mentions_change_pct"] is None


def test_daily_series_and_spikes_match_their_views(report, report_warehouse: Path) -> None:
    _, doc = report
    series = {
        (r["entity_id"], r["day"]): r["articles"] for r in doc["sections"]["daily_mentions"]["rows"]
    }
    assert len(series) == 8 * 7 * len(doc["chart_entities"])  # zero-filled, eight weeks
    for day, articles in view(
        report_warehouse, "SELECT day, articles FROM mentions_daily WHERE entity_id = 'acme'"
    ):
        if (key := ("acme", day.isoformat())) in series:
            assert series[key] == articles
    spikes = [s for s in doc["sections"]["spikes"]["rows"] if s["is_spike"]]
    expected = view(
        report_warehouse,
        "SELECT day, entity_id, mentions, z_score FROM spikes WHERE is_spike"
        " AND day BETWEEN DATE '2025-02-17' AND DATE '2025-02-23'",
    )
    assert [(date.fromisoformat(s["day"]), s["entity_id"], s["mentions"]) for s in spikes] == [
        (d, e, m) for d, e, m, _ in expected
    ]
    (spike,) = spikes
    assert spike["day"] == SPIKE_DAY.isoformat() and spike["z_score"] == pytest.approx(
        expected[0][3], abs=1e-4
    )
    top = spike["stories"][0]  # the syndicated story: two outlets, counted once
    assert (top["story_id"], top["articles"], top["outlets"]) == ("spike1", 2, 2)
    assert top["url"] == "https://src-a.example/spike1.html"  # the original article's link


def test_top_stories_tone_new_entities_sources_and_health(report) -> None:
    _, doc = report
    s = doc["sections"]
    acme = [r for r in s["top_stories"]["rows"] if r["entity_id"] == "acme"]
    assert len(acme) == 3 and acme[0]["outlets"] == 2
    assert [r["story_id"] for r in acme].count("spike1") == 1
    tones = {(r["entity_id"], r["tone"]): r for r in s["sentiment_extremes"]["rows"]}
    assert tones[("globex", "negative")]["evidence"] == "Globex faces a damaging recall."
    assert tones[("acme", "positive")]["score"] == 0.6
    assert ("globex", "positive") not in tones  # nothing beyond the neutral band
    assert {r["entity_id"] for r in s["new_entities"]["rows"]} == {"person:newbie", "evil"}
    sources = {r["source_name"]: r for r in s["top_sources"]["rows"]}
    assert sources["Failing Feed"]["articles"] == 0
    assert sources["Failing Feed"]["feed_status"] != "ok"
    (runs,) = s["runs"]["rows"]
    assert (runs["extractions"], runs["extraction_failed"], runs["pages_failed"]) == (20, 1, 1)
    assert runs["extraction_failure_rate"] == 0.05
    week = next(r for r in s["article_health"]["rows"] if r["period"] == "week")
    assert week["without_page_date"] == week["articles"] == 9


def test_pipeline_health_lists_the_articles_the_pipeline_failed_on(report) -> None:
    paths, doc = report
    rows = doc["sections"]["failed_items"]["rows"]
    assert [(r["stage"], r["error"], r["items"]) for r in rows] == [
        ("enrich", "ValueError", 2),
        ("page", "http_404", 1),
    ]  # W07's failure is not this week's
    html = paths.html.read_text(encoding="utf-8")
    md = paths.markdown.read_text(encoding="utf-8")
    assert "Articles the pipeline failed on" in html and "1 item had nothing to store" in html
    assert "<script>window.__pwned = 4" not in html and "&lt;script&gt;" in html
    assert "| articles the pipeline failed on | 2 (and 1 items with nothing to store) |" in md
    assert "2 articles failed in the pipeline" in doc["highlights"][-1]


def test_json_is_deterministic(report, report_warehouse: Path, tmp_path: Path) -> None:
    paths, _ = report
    again = write_report(report_warehouse, WEEK, tmp_path, "UTC")
    assert again.json.read_bytes() == paths.json.read_bytes()
    assert again.html.read_bytes() == paths.html.read_bytes()
    assert again.markdown.read_bytes() == paths.markdown.read_bytes()
    text = paths.json.read_text(encoding="utf-8")
    assert json.dumps(json.loads(text), sort_keys=True, indent=2, ensure_ascii=False) + "\n" == text
    assert not re.search(r"\d\.\d{5,}", text)  # floats rounded


def test_all_sections_are_in_the_html_and_markdown(report) -> None:
    paths, _ = report
    html = paths.html.read_text(encoding="utf-8")
    md = paths.markdown.read_text(encoding="utf-8")
    for heading in HTML_HEADINGS:
        assert f"<h2>{heading}</h2>" in html
        assert f"## {heading}" in md
    assert html.count('<img src="data:image/svg+xml;base64,') == 3
    assert "Acme launches rocket 1" in html and "2 outlets" in html


def test_days_and_weeks_follow_the_reporting_timezone(
    report_warehouse: Path, tmp_path: Path
) -> None:
    utc = json.loads(write_report(report_warehouse, WEEK, tmp_path / "utc", "UTC").json.read_text())
    tokyo = json.loads(
        write_report(report_warehouse, WEEK, tmp_path / "tokyo", "Asia/Tokyo").json.read_text()
    )
    assert tokyo["timezone"] == "Asia/Tokyo"

    def previous(doc: dict, key: str) -> int:
        return next(m["previous"] for m in doc["sections"]["headline"]["rows"] if m["key"] == key)

    assert previous(tokyo, "articles") == previous(utc, "articles") + 1  # the late article
    globex = {
        doc["timezone"]: next(
            r for r in doc["sections"]["watchlist"]["rows"] if r["entity_id"] == "globex"
        )
        for doc in (utc, tokyo)
    }
    assert globex["Asia/Tokyo"]["mentions_prev"] == globex["UTC"]["mentions_prev"] + 1


def test_an_empty_week_still_renders(report_warehouse: Path, tmp_path: Path) -> None:
    paths = write_report(report_warehouse, "2024-W01", tmp_path, "UTC")
    doc = json.loads(paths.json.read_text(encoding="utf-8"))
    assert doc["sections"]["headline"]["rows"][0]["value"] == 0
    assert "No watchlist entity was mentioned" in paths.html.read_text(encoding="utf-8")


def test_stories_of_the_week_say_who_broke_them_how_fast_they_spread_and_their_tone(report):
    """The fixture's two stories run by two outlets (tests/fixtures/report/warehouse.py)."""
    paths, doc = report
    rows = doc["sections"]["week_stories"]["rows"]
    shown = [
        (r["story_id"], r["first_outlet"], r["first_seen"], r["outlets"], r["articles"],
         r["followers"], r["hours_to_second_outlet"])
        for r in rows
    ]  # fmt: skip
    assert shown == [
        ("spike1", "Alpha News", "2025-02-19T09:01:00+00:00", 2, 6, 1, round(179 / 60, 4)),
        ("base19", "Alpha News", "2025-02-18T10:00:00+00:00", 2, 3, 1, 46.0),
    ]
    tones = {t["entity_id"]: (t["mean_sentiment"], t["n"], t["articles"]) for t in rows[1]["tones"]}
    assert tones == {"acme": (0.0, 2, 2), "globex": (-0.8, 1, 1), "evil": (-0.9, 1, 1)}
    assert rows[0]["tones"][0]["sentiment_label"] == "positive"
    assert "Widest story: “Acme launches rocket 1”, broken by Alpha News on Wed 19 Feb" in (
        " ".join(doc["highlights"])
    )
    html = paths.html.read_text(encoding="utf-8")
    section = html[html.index("<h2>Stories of the week</h2>") : html.index("<h2>Spikes</h2>")]
    assert 'href="https://src-a.example/spike1.html"' in section and "3.0 h" in section
    assert "46.0 h" in section and "Wed 19 Feb 09:01" in section
    md = paths.markdown.read_text(encoding="utf-8")
    assert (
        "| [Acme launches rocket 1](https://src-a.example/spike1.html) | Alpha News |"
        " Wed 19 Feb 09:01 | 2 | 6 | 3.0 h | 3.0 h | Acme +0.60 |"
    ) in md


def test_an_empty_week_has_no_stories_and_says_so(report_warehouse: Path, tmp_path: Path) -> None:
    paths = write_report(report_warehouse, "2024-W01", tmp_path, "UTC")
    assert "No story of this week was run by two outlets or more." in paths.html.read_text()
    assert "No story of this week was run by two outlets or more." in paths.markdown.read_text()


# --- hostile text ------------------------------------------------------------------------------


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.hrefs: list[str] = []
        self.handlers: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name == "href":
                self.hrefs.append(value or "")
            if name.startswith("on"):
                self.handlers.append(name)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_hostile_titles_names_and_links_stay_text(report) -> None:
    paths, _ = report
    html = paths.html.read_text(encoding="utf-8")
    parsed = _Collect()
    parsed.feed(html)
    assert "script" not in parsed.tags and "b" not in parsed.tags and "i" not in parsed.tags
    assert "img" in parsed.tags  # only the charts
    assert not parsed.handlers
    assert all(h.startswith("https://") for h in parsed.hrefs), parsed.hrefs
    text = "".join(parsed.text)
    assert HOSTILE_TITLE in text  # shown, as text
    assert HOSTILE_NAME in text
    assert HOSTILE_EVIDENCE in text
    assert "javascript:" not in html.replace(HOSTILE_TITLE, "")


def test_a_hostile_story_stays_text(report_warehouse: Path) -> None:
    """Headlines, outlet names and links of stories come from feeds: escaped, linked only to
    http(s), in HTML and in Markdown."""
    from dataclasses import replace

    from report.build import load_report_data
    from report.render import render_html, render_markdown

    data = load_report_data(report_warehouse, IsoWeek.parse(WEEK), "UTC")
    hostile = replace(
        data.rows("week_stories")[1], headline=HOSTILE_TITLE, url=HOSTILE_URL,
        first_outlet=HOSTILE_NAME,
    )  # fmt: skip
    section = replace(data.sections["week_stories"], rows=(hostile,))
    data = replace(data, sections={**data.sections, "week_stories": section}, highlights=())
    parsed = _Collect()
    parsed.feed(render_html(data))
    assert "script" not in parsed.tags and "b" not in parsed.tags
    assert all(h.startswith("https://") for h in parsed.hrefs), parsed.hrefs
    assert HOSTILE_TITLE in "".join(parsed.text) and HOSTILE_NAME in "".join(parsed.text)
    md = render_markdown(data)
    row = next(line for line in md.splitlines() if "window.\\_\\_pwned = 1" in line)
    assert "<" not in row and "](javascript" not in row and "javascript:" not in row
    assert len(re.split(r"(?<!\\)\|", row)) == 10  # the table's 8 cells, none broken


def test_markdown_escapes_feed_text(report) -> None:
    paths, _ = report
    md = paths.markdown.read_text(encoding="utf-8")
    assert "<" not in md and ">" not in md.replace("> ", "")  # no raw HTML anywhere
    assert "javascript:" not in md.split("](")[-1]
    assert "](javascript" not in md
    for line in md.splitlines():
        if line.startswith("| ") and "Evil" in line:
            cells = re.split(r"(?<!\\)\|", line)[1:-1]
            header = next(h for h in md.split("\n\n") if line in h).splitlines()[0]
            assert len(cells) == len(re.split(r"(?<!\\)\|", header)[1:-1])


def test_safe_url_allows_only_http_links() -> None:
    assert safe_url("https://example.com/a?b=1") == "https://example.com/a?b=1"
    assert safe_url('http://x.example/"><script>') == "http://x.example/%22%3E%3Cscript%3E"
    for bad in (
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "java\nscript:alert(1)",
        "data:text/html,<script>",
        "vbscript:x",
        "//evil.example",
        "http:///nohost",
        "file:///etc/passwd",
        None,
        42,
    ):
        assert safe_url(bad) is None, bad


def test_markdown_text_and_links_are_inert() -> None:
    assert md_text("<b>x</b> | y\nz") == "&lt;b&gt;x&lt;/b&gt; \\| y z"
    assert md_text("[click](javascript:alert(1))") == "\\[click\\](javascript:alert(1))"
    assert md_text("1. list") == "1\\. list"
    assert md_link("t", "javascript:alert(1)") == "t"
    assert md_link("a ] b", "https://x.example/(p) q") == "[a \\] b](https://x.example/%28p%29%20q)"


def test_svg_sanitizer_keeps_shapes_only() -> None:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        ' onload="alert(1)"><script>alert(2)</script><!-- x --><foreignObject><p>x</p>'
        '</foreignObject><a href="https://evil.example"><path d="M0 0"/></a>'
        '<use xlink:href="#ok"/><use xlink:href="https://evil.example/x.svg#a"/>'
        '<rect style="fill: url(https://evil.example/p)" clip-path="url(#c1)"/>'
        "<image href='https://evil.example/i.png'/></svg>"
    )
    clean = sanitize_svg(svg)
    for bad in ("onload", "script", "foreignObject", "evil.example", "<!--", "image"):
        assert bad not in clean
    assert 'xlink:href="#ok"' in clean and 'clip-path="url(#c1)"' in clean


# --- flow and CLI -------------------------------------------------------------------------------


@pytest.mark.slow
def test_flow_and_cli_write_the_report_and_the_artifact(
    prefect, report_warehouse: Path, tmp_path: Path
) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    from cli.report import report as report_command

    runner = CliRunner()
    warehouse = str(report_warehouse)
    bad = runner.invoke(report_command, ["--db", warehouse, "--week", "2025-8"])
    assert bad.exit_code == 2 and "YYYY-Www" in bad.output
    missing = runner.invoke(report_command, ["--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 3
    out = tmp_path / "reports"
    result = runner.invoke(
        report_command,
        ["--db", warehouse, "--week", WEEK, "--reports-dir", str(out), "--format", "json"],
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output[result.output.index("{") :])
    assert summary["week"] == WEEK and summary["headline"]["articles"]["value"] == 9
    assert {Path(p).name for p in summary["files"].values()} == {
        f"{WEEK}.html",
        f"{WEEK}.md",
        f"{WEEK}.json",
    }

    async def artifacts():
        async with get_client() as client:
            key = ArtifactFilterKey(any_=[f"weekly-report-{WEEK.lower()}"])
            return await client.read_artifacts(artifact_filter=ArtifactFilter(key=key))

    import asyncio

    artifact = max(asyncio.run(artifacts()), key=lambda a: a.created)  # the session's newest
    assert artifact.type == "markdown"
    assert "Acme" in artifact.data and "<script>" not in artifact.data
