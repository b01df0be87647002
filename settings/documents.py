"""Configuration documents: YAML read with line numbers (repeated keys refused), validated into
frozen pydantic models whose errors become `ConfigIssue`s at the right file line, and written
back atomically."""

from __future__ import annotations

import os
import re
import tempfile
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints, ValidationError

from settings.errors import ConfigError, ConfigIssue, InvalidValue, with_suggestion

_M = typing.TypeVar("_M", bound=BaseModel)
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
_SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


def check_slug(value: str) -> str:
    """An id that stays a stable key in the warehouse: lower-case letters, digits, - and _."""
    if not _SLUG.match(value):
        slug = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
        fix = f"use lower-case letters, digits and hyphens, e.g. {slug or 'my-id'!r}"
        raise InvalidValue(f"id {value!r} is not a slug", fix)
    return value


Slug = Annotated[str, AfterValidator(check_slug)]
# The fix for a pydantic error, by the start of its type.
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


class Frozen(BaseModel):
    """A validated document part: immutable, and an unknown key is an error."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --- YAML with line numbers ---


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed YAML file with its node tree, to point issues at lines."""

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
        return ConfigIssue(str(self.path), format_loc(loc), problem, fix, self.line_at(loc))

    def ref(self, loc: Sequence[str | int]) -> str:
        """A key path with its line, to point at the other half of a clash."""
        return f"{format_loc(loc)}, line {self.line_at(loc)}"

    def validate(self, model: type[_M]) -> _M:
        """The document as `model`; an empty file counts as an empty mapping."""
        try:
            return model.model_validate(self.data or {})
        except ValidationError as exc:
            place = lambda loc: (str(self.path), self.line_at(loc))  # noqa: E731
            raise ConfigError(issues_from(exc, model, place)) from None


# libyaml's parser where PyYAML has it: the same nodes and marks, a third of the CPU and
# two thirds of the peak memory on a 10,000-source file (1.4 against 4.1 s, +71 against +104 MB).
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path, what: str, pointer: str) -> Document:
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
    loader = _Loader(text)
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
    return Document(path, data, root)


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


def write_atomically(path: Path, text: str) -> None:
    """Write a text file so that a reader never sees half of it; the file's mode is kept."""
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


# --- pydantic errors to ConfigIssues ---


def format_loc(loc: Sequence[str | int]) -> str:
    """A key path as written in messages, e.g. ``entities[3].aliases[1].require_context``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def model_at(model: type[BaseModel], loc: Sequence[str | int]) -> type[BaseModel] | None:
    """The pydantic model that validates the mapping at key path `loc`, if any."""
    cls = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = cls.model_fields.get(part)
        sub = inner_model(field.annotation) if field else None
        if sub is None:
            return None
        cls = sub
    return cls


def inner_model(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model a field's type is or contains (`list[Source]`, `X | None`), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        if found := inner_model(arg):
            return found
    return None


def issues_from(
    exc: ValidationError, model: type[BaseModel], place: Callable[[tuple], tuple[str, int | None]]
) -> list[ConfigIssue]:
    """Pydantic's errors as issues; `place(loc)` says which file or variable, and line, set loc."""
    issues = []
    for err in exc.errors():
        loc, kind = tuple(err["loc"]), err["type"]
        origin, line = place(loc)
        if kind == "extra_forbidden":
            owner = model_at(model, loc[:-1])
            allowed = list(owner.model_fields) if owner else []
            problem = f"unknown key {loc[-1]!r}"
            rest = f"allowed keys here: {', '.join(allowed)}"
            fix = with_suggestion(str(loc[-1]), allowed, rest)
        elif kind == "missing":
            problem, fix = f"required key {loc[-1]!r} is missing", f"add '{loc[-1]}: …' here"
        elif isinstance(cause := err.get("ctx", {}).get("error"), InvalidValue):
            problem, fix = cause.problem, cause.fix
        else:
            shown = repr(err["input"])
            shown = shown if len(shown) <= 60 else shown[:57] + "..."
            problem = f"{err['msg']} (got {shown})"
            fix = next((f for prefix, f in _FIXES if kind.startswith(prefix)), "correct the value")
        issues.append(ConfigIssue(origin, format_loc(loc), problem, fix, line))
    return sorted(issues, key=lambda issue: (issue.origin, issue.line or 0))


# --- values every document checks alike ---


def check_http_url(url: str) -> str:
    """`url` stripped, when it is a plain http(s) URL; else InvalidValue saying what to write."""
    url = url.strip()
    fix = "use a full address starting with https:// (or http://), e.g. https://example.com/feed"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise InvalidValue(f"{url!r} is not a valid URL ({exc})", fix) from exc
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise InvalidValue(f"{url!r} is not an http(s) URL", fix)
    if any(ch.isspace() for ch in url):
        raise InvalidValue(f"{url!r} contains whitespace", "percent-encode spaces as %20")
    if parts.username or parts.password:
        raise InvalidValue(f"{url!r} contains credentials", "remove user:password@ from the URL")
    if port == 0:
        raise InvalidValue(f"{url!r} has port 0", "remove the port or use a real one")
    return url
