"""Topic queries: the grammar (AST, precedence, errors with positions) and matching, on tables of
queries with documents that must and must not match. Plain Python, no Prefect, no network.

Policy pinned here (pipelines/topics/analysis.py says why): case-insensitive; Latin/Greek/
Cyrillic accents folded (Müller = Muller, not Mueller; ß = ss); no stemming; operators upper case;
implicit AND between adjacent terms; NEAR/n = at most n words between, either order; ONEAR/n in
order; phrases and NEAR never cross from title to body.
"""

from __future__ import annotations

import pytest

from pipelines.topics import (
    And,
    AnyOf,
    InTitle,
    Meta,
    Near,
    Not,
    Or,
    Phrase,
    QuerySyntaxError,
    Topic,
    TopicDocument,
    TopicHit,
    TopicMatcher,
    Word,
    format_query,
    parse_query,
    parse_topic_query,
    query_matches,
)
from pipelines.topics.matcher import DocumentIndex, matches
from pipelines.topics.snippet import snippet


def doc(text: str, title: str | None = None, source: str | None = None, lang: str | None = None):
    return TopicDocument(title, text, source, lang)


# (query, documents that must match, documents that must not)
MATCHES: list[tuple[str, list[TopicDocument], list[TopicDocument]]] = [
    # words: case-folded, whole words only, no stemming
    ("DeepSeek", [doc("deepseek said"), doc("DEEPSEEK!"), doc("x", title="DeepSeek")],
     [doc("deep seek"), doc("DeepSeeking"), doc("")]),
    ("Nvidia", [doc("Nvidia's chips"), doc("(Nvidia)")], [doc("Nvidias"), doc("nvidia2")]),
    # punctuation splits words, on both sides: an unquoted High-Flyer is the phrase "high flyer"
    ("High-Flyer", [doc("High-Flyer fund"), doc("high flyer"), doc("HIGH–FLYER")],
     [doc("flyer high"), doc("high-flying flyer")]),
    ('"export controls"', [doc("new export controls"), doc("Export-Controls")],
     [doc("export of controls"), doc("controls export"), doc("export control")]),
    # trailing wildcards, also inside a phrase
    ("chip*", [doc("chip"), doc("Chips"), doc("chipmakers")], [doc("microchip"), doc("ch ip")]),
    ('"export control*"', [doc("export controls"), doc("export controlled goods")],
     [doc("export decontrol"), doc("exports control")]),
    # AND, implicit AND, OR
    ("nvidia AND ban", [doc("ban hits Nvidia"), doc("Nvidia ban")], [doc("Nvidia"), doc("ban")]),
    ("nvidia ban", [doc("ban hits Nvidia")], [doc("Nvidia")]),
    ("nvidia OR amd", [doc("AMD"), doc("nvidia")], [doc("intel")]),
    ("a b OR c", [doc("a b"), doc("c")], [doc("a"), doc("b")]),  # AND binds tighter than OR
    # lower-case operators are words
    ("nvidia and ban", [doc("Nvidia and the ban")], [doc("Nvidia ban")]),
    ("NEARBY", [doc("nearby")], [doc("near")]),
    # NOT, AND NOT, nested NOT
    ("nvidia NOT stock*", [doc("Nvidia chips")], [doc("Nvidia stocks"), doc("stock of Nvidia")]),
    ("nvidia AND NOT stock*", [doc("Nvidia chips")], [doc("Nvidia stocks")]),
    ("nvidia AND NOT (stock* AND NOT ban)",
     [doc("Nvidia"), doc("Nvidia stocks and a ban"), doc("Nvidia ban")],
     [doc("Nvidia stocks"), doc("stocks ban")]),
    ("(DeepSeek OR \"High-Flyer\") AND (chip* OR \"export control*\") NOT stock*",
     [doc("DeepSeek and chips"), doc("export controls hit High-Flyer", title="x")],
     [doc("DeepSeek chips stocks"), doc("DeepSeek alone"), doc("High flying chips")]),
    # NEAR/n: at most n words between, either order; never the same word twice
    ("nvidia NEAR/2 ban",
     [doc("Nvidia ban"), doc("Nvidia faces ban"), doc("Nvidia faces a ban"), doc("ban on Nvidia")],
     [doc("Nvidia faces a new ban"), doc("ban is not for Nvidia"), doc("Nvidia")]),
    ("nvidia NEAR/0 ban", [doc("Nvidia ban"), doc("ban Nvidia")], [doc("Nvidia's ban")]),
    ("nvidia ONEAR/3 ban", [doc("Nvidia faces ban"), doc("Nvidia x y z ban")],
     [doc("ban hits Nvidia"), doc("Nvidia w x y z ban")]),
    ("(nvidia OR amd) NEAR/3 (ban OR sanction*)",
     [doc("AMD faces sanctions"), doc("a ban for Nvidia")], [doc("AMD makes very many chips ban")]),
    ('"export controls" NEAR/2 chip*',
     [doc("export controls on chips"), doc("chips face export controls"),
      doc("chips export controls")],
     [doc("export controls were tightened on chips"), doc("export chips controls")]),
    ("chip* NEAR/3 chip*", [doc("chips and more chips")], [doc("chips")]),
    ("(nvidia NEAR/2 ban) NEAR/5 china",
     [doc("China said the Nvidia ban stays")],
     [doc("China said that in this year the Nvidia ban")]),
    # zones: title:, and no phrase or NEAR across title and body
    ("title:DeepSeek", [doc("x", title="DeepSeek rises")], [doc("DeepSeek rises", title="Other")]),
    ("title:(nvidia OR amd) AND ban",
     [doc("a ban", title="AMD news"), doc("x", title="Nvidia ban")], [doc("AMD ban", title="x")]),
    ("title:nvidia NEAR/3 ban", [doc("x", title="Nvidia faces ban")],
     [doc("Nvidia faces ban", title="x"), doc("ban", title="Nvidia")]),
    ("nvidia NEAR/5 ban", [doc("Nvidia ban", title="x")], [doc("ban", title="Nvidia")]),
    ('"nvidia ban"', [doc("x", title="Nvidia ban")], [doc("ban here", title="about Nvidia")]),
    # metadata
    ('source:"Evening Courier" AND nvidia', [doc("Nvidia", source="evening  COURIER")],
     [doc("Nvidia", source="Evening Courier Weekly"), doc("Nvidia")]),
    ("source:reut* nvidia", [doc("Nvidia", source="Reuters")], [doc("Nvidia", source="AP")]),
    ("lang:de nvidia", [doc("Nvidia", lang="de"), doc("Nvidia", lang="de-AT"),
                        doc("Nvidia", lang="DE_at")],
     [doc("Nvidia", lang="deu"), doc("Nvidia", lang="en"), doc("Nvidia")]),
    ("lang:de-AT nvidia", [doc("Nvidia", lang="de-at")], [doc("Nvidia", lang="de")]),
    ("nvidia NOT lang:en", [doc("Nvidia", lang="fr"), doc("Nvidia")],
     [doc("Nvidia", lang="en-GB")]),
    # unicode: accents folded in Latin, Greek, Cyrillic; casefold; other marks kept
    ("Müller", [doc("Muller said"), doc("MÜLLER"), doc("mu\u0308ller")], [doc("Mueller")]),
    ("resume", [doc("her résumé")], [doc("resumes")]),
    ("Straße", [doc("STRASSE"), doc("strasse")], [doc("strase")]),
    ("Москва", [doc("в МОСКВА")], [doc("Москве")]),
    ("Αθήνα", [doc("ΑΘΗΝΑ"), doc("αθηνα")], [doc("Αθήναι")]),
    ("हिन्दी", [doc("यह हिन्दी है")], [doc("हनद")]),
    ("İstanbul", [doc("istanbul"), doc("İSTANBUL")], [doc("stanbul")]),
]  # fmt: skip


def _cases():
    for query, good, bad in MATCHES:
        for i, d in enumerate(good):
            yield pytest.param(query, d, True, id=f"{query} +{i}")
        for i, d in enumerate(bad):
            yield pytest.param(query, d, False, id=f"{query} -{i}")


@pytest.mark.parametrize(("query", "document", "expected"), list(_cases()))
def test_query_matches_table(query: str, document: TopicDocument, expected: bool) -> None:
    assert query_matches(parse_query(query), document) is expected


def test_matcher_agrees_with_evaluating_every_topic() -> None:
    """The anchor prefilter never drops a topic that matches."""
    topics = [Topic(f"t{i}", q, parse_query(q)) for i, (q, _, _) in enumerate(MATCHES)]
    matcher = TopicMatcher(topics)
    for _, good, bad in MATCHES:
        for d in good + bad:
            expected = [t.id for t in topics if matches(t.query, DocumentIndex(d))]
            assert [h.topic_id for h in matcher.match(d)] == expected


# --- hits ----------------------------------------------------------------------------------------
TEXT = "Analysts said High-Flyer backs DeepSeek. DeepSeek chips face export controls; stocks fell."


def _hit(query: str, text: str = TEXT, title: str | None = "DeepSeek unveils chips") -> TopicHit:
    hits = TopicMatcher([Topic("t", "T", parse_topic_query(query))]).match(doc(text, title))
    assert len(hits) == 1
    return hits[0]


def test_hit_counts_positive_occurrences_in_title_and_text() -> None:
    hit = _hit('(DeepSeek OR "High-Flyer") AND (chip* OR "export control*") NOT bonds')
    # title: DeepSeek, chips; text: High-Flyer, DeepSeek x2, chips, export controls
    assert hit == TopicHit("t", 7, True, TEXT.index("High-Flyer"), "DeepSeek")


def test_hit_offset_and_surface_come_from_the_original_text() -> None:
    hit = _hit('"high flyer"', title=None)
    assert (hit.in_title, hit.first_offset, hit.surface) == (False, 14, "High-Flyer")


def test_title_only_hit_has_offset_minus_one() -> None:
    assert _hit("unveils") == TopicHit("t", 1, True, -1, "unveils")


def test_near_counts_only_the_occurrences_that_are_near() -> None:
    text = "Nvidia sells. Later, a ban on Nvidia. The new rules and the ban."
    hit = _hit("nvidia NEAR/2 ban", text, title=None)
    assert (hit.count, hit.first_offset, hit.surface) == (2, text.index("ban"), "ban")


def test_negated_terms_are_not_counted() -> None:
    assert _hit("deepseek NOT bonds", title=None).count == 2


def test_hits_follow_topic_order_and_skip_non_matching() -> None:
    topics = [
        Topic("b", "B", parse_topic_query("chips")),
        Topic("none", "None", parse_topic_query("bonds")),
        Topic("a", "A", parse_topic_query("title:unveils")),
    ]
    hits = TopicMatcher(topics).match(doc(TEXT, "DeepSeek unveils chips"))
    assert [h.topic_id for h in hits] == ["b", "a"]


def test_metadata_only_topic_built_by_hand_still_matches() -> None:
    """parse_topic_query refuses it, but the matcher does not rely on anchors for it."""
    topic = Topic("de", "German", parse_query("lang:de NOT nvidia"))
    assert TopicMatcher([topic]).match(doc("text", lang="de-CH")) == [
        TopicHit("de", 0, False, -1, "")
    ]


def test_snippet_highlights_occurrences_near_the_first_match() -> None:
    text = "Intro words here. " * 20 + "Then Nvidia faced a ban on exports. " + "Tail. " * 40
    html = snippet(parse_query("nvidia NEAR/3 ban"), doc(text))
    assert "<b>Nvidia</b> faced a <b>ban</b>" in html
    assert html.startswith("…") and html.endswith("…")


# --- the AST -------------------------------------------------------------------------------------
a, b, c = Word("a"), Word("b"), Word("c")
PARSED = [
    ("a b OR c", Or((And((a, b)), c))),
    ("a OR b c", Or((a, And((b, c))))),
    ("a AND (b AND c)", And((a, b, c))),
    ("a NOT b", And((a, Not(b)))),
    ("a AND NOT b", And((a, Not(b)))),
    ("NOT a b", And((Not(a), b))),
    ("NOT NOT a", Not(Not(a))),
    ("title:a b", And((InTitle(a), b))),
    ("a NEAR/3 b c", And((Near(a, b, 3), c))),
    ("a NEAR/1 b ONEAR/2 c", Near(Near(a, b, 1), c, 2, ordered=True)),
    ("(a OR b) NEAR/4 c", Near(AnyOf((a, b)), c, 4)),
    ("title:a NEAR/2 b", Near(InTitle(a), b, 2)),
    ('"A bc*"', Phrase((a, Word("bc", prefix=True)))),
    ("U.S.", Phrase((Word("u"), Word("s")))),
    ("chip*", Word("chip", prefix=True)),
    ('source:"Evening  Courier"', Meta("source", "evening courier")),
    ("lang:de_AT", Meta("lang", "de-at")),
    ("source:(AP OR reut*)", Or((Meta("source", "ap"), Meta("source", "reut", prefix=True)))),
    ("Title:a", InTitle(a)),
]


@pytest.mark.parametrize(("text", "expected"), PARSED, ids=[t for t, _ in PARSED])
def test_parse_builds_the_expected_ast(text: str, expected: object) -> None:
    assert parse_query(text) == expected


@pytest.mark.parametrize(
    "text", [q for q, _, _ in MATCHES] + [t for t, _ in PARSED], ids=lambda t: t
)
def test_format_query_parses_back_to_the_same_ast(text: str) -> None:
    query = parse_query(text)
    assert parse_query(format_query(query)) == query


# --- errors: (query, message fragment, line, column) -----------------------------------------
ERRORS = [
    ("", "empty query", 1, 1),
    ("   ", "empty query", 1, 1),
    ("(DeepSeek OR chips", "'(' is never closed", 1, 1),
    ("a (b OR (c)", "'(' is never closed", 1, 3),
    ("DeepSeek OR chips)", "')' has no '('", 1, 18),
    ("DeepSeek AND", "nothing after AND", 1, 10),
    ("DeepSeek AND OR chips", "unexpected OR", 1, 14),
    ("AND DeepSeek", "unexpected AND", 1, 1),
    ("a NOT", "nothing after NOT", 1, 3),
    ("()", "unexpected ')'", 1, 2),
    ("Nvidia NEAR ban", "NEAR needs a distance", 1, 8),
    ("Nvidia ONEAR/x ban", "ONEAR needs a distance", 1, 8),
    ("NEAR/3 ban", "unexpected 'NEAR/3'", 1, 1),
    ("Nvidia NEAR/3 (ban AND china)", "NEAR operands", 1, 15),
    ("Nvidia NEAR/3 NOT ban", "unexpected NOT", 1, 15),
    ("author:Smith", "unknown field 'author:'", 1, 1),
    ("nvidia http://feeds.example", "unknown field 'http:'", 1, 8),
    ("title:source:x", "fields do not nest", 1, 7),
    ("title:", "nothing after 'title:'", 1, 1),
    ('say "hello', "unterminated phrase", 1, 5),
    ('a ""', "empty phrase", 1, 3),
    ("a*b", "only trailing wildcards", 1, 1),
    ("c*", "at least 2 characters", 1, 1),
    ("*", "needs letters or digits", 1, 1),
    ("wh?t", "'?' wildcards", 1, 1),
    ("-stock", "write NOT stock", 1, 1),
    ("&", "no letters or digits", 1, 1),
    ("nvidia\nAND (ban OR\n  china))", "')' has no '('", 3, 9),
]


@pytest.mark.parametrize(("text", "fragment", "line", "column"), ERRORS, ids=[e[0] for e in ERRORS])
def test_bad_syntax_names_the_problem_and_its_position(
    text: str, fragment: str, line: int, column: int
) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query(text)
    error = caught.value
    assert fragment in error.message
    assert (error.line, error.column) == (line, column)
    source_line = text.split("\n")[line - 1] if text else ""
    assert error.snippet == f"{source_line}\n{' ' * (column - 1)}^"
    assert f"line {line}, column {column}" in str(error)


@pytest.mark.parametrize("text", ["NOT stock*", "lang:de", "source:x NOT y", "a OR NOT b"])
def test_a_topic_must_require_some_word(text: str) -> None:
    parse_query(text)  # fine as a search filter
    with pytest.raises(QuerySyntaxError, match="at least one word"):
        parse_topic_query(text)
