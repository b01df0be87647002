"""Document and target-dependent sentiment: VADER per sentence, a fine-tuned encoder per target.

Document tone: the mean of VADER sentence compounds (VADER over a whole article saturates toward
±1). Tone toward a span, two methods. "model": a MiniLM encoder fine-tuned on NewsMTSC that reads
each sentence once and scores every target in it from its tokens, 8-bit ONNX run by onnxruntime
(pipelines.tone_model; about 0.8 macro-F1, a few ms per target). "cheap": a multinomial logistic
regression over TF-IDF features of the span's sentence (left/right context, neighbours, clause,
masked sentence) and VADER scores of windows around it, trained by bench/sentiment_train.py,
shipped as pipelines/data/sentiment_model.npz and run with numpy alone (about 0.68); without that
file, VADER on a window around the masked span.
A missing model or runtime is logged once and the next method down stands in; nothing crashes.

Every score is in [-1, 1] and is read with one neutral band (`sentiment_label`). The numbers behind
the constants: bench/sentiment_train.py, models/train_tone.py (sweeps) and bench/sentiment_eval.py.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import logging
import math
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from pipelines import tone_model
from pipelines.sentences import sentence_context, split_sentences

log = logging.getLogger(__name__)

MODEL_PATH = Path(__file__).parent / "data" / "sentiment_model.npz"  # the cheap linear model
MODEL_FORMAT = 1
TONE_MODEL_DIR = tone_model.MODEL_DIR  # the encoder: model.onnx, tokenizer.json, meta.json
TargetMethod = Literal["auto", "model", "cheap"]

# |score| below this is "neutral". On the NewsMTSC dev splits, labels of the model's p_pos - p_neg
# reproduce its argmax decisions best at 0.30 (83%; 0.25-0.35 is a plateau). Target scores are
# then bent so that they reproduce it exactly (`probability_scores`).
NEUTRAL_BAND = 0.30

# Fallback (no model file): VADER compound of WINDOW_TOKENS words either side of the masked target;
# a compound of ±FALLBACK_THRESHOLD maps onto the band edge. Both chosen on the dev splits.
WINDOW_TOKENS = 8
FALLBACK_THRESHOLD = 0.05
# Document tone: the mean sentence compound; a mean of ±DOCUMENT_THRESHOLD maps onto the band edge.
# Chosen on pseudo-articles of known tone (bench/sentiment_train.py, sweep_document).
DOCUMENT_THRESHOLD = 0.09

CLASSES = ("negative", "neutral", "positive")
TARGET_TOKEN = "<t>"

_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+(?:[.,]\d+)*|[^\w\s]")
_CLAUSE_BREAK_WORDS = (
    ", ; : ( ) — – -- but while whereas although though despite because after as and who which "
    "said says"
)
_CLAUSE_BREAKS = frozenset(_CLAUSE_BREAK_WORDS.split())
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})

DENSE_FEATURES = (
    "vader_sentence",
    "vader_window",
    "vader_left",
    "vader_right",
    "vader_window_pos",
    "vader_window_neg",
    "lexicon_left",
    "lexicon_right",
    "vader_clause",
)


# --- features (shared with bench/sentiment_train.py: the model is trained on exactly these) ------


@dataclass(frozen=True, slots=True)
class FeatureConfig:
    window: int = 8  # context tokens either side of the target
    sentence: bool = True  # words and VADER score of the whole (masked) sentence
    context_bigrams: bool = True
    sentence_bigrams: bool = True
    neighbours: int = 3  # position-tagged tokens right next to the target
    clause: bool = True  # words of the target's clause (cut at commas, "but", "while", ...)
    # words of the target itself: +1.5 dev points, all from name priors of US politics
    # (t:trump strongly negative, t:obama positive); a bias we do not ship
    target_tokens: bool = False


# Business-news words VADER's lexicon lacks (it has "gain" and "loss" but not "fell" or "soared"),
# on VADER's -4..4 scale; only words absent from it. Ambiguous ones ("beat", "record") left out.
# The model's VADER features are computed with them: change them, retrain (the loader warns).
_NEWS_LEXICON_TEXT = """
fell -1.5 fall -1.2 falls -1.2 falling -1.3 plunged -2.2 plunge -2.0 plunges -2.0 plunging -2.1
plummeted -2.5 plummet -2.3 slumped -1.9 slump -1.8 dropped -1.2 declined -1.2 decline -1.1
declines -1.1 tumbled -1.9 tumble -1.8 tumbling -1.9 sank -1.8 sinking -1.7 slid -1.3 crashed -2.0
sued -1.5 sues -1.5 fined -1.8 fines -1.5 penalties -1.6 probe -1.0 probes -1.0 breach -1.8
outage -1.6 outages -1.6 delays -1.3 delayed -1.1 layoffs -1.9 layoff -1.8 bankruptcy -2.6
bankrupt -2.5 downgraded -1.6 downgrade -1.5 underperformed -1.4 sanctions -1.2 alleged -0.8
allegations -1.3 indicted -2.0 convicted -2.2 slammed -1.8 blasted -1.7 flopped -2.0 stumbled -1.4
botched -2.0 censoring -1.3 scrutiny -0.8 shortfall -1.5 halted -1.0 bearish -1.8
soared 2.2 soar 2.0 soars 2.0 soaring 2.2 surged 1.9 surge 1.6 surges 1.6 surging 1.9 jumped 1.4
jumps 1.3 rallied 1.7 rally 1.4 rallies 1.4 rose 1.2 rises 1.1 climbed 1.3 skyrocketed 2.4
outperformed 1.8 outperform 1.5 outshone 1.8 upgraded 1.6 upgrade 1.2 booming 2.0 boom 1.5
thrive 2.0 thrived 2.0 thriving 2.2 breakthrough 2.2 milestone 1.5 topped 1.2 blowout 1.2
bullish 1.8 rebound 1.4 rebounded 1.5 recovered 1.3
"""


def news_lexicon_digest() -> str:
    """Fingerprint of the news words, stored with the model that was trained with them."""
    return hashlib.sha256(" ".join(_NEWS_LEXICON_TEXT.split()).encode()).hexdigest()[:16]


@functools.cache
def _vader() -> SentimentIntensityAnalyzer:
    """VADER with the business-news words added."""
    analyzer = SentimentIntensityAnalyzer()
    words = _NEWS_LEXICON_TEXT.split()
    extra = {w: float(v) for w, v in zip(words[::2], words[1::2], strict=True)}
    analyzer.lexicon.update({w: v for w, v in extra.items() if w not in analyzer.lexicon})
    return analyzer


def _tokens(text: str) -> list[str]:
    return [t.lower() for t in _TOKEN.findall(text.translate(_QUOTES))]


def _lexicon_pull(tokens: Sequence[str], nearest_first: bool) -> float:
    """Sum of VADER word valences, each divided by its distance (in tokens) to the target."""
    lexicon = _vader().lexicon
    ordered = tokens if nearest_first else reversed(tokens)
    return sum(lexicon.get(t, 0.0) / d for d, t in enumerate(ordered, 1)) / 4.0


def _clause_side(tokens: Iterable[str]) -> list[str]:
    """Tokens from the target outwards up to the first clause break."""
    out = []
    for t in tokens:
        if t in _CLAUSE_BREAKS:
            break
        out.append(t)
    return out


def target_features(
    sentence: str, start: int, end: int, cfg: FeatureConfig
) -> tuple[list[str], list[float]]:
    """Sparse feature names (repeats count) and DENSE_FEATURES values for the span of a sentence."""
    left = _tokens(sentence[:start])
    right = _tokens(sentence[end:])
    w = cfg.window
    lwin, rwin = left[-w:] if w else [], right[:w]
    masked = [*left, TARGET_TOKEN, *right]
    feats = [f"s:{t}" for t in masked] if cfg.sentence else []
    if cfg.sentence and cfg.sentence_bigrams:
        feats += [f"s2:{a}_{b}" for a, b in itertools.pairwise(masked)]
    feats += [f"l:{t}" for t in lwin] + [f"r:{t}" for t in rwin]
    if cfg.context_bigrams:
        lctx, rctx = [*lwin, TARGET_TOKEN], [TARGET_TOKEN, *rwin]
        feats += [f"l2:{a}_{b}" for a, b in itertools.pairwise(lctx)]
        feats += [f"r2:{a}_{b}" for a, b in itertools.pairwise(rctx)]
    for k in range(1, cfg.neighbours + 1):
        feats.append(f"L{k}:{left[-k] if len(left) >= k else '^'}")
        feats.append(f"R{k}:{right[k - 1] if len(right) >= k else '$'}")
    lclause, rclause = _clause_side(reversed(left)), _clause_side(right)
    if cfg.clause:
        feats += [f"c:{t}" for t in lclause] + [f"c:{t}" for t in rclause]
    if cfg.target_tokens:
        feats += [f"t:{t}" for t in _tokens(sentence[start:end])]

    vader = _vader().polarity_scores
    lw, rw = " ".join(lwin), " ".join(rwin)
    window = vader(f"{lw} it {rw}")
    dense = [
        vader(f"{sentence[:start]} it {sentence[end:]}")["compound"] if cfg.sentence else 0.0,
        window["compound"],
        vader(lw)["compound"] if lwin else 0.0,
        vader(rw)["compound"] if rwin else 0.0,
        window["pos"],
        window["neg"],
        _lexicon_pull(lwin, nearest_first=False),
        _lexicon_pull(rwin, nearest_first=True),
        vader(" ".join([*reversed(lclause), "it", *rclause]))["compound"],
    ]
    return feats, dense


# --- the shipped linear model --------------------------------------------------------------------


@dataclass(frozen=True)
class LinearModel:
    """TF-IDF (optionally sublinear tf, l2-normalised) + standardised dense features -> softmax."""

    config: FeatureConfig
    vocabulary: dict[str, int]
    idf: np.ndarray  # (n_terms,)
    sublinear_tf: bool
    dense_mean: np.ndarray  # (n_dense,)
    dense_scale: np.ndarray
    coef_terms: np.ndarray  # (n_terms, 3)
    coef_dense: np.ndarray  # (n_dense, 3)
    intercept: np.ndarray  # (3,)

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        with np.load(path, allow_pickle=False) as z:
            meta = json.loads(bytes(z["meta"]).decode())
            if meta["format"] != MODEL_FORMAT or tuple(meta["classes"]) != CLASSES:
                raise ValueError(f"{path}: unsupported model format {meta['format']}")
            if meta.get("news_lexicon") != news_lexicon_digest():
                log.warning("%s was trained with other news words; retrain it", path)
            terms = bytes(z["terms"]).decode().split("\n")
            coef = z["coef"].astype(np.float64)
            n = len(terms)
            return cls(
                config=FeatureConfig(**meta["features"]),
                vocabulary={t: i for i, t in enumerate(terms)},
                idf=z["idf"].astype(np.float64),
                sublinear_tf=meta["sublinear_tf"],
                dense_mean=z["dense_mean"].astype(np.float64),
                dense_scale=z["dense_scale"].astype(np.float64),
                coef_terms=np.ascontiguousarray(coef[:, :n].T),
                coef_dense=np.ascontiguousarray(coef[:, n:].T),
                intercept=z["intercept"].astype(np.float64),
            )

    def predict_proba(self, rows: Sequence[tuple[list[str], list[float]]]) -> np.ndarray:
        """Class probabilities (negative, neutral, positive) for featurised rows."""
        row_ids: list[int] = []
        cols: list[int] = []
        counts: list[float] = []
        for r, (feats, _) in enumerate(rows):
            tf: dict[int, int] = {}
            for f in feats:
                j = self.vocabulary.get(f)
                if j is not None:
                    tf[j] = tf.get(j, 0) + 1
            row_ids += [r] * len(tf)
            cols += tf.keys()
            counts += tf.values()
        n = len(rows)
        rid = np.asarray(row_ids, dtype=np.intp)
        col = np.asarray(cols, dtype=np.intp)
        val = np.asarray(counts, dtype=np.float64)
        if self.sublinear_tf:
            val = 1.0 + np.log(val)
        val *= self.idf[col]
        norm = np.sqrt(np.bincount(rid, weights=val * val, minlength=n))
        val /= np.where(norm > 0, norm, 1.0)[rid]
        contrib = self.coef_terms[col] * val[:, None]
        logits = np.stack(
            [np.bincount(rid, weights=contrib[:, k], minlength=n) for k in range(3)], 1
        )
        dense = np.asarray([d for _, d in rows], dtype=np.float64).reshape(n, -1)
        logits += ((dense - self.dense_mean) / self.dense_scale) @ self.coef_dense + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return p / p.sum(axis=1, keepdims=True)


@functools.lru_cache(maxsize=4)
def _load_model(path: Path) -> LinearModel | None:
    """The model at `path`, once per process; None (and one warning) when it cannot be read."""
    try:
        return LinearModel.load(path)
    except (OSError, EOFError, ValueError, KeyError, TypeError, zipfile.BadZipFile) as exc:
        log.warning("sentiment model unavailable (%s); using the VADER window fallback", exc)
        return None


# --- scores --------------------------------------------------------------------------------------


def _stretch(value: float, threshold: float) -> float:
    """Map a VADER compound onto [-1, 1] so that `threshold` lands on the neutral band's edge."""
    a = abs(value)
    if a <= threshold:
        out = a / threshold * NEUTRAL_BAND
    else:
        out = NEUTRAL_BAND + (a - threshold) / (1.0 - threshold) * (1.0 - NEUTRAL_BAND)
    return math.copysign(min(out, 1.0), value)


def probability_scores(proba: np.ndarray, band: float = NEUTRAL_BAND) -> np.ndarray:
    """Scores in [-1, 1] for rows of (p_neg, p_neu, p_pos) whose labels are the argmax classes.

    The sign is that of p_pos - p_neg; the size grows with the margin m = max(p_pos, p_neg) - p_neu
    and crosses the band exactly where m crosses 0. It stays close to p_pos - p_neg (mean gap 0.10
    on dev), which alone would reproduce only 83% of the argmax labels.
    """
    p = np.asarray(proba, dtype=np.float64).reshape(-1, 3)
    margin = np.maximum(p[:, 0], p[:, 2]) - p[:, 1]
    size = np.where(margin >= 0, band + (1.0 - band) * margin, band * (1.0 + margin))
    sign = np.where(p[:, 2] >= p[:, 0], 1.0, -1.0)
    return np.clip(sign * size, -1.0, 1.0)


def vader_window(
    sentence: str,
    start: int,
    end: int,
    window: int = WINDOW_TOKENS,
    analyzer: SentimentIntensityAnalyzer | None = None,
) -> float:
    """Raw VADER compound of `window` words either side of the span, the span itself masked."""
    left = sentence[:start].split()[-window:] if window else []
    right = sentence[end:].split()[:window]
    return (analyzer or _vader()).polarity_scores(" ".join([*left, "it", *right]))["compound"]


def _locate(
    items: Sequence[tuple[str, int, int]], splits: dict[str, list[tuple[int, int]]] | None = None
) -> list[tuple[str, int, int]]:
    """(sentence, start, end) of each span; each distinct text is split once (`splits` holds
    the sentence spans already known, by text, and gets the new ones)."""
    splits = {} if splits is None else splits
    located = []
    for text, start, end in items:
        if text not in splits:
            splits[text] = split_sentences(text)
        located.append(sentence_context(text, start, end, splits[text]))
    return located


def _cheap_scores(located: Sequence[tuple[str, int, int]]) -> list[float]:
    """The linear model's scores; the VADER window where its file is missing."""
    if not located:
        return []
    model = _load_model(MODEL_PATH)
    if model is None:
        return [_stretch(vader_window(*x), FALLBACK_THRESHOLD) for x in located]
    proba = model.predict_proba([target_features(*x, model.config) for x in located])
    return probability_scores(proba).tolist()


def tiered_target_sentiments(
    items: Sequence[tuple[str, int, int]],
    use_model: Sequence[bool],
    *,
    require_model: bool = False,
    splits: dict[str, list[tuple[int, int]]] | None = None,
) -> list[float]:
    """Tone toward each span: the encoder where `use_model` is true, the cheap method elsewhere.
    The same target in the same sentence (a sentence repeated in the title, a syndicated copy
    in the batch) is scored once. `splits`: sentence spans already known, by text.

    Without the encoder (no file, no onnxruntime) every span gets the cheap method, unless
    `require_model`, which raises instead.
    """
    if len(use_model) != len(items):
        raise ValueError(f"{len(items)} items but {len(use_model)} use_model flags")
    located = _locate(items, splits)
    model = tone_model.load_tone_model(TONE_MODEL_DIR) if any(use_model) else None
    if model is None and require_model:
        raise RuntimeError(f"tone model unavailable in {TONE_MODEL_DIR} (see the logged warning)")
    by_encoder = [model is not None and wanted for wanted in use_model]
    unique: dict[tuple[str, int, int, bool], int] = {}
    for key in zip(located, by_encoder, strict=True):
        unique.setdefault((*key[0], key[1]), len(unique))
    targets = list(unique)
    scores = [0.0] * len(targets)
    chosen = [i for i, (*_, encoder) in enumerate(targets) if encoder]
    if chosen:
        proba = model.predict_proba([targets[i][:3] for i in chosen])  # type: ignore[union-attr]
        for i, score in zip(chosen, probability_scores(proba).tolist(), strict=True):
            scores[i] = score
    rest = [i for i, (*_, encoder) in enumerate(targets) if not encoder]
    for i, score in zip(rest, _cheap_scores([targets[i][:3] for i in rest]), strict=True):
        scores[i] = score
    return [scores[unique[(*x, e)]] for x, e in zip(located, by_encoder, strict=True)]


def target_sentiments(
    items: Sequence[tuple[str, int, int]], *, method: TargetMethod = "auto"
) -> list[float]:
    """Tone toward each span (text, start, end), in [-1, 1]; texts are split once per call.

    "auto": the encoder when it loads, else the cheap method; "model": the encoder or an error;
    "cheap": the linear model (VADER window without its file).
    """
    if method not in ("auto", "model", "cheap"):
        raise ValueError(f"unknown target sentiment method {method!r}")
    flags = [method != "cheap"] * len(items)
    return tiered_target_sentiments(items, flags, require_model=method == "model")


def target_sentiment(text: str, start: int, end: int, *, method: TargetMethod = "auto") -> float:
    """Tone toward the span text[start:end], in [-1, 1]."""
    return target_sentiments([(text, start, end)], method=method)[0]


def sentence_compounds(text: str) -> list[float]:
    """VADER compound of each sentence of `text`."""
    vader = _vader().polarity_scores
    return [vader(text[s:e])["compound"] for s, e in split_sentences(text)]


def document_sentiment(text: str) -> float:
    """Tone of a whole text in [-1, 1]: the mean VADER sentence compound, stretched to the band."""
    compounds = sentence_compounds(text)
    if not compounds:
        return 0.0
    return _stretch(sum(compounds) / len(compounds), DOCUMENT_THRESHOLD)


def sentiment_label(score: float) -> str:
    """The label of any score of this module: negative, neutral or positive."""
    if score <= -NEUTRAL_BAND:
        return "negative"
    if score >= NEUTRAL_BAND:
        return "positive"
    return "neutral"


# --- one entity across an article ----------------------------------------------------------------


def evidence_index(scores: Sequence[float]) -> int:
    """The mention that carries the tone of the mean: the strongest one on its side of the band.

    Negative or positive mean: the most negative or most positive mention, whose label is then the
    same. Neutral mean: the mention closest to it, so a neutral entity is not shown with a heated
    sentence. Ties go to the earliest mention.
    """
    mean = sum(scores) / len(scores)
    label = sentiment_label(mean)
    if label == "negative":
        return min(range(len(scores)), key=lambda i: scores[i])
    if label == "positive":
        return max(range(len(scores)), key=lambda i: scores[i])
    return min(range(len(scores)), key=lambda i: abs(scores[i] - mean))
