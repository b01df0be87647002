"""The topic query language: a lark LALR grammar, an AST of frozen dataclasses, precise errors.

    (DeepSeek OR "High-Flyer") AND (chip* OR "export control*") NOT stock*
    Nvidia NEAR/5 ban      title:DeepSeek      source:"Evening Courier"      lang:de

Operators are upper case (`and`, `or`, `not`, `near` are ordinary words). Binding, tightest
first: field prefix, NEAR/n and ONEAR/n (left to right), NOT, AND (explicit, or implicit between
adjacent terms: `a b` is `a AND b`), OR. `a NOT b` and `a AND NOT b` both exclude `b`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from pipelines.topics.analysis import words

GRAMMAR = r"""
start: or_expr?
?or_expr: and_expr (_OR and_expr)*
?and_expr: not_expr (_AND? not_expr)*
?not_expr: _NOT not_expr -> negation
         | near_expr
?near_expr: primary (NEAR_OP primary)*
?primary: WORD -> word
        | PHRASE -> phrase
        | FIELD primary -> field
        | LPAR or_expr RPAR -> group
_OR: "OR"
_AND: "AND"
_NOT: "NOT"
LPAR: "("
RPAR: ")"
NEAR_OP.3: /O?NEAR(\/[^\s()"]*)?(?=[\s()"]|$)/
FIELD.2: /[^\W\d_]\w*:/
PHRASE: /"[^"]*"/
WORD: /[^\s()"]+/
%import common.WS
%ignore WS
"""


@cache
def _parser() -> Lark:
    """The LALR parser, built on first use (about 0.1 s) rather than at import."""
    return Lark(GRAMMAR, parser="lalr", lexer="basic", maybe_placeholders=False)


FIELDS = ("title", "source", "lang")
MIN_PREFIX = 2  # `a*` would expand to a large share of the vocabulary
_EXPECTED = {  # what the parser wanted, in the order an error message lists it
    "WORD": "a word",
    "PHRASE": 'a "phrase"',
    "LPAR": "'('",
    "FIELD": "a field (title:, source:, lang:)",
    "_NOT": "NOT",
    "RPAR": "')'",
    "$END": "the end of the query",
}
_SHOWN = {"_OR": "OR", "_AND": "AND", "_NOT": "NOT", "LPAR": "'('", "RPAR": "')'"}


# --- the AST ---------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Word:
    """One analysed word; `prefix` for a trailing wildcard (`chip*`)."""

    text: str
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Phrase:
    """Consecutive words (two or more), e.g. `"export control*"` or the unquoted `High-Flyer`."""

    words: tuple[Word, ...]


@dataclass(frozen=True, slots=True)
class Near:
    """Both sides within `distance` words of each other (at most that many words between);
    `ordered` (ONEAR) also wants `left` before `right`."""

    left: Positional
    right: Positional
    distance: int
    ordered: bool = False


@dataclass(frozen=True, slots=True)
class AnyOf:
    """An OR-group inside NEAR: any of these at the position."""

    items: tuple[Positional, ...]


@dataclass(frozen=True, slots=True)
class And:
    items: tuple[Query, ...]


@dataclass(frozen=True, slots=True)
class Or:
    items: tuple[Query, ...]


@dataclass(frozen=True, slots=True)
class Not:
    item: Query


@dataclass(frozen=True, slots=True)
class InTitle:
    """`title:` — the query inside matches the title only."""

    item: Query


@dataclass(frozen=True, slots=True)
class Meta:
    """`source:` / `lang:` — the document's source name (case-insensitive, exact; or a prefix)
    or language (`de` matches `de`, `de-AT`)."""

    field: Literal["source", "lang"]
    value: str
    prefix: bool = False


Positional = Word | Phrase | Near | AnyOf | InTitle  # InTitle only around a positional item
Query = Word | Phrase | Near | AnyOf | And | Or | Not | InTitle | Meta


class QuerySyntaxError(ValueError):
    """A query that does not parse: the message, where (0-based offset, 1-based line/column)
    and the offending line with a caret under the spot."""

    def __init__(self, message: str, query: str, position: int) -> None:
        self.message = message
        self.query = query
        self.position = max(0, min(position, len(query)))
        before = query[: self.position]
        self.line = before.count("\n") + 1
        line_start = before.rfind("\n") + 1
        self.column = self.position - line_start + 1
        line_end = query.find("\n", line_start)
        text = query[line_start : line_end if line_end >= 0 else len(query)]
        self.snippet = f"{text}\n{' ' * (self.column - 1)}^"
        super().__init__(f"{message} (line {self.line}, column {self.column})\n{self.snippet}")


# --- parsing ---------------------------------------------------------------------------------
def parse_query(text: str) -> Query:
    """Parse a boolean topic/search query into its AST; raises `QuerySyntaxError`."""
    if not text.strip():
        raise QuerySyntaxError("empty query", text, 0)
    try:
        tree = _parser().parse(text)
    except UnexpectedInput as exc:
        raise _syntax_error(exc, text) from None
    return _Builder(text).build(tree.children[0], None)


def parse_topic_query(text: str) -> Query:
    """`parse_query` for a topic: the query must also require at least one word or phrase
    (a topic of `NOT x` or `lang:de` alone would tag almost every article)."""
    query = parse_query(text)
    if not has_positive_text(query):
        raise QuerySyntaxError(
            "a topic needs at least one word or phrase that must occur (not only NOT, "
            "source: or lang:)",
            text,
            len(text) - len(text.lstrip()),
        )
    return query


def has_positive_text(query: Query) -> bool:
    """Whether every match of `query` contains some word or phrase occurrence."""
    if isinstance(query, InTitle):
        return has_positive_text(query.item)
    if isinstance(query, And):
        return any(has_positive_text(item) for item in query.items)
    if isinstance(query, Or):
        return all(has_positive_text(item) for item in query.items)
    return isinstance(query, Word | Phrase | Near | AnyOf)


def _syntax_error(exc: UnexpectedInput, text: str) -> QuerySyntaxError:
    if isinstance(exc, UnexpectedCharacters):
        where = exc.pos_in_stream
        if text[where] == '"':
            return QuerySyntaxError("unterminated phrase: '\"' is never closed", text, where)
        return QuerySyntaxError("unexpected character", text, where)
    assert isinstance(exc, UnexpectedToken)
    token = exc.token
    wanted = [name for key, name in _EXPECTED.items() if key in exc.expected]
    wanted = wanted[:-1] if len(wanted) > 1 and "$END" in exc.expected else wanted
    expected = ", ".join(wanted[:-1]) + (" or " if len(wanted) > 1 else "") + wanted[-1]
    if token.type == "$END":
        opened = _unclosed_paren(text)
        if opened is not None:
            return QuerySyntaxError("unbalanced parentheses: '(' is never closed", text, opened)
        last = list(_parser().lex(text))[-1]
        shown = _SHOWN.get(last.type, repr(str(last)))
        return QuerySyntaxError(f"nothing after {shown}; expected {expected}", text, last.start_pos)
    if token.type == "RPAR" and _unclosed_paren(text[: token.start_pos]) is None:
        return QuerySyntaxError("unbalanced parentheses: ')' has no '('", text, token.start_pos)
    shown = _SHOWN.get(token.type, repr(str(token)))
    return QuerySyntaxError(f"unexpected {shown}; expected {expected}", text, token.start_pos)


def _unclosed_paren(text: str) -> int | None:
    """Offset of the first '(' left open, counting lexer tokens (quotes respected)."""
    stack: list[int] = []
    try:
        for token in _parser().lex(text):
            if token.type == "LPAR":
                stack.append(token.start_pos)
            elif token.type == "RPAR" and stack:
                stack.pop()
    except UnexpectedCharacters:
        pass
    return stack[0] if stack else None


class _Builder:
    """Parse tree → AST, top down, so that each leaf knows its field (title/source/lang)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def fail(self, message: str, node: Tree | Token) -> QuerySyntaxError:
        return QuerySyntaxError(message, self.text, _start(node))

    def build(self, node: Tree | Token, field: str | None) -> Query:
        kind = node.data if isinstance(node, Tree) else node.type
        children = node.children if isinstance(node, Tree) else []
        if kind == "group":
            return self.build(children[1], field)
        if kind == "word":
            return self.word(children[0], field)
        if kind == "phrase":
            return self.phrase(children[0], field)
        if kind == "field":
            return self.field(children[0], children[1], field)
        if kind == "negation":
            return Not(self.build(children[0], field))
        if kind == "near_expr":
            return self.near(children, field)
        items = tuple(self.build(child, field) for child in children)
        if kind == "and_expr":
            return And(_flatten(items, And))
        if kind == "or_expr":
            return Or(_flatten(items, Or))
        raise AssertionError(f"unknown parse node {kind}")

    def field(self, token: Token, inner: Tree, outer: str | None) -> Query:
        name = token[:-1].lower()
        if name not in FIELDS:
            known = ", ".join(f"{f}:" for f in FIELDS)
            raise self.fail(f"unknown field '{token[:-1]}:' (known: {known})", token)
        if outer is not None:
            raise self.fail(f"'{name}:' inside '{outer}:' — fields do not nest", token)
        item = self.build(inner, name)
        return item if name in ("source", "lang") else InTitle(item)

    def word(self, token: Token, field: str | None) -> Query:
        raw = str(token)
        if raw.startswith("-") and len(raw) > 1:
            raise self.fail(f"'-' does not exclude here; write NOT {raw[1:]}", token)
        if "?" in raw:
            raise self.fail("'?' wildcards are not supported; use a trailing '*'", token)
        if field in ("source", "lang"):
            return self.meta(field, raw, token)
        return self.analysed(raw, token)

    def phrase(self, token: Token, field: str | None) -> Query:
        raw = str(token)[1:-1]
        if field in ("source", "lang"):
            return self.meta(field, raw, token)
        if not raw.strip():
            raise self.fail("empty phrase", token)
        return self.analysed(raw, token)

    def analysed(self, raw: str, token: Token) -> Positional:
        """A word or phrase text → Word or Phrase, with trailing `*` on any word as a prefix."""
        parts: list[Word] = []
        for chunk in raw.split():
            star = chunk.endswith("*")
            body = chunk.rstrip("*") if star else chunk
            if "*" in body:
                raise self.fail("only trailing wildcards are supported ('chip*')", token)
            found = words(body)
            if not found:
                if star:
                    raise self.fail("a wildcard needs letters or digits before '*'", token)
                continue
            if star and len(found[-1]) < MIN_PREFIX:
                raise self.fail(f"a wildcard needs at least {MIN_PREFIX} characters", token)
            parts.extend(Word(w) for w in found[:-1])
            parts.append(Word(found[-1], prefix=star))
        if not parts:
            raise self.fail(f"'{raw}' has no letters or digits to match", token)
        return parts[0] if len(parts) == 1 else Phrase(tuple(parts))

    def meta(self, field: str, raw: str, token: Token) -> Meta:
        prefix = raw.endswith("*")
        value = " ".join(raw.rstrip("*").split()).casefold()
        if field == "lang":
            value = value.replace("_", "-")
        if not value or "*" in value:
            raise self.fail(f"'{field}:' needs a value such as {field}:{_EXAMPLE[field]}", token)
        return Meta("source" if field == "source" else "lang", value, prefix)

    def near(self, children: list, field: str | None) -> Positional:
        left = self.positional(children[0], field)
        for op, operand in zip(children[1::2], children[2::2], strict=True):
            name, _, distance = str(op).partition("/")
            if not distance.isdigit():
                raise self.fail(f"{name} needs a distance in words, as in {name}/5", op)
            right = self.positional(operand, field)
            left = Near(left, right, int(distance), ordered=name == "ONEAR")
        return left

    def positional(self, node: Tree, field: str | None) -> Positional:
        """A NEAR operand: a word, phrase, NEAR or OR-group of those (title: may wrap the NEAR)."""
        if field in ("source", "lang"):
            raise self.fail(f"NEAR does not apply to '{field}:'", node)
        item = self.build(node, field)
        if isinstance(item, Or) and all(is_positional(i) for i in item.items):
            return AnyOf(item.items)  # type: ignore[arg-type]
        if is_positional(item):
            return item  # type: ignore[return-value]
        raise self.fail("NEAR operands must be words, phrases or OR-groups of them", node)


def is_positional(item: Query) -> bool:
    """Whether `item` has word positions (so it can stand beside NEAR)."""
    if isinstance(item, InTitle):
        return is_positional(item.item)
    return isinstance(item, Word | Phrase | Near | AnyOf)


_EXAMPLE = {"source": '"Evening Courier"', "lang": "de"}


def _flatten(items: tuple[Query, ...], kind: type[And] | type[Or]) -> tuple[Query, ...]:
    """`a AND (b AND c)` is `a AND b AND c`: one node per run of the same operator."""
    flat: list[Query] = []
    for item in items:
        flat.extend(item.items if isinstance(item, kind) else (item,))
    return tuple(flat)


def _start(node: Tree | Token) -> int:
    if isinstance(node, Token):
        return node.start_pos or 0
    for child in node.children:
        if isinstance(child, Tree | Token):
            return _start(child)
    return 0


# --- rendering -------------------------------------------------------------------------------
def format_query(query: Query) -> str:
    """The canonical text of a query: parses back to the same AST."""
    match query:
        case Word(text, prefix):
            return text + ("*" if prefix else "")
        case Phrase(items):
            return '"' + " ".join(format_query(w) for w in items) + '"'
        case Near(left, right, distance, ordered):
            op = f"{'ONEAR' if ordered else 'NEAR'}/{distance}"
            return f"{_wrapped(left, Near)} {op} {_wrapped(right, Near, right_side=True)}"
        case AnyOf(items) | Or(items):
            return " OR ".join(_wrapped(i, Or) for i in items)
        case And(items):
            return " AND ".join(_wrapped(i, And) for i in items)
        case Not(item):
            return f"NOT {_wrapped(item, Not)}"
        case InTitle(item):
            return f"title:{_wrapped(item, InTitle)}"
        case Meta(field, value, prefix):
            return f'{field}:"{value}{"*" if prefix else ""}"'
    raise TypeError(f"not a query node: {query!r}")


_RANK = {Or: 0, AnyOf: 0, And: 1, Not: 2, Near: 3, InTitle: 4, Word: 5, Phrase: 5, Meta: 5}


def _wrapped(item: Query, parent: type, right_side: bool = False) -> str:
    text = format_query(item)
    inner, outer = _RANK[type(item)], _RANK[parent]
    needs = inner < outer or (inner == outer and parent in (Near, InTitle) and right_side)
    needs = needs or (parent is InTitle and inner < _RANK[Word])
    return f"({text})" if needs else text
