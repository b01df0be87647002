"""The tone encoder's storage form: 8-bit weights as DequantizeLinear -> MatMul (QDQ), and the
file for CPUs without VNNI derived from it (`python -m models.tone_qdq DIR`).

Where the CPU multiplies int8 fast (VNNI) onnxruntime fuses each DequantizeLinear + MatMul of
model.onnx back into an int8 MatMulNBits kernel; elsewhere (AVX2 only) pipelines.tone_model loads
model-avx2.onnx, made by `to_avx2` from the same weights. `to_qdq` rewrites a MatMulNBits model
exactly: the same weights, the same scores.
Needs `onnx` (training and export environments only, never at run time).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import onnx
from onnx import helper, numpy_helper


def attribute(node: onnx.NodeProto, name: str) -> Any:
    return next(helper.get_attribute_value(a) for a in node.attribute if a.name == name)


def initializers(model: onnx.ModelProto) -> dict[str, onnx.TensorProto]:
    return {t.name: t for t in model.graph.initializer}


def nbits_int8(model: onnx.ModelProto, node: onnx.NodeProto) -> tuple[np.ndarray, np.ndarray]:
    """(q, scales) of a MatMulNBits node: q int8 (K, N), scales float32 (K / block, N).

    MatMulNBits stores B column-major in blocks, uint8 (N, K / block, block); with no zero-point
    input the zero point of 8-bit weights is 128, so weight = (q_u8 - 128) * scale.
    """
    init = initializers(model)
    if attribute(node, "bits") != 8 or len(node.input) > 3:
        raise ValueError(f"{node.name}: only 8-bit MatMulNBits without zero points is handled")
    k, n = attribute(node, "K"), attribute(node, "N")
    b = numpy_helper.to_array(init[node.input[1]]).astype(np.int16)  # (N, K/block, block)
    scales = numpy_helper.to_array(init[node.input[2]]).astype(np.float32).reshape(n, -1)
    q = (b - 128).astype(np.int8).reshape(n, -1)[:, :k].T  # (K, N)
    return np.ascontiguousarray(q), np.ascontiguousarray(scales.T)


def replace_node(model: onnx.ModelProto, old: onnx.NodeProto, new: list[onnx.NodeProto]) -> None:
    nodes = list(model.graph.node)
    i = nodes.index(old)
    del model.graph.node[:]
    model.graph.node.extend([*nodes[:i], *new, *nodes[i + 1 :]])


def drop_unused(model: onnx.ModelProto) -> None:
    used = {i for n in model.graph.node for i in n.input}
    keep = [t for t in model.graph.initializer if t.name in used]
    del model.graph.initializer[:]
    model.graph.initializer.extend(keep)


def add_initializer(model: onnx.ModelProto, array: np.ndarray, name: str) -> str:
    model.graph.initializer.append(numpy_helper.from_array(array, name))
    return name


def to_qdq(model: onnx.ModelProto) -> onnx.ModelProto:
    """Every MatMulNBits -> DequantizeLinear(int8 (K, N), scales (K/64, N), block 64) -> MatMul."""
    for node in [n for n in model.graph.node if n.op_type == "MatMulNBits"]:
        q, scales = nbits_int8(model, node)
        base = node.input[1].removesuffix("_Q8")
        qn = add_initializer(model, q, base + "_q")
        sn = add_initializer(model, scales, base + "_s")
        w = node.output[0] + "_w"
        new = [
            helper.make_node(
                "DequantizeLinear",
                [qn, sn],
                [w],
                name=node.name + "_DQ",
                axis=0,
                block_size=attribute(node, "block_size"),
            ),
            helper.make_node("MatMul", [node.input[0], w], list(node.output), node.name),
        ]
        replace_node(model, node, new)
    for op in model.opset_import:
        if op.domain in ("", "ai.onnx"):
            op.version = 21  # blocked DequantizeLinear
    model.ir_version = max(model.ir_version, 10)
    drop_unused(model)
    return model


# --- the AVX2 file ---
# Without VNNI, onnxruntime's int8 kernels for MatMulNBits are slower than fp32, its u8s8 kernels
# for MatMulInteger (activations quantised at run time, one scale per run) are not. Every MatMul
# that way lost 0.02 of dev-rw macro-F1; the attention's output projection and the feed-forward's
# second MatMul, whose inputs carry outliers, stay float (figures: models/MODEL_CARD.md).
DYNAMIC_MATMULS = ("/attention/self/query/", "/attention/self/key/", "/attention/self/value/",
                   "/intermediate/dense/")  # fmt: skip


def dequantise_blocks(q: np.ndarray, scales: np.ndarray) -> np.ndarray:
    """int8 weights (K, N) times their scales (K / block, N), repeated over each block."""
    block = -(-q.shape[0] // scales.shape[0])
    return q.astype(np.float32) * np.repeat(scales.astype(np.float32), block, axis=0)[: q.shape[0]]


def dequantised_weight(model: onnx.ModelProto, dq: onnx.NodeProto) -> np.ndarray:
    """The float weights a blocked DequantizeLinear on int8 initializers computes."""
    init = initializers(model)
    return dequantise_blocks(*(numpy_helper.to_array(init[i]) for i in dq.input[:2]))


def to_avx2(model: onnx.ModelProto, work: Path) -> onnx.ModelProto:
    """The QDQ file with the DYNAMIC_MATMULS as MatMulInteger on int8 weights per channel
    (re-quantised from the same 8-bit weights); every other weight stays as stored."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    consumers = {i: n for n in model.graph.node for i in n.input}
    for dq in [n for n in model.graph.node if n.op_type == "DequantizeLinear"]:
        matmul = consumers.get(dq.output[0])
        if matmul is not None and matmul.op_type == "MatMul" and _dynamic(matmul.name):
            add_initializer(model, dequantised_weight(model, dq), dq.output[0])
            replace_node(model, dq, [])
    drop_unused(model)
    src, dst = work / "float-parts.onnx", work / "avx2.onnx"
    onnx.save(model, str(src))
    # quantize_dynamic takes MatMuls whose weight is an initializer: exactly the ones made above
    # reduce_range: 7-bit weights, so that AVX2's u8 x s8 pair sums (vpmaddubsw) never saturate
    # their int16: the same scores with and without VNNI (8-bit weights lost 0.003 dev-rw on AVX2)
    quantize_dynamic(
        str(src), str(dst), weight_type=QuantType.QInt8, per_channel=True, reduce_range=True,
        op_types_to_quantize=["MatMul"],
    )  # fmt: skip
    return onnx.load(str(dst))


def _dynamic(name: str) -> bool:
    return any(part in name for part in DYNAMIC_MATMULS)


def write_avx2(directory: Path) -> Path:
    """directory/model-avx2.onnx from directory/model.onnx (the QDQ file)."""
    import tempfile

    from pipelines import tone_model as tm

    with tempfile.TemporaryDirectory() as work:
        model = to_avx2(onnx.load(str(directory / tm.MODEL_FILE)), Path(work))
    onnx.save(model, str(directory / tm.AVX2_FILE))
    return directory / tm.AVX2_FILE


if __name__ == "__main__":  # python -m models.tone_qdq DIR: (re)write DIR's AVX2 file
    import sys

    print(write_avx2(Path(sys.argv[1])))
