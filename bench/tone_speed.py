"""Speed and quality of one variant of the tone encoder (pipelines/data/tone), as one JSON object.

    .venv/bin/python bench/tone_speed.py [MODEL] [--opt all] [--threads 1] [--batch 8]
        [--order sorted] [--config KEY=VALUE ...] [--hide-avx512] [--instructions] [--json OUT]

MODEL is a directory laid out like pipelines/data/tone (model.onnx, tokenizer.json, meta.json) or an
.onnx file (tokenizer from the shipped directory); default: the shipped model. Variants are built by
bench/tone_variants.py. What it measures:

* native: CPU time per target (time.process_time: all threads of this process), the minimum and
  median of --repeat passes over the 785 NewsMTSC dev targets (dev-rw + dev-mt), encoded and run as
  `ToneModel.predict_proba` does (sorted by length, batches of 8) unless --order/--batch say
  otherwise; also the session.run part alone and the padding overhead. CPU time, not wall time: the
  machine is shared, and the minimum of several passes is the least disturbed one. Wall time is
  printed too but should not be trusted here.
* --hide-avx512: the same, natively, in a process whose CPUID shows no AVX-512 / AVX-VNNI
  (bench/cpuid_avx2.c through LD_PRELOAD, Linux CPUID faulting): onnxruntime's MLAS then picks its
  AVX2 kernels, as on a Zen 3 or a pre-Ice-Lake Intel desktop.
* --instructions: re-runs itself under valgrind's callgrind (valgrind emulates an AVX2 CPU with no
  AVX-512, so MLAS takes its AVX2 path there too) and counts instructions per target over a fixed
  sample: two batches of the plan over all dev targets, the one a quarter of the way in and the
  one three quarters in (64 targets with --batch 32, padded as in production). A repeatable
  number on a busy machine, but slow: 5-30 minutes per variant here.
* quality (unless --no-quality): macro-F1 on dev-rw (343 targets, the number the model card quotes)
  and dev-mt, labels as the pipeline makes them (`probability_scores` then `sentiment_label`);
  agreement with the shipped model (labels, max |score difference|, max |probability difference|,
  both in the same process and CPU view) over all 785 dev targets; and the batch gap:
  max |score alone - score in its batch| over dev-rw (the model card's "steady" criterion).
  The score changes sign where p_pos ~ p_neg, so a tiny probability change can move it by ~1.1.
* cpu: the flags the kernel reports (/proc/cpuinfo) and what CPUID tells user space (what
  onnxruntime sees; differs under valgrind or --hide-avx512).
"""

from __future__ import annotations

import argparse
import ctypes
import json
import mmap
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipelines import tone_model as tm  # noqa: E402

DATA = Path("/work/shared/data/newsmtsc")
SPLITS = {"dev-rw": "newsmtsc-rw-dev.jsonl", "dev-mt": "newsmtsc-mt-dev.jsonl"}
POLARITY = {2.0: 0, 4.0: 1, 6.0: 2}
BUILD = Path(tempfile.gettempdir()) / "tone-speed"
OPT_LEVELS = ("disable", "basic", "extended", "all")
INSTR_BATCHES = (0.25, 0.75)  # --instructions: these quantiles of the batch plan over dev

Item = tuple[str, int, int]


# --- CPU flags -----------------------------------------------------------------------------------


def _machine_code(code: bytes, restype: Any, *argtypes: Any) -> Callable[..., Any]:
    buf = mmap.mmap(-1, mmap.PAGESIZE, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
    buf.write(code)
    address = ctypes.addressof(ctypes.c_char.from_buffer(buf))
    fn = ctypes.CFUNCTYPE(restype, *argtypes)(address)
    fn._buffer = buf  # type: ignore[attr-defined]  # keep the page alive
    return fn


# void cpuid(uint32 leaf, uint32 subleaf, uint32 out[4]): eax, ebx, ecx, edx
_CPUID = bytes.fromhex("53 4989d0 89f8 89f1 0fa2 418900 41895804 41894808 4189500c 5b c3")
# uint64 xgetbv0(void): XCR0
_XGETBV = bytes.fromhex("31c9 0f01d0 48c1e220 4809d0 c3")


def cpuid_flags() -> dict[str, bool]:
    """What CPUID and XCR0 tell this process (lscpu names), as onnxruntime's MLAS reads them."""
    if os.uname().machine not in ("x86_64", "AMD64"):
        return {}
    cpuid = _machine_code(
        _CPUID, None, ctypes.c_uint32, ctypes.c_uint32, ctypes.POINTER(ctypes.c_uint32)
    )
    regs = (ctypes.c_uint32 * 4)()

    def leaf(n: int, sub: int = 0) -> tuple[int, int, int, int]:
        cpuid(n, sub, regs)
        return regs[0], regs[1], regs[2], regs[3]

    max_leaf = leaf(0)[0]
    _, _, c1, _ = leaf(1)
    _, b7, c7, d7 = leaf(7) if max_leaf >= 7 else (0, 0, 0, 0)
    a71 = leaf(7, 1)[0] if max_leaf >= 7 else 0
    osxsave = bool(c1 >> 27 & 1)
    xcr0 = _machine_code(_XGETBV, ctypes.c_uint64)() if osxsave else 0
    ymm_os = xcr0 & 0x6 == 0x6
    zmm_os = xcr0 & 0xE6 == 0xE6
    return {
        "avx": bool(c1 >> 28 & 1) and ymm_os,
        "fma": bool(c1 >> 12 & 1) and ymm_os,
        "f16c": bool(c1 >> 29 & 1),
        "avx2": bool(b7 >> 5 & 1) and ymm_os,
        "avx512f": bool(b7 >> 16 & 1) and zmm_os,
        "avx512bw": bool(b7 >> 30 & 1) and zmm_os,
        "avx512vl": bool(b7 >> 31 & 1) and zmm_os,
        "avx512_vnni": bool(c7 >> 11 & 1) and zmm_os,
        "avx_vnni": bool(a71 >> 4 & 1) and ymm_os,
        "avx512_bf16": bool(a71 >> 5 & 1) and zmm_os,
        "amx_int8": bool(d7 >> 25 & 1),
    }


KERNEL_FLAGS = ("avx2", "fma", "avx512f", "avx512bw", "avx512_vnni", "avx_vnni", "amx_int8")


def kernel_flags() -> dict[str, bool]:
    """The flags /proc/cpuinfo lists (the kernel's view; valgrind and the shim do not change it)."""
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return {}
    found = re.search(r"^flags\s*:(.*)$", text, re.MULTILINE)
    flags = set(found.group(1).split()) if found else set()
    return {f: f in flags for f in KERNEL_FLAGS}


def cpu_model() -> str:
    try:
        found = re.search(r"^model name\s*:\s*(.*)$", Path("/proc/cpuinfo").read_text(), re.M)
    except OSError:
        return ""
    return found.group(1) if found else ""


# --- data and model ------------------------------------------------------------------------------


def load_split(name: str) -> tuple[list[Item], list[int]]:
    items, labels = [], []
    with (DATA / SPLITS[name]).open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            for t in row["targets"]:
                items.append((row["sentence_normalized"], t["from"], t["to"]))
                labels.append(POLARITY[t["polarity"]])
    return items, labels


def model_paths(model: Path) -> tuple[Path, Path]:
    """(model.onnx, directory holding tokenizer.json)."""
    if model.is_dir():
        return model / tm.MODEL_FILE, model
    return model, tm.MODEL_DIR


def make_session(path: Path, args: argparse.Namespace) -> Any:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = args.threads
    options.inter_op_num_threads = 1
    options.graph_optimization_level = {
        "disable": ort.GraphOptimizationLevel.ORT_DISABLE_ALL,
        "basic": ort.GraphOptimizationLevel.ORT_ENABLE_BASIC,
        "extended": ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
        "all": ort.GraphOptimizationLevel.ORT_ENABLE_ALL,
    }[args.opt]
    options.add_session_config_entry("session.intra_op.allow_spinning", str(int(args.spinning)))
    for entry in args.config:
        key, _, value = entry.partition("=")
        options.add_session_config_entry(key, value)
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def tokenizer(directory: Path) -> Any:
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(directory / tm.TOKENIZER_FILE))
    tok.no_truncation()
    tok.no_padding()
    return tok


def batches(rows: Sequence[Sequence[int]], size: int, order: str) -> list[list[int]]:
    """Row indices per batch: sorted by length (as the pipeline) or in input order."""
    idx = list(range(len(rows)))
    if order == "sorted":
        idx.sort(key=lambda i: len(rows[i]))
    return [idx[b : b + size] for b in range(0, len(idx), size)]


def feeds(rows: Sequence[Sequence[int]], plan: list[list[int]]) -> list[dict[str, np.ndarray]]:
    out = []
    for chunk in plan:
        ids, mask = tm.pad([rows[i] for i in chunk])
        out.append({"input_ids": ids, "attention_mask": mask})
    return out


def predict(session: Any, rows: Sequence[Sequence[int]], size: int, order: str) -> np.ndarray:
    out = np.zeros((len(rows), 3))
    plan = batches(rows, size, order)
    for chunk, feed in zip(plan, feeds(rows, plan), strict=True):
        (logits,) = session.run(None, feed)
        out[chunk] = tm.softmax(logits)
    return out


# --- measurements --------------------------------------------------------------------------------


def native_timing(session: Any, tok: Any, items: list[Item], args: argparse.Namespace) -> dict:
    rows = tm.encode(tok, items, tm.MAX_TOKENS)
    plan = batches(rows, args.batch, args.order)
    prepared = feeds(rows, plan)
    real = sum(len(r) for r in rows)
    padded = sum(f["input_ids"].size for f in prepared)
    loaded_mb = memory_mb("VmRSS")
    reset_peak()
    for feed in prepared[:2]:
        session.run(None, feed)  # warm-up: allocations, prepacked weights
    total, run_only, wall = [], [], []
    for _ in range(args.repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        encoded = tm.encode(tok, items, tm.MAX_TOKENS)
        c1 = time.process_time()
        for feed in feeds(encoded, plan):
            session.run(None, feed)
        c2, w2 = time.process_time(), time.perf_counter()
        total.append((c2 - c0) * 1000 / len(items))
        run_only.append((c2 - c1) * 1000 / len(items))
        wall.append((w2 - w0) * 1000 / len(items))
    return {
        "targets": len(items),
        "batches": len(plan),
        "repeat": args.repeat,
        "cpu_ms_per_target": round(min(total), 3),
        "cpu_ms_per_target_median": round(statistics.median(total), 3),
        "run_cpu_ms_per_target": round(min(run_only), 3),
        "wall_ms_per_target_min": round(min(wall), 3),
        "tokens_per_target": round(real / len(items), 1),
        "padding_overhead": round(padded / real - 1, 3),
        # what the runs' buffers (onnxruntime's arena) add to the loaded session, at their peak
        "peak_rss_above_session_mb": round(memory_mb("VmHWM") - loaded_mb, 1),
        "load_avg": round(os.getloadavg()[0], 2),
    }


def memory_mb(field: str) -> float:
    """This process's VmRSS or VmHWM (peak RSS), in MB."""
    status = Path("/proc/self/status").read_text()
    return int(next(ln.split()[1] for ln in status.splitlines() if ln.startswith(field))) / 1024


def reset_peak() -> None:
    """VmHWM from now on (Linux: clear_refs 5 resets the peak to the current RSS)."""
    Path("/proc/self/clear_refs").write_text("5")


def quality(session: Any, tok: Any, reference: Any, splits: dict, args: argparse.Namespace) -> dict:
    from bench.sentiment_eval import macro_f1
    from pipelines.sentiment import probability_scores, sentiment_label

    def labels(scores: np.ndarray) -> list[int]:
        names = ["negative", "neutral", "positive"]
        return [names.index(sentiment_label(float(s))) for s in scores]

    out: dict[str, Any] = {}
    scores_all, ref_all, proba_all, ref_proba_all = [], [], [], []
    for name, (items, gold) in splits.items():
        rows = tm.encode(tok, items, tm.MAX_TOKENS)
        proba = predict(session, rows, args.batch, args.order)
        scores = probability_scores(proba)
        out[f"macro_f1_{name}"] = round(macro_f1(gold, labels(scores)), 4)
        scores_all.append(scores)
        proba_all.append(proba)
        ref_rows = tm.encode(reference[1], items, tm.MAX_TOKENS)
        ref_proba_all.append(predict(reference[0], ref_rows, 32, "sorted"))
        ref_all.append(probability_scores(ref_proba_all[-1]))
        if name == "dev-rw":  # the model card's "steady": a score must not depend on its batch
            alone = np.concatenate([predict(session, [r], 1, "sorted") for r in rows])
            gap = np.abs(probability_scores(alone) - scores)
            out["batch_gap_dev-rw"] = float(gap.max())
            flips = np.array(labels(probability_scores(alone))) != np.array(labels(scores))
            out["batch_label_flips_dev-rw"] = int(flips.sum())
    s, r = np.concatenate(scores_all), np.concatenate(ref_all)
    out["vs_shipped_targets"] = len(s)
    out["vs_shipped_max_abs_score_diff"] = float(np.abs(s - r).max())
    out["vs_shipped_mean_abs_score_diff"] = float(np.abs(s - r).mean())
    # the score jumps sign where p_pos ~ p_neg, so also the probabilities themselves
    dp = np.abs(np.concatenate(proba_all) - np.concatenate(ref_proba_all))
    out["vs_shipped_max_abs_proba_diff"] = float(dp.max())
    out["vs_shipped_label_changes"] = int((np.array(labels(s)) != np.array(labels(r))).sum())
    return out


# --- re-running under valgrind or the CPUID shim -------------------------------------------------


def compiled(source: str, extra: Sequence[str] = ()) -> Path:
    src = Path(__file__).with_name(source)
    out = BUILD / src.with_suffix(".so").name
    if not out.exists() or out.stat().st_mtime < src.stat().st_mtime:
        BUILD.mkdir(parents=True, exist_ok=True)
        cmd = ["gcc", "-O2", "-shared", "-fPIC", "-o", str(out), str(src), *extra]
        subprocess.run(cmd, check=True)
    return out


def avx2_only_env() -> dict[str, str]:
    """Environment under which a child process sees a CPU without AVX-512 / VNNI (the shim)."""
    return {"LD_PRELOAD": str(compiled("cpuid_avx2.c")), "CPUID_AVX2_REQUIRED": "1"}


def child_argv(*drop: str) -> list[str]:
    """This command line without the `drop` flags and --json (the parent writes the file)."""
    argv, skip = [], False
    for a in sys.argv[1:]:
        if skip or a in drop or a.startswith("--json="):
            skip = False
            continue
        if a == "--json":
            skip = True
            continue
        argv.append(a)
    return [sys.executable, str(Path(__file__).resolve()), *argv]


def run_hidden(args: argparse.Namespace) -> dict:
    """This measurement again in a child process that sees no AVX-512 / VNNI."""
    env = os.environ | avx2_only_env()
    cmd = child_argv("--hide-avx512", "--instructions")
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def callgrind_totals(prefix: Path) -> dict[str, int]:
    """label -> Ir of each CALLGRIND_DUMP_STATS_AT part written under `prefix`."""
    out = {}
    for f in sorted(prefix.parent.glob(prefix.name + ".*")):
        text = f.read_text(errors="replace")
        label = re.search(r"^desc: Trigger: Client Request: (.*)$", text, re.M)
        total = re.search(r"^(?:totals|summary): (\d+)", text, re.M)
        if label and total:
            out[label.group(1).strip()] = int(total.group(1))
    return out


def run_instructions(args: argparse.Namespace) -> dict:
    """Instructions per target under callgrind (AVX2 CPU as valgrind emulates it)."""
    if shutil.which("valgrind") is None:
        raise SystemExit("--instructions needs valgrind (apt-get install valgrind)")
    compiled("callgrind_ctl.c")
    BUILD.mkdir(parents=True, exist_ok=True)
    prefix = Path(tempfile.mkdtemp(dir=BUILD)) / "cg.out"
    cmd = [
        "valgrind",
        "--tool=callgrind",
        "--instr-atstart=no",
        f"--callgrind-out-file={prefix}",
        *child_argv("--instructions", "--hide-avx512"),
        "--_callgrind-child",
    ]
    env = os.environ | {"PYTHONHASHSEED": "0"}
    t0 = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stderr[-4000:])
        raise SystemExit(f"valgrind run failed ({done.returncode})")
    child = json.loads(done.stdout)
    totals = callgrind_totals(prefix)
    n = child["targets"]
    out = {
        "targets": n,
        "batches": child["batches"],
        "instructions_per_target": round((totals["encode"] + totals["run"]) / n),
        "run_instructions_per_target": round(totals["run"] / n),
        "encode_instructions_per_target": round(totals["encode"] / n),
        "tokens_per_target": child["tokens_per_target"],
        "padded_tokens_per_target": child["padded_tokens_per_target"],
        "cpuid_seen_under_valgrind": child["cpuid"],
        "valgrind_wall_s": round(time.perf_counter() - t0, 1),
    }
    shutil.rmtree(prefix.parent, ignore_errors=True)
    return out


def callgrind_child(session: Any, tok: Any, items: list[Item], args: argparse.Namespace) -> dict:
    cg = ctypes.CDLL(str(BUILD / "callgrind_ctl.so"))
    cg.cg_dump.argtypes = [ctypes.c_char_p]
    rows = tm.encode(tok, items, tm.MAX_TOKENS)
    full = batches(rows, args.batch, args.order)  # the plan over all dev targets, as timed
    plan = [full[int(q * len(full))] for q in INSTR_BATCHES]
    sample = [items[i] for chunk in plan for i in chunk]
    plan = [list(range(len(plan[0]))), list(range(len(plan[0]), len(sample)))]
    rows = tm.encode(tok, sample, tm.MAX_TOKENS)
    session.run(None, feeds(rows, plan)[0])  # warm-up, not counted
    cg.cg_start()
    cg.cg_zero()
    encoded = tm.encode(tok, sample, tm.MAX_TOKENS)
    prepared = feeds(encoded, plan)
    cg.cg_dump(b"encode")
    cg.cg_zero()
    for feed in prepared:
        session.run(None, feed)
    cg.cg_dump(b"run")
    cg.cg_stop()
    return {
        "targets": len(sample),
        "batches": len(plan),
        "tokens_per_target": round(sum(len(r) for r in rows) / len(rows), 1),
        "padded_tokens_per_target": round(
            sum(f["input_ids"].size for f in prepared) / len(rows), 1
        ),
        "cpuid": cpuid_flags(),
    }


# --- main ----------------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("model", nargs="?", type=Path, default=tm.MODEL_DIR)
    ap.add_argument("--name", help="label for the JSON (default: the model's directory name)")
    ap.add_argument("--opt", choices=OPT_LEVELS, default="all", help="graph optimisation level")
    ap.add_argument("--threads", type=int, default=1, help="intra-op threads (production: 1)")
    ap.add_argument("--spinning", action="store_true", help="session.intra_op.allow_spinning=1")
    ap.add_argument("--config", action="append", default=[], help="session config KEY=VALUE")
    ap.add_argument("--batch", type=int, default=tm.BATCH_SIZE)
    ap.add_argument("--order", choices=("sorted", "input"), default="sorted")
    ap.add_argument("--repeat", type=int, default=5, help="timed passes (min and median kept)")
    ap.add_argument("--hide-avx512", action="store_true", help="measure with AVX-512/VNNI hidden")
    ap.add_argument("--instructions", action="store_true", help="also count under callgrind")
    ap.add_argument("--no-quality", action="store_true")
    ap.add_argument("--reference", type=Path, default=tm.MODEL_DIR, help="model to compare with")
    ap.add_argument("--json", type=Path, help="also write the result here")
    ap.add_argument("--_callgrind-child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.hide_avx512:
        result = run_hidden(args)
        if args.instructions:  # valgrind hides AVX-512 by itself
            result["instructions"] = run_instructions(args)
    else:
        path, tok_dir = model_paths(args.model)
        tok = tokenizer(tok_dir)
        session = make_session(path, args)
        splits = {name: load_split(name) for name in SPLITS}
        items = [x for name in SPLITS for x in splits[name][0]]
        if args._callgrind_child:
            print(json.dumps(callgrind_child(session, tok, items, args)))
            return
        result = {
            "variant": args.name or (args.model.name if args.model.is_dir() else args.model.stem),
            "model": str(path),
            "model_bytes": path.stat().st_size,
            "settings": {
                "opt": args.opt,
                "threads": args.threads,
                "spinning": args.spinning,
                "config": args.config,
                "batch": args.batch,
                "order": args.order,
            },
            "cpu": {
                "model_name": cpu_model(),
                "kernel_flags": kernel_flags(),
                "cpuid_flags": cpuid_flags(),
                "avx512_hidden": os.environ.get("CPUID_AVX2_ACTIVE") == "1",
            },
            "native": native_timing(session, tok, items, args),
        }
        if not args.no_quality:
            ref_path, ref_tok = model_paths(args.reference)
            ref_args = argparse.Namespace(**(vars(args) | {"opt": "all", "config": []}))
            reference = (make_session(ref_path, ref_args), tokenizer(ref_tok))
            result["quality"] = quality(session, tok, reference, splits, args)
        if args.instructions:
            result["instructions"] = run_instructions(args)
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(text + "\n")


if __name__ == "__main__":
    main()
