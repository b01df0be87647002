"""Typed, validated configuration: feed sources, the watchlist and the application settings.

Every file is checked once, on load. A mistake becomes a `ConfigError` that names the file, the
line, the key path (e.g. ``entities[3].aliases[1].require_context``), what is wrong and the fix.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from pipelines.records import Alias, Watchlist, WatchlistEntity

ENV_PREFIX = "MEDIAWATCH_"
SETTINGS_FILE_ENV = "MEDIAWATCH_CONFIG"  # names the settings file; not itself a setting
DEFAULT_SETTINGS_PATH = Path("config/mediawatch.yaml")
DEFAULT_USER_AGENT = "mediawatch/0.1 (+https://github.com/mediawatch/mediawatch)"


def _codes(text: str) -> frozenset[str]:
    return frozenset(text.split())


ENTITY_TYPES = _codes("PERSON ORG GPE LOC NORP FAC PRODUCT EVENT LAW WORK_OF_ART LANGUAGE TOPIC")
# ISO 3166-1 alpha-2 and ISO 639-1, kept here so that a typo such as "UK" or "cn" fails on load.
COUNTRY_CODES = _codes(
    """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN
    BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ
    DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL
    GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM
    JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME
    MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP
    NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD
    SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO
    TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
    """
)
LANGUAGE_CODES = _codes(
    """
    aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu
    cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he
    hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko
    kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd
    ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se
    sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty
    ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
    """
)
_M = typing.TypeVar("_M", bound=BaseModel)
_Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
_SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
_TAG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# --- errors ---


@dataclass(frozen=True, slots=True)
class ConfigIssue:
    """One problem: where (file or variable, line), which key, what is wrong, and the fix."""

    origin: str
    key: str
    problem: str
    fix: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.origin}:{self.line}" if self.line else self.origin
        key = f" {self.key}:" if self.key else ""
        return f"{where}:{key} {self.problem.rstrip('.')}. Fix: {self.fix}"


class ConfigError(Exception):
    """Invalid configuration; `issues` lists every problem found, the message shows them all."""

    def __init__(self, issues: Sequence[ConfigIssue]) -> None:
        self.issues = tuple(issues)
        first = self.issues[0]
        self.origin, self.key, self.line = first.origin, first.key, first.line
        if len(self.issues) == 1:
            message = str(first)
        else:
            lines = "\n".join(f"  - {issue}" for issue in self.issues)
            message = f"{len(self.issues)} configuration problems:\n{lines}"
        super().__init__(message)

    def __reduce__(self) -> tuple[type[ConfigError], tuple[tuple[ConfigIssue, ...]]]:
        return (ConfigError, (self.issues,))  # picklable, e.g. across Prefect or Dask workers


class _Invalid(ValueError):
    """Raised by validators: carries the problem and its fix separately."""

    def __init__(self, problem: str, fix: str) -> None:
        super().__init__(problem)
        self.problem, self.fix = problem, fix


def _with_suggestion(word: str, choices: Sequence[str], rest: str) -> str:
    """`rest`, preceded by "did you mean …?" when one of `choices` is close to `word`."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}? {rest[:1].upper()}{rest[1:]}" if close else rest


# --- YAML with line numbers ---


@dataclass(frozen=True, slots=True)
class _Document:
    path: Path
    data: Any
    root: yaml.Node | None

    def line_at(self, loc: Sequence[str | int]) -> int | None:
        """1-based line of the deepest node on key path `loc` (a key's own line for mappings)."""
        node, line = self.root, None
        if node is not None:
            line = node.start_mark.line + 1
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                hit = next((kv for kv in node.value if kv[0].value == part), None)
                if hit is None:
                    break
                line, node = hit[0].start_mark.line + 1, hit[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if not 0 <= part < len(node.value):
                    break
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                break
        return line

    def issue(self, loc: Sequence[str | int], problem: str, fix: str) -> ConfigIssue:
        return ConfigIssue(str(self.path), _format_loc(loc), problem, fix, self.line_at(loc))

    def ref(self, loc: Sequence[str | int]) -> str:
        """A key path with its line, to point at the other half of a clash."""
        return f"{_format_loc(loc)}, line {self.line_at(loc)}"

    def validate(self, model: type[_M]) -> _M:
        """The document as `model`; an empty file counts as an empty mapping."""
        try:
            return model.model_validate(self.data or {})
        except ValidationError as exc:
            place = lambda loc: (str(self.path), self.line_at(loc))  # noqa: E731
            raise ConfigError(_issues_from(exc, model, place)) from None


def _read_yaml(path: Path, what: str, pointer: str) -> _Document:
    """Parse a YAML file, keeping its node tree for line numbers; every failure is a ConfigError."""
    if not path.is_file():
        state = "is a directory" if path.is_dir() else "not found"
        raise ConfigError([ConfigIssue(str(path), "", f"{what} {state}", f"{pointer}")])
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            [ConfigIssue(str(path), "", f"cannot read {what}: {exc}", "save it as UTF-8 text")]
        ) from exc
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        _reject_duplicate_keys(path, root)
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as exc:
        mark, start = exc.problem_mark or exc.context_mark, exc.context_mark
        context = f" ({exc.context})" if exc.context else ""
        if start and mark and start.line != mark.line:
            context = f" ({exc.context} on line {start.line + 1})"
        raise ConfigError(
            [
                ConfigIssue(
                    str(path),
                    "",
                    f"invalid YAML: {exc.problem}{context}",
                    "check the indentation, colons and quotes on this line and the one above",
                    mark.line + 1 if mark else None,
                )
            ]
        ) from exc
    except yaml.YAMLError as exc:
        raise ConfigError(
            [ConfigIssue(str(path), "", f"invalid YAML: {exc}", "fix the YAML syntax")]
        ) from exc
    finally:
        loader.dispose()
    return _Document(path, data, root)


def _reject_duplicate_keys(path: Path, root: yaml.Node | None) -> None:
    """PyYAML silently keeps the last of two equal keys; a repeated key is almost always a typo."""
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in node.value:
                line = key.start_mark.line + 1
                if isinstance(key, yaml.ScalarNode) and key.value in seen:
                    problem = f"key {key.value!r} appears twice (first on line {seen[key.value]})"
                    fix = "keep one of them"
                    raise ConfigError([ConfigIssue(str(path), "", problem, fix, line)])
                if isinstance(key, yaml.ScalarNode):
                    seen[key.value] = line
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


# --- pydantic errors to ConfigIssues ---

_FIXES = (
    ("int", "write a whole number without quotes or units, e.g. 20"),
    ("float", "write a number without quotes or units, e.g. 1.5"),
    ("bool", "write true or false"),
    ("list", "write a list: [a, b] or one '- item' per line"),
    ("tuple", "write a list: [a, b] or one '- item' per line"),
    (
        "string",
        "write text; quote it if YAML reads it as something else (yes, no, on, off, numbers)",
    ),
    ("dict", "write a mapping of 'key: value' lines"),
    ("model", "write a mapping of 'key: value' lines"),
    ("path", "write a file path as text"),
    ("greater_than", "use a larger value"),
    ("less_than", "use a smaller value"),
    ("too_short", "give at least one item or character"),
    ("too_long", "shorten it"),
)


def _format_loc(loc: Sequence[str | int]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _model_at(model: type[BaseModel], loc: Sequence[str | int]) -> type[BaseModel] | None:
    """The pydantic model that validates the mapping at key path `loc`, if any."""
    cls = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = cls.model_fields.get(part)
        sub = _inner_model(field.annotation) if field else None
        if sub is None:
            return None
        cls = sub
    return cls


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        if found := _inner_model(arg):
            return found
    return None


def _issues_from(
    exc: ValidationError, model: type[BaseModel], place: Callable[[tuple], tuple[str, int | None]]
) -> list[ConfigIssue]:
    """Pydantic's errors as issues; `place(loc)` says which file or variable, and line, set loc."""
    issues = []
    for err in exc.errors():
        loc, kind = tuple(err["loc"]), err["type"]
        origin, line = place(loc)
        if kind == "extra_forbidden":
            owner = _model_at(model, loc[:-1])
            allowed = list(owner.model_fields) if owner else []
            problem = f"unknown key {loc[-1]!r}"
            rest = f"allowed keys here: {', '.join(allowed)}"
            fix = _with_suggestion(str(loc[-1]), allowed, rest)
        elif kind == "missing":
            problem, fix = f"required key {loc[-1]!r} is missing", f"add '{loc[-1]}: …' here"
        elif isinstance(cause := err.get("ctx", {}).get("error"), _Invalid):
            problem, fix = cause.problem, cause.fix
        else:
            shown = repr(err["input"])
            shown = shown if len(shown) <= 60 else shown[:57] + "..."
            problem = f"{err['msg']} (got {shown})"
            fix = next((f for prefix, f in _FIXES if kind.startswith(prefix)), "correct the value")
        issues.append(ConfigIssue(origin, _format_loc(loc), problem, fix, line))
    return sorted(issues, key=lambda issue: (issue.origin, issue.line or 0))


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_http_url(url: str) -> str:
    url = url.strip()
    fix = "use a full address starting with https:// (or http://), e.g. https://example.com/feed"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise _Invalid(f"{url!r} is not a valid URL ({exc})", fix) from exc
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise _Invalid(f"{url!r} is not an http(s) URL", fix)
    if any(ch.isspace() for ch in url):
        raise _Invalid(f"{url!r} contains whitespace", "percent-encode spaces as %20")
    if parts.username or parts.password:
        raise _Invalid(f"{url!r} contains credentials", "remove user:password@ from the URL")
    if port == 0:
        raise _Invalid(f"{url!r} has port 0", "remove the port or use a real one")
    return url


# --- sources ---


def normalize_feed_url(url: str) -> str:
    """Lower-case scheme and host, drop a default port and the fragment, so equal feeds compare."""
    parts = urlsplit(url.strip())
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port in (None, {"http": 80, "https": 443}.get(scheme)) else f"{host}:{port}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def source_id(url: str) -> str:
    """Stable id of a feed: 16 hex digits of SHA-256 over its normalised URL."""
    return hashlib.sha256(normalize_feed_url(url).encode()).hexdigest()[:16]


class Source(_Frozen):
    """One feed to watch. `id` is derived from the URL, so renaming a source keeps its history."""

    name: _Text = Field(description="Display name, unique across sources.")
    url: str = Field(description="RSS, Atom or JSON Feed URL (http or https), unique.")
    tags: tuple[str, ...] = Field((), description="Lower-case labels for grouping in reports.")
    country: str = Field(description="ISO 3166-1 alpha-2 code of the outlet's home country.")
    language: str = Field(description="ISO 639-1 code of the feed's language.")
    enabled: bool = Field(True, description="Disabled sources are loaded but not fetched.")
    max_items: int | None = Field(
        None, ge=1, le=10_000, description="Items read per fetch; default: max_items_per_feed."
    )

    @property
    def id(self) -> str:
        return source_id(self.url)

    def item_cap(self, default: int) -> int:
        """How many items to read from this feed, given the global max_items_per_feed."""
        return self.max_items if self.max_items is not None else default

    @field_validator("url")
    @classmethod
    def _valid_url(cls, value: str) -> str:
        return _check_http_url(value)

    @field_validator("tags")
    @classmethod
    def _valid_tags(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        tags = tuple(dict.fromkeys(tag.strip().lower() for tag in value))
        for tag in tags:
            if not _TAG.match(tag):
                fix = "use lower-case letters, digits and hyphens, e.g. chips or open-source"
                raise _Invalid(f"tag {tag!r} is not a simple label", fix)
        return tags

    @field_validator("country")
    @classmethod
    def _valid_country(cls, value: str) -> str:
        code = value.strip().upper()
        if code not in COUNTRY_CODES:
            hint = " (the United Kingdom is GB)" if code == "UK" else ""
            fix = f"use an ISO 3166-1 alpha-2 code{hint}"
            raise _Invalid(f"{value!r} is not an ISO 3166-1 alpha-2 country code", fix)
        return code

    @field_validator("language")
    @classmethod
    def _valid_language(cls, value: str) -> str:
        code = value.strip().lower()
        if code not in LANGUAGE_CODES:
            fix = "use a two-letter ISO 639-1 code such as en, zh, de or fr"
            raise _Invalid(f"{value!r} is not an ISO 639-1 language code", fix)
        return code


class _SourcesFile(_Frozen):
    sources: list[Source] = Field(min_length=1)


def load_sources(path: Path | str) -> list[Source]:
    """Every source in a sources file, disabled ones included; URLs and names are unique."""
    pointer = "create it, or point --sources, MEDIAWATCH_SOURCES_PATH or sources_path at a file"
    doc = _read_yaml(Path(path), "sources file", pointer)
    parsed = doc.validate(_SourcesFile)
    issues: list[ConfigIssue] = []
    firsts: dict[tuple[str, str], int] = {}
    for i, source in enumerate(parsed.sources):
        for key, value in (
            ("url", normalize_feed_url(source.url)),
            ("name", source.name.casefold()),
        ):
            j = firsts.setdefault((key, value), i)
            if j != i:
                problem = f"duplicate {key}: same as {doc.ref(('sources', j))}"
                fix = f"each source needs its own {key}: remove or change one"
                issues.append(doc.issue(("sources", i, key), problem, fix))
    if issues:
        raise ConfigError(issues)
    return list(parsed.sources)


# --- watchlist ---


def _clean_words(value: list[str] | None, what: str) -> list[str] | None:
    if value is None:
        return None
    words = [word.strip() for word in value]
    if any(not word for word in words):
        raise _Invalid(f"{what} contains a blank entry", "remove the empty item")
    return words


class AliasSpec(_Frozen):
    """An alias as written: plain text, or a mapping whose unset rules come from its entity."""

    text: _Text
    case_sensitive: bool | None = None
    require_context: list[str] | None = None
    exclude_context: list[str] | None = None
    context_window: int | None = Field(None, ge=1, le=10_000)

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value

    @field_validator("require_context", "exclude_context")
    @classmethod
    def _words(cls, value: list[str] | None) -> list[str] | None:
        return _clean_words(value, "the context list")


class EntitySpec(_Frozen):
    """A watchlist entity as written; its rule keys are defaults for its aliases."""

    id: str
    name: _Text
    type: str
    aliases: list[AliasSpec] = []
    case_sensitive: bool = False
    require_context: list[str] = []
    exclude_context: list[str] = []
    context_window: int = Field(200, ge=1, le=10_000)

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not _SLUG.match(value):
            slug = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
            fix = f"use lower-case letters, digits and hyphens, e.g. {slug or 'my-entity'!r}"
            raise _Invalid(f"id {value!r} is not a slug", fix)
        return value

    @field_validator("type")
    @classmethod
    def _known_type(cls, value: str) -> str:
        if value.upper() not in ENTITY_TYPES:
            choices = sorted(ENTITY_TYPES)
            fix = _with_suggestion(value.upper(), choices, f"use one of {', '.join(choices)}")
            raise _Invalid(f"unknown entity type {value!r}", fix)
        return value.upper()

    @field_validator("require_context", "exclude_context")
    @classmethod
    def _words(cls, value: list[str]) -> list[str]:
        return _clean_words(value, "the context list") or []

    def resolved_aliases(self) -> list[tuple[int | None, Alias]]:
        """(index in `aliases` or None for the display name, alias with entity defaults applied)."""

        def resolve(spec: AliasSpec) -> Alias:
            pick = lambda own, default: default if own is None else own  # noqa: E731
            return Alias(
                text=spec.text,
                case_sensitive=pick(spec.case_sensitive, self.case_sensitive),
                require_context=tuple(pick(spec.require_context, self.require_context)),
                exclude_context=tuple(pick(spec.exclude_context, self.exclude_context)),
                context_window=pick(spec.context_window, self.context_window),
            )

        out: list[tuple[int | None, Alias]] = [(i, resolve(a)) for i, a in enumerate(self.aliases)]
        if not any(_same_alias(alias, resolve(AliasSpec(text=self.name))) for _, alias in out):
            out.insert(0, (None, resolve(AliasSpec(text=self.name))))
        return out


def _same_alias(a: Alias, b: Alias) -> bool:
    """Whether two aliases match the same words (spellings differ only if both are exact)."""
    if a.case_sensitive and b.case_sensitive:
        return a.text == b.text
    return a.text.casefold() == b.text.casefold()


class _WatchlistFile(_Frozen):
    entities: list[EntitySpec] = Field(min_length=1)


def load_watchlist(path: Path | str) -> Watchlist:
    """The watchlist in a file: unique ids, each alias owned by one entity, names are aliases."""
    pointer = (
        "create it, or point --watchlist, MEDIAWATCH_WATCHLIST_PATH or watchlist_path at a file"
    )
    doc = _read_yaml(Path(path), "watchlist file", pointer)
    parsed = doc.validate(_WatchlistFile)
    issues: list[ConfigIssue] = []
    first_id: dict[str, int] = {}
    claimed: dict[str, list[tuple[int, int | None, Alias]]] = {}
    entities = []
    for i, spec in enumerate(parsed.entities):
        if spec.id in first_id:
            j = first_id[spec.id]
            problem = f"duplicate id {spec.id!r}: also used by {doc.ref(('entities', j))}"
            issues.append(doc.issue(("entities", i, "id"), problem, "give each entity its own id"))
        first_id.setdefault(spec.id, i)
        resolved = spec.resolved_aliases()
        for k, alias in resolved:
            for j, other_k, other in claimed.get(alias.text.casefold(), []):
                if _same_alias(alias, other):
                    issues.append(_alias_clash(doc, parsed.entities, (i, k, alias), (j, other_k)))
            claimed.setdefault(alias.text.casefold(), []).append((i, k, alias))
        entities.append(
            WatchlistEntity(spec.id, spec.name, spec.type, tuple(a for _, a in resolved))
        )
    if issues:
        raise ConfigError(issues)
    return Watchlist(tuple(entities))


def _alias_loc(i: int, k: int | None) -> tuple[str | int, ...]:
    return ("entities", i, "name") if k is None else ("entities", i, "aliases", k)


def _alias_clash(
    doc: _Document,
    specs: list[EntitySpec],
    new: tuple[int, int | None, Alias],
    old: tuple[int, int | None],
) -> ConfigIssue:
    (i, k, alias), (j, old_k) = new, old
    where = doc.ref(_alias_loc(j, old_k))
    if i == j:
        problem = f"alias {alias.text!r} repeats another alias of {specs[i].id!r} ({where})"
        fix = "remove one (spellings that differ only in case must both be case_sensitive)"
    else:
        problem = f"alias {alias.text!r} is also claimed by entity {specs[j].id!r} ({where})"
        fix = (
            "an alias belongs to one entity only: remove it from one of them "
            "(spellings that differ only in case may coexist if both are case_sensitive)"
        )
    return doc.issue(_alias_loc(i, k), problem, fix)


# --- settings ---


class FetchSettings(_Frozen):
    """How politely and how far HTTP fetching goes (feeds, pages, robots.txt)."""

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
            raise _Invalid("total_timeout is shorter than connect_timeout or read_timeout", fix)
        if self.per_host_concurrency > self.global_concurrency:
            fix = "lower per_host_concurrency or raise global_concurrency"
            raise _Invalid("per_host_concurrency exceeds global_concurrency", fix)
        return self


def _cpu_count() -> int:
    return os.cpu_count() or 1


class Settings(_Frozen):
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
    workers: int = Field(
        default_factory=_cpu_count,
        ge=1,
        description="Parallel workers for CPU-bound stages; null means one per CPU.",
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

    @field_validator("db_path", "sources_path", "watchlist_path", "reports_dir", "archive_dir")
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
            fix = _with_suggestion(value, sorted(available_timezones()), rest)
            raise _Invalid(f"unknown time zone {value!r}", fix) from exc
        return value

    @field_validator("workers", mode="before")
    @classmethod
    def _default_workers(cls, value: Any) -> Any:
        return _cpu_count() if value is None or value == "" else value

    @field_validator("webhook_url", mode="before")
    @classmethod
    def _valid_webhook(cls, value: Any) -> Any:
        if value is None or value == "":
            return None
        return _check_http_url(value) if isinstance(value, str) else value


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
        if name.startswith(ENV_PREFIX) and name != SETTINGS_FILE_ENV:
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
        raise ConfigError(_issues_from(exc, Settings, layers.origin_of)) from None


def _settings_document(path: Path | str | None) -> _Document | None:
    if path is not None:
        pointer = "create it, or pass no settings file to use the defaults"
        return _read_yaml(Path(path), "settings file", pointer)
    if named := os.environ.get(SETTINGS_FILE_ENV):
        pointer = f"create it, or unset {SETTINGS_FILE_ENV} to use {DEFAULT_SETTINGS_PATH}"
        return _read_yaml(Path(named), f"settings file (from {SETTINGS_FILE_ENV})", pointer)
    if DEFAULT_SETTINGS_PATH.is_file():
        return _read_yaml(DEFAULT_SETTINGS_PATH, "settings file", "")
    return None


def _flatten(data: Mapping[str, Any], prefix: tuple[str, ...]) -> list[tuple[tuple[str, ...], Any]]:
    """Leaf key paths of a settings mapping; only sections (nested models) are descended into."""
    out: list[tuple[tuple[str, ...], Any]] = []
    for key, value in data.items():
        key_path = (*prefix, key)
        if _model_at(Settings, key_path) is not None and isinstance(value, dict | None):
            out.extend(_flatten(value or {}, key_path))  # a bare `fetch:` is an empty section
        else:
            out.append((key_path, value))
    return out


def _setting_paths(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Key paths of every individual setting, e.g. ("fetch", "read_timeout")."""
    out: list[tuple[str, ...]] = []
    for name, field in model.model_fields.items():
        sub = _inner_model(field.annotation)
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
        if section := _model_at(Settings, key_path):
            problem = f"{_format_loc(key_path)} is a section, not a setting"
            example = spell((*key_path, next(iter(section.model_fields))))
            fix = f"set its settings one by one, e.g. {example}"
        else:
            problem = f"unknown setting {spell(key_path)!r}"
            rest = "every setting is listed in config/mediawatch.yaml"
            fix = _with_suggestion(spell(key_path), [spell(p) for p in paths], rest)
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
        sub = _inner_model(field.annotation)
        if sub is not None:
            lines.append(f"# {indent}{name}:")
            _template_fields(sub, lines, indent + "  ")
            continue
        default = None if field.default_factory is not None else field.default
        default = str(default) if isinstance(default, Path) else default
        value = yaml.safe_dump(default, default_flow_style=True).removesuffix("\n...\n").strip()
        lines.append(f"# {indent}{name}: {value}")
