"""Exact and near-duplicate detection of articles (syndicated wire copies).

Exact duplicates share `content_hash` (SHA-256 of the normalised text). Near duplicates are found
with MinHash over word shingles: LSH banding proposes candidates among recent articles, and the
estimated Jaccard similarity of the full signatures decides. Every member of a group points at the
group's earliest article (`duplicate_of`), never at another copy. Hashes and signatures are made
by pipelines.minhash; this module holds the settings, the records and the index.

The constants below were chosen with `bench/dedupe.py`; rerun it before changing any of them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

import numpy as np

from pipelines.minhash import (
    SIG_DTYPE,
    hash_words,
    minhash,
    mix64,
    normalized_words,
    signature_header,
    signature_length,
    signature_values,
    stable_uint64s,
)
from warehouse.rows import FingerprintRow

# Chosen with bench/dedupe.py: pairwise precision/recall on NewsMTSC-built same-topic stories and
# 300 real extraction-dev pages (light and heavy syndicated copies vs. same-topic stories and
# follow-ups reusing 20-40 % of a story's paragraphs; 3 seeds) plus the demo corpus's wire groups.
# Of k in {3, 4, 5} x {64, 128} permutations, k=5 with 128 keeps precision 1.0 at the lowest
# threshold with the best pooled recall (0.994 at 0.50; k=4 needs 0.55 for 0.988, k=3 0.55 for
# 0.990) and the lowest same-topic similarity (max 0.26); 128 halves the estimate's error of 64.
SHINGLE_WORDS = 5
NUM_PERM = 128
# Lowest estimated Jaccard that counts as a near duplicate: the lowest threshold with precision
# 1.0 on every set (at 0.45, follow-ups reusing ~40 % of a story's paragraphs merge). There: all
# light copies (min 0.80), 98.7-100 % of heavy ones (trimmed 15-25 % plus six edits), and all 16
# pairs of the demo's 3 wire groups (min 0.73; its same-event stories reach 0.26).
NEAR_DUP_THRESHOLD = 0.5
# Below this many words only exact matching applies: shingle overlap of tiny texts is noise.
MIN_WORDS_NEAR = 50

_KEY_CHUNK = 4096  # rows banded at once when indexing recent articles
# Candidates must reach the LSH at least this often when their true Jaccard is just below the
# threshold (threshold - _LSH_MARGIN): verification is cheap, a missed candidate is not.
_LSH_MIN_PROBABILITY = 0.995
_LSH_MARGIN = 0.05


class DuplicateKind(StrEnum):
    EXACT = "exact"
    NEAR = "near"


@dataclass(frozen=True, slots=True)
class DedupeConfig:
    """How signatures are made and what counts as a near duplicate."""

    shingle_words: int = SHINGLE_WORDS
    num_perm: int = NUM_PERM
    threshold: float = NEAR_DUP_THRESHOLD
    min_words_near: int = MIN_WORDS_NEAR

    def __post_init__(self) -> None:
        if not 1 <= self.shingle_words <= 255:
            raise ValueError(f"shingle_words must be in 1..255, got {self.shingle_words}")
        if self.num_perm < 1:
            raise ValueError(f"num_perm must be positive, got {self.num_perm}")
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {self.threshold}")


@dataclass(frozen=True, slots=True)
class DedupeInput:
    """A new article to check. `published_at` (tz-aware) orders the batch; None sorts last."""

    article_id: str
    published_at: datetime | None
    text: str


@dataclass(frozen=True, slots=True)
class IndexedArticle:
    """A recent article already in the warehouse, as the index needs it."""

    article_id: str
    published_at: datetime | None
    content_hash: str
    signature: bytes | None
    duplicate_of: str | None = None
    word_count: int | None = None  # when known, short texts stay out of near matching


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What dedupe stores per article: exact hash, MinHash signature and word count."""

    content_hash: str
    signature: bytes
    word_count: int


@dataclass(frozen=True, slots=True)
class DedupeResult:
    """The outcome for one new article. `duplicate_of` is its group's earliest article."""

    article_id: str
    content_hash: str
    signature: bytes
    word_count: int
    duplicate_of: str | None = None
    kind: DuplicateKind | None = None
    similarity: float | None = None  # estimated Jaccard to `matched_id` (1.0 for exact)
    matched_id: str | None = None  # the article it actually matched; its group root may differ


def fingerprint(text: str, config: DedupeConfig | None = None) -> Fingerprint:
    """Content hash, signature and word count from one pass of normalisation."""
    config = config or DedupeConfig()
    words = normalized_words(text)
    return Fingerprint(
        content_hash=hash_words(words),
        signature=minhash(words, config.shingle_words, config.num_perm),
        word_count=len(words),
    )


def lsh_shape(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows per band): the most selective banding that still finds pairs near threshold."""
    target = max(threshold - _LSH_MARGIN, 0.05)
    for rows in range(num_perm, 0, -1):
        bands = num_perm // rows
        if 1.0 - (1.0 - target**rows) ** bands >= _LSH_MIN_PROBABILITY:
            return bands, rows
    return num_perm, 1


# --- the index ---


def _order_key(article_id: str, published: datetime | None) -> tuple[bool, datetime | float, str]:
    """Earliest first, ties by id, undated last; naive dates are a caller's bug."""
    if published is not None and published.utcoffset() is None:
        raise ValueError(f"published_at of {article_id} must be timezone-aware")
    return (published is None, published or -math.inf, article_id)


class _Pending:
    """Rows added during one assign(): searched by brute force until merged into the sorted keys."""

    def __init__(self, capacity: int, bands: int) -> None:
        self.rows: list[int] = []
        self.keys = np.empty((capacity, bands), dtype=np.uint64)

    def add(self, row: int, keys: np.ndarray) -> None:
        self.keys[len(self.rows)] = keys
        self.rows.append(row)

    def candidates(self, keys: np.ndarray) -> np.ndarray:
        hit = (self.keys[: len(self.rows)] == keys).any(axis=1)
        return np.asarray(self.rows, dtype=np.int32)[hit]


class DuplicateIndex:
    """Recent articles against which new batches are checked.

    Exact matching is a dict of content hashes. Near matching bands each signature into
    `bands` keys of `rows_per_band` values; the keys of all rows live in one sorted uint64 array,
    so an indexed article costs about 2 KB in all (a dict per band cost 11 KB: bench/dedupe.py).
    """

    def __init__(self, config: DedupeConfig | None = None) -> None:
        self.config = config or DedupeConfig()
        self.bands, self.rows_per_band = lsh_shape(self.config.threshold, self.config.num_perm)
        self._header = signature_header(self.config.shingle_words)
        self._sig_len = signature_length(self.config.num_perm)
        self._ids: list[str] = []
        self._roots: list[str] = []
        self._row_of: dict[str, int] = {}
        self._by_hash: dict[str, int] = {}
        self._sigs = np.zeros((0, self.config.num_perm), dtype=SIG_DTYPE)
        self._keys = np.zeros(0, dtype=np.uint64)  # sorted band keys of every near-matchable row
        self._key_rows = np.zeros(0, dtype=np.int32)  # the row of each key
        # Rows whose signature was made with other settings: kept for exact matching only.
        self.incompatible_signatures = 0

    @classmethod
    def from_recent(
        cls,
        recent: Iterable[IndexedArticle | tuple],
        config: DedupeConfig | None = None,
    ) -> DuplicateIndex:
        """Index warehouse rows: IndexedArticle or tuples in its field order."""
        index = cls(config)
        index.extend(r if isinstance(r, IndexedArticle) else IndexedArticle(*r) for r in recent)
        return index

    def __len__(self) -> int:
        return len(self._ids)

    def extend(self, rows: Iterable[IndexedArticle]) -> None:
        """Add known articles, earliest first; an id already indexed keeps its first entry."""
        near_rows: list[int] = []
        for row in sorted(rows, key=lambda r: _order_key(r.article_id, r.published_at)):
            if row.article_id in self._row_of:
                continue
            usable = row.signature is not None and self._compatible(row.signature)
            if row.signature is not None and not usable:
                self.incompatible_signatures += 1
            long_enough = row.word_count is None or row.word_count >= self.config.min_words_near
            values = signature_values(row.signature) if usable and long_enough else None
            exact = row.content_hash if row.word_count != 0 else None
            index = self._insert(row.article_id, row.duplicate_of or row.article_id, exact, values)
            if values is not None:
                near_rows.append(index)
        for start in range(0, len(near_rows), _KEY_CHUNK):  # chunks bound the temporaries
            chunk = np.asarray(near_rows[start : start + _KEY_CHUNK], dtype=np.int32)
            self._merge(chunk, self._band_keys(self._sigs[chunk]))

    def assign(self, batch: Sequence[DedupeInput]) -> list[DedupeResult]:
        """Mark each new article (results in input order) and add the batch to the index.

        The batch is processed earliest first (published_at, then id), so within a batch the
        earliest copy becomes the original. An article matching one already indexed joins that
        article's group even if it claims an earlier date: loaded originals stay originals.
        """
        order = sorted(
            range(len(batch)), key=lambda i: _order_key(batch[i].article_id, batch[i].published_at)
        )
        pending = _Pending(len(batch), self.bands)
        results: dict[int, DedupeResult] = {}
        try:
            for i in order:
                results[i] = self._assign_one(batch[i], pending)
        finally:
            rows = np.asarray(pending.rows, dtype=np.int32)
            self._merge(rows, pending.keys[: len(rows)])
        return [results[i] for i in range(len(batch))]

    def _assign_one(self, item: DedupeInput, pending: _Pending) -> DedupeResult:
        fp = fingerprint(item.text, self.config)
        near_ok = fp.word_count >= self.config.min_words_near
        values = signature_values(fp.signature)
        keys = self._band_keys(values[None, :])[0]
        match = self._match(item.article_id, fp, values if near_ok else None, keys, pending)
        result = DedupeResult(item.article_id, fp.content_hash, fp.signature, fp.word_count)
        if match is not None:
            row, kind, similarity = match
            result = replace(
                result,
                duplicate_of=self._roots[row],
                kind=kind,
                similarity=round(similarity, 4),
                matched_id=self._ids[row],
            )
        if item.article_id not in self._row_of:
            root = result.duplicate_of or item.article_id
            exact = fp.content_hash if fp.word_count else None
            row = self._insert(item.article_id, root, exact, values if near_ok else None)
            if near_ok:
                pending.add(row, keys)
        return result

    def _match(
        self,
        article_id: str,
        fp: Fingerprint,
        values: np.ndarray | None,
        keys: np.ndarray,
        pending: _Pending,
    ) -> tuple[int, DuplicateKind, float] | None:
        """The best earlier match: an exact one, else the most similar above the threshold."""
        if not fp.word_count:
            return None
        row = self._by_hash.get(fp.content_hash)
        if row is not None and self._ids[row] != article_id:
            return row, DuplicateKind.EXACT, 1.0
        if values is None:
            return None
        candidates = np.union1d(self._candidates(keys), pending.candidates(keys))
        candidates = candidates[candidates != self._row_of.get(article_id, -1)]
        if not len(candidates):
            return None
        similarities = (self._sigs[candidates] == values).mean(axis=1)
        best = int(np.argmax(similarities))  # first maximum: the earliest indexed row
        if similarities[best] < self.config.threshold:
            return None
        return int(candidates[best]), DuplicateKind.NEAR, float(similarities[best])

    def _band_keys(self, values: np.ndarray) -> np.ndarray:
        """(n, bands) uint64 keys: each band's values hashed together, salted by band."""
        n, r = len(values), self.rows_per_band
        banded = values[:, : self.bands * r].reshape(n, self.bands, r).astype(np.uint64)
        keys = np.broadcast_to(stable_uint64s("band", self.bands), (n, self.bands))
        for j in range(r):
            keys = mix64(keys ^ banded[:, :, j])
        return keys

    def _candidates(self, keys: np.ndarray) -> np.ndarray:
        lo = np.searchsorted(self._keys, keys, side="left")
        hi = np.searchsorted(self._keys, keys, side="right")
        hits = [self._key_rows[a:b] for a, b in zip(lo, hi, strict=True) if b > a]
        return np.concatenate(hits) if hits else np.zeros(0, dtype=np.int32)

    def _merge(self, rows: np.ndarray, keys: np.ndarray) -> None:
        """Insert the band keys of `rows` into the sorted key array."""
        if not len(rows):
            return
        new_keys = keys.ravel()
        order = np.argsort(new_keys, kind="stable")
        new_keys = new_keys[order]
        new_rows = np.repeat(rows, self.bands)[order]
        at = np.searchsorted(self._keys, new_keys, side="right")
        self._keys = np.insert(self._keys, at, new_keys)
        self._key_rows = np.insert(self._key_rows, at, new_rows)

    def _compatible(self, signature: bytes) -> bool:
        return len(signature) == self._sig_len and signature.startswith(self._header)

    def _insert(
        self, article_id: str, root: str, exact_hash: str | None, values: np.ndarray | None
    ) -> int:
        row = len(self._ids)
        self._ids.append(article_id)
        self._roots.append(root)
        self._row_of[article_id] = row
        if exact_hash is not None:
            self._by_hash.setdefault(exact_hash, row)
        if row >= len(self._sigs):
            grown = np.zeros((max(64, 2 * len(self._sigs)), self.config.num_perm), SIG_DTYPE)
            grown[: len(self._sigs)] = self._sigs
            self._sigs = grown
        if values is not None:
            self._sigs[row] = values
        return row


def fingerprint_row(result: DedupeResult) -> FingerprintRow:
    """The warehouse columns duplicate detection decides for one article."""
    return FingerprintRow(
        result.article_id, result.content_hash, result.signature, result.duplicate_of, result.kind
    )
