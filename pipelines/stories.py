"""Event clustering: articles from different outlets that report one event become one story.

Incremental, as articles arrive in published order: each new article joins the most similar
open story or starts a new one; a story stays open while its last article is at most `window`
old (the clock is the latest published time seen). A story's id is its first article's id. A
late article joins only a story whose span it comes within `window` of; the decay counts from
the nearer end of that span.

Similarity of an article to an open story, from title and lead only:
- text: cosine of TF-IDF vectors over hashed (crc32) word features; title words count
  `title_weight` times; tf is sublinear and each article's vector has unit length; a story's
  vector is the sum of its articles' vectors, cut to its `max_terms` heaviest features;
- entities: cosine of IDF-weighted entity vectors (the article's ids against the story's counts),
  used only when both sides have entities (a language without NER says nothing);
- sim = (1 - entity_weight) * text + entity_weight * entities, times a linear time decay that
  takes away `decay` of it at the window's end.
IDF comes from the open stories themselves (how many open stories hold a feature): no fixed
table to ship, exact after a rebuild from `OpenStory` rows, and it tracks the news of the week.

Candidates come from inverted indexes (feature -> open stories, entity -> open stories), rarest
feature first until `posting_budget` postings were read, so cost hardly grows with the number
of open stories (bench: 1.3 ms per article at 1k, 2.5 ms at 100k); the best `candidates` by
partial score are scored exactly.

Syndicated copies (`duplicate_of` set) join their original's story without changing its vectors.
When the original's story has closed, the caller may say where it is (`assign(..., stored=)`,
from the warehouse): the copy joins it there and the index is left as it was. A copy whose
original is in no known story is clustered on its own text like any article.

Deterministic: features are crc32 hashes, stored weights are float32 values in memory too, sums
are `math.fsum`, and ties go to the earlier story id. The constants below were chosen with
`bench/stories.py`; rerun it before changing any of them.
"""

from __future__ import annotations

import heapq
import math
import re
import unicodedata
import zlib
from array import array
from collections.abc import Iterable, Mapping, Sequence, Sized
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import chain
from typing import Self, TypeVar

import numpy as np

# Chosen with bench/stories.py: best demo B-cubed F1 with <= 1 % of the extraction-dev pages
# merged. With entities 0.3, decay 0.5 and min_text 0.15, F1 >= 0.90 from 0.24 to 0.30 (dev merged
# 0.74-0.95 %); 0.28 has the best F1 (0.921; P 0.948, R 0.896). At 0.32 F1 falls to 0.885 (R 0.79).
# Without entities the best is 0.903; without decay 0.895; title words counted once, 0.926 at
# 0.30 alone. 72 h is the window: the demo's gold events cut at 72 h gaps still score 0.993.
WINDOW = timedelta(hours=72)
THRESHOLD = 0.28
ENTITY_WEIGHT = 0.3
TITLE_WEIGHT = 2.0
DECAY = 0.5  # share of the similarity lost by the window's end, linearly
MIN_TEXT = 0.15  # below this text similarity, shared entities do not count: one shared name
# ("Google" on two unrelated German pages) made 2.5 % of the dev pages merge without it
MAX_TERMS = 96  # heaviest features kept per story
MAX_ENTITIES = 32  # most frequent entities kept per story
CANDIDATES = 16  # stories scored exactly per article
POSTING_BUDGET = 2_000  # postings read per article while gathering candidates
LEAD_CHARS = 400

K = TypeVar("K", int, str)
_TERMS_MAGIC = b"ST\x01\x00"
_WORD_RE = re.compile(r"\w+")
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
# Function words of the languages the sources use most; everything else is left to IDF.
_STOPWORD_TEXT = """
    a about after again against all also an and any are as at be because been before being
    between both but by can could did do does doing down during each few for from further had has
    have having he her here hers him his how i if in into is it its itself just me more most my
    no nor not now of off on once only or other our out over own same she should so some such
    than that the their them then there these they this those through to too under until up very
    was we were what when where which while who whom why will with would you your says said say
    new one two first last week year years day today inc co ltd
    der die das und ist ein eine den dem des mit von auf für nicht sich zu im es an als auch
    le la les un une des du et est en au aux pour par sur dans que qui pas ce se il elle
    el los las y por para con del al lo como más"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())


@dataclass(frozen=True, slots=True)
class StoryConfig:
    """How similar an article must be to an open story, and how long stories stay open."""

    window: timedelta = WINDOW
    threshold: float = THRESHOLD
    entity_weight: float = ENTITY_WEIGHT
    title_weight: float = TITLE_WEIGHT
    decay: float = DECAY
    min_text: float = MIN_TEXT
    max_terms: int = MAX_TERMS
    max_entities: int = MAX_ENTITIES
    candidates: int = CANDIDATES
    posting_budget: int = POSTING_BUDGET

    def __post_init__(self) -> None:
        if self.window <= timedelta(0):
            raise ValueError(f"window must be positive, got {self.window}")
        if not 0.0 <= self.entity_weight <= 1.0 or not 0.0 <= self.decay <= 1.0:
            raise ValueError("entity_weight and decay must be in [0, 1]")
        if min(self.max_terms, self.max_entities, self.candidates, self.posting_budget) < 1:
            raise ValueError("max_terms, max_entities, candidates, posting_budget must be >= 1")


@dataclass(frozen=True, slots=True)
class StoryInput:
    """A new article as clustering sees it; `lead` is the first ~400 characters of its text."""

    article_id: str
    published_at: datetime  # tz-aware
    title: str
    lead: str
    # watchlist and discovered entities; measured best: those in the title or lead or mentioned
    # twice (MentionRow.in_title / in_lead / mention_count >= 2), not every NER span
    entity_ids: tuple[str, ...] = ()
    duplicate_of: str | None = None  # the earliest syndicated copy, from dedupe
    source_id: str | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class StoryAssignment:
    """Where one article went. `similarity` is to the story it joined; for a started story the
    best score that fell short (None without any candidate); None for a syndicated copy."""

    article_id: str
    story_id: str
    started: bool
    similarity: float | None


@dataclass(frozen=True, slots=True)
class OpenStory:
    """An open story as the index keeps it: one row of a warehouse table, enough to resume."""

    story_id: str  # its first article's id
    first_seen: datetime
    last_seen: datetime
    article_count: int
    terms: bytes  # serialised term vector: see `pack_terms`
    entity_ids: tuple[str, ...]
    entity_counts: tuple[int, ...]  # clustered articles mentioning each entity
    article_ids: tuple[str, ...]  # members in arrival order, to place syndicated copies


def lead_text(text: str, chars: int = LEAD_CHARS) -> str:
    """The first ~`chars` characters of `text`, cut at a word end."""
    if len(text) <= chars:
        return text
    cut = text.rfind(" ", 0, chars + 1)
    return text[: cut if cut > chars // 2 else chars]


def _stem(word: str) -> str:
    """A plural s taken off: "chips" and "chip" are one feature."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokens(text: str) -> list[str]:
    """Casefolded content words (plural s off), and character bigrams of CJK runs."""
    out: list[str] = []
    for word in _WORD_RE.findall(unicodedata.normalize("NFKC", text).casefold()):
        if _CJK_RE.search(word):
            out.extend(word[i : i + 2] for i in range(max(len(word) - 1, 1)))
        elif len(word) > 1 and word not in _STOPWORDS:
            out.append(_stem(word))
    return out


def _f32(values: Iterable[float]) -> list[float]:
    """Values rounded to float32, as they are stored: memory and rows then agree exactly."""
    return array("f", values).tolist()


def term_vector(title: str, lead: str, title_weight: float = TITLE_WEIGHT) -> dict[int, float]:
    """Unit-length sublinear-tf vector of hashed title and lead words (crc32 features)."""
    counts: dict[int, float] = {}
    for text, weight in ((title, title_weight), (lead, 1.0)):
        for token in tokens(text):
            key = zlib.crc32(token.encode("utf-8"))
            counts[key] = counts.get(key, 0.0) + weight
    features = sorted(counts)
    weights = [1.0 + math.log(counts[f]) if counts[f] >= 1.0 else counts[f] for f in features]
    norm = math.sqrt(math.fsum(w * w for w in weights)) or 1.0
    return dict(zip(features, _f32(w / norm for w in weights), strict=True))


def pack_terms(terms: dict[int, float]) -> bytes:
    """b"ST", version, 0, then n little-endian uint32 features and n float32 weights, by feature."""
    features = sorted(terms)
    weights = np.array([terms[f] for f in features], dtype="<f4")
    return _TERMS_MAGIC + np.array(features, dtype="<u4").tobytes() + weights.tobytes()


def unpack_terms(blob: bytes) -> dict[int, float]:
    """The term vector of `pack_terms` (raises ValueError on a foreign format)."""
    if blob[:4] != _TERMS_MAGIC or (len(blob) - 4) % 8:
        raise ValueError("not a mediawatch story term vector (bad header or length)")
    n = (len(blob) - 4) // 8
    features = np.frombuffer(blob, dtype="<u4", count=n, offset=4).tolist()
    weights = np.frombuffer(blob, dtype="<f4", count=n, offset=4 + 4 * n).tolist()
    return dict(zip(features, weights, strict=True))


@dataclass(slots=True)
class _Story:
    """The mutable state of one open story inside the index."""

    story_id: str
    first_seen: datetime
    last_seen: datetime
    article_count: int = 0
    terms: dict[int, float] = field(default_factory=dict)
    entities: dict[str, int] = field(default_factory=dict)
    members: list[str] = field(default_factory=list)

    def row(self) -> OpenStory:
        entities = sorted(self.entities.items())
        return OpenStory(
            self.story_id, self.first_seen, self.last_seen, self.article_count,
            pack_terms(self.terms), tuple(e for e, _ in entities), tuple(c for _, c in entities),
            tuple(self.members),
        )  # fmt: skip


def _idf2(postings: Mapping[K, Sized], keys: Iterable[K], n: int, by_df: dict) -> dict[K, float]:
    """Squared IDF of each key, from how many of the n open stories hold it."""
    out: dict[K, float] = {}
    for key in keys:
        if key not in out:
            df = len(postings.get(key, ()))
            value = by_df.get(df)
            if value is None:
                value = by_df[df] = (math.log((n + 1) / (df + 1)) + 1.0) ** 2
            out[key] = value
    return out


def _cosine(a: Mapping[K, float], s: Mapping[K, float], w2: Mapping[K, float], a2: float) -> float:
    """Cosine of a and s with every dimension weighted by w2 (a2: a's weighted squared norm)."""
    dot = math.fsum(w * s[k] * w2[k] for k, w in a.items() if k in s)
    if dot <= 0.0:
        return 0.0
    return dot / math.sqrt(a2 * math.fsum(w * w * w2[k] for k, w in s.items()))


class StoryIndex:
    """Open stories, with inverted indexes from features and entities to them."""

    def __init__(self, config: StoryConfig | None = None) -> None:
        self.config = config or StoryConfig()
        self._stories: dict[str, _Story] = {}
        # feature -> {story id: its weight / the story's norm}; entity -> {story id: count / max}
        self._term_postings: dict[int, dict[str, float]] = {}
        self._entity_postings: dict[str, dict[str, float]] = {}
        self._story_of: dict[str, str] = {}  # member article id -> story id
        self._expiry: list[tuple[datetime, str]] = []  # (last_seen, story id), stale entries too
        self.clock: datetime | None = None  # the latest published time seen

    @classmethod
    def from_open(cls, stories: Iterable[OpenStory], config: StoryConfig | None = None) -> Self:
        """Resume from stored open stories; the clock is their latest `last_seen`."""
        index = cls(config)
        for row in sorted(stories, key=lambda s: s.story_id):
            story = _Story(row.story_id, row.first_seen, row.last_seen, row.article_count)
            story.members = list(row.article_ids)
            index._stories[row.story_id] = story
            entities = dict(zip(row.entity_ids, row.entity_counts, strict=True))
            index._set_vectors(story, unpack_terms(row.terms), entities)
            for article_id in row.article_ids:
                index._story_of[article_id] = row.story_id
            heapq.heappush(index._expiry, (row.last_seen, row.story_id))
            if index.clock is None or row.last_seen > index.clock:
                index.clock = row.last_seen
        if index.clock is not None:
            index._close_before(index.clock - index.config.window)
        return index

    def __len__(self) -> int:
        return len(self._stories)

    def open_stories(self) -> list[OpenStory]:
        """Every open story, by id: what the warehouse stores to resume."""
        return [self._stories[sid].row() for sid in sorted(self._stories)]

    def story_of(self, article_id: str) -> str | None:
        """The story of an article in an open story, else None."""
        return self._story_of.get(article_id)

    def rows(self, story_ids: Iterable[str]) -> list[OpenStory]:
        """The open stories among `story_ids`, by id: what changed in a batch, to store."""
        return [self._stories[sid].row() for sid in sorted(set(story_ids)) if sid in self._stories]

    def assign(
        self, batch: Sequence[StoryInput], stored: Mapping[str, str] | None = None
    ) -> list[StoryAssignment]:
        """Place each article of the batch (in published order) in a story, in batch order.
        `stored` maps originals of the batch's copies to their stories when those are closed."""
        return [self._assign_one(article, stored or {}) for article in batch]

    # --- one article ---

    def _assign_one(self, article: StoryInput, stored: Mapping[str, str]) -> StoryAssignment:
        now = article.published_at
        if now.utcoffset() is None:
            raise ValueError(f"published_at of {article.article_id} must be timezone-aware")
        if self.clock is None or now > self.clock:
            self.clock = now
            self._close_before(now - self.config.window)
        known = self._story_of.get(article.article_id)
        if known is not None:  # a re-run: the article keeps its story
            return StoryAssignment(article.article_id, known, known == article.article_id, None)
        original = self._story_of.get(article.duplicate_of or "")
        if original is not None:
            self._join(self._stories[original], article, None, None)
            return StoryAssignment(article.article_id, original, False, None)
        closed = stored.get(article.duplicate_of or "")
        if closed is not None:  # the same text as an article of a closed story: that story
            return StoryAssignment(article.article_id, closed, False, None)
        terms = term_vector(article.title, article.lead, self.config.title_weight)
        entities = sorted(set(article.entity_ids))
        best, score = self._best(terms, entities, now)
        if best is not None and score >= self.config.threshold:
            self._join(best, article, terms, entities)
            return StoryAssignment(article.article_id, best.story_id, False, score)
        self._start(article, terms, entities)
        return StoryAssignment(article.article_id, article.article_id, True, score)

    def _best(
        self, terms: dict[int, float], entities: list[str], now: datetime
    ) -> tuple[_Story | None, float | None]:
        candidates = self._candidates(terms, entities)
        if not candidates:
            return None, None
        n, by_df = len(self._stories), {}
        t2 = _idf2(self._term_postings, chain(terms, *(c.terms for c in candidates)), n, by_df)
        e2 = _idf2(
            self._entity_postings, chain(entities, *(c.entities for c in candidates)), n, by_df
        )
        article_entities = dict.fromkeys(entities, 1.0)
        t_norm2 = math.fsum(w * w * t2[f] for f, w in terms.items())
        e_norm2 = math.fsum(e2[e] for e in entities)
        window, beta = self.config.window, self.config.entity_weight
        scored = []
        for story in candidates:
            gap = max(now - story.last_seen, story.first_seen - now, timedelta(0))
            if gap > window:  # a late article from before the story began
                continue
            sim = text = _cosine(terms, story.terms, t2, t_norm2)
            if entities and story.entities and text >= self.config.min_text:
                ent = _cosine(article_entities, story.entities, e2, e_norm2)
                sim = (1 - beta) * text + beta * ent
            scored.append((sim * (1.0 - self.config.decay * (gap / window)), story))
        if not scored:
            return None, None
        score, story = min(scored, key=lambda p: (-p[0], p[1].story_id))
        return story, score

    def _candidates(self, terms: dict[int, float], entities: list[str]) -> list[_Story]:
        """The open stories with the best partial dot products, rarest features first."""
        n, beta, by_df = len(self._stories), self.config.entity_weight, {}
        t2 = _idf2(self._term_postings, terms, n, by_df)
        e2 = _idf2(self._entity_postings, entities, n, by_df)
        lists: list[tuple[int, int, int, str, float, dict[str, float]]] = []
        for f, w in terms.items():
            if posting := self._term_postings.get(f):
                lists.append((len(posting), 0, f, "", (1 - beta) * w * t2[f], posting))
        for e in entities:
            if posting := self._entity_postings.get(e):
                lists.append((len(posting), 1, 0, e, beta * e2[e], posting))
        lists.sort(key=lambda x: x[:4])
        scores: dict[str, float] = {}
        read = 0
        for size, _, _, _, weight, posting in lists:
            if read and read + size > self.config.posting_budget:
                break
            read += size
            for sid, value in posting.items():
                scores[sid] = scores.get(sid, 0.0) + weight * value
        top = heapq.nsmallest(self.config.candidates, [(-v, sid) for sid, v in scores.items()])
        return [self._stories[sid] for _, sid in top]

    # --- state changes ---

    def _start(self, article: StoryInput, terms: dict[int, float], entities: list[str]) -> None:
        story = _Story(article.article_id, article.published_at, article.published_at)
        self._stories[story.story_id] = story
        heapq.heappush(self._expiry, (story.last_seen, story.story_id))
        self._join(story, article, terms, entities)

    def _join(
        self, story: _Story, article: StoryInput, terms: dict | None, entities: list | None
    ) -> None:
        """Add an article; a syndicated copy (no terms) moves only the count and the dates."""
        story.article_count += 1
        story.members.append(article.article_id)
        self._story_of[article.article_id] = story.story_id
        story.first_seen = min(story.first_seen, article.published_at)
        if article.published_at > story.last_seen:
            story.last_seen = article.published_at
            heapq.heappush(self._expiry, (story.last_seen, story.story_id))
        if terms is None or entities is None:
            return
        merged = dict(story.terms)
        for f, w in terms.items():
            merged[f] = merged.get(f, 0.0) + w
        counts = dict(story.entities)
        for e in entities:
            counts[e] = counts.get(e, 0) + 1
        self._set_vectors(story, merged, counts)

    def _set_vectors(
        self, story: _Story, terms: dict[int, float], entities: dict[str, int]
    ) -> None:
        """Keep the heaviest features and entities (ties to the smaller key), update postings."""
        kept = sorted(terms.items(), key=lambda kv: (-kv[1], kv[0]))[: self.config.max_terms]
        new_terms = dict(zip([f for f, _ in kept], _f32(w for _, w in kept), strict=True))
        top = sorted(entities.items(), key=lambda kv: (-kv[1], kv[0]))[: self.config.max_entities]
        new_entities = dict(top)
        norm = math.sqrt(math.fsum(w * w for w in new_terms.values())) or 1.0
        most = top[0][1] if top else 1
        sid = story.story_id
        _repost(self._term_postings, sid, story.terms, {f: w / norm for f, w in new_terms.items()})
        _repost(self._entity_postings, sid, story.entities, {e: c / most for e, c in top})
        story.terms, story.entities = new_terms, new_entities

    def _close_before(self, cutoff: datetime) -> None:
        """Drop stories whose last article is older than `cutoff`."""
        while self._expiry and self._expiry[0][0] < cutoff:
            last_seen, sid = heapq.heappop(self._expiry)
            story = self._stories.get(sid)
            if story is None or story.last_seen != last_seen:
                continue  # a stale entry: the story moved on, or closed already
            _repost(self._term_postings, sid, story.terms, {})
            _repost(self._entity_postings, sid, story.entities, {})
            for article_id in story.members:
                self._story_of.pop(article_id, None)
            del self._stories[sid]


def _repost(postings: dict, story_id: str, old: Iterable, new: dict[K, float]) -> None:
    """Move `story_id` in `postings` from the keys `old` to the keys of `new`, with its values."""
    for key in old:
        if key not in new:
            posting = postings[key]
            del posting[story_id]
            if not posting:
                del postings[key]
    for key, value in new.items():
        postings.setdefault(key, {})[story_id] = value
