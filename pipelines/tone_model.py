"""Tone toward a target from a fine-tuned MiniLM encoder, run with onnxruntime (no torch).

The shipped model reads a sentence once and returns, for each target in it, the probabilities of
(negative, neutral, positive) from the sentence's pooled state and the mean of the target's token
states (meta.json `"pooling": "span"`). Models of the earlier form (`"pooling": "marked"`, the
default) read one sentence per target with the target marked (`… [TGT] mention [/TGT] …`).
It is trained, exported to ONNX and quantised by models/train_tone.py (see models/MODEL_CARD.md)
and shipped in pipelines/data/tone/: `model.onnx` (`model-avx2.onnx` for CPUs without VNNI),
`tokenizer.json` (a `tokenizers` fast tokenizer) and `meta.json`. Only numpy is imported here;
onnxruntime and tokenizers are imported when a model is loaded, so a missing runtime is a
fallback, not an import error. The training script imports `encode_spans` and `encode` from here:
training and inference see exactly the same token ids.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import platform
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

MODEL_DIR = Path(__file__).parent / "data" / "tone"
MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
META_FILE = "meta.json"
MODEL_FORMAT = 1
CLASSES = ("negative", "neutral", "positive")
MARK_OPEN, MARK_CLOSE = "[TGT]", "[/TGT]"
# Token budget per target; longer sentences are cropped to a window centred on the target.
MAX_TOKENS = 96
# Targets per session.run. onnxruntime's arena keeps what the largest batch needed: above the
# loaded session, 30 MB with 8, 20 with 4, 10 with 2 (and ~115 with 32), at 7.1-7.4 ms of CPU
# per NewsMTSC target with VNNI for 2 to 8; on AVX2 (fp32 kernels) 21 MB with 8, 10 with 4, at
# 9.1-9.5 ms for both; same labels (bench/tone_speed.py --batch N [--hide-avx512 --config
# session.disable_quant_qdq=1]: cpu_ms_per_target, peak_rss_above_session_mb).
BATCH_SIZE = 4
# onnxruntime threads per process: the enrichment stage already runs one worker per core, so one
# thread each; set MEDIAWATCH_TONE_THREADS for a single process (the benchmark uses 2).
THREADS_ENV = "MEDIAWATCH_TONE_THREADS"
# model.onnx stores 8-bit weights as DequantizeLinear -> MatMul (models/tone_qdq.py). Where the
# CPU multiplies int8 fast (x86 VNNI, arm64 dot products) onnxruntime runs them as int8 kernels
# ("int8"). Elsewhere (AVX2 only: Zen 3, Intel before Ice Lake) those kernels are the slow path
# (9.0 ms of CPU per NewsMTSC dev target, 6.6 with the weights made fp32 at load), and
# model-avx2.onnx runs instead ("avx2"): the same weights, Q, K, V and the first feed-forward
# MatMul as u8s8 MatMulInteger with each run's activations quantised on their own, the rest made
# fp32 at load: 5.0 ms, dev-rw macro-F1 0.820 (int8 0.824; bench/tone_kernels.py --hide-avx512,
# models/MODEL_CARD.md). MEDIAWATCH_TONE_KERNELS=int8|avx2|fp32 overrides.
KERNELS_ENV = "MEDIAWATCH_TONE_KERNELS"
AVX2_FILE = "model-avx2.onnx"


@dataclass(frozen=True)
class Kernels:
    file: str
    config: tuple[str, str]  # the session config entry that makes onnxruntime take them
    # Targets per session.run; "avx2" quantises a run's activations with one scale, so one
    # target per run keeps each score independent of the others.
    batch_size: int


_KERNELS = {
    "int8": Kernels(MODEL_FILE, ("session.qdq_matmulnbits_accuracy_level", "4"), BATCH_SIZE),
    "avx2": Kernels(AVX2_FILE, ("session.disable_quant_qdq", "1"), 1),
    "fp32": Kernels(MODEL_FILE, ("session.disable_quant_qdq", "1"), BATCH_SIZE),
}
_INT8_DOT_FLAGS = frozenset({"avx512_vnni", "avx_vnni"})


def mark_target(sentence: str, start: int, end: int) -> str:
    """The sentence with its target span wrapped in the marker tokens."""
    return f"{sentence[:start]} {MARK_OPEN} {sentence[start:end]} {MARK_CLOSE} {sentence[end:]}"


def window(length: int, first: int, last: int, max_tokens: int) -> int:
    """Where the body of a [CLS] body [SEP] row of `length` ids starts once cut to
    `max_tokens`: the window centred on the body's tokens [first, last)."""
    width = max_tokens - 2
    body = length - 2
    return min(max((first + last) // 2 - width // 2, 0), body - width) if body > width else 0


def crop(ids: Sequence[int], open_id: int, close_id: int, max_tokens: int) -> list[int]:
    """[CLS] body [SEP] cut to `max_tokens`, keeping the window of the body around the target."""
    ids = list(ids)
    if len(ids) <= max_tokens:
        return ids
    body = ids[1:-1]
    first = body.index(open_id) if open_id in body else 0
    last = body.index(close_id) if close_id in body else first
    lo = window(len(ids), first, last, max_tokens)
    return [ids[0], *body[lo : lo + max_tokens - 2], ids[-1]]


def encode(
    tokenizer: Any, items: Sequence[tuple[str, int, int]], max_tokens: int
) -> list[list[int]]:
    """Token ids ([CLS] … [SEP]) of each marked (sentence, start, end), at most max_tokens."""
    open_id = tokenizer.token_to_id(MARK_OPEN)
    close_id = tokenizer.token_to_id(MARK_CLOSE)
    encodings = tokenizer.encode_batch([mark_target(*item) for item in items])
    return [crop(e.ids, open_id, close_id, max_tokens) for e in encodings]


def span_tokens(offsets: Sequence[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """[first, last) of the tokens whose characters overlap [start, end); (0, 1), the [CLS]
    token, when none does (an empty or whitespace span)."""
    inside = [i for i, (a, b) in enumerate(offsets) if b > a and a < end and b > start]
    return (inside[0], inside[-1] + 1) if inside else (0, 1)


def encode_spans(
    tokenizer: Any, items: Sequence[tuple[str, int, int]], max_tokens: int
) -> list[tuple[list[int], int, int]]:
    """(token ids, first, last) of each (sentence, start, end): the sentence unmarked, at most
    `max_tokens` ids (cut to a window around the span), the span's tokens ids[first:last]."""
    sentences = list(dict.fromkeys(text for text, _, _ in items))
    encoded = dict(zip(sentences, tokenizer.encode_batch(sentences), strict=True))
    rows = []
    for text, start, end in items:
        ids, offsets = encoded[text].ids, encoded[text].offsets
        first, last = span_tokens(offsets, start, end)
        if len(ids) > max_tokens:
            lo = window(len(ids), first - 1, last - 1, max_tokens)
            ids = [ids[0], *ids[1 + lo : 1 + lo + max_tokens - 2], ids[-1]]
            if first:  # not the [CLS] stand-in
                first = min(max(first - lo, 1), max_tokens - 2)
                last = min(max(last - lo, first + 1), max_tokens - 1)
        rows.append((list(ids), first, last))
    return rows


def pad(rows: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray]:
    """(input_ids, attention_mask) as int64 arrays, right-padded with id 0."""
    width = max(len(r) for r in rows)
    ids = np.zeros((len(rows), width), dtype=np.int64)
    mask = np.zeros((len(rows), width), dtype=np.int64)
    for i, r in enumerate(rows):
        ids[i, : len(r)] = r
        mask[i, : len(r)] = 1
    return ids, mask


def span_weights(spans: Sequence[tuple[int, int]], width: int) -> np.ndarray:
    """(targets, width) float32: row k averages the token states spans[k] = (first, last)."""
    weights = np.zeros((len(spans), width), dtype=np.float32)
    for k, (first, last) in enumerate(spans):
        weights[k, first:last] = 1.0 / (last - first)
    return weights


def softmax(logits: np.ndarray) -> np.ndarray:
    z = np.asarray(logits, dtype=np.float64)
    z = np.exp(z - z.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)


def kernels() -> str:
    """Which kernels the encoder runs on this machine: "int8", "avx2" or "fp32" (KERNELS_ENV)."""
    forced = os.environ.get(KERNELS_ENV, "").strip().lower()
    if forced in _KERNELS:
        return forced
    return "int8" if _fast_int8() else "avx2"


def _fast_int8() -> bool:
    if platform.machine().lower() in ("arm64", "aarch64"):
        return True
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as info:
            flags = next((line for line in info if line.startswith("flags")), "")
    except OSError:  # not Linux: fp32 is never the slow choice
        return False
    return bool(_INT8_DOT_FLAGS.intersection(flags.split()))


@dataclass(frozen=True)
class ToneModel:
    """An onnxruntime session and its tokenizer; `predict_proba` over (sentence, start, end)."""

    session: Any  # onnxruntime.InferenceSession
    tokenizer: Any  # tokenizers.Tokenizer
    max_tokens: int
    meta: dict
    kernels: str  # "int8", "avx2" or "fp32"

    @classmethod
    def load(cls, directory: Path, threads: int | None = None) -> ToneModel:
        import onnxruntime as ort  # runtime-only dependencies, imported on first use
        from tokenizers import Tokenizer

        meta = json.loads((directory / META_FILE).read_text(encoding="utf-8"))
        if meta.get("format") != MODEL_FORMAT or tuple(meta.get("classes", ())) != CLASSES:
            raise ValueError(f"{directory / META_FILE}: unsupported tone model format")
        pooling = meta.get("pooling", "marked")
        markers = () if pooling == "span" else (MARK_OPEN, MARK_CLOSE)
        if pooling not in ("marked", "span") or tuple(meta.get("markers", ())) != markers:
            raise ValueError(f"{directory / META_FILE}: the model reads its targets otherwise")
        tokenizer = Tokenizer.from_file(str(directory / TOKENIZER_FILE))
        tokenizer.no_truncation()
        tokenizer.no_padding()
        if markers and tokenizer.token_to_id(MARK_OPEN) is None:
            raise ValueError(f"{directory / TOKENIZER_FILE}: no {MARK_OPEN} token")
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or int(os.environ.get(THREADS_ENV, "1"))
        options.inter_op_num_threads = 1
        # spinning threads steal the core from the other workers; they gain little here
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        chosen = kernels()
        if not (directory / _KERNELS[chosen].file).is_file():  # a model trained without one
            chosen = "fp32"
        options.add_session_config_entry(*_KERNELS[chosen].config)
        session = ort.InferenceSession(
            str(directory / _KERNELS[chosen].file), options, providers=["CPUExecutionProvider"]
        )
        return cls(session, tokenizer, int(meta.get("max_tokens", MAX_TOKENS)), meta, chosen)

    def predict_proba(
        self, items: Sequence[tuple[str, int, int]], batch_size: int | None = None
    ) -> np.ndarray:
        """(n, 3) probabilities of CLASSES; batches of similar length, returned in input order."""
        if self.meta.get("pooling") == "span":
            return self._by_sentence(items)
        out = np.zeros((len(items), 3), dtype=np.float64)
        if not items:
            return out
        batch_size = batch_size or _KERNELS[self.kernels].batch_size
        rows = encode(self.tokenizer, items, self.max_tokens)
        order = sorted(range(len(rows)), key=lambda i: len(rows[i]))
        for b in range(0, len(order), batch_size):
            chunk = order[b : b + batch_size]
            ids, mask = pad([rows[i] for i in chunk])
            (logits,) = self.session.run(None, {"input_ids": ids, "attention_mask": mask})
            out[chunk] = softmax(logits)
        return out

    def _by_sentence(self, items: Sequence[tuple[str, int, int]]) -> np.ndarray:
        """One encoder pass per sentence (per window of a long one) for all its targets."""
        out = np.zeros((len(items), 3), dtype=np.float64)
        passes: dict[tuple[int, ...], list[int]] = {}
        rows = encode_spans(self.tokenizer, items, self.max_tokens)
        for i, (ids, _, _) in enumerate(rows):
            passes.setdefault(tuple(ids), []).append(i)
        for ids, targets in passes.items():
            feed = {
                "input_ids": np.array([ids], dtype=np.int64),
                "attention_mask": np.ones((1, len(ids)), dtype=np.int64),
                "span_weights": span_weights([rows[i][1:] for i in targets], len(ids))[None],
            }
            (logits,) = self.session.run(None, feed)
            out[targets] = softmax(logits[0])
        return out


@functools.lru_cache(maxsize=4)
def load_tone_model(directory: Path = MODEL_DIR) -> ToneModel | None:
    """The model in `directory`, once per process; None (and one warning) when it cannot run."""
    try:
        return ToneModel.load(directory)
    except ImportError as exc:
        log.warning("tone model needs onnxruntime and tokenizers (%s); using the cheap method", exc)
    except Exception as exc:  # onnxruntime and tokenizers raise bare errors on a broken file
        log.warning(
            "tone model unavailable (%s: %s); using the cheap method", type(exc).__name__, exc
        )
    return None
