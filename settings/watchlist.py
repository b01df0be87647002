"""watchlist.yaml, the entities to track: unique slug ids, known entity types, every alias (the
display name included) owned by one entity; rules set on an entity are its aliases' defaults."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field, field_validator, model_validator

from pipelines.records import Alias, Watchlist, WatchlistEntity
from settings.documents import Document, Frozen, Slug, Text, read_yaml
from settings.errors import ConfigError, ConfigIssue, InvalidValue, with_suggestion

ENTITY_TYPES = frozenset(
    {
        "PERSON",
        "ORG",
        "GPE",
        "LOC",
        "NORP",
        "FAC",
        "PRODUCT",
        "EVENT",
        "LAW",
        "WORK_OF_ART",
        "LANGUAGE",
        "TOPIC",
    }
)


def _clean_words(value: list[str] | None, what: str) -> list[str] | None:
    if value is None:
        return None
    words = [word.strip() for word in value]
    if any(not word for word in words):
        raise InvalidValue(f"{what} contains a blank entry", "remove the empty item")
    return words


class AliasSpec(Frozen):
    """An alias as written: plain text, or a mapping whose unset rules come from its entity."""

    text: Text
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


class EntitySpec(Frozen):
    """A watchlist entity as written; its rule keys are defaults for its aliases."""

    id: Slug
    name: Text
    type: str
    aliases: list[AliasSpec] = Field(default_factory=list)
    case_sensitive: bool = False
    require_context: list[str] = Field(default_factory=list)
    exclude_context: list[str] = Field(default_factory=list)
    context_window: int = Field(200, ge=1, le=10_000)

    @field_validator("type")
    @classmethod
    def _known_type(cls, value: str) -> str:
        if value.upper() not in ENTITY_TYPES:
            choices = sorted(ENTITY_TYPES)
            fix = with_suggestion(value.upper(), choices, f"use one of {', '.join(choices)}")
            raise InvalidValue(f"unknown entity type {value!r}", fix)
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


class _WatchlistFile(Frozen):
    entities: list[EntitySpec] = Field(min_length=1)


def load_watchlist(path: Path | str) -> Watchlist:
    """The watchlist in a file: unique ids, each alias owned by one entity, names are aliases."""
    pointer = (
        "create it, or point --watchlist, MEDIAWATCH_WATCHLIST_PATH or watchlist_path at a file"
    )
    doc = read_yaml(Path(path), "watchlist file", pointer)
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
    doc: Document,
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
