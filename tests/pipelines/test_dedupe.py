"""Exact and near-duplicate detection: hand-written stories, their syndicated copies, and a
different story on the same topic that shares names and phrases but is not a copy."""

from __future__ import annotations

import hashlib
import os
import random
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from pipelines.dedupe import (
    MIN_WORDS_NEAR,
    NEAR_DUP_THRESHOLD,
    DedupeConfig,
    DedupeInput,
    DuplicateIndex,
    DuplicateKind,
    IndexedArticle,
    fingerprint,
)
from pipelines.minhash import content_hash, signature_values
from tests.support.paths import REPO_ROOT

T0 = datetime(2025, 2, 3, 9, 0, tzinfo=UTC)

# A wire story about a fictional company...
WIRE = [
    "Northwind Robotics said on Monday it had raised $240 million in a funding round led by "
    "Harbor Capital, valuing the warehouse automation start-up at about $2.1 billion.",
    "The company, founded in 2019 by former logistics engineers Maya Okafor and Tomas Lind, "
    "builds mobile robots that move shelves and pallets inside distribution centres.",
    "Okafor, who is chief executive, said the money would pay for a new factory in Ohio and "
    "double the size of the engineering team over the next eighteen months.",
    "Demand for automation has grown as retailers struggle to hire warehouse staff and as "
    "online orders keep rising, analysts at Cobalt Research wrote in a note last week.",
    "Its robots already work in more than 40 warehouses in the United States and Canada, and "
    "the company expects to sign its first customers in Europe before the end of the year.",
    "Lind, the chief technology officer, said the next generation of robots would carry heavier "
    "loads and share a single map of each building, so that fleets can be added in days.",
    "Northwind competes with larger rivals including Ardent Systems and Kestrel Automation, "
    "both of which announced price cuts on their own robots earlier this year.",
    "The round also included existing investors Lumen Ventures and Grayline Partners, the "
    "company said, without giving details of how the shares were divided among them.",
]
# ...and a different story about the same company: same names and phrases, not a copy.
FOLLOW_UP = [
    "Northwind Robotics recalled about 1,200 of its warehouse robots on Thursday after reports "
    "that a faulty brake could let the machines roll when parked on a slope.",
    "The recall covers robots built at the company's plant in Texas between March and June, "
    "Northwind said, and owners will receive a software update and a replacement part.",
    "Chief executive Maya Okafor said no injuries had been reported and that the fault was "
    "found during routine testing by the company's own engineering team.",
    "Analysts at Cobalt Research said the recall was unlikely to hurt demand for automation, "
    "which has grown as retailers struggle to hire warehouse staff.",
    "Rivals Ardent Systems and Kestrel Automation have faced similar recalls in the past two "
    "years as the industry races to put more robots into distribution centres.",
    "Northwind raised $240 million earlier this month in a round led by Harbor Capital.",
]


def wire_text() -> str:
    return "\n".join(WIRE)


def syndicated_copy() -> str:
    """A republished copy: new headline, editor's note, trimmed end, boilerplate, typo fixed."""
    body = WIRE[:-1]
    body[1] = body[1].replace("distribution centres", "distribution centers")
    return "\n".join(
        [
            "Warehouse Robot Maker Northwind Raises $240 Million",
            "NEW YORK (Wire) — " + body[0],
            *body[1:],
            "Editor's note: This story was corrected to fix the spelling of a name.",
            "Copyright 2025 Wire Service. All rights reserved.",
        ]
    )


def follow_up_text() -> str:
    return "\n".join(FOLLOW_UP)


def item(article_id: str, text: str, hours: float = 0) -> DedupeInput:
    return DedupeInput(article_id, T0 + timedelta(hours=hours), text)


def signature(text: str) -> bytes:
    """The MinHash signature the pipeline stores for `text` (default settings)."""
    return fingerprint(text).signature


def estimated_similarity(sig_a: bytes, sig_b: bytes) -> float:
    """Estimated Jaccard similarity, computed as `DuplicateIndex` compares signatures."""
    return float(np.mean(signature_values(sig_a) == signature_values(sig_b)))


def indexed(article_id: str, text: str, hours: float = 0, dup_of: str | None = None):
    fp = fingerprint(text)
    when = T0 + timedelta(hours=hours)
    return IndexedArticle(article_id, when, fp.content_hash, fp.signature, dup_of, fp.word_count)


def test_content_hash_ignores_case_whitespace_and_punctuation():
    a = "Northwind  Robotics said, on Monday: it had raised $240 million!"
    b = "northwind robotics said on monday it had raised 240 million\n"
    assert content_hash(a) == content_hash(b)
    assert content_hash(a) != content_hash(a.replace("Monday", "Tuesday"))


def test_fixture_similarities_sit_on_both_sides_of_the_threshold():
    wire, copy, other = (signature(t) for t in (wire_text(), syndicated_copy(), follow_up_text()))
    assert estimated_similarity(wire, copy) >= NEAR_DUP_THRESHOLD + 0.1
    assert estimated_similarity(wire, other) <= NEAR_DUP_THRESHOLD - 0.3


def test_exact_duplicate_points_to_the_earliest():
    index = DuplicateIndex.from_recent([indexed("a", wire_text(), hours=-5)])
    reformatted = wire_text().upper().replace("\n", "\n\n  ")
    [result] = index.assign([item("b", reformatted)])
    assert (result.duplicate_of, result.kind, result.similarity) == ("a", DuplicateKind.EXACT, 1.0)
    assert result.matched_id == "a"


def test_syndicated_copy_is_a_near_duplicate_of_the_earliest():
    index = DuplicateIndex.from_recent([indexed("wire", wire_text(), hours=-3)])
    [result] = index.assign([item("copy", syndicated_copy())])
    assert result.kind is DuplicateKind.NEAR
    assert result.duplicate_of == "wire"
    assert NEAR_DUP_THRESHOLD <= result.similarity < 1.0


def test_same_topic_different_story_is_not_flagged():
    index = DuplicateIndex.from_recent([indexed("wire", wire_text(), hours=-3)])
    [result] = index.assign([item("recall", follow_up_text())])
    assert (result.duplicate_of, result.kind, result.similarity, result.matched_id) == (
        None,
        None,
        None,
        None,
    )


def test_no_chains_a_copy_of_a_copy_points_to_the_original():
    # A is the original, B was loaded as A's copy; C matches B (exactly) and must point to A.
    recent = [
        indexed("A", follow_up_text(), hours=-10),
        indexed("B", syndicated_copy(), hours=-5, dup_of="A"),
    ]
    index = DuplicateIndex.from_recent(recent)
    [c] = index.assign([item("C", syndicated_copy())])
    assert (c.duplicate_of, c.matched_id, c.kind) == ("A", "B", DuplicateKind.EXACT)


def test_no_chains_within_one_batch():
    copy_of_copy = syndicated_copy().replace("Copyright 2025 Wire Service.", "Reprinted.")
    batch = [
        item("c", copy_of_copy, hours=2),
        item("b", syndicated_copy(), hours=1),
        item("a", wire_text(), hours=0),
    ]
    results = DuplicateIndex().assign(batch)
    assert [r.article_id for r in results] == ["c", "b", "a"]  # input order kept
    assert [r.duplicate_of for r in results] == ["a", "a", None]


def test_batch_is_ordered_by_published_at_then_id():
    late_original = item("zzz", wire_text(), hours=1)
    early_copy = item("aaa", syndicated_copy(), hours=0)
    first, second = DuplicateIndex().assign([late_original, early_copy])
    assert second.duplicate_of is None
    assert (first.duplicate_of, first.kind) == ("aaa", DuplicateKind.NEAR)
    # Same instant: the smaller id is the original.
    y, x = DuplicateIndex().assign([item("y", wire_text()), item("x", wire_text())])
    assert (x.duplicate_of, y.duplicate_of) == (None, "x")


def test_undated_articles_come_after_dated_ones():
    undated = DedupeInput("a", None, wire_text())
    first, second = DuplicateIndex().assign([undated, item("b", wire_text())])
    assert (first.duplicate_of, second.duplicate_of) == ("b", None)


def test_naive_dates_are_rejected():
    with pytest.raises(ValueError, match="timezone-aware"):
        DuplicateIndex().assign([DedupeInput("a", datetime(2025, 1, 1), wire_text())])


def test_short_texts_only_match_exactly():
    short = " ".join(WIRE[0].split()[: MIN_WORDS_NEAR - 10])
    edited = short.replace("Monday", "Tuesday")
    index = DuplicateIndex.from_recent([indexed("s1", short, hours=-1)])
    near, exact = index.assign([item("s2", edited), item("s3", short + " ")])
    assert near.duplicate_of is None
    assert estimated_similarity(signature(short), near.signature) > NEAR_DUP_THRESHOLD
    assert (exact.duplicate_of, exact.kind) == ("s1", DuplicateKind.EXACT)


def test_empty_texts_never_match():
    a, b = DuplicateIndex().assign([item("a", "  ", 0), item("b", "— …", 1)])
    assert a.duplicate_of is None and b.duplicate_of is None


def test_signature_bytes_round_trip_through_the_warehouse_shape():
    config = DedupeConfig()
    sig = signature(wire_text())
    values = signature_values(sig)
    assert values.dtype == np.dtype("<u4") and len(values) == config.num_perm
    assert len(sig) == 4 + 4 * config.num_perm
    assert sig[:4] + values.tobytes() == sig
    assert sig[:2] == b"MH" and sig[3] == config.shingle_words  # header: magic, version, k
    # Results of one run load as rows of the next, as the warehouse stores them.
    [first] = DuplicateIndex().assign([item("wire", wire_text())])
    row = IndexedArticle(
        "wire", T0, first.content_hash, bytes(first.signature), None, first.word_count
    )
    [copy] = DuplicateIndex.from_recent([row]).assign([item("copy", syndicated_copy(), 1)])
    assert copy.duplicate_of == "wire"


def test_from_recent_accepts_plain_tuples():
    fp = fingerprint(wire_text())
    index = DuplicateIndex.from_recent([("wire", T0, fp.content_hash, fp.signature)])
    [copy] = index.assign([item("copy", syndicated_copy(), 1)])
    assert copy.duplicate_of == "wire"


def test_signatures_of_other_settings_fall_back_to_exact_matching():
    other = DedupeConfig(shingle_words=3)
    fp = fingerprint(wire_text(), other)
    row = IndexedArticle("old", T0, fp.content_hash, fp.signature, None, fp.word_count)
    index = DuplicateIndex.from_recent([row])
    assert index.incompatible_signatures == 1
    near, exact = index.assign([item("copy", syndicated_copy(), 1), item("same", wire_text(), 2)])
    assert near.duplicate_of is None
    assert (exact.duplicate_of, exact.kind) == ("old", DuplicateKind.EXACT)


def test_reassigning_an_indexed_article_does_not_match_itself():
    index = DuplicateIndex.from_recent([indexed("wire", wire_text())])
    [again] = index.assign([item("wire", wire_text())])
    assert again.duplicate_of is None
    assert len(index) == 1


def test_banding_finds_every_match_that_brute_force_finds():
    rng = random.Random(5)
    vocabulary = [f"w{n}" for n in range(3000)]
    originals = [" ".join(rng.choices(vocabulary, k=rng.randint(100, 300))) for _ in range(150)]
    copies = []
    for text in originals[:60]:
        words = text.split()
        keep = words[: int(len(words) * rng.uniform(0.6, 1.0))]  # trimmed by up to 40 %
        copies.append(" ".join(["Updated:", *keep, "Copyright", "Wire"]))
    texts = originals + copies
    batch = [item(f"t{n:03}", text, hours=n) for n, text in enumerate(texts)]
    results = DuplicateIndex().assign(batch)
    signatures = [signature(t) for t in texts]
    for n, result in enumerate(results):
        assert result.signature == signatures[n]
        best = max((estimated_similarity(signatures[n], e) for e in signatures[:n]), default=0.0)
        assert (result.kind is not None) == (best >= NEAR_DUP_THRESHOLD), n
    flagged = [r.duplicate_of for r in results if r.kind is not None]
    assert len(flagged) >= 50 and all(int(root[1:]) < 60 for root in flagged)


# Changing the hashing changes every stored signature: bump the signature version instead.
PINNED_TEXT = "The quick brown fox jumps over the lazy dog near the river bank today."
PINNED_SHA256 = "359d728dbfdb4898e181c6800fd0880fb0d29d4b1a43cf8e25e5dc65f35d0b2d"


def test_signatures_are_deterministic_across_processes():
    code = (
        "from pipelines.dedupe import fingerprint as f; import sys; "
        f"sys.stdout.write(f({PINNED_TEXT!r}).signature.hex())"
    )
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            env=env,
            check=True,
            cwd=REPO_ROOT,
        )
        outputs.add(run.stdout)
    assert outputs == {signature(PINNED_TEXT).hex()}
    assert hashlib.sha256(signature(PINNED_TEXT)).hexdigest() == PINNED_SHA256
