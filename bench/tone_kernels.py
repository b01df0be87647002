"""Quality and CPU per target of the tone encoder on each kernels, run exactly as the pipeline runs
it (`ToneModel.predict_proba`: one encoder pass per sentence for all its targets).

    .venv/bin/python bench/tone_kernels.py [MODEL_DIR] [--kernels int8 avx2 fp32] [--hide-avx512]
        [--repeat 3] [--data DIR]

For each kernels (MEDIAWATCH_TONE_KERNELS, one child process each): macro-F1 on NewsMTSC dev-rw and
dev-mt with the pipeline's labels, CPU ms per target over all 785 dev targets (the minimum of
--repeat passes, one onnxruntime thread as in a worker), and the largest change of a probability
when each target is scored alone instead of with its sentence's other targets. --hide-avx512 runs
the children seeing an AVX2-only CPU (bench/cpuid_avx2.c), as on a Zen 3 or an Intel before Ice
Lake. Prints one JSON line per kernels. bench/tone_speed.py measures single variants of the marked
(one target per pass) form.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.sentiment_eval import DEFAULT_DATA, labels_of, load_all, macro_f1
from bench.tone_speed import avx2_only_env
from pipelines import sentiment as st
from pipelines import tone_model as tm


def measure(directory: Path, data: Path, repeat: int) -> dict:
    model = tm.ToneModel.load(directory, threads=1)
    sets = load_all(data, ("dev-rw", "dev-mt"))
    items = [(x.sentence, x.start, x.end) for name in ("dev-rw", "dev-mt") for x in sets[name]]
    model.predict_proba(items[:20])  # warm-up outside the timings
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        model.predict_proba(items)
        best = min(best, time.process_time() - started)
    out = {
        "kernels": model.kernels,
        "targets": len(items),
        "sentences": len({text for text, _, _ in items}),
        "cpu_ms_per_target": round(1000 * best / len(items), 2),
    }
    for name in ("dev-rw", "dev-mt"):
        split = [(x.sentence, x.start, x.end) for x in sets[name]]
        proba = model.predict_proba(split)
        out[name] = round(
            macro_f1([x.label for x in sets[name]], labels_of(st.probability_scores(proba))), 4
        )
        alone = np.vstack([model.predict_proba([x]) for x in split])
        out[f"alone_gap_{name}"] = float(np.abs(alone - proba).max())
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("model", nargs="?", type=Path, default=tm.MODEL_DIR)
    ap.add_argument("--kernels", nargs="+", default=["int8", "avx2", "fp32"])
    ap.add_argument("--hide-avx512", action="store_true")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(measure(args.model, args.data, args.repeat)))
        return
    env = dict(os.environ)
    if args.hide_avx512:
        env |= avx2_only_env()
    for kernels in args.kernels:
        cmd = [sys.executable, __file__, str(args.model), "--child", "--repeat", str(args.repeat)]
        cmd += ["--data", str(args.data)]
        done = subprocess.run(
            cmd, env=env | {tm.KERNELS_ENV: kernels}, capture_output=True, text=True, check=True
        )
        result = json.loads(done.stdout) | {"avx512_hidden": args.hide_avx512}
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
