"""The sentiment stage: ranges, bands, batching, fallbacks, and measured floors on organisations;
and the tone enrichment stores per entity (which method, which evidence sentence).

tests/data/org_sentiment.jsonl: hand-written tech/business sentences, each with the tone toward one
organisation or product (the sentence's own tone may differ). Offline: nothing under /work/shared.
Needs onnxruntime and tokenizers for the encoder, never torch.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hst

from pipelines import enrich, sentences
from pipelines import sentiment as st
from pipelines import tone_model as tm
from pipelines.records import Alias, Entity, Watchlist, WatchlistEntity
from tests.support.paths import DATA

ORG_SET = DATA / "org_sentiment.jsonl"

# Macro-F1 on ORG_SET with bench/sentiment_eval.py: measured 0.833 (encoder, 8-bit, shipped),
# 0.761 (linear model, "cheap") and 0.760 (VADER window, no model file). The tests score the set
# as enrichment does, through `tiered_target_sentiments`: the same numbers.
# A floor is lowered only on purpose, in its own commit.
ENCODER_FLOOR = 0.80
CHEAP_FLOOR = 0.72
FALLBACK_FLOOR = 0.72
TONE_FILES_MAX_BYTES = 25_000_000


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


def org_macro_f1(use_model: bool, *, require_model: bool = False) -> float:
    """Macro-F1 on ORG_SET, every target scored as enrichment scores it (encoder or cheap)."""
    rows = org_rows()
    items = [(r["text"], r["start"], r["end"]) for r in rows]
    flags = [use_model] * len(items)
    scores = st.tiered_target_sentiments(items, flags, require_model=require_model)
    return macro_f1([r["label"] for r in rows], [st.sentiment_label(s) for s in scores])


def encoder_loads() -> bool:
    """Whether the encoder that enrichment would use (st.TONE_MODEL_DIR) loads."""
    return tm.load_tone_model(st.TONE_MODEL_DIR) is not None


def linear_model_loads() -> bool:
    """Whether the cheap method has its linear model (st.MODEL_PATH), not the VADER window."""
    return st._load_model(st.MODEL_PATH) is not None


@pytest.fixture
def no_model(tmp_path, monkeypatch):
    """Neither the encoder nor the linear model: the VADER window."""
    monkeypatch.setattr(st, "MODEL_PATH", tmp_path / "absent.npz")
    monkeypatch.setattr(st, "TONE_MODEL_DIR", tmp_path / "absent-tone")


@pytest.fixture
def no_encoder(tmp_path, monkeypatch):
    monkeypatch.setattr(st, "TONE_MODEL_DIR", tmp_path / "absent-tone")


@pytest.fixture
def fresh_tone_cache():
    tm.load_tone_model.cache_clear()
    yield
    tm.load_tone_model.cache_clear()


# --- the labelled set ---------------------------------------------------------------------------


def test_org_set_is_well_formed_and_balanced():
    rows = org_rows()
    assert len(rows) >= 60
    for r in rows:
        assert r["text"][r["start"] : r["end"]] == r["target"]
        assert r["label"] in st.CLASSES
    counts = [sum(r["label"] == c for r in rows) for c in st.CLASSES]
    assert min(counts) >= 0.8 * max(counts)


def test_encoder_floor_on_organisations():
    assert encoder_loads()
    assert org_macro_f1(True, require_model=True) >= ENCODER_FLOOR


def test_every_kernels_hold_the_floor_and_agree(monkeypatch):
    """The encoder runs as int8 kernels (CPUs with VNNI), as the AVX2 file (u8s8 and fp32) or as
    fp32: nearly the same labels on the organisation set, the floor held by each."""
    rows = org_rows()
    items = [sentences.sentence_context(r["text"], r["start"], r["end"]) for r in rows]
    labels = {}
    for kernels in ("int8", "avx2", "fp32"):
        monkeypatch.setenv(tm.KERNELS_ENV, kernels)
        model = tm.ToneModel.load(st.TONE_MODEL_DIR)
        assert model.kernels == kernels
        scores = st.probability_scores(model.predict_proba(items))
        labels[kernels] = [st.sentiment_label(x) for x in scores]
        assert macro_f1([r["label"] for r in rows], labels[kernels]) >= ENCODER_FLOOR
    for other in ("avx2", "fp32"):
        assert sum(a != b for a, b in zip(labels["int8"], labels[other], strict=True)) <= 3


def test_avx2_scores_do_not_depend_on_the_other_targets(monkeypatch):
    """Its activations are quantised with one scale per run: one target per run keeps a score
    the same whatever else the article holds."""
    monkeypatch.setenv(tm.KERNELS_ENV, "avx2")
    model = tm.ToneModel.load(st.TONE_MODEL_DIR)
    rows = org_rows()[:12]
    items = [sentences.sentence_context(r["text"], r["start"], r["end"]) for r in rows]
    together = model.predict_proba(items)
    alone = np.vstack([model.predict_proba([item]) for item in items])
    assert np.allclose(together, alone, rtol=0, atol=1e-6)


class CountingSession:
    """The real onnxruntime session, counting its runs."""

    def __init__(self, session):
        self.session, self.runs = session, 0

    def run(self, *args, **kwargs):
        self.runs += 1
        return self.session.run(*args, **kwargs)


def test_one_encoder_pass_serves_every_target_of_a_sentence():
    model = tm.load_tone_model(st.TONE_MODEL_DIR)
    counting = CountingSession(model.session)
    model = dataclasses.replace(model, session=counting)
    first = "Regulators fined Meta while Apple shares soared and Nvidia said nothing."
    second = "Critics slammed Acme for the deadly fraud."
    items = [span(first, name) for name in ("Meta", "Apple", "Nvidia")] + [span(second, "Acme")]
    together = model.predict_proba(items)
    assert counting.runs == 2
    alone = np.vstack([model.predict_proba([item]) for item in items])
    assert np.allclose(together, alone, rtol=0, atol=1e-6)
    labels = [st.sentiment_label(x) for x in st.probability_scores(together)]
    assert labels[0] == labels[3] == "negative"


def test_a_model_without_an_avx2_file_runs_as_fp32(monkeypatch, tmp_path):
    for name in (tm.MODEL_FILE, tm.TOKENIZER_FILE, tm.META_FILE):
        (tmp_path / name).write_bytes((st.TONE_MODEL_DIR / name).read_bytes())
    monkeypatch.setenv(tm.KERNELS_ENV, "avx2")
    assert tm.ToneModel.load(tmp_path).kernels == "fp32"


def test_kernels_follow_the_cpu_unless_told(monkeypatch):
    monkeypatch.delenv(tm.KERNELS_ENV, raising=False)
    assert tm.kernels() in ("int8", "avx2")
    monkeypatch.setenv(tm.KERNELS_ENV, "FP32")
    assert tm.kernels() == "fp32"
    monkeypatch.setenv(tm.KERNELS_ENV, "nonsense")  # ignored: the CPU decides
    assert tm.kernels() in ("int8", "avx2")


def test_cheap_floor_on_organisations():
    assert linear_model_loads()
    assert org_macro_f1(False) >= CHEAP_FLOOR


def test_fallback_floor_on_organisations(no_model):
    assert org_macro_f1(True) >= FALLBACK_FLOOR  # the encoder is wanted but nothing loads


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
    assert st.tiered_target_sentiments([], []) == []
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
    got = [text[s:e] for s, e in sentences.split_sentences(text)]
    assert got == [
        "Mr. Smith met Dr. Jones of Nvidia Corp. and Apple Inc. in the U.S. on Monday.",
        "J. Doe said: “It went well.”",
        "Then they left!",
        "A new paragraph",
    ]


# --- targets ------------------------------------------------------------------------------------


COMPARATIVE = (
    "OpenAI outshone Google, whose chatbot launch was widely mocked for factual errors.",
    "OpenAI",
    "Google",
)
# The encoder reads praise carried only by a comparative verb ("outshone", "outperformed", "beat")
# as the tone of the rest of the sentence: rare in NewsMTSC's politics, common in business news.
ENCODER_MISSES_COMPARATIVES = pytest.mark.xfail(
    strict=True, reason="comparative praise against a negative clause (see models/MODEL_CARD.md)"
)
# The encoder that reads a sentence once (tokens pooled per target) gives both targets of this
# one the second clause's tone; the marked encoder before it did not. On the 184 NewsMTSC dev
# targets whose sentence holds targets of different tones the two are within one target of each
# other (accuracy 0.668 against 0.674), and on the organisation set, written for such contrasts,
# the new one scores higher (0.844 against 0.833): a miss of this sentence, not of the kind.
HUAWEI_APPLE = (
    "Huawei gained market share in China as Apple struggled with weak demand.",
    "Huawei",
    "Apple",
)
ENCODER_MISSES_THIS_CONTRAST = pytest.mark.xfail(
    strict=True, reason="two clauses of opposite tone, one pass (see models/MODEL_CARD.md)"
)


@pytest.mark.parametrize(
    ("text", "praised", "blamed", "method"),
    [
        pytest.param(*HUAWEI_APPLE, "model", marks=ENCODER_MISSES_THIS_CONTRAST),
        (*HUAWEI_APPLE, "cheap"),
        pytest.param(*COMPARATIVE, "model", marks=ENCODER_MISSES_COMPARATIVES),
        (*COMPARATIVE, "cheap"),
    ],
)
def test_two_targets_in_one_sentence_get_their_own_tone(text, praised, blamed, method):
    good = st.target_sentiment(*span(text, praised), method=method)
    bad = st.target_sentiment(*span(text, blamed), method=method)
    assert good - bad > 0.5
    assert st.sentiment_label(good) != "negative"
    assert st.sentiment_label(bad) == "negative"


@pytest.mark.parametrize(("method", "tolerance"), [("model", 1e-6), ("cheap", 1e-12)])
def test_batched_equals_unbatched(method, tolerance):
    rows = org_rows()[:30]
    items = [(r["text"], r["start"], r["end"]) for r in rows]
    flags = [method == "model"] * len(items)

    def batched(xs):
        return st.tiered_target_sentiments(xs, flags, require_model=method == "model")

    alone = [st.target_sentiment(*i, method=method) for i in items]
    assert batched(items) == pytest.approx(alone, abs=tolerance)
    assert batched(items[::-1])[::-1] == pytest.approx(alone, abs=tolerance)


def test_tiered_scores_each_item_with_its_method():
    items = [(r["text"], r["start"], r["end"]) for r in org_rows()[:12]]
    flags = [i % 3 == 0 for i in range(len(items))]
    model = st.target_sentiments(items, method="model")
    cheap = st.target_sentiments(items, method="cheap")
    got = st.tiered_target_sentiments(items, flags)
    want = [m if f else c for m, c, f in zip(model, cheap, flags, strict=True)]
    assert got == pytest.approx(want, abs=1e-6)
    assert st.target_sentiments(items) == model  # "auto" is the encoder when it loads
    with pytest.raises(ValueError):
        st.tiered_target_sentiments(items, flags[:-1])
    with pytest.raises(ValueError):
        st.target_sentiments(items, method="bert")


def test_enrichment_gives_the_encoder_to_watchlist_and_repeated_people_and_orgs(monkeypatch):
    """Watchlist entities always get the encoder; discovered people and organisations once they
    are mentioned `model_min_mentions` times; everything else the cheap method."""
    text = "Acme met Globex. Globex thanked Jane Roe. Paris and Paris again."
    labels = {"Globex": "ORG", "Jane Roe": "PERSON", "Paris": "GPE"}
    spans = [
        Entity(i, i + len(name), name, label)
        for name, label in labels.items()
        for i in range(len(text))
        if text.startswith(name, i)
    ]
    monkeypatch.setattr(enrich, "find_entities_batch", lambda texts: [spans for _ in texts])
    wanted: dict[str, set[bool]] = {}
    scored = enrich.tiered_target_sentiments

    def spy(items, use_model, **kwargs):
        for (t, start, end), flag in zip(items, use_model, strict=True):
            wanted.setdefault(t[start:end], set()).add(flag)
        return scored(items, use_model, **kwargs)

    monkeypatch.setattr(enrich, "tiered_target_sentiments", spy)
    watchlist = Watchlist((WatchlistEntity("acme", "Acme", "PRODUCT", (Alias("Acme"),)),))
    job = enrich.EnrichJob("a1", None, text, "en")
    for min_mentions, person in ((2, False), (1, True)):
        wanted.clear()
        [done] = enrich.enrich_batch([job], watchlist, model_min_mentions=min_mentions)
        assert done.error is None
        assert wanted == {
            "Acme": {True},  # watchlist, mentioned once
            "Globex": {True},  # ORG, twice
            "Jane Roe": {person},  # PERSON, once
            "Paris": {False},  # GPE, never
        }


def test_long_sentence_is_cropped_around_the_target():
    filler = "The committee met again on a rainy Tuesday to discuss procedural matters. " * 12
    text = f"{filler.replace('. ', ', ')}and critics slammed Acme for the deadly fraud."
    model = tm.load_tone_model(st.TONE_MODEL_DIR)
    assert model is not None
    ((ids, first, last),) = tm.encode_spans(model.tokenizer, [span(text, "Acme")], model.max_tokens)
    assert len(ids) == model.max_tokens
    assert model.tokenizer.decode(ids[first:last]) == "acme"
    assert st.sentiment_label(st.target_sentiment(*span(text, "Acme"))) == "negative"


def test_target_in_an_article_reads_its_own_sentence():
    sentence = "Critics slammed DeepSeek for censoring questions about Tiananmen Square."
    article = f"{MILD}{sentence} {MILD}"
    _, s, e = span(sentence, "DeepSeek")
    offset = article.index(sentence)
    alone = st.target_sentiment(sentence, s, e)
    assert st.target_sentiment(article, s + offset, e + offset) == pytest.approx(alone)
    assert sentences.evidence_sentence(article, s + offset, e + offset) == sentence


# --- one entity across an article: the evidence carries the predicted tone -----------------------


def test_enrichment_shows_the_sentence_that_carries_an_entitys_tone():
    text = (
        "Meta will hold its developer conference in May. "
        "Meta was fined 1.2 billion euros for illegally transferring user data. "
        "Regulators accused Meta of deceiving users and ordered Meta to pay damages."
    )
    meta = WatchlistEntity("meta", "Meta", "ORG", (Alias("Meta", case_sensitive=True),))
    [done] = enrich.enrich_batch([enrich.EnrichJob("a1", None, text, "en")], Watchlist((meta,)))
    assert done.error is None
    [row] = [m for m in done.mentions if m.entity_id == "meta"]
    spans = [(i, i + 4) for i in range(len(text)) if text.startswith("Meta", i)]
    scores = st.target_sentiments([(text, s, e) for s, e in spans], method="model")
    assert row.mention_count == 4
    assert row.target_sentiment == pytest.approx(sum(scores) / len(scores), abs=1e-4)
    assert st.sentiment_label(row.target_sentiment) == "negative"
    assert st.sentiment_label(min(scores)) == "negative"
    assert row.evidence == sentences.evidence_sentence(text, *spans[scores.index(min(scores))])
    assert row.evidence != "Meta will hold its developer conference in May."


@pytest.mark.parametrize(
    ("scores", "best"),
    [
        ([0.1, -0.9, -0.5], 1),  # negative mean: the most negative mention
        ([0.8, 0.9, -0.2], 1),  # positive mean: the most positive
        ([0.1, -0.9, 0.2], 0),  # neutral mean (-0.2): the mention closest to it, not the -0.9
        ([0.6, -0.6], 0),  # neutral, no neutral mention: the earliest of the closest
    ],
)
def test_evidence_index_agrees_with_the_label(scores, best):
    assert st.evidence_index(scores) == best
    mean_label = st.sentiment_label(sum(scores) / len(scores))
    if mean_label != "neutral":
        assert st.sentiment_label(scores[best]) == mean_label


# --- model files and fallbacks ------------------------------------------------------------------


def test_shipped_linear_model_is_small_and_readable():
    assert st.MODEL_PATH.stat().st_size < 2_000_000
    model = st.LinearModel.load(st.MODEL_PATH)
    assert model.coef_terms.shape == (len(model.vocabulary), 3)
    assert model.coef_dense.shape == (len(st.DENSE_FEATURES), 3)


def test_shipped_encoder_is_small_and_readable():
    for model_file in (tm.MODEL_FILE, tm.AVX2_FILE):  # a CPU loads one of the two
        files = [st.TONE_MODEL_DIR / f for f in (model_file, tm.TOKENIZER_FILE, tm.META_FILE)]
        assert sum(f.stat().st_size for f in files) <= TONE_FILES_MAX_BYTES
    meta = json.loads((st.TONE_MODEL_DIR / tm.META_FILE).read_text())
    assert tuple(meta["classes"]) == st.CLASSES == tm.CLASSES
    model = tm.load_tone_model(st.TONE_MODEL_DIR)
    assert model is not None
    assert model.predict_proba([]).shape == (0, 3)
    proba = model.predict_proba([span("Acme shares fell.", "Acme")] * 3)
    assert proba.shape == (3, 3) and np.allclose(proba.sum(axis=1), 1.0)


def test_missing_encoder_falls_back_to_the_linear_model_once(no_encoder, caplog):
    caplog.set_level(logging.WARNING)
    items = [(r["text"], r["start"], r["end"]) for r in org_rows()[:10]]
    assert st.target_sentiments(items) == st.target_sentiments(items, method="cheap")
    st.target_sentiments(items)
    st.tiered_target_sentiments(items, [True] * len(items))
    assert [r.levelno for r in caplog.records] == [logging.WARNING]
    assert "tone model unavailable" in caplog.records[0].getMessage()
    assert not encoder_loads()
    with pytest.raises(RuntimeError):
        st.target_sentiments(items, method="model")


def test_missing_onnxruntime_falls_back(monkeypatch, fresh_tone_cache, caplog):
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # import fails as if not installed
    caplog.set_level(logging.WARNING)
    text, s, e = span("Critics slammed DeepSeek for censoring questions.", "DeepSeek")
    assert st.target_sentiment(text, s, e) == st.target_sentiment(text, s, e, method="cheap")
    assert len(caplog.records) == 1 and "onnxruntime" in caplog.records[0].getMessage()


def test_unreadable_encoder_falls_back(tmp_path, monkeypatch):
    monkeypatch.setattr(st, "TONE_MODEL_DIR", tmp_path)
    text, s, e = span("Nvidia shares fell.", "Nvidia")
    cheap = st.target_sentiment(text, s, e, method="cheap")
    for i, content in enumerate([b"", b"not a model", b"\x08\x07garbage"]):
        for name in (tm.MODEL_FILE, tm.TOKENIZER_FILE, tm.META_FILE):
            (tmp_path / name).write_bytes(content)
        if i == 2:
            meta = {
                "format": 1,
                "classes": list(tm.CLASSES),
                "markers": [tm.MARK_OPEN, tm.MARK_CLOSE],
            }
            (tmp_path / tm.META_FILE).write_text(json.dumps(meta))
        tm.load_tone_model.cache_clear()
        assert st.target_sentiment(text, s, e) == cheap
    tm.load_tone_model.cache_clear()


def test_missing_model_falls_back_with_one_warning(no_model, caplog):
    caplog.set_level(logging.WARNING)
    text, s, e = span("Critics slammed DeepSeek for censoring questions.", "DeepSeek")
    first = st.target_sentiment(text, s, e)
    st.target_sentiments([(text, s, e)] * 3)
    assert [r.levelno for r in caplog.records] == [logging.WARNING] * 2  # encoder, linear model
    assert first == pytest.approx(st._stretch(st.vader_window(text, s, e), st.FALLBACK_THRESHOLD))
    assert st.sentiment_label(first) == "negative"
    assert not linear_model_loads()


def test_unreadable_model_falls_back(tmp_path, monkeypatch):
    for i, content in enumerate([b"", b"not a model", b"PK\x03\x04broken"]):
        path = tmp_path / f"bad{i}.npz"
        path.write_bytes(content)
        monkeypatch.setattr(st, "MODEL_PATH", path)
        assert -1.0 <= st.target_sentiment("Nvidia shares fell.", 0, 6, method="cheap") <= 1.0


def test_import_does_no_work_and_scoring_needs_no_torch():
    code = (
        "import sys; import pipelines.sentiment as s; "
        "print(s._load_model.cache_info().currsize, s._vader.cache_info().currsize, "
        "s.tone_model.load_tone_model.cache_info().currsize, 'onnxruntime' in sys.modules); "
        "s.target_sentiment('Acme shares fell.', 0, 4, method='model'); "
        "print('torch' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "0", "0", "False", "False"]
