"""Build runtime variants of the shipped tone encoder for bench/tone_speed.py.

    /tmp/tonevenv/bin/python bench/tone_variants.py [--out /tmp/tone-variants] [NAME ...]

Needs `onnx`, `numpy` and `onnxruntime` (same version as the project's): run it from a separate
venv (`python3 -m venv /tmp/tonevenv && /tmp/tonevenv/bin/pip install onnx onnxruntime==1.32.0
numpy tokenizers`), never the project's. Every variant is derived from the shipped
pipelines/data/tone/model.onnx alone (the training run's fp32 weights are not in the checkout), so
"fp32" here means the shipped 8-bit weights dequantised exactly: the same function as the shipped
model, computed in float. Each variant is a directory `OUT/NAME/` with model.onnx, tokenizer.json
and meta.json (copied), loadable by `pipelines.tone_model.ToneModel.load`.

Variants (see `VARIANTS`):
  shipped      the file as is (MatMulNBits 8-bit, block 64, accuracy_level 4 = int8 compute)
  al0..al3     the same file with accuracy_level 0..3 (fp32 compute; on x86 all four take the
               same path: weights dequantised in each call, then an fp32 GEMM)
  fp32         MatMul on the dequantised weights, fp32 embedding tables (~91 MB)
  fp16w        fp32 weights stored as fp16 + Cast; onnxruntime folds the Cast at load (~46 MB)
  qdq          DequantizeLinear(int8 weights, block 64, opset 21) -> MatMul, int8 embeddings as
               shipped (~24 MB): at load onnxruntime fuses it back into MatMulNBits (accuracy
               level from session option `session.qdq_matmulnbits_accuracy_level`), or, with
               `session.disable_quant_qdq=1`, folds the DequantizeLinear into fp32 weights
  dynamic      quantize_dynamic (QOperator, int8 per-channel weights, activations per tensor)
  static-qdq   quantize_static QDQ u8s8 (weights per channel, activation ranges: min/max over 256
               NewsMTSC train targets)
  fp32-fused   fp32 after onnxruntime.transformers' BERT fusions (Attention, SkipLayerNorm, ...)
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import onnx
from onnx import helper, numpy_helper

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from models.tone_qdq import (  # noqa: E402
    add_initializer,
    dequantise_blocks,
    dequantised_weight,
    drop_unused,
    initializers,
    nbits_int8,
    replace_node,
    to_qdq,
)

SHIPPED = ROOT / "pipelines" / "data" / "tone"
TRAIN = Path("/work/shared/data/newsmtsc/train.jsonl")
DEFAULT_OUT = Path("/tmp/tone-variants")


def load_shipped() -> onnx.ModelProto:
    return onnx.load(str(SHIPPED / "model.onnx"))


def set_accuracy_level(model: onnx.ModelProto, level: int) -> onnx.ModelProto:
    for node in model.graph.node:
        if node.op_type == "MatMulNBits":
            for a in node.attribute:
                if a.name == "accuracy_level":
                    a.i = level
    return model


def _embedding_gathers(model: onnx.ModelProto) -> Iterator[tuple[onnx.NodeProto, onnx.NodeProto]]:
    """(Gather on a quantised table, its DequantizeLinear) pairs."""
    init = initializers(model)
    consumers = {i: n for n in model.graph.node for i in n.input}
    for node in list(model.graph.node):
        table = node.input[0] if node.op_type == "Gather" else ""
        if table in init and table.endswith("_quantized"):
            dq = consumers[node.output[0]]
            if dq.op_type != "DequantizeLinear":
                raise ValueError(f"{node.name}: expected a DequantizeLinear after the Gather")
            yield node, dq


def _float_embeddings(model: onnx.ModelProto, dtype: type[np.floating]) -> None:
    """Gather + DequantizeLinear on int8 tables -> Gather on float tables (+ Cast if fp16)."""
    init = initializers(model)
    for gather, dq in list(_embedding_gathers(model)):
        q = numpy_helper.to_array(init[gather.input[0]]).astype(np.float32)
        scale = numpy_helper.to_array(init[dq.input[1]]).astype(np.float32)
        zero = numpy_helper.to_array(init[dq.input[2]]).astype(np.float32)
        table = ((q - zero) * scale).astype(dtype)
        name = add_initializer(model, table, gather.input[0].removesuffix("_quantized"))
        out = dq.output[0]
        if dtype == np.float32:
            new = [helper.make_node("Gather", [name, gather.input[1]], [out], name=gather.name)]
        else:
            # Cast after the Gather (only the gathered rows are converted at run time)
            mid = out + "_fp16"
            new = [
                helper.make_node("Gather", [name, gather.input[1]], [mid], name=gather.name),
                helper.make_node("Cast", [mid], [out], to=onnx.TensorProto.FLOAT),
            ]
        replace_node(model, dq, [])
        replace_node(model, gather, new)


def to_float(model: onnx.ModelProto, dtype: type[np.floating] = np.float32) -> onnx.ModelProto:
    """Every MatMulNBits or blocked DequantizeLinear (the QDQ file) -> MatMul on its
    dequantised weights; float embedding tables."""
    for dq in [n for n in model.graph.node if n.op_type == "DequantizeLinear"]:
        if any(a.name == "block_size" for a in dq.attribute):  # weights, not the embeddings
            w = dequantised_weight(model, dq).astype(dtype)
            if dtype == np.float32:
                add_initializer(model, w, dq.output[0])
                replace_node(model, dq, [])
            else:  # stored fp16, cast once: constant folding makes it fp32 at load
                name = add_initializer(model, w, dq.output[0] + "_fp16")
                cast = helper.make_node("Cast", [name], list(dq.output), to=onnx.TensorProto.FLOAT)
                replace_node(model, dq, [cast])
    for node in [n for n in model.graph.node if n.op_type == "MatMulNBits"]:
        w = dequantise_blocks(*nbits_int8(model, node)).astype(dtype)
        name = add_initializer(model, w, node.input[1].removesuffix("_Q8") + "_w")
        if dtype == np.float32:
            new = [helper.make_node("MatMul", [node.input[0], name], list(node.output), node.name)]
        else:  # weights stored fp16, cast once: constant folding turns it into fp32 at load
            cast = name + "_fp32"
            new = [
                helper.make_node("Cast", [name], [cast], to=onnx.TensorProto.FLOAT),
                helper.make_node("MatMul", [node.input[0], cast], list(node.output), node.name),
            ]
        replace_node(model, node, new)
    _float_embeddings(model, dtype)
    drop_unused(model)
    return model


def _calibration_items(n: int = 256, seed: int = 3) -> list[tuple[str, int, int]]:
    rows = [json.loads(line) for line in TRAIN.open(encoding="utf-8")]
    items = [(r["sentence_normalized"], t["from"], t["to"]) for r in rows for t in r["targets"]]
    rng = np.random.default_rng(seed)
    return [items[i] for i in sorted(rng.choice(len(items), n, replace=False))]


def _feeds(items: list[tuple[str, int, int]], batch: int = 16) -> list[dict[str, np.ndarray]]:
    sys.path.insert(0, str(ROOT))
    from tokenizers import Tokenizer

    from pipelines import tone_model as tm

    tok = Tokenizer.from_file(str(SHIPPED / tm.TOKENIZER_FILE))
    tok.no_truncation()
    tok.no_padding()
    rows = tm.encode(tok, items, tm.MAX_TOKENS)
    rows.sort(key=len)
    out = []
    for b in range(0, len(rows), batch):
        ids, mask = tm.pad(rows[b : b + batch])
        out.append({"input_ids": ids, "attention_mask": mask})
    return out


def _preprocessed_fp32(work: Path) -> Path:
    """The fp32 variant after onnxruntime's quantisation pre-processing (shape inference)."""
    from onnxruntime.quantization.shape_inference import quant_pre_process

    src, dst = work / "fp32.onnx", work / "fp32-pre.onnx"
    onnx.save(to_float(load_shipped()), str(src))
    quant_pre_process(str(src), str(dst), skip_symbolic_shape=True)
    return dst


def build_dynamic(work: Path, dst: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    # as models/tone_export.py does for its "dynamic" variant, here from the dequantised weights
    quantize_dynamic(
        str(_preprocessed_fp32(work)), str(dst), weight_type=QuantType.QInt8, per_channel=True
    )


def build_static_qdq(work: Path, dst: Path) -> None:
    from onnxruntime.quantization import (
        CalibrationDataReader,
        CalibrationMethod,
        QuantFormat,
        QuantType,
        quantize_static,
    )

    class Reader(CalibrationDataReader):
        def __init__(self) -> None:
            self.feeds = iter(_feeds(_calibration_items()))

        def get_next(self) -> dict[str, np.ndarray] | None:
            return next(self.feeds, None)

    quantize_static(
        str(_preprocessed_fp32(work)),
        str(dst),
        Reader(),
        quant_format=QuantFormat.QDQ,
        op_types_to_quantize=["MatMul", "Gather"],
        per_channel=True,
        activation_type=QuantType.QUInt8,
        weight_type=QuantType.QInt8,
        calibrate_method=CalibrationMethod.MinMax,  # Percentile needs equal-length batches
        extra_options={"MatMulConstBOnly": True},
    )


def build_fused(work: Path, dst: Path) -> None:
    from onnxruntime.transformers.optimizer import optimize_model

    src = work / "fp32.onnx"
    onnx.save(to_float(load_shipped()), str(src))
    opt = optimize_model(str(src), model_type="bert", num_heads=12, hidden_size=384, opt_level=0)
    print("fused ops:", opt.get_fused_operator_statistics(), file=sys.stderr)
    opt.save_model_to_file(str(dst))


def _saver(fn: Callable[[], onnx.ModelProto]) -> Callable[[Path, Path], None]:
    def build(work: Path, dst: Path) -> None:
        onnx.save(fn(), str(dst))

    return build


VARIANTS: dict[str, Callable[[Path, Path], None]] = {
    "shipped": lambda work, dst: shutil.copy(SHIPPED / "model.onnx", dst),
    **{
        f"al{level}": _saver(lambda level=level: set_accuracy_level(load_shipped(), level))
        for level in range(4)
    },
    "fp32": _saver(lambda: to_float(load_shipped())),
    "fp16w": _saver(lambda: to_float(load_shipped(), np.float16)),
    "qdq": _saver(lambda: to_qdq(load_shipped())),
    "dynamic": build_dynamic,
    "static-qdq": build_static_qdq,
    "fp32-fused": build_fused,
}


def build(name: str, out: Path) -> Path:
    d = out / name
    d.mkdir(parents=True, exist_ok=True)
    work = out / "_work"
    work.mkdir(exist_ok=True)
    VARIANTS[name](work, d / "model.onnx")
    shutil.copy(SHIPPED / "tokenizer.json", d / "tokenizer.json")
    meta = json.loads((SHIPPED / "meta.json").read_text(encoding="utf-8"))
    (d / "meta.json").write_text(json.dumps(meta | {"weights": name}, indent=2) + "\n")
    onnx.checker.check_model(str(d / "model.onnx"))
    return d / "model.onnx"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("names", nargs="*", help=f"variants (default all): {', '.join(VARIANTS)}")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args()
    for name in args.names or list(VARIANTS):
        path = build(name, args.out)
        print(f"{name:12s} {path.stat().st_size / 1e6:7.1f} MB  {path}")


if __name__ == "__main__":
    main()
