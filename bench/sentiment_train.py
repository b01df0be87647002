"""Train the target-sentiment model shipped in pipelines/data/sentiment_model.npz.

    .venv/bin/python bench/sentiment_train.py [--data DIR] [--search] [--out PATH]

Fits on NewsMTSC train.jsonl only; every setting is chosen on the two dev splits (mean macro-F1 of
rw and mt). scikit-learn is needed here only: the runtime re-implements the transform and the
prediction in numpy (pipelines.sentiment.LinearModel), and this script checks that it reproduces
sklearn's probabilities. It also prints the sweeps behind NEUTRAL_BAND, the fallback window and
DOCUMENT_THRESHOLD. Takes a minute or two on 2 cores (--search: a few minutes).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np
from scipy import sparse
from sentiment_eval import (  # bench/ is on sys.path when this runs as a script
    DEFAULT_DATA,
    Example,
    band_labels,
    labels_of,
    load_all,
    macro_f1,
    pseudo_articles,
)
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from pipelines import sentences
from pipelines import sentiment as st


@dataclass(frozen=True)
class TrainConfig:
    features: st.FeatureConfig = field(default_factory=st.FeatureConfig)
    min_df: int = 2
    sublinear_tf: bool = True
    C: float = 2.0


# --- model ---------------------------------------------------------------------------------------


class Featuriser:
    """target_features for every example, cached per FeatureConfig."""

    def __init__(self, sets: dict[str, list[Example]]):
        self.sets = sets
        self._cache: dict[tuple[st.FeatureConfig, str], list] = {}

    def rows(self, cfg: st.FeatureConfig, split: str) -> list[tuple[list[str], list[float]]]:
        key = (cfg, split)
        if key not in self._cache:
            # through sentence_context as at run time: the splitter may cut a NewsMTSC "sentence"
            contexts = [
                sentences.sentence_context(x.sentence, x.start, x.end) for x in self.sets[split]
            ]
            self._cache[key] = [st.target_features(*c, cfg) for c in contexts]
        return self._cache[key]


@dataclass
class Fitted:
    cfg: TrainConfig
    vectorizer: TfidfVectorizer
    scaler: StandardScaler
    clf: LogisticRegression

    def matrix(self, rows: list) -> sparse.csr_matrix:
        terms = self.vectorizer.transform([f for f, _ in rows])
        dense = self.scaler.transform(np.asarray([d for _, d in rows]))
        return sparse.hstack([terms, sparse.csr_matrix(dense)]).tocsr()

    def proba(self, rows: list) -> np.ndarray:
        return self.clf.predict_proba(self.matrix(rows))


def fit(cfg: TrainConfig, rows: list, labels: Sequence[int]) -> Fitted:
    vec = TfidfVectorizer(
        analyzer=lambda feats: feats, min_df=cfg.min_df, sublinear_tf=cfg.sublinear_tf
    )
    vec.fit([f for f, _ in rows])
    scaler = StandardScaler().fit(np.asarray([d for _, d in rows]))
    fitted = Fitted(cfg, vec, scaler, LogisticRegression(C=cfg.C, max_iter=3000))
    # one BLAS thread: on the shared 2-core machine threads made lbfgs 8x slower, not faster
    with threadpool_limits(1):
        fitted.clf.fit(fitted.matrix(rows), labels)
    return fitted


def dev_scores(fitted: Fitted, feats: Featuriser, sets: dict) -> dict[str, float]:
    out = {}
    for split in ("dev-rw", "dev-mt", "org"):
        pred = fitted.proba(feats.rows(fitted.cfg.features, split)).argmax(1)
        out[split] = macro_f1([x.label for x in sets[split]], pred)
    out["dev"] = (out["dev-rw"] + out["dev-mt"]) / 2
    return out


def search(feats: Featuriser, sets: dict) -> TrainConfig:
    """Coordinate search from the defaults, one setting at a time, on mean dev macro-F1."""
    labels = [x.label for x in sets["train"]]
    best = TrainConfig()
    grid = {
        "sentence": [False, True],
        "window": [3, 4, 6, 8, 12],
        "context_bigrams": [False, True],
        "sentence_bigrams": [False, True],
        "neighbours": [0, 1, 2, 3],
        "clause": [False, True],
        "min_df": [1, 2, 3],
        "sublinear_tf": [False, True],
        "C": [0.3, 0.5, 1.0, 2.0, 4.0],
    }
    seen: dict[TrainConfig, dict] = {}

    def score(cfg: TrainConfig) -> float:
        if cfg not in seen:
            seen[cfg] = dev_scores(fit(cfg, feats.rows(cfg.features, "train"), labels), feats, sets)
            s = seen[cfg]
            print(
                f"  dev={s['dev']:.4f} rw={s['dev-rw']:.4f} mt={s['dev-mt']:.4f} org={s['org']:.4f}"
                f"  {cfg}"
            )
        return seen[cfg]["dev"]

    for _ in range(2):  # two passes over the settings
        for name, values in grid.items():
            for v in values:
                if name in {f.name for f in st.FeatureConfig.__dataclass_fields__.values()}:
                    cand = replace(best, features=replace(best.features, **{name: v}))
                else:
                    cand = replace(best, **{name: v})
                if score(cand) > score(best) + 1e-9:
                    best = cand
        print(f"best so far: {best} -> {seen[best]}")
    return best


def cross_validate(feats: Featuriser, sets: dict, base: TrainConfig) -> None:
    """Grouped (by sentence) 5-fold CV on train for C: dev alone is too small to pick it."""
    train = sets["train"]
    labels = np.array([x.label for x in train])
    ids: dict[str, int] = {}
    fold = np.array([ids.setdefault(x.sentence, len(ids)) for x in train]) % 5
    rows = feats.rows(base.features, "train")
    for c in (1.0, 2.0, 4.0):
        cfg, f1s = replace(base, C=c), []
        for k in range(5):
            tr, te = np.flatnonzero(fold != k), np.flatnonzero(fold == k)
            fitted = fit(cfg, [rows[i] for i in tr], labels[tr])
            f1s.append(macro_f1(labels[te], fitted.proba([rows[i] for i in te]).argmax(1)))
        print(f"  C={c}: cv macro-F1 {np.mean(f1s):.4f} +- {np.std(f1s):.4f}")


def export(fitted: Fitted, out: Path) -> None:
    vocab = fitted.vectorizer.vocabulary_
    terms = sorted(vocab, key=vocab.__getitem__)
    if any("\n" in t for t in terms):
        raise ValueError("a feature name contains a newline")
    meta = {
        "format": st.MODEL_FORMAT,
        "classes": list(st.CLASSES),
        "features": asdict(fitted.cfg.features),
        "sublinear_tf": fitted.cfg.sublinear_tf,
        "dense": list(st.DENSE_FEATURES),
        "news_lexicon": st.news_lexicon_digest(),
        "train": {"min_df": fitted.cfg.min_df, "C": fitted.cfg.C, "data": "NewsMTSC train.jsonl"},
    }
    assert list(fitted.clf.classes_) == [0, 1, 2]
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        out,
        meta=np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8),
        terms=np.frombuffer("\n".join(terms).encode(), dtype=np.uint8),
        idf=fitted.vectorizer.idf_.astype(np.float32),
        dense_mean=fitted.scaler.mean_.astype(np.float32),
        dense_scale=fitted.scaler.scale_.astype(np.float32),
        coef=fitted.clf.coef_.astype(np.float32),
        intercept=fitted.clf.intercept_.astype(np.float32),
    )


def check_export(fitted: Fitted, out: Path, sets: dict) -> None:
    """The numpy re-implementation must give sklearn's probabilities from raw text."""
    model = st.LinearModel.load(out)
    dev = sets["dev-rw"] + sets["dev-mt"]
    rows = [
        st.target_features(*sentences.sentence_context(x.sentence, x.start, x.end), model.config)
        for x in dev
    ]
    ours, theirs = model.predict_proba(rows), fitted.proba(rows)
    diff = float(np.abs(ours - theirs).max())
    agree = float(np.mean(ours.argmax(1) == theirs.argmax(1)))
    print(
        f"export check on {len(dev)} dev targets: max |p diff| = {diff:.2e}, argmax agree {agree}"
    )
    if diff > 1e-3 or agree < 0.995:
        raise SystemExit("the numpy model does not reproduce sklearn's predictions")


# --- constants -----------------------------------------------------------------------------------


def sweep_band(proba: np.ndarray, gold: Sequence[int]) -> None:
    """NEUTRAL_BAND: where labels of p_pos - p_neg best reproduce the model's argmax."""
    diff, argmax = proba[:, 2] - proba[:, 0], proba.argmax(1)
    print("neutral band sweep on dev (rw+mt): labels of p_pos - p_neg vs argmax; macro-F1 vs gold")
    for band in np.arange(0.05, 0.55, 0.05):
        lab = band_labels(diff, band)
        print(f"  {band:.2f}  agree={np.mean(lab == argmax):.4f}  F1={macro_f1(gold, lab):.4f}")
    print("argmax-consistent score (st.probability_scores) by band: mean |score - (p_pos - p_neg)|")
    for band in np.arange(0.15, 0.5, 0.05):
        gap = np.mean(np.abs(st.probability_scores(proba, band) - diff))
        print(f"  {band:.2f}  {gap:.4f}")
    lab = np.array(labels_of(st.probability_scores(proba)))
    print(
        f"  shipped (band {st.NEUTRAL_BAND}): agree={np.mean(lab == argmax):.4f} "
        f"F1={macro_f1(gold, lab):.4f}"
    )
    print("neutral margin sweep: polar only when max(p_pos, p_neg) - p_neu > delta")
    margin = np.maximum(proba[:, 0], proba[:, 2]) - proba[:, 1]
    for delta in (-0.1, -0.05, 0.0, 0.05, 0.1):
        lab = np.where(margin > delta, np.where(diff >= 0, 2, 0), 1)
        print(f"  delta={delta:+.2f}  F1={macro_f1(gold, lab):.4f}")


def sweep_fallback(sets: dict) -> None:
    """Window and compound threshold of the VADER fallback (chosen on dev, train shown too)."""
    print("fallback sweep (VADER window, target masked): window, threshold, F1 train/dev-rw/dev-mt")
    for window in (4, 6, 8, 10, 12, 50):
        comp = {
            k: np.array(
                [
                    st.vader_window(*sentences.sentence_context(x.sentence, x.start, x.end), window)
                    for x in sets[k]
                ]
            )
            for k in ("train", "dev-rw", "dev-mt")
        }
        for t in (0.05, 0.1, 0.2):
            f = [macro_f1([x.label for x in sets[k]], band_labels(comp[k], t)) for k in comp]
            print(f"  w={window:<3} t={t:.2f}  " + "  ".join(f"{v:.4f}" for v in f))


def sweep_document(train: list[Example]) -> None:
    """DOCUMENT_THRESHOLD: the mean sentence compound that best separates true-tone labels."""
    arts = pseudo_articles(train)
    means = np.array([np.mean(st.sentence_compounds(text)) for text, _ in arts])
    gold = band_labels(np.array([t for _, t in arts]), st.NEUTRAL_BAND)
    print(f"document threshold sweep on {len(arts)} pseudo-articles (true label: band on tone)")
    for t in (0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.1, 0.12, 0.15):
        print(f"  t={t:.2f}  F1={macro_f1(gold, band_labels(means, t)):.4f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="NewsMTSC folder")
    ap.add_argument("--out", type=Path, default=st.MODEL_PATH, help="where to write the model")
    ap.add_argument("--search", action="store_true", help="search the settings on dev first")
    ap.add_argument("--cv", action="store_true", help="cross-validate C on train first")
    ap.add_argument("--no-sweeps", action="store_true", help="skip the constant sweeps")
    args = ap.parse_args()

    sets = load_all(args.data)
    feats = Featuriser(sets)
    cfg = search(feats, sets) if args.search else CHOSEN
    if args.cv:
        cross_validate(feats, sets, cfg)
    t0 = time.perf_counter()
    fitted = fit(cfg, feats.rows(cfg.features, "train"), [x.label for x in sets["train"]])
    print(f"fitted {cfg} in {time.perf_counter() - t0:.1f}s: {dev_scores(fitted, feats, sets)}")
    export(fitted, args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")
    check_export(fitted, args.out, sets)
    if not args.no_sweeps:
        dev = sets["dev-rw"] + sets["dev-mt"]
        sweep_band(
            fitted.proba(feats.rows(cfg.features, "dev-rw") + feats.rows(cfg.features, "dev-mt")),
            [x.label for x in dev],
        )
        sweep_fallback(sets)
        sweep_document(sets["train"])


# The defaults: a local optimum of `--search` on dev (0.709 rw, 0.651 mt). Dev sets this small
# move by about a point between neighbours; C (2 vs 4, a tie on dev) is settled by `--cv`.
# Left out on purpose: target_tokens (see FeatureConfig).
CHOSEN = TrainConfig()

if __name__ == "__main__":
    main()
