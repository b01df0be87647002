"""config/mediawatch.yaml, the application settings: one `Settings` object, validated once, built
from defaults < the settings file < MEDIAWATCH_* variables < overrides, each setting documented
once (the shipped file is `settings_template()`)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import yaml
from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

from pipelines import tone_model
from settings.documents import (
    Document,
    Frozen,
    check_http_url,
    format_loc,
    inner_model,
    issues_from,
    model_at,
    read_yaml,
)
from settings.errors import ConfigError, ConfigIssue, InvalidValue, with_suggestion

ENV_PREFIX = "MEDIAWATCH_"
SETTINGS_FILE_ENV = "MEDIAWATCH_CONFIG"  # names the settings file; not itself a setting
# Variables of the MEDIAWATCH_ family that are not settings: the file's name, and the tone
# encoder's process knobs (read where the model loads, in the workers).
NOT_SETTINGS = frozenset({SETTINGS_FILE_ENV, tone_model.KERNELS_ENV, tone_model.THREADS_ENV})
DEFAULT_SETTINGS_PATH = Path("config/mediawatch.yaml")
DEFAULT_USER_AGENT = "mediawatch/0.1 (+https://github.com/mediawatch/mediawatch)"
# A Dask scheduler's address, as `dask scheduler` prints it
_SCHEDULER_ADDRESS = re.compile(r"^(tcp|tls|ucx|ws|wss)://[^\s/]+:\d+/?$")


class FetchSettings(Frozen):
    """How politely and how far HTTP fetching goes (feeds, pages, robots.txt): the one definition
    of each setting the fetcher reads (it asks for a `pipelines.fetch.FetchPolicy`, which this
    is). Tests and tools override a few: ``FetchSettings(per_host_delay_s=0, retries=0)``."""

    user_agent: str = Field(
        DEFAULT_USER_AGENT,
        min_length=1,
        description="User-Agent header: names the project and a URL where site owners reach us.",
    )
    connect_timeout: float = Field(10.0, gt=0, description="Seconds to establish a connection.")
    read_timeout: float = Field(20.0, gt=0, description="Seconds to wait for the next bytes.")
    total_timeout: float = Field(
        60.0, gt=0, description="Seconds for one whole request, redirects and body included."
    )
    max_bytes: int = Field(
        10 * 1024 * 1024, ge=1024, description="Largest response body accepted, in bytes (10 MiB)."
    )
    max_redirects: int = Field(5, ge=0, le=30, description="Redirects followed per request.")
    per_host_concurrency: int = Field(2, ge=1, description="Requests in flight to one host.")
    per_host_delay_s: float = Field(
        1.0, ge=0, description="Seconds between the starts of two requests to one host."
    )
    global_concurrency: int = Field(16, ge=1, description="Requests in flight in total.")
    retries: int = Field(
        2, ge=0, le=10, description="Extra attempts after a timeout, connection error, 429 or 5xx."
    )
    backoff_base_s: float = Field(
        1.0, ge=0, description="Seconds before the first retry; doubles with each further one."
    )
    max_retry_after_s: float = Field(
        120.0, ge=0, description="Longest Retry-After wait honoured, in seconds."
    )
    respect_robots: bool = Field(True, description="Obey robots.txt for article pages.")
    allow_private_addresses: bool = Field(
        False, description="Fetch from private network addresses (10/8, 192.168/16, fc00::/7 …)."
    )
    allow_loopback: bool = Field(
        False, description="Fetch from 127.0.0.1 and ::1; the demo and the tests turn it on."
    )
    run_budget_s: float | None = Field(
        None,
        gt=0,
        description="Seconds a run may spend fetching; outstanding fetches then end "
        "as budget_exceeded and wait for the next run. null: no budget.",
    )
    host_failure_limit: int = Field(
        3,
        ge=0,
        description="Failed pages in a row after which a host's other pages wait for the "
        "next run (host_unresponsive); 0 turns this off.",
    )
    proxy: str | None = Field(
        None,
        description="HTTP proxy for every request (e.g. http://proxy.internal:3128). The proxy "
        "resolves names then, so address safety can check only literal IP addresses.",
    )

    @model_validator(mode="after")
    def _consistent(self) -> FetchSettings:
        if self.total_timeout < max(self.connect_timeout, self.read_timeout):
            fix = "raise total_timeout or lower connect_timeout/read_timeout"
            raise InvalidValue("total_timeout is shorter than connect_timeout or read_timeout", fix)
        if self.per_host_concurrency > self.global_concurrency:
            fix = "lower per_host_concurrency or raise global_concurrency"
            raise InvalidValue("per_host_concurrency exceeds global_concurrency", fix)
        return self


def _cpu_count() -> int:
    return os.cpu_count() or 1


class Settings(Frozen):
    """Every application setting, validated once. Relative paths start at the working directory."""

    db_path: Path = Field(
        Path("data/mediawatch.duckdb"), description="DuckDB warehouse file (CLI: --db)."
    )
    sources_path: Path = Field(
        Path("config/sources.yaml"), description="Feeds to watch (CLI: --sources)."
    )
    watchlist_path: Path = Field(
        Path("config/watchlist.yaml"), description="Entities to track (CLI: --watchlist)."
    )
    topics_path: Path = Field(
        Path("config/topics.yaml"),
        description="Topics to track, as boolean queries; none when the file does not exist.",
    )
    reports_dir: Path = Field(Path("reports"), description="Where weekly reports are written.")
    archive_dir: Path = Field(
        Path("data/archive"), description="Where raw fetched feeds and pages are kept."
    )
    archive_retention_days: int | None = Field(
        90,
        ge=1,
        description="Days the raw archive keeps a fetched feed or page (gzipped WARC files); "
        "null keeps them forever.",
    )
    reporting_timezone: str = Field(
        "UTC", description="IANA time zone for report days and weeks, e.g. Europe/Berlin."
    )
    max_items_per_feed: int = Field(
        200, ge=1, le=10_000, description="Items read per feed fetch unless a source overrides it."
    )
    batch_size: int = Field(100, ge=1, le=100_000, description="Articles per task and per load.")
    workers: int | str = Field(
        default_factory=_cpu_count,
        description="Where the CPU-bound stages run: a number of local worker processes "
        "(null: one per CPU), or a Dask scheduler's address (tcp://host:8786) to run them on "
        "that cluster's workers.",
    )
    tone: Literal["encoder", "tiered", "watchlist", "linear"] = Field(
        "tiered",
        description="Which targets the tone encoder scores: every one (encoder), watchlist "
        "entities and people or organisations named twice (tiered), watchlist entities only "
        "(watchlist), or none (linear: the linear model everywhere, the cheapest).",
    )
    webhook_url: str | None = Field(
        None, description="http(s) URL notified after each run, e.g. a chat webhook; null: none."
    )
    fetch: FetchSettings = Field(
        default_factory=FetchSettings, description="HTTP fetching: uncomment `fetch:` to change it."
    )

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.reporting_timezone)

    @field_validator(
        "db_path", "sources_path", "watchlist_path", "topics_path", "reports_dir", "archive_dir"
    )
    @classmethod
    def _expand_home(cls, value: Path) -> Path:
        return value.expanduser()

    @field_validator("reporting_timezone")
    @classmethod
    def _valid_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            rest = "use an IANA name such as UTC or Asia/Shanghai"
            fix = with_suggestion(value, sorted(available_timezones()), rest)
            raise InvalidValue(f"unknown time zone {value!r}", fix) from exc
        return value

    @field_validator("workers", mode="before")
    @classmethod
    def _valid_workers(cls, value: Any) -> Any:
        if value is None or value == "":
            return _cpu_count()
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        fix = "write a number of processes (workers: 4) or a Dask scheduler address "
        fix += "(workers: tcp://scheduler:8786)"
        if isinstance(value, int) and not isinstance(value, bool):
            if value < 1:
                raise InvalidValue(f"must be 1 or more, not {value}", fix)
            return value
        if isinstance(value, str) and _SCHEDULER_ADDRESS.match(value.strip()):
            return value.strip()
        raise InvalidValue(f"{value!r} is neither a number of workers nor an address", fix)

    @field_validator("webhook_url", mode="before")
    @classmethod
    def _valid_webhook(cls, value: Any) -> Any:
        if value is None or value == "":
            return None
        return check_http_url(value) if isinstance(value, str) else value


_Origin = tuple[str, int | None]


def load_settings(path: Path | str | None = None, **overrides: Any) -> Settings:
    """Settings from defaults < settings file < MEDIAWATCH_* variables < `overrides` (later wins).

    The file is `path`, else the one named by MEDIAWATCH_CONFIG, else config/mediawatch.yaml when it
    exists. Nested settings are `MEDIAWATCH_FETCH__READ_TIMEOUT` in the environment and
    `fetch__read_timeout=…` or `fetch={"read_timeout": …}` as overrides. Overrides that are None are
    ignored, so a CLI can pass its options through unchanged.
    """
    layers = _Layers()
    doc = _settings_document(path)
    if doc is not None:
        if doc.data is not None and not isinstance(doc.data, dict):
            fix = "write 'setting: value' lines; config/mediawatch.yaml lists every setting"
            raise ConfigError([doc.issue((), "the settings file is not a mapping", fix)])
        for key_path, value in _flatten(doc.data or {}, ()):
            layers.put(key_path, value, (str(doc.path), doc.line_at(key_path)))
    for name in sorted(os.environ):
        if name.startswith(ENV_PREFIX) and name not in NOT_SETTINGS:
            key_path = tuple(name.removeprefix(ENV_PREFIX).lower().split("__"))
            spell = lambda p: ENV_PREFIX + "__".join(p).upper()  # noqa: E731
            layers.put_checked(key_path, os.environ[name], f"environment variable {name}", spell)
    for name, value in overrides.items():
        for key_path, leaf in _flatten({name: value}, ()) if value is not None else ():
            key_path = tuple(p for part in key_path for p in str(part).split("__"))
            layers.put_checked(key_path, leaf, f"override {name}", "__".join)
    if layers.issues:
        raise ConfigError(layers.issues)
    try:
        return Settings.model_validate(layers.merged)
    except ValidationError as exc:
        raise ConfigError(issues_from(exc, Settings, layers.origin_of)) from None


def _settings_document(path: Path | str | None) -> Document | None:
    if path is not None:
        pointer = "create it, or pass no settings file to use the defaults"
        return read_yaml(Path(path), "settings file", pointer)
    if named := os.environ.get(SETTINGS_FILE_ENV):
        pointer = f"create it, or unset {SETTINGS_FILE_ENV} to use {DEFAULT_SETTINGS_PATH}"
        return read_yaml(Path(named), f"settings file (from {SETTINGS_FILE_ENV})", pointer)
    if DEFAULT_SETTINGS_PATH.is_file():
        return read_yaml(DEFAULT_SETTINGS_PATH, "settings file", "")
    return None


def _flatten(data: Mapping[str, Any], prefix: tuple[str, ...]) -> list[tuple[tuple[str, ...], Any]]:
    """Leaf key paths of a settings mapping; only sections (nested models) are descended into."""
    out: list[tuple[tuple[str, ...], Any]] = []
    for key, value in data.items():
        key_path = (*prefix, key)
        if model_at(Settings, key_path) is not None and isinstance(value, dict | None):
            out.extend(_flatten(value or {}, key_path))  # a bare `fetch:` is an empty section
        else:
            out.append((key_path, value))
    return out


def _setting_paths(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Key paths of every individual setting, e.g. ("fetch", "read_timeout")."""
    out: list[tuple[str, ...]] = []
    for name, field in model.model_fields.items():
        sub = inner_model(field.annotation)
        out.extend(_setting_paths(sub, (*prefix, name)) if sub else [(*prefix, name)])
    return out


class _Layers:
    """Settings merged layer by layer, remembering which file line or variable set each key."""

    def __init__(self) -> None:
        self.merged: dict[str, Any] = {}
        self.origins: dict[tuple[str, ...], _Origin] = {}
        self.issues: list[ConfigIssue] = []

    def put(self, key_path: tuple[str, ...], value: Any, origin: _Origin) -> None:
        node = self.merged
        for part in key_path[:-1]:
            if not isinstance(node.get(part), dict):
                node[part] = {}
            node = node[part]
        node[key_path[-1]] = value
        self.origins[key_path] = origin

    def put_checked(
        self, key_path: tuple[str, ...], value: Any, origin: str, spell: Callable[[tuple], str]
    ) -> None:
        """Put a variable or override, whose key path must name one setting exactly."""
        paths = _setting_paths(Settings)
        if key_path in paths:
            self.put(key_path, value, (origin, None))
            return
        if section := model_at(Settings, key_path):
            problem = f"{format_loc(key_path)} is a section, not a setting"
            example = spell((*key_path, next(iter(section.model_fields))))
            fix = f"set its settings one by one, e.g. {example}"
        else:
            problem = f"unknown setting {spell(key_path)!r}"
            rest = "every setting is listed in config/mediawatch.yaml"
            fix = with_suggestion(spell(key_path), [spell(p) for p in paths], rest)
        self.issues.append(ConfigIssue(origin, "", problem, fix))

    def origin_of(self, loc: tuple) -> _Origin:
        """Who set `loc` last: the deepest recorded prefix, else any setting below it."""
        for n in range(len(loc), 0, -1):
            if loc[:n] in self.origins:
                return self.origins[loc[:n]]
        below = [o for key_path, o in self.origins.items() if key_path[: len(loc)] == loc]
        return below[-1] if below else ("settings", None)


def settings_template() -> str:
    """config/mediawatch.yaml as shipped: every setting at its default, commented, documented."""
    lines = [
        "# mediawatch settings. Every setting is shown at its default, commented out.",
        "# Later wins: defaults < this file < environment variables MEDIAWATCH_<NAME>",
        "# (nested: MEDIAWATCH_FETCH__READ_TIMEOUT) < command-line options.",
        f"# Another file can be named with {SETTINGS_FILE_ENV}. Unknown keys are errors.",
        "# Relative paths are relative to the working directory.",
    ]
    _template_fields(Settings, lines, "")
    return "\n".join(lines) + "\n"


def _template_fields(model: type[BaseModel], lines: list[str], indent: str) -> None:
    for name, field in model.model_fields.items():
        if not indent:
            lines.append("")
        # nested descriptions stay comments when a whole section is uncommented
        lines.append(f"# {indent}# {field.description}" if indent else f"# {field.description}")
        sub = inner_model(field.annotation)
        if sub is not None:
            lines.append(f"# {indent}{name}:")
            _template_fields(sub, lines, indent + "  ")
            continue
        default = None if field.default_factory is not None else field.default
        default = str(default) if isinstance(default, Path) else default
        value = yaml.safe_dump(default, default_flow_style=True).removesuffix("\n...\n").strip()
        lines.append(f"# {indent}{name}: {value}")
