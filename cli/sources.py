"""`mediawatch sources add | import | export | check`: manage feeds the way RSS readers do.

Registered in cli.main on the `sources` group (sources.add_command). The work is done elsewhere:
feed discovery and probing in pipelines.feed_finder, adding to sources.yaml (comments and
layout kept, the result validated) in settings.sources_writer; here are the options and output.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from cli.common import EXIT_CONFIG, EXIT_FAILED, _expected_errors, _settings, path_options
from settings import Source, load_sources, normalize_feed_url

if TYPE_CHECKING:
    from pipelines.feed_finder import FeedProbe


@click.command("add")
@path_options("config", "sources")
@click.argument("url")
@click.option("--name", help="Display name (default: the feed's title).")
@click.option("--tags", help="Comma-separated lower-case labels, e.g. tech,ai.")
@click.option("--country", help="ISO 3166-1 alpha-2 code (default: from a country domain).")
@click.option("--language", help="ISO 639-1 code (default: the feed's or the page's).")
@_expected_errors
def sources_add(
    config_path: str | None,
    sources_path: str | None,
    url: str,
    name: str | None,
    tags: str | None,
    country: str | None,
    language: str | None,
) -> None:
    """Find the feed of a site from its home page (or take a feed URL), check it, add it."""
    from pipelines.feed_finder import discover_feed
    from settings import append_sources, country_from_host, language_code, new_source, unique_name

    settings = _settings(config_path, sources_path=sources_path)
    existing = _existing(settings.sources_path)
    found = asyncio.run(discover_feed(url.strip(), settings.fetch))
    if found.feed is None:
        reason = found.page.error or "no feed advertised"
        click.echo(f"no working feed found for {url}: {reason}", err=True)
        for tried, why in found.tried:
            click.echo(f"  tried {tried}: {why}", err=True)
        sys.exit(EXIT_FAILED)
    feed_url = found.feed.url
    same = normalize_feed_url(feed_url)
    if known := next((s for s in existing if normalize_feed_url(s.url) == same), None):
        click.echo(f"{feed_url} is already configured as {known.name!r}")
        return
    language = language_code(language or found.language)
    country = (country or country_from_host(feed_url) or "").strip().upper() or None
    missing = [o for o, v in (("--language", language), ("--country", country)) if not v]
    if missing:
        click.echo(f"found {feed_url}, but cannot tell its {' and '.join(missing)}", err=True)
        sys.exit(EXIT_CONFIG)
    taken = {s.name.casefold() for s in existing}
    fields = {
        "name": name or unique_name(str(found.title), feed_url, taken),
        "url": feed_url,
        "tags": _split_tags(tags),
        "country": country,
        "language": language,
    }
    source = new_source(fields, origin=f"the source to add ({feed_url})")
    append_sources(settings.sources_path, [source], f"added by `mediawatch sources add` {_today()}")
    newest = _minute(found.feed.newest)
    click.echo(
        f"Added {source.name!r}: {feed_url} ({found.feed.items} items"
        + (f", newest {newest}" if newest else "")
        + f") to {settings.sources_path}"
    )


@click.command("import")
@path_options("config", "sources")
@click.argument("opml_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--country", help="Country for feeds whose outline names none (ISO 3166-1).")
@click.option("--language", help="Language for feeds whose outline names none (ISO 639-1).")
@click.option("--tags", help="Comma-separated labels added to every imported feed.")
@_expected_errors
def sources_import(
    config_path: str | None,
    sources_path: str | None,
    opml_file: str,
    country: str | None,
    language: str | None,
    tags: str | None,
) -> None:
    """Add the feeds of an OPML file (a feed reader's export); folders become tags."""
    from pipelines.opml import OpmlError, parse_opml
    from settings import append_sources, sources_from_opml

    settings = _settings(config_path, sources_path=sources_path)
    existing = _existing(settings.sources_path)
    try:
        document = parse_opml(Path(opml_file).read_bytes())
    except OpmlError as exc:
        click.echo(f"cannot import {opml_file}: {exc}", err=True)
        sys.exit(EXIT_CONFIG)
    found = sources_from_opml(
        document, existing, country=country, language=language, tags=_split_tags(tags)
    )
    if found.sources:
        note = f"imported from {Path(opml_file).name} by `mediawatch sources import` {_today()}"
        append_sources(settings.sources_path, found.sources, note)
    click.echo(
        f"Imported {_plural(len(found.sources), 'source')} into {settings.sources_path}; "
        f"{found.duplicates} already configured, {len(found.skipped)} skipped."
    )
    for reason in found.skipped:
        click.echo(f"  skipped {reason}")


@click.command("export")
@path_options("config", "sources")
@click.option(
    "--out", type=click.Path(dir_okay=False), help="Write to this file (default: standard output)."
)
@_expected_errors
def sources_export(config_path: str | None, sources_path: str | None, out: str | None) -> None:
    """Write the configured sources as OPML 2.0, for any feed reader."""
    from pipelines.feed_finder import site_root
    from pipelines.opml import OpmlFeed, write_opml
    from settings import write_atomically

    settings = _settings(config_path, sources_path=sources_path)
    feeds = [
        OpmlFeed(
            url=s.url,
            title=s.name,
            html_url=site_root(s.url),
            tags=s.tags,
            language=s.language,
            country=s.country,
            enabled=s.enabled,
        )
        for s in load_sources(settings.sources_path)
    ]
    document = write_opml(feeds, title="mediawatch sources", created=datetime.now(UTC))
    if out is None:
        sys.stdout.buffer.write(document)
        sys.stdout.flush()
        return
    write_atomically(Path(out), document.decode("utf-8"))
    click.echo(f"Wrote {len(feeds)} sources to {out}", err=True)


@click.command("check")
@path_options("config", "sources")
@click.option("--strict", is_flag=True, help="Exit 1 when a feed fails or has no items.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@_expected_errors
def sources_check(
    config_path: str | None, sources_path: str | None, strict: bool, fmt: str
) -> None:
    """Fetch every enabled feed once (no conditional GET) and report its health."""
    from cli.output import print_rows
    from pipelines.feed_finder import probe_feeds

    settings = _settings(config_path, sources_path=sources_path)
    enabled = [s for s in load_sources(settings.sources_path) if s.enabled]
    probes = asyncio.run(probe_feeds([s.url for s in enabled], settings.fetch))
    rows = [_health_row(s, p) for s, p in zip(enabled, probes, strict=True)]
    print_rows(rows, fmt)
    states = [r["status"] for r in rows]
    if fmt == "table":
        click.echo(
            f"\n{len(rows)} feeds checked: {states.count('ok')} ok, "
            f"{states.count('empty')} empty, {states.count('failed')} failed"
        )
    if strict and any(state != "ok" for state in states):
        sys.exit(EXIT_FAILED)


def _health_row(source: Source, probe: FeedProbe) -> dict[str, Any]:
    """One row of `sources check`: status ok / empty / failed, HTTP code, items, newest item."""
    return {
        "source": source.name,
        "status": probe.health,
        "http": probe.http_status,
        "items": probe.items if probe.parsed is not None else None,
        "newest": _minute(probe.newest),
        "error": None if probe.health == "ok" else probe.error,
    }


def _existing(path: Path) -> list[Source]:
    return load_sources(path) if path.exists() else []


def _split_tags(value: str | None) -> list[str]:
    return [t.strip().lower() for t in (value or "").split(",") if t.strip()]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _minute(when: datetime | None) -> str | None:
    return when.strftime("%Y-%m-%d %H:%M") if when else None


def _today() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d")
