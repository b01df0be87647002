"""Adding feeds to sources.yaml, as `mediawatch sources add` and `sources import` do.

New sources are appended as text at the end of the `sources:` list, so the file keeps its
comments and layout; the result is validated with load_sources and the file restored when it
does not load. What a new source leaves unsaid is guessed only where that is safe: the country
of a country-code domain, the language of a locale such as en-US, a name no other source has.
"""

from __future__ import annotations

from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import yaml
from pydantic import ValidationError

from settings.documents import issues_from, read_yaml, write_atomically
from settings.errors import ConfigError, ConfigIssue
from settings.sources import (
    COUNTRY_CODES,
    LANGUAGE_CODES,
    Source,
    load_sources,
    normalize_feed_url,
)

if TYPE_CHECKING:
    from pipelines.opml import OpmlDocument

# country-code domains that sites everywhere use as generic ones
_GENERIC_CCTLDS = frozenset(["ai", "cc", "co", "fm", "io", "ly", "me", "so", "to", "tv", "ws"])


@dataclass(frozen=True, slots=True)
class SourcesImport:
    """What an OPML import adds: the new sources, how many of its feeds are configured already,
    and each feed left out, with why."""

    sources: tuple[Source, ...]
    duplicates: int
    skipped: tuple[str, ...]


def new_source(fields: Mapping[str, Any], origin: str = "new source") -> Source:
    """A Source from fields given on the command line or in an OPML outline; a ConfigError from
    `origin` says what is wrong with them."""
    try:
        return Source.model_validate(fields)
    except ValidationError as exc:
        raise ConfigError(issues_from(exc, Source, lambda loc: (origin, None))) from None


def append_sources(path: Path, sources: Sequence[Source], note: str) -> None:
    """Append sources at the end of the file's `sources:` list under a `# note` line, everything
    else kept as written; restore the file (ConfigError) when the result does not load, e.g.
    because a name or URL is taken already."""
    original = path.read_text(encoding="utf-8") if path.exists() else None
    write_atomically(path, _appended(path, original, sources, note))
    try:
        load_sources(path)
    except BaseException:
        if original is None:
            path.unlink(missing_ok=True)
        else:
            write_atomically(path, original)
        raise


def _appended(path: Path, text: str | None, sources: Sequence[Source], note: str) -> str:
    text = text or ""
    if text and not text.endswith("\n"):
        text += "\n"
    root = read_yaml(path, "sources file", "").root if text.strip() else None
    dash = 2
    if root is None:  # no file, or only comments
        text += "sources:\n"
    elif not isinstance(root, yaml.MappingNode):
        fix = "start the file with a `sources:` line and list one '- name: …' entry per source"
        problem = "the sources file is not a mapping with a `sources:` list"
        raise ConfigError([ConfigIssue(str(path), "", problem, fix, 1)])
    else:
        listing = next((v for k, v in root.value if k.value == "sources"), None)
        if isinstance(listing, yaml.SequenceNode) and not listing.flow_style:
            dash = listing.start_mark.column
        elif not (isinstance(listing, yaml.ScalarNode) and listing.value == ""):
            problem = "the sources file has no block `sources:` list to append to"
            fix = "rewrite a [flow] list as one '- name: …' entry per source"
            line = listing.start_mark.line + 1 if listing is not None else None
            raise ConfigError([ConfigIssue(str(path), "sources", problem, fix, line)])
    pad = " " * dash
    lines = ["" if text.strip() and not text.endswith("\n\n") else None, f"{pad}# {note}"]
    for source in sources:
        for i, (key, value) in enumerate(source.model_dump(exclude_defaults=True).items()):
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


# --- what a new source leaves unsaid ---


def country_from_host(url: str) -> str | None:
    """The country of a country-code domain (.de → DE, .co.uk → GB), else None."""
    host = (urlsplit(url).hostname or "").rstrip(".")
    return country_of_tld(host.rsplit(".", 1)[-1] if "." in host else "")


def country_of_tld(tld: str) -> str | None:
    """The country of a top-level domain ("de" → DE, "uk" → GB); None for a generic one, or one
    used as generic (.io, .tv, …)."""
    tld = tld.lower()
    if tld in _GENERIC_CCTLDS:
        return None
    code = "GB" if tld == "uk" else tld.upper()
    return code if code in COUNTRY_CODES else None


def language_code(value: str | None) -> str | None:
    """The ISO 639-1 code of a language or locale tag (en, en-US, pt_BR), else None."""
    code = (value or "").strip().lower().replace("_", "-").split("-")[0]
    return code if code in LANGUAGE_CODES else None


def unique_name(name: str, url: str, taken: Container[str]) -> str:
    """name, or name (host), or name 2 … when another source has it already (`taken`: the
    casefolded names in use)."""
    host = urlsplit(url).hostname or ""
    for candidate in (name, f"{name} ({host})", *(f"{name} {n}" for n in range(2, 1000))):
        if candidate.casefold() not in taken:
            return candidate
    return f"{name} {url}"


def sources_from_opml(
    document: OpmlDocument,
    existing: Sequence[Source],
    *,
    country: str | None = None,
    language: str | None = None,
    tags: Sequence[str] = (),
) -> SourcesImport:
    """The feeds of an OPML document as new sources. A feed configured already (or earlier in
    the document) is counted, not added. Country and language come from the outline, else from
    `country` and `language` (the import command's --country and --language), the country also
    from a country-code domain; a feed without them, or not a valid source, is skipped."""
    seen = {normalize_feed_url(s.url) for s in existing}
    taken = {s.name.casefold() for s in existing}
    added: list[Source] = []
    duplicates, skipped = 0, list(document.skipped)
    for feed in document.feeds:
        key = normalize_feed_url(feed.url) if urlsplit(feed.url).scheme else feed.url
        if key in seen:
            duplicates += 1
            continue
        lang = language_code(feed.language) or language_code(language)
        where = feed.country or country or country_from_host(feed.url)
        label = feed.title or urlsplit(feed.url).hostname or feed.url
        unknown = [o for o, v in (("--language", lang), ("--country", where)) if not v]
        if unknown:
            skipped.append(f"{label}: the outline names no {unknown[0][2:]}: pass {unknown[0]}")
            continue
        fields = {
            "name": unique_name(label, feed.url, taken),
            "url": feed.url,
            "tags": list(dict.fromkeys([*feed.tags, *tags])),
            "country": str(where).strip().upper(),
            "language": lang,
            "enabled": feed.enabled,
        }
        try:
            source = new_source(fields)
        except ConfigError as exc:
            skipped.append(f"{label}: {'; '.join(issue.problem for issue in exc.issues)}")
            continue
        seen.add(key)
        taken.add(source.name.casefold())
        added.append(source)
    return SourcesImport(tuple(added), duplicates, tuple(skipped))
