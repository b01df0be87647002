"""Entity recognition, canonical names, per-article resolution and watchlist matching.

Matching and resolution tests build their watchlists and NER spans in code (no model needed); the
NER tests load en_core_web_sm once per process through the module cache. Measured floors on
tests/data/*.jsonl guard the fuzzy parts: a floor is lowered only on purpose, in its own commit.
"""

from __future__ import annotations

import json
from collections import Counter
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines import entities as ent
from pipelines.canonical import (
    _final_group,
    _finish,
    _Group,
    at_boundaries,
    canonical_name,
    discovered_id,
    display_name,
    entity_slug,
    group_entities,
)
from pipelines.entities import (
    ResolvedEntity,
    article_text,
    find_entities,
    find_entities_batch,
    match_watchlist,
    resolve_entities,
    text_chunks,
    watchlist_matcher,
)
from pipelines.records import Alias, Entity, Mention, Watchlist, WatchlistEntity
from settings import load_watchlist
from tests.support.paths import DATA, REPO_ROOT

# Floors, set a few points under the scores measured when they were pinned (noted beside each).
# A floor is lowered only on purpose, in its own commit.
WATCHLIST_PRECISION_FLOOR = 0.96  # measured 0.987 (154 gold mentions, 37 articles)
WATCHLIST_RECALL_FLOOR = 0.97  # measured 1.000
NER_EXACT_PRECISION_FLOOR = 0.90  # measured 0.931 (66 gold PERSON/ORG/GPE spans)
NER_EXACT_RECALL_FLOOR = 0.78  # measured 0.818
NER_PARTIAL_RECALL_FLOOR = 0.78  # measured 0.818 (overlapping span, same label)


def _entity(eid: str, etype: str, *aliases: Alias) -> WatchlistEntity:
    return WatchlistEntity(eid, eid, etype, aliases)


WL = Watchlist(
    (
        _entity("nvidia", "ORG", Alias("Nvidia"), Alias("英伟达")),
        _entity("deepseek", "ORG", Alias("DeepSeek"), Alias("深度求索")),
        _entity("deepseek-r1", "PRODUCT", Alias("DeepSeek-R1")),
        _entity("gpt-4", "PRODUCT", Alias("GPT-4")),
        _entity(
            "meta",
            "ORG",
            Alias("Meta", case_sensitive=True, exclude_context=("meta-analysis", "metadata")),
        ),
        _entity(
            "gemini",
            "PRODUCT",
            Alias("Gemini", True, ("Google", "model", "AI"), ("zodiac", "horoscope"), 60),
            Alias("Google Gemini"),
        ),
        _entity("google", "ORG", Alias("Google")),
        _entity("jensen-huang", "PERSON", Alias("Jensen Huang")),
        _entity("istanbul", "GPE", Alias("İstanbul", case_sensitive=True)),
    )
)


def ids(mentions: list[Mention]) -> list[str]:
    return [m.entity_id for m in mentions]


def spans(text: str, mentions: list[Mention]) -> list[tuple[str, str]]:
    """(entity id, text at the mention's offsets): checks offsets and surface together."""
    for m in mentions:
        assert text[m.start : m.end] == m.surface
    return [(m.entity_id, m.surface) for m in mentions]


def title_and_body(
    title: str | None, text: str, watchlist: Watchlist
) -> tuple[list[Mention], list[Mention]]:
    """Mentions matched as enrichment matches them, on `article_text` (context rules see title
    and body together), then told apart: title offsets into the title, body ones into the text."""
    mentions = match_watchlist(article_text(title, text), watchlist)
    if not title:
        return [], mentions
    shift = len(article_text(title, ""))
    head = [m for m in mentions if m.end <= len(title)]
    body = [
        Mention(m.entity_id, m.start - shift, m.end - shift, m.surface)
        for m in mentions
        if m.start >= shift
    ]
    return head, body


# --- boundaries ---


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Nvidia rose.", ["nvidia"]),
        ("Nvidia's chips", ["nvidia"]),
        ("Nvidia’s chips", ["nvidia"]),
        ("(Nvidia)", ["nvidia"]),
        ("an Nvidia-backed startup", ["nvidia"]),
        ("Nvidias", []),
        ("GeForceNvidia", []),
        ("Nvidia2", []),
        ("GPT-4 and GPT-4o and GPT-40", ["gpt-4"]),
        ("DeepSeek\u2011R1", ["deepseek-r1"]),  # non-breaking hyphen
        ("Jensen\u00a0Huang spoke", ["jensen-huang"]),  # no-break space
    ],
)
def test_word_boundaries(text: str, expected: list[str]) -> None:
    assert ids(match_watchlist(text, WL)) == expected


def test_cjk_aliases_need_no_boundaries() -> None:
    text = "杭州的深度求索发布了模型，英伟达股价下跌。"
    assert spans(text, match_watchlist(text, WL)) == [
        ("deepseek", "深度求索"),
        ("nvidia", "英伟达"),
    ]


def test_latin_alias_inside_cjk_text() -> None:
    text = "许多公司使用DeepSeek模型和Nvidia芯片。"
    assert ids(match_watchlist(text, WL)) == ["deepseek", "nvidia"]


# --- case ---


def test_case_insensitive_alias_matches_any_case() -> None:
    text = "DEEPSEEK, deepseek and DeepSeek"
    assert spans(text, match_watchlist(text, WL)) == [
        ("deepseek", "DEEPSEEK"),
        ("deepseek", "deepseek"),
        ("deepseek", "DeepSeek"),
    ]


def test_case_sensitive_alias_matches_as_written_only() -> None:
    assert ids(match_watchlist("meta and META and Meta", WL)) == ["meta"]


def test_offsets_survive_case_folding_that_changes_length() -> None:
    # "İ".lower() is two characters: offsets must still point into the original text
    text = "İİİ Straße DeepSeek and İstanbul"
    assert spans(text, match_watchlist(text, WL)) == [
        ("deepseek", "DeepSeek"),
        ("istanbul", "İstanbul"),
    ]


# --- context ---


def test_require_context() -> None:
    assert ids(match_watchlist("Google released Gemini.", WL)) == ["google", "gemini"]
    assert ids(match_watchlist("Gemini season starts in May.", WL)) == []


def test_exclude_context_wins_over_require() -> None:
    assert match_watchlist("Gemini, the AI of the zodiac, rests.", WL) == []


def test_context_window_is_in_characters() -> None:
    near = "Gemini " + "x " * 20 + "model"
    far = "Gemini " + "x " * 40 + "model"
    assert ids(match_watchlist(near, WL)) == ["gemini"]
    assert match_watchlist(far, WL) == []


def test_context_terms_are_whole_words_with_plurals() -> None:
    assert ids(match_watchlist("Gemini models", WL)) == ["gemini"]
    assert match_watchlist("Gemini said", WL) == []  # "ai" inside "said" is not the term AI
    assert match_watchlist("Gemini remodel", WL) == []


def test_exclude_term_containing_the_alias_speaks_for_its_own_span() -> None:
    assert match_watchlist("Meta-analysis of sleep studies.", WL) == []
    text = "Meta hired staff. A meta-analysis found little."
    assert spans(text, match_watchlist(text, WL)) == [("meta", "Meta")]


# --- overlaps and titles ---


def test_longest_match_wins() -> None:
    assert ids(match_watchlist("DeepSeek-R1 beats DeepSeek's older model", WL)) == [
        "deepseek-r1",
        "deepseek",
    ]
    assert ids(match_watchlist("Google Gemini ships; Google smiles", WL)) == ["gemini", "google"]


def test_title_and_body_are_matched_as_one_text() -> None:
    title, body = title_and_body("Nvidia slides", "DeepSeek hit Nvidia.", WL)
    assert spans("Nvidia slides", title) == [("nvidia", "Nvidia")]
    assert spans("DeepSeek hit Nvidia.", body) == [("deepseek", "DeepSeek"), ("nvidia", "Nvidia")]
    # context crosses from body to title
    title, _ = title_and_body("Gemini launches", "Google's new model is here.", WL)
    assert ids(title) == ["gemini"]
    assert title_and_body(None, "Nvidia", WL) == ([], match_watchlist("Nvidia", WL))
    assert article_text("T", "B") == "T\n\nB"


def test_matcher_is_built_once_per_watchlist() -> None:
    assert watchlist_matcher(WL) is watchlist_matcher(WL)
    rebuilt = Watchlist(tuple(WL.entities))
    assert watchlist_matcher(rebuilt) is watchlist_matcher(WL)  # equal by value


_PIECES = st.sampled_from(
    ["Nvidia", "nvidia", "DeepSeek-R1", "深度求索", "İ", "ß", "’s", "-", " ", "\n", "Gemini", "AI"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=3)), max_size=20).map("".join))
def test_mentions_point_into_the_text_and_never_overlap(text: str) -> None:
    found = match_watchlist(text, WL)
    spans(text, found)
    assert all(a.end <= b.start for a, b in pairwise(found))


def test_empty_inputs() -> None:
    assert match_watchlist("", WL) == []
    assert match_watchlist("Nvidia", Watchlist(())) == []


# --- canonical names and ids ---


@pytest.mark.parametrize(
    "surface, label, key",
    [
        ("Nvidia", "ORG", "nvidia"),
        ("NVIDIA", "ORG", "nvidia"),
        ("Nvidia's", "ORG", "nvidia"),
        ("Nvidia’s", "ORG", "nvidia"),
        ("Nvidia Corp.", "ORG", "nvidia"),
        ("Nvidia Corporation", "ORG", "nvidia"),
        ("Apple, Inc.", "ORG", "apple"),
        ("Foo Co., Ltd.", "ORG", "foo"),
        ("Arm Holdings plc", "ORG", "arm holdings"),
        ("Siemens AG", "ORG", "siemens"),
        ("Nestlé S.A.", "ORG", "nestle"),
        ("Mistral AI SAS LLC", "ORG", "mistral ai sas"),
        ("the Walt Disney Company", "ORG", "walt disney"),
        ("The New York Times", "ORG", "new york times"),
        ("U.S.", "GPE", "us"),
        ("Reuters'", "ORG", "reuters"),
        ("DeepSeek - R1", "PRODUCT", "deepseek-r1"),
        ("Dr. Lisa Su", "PERSON", "lisa su"),
        ("Jensen  Huang", "PERSON", "jensen huang"),
        ("深度求索", "ORG", "深度求索"),
    ],
)
def test_canonical_name(surface: str, label: str, key: str) -> None:
    assert canonical_name(surface, label) == key


def test_display_name_keeps_case() -> None:
    assert display_name("Nvidia Corp.'s", "ORG") == "Nvidia"
    assert display_name("the United States", "GPE") == "United States"
    assert display_name("Jensen Huang's", "PERSON") == "Jensen Huang"


def test_discovered_ids_are_stable() -> None:
    assert discovered_id("ORG", "nvidia") == "org:nvidia"
    assert discovered_id("PERSON", "liang wenfeng") == "person:liang-wenfeng"
    assert discovered_id("ORG", "深度求索") == "org:深度求索"
    long_key = "the international association of " + "very " * 20 + "long names"
    slug = entity_slug(long_key)
    assert len(slug) <= 60 and slug == entity_slug(long_key)
    assert slug.endswith("-f9df849b")  # sha1-based: the same on every machine


# --- per-article resolution (NER spans given by hand) ---


def _ents(text: str, *pairs: tuple[str, str]) -> list[Entity]:
    """Entities for the surfaces in order, each found after the previous one."""
    out, pos = [], 0
    for surface, label in pairs:
        start = text.index(surface, pos)
        pos = start + len(surface)
        out.append(Entity(start, pos, surface, label))
    return out


def _by_id(resolved: list[ResolvedEntity]) -> dict[str, ResolvedEntity]:
    return {r.entity_id: r for r in resolved}


EMPTY = Watchlist(())


def test_short_person_name_joins_the_full_name() -> None:
    text = "Liang Wenfeng founded the lab. Liang rarely speaks. Wenfeng is 40."
    found = resolve_entities(
        text,
        _ents(text, ("Liang Wenfeng", "PERSON"), ("Liang", "PERSON"), ("Wenfeng", "PERSON")),
        EMPTY,
    )
    assert [r.entity_id for r in found] == ["person:liang-wenfeng"]
    assert [m[2] for m in found[0].mentions] == ["Liang Wenfeng", "Liang", "Wenfeng"]
    assert found[0].name == "Liang Wenfeng" and found[0].source == "discovered"


def test_short_name_mislabelled_org_resolves_only_after_the_full_name() -> None:
    text = "Huang spoke first. Later Jensen Huang said more, and Huang left."
    found = _by_id(
        resolve_entities(
            text,
            _ents(text, ("Huang", "ORG"), ("Jensen Huang", "PERSON"), ("Huang", "ORG")),
            EMPTY,
        )
    )
    assert [m[2] for m in found["person:jensen-huang"].mentions] == ["Jensen Huang", "Huang"]
    assert [m[0] for m in found["org:huang"].mentions] == [0]


def test_short_name_joins_a_watchlist_person() -> None:
    text = "Jensen Huang of Nvidia spoke. Huang said demand is strong."
    ner = _ents(text, ("Jensen Huang", "PERSON"), ("Nvidia", "GPE"), ("Huang", "PERSON"))
    found = _by_id(resolve_entities(text, ner, WL))
    assert [m[2] for m in found["jensen-huang"].mentions] == ["Jensen Huang", "Huang"]
    assert found["jensen-huang"].source == "watchlist"


def test_ambiguous_short_name_takes_the_latest_full_name() -> None:
    text = "Mark Zuckerberg spoke. Then Mark Chen spoke. Mark said no."
    found = _by_id(
        resolve_entities(
            text,
            _ents(text, ("Mark Zuckerberg", "PERSON"), ("Mark Chen", "PERSON"), ("Mark", "PERSON")),
            EMPTY,
        )
    )
    assert len(found["person:mark-chen"].mentions) == 2
    assert len(found["person:mark-zuckerberg"].mentions) == 1


# spaCy labels product names PERSON; "Nintendo Switch" is then a short form of the earlier
# "Nintendo Switch Lite", and "Switch" must follow it there (it used to land in an empty group
# and crash the ingest with "max() arg is an empty sequence").
SWITCH_TEXT = (
    "Nintendo Switch Lite sales rose, Nvidia said. The Nintendo Switch sold well. "
    "Switch owners cheered."
)
SWITCH_SPANS = (
    ("Nintendo Switch Lite", "PERSON"),
    ("Nvidia", "ORG"),
    ("Nintendo Switch", "PERSON"),
    ("Switch", "PERSON"),
)


def test_short_name_follows_a_full_name_that_joined_a_longer_one() -> None:
    nvidia = SWITCH_TEXT.index("Nvidia")
    found = group_entities(
        _ents(SWITCH_TEXT, *SWITCH_SPANS), [Mention("nvidia", nvidia, nvidia + 6, "Nvidia")], WL
    )
    assert [(r.entity_id, r.name, r.type) for r in found] == [
        ("person:nintendo-switch-lite", "Nintendo Switch Lite", "PERSON"),
        ("nvidia", "nvidia", "ORG"),
    ]
    assert [m[2] for m in found[0].mentions] == [
        "Nintendo Switch Lite",
        "Nintendo Switch",
        "Switch",
    ]


def test_resolve_entities_short_name_chain_end_to_end() -> None:
    found = resolve_entities(SWITCH_TEXT, _ents(SWITCH_TEXT, *SWITCH_SPANS), WL)
    switch = _by_id(found)["person:nintendo-switch-lite"]
    assert [m[2] for m in switch.mentions] == ["Nintendo Switch Lite", "Nintendo Switch", "Switch"]
    assert [r.entity_id for r in found] == ["person:nintendo-switch-lite", "nvidia"]


def test_a_group_reached_only_by_short_references_still_gets_a_type_and_name() -> None:
    group = _Group()
    group.add(Entity(30, 36, "Switch", "PERSON"), direct=False)
    assert _finish({"key:nintendo switch": group}, {}) == [
        ResolvedEntity(
            "person:nintendo-switch", "Switch", "PERSON", "discovered", ((30, 36, "Switch"),)
        )
    ]
    assert _finish({"key:empty": _Group()}, {}) == []


def test_chains_of_moved_full_names_stop_at_a_cycle() -> None:
    assert _final_group("key:a", {"key:a": "key:b", "key:b": "key:c"}) == "key:c"
    assert _final_group("key:a", {"key:a": "key:b", "key:b": "key:a"}) == "key:b"
    assert _final_group("key:a", {}) == "key:a"


def test_resolve_entities_ignores_spans_outside_the_text() -> None:
    text = "Acme rose."
    spans_ = [
        Entity(0, 4, "Acme", "ORG"),
        Entity(4, 4, "Acme", "ORG"),  # empty
        Entity(8, 20, "Globex", "ORG"),  # runs past the end
        Entity(-3, 2, "Initech", "ORG"),
    ]
    mentions = [Mention("nvidia", 40, 46, "Nvidia"), Mention("nvidia", 3, 3, "")]
    found = resolve_entities(text, spans_, WL, mentions)
    assert [(r.entity_id, r.mentions) for r in found] == [("org:acme", ((0, 4, "Acme"),))]


def test_word_boundaries_of_empty_and_out_of_range_spans() -> None:
    assert at_boundaries("ab", 2, 2) and at_boundaries("ab", 0, 0) and at_boundaries("ab", 5, 7)
    assert not at_boundaries("ab", 1, 1)  # an empty span inside a word
    assert at_boundaries("ab", -1, 9)


def test_text_chunks_refuse_a_limit_that_cannot_make_progress() -> None:
    with pytest.raises(ValueError, match="limit must be at least 1"):
        text_chunks("abc", limit=0)


def test_type_is_voted_across_mentions() -> None:
    text = "Acme rose. Acme fell. Acme's chief spoke."
    found = resolve_entities(
        text, _ents(text, ("Acme", "ORG"), ("Acme", "GPE"), ("Acme", "ORG")), EMPTY
    )
    assert [(r.entity_id, r.type, len(r.mentions)) for r in found] == [("org:acme", "ORG", 3)]


def test_watchlist_wins_over_ner_spans() -> None:
    text = "Nvidia Corp. shares fell as DeepSeek gained; Acme Corp. did too."
    found = resolve_entities(
        text,
        _ents(text, ("Nvidia Corp.", "ORG"), ("DeepSeek", "PERSON"), ("Acme Corp.", "ORG")),
        WL,
    )
    assert [(r.entity_id, r.source) for r in found] == [
        ("nvidia", "watchlist"),
        ("deepseek", "watchlist"),
        ("org:acme", "discovered"),
    ]
    assert found[2].name == "Acme"
    assert found[0].type == "ORG" and found[1].type == "ORG"  # the watchlist's type, not NER's


def test_resolution_is_deterministic_and_skips_numeric_labels() -> None:
    text = "Acme Inc. said on Monday that Acme would hire 500 people."
    spans_ = _ents(
        text, ("Acme Inc.", "ORG"), ("Monday", "DATE"), ("Acme", "ORG"), ("500", "CARDINAL")
    )
    first = resolve_entities(text, spans_, EMPTY)
    assert first == resolve_entities(text, list(reversed(spans_)), EMPTY)
    assert [r.entity_id for r in first] == ["org:acme"]


def test_common_tech_nouns_are_not_discovered() -> None:
    text = "Acme bets on AI and GPUs."
    found = resolve_entities(
        text, _ents(text, ("Acme", "ORG"), ("AI", "GPE"), ("GPUs", "ORG")), EMPTY
    )
    assert [r.entity_id for r in found] == ["org:acme"]


# --- the real watchlist ---


@pytest.fixture(scope="module")
def real_watchlist() -> Watchlist:
    return load_watchlist(REPO_ROOT / "config" / "watchlist.yaml")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Gemini, your horoscope says rest: the zodiac favours you.", []),
        ("Google's Gemini model beat rivals.", ["google", "gemini"]),
        ("A llama farm in Peru. Llama wool is warm.", []),
        ("Meta released Llama 4, its open-weight model.", ["meta", "llama"]),
        ("A meta-analysis of meta studies. Metadata too.", []),
        ("The mistral wind blew; the Mistral is cold.", []),
        ("Mistral AI raised money. Mistral said its model is small.", ["mistral-ai"] * 2),
        ("Claude Monet painted water lilies.", []),
        ("Anthropic's Claude is an AI assistant.", ["anthropic", "claude"]),
        ("China's exports rose; export growth slowed.", []),
        ("New export controls hit Nvidia's H20.", ["us-export-controls", "nvidia"]),
        ("DeepSeek-R1 and DeepSeek’s app", ["deepseek", "deepseek"]),
        ("深度求索创始人梁文锋", ["deepseek", "liang-wenfeng"]),
    ],
)
def test_real_watchlist_rules(real_watchlist: Watchlist, text: str, expected: list[str]) -> None:
    assert ids(match_watchlist(text, real_watchlist)) == expected


def _load(name: str) -> list[dict]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_watchlist_gold_uses_real_ids(real_watchlist: Watchlist) -> None:
    known = set(real_watchlist.by_id())
    rows = _load("watchlist_gold.jsonl")
    assert len(rows) >= 25
    assert {m["entity_id"] for r in rows for m in r["mentions"]} <= known


def test_watchlist_matching_floor(real_watchlist: Watchlist) -> None:
    """Precision and recall per (entity, surface, title/body) occurrence count."""
    tp = n_pred = n_gold = 0
    for row in _load("watchlist_gold.jsonl"):
        title, body = title_and_body(row["title"], row["text"], real_watchlist)
        pred = Counter((m.entity_id, m.surface, "title") for m in title)
        pred.update((m.entity_id, m.surface, "body") for m in body)
        gold = Counter(
            {(m["entity_id"], m["surface"], m["part"]): m["count"] for m in row["mentions"]}
        )
        tp += sum((pred & gold).values())
        n_pred += sum(pred.values())
        n_gold += sum(gold.values())
    precision, recall = tp / n_pred, tp / n_gold
    assert precision >= WATCHLIST_PRECISION_FLOOR, f"precision {precision:.3f}"
    assert recall >= WATCHLIST_RECALL_FLOOR, f"recall {recall:.3f}"


# --- statistical NER (spaCy, loaded once) ---


def test_text_chunks_cut_at_paragraphs_and_cover_the_text() -> None:
    text = ("A sentence here. " * 40 + "\n\n") * 30
    chunks = text_chunks(text, limit=2000)
    assert chunks[0][0] == 0 and chunks[-1][1] == len(text)
    assert all(b - a <= 2000 for a, b in chunks)
    assert all(chunks[i][1] == chunks[i + 1][0] for i in range(len(chunks) - 1))
    assert all(text[a:b].endswith("\n\n") for a, b in chunks[:-1])
    assert text_chunks("x" * 25, limit=10) == [(0, 10), (10, 20), (20, 25)]
    assert text_chunks("") == []


@pytest.fixture(scope="module")
def ner_rows() -> list[tuple[dict, list[Entity]]]:
    rows = _load("ner_gold.jsonl")
    return list(zip(rows, find_entities_batch([r["text"] for r in rows]), strict=True))


def test_find_entities_offsets_and_cleanup() -> None:
    text = "Elon Musk's xAI met the United States trade team in Washington on Monday."
    found = find_entities(text)
    assert all(text[e.start : e.end] == e.text for e in found)
    assert ("Elon Musk", "PERSON") in [(e.text, e.label) for e in found]
    assert "Monday" not in [e.text for e in found]  # DATE is not a named label
    assert "Monday" in [e.text for e in find_entities(text, labels=None)]
    assert ent._nlp() is ent._nlp()  # one model per process
    assert ent._nlp().pipe_names == ["ner"]


def test_long_texts_are_chunked_with_offsets_mapped_back() -> None:
    paragraph = "Jensen Huang met Sam Altman in San Francisco on Tuesday. " * 40
    text = "\n\n".join([paragraph] * 12) + "\n\nLisa Su visited Taipei."
    assert len(text) > 2 * ent.MAX_CHUNK_CHARS
    found = find_entities(text)
    assert all(text[e.start : e.end] == e.text for e in found)
    assert [e.text for e in found][-2:] == ["Lisa Su", "Taipei"]
    batch = find_entities_batch(["", "Nvidia rose.", text], batch_size=4)
    assert batch[0] == [] and batch[2] == found
    # pieces of one paragraph each: the same people and places, at the same offsets
    pieces = find_entities_batch([text], chunk_chars=len(paragraph) + 2)[0]
    assert [(e.start, e.text) for e in pieces] == [(e.start, e.text) for e in found]


def test_ner_floor(ner_rows: list[tuple[dict, list[Entity]]]) -> None:
    """Exact (span and label) and partial (overlap, same label) scores on PERSON/ORG/GPE."""
    labels = {"PERSON", "ORG", "GPE"}
    exact = n_pred = n_gold = partial_recall = 0
    for row, found in ner_rows:
        gold = {(g["start"], g["end"], g["label"]) for g in row["entities"]}
        pred = {(e.start, e.end, e.label) for e in found if e.label in labels}
        exact += len(gold & pred)
        n_pred += len(pred)
        n_gold += len(gold)
        partial_recall += sum(
            any(p[0] < g[1] and g[0] < p[1] and p[2] == g[2] for p in pred) for g in gold
        )
    assert len(ner_rows) >= 20
    assert exact / n_pred >= NER_EXACT_PRECISION_FLOOR, f"precision {exact / n_pred:.3f}"
    assert exact / n_gold >= NER_EXACT_RECALL_FLOOR, f"recall {exact / n_gold:.3f}"
    assert partial_recall / n_gold >= NER_PARTIAL_RECALL_FLOOR


def test_resolve_entities_end_to_end(real_watchlist: Watchlist) -> None:
    title = "Nvidia's Huang shrugs off DeepSeek"
    body = (
        "Jensen Huang, the chief executive of Nvidia, said on Tuesday that DeepSeek's model would "
        "raise demand for chips. Huang spoke in Taipei. Liang Wenfeng, who founded DeepSeek, "
        "declined to comment. Liang rarely gives interviews. Microsoft and Satya Nadella agreed."
    )
    text = article_text(title, body)
    found = _by_id(resolve_entities(text, find_entities(text), real_watchlist))
    assert {"nvidia", "jensen-huang", "deepseek", "liang-wenfeng", "microsoft"} <= set(found)
    assert {m[2] for m in found["jensen-huang"].mentions} >= {"Jensen Huang", "Huang"}
    assert {m[2] for m in found["liang-wenfeng"].mentions} == {"Liang Wenfeng", "Liang"}
    assert found["person:satya-nadella"].type == "PERSON"
    assert found["gpe:taipei"].source == "discovered"


def test_ner_multiplies_on_openblas_with_one_thread_per_process():
    """The measured choice (pipelines.entities._nlp): blis cost ~20 % more CPU per article, and
    more BLAS threads per worker would fight the other workers for the cores."""
    from threadpoolctl import threadpool_info

    ops = ent._nlp().get_pipe("ner").model.ops
    assert type(ops).__name__ == "NumpyOps" and ops.use_blis is False
    blas = [i for i in threadpool_info() if i["user_api"] == "blas"]
    assert blas and all(i["num_threads"] == 1 for i in blas)
