"""Generate golden-fixture JSON files for strata's conformance tests, using PyTorch.

What it makes
-------------
Small JSON files under ``packages/core/src/testing/__fixtures__/``:

    conv2d.json           conv2d (padding int/pair/'same'/'valid', padding modes, stride,
                          dilation, groups incl. depthwise, with/without bias)
    pool2d.json           maxPool2d, avgPool2d
    adaptive-pool2d.json  adaptiveAvgPool2d, adaptiveMaxPool2d (values only)
    activations.json      softmax, logSoftmax, logsumexp, sigmoid, tanh, relu
    losses.json           crossEntropy, mseLoss
    reductions.json       var, std, mean, sum, max (with dim; values only)
    batch-norm.json       batchNorm (+ runningMeanAfter / runningVarAfter)
    matmul.json           matmul (incl. broadcast batch dims), linear
    pad.json              pad (constant / reflect / replicate / circular)
    indexing.json         x[index] and x[index] = value (see indexing_fixtures.py)
    in-place.json         in-place ops under autograd, scenario by scenario (see indexing_fixtures.py)

Each file is ``{"generator": ..., "torch": torch.__version__, "cases": [...]}`` and each case is

    {"name", "op", "inputs": {name: {"shape", "data"[, "dtype": "int32"]}, ...},   # positional order
     "args": [...], "options": {...}, "output": {...}, "dy": {...}, "grads": {name: {...}}}

``grads[k]`` is d(sum(output * dy)) / d(inputs[k]) for every float input that gets a gradient.
Inputs (and ``dy``) are float32 values drawn with ``torch.randn`` and stored as the exact
decimal of that float32 value, so they load losslessly into float32 or float64 tensors.
Everything is computed in float64; outputs and grads are rounded to 9 significant digits.
The strata call a case describes is ``op(...inputs, ...args, options)`` where tensor
arguments follow the key order of ``inputs``.

How to run (from the repository root)
-------------------------------------
Create the reference venv once (it is git-ignored), as docs/reference-pytorch.md describes::

    python3 -m venv .venv-ref && .venv-ref/bin/pip install torch==2.13.0 numpy

then regenerate all fixtures::

    .venv-ref/bin/python packages/core/scripts/make-fixtures.py

The script is deterministic (fixed seeds) and, after writing, reloads every file and
recomputes each case from the JSON alone (plus a few independent cross-checks), failing
loudly on any mismatch. Tests never run Python; they only read the committed JSON.
"""

from __future__ import annotations

import json
import math
import os
import sys
import warnings
from pathlib import Path

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parent))
import indexing_fixtures  # noqa: E402

GENERATOR = "packages/core/scripts/make-fixtures.py"
REPO_ROOT = Path(__file__).resolve().parents[3]
OUT_DIR = REPO_ROOT / "packages" / "core" / "src" / "testing" / "__fixtures__"
MAX_FILE_BYTES = 200 * 1024

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)
# Expected: torch warns that 'same' with an even kernel copies a zero-padded input.
warnings.filterwarnings("ignore", message="Using padding='same' with even kernel")


# ---------------------------------------------------------------------------
# Input generation and serialization
# ---------------------------------------------------------------------------


class Rng:
    """Per-case generator: distinct seed per case, float32-exact values in float64."""

    def __init__(self, seed: int):
        self.g = torch.Generator().manual_seed(seed)

    def randn(self, *shape, scale: float = 1.0, shift: float = 0.0) -> torch.Tensor:
        t = torch.randn(tuple(shape), generator=self.g, dtype=torch.float32)
        t = (t * scale + shift).to(torch.float32)  # keep values float32-representable
        return t.to(torch.float64)

    def rand(self, *shape, lo: float = 0.0, hi: float = 1.0) -> torch.Tensor:
        t = torch.rand(tuple(shape), generator=self.g, dtype=torch.float32)
        t = (t * (hi - lo) + lo).to(torch.float32)
        return t.to(torch.float64)

    def randint(self, high: int, *shape) -> torch.Tensor:
        return torch.randint(0, high, shape, generator=self.g, dtype=torch.int64)


def _round9(v: float) -> float:
    if not math.isfinite(v):
        raise ValueError(f"non-finite value {v}")
    return float(f"{v:.9g}")


def ser_input(t: torch.Tensor) -> dict:
    """Exact serialization of an input (float32-representable float64, or integer)."""
    if t.dtype in (torch.int32, torch.int64):
        return {"shape": list(t.shape), "data": [int(v) for v in t.reshape(-1).tolist()], "dtype": "int32"}
    flat = t.detach().reshape(-1).tolist()
    for v in flat:
        if not math.isfinite(v):
            raise ValueError("non-finite input")
        if float(torch.tensor(v, dtype=torch.float32).item()) != v:
            raise ValueError(f"input {v!r} not float32-representable")
    return {"shape": list(t.shape), "data": flat}


def ser_output(t: torch.Tensor) -> dict:
    return {"shape": list(t.shape), "data": [_round9(v) for v in t.detach().reshape(-1).tolist()]}


def deser(obj: dict) -> torch.Tensor:
    if obj.get("dtype") == "int32":
        return torch.tensor(obj["data"], dtype=torch.int64).reshape(obj["shape"])
    return torch.tensor(obj["data"], dtype=torch.float64).reshape(obj["shape"])


# ---------------------------------------------------------------------------
# strata op  ->  torch reference (the single source of semantics)
# ---------------------------------------------------------------------------


def _pair(v):
    return (v, v) if isinstance(v, int) else tuple(v)


def conv2d_explicit_pads(weight: torch.Tensor, padding, dilation) -> list[int]:
    """F.pad-order [left, right, top, bottom] for a conv padding spec.

    'same' follows torch: total = dilation * (k - 1); the smaller half goes first
    (top/left) and the extra element for odd totals (even kernels) goes last
    (bottom/right).
    """
    kh, kw = weight.shape[-2:]
    dh, dw = _pair(dilation)
    if padding == "valid":
        return [0, 0, 0, 0]
    if padding == "same":
        th, tw = dh * (kh - 1), dw * (kw - 1)
        return [tw // 2, tw - tw // 2, th // 2, th - th // 2]
    ph, pw = _pair(padding)
    return [pw, pw, ph, ph]


def ref_conv2d(x, weight, bias=None, *, stride=1, padding=0, dilation=1, groups=1, paddingMode="zeros"):
    pad = tuple(padding) if isinstance(padding, list) else padding
    if paddingMode == "zeros":
        return F.conv2d(x, weight, bias, _pair(stride), pad, _pair(dilation), groups)
    xp = F.pad(x, conv2d_explicit_pads(weight, padding, dilation), mode=paddingMode)
    return F.conv2d(xp, weight, bias, _pair(stride), 0, _pair(dilation), groups)


def _tup(v):
    return tuple(v) if isinstance(v, list) else v


# The activations conv2d, linear and batchNorm apply in their kernels (strata's `activation` option).
ACTIVATIONS = {"relu": F.relu, "sigmoid": torch.sigmoid, "tanh": torch.tanh}


def without_activation(options: dict):
    """The options without `activation`, and the PyTorch function it names (identity if absent)."""
    rest = {k: v for k, v in options.items() if k != "activation"}
    return rest, ACTIVATIONS.get(options.get("activation"), lambda t: t)


def call_ref(op: str, tensors: list, args: list, options: dict) -> torch.Tensor:
    o, activation = without_activation(options)
    if op in ("conv2d", "linear"):
        return activation(ref_conv2d(*tensors, **o) if op == "conv2d" else F.linear(*tensors))
    if op == "maxPool2d":
        (x,) = tensors
        return F.max_pool2d(
            x, _tup(args[0]), stride=_tup(o.get("stride")) if "stride" in o else None,
            padding=_tup(o.get("padding", 0)), dilation=_tup(o.get("dilation", 1)),
            ceil_mode=o.get("ceilMode", False),
        )
    if op == "avgPool2d":
        (x,) = tensors
        return F.avg_pool2d(
            x, _tup(args[0]), stride=_tup(o.get("stride")) if "stride" in o else None,
            padding=_tup(o.get("padding", 0)), ceil_mode=o.get("ceilMode", False),
            count_include_pad=o.get("countIncludePad", True), divisor_override=o.get("divisorOverride"),
        )
    if op == "adaptiveAvgPool2d":
        return F.adaptive_avg_pool2d(tensors[0], _tup(args[0]))
    if op == "adaptiveMaxPool2d":
        return F.adaptive_max_pool2d(tensors[0], _tup(args[0]))
    if op == "softmax":
        return F.softmax(tensors[0], dim=args[0])
    if op == "logSoftmax":
        return F.log_softmax(tensors[0], dim=args[0])
    if op == "logsumexp":
        return torch.logsumexp(tensors[0], dim=_tup(args[0]), keepdim=args[1] if len(args) > 1 else False)
    if op == "sigmoid":
        return torch.sigmoid(tensors[0])
    if op == "tanh":
        return torch.tanh(tensors[0])
    if op == "relu":
        return F.relu(tensors[0])
    if op == "crossEntropy":
        logits, target = tensors
        return F.cross_entropy(
            logits,
            target.long(),
            reduction=o.get("reduction", "mean"),
            label_smoothing=o.get("labelSmoothing", 0.0),
            ignore_index=o.get("ignoreIndex", -100),
        )
    if op == "mseLoss":
        return F.mse_loss(tensors[0], tensors[1], reduction=o.get("reduction", "mean"))
    if op in ("var", "std"):
        fn = torch.var if op == "var" else torch.std
        dim = _tup(args[0]) if args else None
        return fn(tensors[0], dim=dim, correction=o.get("correction", 1), keepdim=o.get("keepdim", False))
    if op in ("mean", "sum"):
        fn = torch.mean if op == "mean" else torch.sum
        if not args:
            return fn(tensors[0])
        return fn(tensors[0], dim=_tup(args[0]), keepdim=args[1] if len(args) > 1 else False)
    if op == "max":
        return torch.max(tensors[0], dim=args[0], keepdim=args[1] if len(args) > 1 else False).values
    if op == "batchNorm":
        raise AssertionError("batchNorm handled by ref_batch_norm")
    if op == "matmul":
        return torch.matmul(*tensors)
    if op == "pad":
        return F.pad(tensors[0], list(args[0]), mode=o.get("mode", "constant"), value=o.get("value", None))
    raise KeyError(op)


BN_GRAD_INPUTS = ("x", "weight", "bias")


def ref_batch_norm(inputs: dict, options: dict):
    """Returns (output, runningMeanAfter, runningVarAfter)."""
    rm = inputs["runningMean"].detach().clone()
    rv = inputs["runningVar"].detach().clone()
    o, activation = without_activation(options)
    out = F.batch_norm(
        inputs["x"], rm, rv, inputs.get("weight"), inputs.get("bias"),
        training=o["training"], momentum=o["momentum"], eps=o["eps"],
    )
    return activation(out), rm, rv


# ---------------------------------------------------------------------------
# Case construction
# ---------------------------------------------------------------------------


class FixtureFile:
    def __init__(self, filename: str, seed_base: int):
        self.filename = filename
        self.seed_base = seed_base
        self.cases: list[dict] = []

    def rng(self) -> Rng:
        # distinct seed per case (case index within the file + per-file base)
        return Rng(self.seed_base + len(self.cases))

    def add(self, name, op, inputs: dict, args=None, options=None, *, rng: Rng, grads_for=None):
        args = [] if args is None else args
        options = {} if options is None else options
        if any(c["name"] == name for c in self.cases):
            raise ValueError(f"duplicate case name {name!r}")
        leaves = {}
        for k, t in inputs.items():
            if t.is_floating_point() and (grads_for is None or k in grads_for):
                leaves[k] = t.detach().clone().requires_grad_(True)
            else:
                leaves[k] = t.detach().clone()
        extra = {}
        if op == "batchNorm":
            out, rm_after, rv_after = ref_batch_norm(leaves, options)
            extra = {"runningMeanAfter": ser_output(rm_after), "runningVarAfter": ser_output(rv_after)}
        else:
            out = call_ref(op, list(leaves.values()), args, options)
        assert out.dtype == torch.float64, (name, out.dtype)
        case = {
            "name": name,
            "op": op,
            "inputs": {k: ser_input(t) for k, t in inputs.items()},
            "args": args,
            "options": options,
            "output": ser_output(out),
        }
        grad_keys = [k for k, t in leaves.items() if t.requires_grad]
        if grad_keys:
            dy = rng.randn(*out.shape)
            gs = torch.autograd.grad((out * dy).sum(), [leaves[k] for k in grad_keys])
            case["dy"] = ser_input(dy)
            case["grads"] = {k: ser_output(g) for k, g in zip(grad_keys, gs)}
        case.update(extra)
        self.cases.append(case)

    def write(self) -> Path:
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        path = OUT_DIR / self.filename
        head = {"generator": GENERATOR, "torch": torch.__version__}
        lines = ["{"]
        for k, v in head.items():
            lines.append(f"  {json.dumps(k)}: {json.dumps(v)},")
        lines.append('  "cases": [')
        body = [
            "    " + json.dumps(c, separators=(",", ":"), allow_nan=False) for c in self.cases
        ]
        lines.append(",\n".join(body))
        lines.append("  ]")
        lines.append("}")
        text = "\n".join(lines) + "\n"
        path.write_text(text)
        size = path.stat().st_size
        if size >= MAX_FILE_BYTES:
            raise RuntimeError(f"{path.name} is {size} bytes (limit {MAX_FILE_BYTES})")
        return path


# ---------------------------------------------------------------------------
# conv2d.json
# ---------------------------------------------------------------------------


def make_conv2d() -> FixtureFile:
    f = FixtureFile("conv2d.json", 1000)

    def conv(name, x_shape, w_shape, bias=True, **opts):
        r = f.rng()
        inputs = {"x": r.randn(*x_shape), "weight": r.randn(*w_shape, scale=0.5)}
        if bias:
            inputs["bias"] = r.randn(w_shape[0], scale=0.5)
        f.add(name, "conv2d", inputs, [], opts, rng=r)

    conv("conv2d 3x3 no padding with bias", [2, 3, 4, 5], [3, 3, 3, 3])
    conv("conv2d 3x3 no padding without bias", [2, 2, 5, 4], [3, 2, 3, 3], bias=False)
    conv("conv2d padding int 1", [2, 2, 4, 5], [3, 2, 3, 3], padding=1)
    conv("conv2d padding pair [1, 2] kernel 3x5", [2, 2, 4, 6], [3, 2, 3, 5], padding=[1, 2])
    conv("conv2d stride 2 padding 1", [2, 2, 5, 6], [3, 2, 3, 3], stride=2, padding=1)
    conv("conv2d stride pair [2, 1] kernel 2x3 no bias", [2, 2, 6, 5], [3, 2, 2, 3], bias=False, stride=[2, 1])
    conv("conv2d dilation 2", [2, 2, 6, 7], [3, 2, 3, 3], dilation=2)
    conv("conv2d dilation pair [2, 1] padding [2, 1]", [2, 2, 4, 5], [2, 2, 3, 3], dilation=[2, 1], padding=[2, 1])
    conv("conv2d stride 2 padding 1 groups 2", [2, 4, 5, 4], [4, 2, 3, 3], stride=2, padding=1, groups=2)
    conv("conv2d depthwise groups=C channel multiplier 2", [2, 2, 4, 4], [4, 1, 3, 3], padding=1, groups=2)
    conv("conv2d depthwise groups=C no bias", [2, 3, 4, 5], [3, 1, 2, 2], bias=False, groups=3)
    conv("conv2d padding same odd kernel 3x3", [2, 2, 4, 5], [3, 2, 3, 3], padding="same")
    conv("conv2d padding same even kernel 2x2 (extra pad bottom/right)", [2, 2, 4, 5], [3, 2, 2, 2], padding="same")
    conv("conv2d padding same even kernel 2x4 batch 1", [1, 2, 4, 6], [2, 2, 2, 4], padding="same")
    conv("conv2d padding same kernel 2x3 dilation 2", [2, 2, 4, 5], [2, 2, 2, 3], padding="same", dilation=2)
    conv("conv2d padding valid", [2, 2, 4, 5], [3, 2, 3, 3], padding="valid")
    conv("conv2d kernel 1x2 non-square batch 1", [1, 2, 4, 5], [3, 2, 1, 2])
    conv("conv2d kernel 1x1 batch 1", [1, 3, 4, 4], [2, 3, 1, 1])
    conv("conv2d paddingMode reflect padding 1", [2, 2, 4, 5], [3, 2, 3, 3], padding=1, paddingMode="reflect")
    conv("conv2d paddingMode replicate padding [1, 2] kernel 3x5", [2, 2, 4, 5], [2, 2, 3, 5], padding=[1, 2],
         paddingMode="replicate")
    conv("conv2d paddingMode circular padding 2", [2, 2, 3, 4], [2, 2, 3, 3], padding=2, paddingMode="circular")
    conv("conv2d paddingMode reflect stride 2 groups 2", [2, 4, 5, 5], [4, 2, 3, 3], stride=2, padding=1, groups=2,
         paddingMode="reflect")
    conv("conv2d paddingMode reflect padding same even kernel 2x4", [2, 2, 4, 5], [2, 2, 2, 4], padding="same",
         paddingMode="reflect")
    conv("conv2d paddingMode circular padding same kernel 3x2 batch 1", [1, 2, 4, 5], [2, 2, 3, 2], bias=False,
         padding="same", paddingMode="circular")
    conv("conv2d all options explicit zeros batch 1", [1, 2, 4, 4], [2, 2, 3, 3], stride=1, padding=1, dilation=1, groups=1,
         paddingMode="zeros")
    conv("conv2d padding 1 activation relu", [2, 2, 4, 4], [3, 2, 3, 3], padding=1, activation="relu")
    conv("conv2d stride 2 no bias activation relu", [1, 2, 5, 5], [2, 2, 3, 3], bias=False, stride=2,
         activation="relu")
    conv("conv2d groups 2 activation sigmoid", [1, 4, 4, 4], [4, 2, 3, 3], padding=1, groups=2, activation="sigmoid")
    conv("conv2d kernel 1x1 activation tanh", [1, 3, 3, 3], [4, 3, 1, 1], activation="tanh")
    conv("conv2d paddingMode reflect activation relu", [1, 2, 3, 4], [2, 2, 3, 3], padding=1, paddingMode="reflect",
         activation="relu")
    return f


# ---------------------------------------------------------------------------
# pool2d.json
# ---------------------------------------------------------------------------


def make_pool2d() -> FixtureFile:
    f = FixtureFile("pool2d.json", 2000)

    def pool(name, op, x_shape, kernel, **opts):
        r = f.rng()
        f.add(name, op, {"x": r.randn(*x_shape)}, [kernel], opts, rng=r)

    mp, ap = "maxPool2d", "avgPool2d"
    pool("maxPool2d kernel 2 default stride", mp, [2, 2, 4, 6], 2)
    pool("maxPool2d kernel 3 stride 2 non-square input", mp, [2, 2, 7, 8], 3, stride=2)
    pool("maxPool2d kernel pair [2, 3] stride pair [2, 1]", mp, [2, 2, 6, 5], [2, 3], stride=[2, 1])
    pool("maxPool2d kernel 3 stride 2 padding 1", mp, [2, 2, 6, 7], 3, stride=2, padding=1)
    pool("maxPool2d overlapping kernel 3 stride 1", mp, [1, 2, 5, 5], 3, stride=1)
    pool("maxPool2d ceilMode kernel 3 stride 2 (8 -> 4)", mp, [2, 2, 8, 8], 3, stride=2, ceilMode=True)
    pool("maxPool2d ceilMode kernel 3 stride 2 padding 1 (6 -> 4)", mp, [2, 2, 6, 6], 3, stride=2, padding=1,
         ceilMode=True)
    pool("maxPool2d ceilMode last window dropped kernel 2 padding 1 (5 -> 3)", mp, [2, 2, 5, 5], 2, padding=1,
         ceilMode=True)
    pool("maxPool2d dilation 2 kernel 3 stride 1", mp, [2, 2, 7, 6], 3, stride=1, dilation=2)
    pool("maxPool2d dilation pair [2, 1] kernel 2 padding 1", mp, [2, 2, 6, 5], 2, stride=[1, 2], padding=1,
         dilation=[2, 1])
    pool("avgPool2d kernel 2 default stride", ap, [2, 2, 4, 6], 2)
    pool("avgPool2d kernel 3 stride 2 padding 1 countIncludePad true", ap, [2, 2, 6, 7], 3, stride=2, padding=1)
    pool("avgPool2d kernel 3 stride 2 padding 1 countIncludePad false", ap, [2, 2, 6, 7], 3, stride=2, padding=1,
         countIncludePad=False)
    pool("avgPool2d ceilMode kernel 2 (7 -> 4)", ap, [2, 2, 7, 7], 2, ceilMode=True)
    pool("avgPool2d ceilMode padding 1 countIncludePad true (window overhang)", ap, [2, 2, 6, 6], 3, stride=2,
         padding=1, ceilMode=True)
    pool("avgPool2d ceilMode padding 1 countIncludePad false", ap, [2, 2, 6, 6], 3, stride=2, padding=1,
         ceilMode=True, countIncludePad=False)
    pool("avgPool2d divisorOverride 3", ap, [2, 2, 4, 6], 2, divisorOverride=3)
    pool("avgPool2d divisorOverride 5 with padding and ceilMode", ap, [1, 2, 5, 6], 3, stride=2, padding=1,
         ceilMode=True, divisorOverride=5)
    pool("avgPool2d kernel pair [2, 3] stride pair [1, 2] padding pair [1, 1]", ap, [2, 2, 5, 6], [2, 3],
         stride=[1, 2], padding=[1, 1])
    return f


# ---------------------------------------------------------------------------
# adaptive-pool2d.json
# ---------------------------------------------------------------------------


def make_adaptive_pool2d() -> FixtureFile:
    f = FixtureFile("adaptive-pool2d.json", 3000)
    for op in ("adaptiveAvgPool2d", "adaptiveMaxPool2d"):
        for label, x_shape, out_size in [
            ("int 2 divisible 4x4", [2, 2, 4, 4], 2),
            ("pair [2, 3] divisible 6x6", [2, 2, 6, 6], [2, 3]),
            ("pair [3, 2] non-divisible 7x5", [2, 2, 7, 5], [3, 2]),
            ("pair [3, 4] non-divisible overlapping 5x7", [2, 2, 5, 7], [3, 4]),
            ("int 1 global", [2, 3, 5, 4], 1),
            ("int 5 larger than input 3x3", [1, 2, 3, 3], 5),
            ("identity pair [4, 5] on 4x5", [1, 2, 4, 5], [4, 5]),
        ]:
            r = f.rng()
            f.add(f"{op} outputSize {label}", op, {"x": r.randn(*x_shape)}, [out_size], {}, rng=r)
    return f


# ---------------------------------------------------------------------------
# activations.json
# ---------------------------------------------------------------------------


def make_activations() -> FixtureFile:
    f = FixtureFile("activations.json", 4000)

    def act(name, op, x_shape, args=(), scale=1.0):
        r = f.rng()
        f.add(name, op, {"x": r.randn(*x_shape, scale=scale)}, list(args), {}, rng=r)

    for op in ("softmax", "logSoftmax"):
        act(f"{op} dim 1 on [3, 5]", op, [3, 5], [1])
        act(f"{op} dim 0 on [4, 3]", op, [4, 3], [0])
        act(f"{op} dim -1 on [2, 3, 4]", op, [2, 3, 4], [-1])
        act(f"{op} dim 1 on [2, 3, 4]", op, [2, 3, 4], [1])
        act(f"{op} dim -2 on [2, 3, 4]", op, [2, 3, 4], [-2])
        act(f"{op} large magnitude x*50 dim -1", op, [3, 6], [-1], scale=50.0)
        act(f"{op} 1-D dim 0", op, [7], [0])
    lse = "logsumexp"
    act("logsumexp dim 1 keepdim false", lse, [3, 5], [1, False])
    act("logsumexp dim 0 keepdim true", lse, [3, 5], [0, True])
    act("logsumexp dim -1 keepdim false on [2, 3, 4]", lse, [2, 3, 4], [-1, False])
    act("logsumexp dim list [0, 2] keepdim false", lse, [2, 3, 4], [[0, 2], False])
    act("logsumexp dim list [-1, 1] keepdim true", lse, [2, 3, 4], [[-1, 1], True])
    act("logsumexp large magnitude x*50 dim 1", lse, [3, 6], [1, False], scale=50.0)
    for op in ("sigmoid", "tanh", "relu"):
        act(f"{op} on [3, 4, 5]", op, [3, 4, 5])
        act(f"{op} large magnitude x*20 on [4, 6]", op, [4, 6], scale=20.0)
    return f


# ---------------------------------------------------------------------------
# losses.json
# ---------------------------------------------------------------------------


def make_losses() -> FixtureFile:
    f = FixtureFile("losses.json", 5000)

    def ce(name, logits_shape, target_shape, **opts):
        r = f.rng()
        logits = r.randn(*logits_shape, scale=2.0)
        target = r.randint(logits_shape[1], *target_shape)
        f.add(name, "crossEntropy", {"logits": logits, "target": target}, [], opts, rng=r, grads_for={"logits"})

    ce("crossEntropy [N, C] default reduction mean", [4, 5], [4])
    ce("crossEntropy [N, C] reduction mean explicit", [5, 3], [5], reduction="mean")
    ce("crossEntropy [N, C] reduction sum", [4, 5], [4], reduction="sum")
    ce("crossEntropy [N, C] reduction none", [4, 5], [4], reduction="none")
    ce("crossEntropy [N, C] labelSmoothing 0.1 mean", [4, 5], [4], labelSmoothing=0.1)
    ce("crossEntropy [N, C] labelSmoothing 0.1 sum", [4, 5], [4], reduction="sum", labelSmoothing=0.1)
    ce("crossEntropy [N, C] labelSmoothing 0.1 none", [4, 5], [4], reduction="none", labelSmoothing=0.1)
    ce("crossEntropy K-dim [N, C, d1] mean", [2, 4, 3], [2, 3])
    ce("crossEntropy K-dim [N, C, d1] reduction none", [2, 4, 3], [2, 3], reduction="none")
    ce("crossEntropy K-dim [N, C, d1] labelSmoothing 0.1 sum", [2, 4, 3], [2, 3], reduction="sum",
       labelSmoothing=0.1)
    ce("crossEntropy K-dim [N, C, d1, d2] mean", [2, 3, 2, 2], [2, 2, 2])

    def mse(name, shape, **opts):
        r = f.rng()
        f.add(name, "mseLoss", {"input": r.randn(*shape), "target": r.randn(*shape)}, [], opts, rng=r)

    mse("mseLoss default reduction mean", [3, 4])
    mse("mseLoss reduction mean explicit on [2, 3, 2]", [2, 3, 2], reduction="mean")
    mse("mseLoss reduction sum", [3, 4], reduction="sum")
    mse("mseLoss reduction none", [3, 4], reduction="none")

    # The fused kernels' cases (appended, so the cases above keep their seeds): ignored targets
    # (the default -100 and a class index), row and class counts that are not multiples of the
    # SIMD width, and logits large enough to overflow e^x without the max subtracted.
    def ce_ignoring(name, logits_shape, ignored, ignore_index=-100, scale=2.0, **opts):
        r = f.rng()
        logits = r.randn(*logits_shape, scale=scale)
        target = r.randint(logits_shape[1], logits_shape[0], *logits_shape[2:])
        target.view(-1)[list(ignored)] = ignore_index
        if ignore_index != -100:
            opts["ignoreIndex"] = ignore_index
        f.add(name, "crossEntropy", {"logits": logits, "target": target}, [], opts, rng=r, grads_for={"logits"})

    for reduction in ("mean", "sum", "none"):
        ce_ignoring(f"crossEntropy [13, 11] default ignoreIndex -100, reduction {reduction}", [13, 11], [1, 6, 12],
                    reduction=reduction)
        ce_ignoring(f"crossEntropy [9, 37] ignoreIndex 3 labelSmoothing 0.2, reduction {reduction}", [9, 37], [0, 4],
                    ignore_index=3, reduction=reduction, labelSmoothing=0.2)
    ce_ignoring("crossEntropy [7, 6] labelSmoothing 1.0", [7, 6], [], labelSmoothing=1.0)
    ce_ignoring("crossEntropy [5, 4] large logits x1000", [5, 4], [], scale=1000.0)
    ce_ignoring("crossEntropy [6, 9] large logits x500 labelSmoothing 0.1 none", [6, 9], [2], scale=500.0,
                reduction="none", labelSmoothing=0.1)
    ce_ignoring("crossEntropy [3, 10] no target ignored, reduction sum", [3, 10], [], reduction="sum")
    ce_ignoring("crossEntropy K-dim [2, 5, 3] ignoreIndex 1 labelSmoothing 0.1 mean", [2, 5, 3], [2],
                ignore_index=1, labelSmoothing=0.1)
    return f


# ---------------------------------------------------------------------------
# reductions.json
# ---------------------------------------------------------------------------


def make_reductions() -> FixtureFile:
    f = FixtureFile("reductions.json", 6000)

    def red(name, op, shape, args, opts=None):
        r = f.rng()
        f.add(name, op, {"x": r.randn(*shape)}, args, opts or {}, rng=r)

    for op in ("var", "std"):
        red(f"{op} dim 1 default correction", op, [3, 5], [1])
        red(f"{op} dim 1 correction 1 explicit", op, [3, 5], [1], {"correction": 1})
        red(f"{op} dim 0 correction 0 keepdim true", op, [4, 3], [0], {"correction": 0, "keepdim": True})
        red(f"{op} dim -1 correction 0 on [2, 3, 4]", op, [2, 3, 4], [-1], {"correction": 0})
        red(f"{op} dim list [0, 2] correction 1", op, [2, 3, 4], [[0, 2]], {"correction": 1})
        red(f"{op} dim list [0, 2] correction 0 keepdim true", op, [2, 3, 4], [[0, 2]],
            {"correction": 0, "keepdim": True})
        red(f"{op} all dims default correction", op, [3, 4], [])
        red(f"{op} all dims correction 0", op, [2, 3, 4], [], {"correction": 0})
    for op in ("mean", "sum"):
        red(f"{op} dim 1 keepdim false", op, [3, 5], [1, False])
        red(f"{op} dim 0 keepdim true", op, [3, 5], [0, True])
        red(f"{op} dim -1 keepdim false on [2, 3, 4]", op, [2, 3, 4], [-1, False])
        red(f"{op} dim list [0, 2] keepdim false", op, [2, 3, 4], [[0, 2], False])
        red(f"{op} dim list [1, -1] keepdim true", op, [2, 3, 4], [[1, -1], True])
        red(f"{op} all dims", op, [3, 4], [])
    red("max dim 1 values", "max", [3, 5], [1])
    red("max dim 0 values", "max", [4, 3], [0])
    red("max dim -1 values on [2, 3, 4]", "max", [2, 3, 4], [-1])
    red("max dim 1 keepdim true values on [2, 3, 4]", "max", [2, 3, 4], [1, True])
    return f


# ---------------------------------------------------------------------------
# batch-norm.json
# ---------------------------------------------------------------------------


def make_batch_norm() -> FixtureFile:
    f = FixtureFile("batch-norm.json", 7000)

    def bn(name, x_shape, training, weight=True, bias=True, momentum=0.1, eps=1e-5, activation=None):
        r = f.rng()
        c = x_shape[1]
        inputs = {
            "x": r.randn(*x_shape, scale=1.5, shift=0.5),
            "runningMean": r.randn(c, scale=0.3),
            "runningVar": r.rand(c, lo=0.5, hi=1.5),
        }
        if weight:
            inputs["weight"] = r.randn(c, scale=0.5, shift=1.0)
        if bias:
            inputs["bias"] = r.randn(c, scale=0.5)
        opts = {"training": training, "momentum": momentum, "eps": eps}
        if activation:
            opts["activation"] = activation
        f.add(name, "batchNorm", inputs, [], opts, rng=r, grads_for=set(BN_GRAD_INPUTS))

    bn("batchNorm 4-D training affine", [2, 3, 3, 4], True)
    bn("batchNorm 4-D training no affine", [2, 3, 3, 4], True, weight=False, bias=False)
    bn("batchNorm 4-D training affine momentum 0.3 eps 1e-3", [3, 2, 2, 3], True, momentum=0.3, eps=1e-3)
    bn("batchNorm 4-D eval affine", [2, 3, 3, 4], False)
    bn("batchNorm 4-D eval no affine", [2, 3, 3, 4], False, weight=False, bias=False)
    bn("batchNorm 2-D training affine", [6, 4], True)
    bn("batchNorm 2-D training no affine momentum 0.5", [5, 3], True, weight=False, bias=False, momentum=0.5)
    bn("batchNorm 2-D eval affine eps 1e-3", [6, 4], False, eps=1e-3)
    bn("batchNorm 2-D training weight only (no bias)", [6, 4], True, bias=False)
    bn("batchNorm 4-D training affine activation relu", [2, 3, 3, 4], True, activation="relu")
    bn("batchNorm 4-D training no affine activation sigmoid", [3, 2, 2, 3], True, weight=False, bias=False,
       activation="sigmoid")
    bn("batchNorm 2-D training affine activation tanh", [6, 4], True, activation="tanh")
    bn("batchNorm 4-D eval affine activation relu", [2, 3, 3, 4], False, activation="relu")
    return f


# ---------------------------------------------------------------------------
# matmul.json
# ---------------------------------------------------------------------------


def make_matmul() -> FixtureFile:
    f = FixtureFile("matmul.json", 8000)
    for a_shape, b_shape, note in [
        ([3], [3], "vector dot"),
        ([2, 3], [3], "matrix-vector"),
        ([3], [3, 4], "vector-matrix"),
        ([2, 3], [3, 4], "matrix-matrix"),
        ([2, 1, 2, 3], [3, 3, 4], "broadcast batch dims"),
        ([5, 2, 3], [3, 4], "batched by matrix"),
        ([3, 4], [2, 4, 2], "matrix by batched"),
        ([2, 3, 4], [4], "batched by vector"),
        ([3], [2, 3, 4], "vector by batched"),
        ([2, 2, 3], [2, 3, 2], "same batch dims"),
    ]:
        r = f.rng()
        name = f"matmul {a_shape} x {b_shape} {note}"
        f.add(name, "matmul", {"a": r.randn(*a_shape), "b": r.randn(*b_shape)}, [], {}, rng=r)

    def lin(name, x_shape, out_features, bias=True, **opts):
        r = f.rng()
        inputs = {"x": r.randn(*x_shape), "weight": r.randn(out_features, x_shape[-1], scale=0.5)}
        if bias:
            inputs["bias"] = r.randn(out_features, scale=0.5)
        f.add(name, "linear", inputs, [], opts, rng=r)

    lin("linear [2, 3] -> 4 with bias", [2, 3], 4)
    lin("linear [2, 3] -> 4 without bias", [2, 3], 4, bias=False)
    lin("linear batched [2, 5, 3] -> 4 with bias", [2, 5, 3], 4)
    lin("linear 1-D [3] -> 2 with bias", [3], 2)
    lin("linear [6, 5] -> 7 with bias activation relu", [6, 5], 7, activation="relu")
    lin("linear batched [2, 3, 4] -> 5 with bias activation sigmoid", [2, 3, 4], 5, activation="sigmoid")
    lin("linear [4, 3] -> 6 without bias activation tanh", [4, 3], 6, bias=False, activation="tanh")
    return f


# ---------------------------------------------------------------------------
# pad.json
# ---------------------------------------------------------------------------


def make_pad() -> FixtureFile:
    f = FixtureFile("pad.json", 9000)

    def pad(name, shape, pads, **opts):
        r = f.rng()
        f.add(name, "pad", {"x": r.randn(*shape)}, [pads], opts, rng=r)

    pad("pad constant default value 3-D last dim [1, 1]", [2, 3, 4], [1, 1])
    pad("pad constant value 1.5 4-D [1, 2, 0, 1]", [2, 2, 3, 3], [1, 2, 0, 1], mode="constant", value=1.5)
    pad("pad constant value -2 3-D three dims [1, 0, 0, 1, 1, 1]", [2, 3, 2], [1, 0, 0, 1, 1, 1], mode="constant",
        value=-2)
    pad("pad constant 4-D last dim only [0, 2]", [1, 2, 3, 3], [0, 2], mode="constant")
    pad("pad reflect 3-D [2, 1]", [2, 2, 5], [2, 1], mode="reflect")
    pad("pad reflect 4-D [1, 2, 2, 1]", [2, 2, 4, 4], [1, 2, 2, 1], mode="reflect")
    pad("pad replicate 3-D [2, 3]", [2, 2, 4], [2, 3], mode="replicate")
    pad("pad replicate 4-D [1, 0, 2, 1]", [2, 2, 3, 4], [1, 0, 2, 1], mode="replicate")
    pad("pad circular 3-D [2, 1]", [2, 2, 4], [2, 1], mode="circular")
    pad("pad circular 4-D [1, 1, 2, 0]", [2, 2, 3, 4], [1, 1, 2, 0], mode="circular")
    pad("pad circular 4-D full-width [3, 0, 0, 3]", [1, 2, 3, 3], [3, 0, 0, 3], mode="circular")
    return f


# ---------------------------------------------------------------------------
# Verification
# ---------------------------------------------------------------------------


def _close(name, what, got: torch.Tensor, want_obj: dict, rtol=1e-7, atol=1e-9):
    want = deser(want_obj)
    if list(got.shape) != list(want.shape):
        raise AssertionError(f"{name}: {what} shape {list(got.shape)} != {list(want.shape)}")
    if not torch.allclose(got.detach(), want, rtol=rtol, atol=atol):
        diff = (got.detach() - want).abs().max().item()
        raise AssertionError(f"{name}: {what} mismatch (max abs diff {diff})")


def recompute(case: dict, conv_via_module: bool = False):
    """Recompute a case from its JSON alone; returns (output, grads dict, extra dict)."""
    inputs = {k: deser(v) for k, v in case["inputs"].items()}
    grad_keys = list(case.get("grads", {}).keys())
    for k in grad_keys:
        inputs[k].requires_grad_(True)
    extra = {}
    if case["op"] == "batchNorm":
        out, rm, rv = ref_batch_norm(inputs, case["options"])
        extra = {"runningMeanAfter": rm, "runningVarAfter": rv}
    elif case["op"] == "conv2d" and conv_via_module:
        # Independent path: nn.Conv2d with padding_mode (torch's own handling).
        o = case["options"]
        w = inputs["weight"]
        m = nn.Conv2d(
            inputs["x"].shape[1], w.shape[0], tuple(w.shape[-2:]), stride=_tup(o.get("stride", 1)),
            padding=_tup(o.get("padding", 0)), dilation=_tup(o.get("dilation", 1)), groups=o.get("groups", 1),
            bias="bias" in inputs, padding_mode=o.get("paddingMode", "zeros"), dtype=torch.float64,
        )
        params = {"weight": w}
        if "bias" in inputs:
            params["bias"] = inputs["bias"]
        out = without_activation(o)[1](torch.func.functional_call(m, params, (inputs["x"],)))
    else:
        out = call_ref(case["op"], list(inputs.values()), case["args"], case["options"])
    grads = {}
    if grad_keys:
        dy = deser(case["dy"])
        gs = torch.autograd.grad((out * dy).sum(), [inputs[k] for k in grad_keys])
        grads = dict(zip(grad_keys, gs))
    return out, grads, extra


def verify_file(path: Path, spot_index: int) -> None:
    doc = json.loads(path.read_text())
    assert list(doc.keys()) == ["generator", "torch", "cases"], doc.keys()
    assert doc["generator"] == GENERATOR and doc["torch"] == torch.__version__
    names = [c["name"] for c in doc["cases"]]
    assert len(names) == len(set(names)), "duplicate names"
    for c in doc["cases"]:
        assert ("dy" in c) == ("grads" in c), c["name"]
        keys = list(c.keys())
        assert keys[:6] == ["name", "op", "inputs", "args", "options", "output"], (c["name"], keys)
        for t in list(c["inputs"].values()) + [c["output"]] + list(c.get("grads", {}).values()):
            assert math.prod(t["shape"]) == len(t["data"]), c["name"]
            assert all(isinstance(v, (int, float)) and math.isfinite(v) for v in t["data"]), c["name"]
    # Every case: recompute from the JSON alone through the reference dispatcher.
    for c in doc["cases"]:
        out, grads, extra = recompute(c)
        _close(c["name"], "output", out, c["output"])
        for k, g in grads.items():
            _close(c["name"], f"grad {k}", g, c["grads"][k])
        for k, t in extra.items():
            _close(c["name"], k, t, c[k])
    # One spot case per file: stricter round-trip check (9 significant digits).
    c = doc["cases"][spot_index % len(doc["cases"])]
    out, grads, _ = recompute(c)
    _close(c["name"], "output (spot)", out, c["output"], rtol=5e-9, atol=1e-12)
    for k, g in grads.items():
        _close(c["name"], f"grad {k} (spot)", g, c["grads"][k], rtol=5e-9, atol=1e-12)


def independent_checks(conv_doc: dict, bn_doc: dict, pool_doc: dict) -> None:
    # conv2d: every case again through nn.Conv2d (padding_mode / 'same' handled by torch itself).
    for c in conv_doc["cases"]:
        out, grads, _ = recompute(c, conv_via_module=True)
        _close(c["name"], "output (nn.Conv2d)", out, c["output"])
        for k, g in grads.items():
            _close(c["name"], f"grad {k} (nn.Conv2d)", g, c["grads"][k])
    # 'same' with an even kernel == explicit zero pad [left 0, right 1, top 0, bottom 1].
    x = torch.randn(1, 1, 5, 5)
    w = torch.randn(1, 1, 2, 2)
    assert torch.allclose(F.conv2d(x, w, padding="same"), F.conv2d(F.pad(x, [0, 1, 0, 1]), w))
    # batchNorm running_var uses the unbiased batch variance; normalization uses the biased one.
    for c in bn_doc["cases"]:
        o = c["options"]
        if not o["training"]:
            assert c["runningMeanAfter"] == {"shape": c["inputs"]["runningMean"]["shape"],
                                             "data": [_round9(v) for v in c["inputs"]["runningMean"]["data"]]}
            continue
        x = deser(c["inputs"]["x"])
        dims = [0] + list(range(2, x.dim()))
        m = o["momentum"]
        rm = (1 - m) * deser(c["inputs"]["runningMean"]) + m * x.mean(dims)
        rv = (1 - m) * deser(c["inputs"]["runningVar"]) + m * x.var(dims, correction=1)
        _close(c["name"], "runningMeanAfter (manual)", rm, c["runningMeanAfter"])
        _close(c["name"], "runningVarAfter (manual, unbiased)", rv, c["runningVarAfter"])
        xhat = (x - x.mean(dims, keepdim=True)) / torch.sqrt(x.var(dims, correction=0, keepdim=True) + o["eps"])
        shape = [1, -1] + [1] * (x.dim() - 2)
        if "weight" in c["inputs"]:
            xhat = xhat * deser(c["inputs"]["weight"]).reshape(shape)
        if "bias" in c["inputs"]:
            xhat = xhat + deser(c["inputs"]["bias"]).reshape(shape)
        xhat = without_activation(o)[1](xhat)
        _close(c["name"], "output (manual, biased var)", xhat, c["output"])
    # avgPool2d ceil-mode divisor: the padded extent counts, the overhang past the padding does not.
    c = next(c for c in pool_doc["cases"] if c["name"].startswith("avgPool2d ceilMode padding 1 countIncludePad true"))
    x = deser(c["inputs"]["x"])  # [N, C, 6, 6], kernel 3, stride 2, padding 1 -> 4x4
    xp = F.pad(x, [1, 1, 1, 1])  # 8x8 in padded coords; last window starts at 6 and covers rows 6..7 only
    manual = xp[:, :, 6:8, 6:8].sum((-1, -2)) / 4.0  # 2x2 in-range (incl. 1 pad row/col) -> divisor 4, not 9
    _close(c["name"], "bottom-right value (manual)", manual, {
        "shape": list(manual.shape),
        "data": deser(c["output"])[:, :, 3, 3].reshape(-1).tolist(),
    })


def main() -> int:
    makers = [
        make_conv2d, make_pool2d, make_adaptive_pool2d, make_activations, make_losses,
        make_reductions, make_batch_norm, make_matmul, make_pad,
    ]
    files = [mk() for mk in makers]
    paths = [ff.write() for ff in files]
    for i, p in enumerate(paths):
        verify_file(p, spot_index=i * 3 + 1)
    docs = {p.name: json.loads(p.read_text()) for p in paths}
    independent_checks(docs["conv2d.json"], docs["batch-norm.json"], docs["pool2d.json"])
    indexing_fixtures.from_torch = (Rng, ser_input, ser_output, deser, FixtureFile)
    for make, verify in [
        (indexing_fixtures.make_indexing, indexing_fixtures.verify_indexing),
        (indexing_fixtures.make_in_place, indexing_fixtures.verify_in_place),
    ]:
        path = make().write()
        docs[path.name] = json.loads(path.read_text())
        verify(docs[path.name], _close)
        paths.append(path)
    for p in paths:
        rel = os.path.relpath(p, REPO_ROOT)
        print(f"{rel}: {p.stat().st_size} bytes, {len(docs[p.name]['cases'])} cases")
    print("all fixtures verified")
    return 0


if __name__ == "__main__":
    sys.exit(main())
