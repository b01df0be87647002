"""Measure the sentiment stage: macro-F1 per method on NewsMTSC dev and our organisation set, speed.

    .venv/bin/python bench/sentiment_eval.py [--data DIR] [--fp32 DIR] [--threads 2]

Target methods: plain VADER on the whole sentence (VADER's own ±0.05 band), VADER on a window around
the masked target (the last fallback), the linear model ("cheap"), and the fine-tuned encoder
("model", int8 ONNX as shipped; --fp32 adds the unquantised export that models/train_tone.py leaves
in build/tone/runs/RUN/onnx); labels always through `sentiment_label` except the first. ms/target is
one batched call per split, onnxruntime on --threads threads. Document aggregation is compared on
pseudo-articles built from NewsMTSC sentences of known tone (see `pseudo_articles`). Needs the
runtime only (numpy, onnxruntime, tokenizers; no torch, no scikit-learn).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import numpy as np
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from pipelines import sentences
from pipelines import sentiment as st
from pipelines import tone_model as tm

DEFAULT_DATA = Path("/work/shared/data/newsmtsc")
ORG_SET = Path(__file__).resolve().parents[1] / "tests" / "data" / "org_sentiment.jsonl"
POLARITY = {2.0: 0, 4.0: 1, 6.0: 2}  # NewsMTSC polarity -> index into st.CLASSES
SPLITS = {
    "train": "train.jsonl",
    "dev-rw": "newsmtsc-rw-dev.jsonl",
    "dev-mt": "newsmtsc-mt-dev.jsonl",
}
EVAL_SETS = ("dev-rw", "dev-mt", "org")


@dataclass(frozen=True)
class Example:
    sentence: str
    start: int
    end: int
    label: int  # index into st.CLASSES


def load_newsmtsc(path: Path) -> list[Example]:
    out = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            for t in row["targets"]:
                label = POLARITY[t["polarity"]]
                out.append(Example(row["sentence_normalized"], t["from"], t["to"], label))
    return out


def load_org(path: Path = ORG_SET) -> list[Example]:
    with path.open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return [Example(r["text"], r["start"], r["end"], st.CLASSES.index(r["label"])) for r in rows]


def load_all(data: Path, splits: Sequence[str] = tuple(SPLITS)) -> dict[str, list[Example]]:
    sets = {name: load_newsmtsc(data / SPLITS[name]) for name in splits}
    sets["org"] = load_org()
    return sets


def macro_f1(gold: Sequence[int], pred: Sequence[int]) -> float:
    g, p = np.asarray(gold), np.asarray(pred)
    f1s = []
    for c in range(3):
        tp = np.sum((g == c) & (p == c))
        denom = np.sum(g == c) + np.sum(p == c)
        f1s.append(2 * tp / denom if denom else 0.0)
    return float(np.mean(f1s))


def band_labels(scores: np.ndarray, lo: float, hi: float | None = None) -> np.ndarray:
    hi = lo if hi is None else hi
    return np.where(scores <= -lo, 0, np.where(scores >= hi, 2, 1))


def labels_of(scores: Sequence[float]) -> list[int]:
    return [st.CLASSES.index(st.sentiment_label(s)) for s in scores]


def pseudo_articles(train: list[Example], n: int = 300, size: int = 30, seed: int = 7) -> list:
    """Articles of `size` NewsMTSC sentences with a known mix; tone = (n_pos - n_neg) / size.

    A sentence counts as positive/negative/neutral when all of its targets agree; the mix is drawn
    from a flat Dirichlet so tones cover the whole range. A rough stand-in for article tone (the
    labels are tone toward targets), but it has a known, graded truth.
    """
    by_sentence: dict[str, set[int]] = {}
    for x in train:
        by_sentence.setdefault(x.sentence, set()).add(x.label)
    pools = [[s for s, lab in by_sentence.items() if lab == {c}] for c in range(3)]
    rng = random.Random(seed)
    nprng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        counts = nprng.multinomial(size, nprng.dirichlet([1, 1, 1]))
        sents = [rng.choice(pools[c]) for c in range(3) for _ in range(counts[c])]
        rng.shuffle(sents)
        out.append((" ".join(sents), (counts[2] - counts[0]) / size))
    return out


# --- targets -------------------------------------------------------------------------------------


@functools.cache
def plain_vader() -> SentimentIntensityAnalyzer:
    """VADER as published, without the stage's business-news words."""
    return SentimentIntensityAnalyzer()


def vader_sentence_labels(xs: list[Example]) -> list[int]:
    """Plain VADER on the whole sentence, VADER's own ±0.05 band."""
    vader = plain_vader().polarity_scores
    return list(band_labels(np.array([vader(x.sentence)["compound"] for x in xs]), 0.05))


def plain_window_labels(xs: list[Example]) -> list[int]:
    """Plain VADER on the fallback's window around the masked target, ±FALLBACK_THRESHOLD."""
    plain = plain_vader()
    contexts = [sentences.sentence_context(x.sentence, x.start, x.end) for x in xs]
    scores = np.array([st.vader_window(*c, analyzer=plain) for c in contexts])
    return list(band_labels(scores, st.FALLBACK_THRESHOLD))


def api_labels(xs: list[Example], method: st.TargetMethod = "auto") -> list[int]:
    return labels_of(
        st.target_sentiments([(x.sentence, x.start, x.end) for x in xs], method=method)
    )


def fallback_labels(xs: list[Example]) -> list[int]:
    with mock.patch.object(st, "MODEL_PATH", Path("/nonexistent/sentiment_model.npz")):
        return api_labels(xs, "cheap")


def encoder_labels(directory: Path) -> Callable[[list[Example]], list[int]]:
    def labels(xs: list[Example]) -> list[int]:
        with mock.patch.object(st, "TONE_MODEL_DIR", directory):
            return api_labels(xs, "model")

    return labels


def timed(
    fn: Callable[[list[Example]], list[int]], xs: list[Example]
) -> tuple[list[int], float, float]:
    """fn(xs) and its wall and CPU (all threads) milliseconds per example."""
    t0, c0 = time.perf_counter(), time.process_time()
    out = fn(xs)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return out, wall * 1000 / len(xs), cpu * 1000 / len(xs)


def target_table(sets: dict[str, list[Example]], fp32: Path | None) -> None:
    warm = sets["org"][:5]
    for method in ("cheap", "model"):
        api_labels(warm, method)  # load once, outside the timings
    fallback_labels(warm[:1])  # its one warning, before the table
    plain_vader()
    methods = {
        "VADER, whole sentence": vader_sentence_labels,
        f"VADER, window ±{st.WINDOW_TOKENS} words": plain_window_labels,
        "  + news words (last fallback)": fallback_labels,
        "linear model (cheap)": functools.partial(api_labels, method="cheap"),
    }
    if fp32 is not None:
        encoder_labels(fp32)(warm)
        methods["encoder fp32 (not shipped)"] = encoder_labels(fp32)
    methods["encoder 8-bit (shipped, model)"] = functools.partial(api_labels, method="model")
    head = ("dev-rw", "dev-mt", "org")
    print(f"{'method':34s} {' '.join(f'{h:>7s}' for h in head)} {'ms/target':>10s} {'cpu ms':>7s}")
    for name, fn in methods.items():
        f1s, ms, cpu = [], [], []
        for split in EVAL_SETS:
            pred, wall_ms, cpu_ms = timed(fn, sets[split])
            f1s.append(macro_f1([x.label for x in sets[split]], pred))
            ms.append(wall_ms)
            cpu.append(cpu_ms)
        cells = " ".join(f"{v:7.3f}" for v in f1s)
        print(f"{name:34s} {cells} {np.mean(ms[:2]):10.3f} {np.mean(cpu[:2]):7.3f}")
    print("(ms/target: wall time of one batched call per split; cpu ms: all threads, same calls)")
    dev = sets["dev-rw"] + sets["dev-mt"]
    for method in ("cheap", "model"):
        t0 = time.perf_counter()
        for x in dev[:200]:
            st.target_sentiment(x.sentence, x.start, x.end, method=method)
        one = (time.perf_counter() - t0) * 1000 / 200
        print(f"{method}, one call per target: {one:.3f} ms/target (batched: see table)")


# --- documents -----------------------------------------------------------------------------------


def spearman(a: Sequence[float], b: Sequence[float]) -> float:
    ra = np.argsort(np.argsort(a)).astype(float)
    rb = np.argsort(np.argsort(b)).astype(float)
    return float(np.corrcoef(ra, rb)[0, 1])


def document_table(train: list[Example]) -> None:
    arts = pseudo_articles(train)
    tone = np.array([t for _, t in arts])
    vader = st._vader().polarity_scores
    per_article = []
    for text, _ in arts:
        spans = sentences.split_sentences(text)
        compounds = np.array([vader(text[s:e])["compound"] for s, e in spans])
        lengths = np.array([len(text[s:e].split()) for s, e in spans], dtype=float)
        per_article.append((text, compounds, lengths))

    def nonzero_mean(c: np.ndarray) -> float:
        return float(c[c != 0].mean()) if np.any(c != 0) else 0.0

    aggregators: dict[str, Callable[[str, np.ndarray, np.ndarray], float]] = {
        "VADER on the whole text": lambda t, c, w: vader(t)["compound"],
        "length-weighted mean compound": lambda t, c, w: float(np.average(c, weights=w)),
        "mean of non-zero compounds": lambda t, c, w: nonzero_mean(c),
        "sum / sqrt(n), clipped": lambda t, c, w: float(np.clip(c.sum() / np.sqrt(len(c)), -1, 1)),
        "mean compound (shipped)": lambda t, c, w: st.document_sentiment(t),
    }
    print(f"\ndocuments: {len(arts)} pseudo-articles of 30 sentences, true tone = (pos - neg) / n")
    print(f"{'aggregate':34s} {'spearman':>8s} {'|s|>=0.9':>9s} {'label F1':>9s}")
    gold = band_labels(tone, st.NEUTRAL_BAND)
    for name, fn in aggregators.items():
        scores = np.array([fn(*a) for a in per_article])
        f1 = f"{macro_f1(gold, labels_of(scores)):9.3f}" if "shipped" in name else ""
        sat = np.mean(np.abs(scores) >= 0.9)
        print(f"{name:34s} {spearman(scores, tone):8.3f} {sat:9.3f} {f1}")


def timing(sets: dict[str, list[Example]], targets: int = 20) -> None:
    """ms per 700-word article: document_sentiment, and tone toward `targets` mentions in it."""
    words, sents = 0, []
    for x in sets["dev-rw"]:
        if sents and sents[-1] == x.sentence:
            continue
        sents.append(x.sentence)
        words += len(x.sentence.split())
        if words >= 700:
            break
    article = " ".join(sents)
    spans = []
    offset = 0
    for x in sets["dev-rw"]:
        pos = article.find(x.sentence, offset)
        if pos >= 0 and len(spans) < targets:
            spans.append((pos + x.start, pos + x.end))
            offset = pos
    items = [(article, s, e) for s, e in spans]
    n = 20
    t0 = time.perf_counter()
    for _ in range(n):
        st.document_sentiment(article)
    doc = (time.perf_counter() - t0) * 1000 / n
    per_method = {}
    for method in ("cheap", "model"):
        t0 = time.perf_counter()
        for _ in range(n):
            st.target_sentiments(items, method=method)
        per_method[method] = (time.perf_counter() - t0) * 1000 / n
    print(
        f"\narticle of {len(article.split())} words, "
        f"{len(sentences.split_sentences(article))} sentences:"
    )
    print(
        f"  document_sentiment {doc:.2f} ms; target_sentiments over {len(spans)} mentions "
        f"{per_method['model']:.1f} ms (model), {per_method['cheap']:.1f} ms (cheap)"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="NewsMTSC folder")
    ap.add_argument("--fp32", type=Path, help="folder of the unquantised encoder export")
    ap.add_argument("--threads", type=int, default=2, help="onnxruntime threads (default 2)")
    args = ap.parse_args()
    os.environ[tm.THREADS_ENV] = str(args.threads)
    sets = load_all(args.data)
    tone_bytes = sum(f.stat().st_size for f in st.TONE_MODEL_DIR.glob("*"))
    print(
        f"linear model: {st.MODEL_PATH} ({st.MODEL_PATH.stat().st_size / 1e6:.2f} MB); "
        f"encoder: {st.TONE_MODEL_DIR} ({tone_bytes / 1e6:.1f} MB, {args.threads} threads); "
        f"neutral band ±{st.NEUTRAL_BAND}"
    )
    target_table(sets, args.fp32)
    document_table(sets["train"])
    timing(sets)


if __name__ == "__main__":
    main()
