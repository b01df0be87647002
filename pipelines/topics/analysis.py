"""Word analysis shared by topic queries and documents: the same function on both sides, so a
query word and a document word agree exactly when their analysed forms are equal.

Policy (one place, used everywhere):
- A word is a run of Unicode letters, digits, `_` and combining marks (`\\w` plus the marks of
  the Basic Multilingual Plane, so decomposed accents and Indic vowel signs stay inside a word).
  Everything else separates words: `High-Flyer` is `high flyer`, `Nvidia's` is `nvidia s`.
- Case is folded with `str.casefold` (`ß` matches `ss`, `İ` matches `i`).
- Latin, Greek and Cyrillic diacritics (U+0300–U+036F after NFKD) are dropped: `Müller`,
  `MULLER` and `muller` are one word; `Mueller` is another. Other scripts keep their marks.
- No stemming and no stop words: `chip` does not match `chips`; write `chip*`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


def _mark_ranges() -> str:
    """A character-class body holding every combining mark (categories Mn, Mc, Me) in the BMP."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x300, 0x10000):
        if unicodedata.category(chr(code))[0] == "M":
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "".join(f"\\u{a:04x}-\\u{b:04x}" if a != b else f"\\u{a:04x}" for a, b in ranges)


WORD = re.compile(f"[\\w{_mark_ranges()}]+")
_DIACRITICS = re.compile("[\u0300-\u036f]")
_NORMALISED_CACHE = 65_536


@lru_cache(maxsize=_NORMALISED_CACHE)
def _fold(word: str) -> str:
    folded = unicodedata.normalize("NFKD", word.casefold())
    return unicodedata.normalize("NFC", _DIACRITICS.sub("", folded))


def normalise(word: str) -> str:
    """The analysed form of one word (already split by `WORD`)."""
    return word.lower() if word.isascii() else _fold(word)


def words(text: str) -> list[str]:
    """The analysed words of `text`, in order."""
    if text.isascii():  # lower() keeps ASCII offsets and word boundaries: one pass in C
        return WORD.findall(text.lower())
    return [normalise(w) for w in WORD.findall(text)]
