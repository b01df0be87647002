"""Properties of per-article entity grouping and of canonical names, over arbitrary input.

Arbitrary text (emoji, combining marks, CJK, Turkish dotted I), arbitrary overlapping, nested,
duplicate and empty NER spans with any label, and arbitrary watchlist mentions: grouping never
raises and always returns well-formed entities. Hypothesis runs derandomized and without an
example database, so every CI run sees the same examples; `max_examples` keeps the file to a few
seconds.
"""

from __future__ import annotations

import re
from itertools import pairwise

from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipelines.canonical import (
    NAMED_LABELS,
    ResolvedEntity,
    at_boundaries,
    canonical_name,
    discovered_id,
    display_name,
    fold,
    group_entities,
    normalize_punct,
)
from pipelines.entities import resolve_entities, text_chunks
from pipelines.records import Alias, Entity, Mention, Watchlist, WatchlistEntity

FAST = settings(max_examples=100, deadline=None, derandomize=True, database=None)

WATCHLIST = Watchlist(
    (
        WatchlistEntity("jensen-huang", "Jensen Huang", "PERSON", (Alias("Jensen Huang"),)),
        WatchlistEntity("nintendo", "Nintendo", "ORG", (Alias("Nintendo"), Alias("任天堂"))),
        WatchlistEntity("switch-2", "Switch 2", "PRODUCT", (Alias("Switch 2"),)),
        WatchlistEntity(
            "meta", "Meta", "ORG", (Alias("Meta", True, exclude_context=("metadata",)),)
        ),
    )
)
WATCHLIST_IDS = tuple(e.id for e in WATCHLIST.entities)

# Named labels plus the numeric and temporal ones NER also emits; PERSON drives the short-name
# rules, so it is drawn more often.
LABELS = st.one_of(
    st.just("PERSON"), st.sampled_from((*sorted(NAMED_LABELS), "DATE", "CARDINAL", "MONEY", ""))
)
WORDS = (
    "Nintendo",
    "Switch",
    "Lite",
    "Nintendo Switch Lite",
    "Jensen",
    "Huang",
    "Jensen Huang",
    "Dr.",
    "the",
    "Corp.",
    "'s",
    "’s",
    "Meta",
    "AI",
    "2",
    "İstanbul",
    "e\u0301",  # e + combining acute
    "\u0301",
    "👩\u200d💻",
    "🇯🇵",
    "任天堂",
    "ΟΔΟΣ",
    "-",
    ",",
    "\u00a0",
)
SEPARATORS = (" ", " ", ". ", "\n\n", "")

Article = tuple[str, list[Entity], list[Mention]]

SWITCH_TEXT = "Nintendo Switch Lite rose. The Nintendo Switch sold. Switch owners cheered."
SWITCH_SPANS = [
    Entity(0, 20, "Nintendo Switch Lite", "PERSON"),
    Entity(31, 46, "Nintendo Switch", "PERSON"),
    Entity(53, 59, "Switch", "PERSON"),
]


@st.composite
def articles(draw: st.DrawFn, outside: bool = False) -> Article:
    """A text, NER spans and watchlist mentions over it; `outside` adds spans off the text."""
    text, edges = "", {0}
    for word in draw(st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=4)), max_size=12)):
        text += draw(st.sampled_from(SEPARATORS))
        edges.add(len(text))
        text += word
        edges.add(len(text))
    lo, hi = (-3, len(text) + 3) if outside else (0, len(text))
    offset = st.one_of(st.sampled_from(sorted(edges)), st.integers(lo, hi))
    spans = st.tuples(offset, offset).map(sorted)

    def surface(start: int, end: int) -> str:
        return text[start:end] if 0 <= start <= end <= len(text) else draw(st.text(max_size=8))

    entities = [Entity(s, e, surface(s, e), draw(LABELS)) for s, e in draw(st.lists(spans))]
    if entities:  # duplicates, as NER on overlapping chunks may give
        entities += draw(st.lists(st.sampled_from(entities), max_size=3))
    mentions = [
        Mention(draw(st.sampled_from(WATCHLIST_IDS)), s, e, surface(s, e))
        for s, e in draw(st.lists(spans, max_size=4))
    ]
    return text, draw(st.permutations(entities)), mentions


def check_well_formed(
    found: list[ResolvedEntity], entities: list[Entity], mentions: list[Mention]
) -> None:
    """Non-empty type and name, unique ids, sorted mentions each taken from an input span."""
    assert len({r.entity_id for r in found}) == len(found)
    inputs = {(e.start, e.end, e.text) for e in entities} | {
        (m.start, m.end, m.surface) for m in mentions
    }
    wl = WATCHLIST.by_id()
    for r in found:
        assert r.type and r.name.strip()
        assert r.mentions and list(r.mentions) == sorted(set(r.mentions))
        assert set(r.mentions) <= inputs
        if r.source == "watchlist":
            assert (r.name, r.type) == (wl[r.entity_id].name, wl[r.entity_id].type)
        else:
            assert r.source == "discovered" and r.entity_id.startswith(f"{r.type.lower()}:")
    for m in mentions:  # a watchlist mention always stays with its own entity
        assert any(
            r.entity_id == m.entity_id and (m.start, m.end, m.surface) in r.mentions for r in found
        )


def check_inside(text: str, found: list[ResolvedEntity]) -> None:
    """Every mention lies inside the text and its surface is the text at its offsets."""
    for r in found:
        for start, end, surface in r.mentions:
            assert 0 <= start < end <= len(text) and text[start:end] == surface


@FAST
@given(articles())
@example((SWITCH_TEXT, SWITCH_SPANS, []))
def test_grouping_never_raises_and_is_well_formed(article: Article) -> None:
    _, entities, mentions = article
    found = group_entities(entities, mentions, WATCHLIST)
    check_well_formed(found, entities, mentions)
    assert found == group_entities(entities, mentions, WATCHLIST)


@FAST
@given(articles(outside=True))
def test_grouping_of_spans_off_the_text_never_raises(article: Article) -> None:
    _, entities, mentions = article
    check_well_formed(group_entities(entities, mentions, WATCHLIST), entities, mentions)


@FAST
@given(articles(outside=True), st.booleans())
@example((SWITCH_TEXT, SWITCH_SPANS, []), False)
def test_resolved_entities_point_into_the_text(article: Article, match: bool) -> None:
    text, entities, mentions = article
    if match:  # the pipeline's path: mentions matched on this text
        mentions = None
    found = resolve_entities(text, entities, WATCHLIST, mentions)
    check_inside(text, found)
    for r in found:
        assert r.type and r.name.strip() and r.mentions == tuple(sorted(r.mentions))
    assert len({r.entity_id for r in found}) == len(found)


# --- names and ids over arbitrary unicode (surrogates excluded, as in decoded text) ---

LABEL_TEXT = st.one_of(LABELS, st.text(max_size=6))


@FAST
@given(st.text(), LABEL_TEXT)
def test_names_never_raise_and_are_trimmed(surface: str, label: str) -> None:
    name, key = display_name(surface, label), canonical_name(surface, label)
    assert name == name.strip()
    assert key == key.strip() and "  " not in key


@FAST
@given(st.text(), LABEL_TEXT)
def test_discovered_id_is_deterministic_and_url_safe(key: str, label: str) -> None:
    entity_id = discovered_id(label, key)
    assert entity_id == discovered_id("".join(label), "".join(key))  # equal, not identical
    prefix, _, slug = entity_id.rpartition(":")
    assert prefix == label.lower()
    assert 0 < len(slug) <= 60 and re.fullmatch(r"[\w-]+", slug)


@FAST
@given(st.text(max_size=20), st.integers(-5, 25), st.integers(-5, 25))
def test_word_boundaries_never_raise(text: str, start: int, end: int) -> None:
    assert at_boundaries(text, start, end) in (True, False)


@FAST
@given(st.text())
def test_normalisation_keeps_offsets(text: str) -> None:
    assert len(normalize_punct(text)) == len(text) == len(fold(text))


@FAST
@given(st.text(alphabet=st.sampled_from("ab .\n。"), max_size=60), st.integers(1, 12))
def test_text_chunks_cover_the_text_in_bounded_pieces(text: str, limit: int) -> None:
    chunks = text_chunks(text, limit)
    assert "".join(text[s:e] for s, e in chunks) == text
    assert all(a[1] == b[0] for a, b in pairwise(chunks))
    assert all(0 < e - s <= limit for s, e in chunks)
