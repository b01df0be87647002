"""Topic matching: every topic query against one document, tokenised once.

A document becomes a `DocumentIndex`: for the title and the body, the analysed words and a dict
word -> positions (prefixes through a sorted word list and bisect). Each topic has *anchors*,
words one of which must occur for the query to match at all (`(a OR b) AND c NOT d` -> {c});
only topics whose anchors occur in the document are evaluated, so 100 topics cost little more
than tokenising. A topic's `count` is the number of word or phrase occurrences that satisfied
its positive (not negated) terms; a NEAR counts the occurrences that stood near each other.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

from pipelines.topics.analysis import WORD, words
from pipelines.topics.query import (
    And,
    AnyOf,
    InTitle,
    Meta,
    Near,
    Not,
    Or,
    Phrase,
    Positional,
    Query,
    Word,
    is_positional,
)

TITLE, BODY = 0, 1
BOTH = (TITLE, BODY)
# (zone, first word, last word): one occurrence of a word or phrase
Leaf = tuple[int, int, int]
# (first word, last word, the leaves inside): a positional match, which NEAR can nest
Span = tuple[int, int, tuple[tuple[int, int], ...]]


@dataclass(frozen=True, slots=True)
class TopicDocument:
    title: str | None
    text: str
    source_name: str | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    name: str
    query: Query
    description: str | None = None


@dataclass(frozen=True, slots=True)
class TopicHit:
    topic_id: str
    count: int  # occurrences of the topic's positive terms in title + text
    in_title: bool
    first_offset: int  # character offset into the text of the first occurrence; -1: title only
    surface: str  # the text of the first occurrence (title first)


class DocumentIndex:
    """One document's words by zone (title, body), looked up by every topic."""

    __slots__ = (
        "_prefixes", "_sorted", "_spans", "_words_left", "doc", "language", "positions", "source",
    )  # fmt: skip

    def __init__(self, doc: TopicDocument) -> None:
        self.doc = doc
        self.positions: tuple[dict[str, list[int]], dict[str, list[int]]] = (
            _positions(words(doc.title) if doc.title else []),
            _positions(words(doc.text)),
        )
        self.source = " ".join((doc.source_name or "").split()).casefold()
        self.language = (doc.language or "").strip().lower().replace("_", "-")
        self._sorted: list[list[str] | None] = [None, None]
        self._prefixes: dict[tuple[str, int], list[int]] = {}
        self._spans: tuple[list[tuple[int, int]], list[tuple[int, int]]] = ([], [])
        self._words_left: list[Iterator[re.Match[str]] | None] = [None, None]

    def has(self, word: Word) -> bool:
        """Whether the word (or a word with this prefix) occurs in title or body."""
        if not word.prefix:
            return word.text in self.positions[BODY] or word.text in self.positions[TITLE]
        return bool(self.word_positions(word, BODY) or self.word_positions(word, TITLE))

    def word_positions(self, word: Word, zone: int) -> list[int]:
        if not word.prefix:
            return self.positions[zone].get(word.text, [])
        key = (word.text, zone)
        found = self._prefixes.get(key)
        if found is None:
            terms = self._sorted[zone]
            if terms is None:
                terms = self._sorted[zone] = sorted(self.positions[zone])
            found = []
            for i in range(bisect_left(terms, word.text), len(terms)):
                if not terms[i].startswith(word.text):
                    break
                found.extend(self.positions[zone][terms[i]])
            found.sort()
            self._prefixes[key] = found
        return found

    def char_span(self, zone: int, first: int, last: int) -> tuple[int, int]:
        """Character offsets in the title or text of words first..last (found on demand: a
        topic's first occurrence is usually early, so most of the text is never scanned)."""
        spans = self._spans[zone]
        if len(spans) <= last:
            left = self._words_left[zone]
            if left is None:
                left = self._words_left[zone] = WORD.finditer(self.text(zone))
            spans.extend(m.span() for m in islice(left, last + 1 - len(spans)))
        return spans[first][0], spans[last][1]

    def text(self, zone: int) -> str:
        return (self.doc.title or "") if zone == TITLE else self.doc.text


def _positions(tokens: list[str]) -> dict[str, list[int]]:
    index: dict[str, list[int]] = {}
    for position, token in enumerate(tokens):
        found = index.get(token)
        if found is None:
            index[token] = [position]
        else:
            found.append(position)
    return index


# --- evaluation --------------------------------------------------------------------------------
def matches(query: Query, doc: DocumentIndex, zones: tuple[int, ...] = BOTH) -> bool:
    """Whether `query` matches `doc`: the cheap test, no evidence gathered."""
    match query:
        case Word():
            if query.prefix:
                return any(doc.word_positions(query, zone) for zone in zones)
            return any(query.text in doc.positions[zone] for zone in zones)
        case And(items):
            return all(matches(item, doc, zones) for item in items)
        case Or(items):
            return any(matches(item, doc, zones) for item in items)
        case Not(item):
            return not matches(item, doc, zones)
        case Meta():
            return _meta_matches(query, doc)
        case Phrase(items):
            return any(_phrase_starts(items, doc, zone) for zone in zones)
        case InTitle(item) if not is_positional(item):
            return TITLE in zones and matches(item, doc, (TITLE,))
    return any(spans(query, doc, zone) for zone in zones)  # type: ignore[arg-type]


def evidence(query: Query, doc: DocumentIndex, zones: tuple[int, ...] = BOTH) -> list[Leaf] | None:
    """The occurrences that make `query` match `doc` (empty when only metadata or NOT made it
    match), or None when it does not match."""
    match query:
        case Word():
            found = [(zone, p, p) for zone in zones for p in doc.word_positions(query, zone)]
            return found or None
        case Phrase(items):
            last = len(items) - 1
            found = [(z, p, p + last) for z in zones for p in _phrase_starts(items, doc, z)]
            return found or None
        case And(items):
            found = []
            for item in items:
                part = evidence(item, doc, zones)
                if part is None:
                    return None
                found.extend(part)
            return found
        case Or(items):
            parts = [evidence(item, doc, zones) for item in items]
            if all(part is None for part in parts):
                return None
            return [leaf for part in parts if part is not None for leaf in part]
        case Not(item):
            return None if matches(item, doc, zones) else []
        case Meta():
            return [] if _meta_matches(query, doc) else None
        case InTitle(item) if not is_positional(item):
            return evidence(item, doc, (TITLE,)) if TITLE in zones else None
    leaves = [
        (zone, first, last)
        for zone in zones
        for _, _, inside in spans(query, doc, zone)  # type: ignore[arg-type]
        for first, last in inside
    ]
    return leaves or None


def _phrase_starts(items: tuple[Word, ...], doc: DocumentIndex, zone: int) -> list[int]:
    starts = doc.word_positions(items[0], zone)
    for offset, word in enumerate(items[1:], start=1):
        if not starts:
            break
        following = doc.word_positions(word, zone)
        if not following:
            return []
        present = set(following)
        starts = [p for p in starts if p + offset in present]
    return starts


def spans(query: Positional, doc: DocumentIndex, zone: int) -> list[Span]:
    """Where a positional query matches in one zone, sorted by first word."""
    match query:
        case Word():
            return [(p, p, ((p, p),)) for p in doc.word_positions(query, zone)]
        case Phrase(items):
            last = len(items) - 1
            return [(p, p + last, ((p, p + last),)) for p in _phrase_starts(items, doc, zone)]
        case AnyOf(items):
            return sorted(s for item in items for s in spans(item, doc, zone))
        case InTitle(item):
            return spans(item, doc, zone) if zone == TITLE else []  # type: ignore[arg-type]
        case Near(left, right, distance, ordered):
            lefts = spans(left, doc, zone)
            return _near(lefts, spans(right, doc, zone), distance, ordered) if lefts else []
    raise TypeError(f"not a positional query: {query!r}")


def _near(lefts: list[Span], rights: list[Span], distance: int, ordered: bool) -> list[Span]:
    """Windows where a left span and a right span have at most `distance` words between them
    (left first when `ordered`); spans that share a word never pair up."""
    if not rights:
        return []
    longest = max(last - first for first, last, _ in rights)
    right_starts = [first for first, _, _ in rights]
    windows = set()
    for a_first, a_last, a_inside in lefts:
        low = a_first - distance - longest - 1 if not ordered else a_last + 1
        for i in range(bisect_left(right_starts, low), len(rights)):
            b_first, b_last, b_inside = rights[i]
            if b_first > a_last + distance + 1:
                break
            if a_last < b_first:
                if b_first - a_last - 1 <= distance:
                    windows.add((a_first, b_last, a_inside + b_inside))
            elif not ordered and b_last < a_first and a_first - b_last - 1 <= distance:
                windows.add((b_first, a_last, b_inside + a_inside))
    return sorted(windows)


def _meta_matches(meta: Meta, doc: DocumentIndex) -> bool:
    actual = doc.source if meta.field == "source" else doc.language
    if meta.prefix:
        return actual.startswith(meta.value)
    if meta.field == "lang":
        return actual == meta.value or actual.startswith(meta.value + "-")
    return actual == meta.value


# --- anchors -------------------------------------------------------------------------------------
def anchors(query: Query) -> frozenset[Word] | None:
    """Words one of which must occur in a matching document; None when no such set exists
    (NOT, metadata, or an OR with such a branch)."""
    match query:
        case Word():
            return frozenset({query})
        case Phrase(items):
            exact = [w for w in items if not w.prefix]
            return frozenset({max(exact or items, key=lambda w: len(w.text))})
        case Near(left, right):
            options = [a for a in (anchors(left), anchors(right)) if a is not None]
            return min(options, key=len) if options else None
        case AnyOf(items) | Or(items):
            found = [anchors(item) for item in items]
            if any(a is None for a in found):
                return None
            return frozenset().union(*found)  # type: ignore[arg-type]
        case And(items):
            options = [a for a in (anchors(item) for item in items) if a is not None]
            return min(options, key=_anchor_cost) if options else None
        case InTitle(item):
            return anchors(item)
    return None


def _anchor_cost(found: frozenset[Word]) -> tuple[int, int]:
    """Fewer prefixes, then fewer words, make the cheaper (and usually rarer) anchor set."""
    return sum(w.prefix for w in found), len(found)


class TopicMatcher:
    """All topics against one document at a time; build once, reuse for every article."""

    def __init__(self, topics: Sequence[Topic]) -> None:
        self.topics = tuple(topics)
        self._by_word: dict[str, list[int]] = {}
        self._by_prefix: list[tuple[Word, int]] = []
        self._always: list[int] = []
        for i, topic in enumerate(self.topics):
            found = anchors(topic.query)
            if found is None:
                self._always.append(i)
                continue
            for word in found:
                if word.prefix:
                    self._by_prefix.append((word, i))
                else:
                    self._by_word.setdefault(word.text, []).append(i)

    def candidates(self, doc: DocumentIndex) -> list[int]:
        """Indexes of the topics whose anchors occur in the document, in topic order."""
        found = set(self._always)
        for zone in BOTH:
            for word in self._by_word.keys() & doc.positions[zone].keys():
                found.update(self._by_word[word])
        for word, i in self._by_prefix:
            if i not in found and doc.has(word):
                found.add(i)
        return sorted(found)

    def match(self, doc: TopicDocument) -> list[TopicHit]:
        """The topics `doc` matches, in topic order, with their evidence."""
        index = DocumentIndex(doc)
        hits = []
        for i in self.candidates(index):
            query = self.topics[i].query
            if matches(query, index):
                hits.append(_hit(self.topics[i].id, evidence(query, index) or [], index))
        return hits


def query_matches(query: Query, doc: TopicDocument) -> bool:
    """Whether one query matches one document (the post-filter for search candidates)."""
    return matches(query, DocumentIndex(doc))


def _hit(topic_id: str, leaves: list[Leaf], doc: DocumentIndex) -> TopicHit:
    leaves = sorted(set(leaves))
    if not leaves:
        return TopicHit(topic_id, 0, False, -1, "")
    zone, first, last = leaves[0]
    start, end = doc.char_span(zone, first, last)
    body = [leaf for leaf in leaves if leaf[0] == BODY]
    offset = doc.char_span(BODY, body[0][1], body[0][2])[0] if body else -1
    return TopicHit(topic_id, len(leaves), zone == TITLE, offset, doc.text(zone)[start:end])
