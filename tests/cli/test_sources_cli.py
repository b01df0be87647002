"""`mediawatch sources add | import | export | check`, against a real server on 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli.main  # noqa: F401 - first: cli.main imports cli.sources at its end
from cli import sources as sources_cli
from pipelines.opml import parse_opml
from settings import ConfigError, Source, append_sources, country_from_host, load_sources
from settings.sources_writer import country_of_tld
from tests.support.feeds import LOCAL_FETCH, rss, rss_item, write_settings, write_sources
from tests.support.http import HTML, Response, local_server

COMMANDS = {
    "add": sources_cli.sources_add,
    "import": sources_cli.sources_import,
    "export": sources_cli.sources_export,
    "check": sources_cli.sources_check,
}
SOURCES = """\
# Our feeds. This comment, the blank lines and the layout below must survive every change.
sources:
  # --- general ---
  - name: Existing Outlet
    url: https://existing.example/feed.xml   # trailing comment
    tags: [tech]
    country: US
    language: en

# end of file comment
"""
HOSTILE = 'He said "hi": <b>#1</b> & - {x}\n\x07 NO'
OPML = f"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>Reader export</title></head>
  <body>
    <outline text="Tech News">
      <outline text="AI &amp; ML">
        <outline type="rss" text="{
    HOSTILE.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(chr(7), "")
}"
                 xmlUrl="https://hostile.example/feed?a=1&amp;b=2" htmlUrl="https://hostile.example/"/>
      </outline>
      <outline type="rss" text="Zeitung" xmlUrl="https://zeitung.example/rss" language="de-DE"/>
    </outline>
    <outline type="rss" title="Norway Daily" text="x" xmlUrl="https://avis.example/feed"
             category="/Nordic/News,business" language="nb"/>
    <outline type="rss" text="Existing again" xmlUrl="HTTPS://EXISTING.example:443/feed.xml"/>
    <outline type="rss" text="Bad" xmlUrl="ftp://bad.example/feed"/>
    <outline text="empty folder"/>
  </body>
</opml>
"""


def invoke(name: str, args: list[str]):
    """Through `mediawatch sources NAME` once registered in cli.main, else the command itself."""
    from cli.main import main

    group = main.commands["sources"]
    runner = CliRunner()
    if name in getattr(group, "commands", {}):
        return runner.invoke(main, ["sources", name, *args])
    return runner.invoke(COMMANDS[name], args)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    (tmp_path / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    fetch = {"total_timeout": 5, "read_timeout": 2, "connect_timeout": 2, "retries": 0}
    settings = {"sources_path": tmp_path / "sources.yaml", "fetch": {**LOCAL_FETCH, **fetch}}
    return write_settings(tmp_path / "mediawatch.yaml", settings)


def test_import_keeps_the_file_folders_become_tags_and_hostile_titles_survive(config, tmp_path):
    opml = tmp_path / "reader.opml"
    opml.write_text(OPML, encoding="utf-8")
    result = invoke("import", ["--config", str(config), "--country", "US", str(opml)])
    assert result.exit_code == 0, result.output
    assert "Imported 2 sources" in result.output and "1 already configured" in result.output
    assert "names no language: pass --language" in result.output
    args = ["--config", str(config), "--country", "US", "--language", "en", str(opml)]
    result = invoke("import", args)
    assert "Imported 1 source " in result.output and "3 already configured" in result.output
    assert "ftp://bad.example/feed" not in (tmp_path / "sources.yaml").read_text()
    text = (tmp_path / "sources.yaml").read_text(encoding="utf-8")
    assert text.startswith(SOURCES)  # appended: comments and layout untouched
    sources = {s.url: s for s in load_sources(tmp_path / "sources.yaml")}
    hostile = sources["https://hostile.example/feed?a=1&b=2"]
    assert hostile.name == 'He said "hi": <b>#1</b> & - {x} NO'
    assert hostile.tags == ("tech-news", "ai-ml") and hostile.country == "US"
    zeitung = sources["https://zeitung.example/rss"]
    assert (zeitung.language, zeitung.country, zeitung.tags) == ("de", "US", ("tech-news",))
    norway = sources["https://avis.example/feed"]
    assert (norway.name, norway.country, norway.tags) == (
        "Norway Daily",
        "US",
        ("nordic", "news", "business"),
    )
    # importing again adds nothing and leaves the file alone
    again = invoke("import", args)
    assert again.exit_code == 0 and "Imported 0 sources" in again.output
    assert (tmp_path / "sources.yaml").read_text(encoding="utf-8") == text


def test_export_then_import_round_trips(config, tmp_path):
    opml = tmp_path / "reader.opml"
    opml.write_text(OPML, encoding="utf-8")
    args = ["--config", str(config), "--country", "NO", "--language", "en", str(opml)]
    assert invoke("import", args).exit_code == 0
    out = tmp_path / "export.opml"
    result = invoke("export", ["--config", str(config), "--out", str(out)])
    assert result.exit_code == 0, result.output
    exported = parse_opml(out.read_bytes())
    configured = load_sources(tmp_path / "sources.yaml")
    assert [(f.url, f.title, f.tags, f.language, f.country) for f in exported.feeds] == [
        (s.url, s.name, s.tags, s.language, s.country) for s in configured
    ]
    # into an empty configuration: the same sources come back
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    settings = fresh / "mediawatch.yaml"
    settings.write_text(f"sources_path: {fresh / 'sources.yaml'}\n", encoding="utf-8")
    assert invoke("import", ["--config", str(settings), str(out)]).exit_code == 0
    assert load_sources(fresh / "sources.yaml") == configured
    stdout = invoke("export", ["--config", str(config)])
    assert stdout.exit_code == 0 and stdout.output.startswith("<?xml")


def test_unsafe_or_broken_opml_is_refused_and_the_file_left_alone(config, tmp_path):
    bomb = tmp_path / "bomb.opml"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<opml version="1.0"><body><outline text="&b;" xmlUrl="https://x.example/"/></body></opml>'
    )
    html = tmp_path / "page.opml"
    html.write_text("<html><body>not opml</body></html>")
    for path in (bomb, html):
        result = invoke("import", ["--config", str(config), "--country", "US", str(path)])
        assert result.exit_code == 2, result.output
        assert "cannot import" in result.output
    assert (tmp_path / "sources.yaml").read_text(encoding="utf-8") == SOURCES


def test_a_bad_append_is_rolled_back(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text(SOURCES, encoding="utf-8")
    taken = Source(name="existing outlet", url="https://x.example/", country="US", language="en")
    with pytest.raises(ConfigError, match="duplicate name"):
        append_sources(path, [taken], "test")
    assert path.read_text(encoding="utf-8") == SOURCES
    new = tmp_path / "new.yaml"
    x = Source(name="X", url="https://x.example/", tags=("ok",), country="US", language="en")
    append_sources(new, [x], "test")
    assert load_sources(new) == [x]
    with pytest.raises(ConfigError, match="duplicate url"):
        append_sources(new, [x.model_copy(update={"name": "Y"})], "test")
    assert load_sources(new) == [x]


def test_a_flow_list_is_not_appended_to(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text("sources: [{name: A, url: https://a.example/, country: US, language: en}]\n")
    x = Source(name="X", url="https://x.example/", country="US", language="en")
    with pytest.raises(ConfigError, match="no block `sources:` list"):
        append_sources(path, [x], "test")


def feed(title: str, items: int, language: str = "en") -> bytes:
    stories = [
        rss_item(
            f"Story {i}",
            f"https://site.example/{i}",
            date=f"Mon, 1{i} Feb 2025 09:00:00 +0000",
        )
        for i in range(items)
    ]
    return rss(stories, title=title, link="https://site.example/", language=language)


def serve_site(server) -> None:
    home = (
        b"<!doctype html><html lang='fr'><head><title>Le Site</title>"
        b"<link rel='alternate' type='application/rss+xml' title='Comments' href='/comments/feed/'>"
        b"<link rel='alternate' type='application/rss+xml' title='Main' href='/feed.xml'>"
        b"</head><body><p>hello</p></body></html>"
    )
    server.route("/", Response(200, home, HTML))
    server.route("/comments/feed/", Response(200, feed("Comments", 0)))
    server.route(
        "/feed.xml",
        Response(200, feed("Le Fil", 3, "fr-FR"), {"Content-Type": "application/rss+xml"}),
    )
    server.route("/empty.xml", Response(200, feed("Nothing", 0)))
    server.route("/broken.xml", Response(500, b"oops"))
    server.route("/bare", Response(200, b"<html><body>no feeds here</body></html>"))


def test_add_finds_the_feed_from_the_home_page(config, tmp_path):
    with local_server() as server:
        serve_site(server)
        result = invoke(
            "add",
            [
                "--config",
                str(config),
                "--country",
                "FR",
                "--tags",
                "news,fr",
                server.base_url + "/",
            ],
        )
        assert result.exit_code == 0, result.output
        assert "Added 'Le Fil'" in result.output and "3 items" in result.output
        added = load_sources(tmp_path / "sources.yaml")[-1]
        assert (added.url, added.language, added.country, added.tags) == (
            server.base_url + "/feed.xml",
            "fr",
            "FR",
            ("news", "fr"),
        )
        assert (tmp_path / "sources.yaml").read_text(encoding="utf-8").startswith(SOURCES)
        assert server.hits("/feed.xml") == 1
        # the same feed again, given directly: nothing added
        again = invoke("add", ["--config", str(config), server.base_url + "/feed.xml"])
        assert again.exit_code == 0 and "already configured as 'Le Fil'" in again.output
        # a page that advertises nothing: the common feed paths of its site are tried
        bare = invoke("add", ["--config", str(config), server.base_url + "/bare"])
        assert bare.exit_code == 0 and "already configured as 'Le Fil'" in bare.output
        before = (tmp_path / "sources.yaml").read_text(encoding="utf-8")
        empty = invoke("add", ["--config", str(config), server.base_url + "/empty.xml"])
        assert empty.exit_code == 1 and "no working feed" in empty.output
    with local_server() as nothing:
        nothing.route("/", Response(200, b"<html><body>no feeds</body></html>"))
        none = invoke("add", ["--config", str(config), nothing.base_url + "/"])
        assert none.exit_code == 1 and "no working feed" in none.output
        assert "tried " + nothing.base_url + "/feed: http_404" in none.output
    assert (tmp_path / "sources.yaml").read_text(encoding="utf-8") == before


def test_add_asks_for_what_it_cannot_tell(config, tmp_path):
    with local_server() as server:
        serve_site(server)
        result = invoke("add", ["--config", str(config), server.base_url + "/"])
        assert result.exit_code == 2 and "--country" in result.output
        args = ["--config", str(config), "--country", "FR", "--tags", "a tag", server.base_url]
        bad_tag = invoke("add", args)
        assert bad_tag.exit_code == 2 and "tag 'a tag' is not a simple label" in bad_tag.output
    assert (tmp_path / "sources.yaml").read_text(encoding="utf-8") == SOURCES


def test_check_reports_health_and_strict_fails(config, tmp_path):
    with local_server() as server:
        serve_site(server)
        base = server.base_url
        feeds = {
            "Good": f"{base}/feed.xml",
            "Empty": f"{base}/empty.xml",
            "Broken": f"{base}/broken.xml",
            "Page": f"{base}/bare",
            "Disabled": {"url": "https://off.example/", "enabled": False},
        }
        write_sources(tmp_path / "sources.yaml", feeds)
        result = invoke("check", ["--config", str(config), "--format", "json"])
        assert result.exit_code == 0, result.output
        rows = {r["source"]: r for r in json.loads(result.output)}
        assert set(rows) == {"Good", "Empty", "Broken", "Page"}
        assert (rows["Good"]["status"], rows["Good"]["http"], rows["Good"]["items"]) == (
            "ok",
            200,
            3,
        )
        assert rows["Good"]["newest"] == "2025-02-12 09:00" and rows["Good"]["error"] is None
        assert (rows["Empty"]["status"], rows["Empty"]["items"]) == ("empty", 0)
        assert (rows["Broken"]["status"], rows["Broken"]["http"]) == ("failed", 500)
        assert rows["Broken"]["error"].startswith("http_500")
        assert (rows["Page"]["status"], rows["Page"]["error"]) == ("failed", "not_a_feed")
        # one plain fetch per feed: no validators sent
        assert all("If-None-Match" not in r.headers for r in server.requests)
        table = invoke("check", ["--config", str(config)])
        assert table.exit_code == 0 and "4 feeds checked: 1 ok, 1 empty, 2 failed" in table.output
        strict = invoke("check", ["--config", str(config), "--strict"])
        assert strict.exit_code == 1


def test_country_from_host():
    assert (country_of_tld("uk"), country_of_tld("DE")) == ("GB", "DE")
    assert country_of_tld("io") is None  # a ccTLD used as generic
    assert country_of_tld("com") is None
    assert country_from_host("https://feeds.example/feed") is None
    assert country_from_host("http://127.0.0.1:8000/feed") is None
