"""A topic/search query (pipelines.topics AST) as a tantivy query over the article index.

`to_tantivy` answers (query, exact): exact is False where tantivy can only give a superset (a
NEAR with a phrase on a side, an ONEAR with a wildcard or a large distance, a nested NEAR), and
the caller then filters the hits with the topic matcher on the stored text.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from itertools import product
from typing import Any

from pipelines.topics import And, AnyOf, InTitle, Meta, Near, Not, Or, Phrase, Query, Word

MAX_NEAR_CLAUSES = 64  # ONEAR/n as n+1 gapped phrases per operand pair (exact), up to this
MAX_PHRASE_EXPANSIONS = 16  # a wildcard inside a phrase or NEAR: one phrase per completion
MAX_EXPANSIONS = 64  # a prefix with up to this many completions scores each (BM25)
TITLE_BOOST = 2.0


def to_tantivy(
    query: Query, schema: Any, searcher: Any, fields: tuple[str, ...] = ("title", "body")
) -> tuple[Any, bool]:
    """(tantivy query, exact): exact False when the engine's result is a superset that the
    TopicMatcher must filter (NEAR with a phrase side, ONEAR with a wildcard or a large n,
    nested NEAR)."""
    import tantivy

    q, occur = tantivy.Query, tantivy.Occur

    def per_field(fs: tuple[str, ...], make: Callable[[str], object]) -> object:
        made = [(occur.Should, _boosted(make(f), f)) for f in fs]
        return made[0][1] if len(made) == 1 else q.boolean_query(made)

    def _boosted(inner: object, field: str) -> object:
        return q.boost_query(inner, TITLE_BOOST) if field == "title" else inner

    def word(w: Word, field: str) -> object:
        if not w.prefix:
            return q.term_query(schema, field, w.text)
        found = searcher.terms_with_prefix(field, w.text, limit=MAX_EXPANSIONS + 1)
        if len(found) > MAX_EXPANSIONS:  # too many to score one by one: match all, unscored
            return q.regex_query(schema, field, _regex(w))
        if not found:
            return q.empty_query()
        return q.boolean_query([(occur.Should, q.term_query(schema, field, t)) for t, _ in found])

    def sequence(words: tuple[Word, ...], field: str, slop: int = 0) -> object:
        if not any(w.prefix for w in words):
            return q.phrase_query(schema, field, [w.text for w in words], slop)
        if slop == 0 and not any(w.prefix for w in words[:-1]):
            return q.phrase_prefix_query(schema, field, [w.text for w in words])
        # a few completions: one phrase each (cheaper than a regex phrase, measured 45 vs 68 ms)
        choices = [[w.text] if not w.prefix else completions(w, field) for w in words]
        if all(choices) and math.prod(len(c) for c in choices) <= MAX_PHRASE_EXPANSIONS:
            phrases = [q.phrase_query(schema, field, list(p), slop) for p in product(*choices)]
            return q.boolean_query([(occur.Should, p) for p in phrases])
        return q.regex_phrase_query(schema, field, [_regex(w) for w in words], slop)

    def completions(w: Word, field: str) -> list[str]:
        """All the terms starting with the prefix, or [] when there are too many to list."""
        found = searcher.terms_with_prefix(field, w.text, limit=MAX_PHRASE_EXPANSIONS + 1)
        return [t for t, _ in found] if len(found) <= MAX_PHRASE_EXPANSIONS else []

    def gapped(a: tuple[Word, ...], b: tuple[Word, ...], gap: int, field: str) -> object:
        """`a`, exactly `gap` words, then `b`: a phrase with explicit offsets."""
        placed = [*enumerate(a), *((len(a) + gap + j, w) for j, w in enumerate(b))]
        if not any(w.prefix for _, w in placed):
            return q.phrase_query(schema, field, [(k, w.text) for k, w in placed])
        return q.regex_phrase_query(schema, field, [(k, _regex(w)) for k, w in placed])

    def near(n: Near, field: str) -> tuple[object, bool]:
        left, right = _words(n.left), _words(n.right)
        if left is None or right is None:  # nested NEAR, title: inside: both sides, then filter
            parts = [convert(n.left, (field,))[0], convert(n.right, (field,))[0]]
            return q.boolean_query([(occur.Must, p) for p in parts]), False
        orders = [(a, b) for a in left for b in right]
        orders += [] if n.ordered else [(b, a) for a, b in orders]
        prefix = any(w.prefix for a, b in orders for w in a + b)
        if n.ordered and not prefix and len(orders) * (n.distance + 1) <= MAX_NEAR_CLAUSES:
            options = [gapped(a, b, g, field) for a, b in orders for g in range(n.distance + 1)]
            return q.boolean_query([(occur.Should, o) for o in options]), True
        # tantivy's slop is Lucene's: a swap costs 2 and slop may fall inside a phrase, so
        # only an unordered NEAR of single words (both orders) is exact; the rest is filtered
        options = [sequence(a + b, field, n.distance) for a, b in orders]
        exact = not n.ordered and all(len(a) == len(b) == 1 for a, b in orders)
        return q.boolean_query([(occur.Should, o) for o in options]), exact

    def convert(node: Query, fields: tuple[str, ...]) -> tuple[object, bool]:
        match node:
            case Word():
                return per_field(fields, lambda f: word(node, f)), True
            case Phrase(items):
                return per_field(fields, lambda f: sequence(items, f)), True
            case Near(InTitle(left), right, d, o) | Near(left, InTitle(right), d, o):
                return convert(Near(_untitled(left), _untitled(right), d, o), ("title",))
            case Near():
                built = [near(node, f) for f in fields]
                exact = all(e for _, e in built)
                return _any([b for b, _ in built]), exact
            case AnyOf(items) | Or(items):
                parts = [convert(i, fields) for i in items]
                return _any([p for p, _ in parts]), all(e for _, e in parts)
            case And(items):
                parts = [(i, convert(i.item if isinstance(i, Not) else i, fields)) for i in items]
                clauses = [
                    (occur.MustNot if isinstance(i, Not) else occur.Must, p) for i, (p, _) in parts
                ]
                if all(o == occur.MustNot for o, _ in clauses):
                    clauses.append((occur.Must, q.all_query()))
                return q.boolean_query(clauses), all(e for _, (_, e) in parts)
            case Not(item):
                inner, exact = convert(item, fields)
                return q.boolean_query([(occur.Must, q.all_query()), (occur.MustNot, inner)]), exact
            case InTitle(item):
                return convert(item, ("title",))
            case Meta(field, value, prefix):  # both raw fields, lower-cased at indexing
                if prefix:
                    return q.regex_query(schema, field, _escape(value) + ".*"), True
                return q.term_query(schema, field, value), True
        raise TypeError(node)

    def _any(parts: list) -> object:
        return parts[0] if len(parts) == 1 else q.boolean_query([(occur.Should, p) for p in parts])

    return convert(query, tuple(fields))


def _words(item: Query) -> list[tuple[Word, ...]] | None:
    """The word sequences a NEAR operand stands for (an OR-group: several), None if nested."""
    match item:
        case Word():
            return [(item,)]
        case Phrase(items):
            return [items]
        case AnyOf(items):
            found = [_words(i) for i in items]
            return None if any(f is None for f in found) else [s for f in found for s in f]
    return None


def _untitled(item: Query) -> Query:
    """A NEAR operand without its title: (the whole NEAR then runs on the title field)."""
    return item.item if isinstance(item, InTitle) else item


def _regex(w: Word) -> str:
    return _escape(w.text) + (".*" if w.prefix else "")


def _escape(text: str) -> str:
    return "".join("\\" + c if not c.isalnum() and c != " " else c for c in text)
