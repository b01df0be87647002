"""sources.yaml, the feeds to watch: each `Source` checked on load (ISO country and language
codes, http(s) URLs, simple tags), URLs and names unique."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from pydantic import Field, field_validator

from settings.documents import Frozen, Text, check_http_url, read_yaml
from settings.errors import ConfigError, ConfigIssue, InvalidValue


def _codes(text: str) -> frozenset[str]:
    return frozenset(text.split())


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
_TAG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


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


class Source(Frozen):
    """One feed to watch. `id` is derived from the URL, so renaming a source keeps its history."""

    name: Text = Field(description="Display name, unique across sources.")
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
        return check_http_url(value)

    @field_validator("tags")
    @classmethod
    def _valid_tags(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        tags = tuple(dict.fromkeys(tag.strip().lower() for tag in value))
        for tag in tags:
            if not _TAG.match(tag):
                fix = "use lower-case letters, digits and hyphens, e.g. chips or open-source"
                raise InvalidValue(f"tag {tag!r} is not a simple label", fix)
        return tags

    @field_validator("country")
    @classmethod
    def _valid_country(cls, value: str) -> str:
        code = value.strip().upper()
        if code not in COUNTRY_CODES:
            hint = " (the United Kingdom is GB)" if code == "UK" else ""
            fix = f"use an ISO 3166-1 alpha-2 code{hint}"
            raise InvalidValue(f"{value!r} is not an ISO 3166-1 alpha-2 country code", fix)
        return code

    @field_validator("language")
    @classmethod
    def _valid_language(cls, value: str) -> str:
        code = value.strip().lower()
        if code not in LANGUAGE_CODES:
            fix = "use a two-letter ISO 639-1 code such as en, zh, de or fr"
            raise InvalidValue(f"{value!r} is not an ISO 639-1 language code", fix)
        return code


class _SourcesFile(Frozen):
    sources: list[Source] = Field(min_length=1)


def load_sources(path: Path | str) -> list[Source]:
    """Every source in a sources file, disabled ones included; URLs and names are unique."""
    pointer = "create it, or point --sources, MEDIAWATCH_SOURCES_PATH or sources_path at a file"
    doc = read_yaml(Path(path), "sources file", pointer)
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
