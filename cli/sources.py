"""`mediawatch sources add | import | export | check`: manage feeds the way RSS readers do.

Registered in cli.main on the `sources` group (sources.add_command). New sources are appended as
text at the end of the `sources:` list, so the file keeps its comments and layout; the result is
validated with load_sources and the file restored when it does not load.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click
import yaml

from cli.common import EXIT_CONFIG, EXIT_FAILED, _expected_errors, _settings, path_options
from pipelines.feeds import ParsedFeed
from settings import COUNTRY_CODES, LANGUAGE_CODES, Source, load_sources
from settings import normalize_feed_url as _normalized

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/xml;q=0.9, */*;q=0.8"
)
MAX_PROBES = 8  # candidate feed URLs fetched by `sources add` before giving up
# country-code domains that sites everywhere use as generic ones
_GENERIC_CCTLDS = frozenset(["ai", "cc", "co", "fm", "io", "ly", "me", "so", "to", "tv", "ws"])


# --- the sources file: append, validate, roll back ---------------------------------------------


def append_sources(path: Path, entries: Sequence[Mapping[str, Any]], note: str) -> None:
    """Append entries at the end of the file's `sources:` list, everything else kept as written;
    restore the file (ConfigError) when the result does not load."""
    original = path.read_text(encoding="utf-8") if path.exists() else None
    _write(path, _appended(original, entries, note))
    try:
        load_sources(path)
    except BaseException:
        if original is None:
            path.unlink(missing_ok=True)
        else:
            _write(path, original)
        raise


def _appended(text: str | None, entries: Sequence[Mapping[str, Any]], note: str) -> str:
    text = text or ""
    if text and not text.endswith("\n"):
        text += "\n"
    root = yaml.compose(text, Loader=yaml.SafeLoader) if text.strip() else None
    dash = 2
    if root is None:  # no file, or only comments
        text += "sources:\n"
    elif not isinstance(root, yaml.MappingNode):
        raise click.ClickException("the sources file is not a mapping with a `sources:` list")
    else:
        listing = next((v for k, v in root.value if k.value == "sources"), None)
        if isinstance(listing, yaml.SequenceNode) and not listing.flow_style:
            dash = listing.start_mark.column
        elif not (isinstance(listing, yaml.ScalarNode) and listing.value == ""):
            raise click.ClickException(
                "the sources file has no block `sources:` list to append to "
                "(a [flow] list must be rewritten as one '- name: …' entry per source)"
            )
    pad = " " * dash
    lines = ["" if text.strip() and not text.endswith("\n\n") else None, f"{pad}# {note}"]
    for entry in entries:
        for i, (key, value) in enumerate(entry.items()):
            lines.append(f"{pad}{'- ' if i == 0 else '  '}{key}: {_scalar(value)}")
    return text + "\n".join(line for line in lines if line is not None) + "\n"


def _scalar(value: Any) -> str:
    """One YAML value on one line: YAML quotes what it would read otherwise (NO, yes, 1.0, #)."""
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    if isinstance(value, str):
        value = " ".join(value.split())
    dumped = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10**9)
    return dumped.removesuffix("\n...\n").strip()


def _write(path: Path, text: str) -> None:
    """Write atomically: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _entry(
    *,
    name: str,
    url: str,
    tags: Sequence[str],
    country: str,
    language: str,
    enabled: bool = True,
) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": name, "url": url}
    if tags:
        entry["tags"] = list(tags)
    entry.update(country=country, language=language)
    if not enabled:
        entry["enabled"] = False
    return entry


def _existing(path: Path) -> list[Source]:
    return load_sources(path) if path.exists() else []


def _split_tags(value: str | None) -> list[str]:
    return [t.strip().lower() for t in (value or "").split(",") if t.strip()]


def _language(value: str | None) -> str | None:
    code = (value or "").strip().lower().replace("_", "-").split("-")[0]
    return code if code in LANGUAGE_CODES else None


def country_from_host(url: str) -> str | None:
    """The country of a country-code domain (.de → DE, .co.uk → GB), else None."""
    host = (urlsplit(url).hostname or "").rstrip(".")
    tld = host.rsplit(".", 1)[-1].lower() if "." in host else ""
    if tld in _GENERIC_CCTLDS:
        return None
    code = "GB" if tld == "uk" else tld.upper()
    return code if code in COUNTRY_CODES else None


def _unique_name(name: str, url: str, taken: set[str]) -> str:
    """name, or name (host), or name 2 … when another source has it already."""
    host = urlsplit(url).hostname or ""
    for candidate in (name, f"{name} ({host})", *(f"{name} {n}" for n in range(2, 1000))):
        if candidate.casefold() not in taken:
            return candidate
    return f"{name} {url}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _today() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d")


# --- fetching ------------------------------------------------------------------------------------


@dataclass(slots=True)
class Probe:
    """What fetching one URL as a feed gave."""

    url: str
    parsed: ParsedFeed | None = None
    http_status: int | None = None
    error: str | None = None
    content: bytes = b""
    final_url: str = ""
    tried: list[tuple[str, str]] = field(default_factory=list)

    @property
    def items(self) -> int:
        return len(self.parsed.items) if self.parsed else 0


async def _probe(fetcher: Any, url: str) -> Probe:
    from pipelines.feeds import parse_feed_detailed

    result = await fetcher.fetch(url, accept=FEED_ACCEPT)
    probe = Probe(url, http_status=result.http_status, final_url=result.final_url or url)
    if not result.ok:
        probe.error = result.error or result.status.value
        if result.detail:
            probe.error += f": {result.detail}"
        return probe
    probe.content = result.content
    probe.parsed = parse_feed_detailed(result.content, probe.final_url, result.charset)
    if probe.parsed.error:
        probe.error = probe.parsed.error
    elif not probe.parsed.items:
        probe.error = "no items"
    return probe


async def discover(url: str, policy: Any) -> tuple[Probe | None, Probe]:
    """(the first candidate feed with items or None, the fetch of `url` itself)."""
    from pipelines.feed_finder import feed_candidates
    from pipelines.fetch import Fetcher

    async with Fetcher(policy) as fetcher:
        first = await _probe(fetcher, url)
        if first.items:
            return first, first
        if first.parsed is None or not first.parsed.is_html:
            return None, first
        suggested = list(first.parsed.suggested_feed_urls)
        candidates = [*suggested, *feed_candidates(first.content, first.final_url)]
        for candidate in list(dict.fromkeys(candidates))[:MAX_PROBES]:
            probe = await _probe(fetcher, candidate)
            if probe.items:
                return probe, first
            first.tried.append((candidate, probe.error or "no items"))
    return None, first


# --- commands ------------------------------------------------------------------------------------


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
    from flows.runtime import fetch_policy
    from pipelines.feed_finder import page_language, page_title

    settings = _settings(config_path, sources_path=sources_path)
    existing = _existing(settings.sources_path)
    found, page = asyncio.run(discover(url.strip(), fetch_policy(settings)))
    if found is None or found.parsed is None:
        click.echo(
            f"no working feed found for {url}: {page.error or 'no feed advertised'}", err=True
        )
        for tried, why in page.tried:
            click.echo(f"  tried {tried}: {why}", err=True)
        sys.exit(EXIT_FAILED)
    feed_url = found.url
    known = {_normalized(s.url): s for s in existing}
    if _normalized(feed_url) in known:
        click.echo(f"{feed_url} is already configured as {known[_normalized(feed_url)].name!r}")
        return
    home = page.content if page is not found else b""
    language = _language(language or found.parsed.language or page_language(home))
    country = (country or country_from_host(feed_url) or "").strip().upper() or None
    missing = [o for o, v in (("--language", language), ("--country", country)) if not v]
    if missing:
        click.echo(f"found {feed_url}, but cannot tell its {' and '.join(missing)}", err=True)
        sys.exit(EXIT_CONFIG)
    title = name or found.parsed.title or page_title(home) or urlsplit(feed_url).hostname
    taken = {s.name.casefold() for s in existing}
    entry = _entry(
        name=name or _unique_name(str(title), feed_url, taken),
        url=feed_url,
        tags=_split_tags(tags),
        country=str(country),
        language=str(language),
    )
    append_sources(settings.sources_path, [entry], f"added by `mediawatch sources add` {_today()}")
    newest = _newest(found.parsed)
    click.echo(
        f"Added {entry['name']!r}: {feed_url} ({found.items} items"
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
    from pydantic import ValidationError

    from pipelines.opml import OpmlError, parse_opml

    settings = _settings(config_path, sources_path=sources_path)
    existing = _existing(settings.sources_path)
    try:
        document = parse_opml(Path(opml_file).read_bytes())
    except OpmlError as exc:
        click.echo(f"cannot import {opml_file}: {exc}", err=True)
        sys.exit(EXIT_CONFIG)
    seen = {_normalized(s.url) for s in existing}
    taken = {s.name.casefold() for s in existing}
    entries, duplicates, skipped = [], 0, list(document.skipped)
    for feed in document.feeds:
        key = _normalized(feed.url) if urlsplit(feed.url).scheme else feed.url
        if key in seen:
            duplicates += 1
            continue
        lang = _language(feed.language) or _language(language)
        where = feed.country or country or country_from_host(feed.url)
        label = feed.title or urlsplit(feed.url).hostname or feed.url
        unknown = [o for o, v in (("--language", lang), ("--country", where)) if not v]
        if unknown:
            skipped.append(f"{label}: the outline names no {unknown[0][2:]}: pass {unknown[0]}")
            continue
        entry = _entry(
            name=_unique_name(label, feed.url, taken),
            url=feed.url,
            tags=list(dict.fromkeys([*feed.tags, *_split_tags(tags)])),
            country=str(where).strip().upper(),
            language=str(lang),
            enabled=feed.enabled,
        )
        try:
            Source.model_validate(entry)
        except ValidationError as exc:
            problem = "; ".join(str(e.get("ctx", {}).get("error", e["msg"])) for e in exc.errors())
            skipped.append(f"{label}: {problem}")
            continue
        seen.add(key)
        taken.add(entry["name"].casefold())
        entries.append(entry)
    if entries:
        note = f"imported from {Path(opml_file).name} by `mediawatch sources import` {_today()}"
        append_sources(settings.sources_path, entries, note)
    click.echo(
        f"Imported {_plural(len(entries), 'source')} into {settings.sources_path}; "
        f"{duplicates} already configured, {len(skipped)} skipped."
    )
    for reason in skipped:
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
    _write(Path(out), document.decode("utf-8"))
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
    from flows.runtime import fetch_policy

    settings = _settings(config_path, sources_path=sources_path)
    enabled = [s for s in load_sources(settings.sources_path) if s.enabled]
    rows = asyncio.run(check_feeds(enabled, fetch_policy(settings)))
    print_rows(rows, fmt)
    states = [r["status"] for r in rows]
    if fmt == "table":
        click.echo(
            f"\n{len(rows)} feeds checked: {states.count('ok')} ok, "
            f"{states.count('empty')} empty, {states.count('failed')} failed"
        )
    if strict and any(state != "ok" for state in states):
        sys.exit(EXIT_FAILED)


async def check_feeds(sources: Iterable[Source], policy: Any) -> list[dict[str, Any]]:
    """One health row per source: status ok / empty / failed, HTTP code, items, newest item."""
    from pipelines.fetch import Fetcher

    sources = list(sources)
    async with Fetcher(policy) as fetcher:
        probes = await asyncio.gather(*(_probe(fetcher, s.url) for s in sources))
    rows = []
    for source, probe in zip(sources, probes, strict=True):
        status = "ok" if probe.items else ("empty" if probe.error == "no items" else "failed")
        rows.append(
            {
                "source": source.name,
                "status": status,
                "http": probe.http_status,
                "items": probe.items if probe.parsed is not None else None,
                "newest": _newest(probe.parsed) if probe.parsed else None,
                "error": None if status == "ok" else probe.error,
            }
        )
    return rows


def _newest(parsed: ParsedFeed) -> str | None:
    dates = [i.published_at for i in parsed.items if i.published_at is not None]
    return max(dates).strftime("%Y-%m-%d %H:%M") if dates else None
