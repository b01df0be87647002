"""The sentiment stage: ranges, bands, batching, fallback, and a measured floor on organisations.

tests/data/org_sentiment.jsonl: hand-written tech/business sentences, each with the tone toward one
organisation or product (the sentence's own tone may differ). Offline: nothing under /work/shared.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hst

from pipelines import sentiment as st

ORG_SET = Path(__file__).parent / "data" / "org_sentiment.jsonl"

# Macro-F1 on ORG_SET, measured 0.761 (model) and 0.760 (fallback) with bench/sentiment_eval.py.
# A floor is lowered only on purpose, in its own commit.
MODEL_FLOOR = 0.72
FALLBACK_FLOOR = 0.72


def span(text: str, target: str) -> tuple[str, int, int]:
    start = text.index(target)
    return text, start, start + len(target)


def org_rows() -> list[dict]:
    with ORG_SET.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def macro_f1(gold: list[str], pred: list[str]) -> float:
    f1s = []
    for c in st.CLASSES:
        tp = sum(g == p == c for g, p in zip(gold, pred, strict=True))
        denom = gold.count(c) + pred.count(c)
        f1s.append(2 * tp / denom if denom else 0.0)
    return sum(f1s) / len(f1s)


def org_macro_f1() -> float:
    rows = org_rows()
    scores = st.target_sentiments([(r["text"], r["start"], r["end"]) for r in rows])
    return macro_f1([r["label"] for r in rows], [st.sentiment_label(s) for s in scores])


@pytest.fixture
def no_model(tmp_path, monkeypatch):
    monkeypatch.setattr(st, "MODEL_PATH", tmp_path / "absent.npz")


# --- the labelled set ---------------------------------------------------------------------------


def test_org_set_is_well_formed_and_balanced():
    rows = org_rows()
    assert len(rows) >= 60
    for r in rows:
        assert r["text"][r["start"] : r["end"]] == r["target"]
        assert r["label"] in st.CLASSES
    counts = [sum(r["label"] == c for r in rows) for c in st.CLASSES]
    assert min(counts) >= 0.8 * max(counts)


def test_model_floor_on_organisations():
    assert st.model_available()
    assert org_macro_f1() >= MODEL_FLOOR


def test_fallback_floor_on_organisations(no_model):
    assert org_macro_f1() >= FALLBACK_FLOOR


# --- ranges and bands ---------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(hst.text(max_size=300), hst.data())
def test_scores_always_in_range(text, data):
    start = data.draw(hst.integers(0, len(text)))
    end = data.draw(hst.integers(start, len(text)))
    assert -1.0 <= st.target_sentiment(text, start, end) <= 1.0
    assert -1.0 <= st.document_sentiment(text) <= 1.0


def test_empty_inputs():
    assert st.document_sentiment("") == 0.0
    assert st.target_sentiments([]) == []
    assert st.document_sentiments([]) == []
    assert -1.0 <= st.target_sentiment("", 0, 0) <= 1.0


def test_span_outside_text_is_a_bug():
    with pytest.raises(ValueError):
        st.target_sentiment("short", 2, 10)


def test_sentiment_label_bands():
    band = st.NEUTRAL_BAND
    assert 0 < band < 1
    assert st.sentiment_label(0.0) == "neutral"
    assert st.sentiment_label(band - 1e-9) == "neutral"
    assert st.sentiment_label(-band + 1e-9) == "neutral"
    assert st.sentiment_label(band) == "positive"
    assert st.sentiment_label(-band) == "negative"
    assert st.sentiment_label(1.0) == "positive"
    assert st.sentiment_label(-1.0) == "negative"


def test_probability_scores_reproduce_the_argmax():
    proba = np.random.default_rng(0).dirichlet([1, 1, 1], size=2000)
    scores = st.probability_scores(proba)
    labels = [st.CLASSES.index(st.sentiment_label(s)) for s in scores]
    assert labels == list(proba.argmax(axis=1))
    assert np.all(np.abs(scores) <= 1.0)


# --- documents ----------------------------------------------------------------------------------


MILD = (
    "The company reported decent results and customers seemed fairly satisfied with the service. "
    "Analysts said the outlook was okay and the new features were nice. "
)


def test_long_mildly_positive_article_does_not_saturate():
    article = MILD * 25  # ~600 words, every sentence mildly positive
    assert st._vader().polarity_scores(article)["compound"] > 0.99  # what we avoid
    score = st.document_sentiment(article)
    assert st.NEUTRAL_BAND <= score < 0.9


def test_document_sign_follows_the_sentences():
    bad = "The launch was a disaster. Customers were furious and the stock collapsed. " * 10
    assert st.sentiment_label(st.document_sentiment(bad)) == "negative"
    assert st.sentiment_label(st.document_sentiment("The meeting is on Tuesday.")) == "neutral"


def test_split_sentences_knows_abbreviations():
    text = (
        "Mr. Smith met Dr. Jones of Nvidia Corp. and Apple Inc. in the U.S. on Monday. "
        "J. Doe said: “It went well.” Then they left!\nA new paragraph"
    )
    got = [text[s:e] for s, e in st.split_sentences(text)]
    assert got == [
        "Mr. Smith met Dr. Jones of Nvidia Corp. and Apple Inc. in the U.S. on Monday.",
        "J. Doe said: “It went well.”",
        "Then they left!",
        "A new paragraph",
    ]


# --- targets ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "praised", "blamed"),
    [
        (
            "Huawei gained market share in China as Apple struggled with weak demand.",
            "Huawei",
            "Apple",
        ),
        (
            "OpenAI outshone Google, whose chatbot launch was widely mocked for factual errors.",
            "OpenAI",
            "Google",
        ),
    ],
)
def test_two_targets_in_one_sentence_get_their_own_tone(text, praised, blamed):
    good = st.target_sentiment(*span(text, praised))
    bad = st.target_sentiment(*span(text, blamed))
    assert good - bad > 0.5
    assert st.sentiment_label(good) != "negative"
    assert st.sentiment_label(bad) == "negative"


def test_batched_equals_unbatched():
    rows = org_rows()[:30]
    items = [(r["text"], r["start"], r["end"]) for r in rows]
    batched = st.target_sentiments(items)
    assert batched == pytest.approx([st.target_sentiment(*i) for i in items], abs=1e-12)
    texts = [MILD, "Nvidia shares fell.", ""]
    assert st.document_sentiments(texts) == [st.document_sentiment(t) for t in texts]


def test_target_in_an_article_reads_its_own_sentence():
    sentence = "Critics slammed DeepSeek for censoring questions about Tiananmen Square."
    article = f"{MILD}{sentence} {MILD}"
    _, s, e = span(sentence, "DeepSeek")
    offset = article.index(sentence)
    alone = st.target_sentiment(sentence, s, e)
    assert st.target_sentiment(article, s + offset, e + offset) == pytest.approx(alone)
    assert st.evidence_sentence(article, s + offset, e + offset) == sentence


def test_entity_sentiment_picks_the_strongest_sentence():
    text = (
        "Meta will hold its developer conference in May. "
        "Meta was fined 1.2 billion euros for illegally transferring user data. "
        "Meta owns Instagram."
    )
    spans = [(i, i + 4) for i in range(len(text)) if text.startswith("Meta", i)]
    tone = st.entity_sentiment(text, spans)
    assert tone.mentions == 3
    assert tone.evidence == "Meta was fined 1.2 billion euros for illegally transferring user data."
    assert text[tone.evidence_start : tone.evidence_end] == tone.evidence
    assert tone.evidence_score == min(st.target_sentiments([(text, s, e) for s, e in spans]))
    assert -1.0 <= tone.score <= 1.0 and tone.label == st.sentiment_label(tone.score)
    assert st.entity_sentiment(text, []).mentions == 0


# --- model file and fallback --------------------------------------------------------------------


def test_shipped_model_is_small_and_readable():
    assert st.MODEL_PATH.stat().st_size < 2_000_000
    model = st.LinearModel.load(st.MODEL_PATH)
    assert model.coef_terms.shape == (len(model.vocabulary), 3)
    assert model.coef_dense.shape == (len(st.DENSE_FEATURES), 3)


def test_missing_model_falls_back_with_one_warning(no_model, caplog):
    caplog.set_level(logging.WARNING, logger=st.__name__)
    text, s, e = span("Critics slammed DeepSeek for censoring questions.", "DeepSeek")
    first = st.target_sentiment(text, s, e)
    st.target_sentiments([(text, s, e)] * 3)
    assert [r.levelno for r in caplog.records] == [logging.WARNING]
    assert first == pytest.approx(st._stretch(st.vader_window(text, s, e), st.FALLBACK_THRESHOLD))
    assert st.sentiment_label(first) == "negative"
    assert not st.model_available()


def test_unreadable_model_falls_back(tmp_path, monkeypatch):
    for i, content in enumerate([b"", b"not a model", b"PK\x03\x04broken"]):
        path = tmp_path / f"bad{i}.npz"
        path.write_bytes(content)
        monkeypatch.setattr(st, "MODEL_PATH", path)
        assert -1.0 <= st.target_sentiment("Nvidia shares fell.", 0, 6) <= 1.0


def test_import_does_no_work():
    code = (
        "import pipelines.sentiment as s; "
        "print(s._load_model.cache_info().currsize, s._vader.cache_info().currsize)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "0"]
