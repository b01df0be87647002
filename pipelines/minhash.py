"""Article text as data for duplicate detection: normalised words, the exact content hash, and
the MinHash signature over word shingles, in a stable byte format (header + uint32 values).

Hashing is deterministic across processes and platforms, so stored signatures stay comparable;
a change to it must come with a new signature version (`_SIG_VERSION`).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from collections.abc import Sequence
from functools import cache

import numpy as np

SIG_DTYPE = np.dtype("<u4")
_WORD_RE = re.compile(r"\w+")
_SIG_MAGIC = b"MH"
_SIG_VERSION = 1
_SIG_HEADER_BYTES = 4
_MAX_HASH = np.uint32(0xFFFFFFFF)
_SHIFT32 = np.uint64(32)
_SHINGLE_SEED = np.uint64(0x9E3779B97F4A7C15)
# Shingle hashes are combined in chunks of columns to bound the temporary (num_perm x chunk) array.
_PERM_CHUNK = 2048


def normalized_words(text: str) -> list[str]:
    """Words of `text` after NFKC, casefolding and dropping punctuation and whitespace."""
    return _WORD_RE.findall(unicodedata.normalize("NFKC", text).casefold())


def hash_words(words: Sequence[str]) -> str:
    """SHA-256 (hex) of normalised words: the content hash."""
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()


def content_hash(text: str) -> str:
    """SHA-256 (hex) of the normalised text: equal for exact duplicates."""
    return hash_words(normalized_words(text))


def mix64(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser, vectorised: spreads every input bit over the whole word."""
    x = x ^ (x >> np.uint64(30))
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return x


def _shingle_hashes(words: Sequence[str], k: int) -> np.ndarray:
    """64-bit hashes of the k-word shingles (one shingle of all words if there are fewer)."""
    # crc32 is stable across processes and platforms, unlike hash(); mixing makes it 64-bit.
    word_hashes = np.fromiter(
        (zlib.crc32(w.encode("utf-8")) for w in words), dtype=np.uint64, count=len(words)
    )
    k = min(k, len(word_hashes))
    m = len(word_hashes) - k + 1
    h = mix64(word_hashes[:m] ^ _SHINGLE_SEED)
    for j in range(1, k):
        h = mix64(h ^ word_hashes[j : j + m])
    return h


@cache
def stable_uint64s(label: str, n: int) -> np.ndarray:
    """n fixed pseudo-random uint64s, from SHA-256 so they never depend on the numpy RNG."""
    digests = (hashlib.sha256(f"mediawatch-{label}-{i}".encode()).digest() for i in range(n))
    values = np.array([int.from_bytes(d[:8], "little") for d in digests], dtype=np.uint64)
    values.setflags(write=False)
    return values


def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """Multiply-add hash parameters: odd multipliers and offsets, one pair per permutation."""
    return (
        stable_uint64s(f"minhash-v{_SIG_VERSION}-a", num_perm) | np.uint64(1),
        stable_uint64s(f"minhash-v{_SIG_VERSION}-b", num_perm),
    )


def signature_header(shingle_words: int) -> bytes:
    """The first bytes of every signature made with `shingle_words`-word shingles."""
    return _SIG_MAGIC + bytes((_SIG_VERSION, shingle_words))


def minhash(words: Sequence[str], k: int, num_perm: int) -> bytes:
    """A 4-byte header (b"MH", version, k), then num_perm little-endian uint32 MinHash values."""
    values = np.full(num_perm, _MAX_HASH, dtype=SIG_DTYPE)
    if words:
        shingles = _shingle_hashes(words, k)
        a, b = _permutations(num_perm)
        for start in range(0, len(shingles), _PERM_CHUNK):
            # (a*x + b) mod 2^64, top 32 bits: multiply-shift hashing, one row per permutation.
            x = np.multiply.outer(a, shingles[start : start + _PERM_CHUNK])
            x += b[:, None]
            chunk_min = (x.min(axis=1) >> _SHIFT32).astype(SIG_DTYPE)
            np.minimum(values, chunk_min, out=values)
    return signature_header(k) + values.tobytes()


def signature_values(signature: bytes) -> np.ndarray:
    """The uint32 MinHash values of a signature (raises ValueError on a foreign format)."""
    if signature[:3] != _SIG_MAGIC + bytes((_SIG_VERSION,)) or len(signature) < _SIG_HEADER_BYTES:
        raise ValueError("not a mediawatch MinHash signature (bad header)")
    if (len(signature) - _SIG_HEADER_BYTES) % SIG_DTYPE.itemsize:
        raise ValueError(f"signature length {len(signature)} is not header + uint32 values")
    return np.frombuffer(signature, dtype=SIG_DTYPE, offset=_SIG_HEADER_BYTES)


def signature_length(num_perm: int) -> int:
    """Bytes of a signature with `num_perm` values."""
    return _SIG_HEADER_BYTES + num_perm * SIG_DTYPE.itemsize
