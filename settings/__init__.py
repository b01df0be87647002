"""Configuration, one module per file it reads, each validated on load; a mistake is a
`ConfigError` naming the file, the line, the key and the fix. Callers import from here.

errors (ConfigIssue, ConfigError) < documents (YAML with line numbers, pydantic errors as issues)
< sources (sources.yaml) < sources_writer (adding to it), watchlist (watchlist.yaml), app
(config/mediawatch.yaml: Settings, FetchSettings).
"""

from settings.app import FetchSettings, Settings, load_settings, settings_template
from settings.documents import write_atomically
from settings.errors import ConfigError, ConfigIssue
from settings.sources import (
    COUNTRY_CODES,
    LANGUAGE_CODES,
    Source,
    load_sources,
    normalize_feed_url,
    source_id,
)
from settings.sources_writer import (
    SourcesImport,
    append_sources,
    country_from_host,
    language_code,
    new_source,
    sources_from_opml,
    unique_name,
)
from settings.topics import load_topics
from settings.watchlist import load_watchlist

__all__ = [
    "COUNTRY_CODES",
    "LANGUAGE_CODES",
    "ConfigError",
    "ConfigIssue",
    "FetchSettings",
    "Settings",
    "Source",
    "SourcesImport",
    "append_sources",
    "country_from_host",
    "language_code",
    "load_settings",
    "load_sources",
    "load_topics",
    "load_watchlist",
    "new_source",
    "normalize_feed_url",
    "settings_template",
    "source_id",
    "sources_from_opml",
    "unique_name",
    "write_atomically",
]
