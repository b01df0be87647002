"""Sentences of extracted article text: a rule-based, abbreviation-aware splitter (no model), and
the sentence around a span, which is what tone is read from and shown as evidence."""

from __future__ import annotations

import bisect
import math
import re

# lower-cased, final period dropped: a period after these does not end a sentence
_ABBREVIATION_WORDS = (
    "mr mrs ms dr prof sen rep gov gen lt col sgt capt st jr sr rev hon messrs inc corp co ltd llc "
    "plc bros dept no vs e.g i.e u.s u.k u.n e.u a.m p.m jan feb mar apr jun jul aug sep sept oct "
    "nov dec mt ft"
)
_ABBREVIATIONS = frozenset(_ABBREVIATION_WORDS.split())
# a candidate boundary: end punctuation, optional closing quotes or brackets, whitespace, then a
# capital, digit or opening quote; or a line break (extracted text keeps one paragraph per line)
_BOUNDARY = re.compile(r"[.!?]+([\"'”’)\]]*)\s+(?=[\"'“‘(\[]?[A-Z0-9])|\s*\n\s*")
_LAST_WORD = re.compile(r"(\S+)$")
_INITIAL = re.compile(r"^[A-Z]\.$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) of `text`, whitespace trimmed; abbreviation-aware, no model."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if "\n" not in m.group(0):
            last = _LAST_WORD.search(text, start, m.start() + 1)
            word = last.group(1).lstrip("\"'“‘([") if last else ""
            if word.lower().rstrip(".") in _ABBREVIATIONS or _INITIAL.match(word):
                continue
        end = m.start() + (len(m.group(0)) - len(m.group(0).lstrip(".!?")))
        end += len(m.group(1) or "")
        _add_span(text, start, end, spans)
        start = m.end()
    _add_span(text, start, len(text), spans)
    return spans


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def _enclosing(spans: list[tuple[int, int]], start: int, end: int, size: int) -> tuple[int, int]:
    """The sentence span(s) covering [start, end); the whole text when no sentence does."""
    if not spans:
        return 0, size
    i = max(bisect.bisect_right(spans, (start, math.inf)) - 1, 0)
    j = i
    while j + 1 < len(spans) and spans[j + 1][0] < end:
        j += 1
    return min(spans[i][0], start), max(spans[j][1], end)


def evidence_sentence(
    text: str, start: int, end: int, spans: list[tuple[int, int]] | None = None
) -> str:
    """The sentence of `text` that holds the span [start, end); `spans`: the text's sentence
    spans when the caller has them (splitting a long article for each entity costs more than
    scoring it)."""
    s, e = _enclosing(split_sentences(text) if spans is None else spans, start, end, len(text))
    return text[s:e]


def sentence_context(
    text: str, start: int, end: int, spans: list[tuple[int, int]] | None = None
) -> tuple[str, int, int]:
    """The sentence holding text[start:end] and the span's offsets inside it (model input)."""
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"span ({start}, {end}) outside a text of length {len(text)}")
    s, e = _enclosing(split_sentences(text) if spans is None else spans, start, end, len(text))
    return text[s:e], start - s, end - s
