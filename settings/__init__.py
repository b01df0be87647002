"""Configuration, one module per file it reads, each validated on load; a mistake is a
`ConfigError` naming the file, the line, the key and the fix. Callers import from here."""

from settings.config import (
    COUNTRY_CODES,
    LANGUAGE_CODES,
    ConfigError,
    ConfigIssue,
    FetchSettings,
    Settings,
    Source,
    load_settings,
    load_sources,
    load_watchlist,
    normalize_feed_url,
    settings_template,
    source_id,
)

__all__ = [
    "COUNTRY_CODES",
    "LANGUAGE_CODES",
    "ConfigError",
    "ConfigIssue",
    "FetchSettings",
    "Settings",
    "Source",
    "load_settings",
    "load_sources",
    "load_watchlist",
    "normalize_feed_url",
    "settings_template",
    "source_id",
]
