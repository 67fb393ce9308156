"""Generate the golden-fixture JSON files of @strata/nn's layer and loss tests, using PyTorch.

What it makes
-------------
Small JSON files under ``packages/nn/src/__fixtures__/`` (each under 200 KB):

    linear.json       Linear with and without bias (incl. extra leading dimensions)
    conv2d.json       Conv2d: stride, padding int/pair/'same'/'valid', dilation, groups,
                      bias=False, padding_mode reflect/replicate/circular, unbatched input
    pooling.json      MaxPool2d, AvgPool2d, AdaptiveAvgPool2d, AdaptiveMaxPool2d
    batch-norm.json   BatchNorm1d and BatchNorm2d: training steps then one eval forward,
                      incl. momentum=None, affine=False, bias=False, track_running_stats=False
    losses.json       CrossEntropyLoss, MSELoss, NLLLoss, BCEWithLogitsLoss, every reduction
    reprs.json        str(layer) of the layers without parameters and of the lazy layers
                      before and after their first forward
    modules.json      str(module) and state_dict() keys/shapes of modules written as classes
                      that register by assignment (d2l's Conv2D and Residual, reassignment,
                      None, del, tied layers); the strata tests define the same classes by
                      case name

A layer case is

    {"name", "layer", "args", "options", "repr", "stateDict", "input", "output", "dy",
     "grads": {"input": ..., <state-dict key of each parameter>: ...}}

where ``layer``/``args``/``options`` are the strata constructor call (camelCase options; pairs
as arrays), ``repr`` is PyTorch's ``str(layer)``, ``stateDict`` the layer's ``state_dict()``
under PyTorch's keys (load it with ``loadStateDict``), and ``grads[k]`` is
d(sum(output * dy)) / d(k). A BatchNorm case replaces input/output/dy/grads with ``steps``
(each with the buffers after that training step) and ``eval``. A loss case has ``target``
and, for BCEWithLogitsLoss with ``pos_weight``, the buffer in ``stateDict``.

Every tensor is ``{"shape", "data"[, "dtype": "int32"]}``. Inputs, parameters and ``dy`` are
float32 values stored as their exact decimal, so they load losslessly into float32 or
float64 tensors; everything is computed in float64 and outputs and gradients are rounded to
9 significant digits. ``num_batches_tracked`` (int64 in PyTorch) is stored as int32.

How to run (from the repository root)
-------------------------------------
The reference venv (git-ignored) is described in packages/core/scripts/make-fixtures.py::

    .venv-ref/bin/python packages/nn/scripts/make-fixtures.py

The script is deterministic (fixed seeds) and, after writing, reloads every file, rebuilds each
layer from the JSON alone and recomputes it, plus a few independent cross-checks (formulas
written out by hand), failing loudly on any mismatch. Tests never run Python; they only read
the committed JSON.
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

GENERATOR = "packages/nn/scripts/make-fixtures.py"
REPO_ROOT = Path(__file__).resolve().parents[3]
OUT_DIR = REPO_ROOT / "packages" / "nn" / "src" / "__fixtures__"
MAX_FILE_BYTES = 200 * 1024

torch.set_default_dtype(torch.float64)
# Expected: torch warns that 'same' with an even kernel copies a zero-padded input, and that
# lazy modules are a new feature.
warnings.filterwarnings("ignore", message="Using padding='same' with even kernel")
warnings.filterwarnings("ignore", message="Lazy modules are a new feature")
warnings.filterwarnings("ignore", message="Initializing zero-element tensors is a no-op")


# ---------------------------------------------------------------------------
# Serialization
# ---------------------------------------------------------------------------


class Rng:
    """Per-case generator: a distinct seed per case, float32-exact values in float64."""

    def __init__(self, seed: int):
        self.seed = seed
        self.g = torch.Generator().manual_seed(seed)

    def randn(self, *shape, scale: float = 1.0, shift: float = 0.0) -> torch.Tensor:
        t = torch.randn(tuple(shape), generator=self.g, dtype=torch.float32)
        return (t * scale + shift).to(torch.float32).to(torch.float64)

    def rand(self, *shape) -> torch.Tensor:
        return torch.rand(tuple(shape), generator=self.g, dtype=torch.float32).to(torch.float64)

    def randint(self, high: int, *shape) -> torch.Tensor:
        return torch.randint(0, high, shape, generator=self.g, dtype=torch.int64)


def _round9(v: float) -> float:
    if not math.isfinite(v):
        raise ValueError(f"non-finite value {v}")
    return float(f"{v:.9g}")


def ser_exact(t: torch.Tensor) -> dict:
    """Exact serialization of an input or parameter (float32-representable, or integer)."""
    t = t.detach()
    if t.dtype in (torch.int32, torch.int64):
        return {"shape": list(t.shape), "data": [int(v) for v in t.reshape(-1).tolist()], "dtype": "int32"}
    flat = t.reshape(-1).tolist()
    for v in flat:
        if not math.isfinite(v) or float(torch.tensor(v, dtype=torch.float32).item()) != v:
            raise ValueError(f"value {v!r} is not float32-representable")
    return {"shape": list(t.shape), "data": flat}


def ser_out(t: torch.Tensor) -> dict:
    """A computed float64 tensor, rounded to 9 significant digits."""
    return {"shape": list(t.shape), "data": [_round9(v) for v in t.detach().reshape(-1).tolist()]}


def ser_buffer(t: torch.Tensor) -> dict:
    return ser_exact(t) if t.dtype in (torch.int32, torch.int64) else ser_out(t)


def deser(obj: dict) -> torch.Tensor:
    if obj.get("dtype") == "int32":
        return torch.tensor(obj["data"], dtype=torch.int64).reshape(obj["shape"])
    return torch.tensor(obj["data"], dtype=torch.float64).reshape(obj["shape"])


# ---------------------------------------------------------------------------
# strata constructor call  ->  torch module (the single place that maps the two)
# ---------------------------------------------------------------------------

SNAKE = {
    "paddingMode": "padding_mode",
    "ceilMode": "ceil_mode",
    "countIncludePad": "count_include_pad",
    "divisorOverride": "divisor_override",
    "trackRunningStats": "track_running_stats",
    "labelSmoothing": "label_smoothing",
    "ignoreIndex": "ignore_index",
    "startDim": "start_dim",
    "endDim": "end_dim",
    "negativeSlope": "negative_slope",
}


def _tup(v):
    return tuple(v) if isinstance(v, list) else v


def build(layer: str, args: list, options: dict, state: dict | None = None) -> nn.Module:
    kwargs = {SNAKE.get(k, k): _tup(v) for k, v in options.items()}
    if layer == "BCEWithLogitsLoss" and state and "pos_weight" in state:
        kwargs["pos_weight"] = deser(state["pos_weight"])
    return getattr(nn, layer)(*[_tup(a) for a in args], **kwargs)


class FixtureFile:
    def __init__(self, filename: str):
        self.filename = filename
        self.cases: list[dict] = []

    def add(self, case: dict) -> None:
        if any(c["name"] == case["name"] for c in self.cases):
            raise ValueError(f"duplicate case name {case['name']}")
        self.cases.append(case)

    def write(self) -> Path:
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        path = OUT_DIR / self.filename
        head = {"generator": GENERATOR, "torch": torch.__version__}
        lines = ["{"] + [f"  {json.dumps(k)}: {json.dumps(v)}," for k, v in head.items()]
        lines.append('  "cases": [')
        lines.append(",\n".join("    " + json.dumps(c, separators=(",", ":"), allow_nan=False) for c in self.cases))
        lines += ["  ]", "}"]
        path.write_text("\n".join(lines) + "\n")
        size = path.stat().st_size
        if size >= MAX_FILE_BYTES:
            raise RuntimeError(f"{path.name} is {size} bytes (limit {MAX_FILE_BYTES})")
        return path


def to_float32_exact_(module: nn.Module) -> None:
    """Rounds every parameter to a float32 value so that float32 tests load the same numbers."""
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(p.float().double())


def forward_backward(module: nn.Module, x: torch.Tensor, dy: torch.Tensor) -> tuple[torch.Tensor, dict]:
    """Output and d(sum(output * dy)) / d(input and every parameter), by state-dict key."""
    module.zero_grad(set_to_none=True)
    x = x.clone().requires_grad_(True)
    y = module(x)
    (y * dy).sum().backward()
    grads = {"input": ser_out(x.grad)}
    for name, p in module.named_parameters():
        grads[name] = ser_out(p.grad)
    return y, grads


def layer_case(name: str, layer: str, args: list, options: dict, x: torch.Tensor, rng: Rng) -> dict:
    torch.manual_seed(rng.seed)  # the layer's default initialisation draws from the global generator
    module = build(layer, args, options)
    to_float32_exact_(module)
    state = {k: ser_exact(v) for k, v in module.state_dict().items()}
    with torch.no_grad():
        shape = module(x).shape
    dy = rng.randn(*shape)
    y, grads = forward_backward(module, x, dy)
    return {
        "name": name, "layer": layer, "args": args, "options": options, "repr": str(module),
        "stateDict": state, "input": ser_exact(x), "output": ser_out(y), "dy": ser_exact(dy), "grads": grads,
    }


# ---------------------------------------------------------------------------
# linear.json, conv2d.json, pooling.json
# ---------------------------------------------------------------------------


def make_linear() -> FixtureFile:
    ff = FixtureFile("linear.json")
    specs = [
        ("Linear 5->3", [5, 3], {}, (4, 5)),
        ("Linear 5->3 bias=False", [5, 3], {"bias": False}, (4, 5)),
        ("Linear 4->2 leading dims", [4, 2], {}, (2, 3, 4)),
    ]
    for i, (name, args, options, shape) in enumerate(specs):
        rng = Rng(100 + i)
        ff.add(layer_case(name, "Linear", args, options, rng.randn(*shape), rng))
    return ff


def make_conv2d() -> FixtureFile:
    ff = FixtureFile("conv2d.json")
    specs = [
        ("Conv2d basic", [2, 3, 3], {}, (2, 2, 5, 5)),
        ("Conv2d stride 2 padding 1", [2, 3, 3], {"stride": 2, "padding": 1}, (2, 2, 6, 5)),
        ("Conv2d pair kernel, stride, padding", [2, 2, [3, 2]], {"stride": [1, 2], "padding": [1, 0]}, (1, 2, 5, 6)),
        ("Conv2d padding same, dilation 2", [2, 3, 3], {"padding": "same", "dilation": 2}, (1, 2, 6, 6)),
        ("Conv2d padding same, even kernel", [2, 2, [2, 4]], {"padding": "same"}, (1, 2, 5, 5)),
        ("Conv2d padding valid", [2, 2, 2], {"padding": "valid"}, (1, 2, 4, 5)),
        ("Conv2d groups 2, bias=False", [4, 4, 3], {"groups": 2, "bias": False, "padding": 1}, (1, 4, 4, 4)),
        ("Conv2d depthwise dilation pair", [2, 4, 2], {"groups": 2, "dilation": [2, 1]}, (1, 2, 5, 4)),
        ("Conv2d padding_mode reflect", [2, 3, 3], {"padding": 1, "paddingMode": "reflect"}, (1, 2, 5, 5)),
        ("Conv2d padding_mode circular", [2, 2, 3], {"padding": [2, 1], "paddingMode": "circular"}, (1, 2, 4, 5)),
        ("Conv2d padding_mode replicate, same", [2, 2, 3], {"padding": "same", "paddingMode": "replicate", "stride": 1}, (1, 2, 4, 4)),
        ("Conv2d unbatched input", [2, 2, 3], {"padding": 1}, (2, 4, 4)),
    ]
    for i, (name, args, options, shape) in enumerate(specs):
        rng = Rng(200 + i)
        ff.add(layer_case(name, "Conv2d", args, options, rng.randn(*shape), rng))
    return ff


def make_pooling() -> FixtureFile:
    ff = FixtureFile("pooling.json")
    specs = [
        ("MaxPool2d 3 stride 2", "MaxPool2d", [3], {"stride": 2}, (2, 2, 7, 7)),
        ("MaxPool2d 2 default stride", "MaxPool2d", [2], {}, (1, 2, 4, 6)),
        ("MaxPool2d pair kernel, padding, ceil_mode", "MaxPool2d", [[3, 2]], {"stride": [2, 1], "padding": 1, "ceilMode": True}, (1, 2, 6, 5)),
        ("MaxPool2d dilation 2", "MaxPool2d", [3], {"stride": 1, "padding": 1, "dilation": 2}, (1, 1, 6, 6)),
        ("MaxPool2d unbatched", "MaxPool2d", [2], {}, (2, 4, 4)),
        ("AvgPool2d 2", "AvgPool2d", [2], {}, (2, 2, 4, 4)),
        ("AvgPool2d padding, count_include_pad=False", "AvgPool2d", [3], {"stride": 2, "padding": 1, "countIncludePad": False}, (1, 2, 5, 5)),
        ("AvgPool2d ceil_mode, divisor_override", "AvgPool2d", [[3, 2]], {"ceilMode": True, "divisorOverride": 2}, (1, 2, 5, 5)),
        ("AvgPool2d padding counted", "AvgPool2d", [3], {"stride": 1, "padding": [1, 0]}, (1, 1, 4, 5)),
        ("AdaptiveAvgPool2d 1", "AdaptiveAvgPool2d", [1], {}, (2, 3, 4, 5)),
        ("AdaptiveAvgPool2d (3, 2) non-divisible", "AdaptiveAvgPool2d", [[3, 2]], {}, (1, 2, 5, 7)),
        ("AdaptiveAvgPool2d (None, 2)", "AdaptiveAvgPool2d", [[None, 2]], {}, (1, 2, 3, 6)),
        ("AdaptiveMaxPool2d 2", "AdaptiveMaxPool2d", [2], {}, (1, 2, 4, 6)),
        ("AdaptiveMaxPool2d (3, 3) non-divisible", "AdaptiveMaxPool2d", [[3, 3]], {}, (1, 2, 5, 7)),
    ]
    for i, (name, layer, args, options, shape) in enumerate(specs):
        rng = Rng(300 + i)
        ff.add(layer_case(name, layer, args, options, rng.randn(*shape), rng))
    return ff


# ---------------------------------------------------------------------------
# batch-norm.json
# ---------------------------------------------------------------------------


def make_batch_norm() -> FixtureFile:
    ff = FixtureFile("batch-norm.json")
    specs = [
        ("BatchNorm2d default", "BatchNorm2d", [3], {}, (2, 3, 3, 4)),
        ("BatchNorm2d momentum=None", "BatchNorm2d", [3], {"momentum": None}, (2, 3, 2, 3)),
        ("BatchNorm2d affine=False, eps 1e-3, momentum 0.3", "BatchNorm2d", [2], {"affine": False, "eps": 1e-3, "momentum": 0.3}, (3, 2, 2, 2)),
        ("BatchNorm2d bias=False", "BatchNorm2d", [2], {"bias": False}, (2, 2, 3, 3)),
        ("BatchNorm2d track_running_stats=False", "BatchNorm2d", [2], {"trackRunningStats": False}, (2, 2, 2, 3)),
        ("BatchNorm1d (N, C)", "BatchNorm1d", [4], {}, (5, 4)),
        ("BatchNorm1d (N, C, L) momentum=None", "BatchNorm1d", [3], {"momentum": None}, (2, 3, 4)),
        ("BatchNorm1d affine=False", "BatchNorm1d", [3], {"affine": False}, (4, 3)),
    ]
    steps = 3
    for i, (name, layer, args, options, shape) in enumerate(specs):
        rng = Rng(400 + i)
        module = build(layer, args, options)
        with torch.no_grad():
            if module.weight is not None:
                module.weight.copy_(rng.randn(*module.weight.shape, scale=0.5, shift=1.0))
            if module.bias is not None:
                module.bias.copy_(rng.randn(*module.bias.shape, scale=0.5))
        state = {k: ser_exact(v) for k, v in module.state_dict().items()}
        repr_ = str(module)
        module.train()
        step_records = []
        for s in range(steps):
            # Different scales and shifts per step so that the running statistics move.
            x = rng.randn(*shape, scale=1.0 + 0.5 * s, shift=0.3 * s - 0.2)
            dy = rng.randn(*shape)
            y, grads = forward_backward(module, x, dy)
            record = {"input": ser_exact(x), "output": ser_out(y), "dy": ser_exact(dy), "grads": grads}
            record["buffers"] = {k: ser_buffer(v) for k, v in module.named_buffers()}
            step_records.append(record)
        module.eval()
        x = rng.randn(*shape, scale=1.2, shift=0.1)
        dy = rng.randn(*shape)
        y, grads = forward_backward(module, x, dy)
        ff.add({
            "name": name, "layer": layer, "args": args, "options": options, "repr": repr_, "stateDict": state,
            "steps": step_records, "eval": {"input": ser_exact(x), "output": ser_out(y), "dy": ser_exact(dy), "grads": grads},
        })
    return ff


# ---------------------------------------------------------------------------
# losses.json
# ---------------------------------------------------------------------------


def loss_case(name: str, layer: str, options: dict, x: torch.Tensor, target: torch.Tensor, rng: Rng, state: dict | None = None) -> dict:
    module = build(layer, [], options, state)
    with torch.no_grad():
        shape = module(x, target).shape
    dy = rng.randn(*shape)
    xg = x.clone().requires_grad_(True)
    y = module(xg, target)
    (y * dy).sum().backward()
    case = {"name": name, "layer": layer, "args": [], "options": options, "repr": str(module)}
    if state is not None:
        case["stateDict"] = state
    case.update({
        "input": ser_exact(x), "target": ser_exact(target), "output": ser_out(y), "dy": ser_exact(dy),
        "grads": {"input": ser_out(xg.grad)},
    })
    return case


def make_losses() -> FixtureFile:
    ff = FixtureFile("losses.json")
    seed = 500
    for reduction in ("mean", "sum", "none"):
        rng = Rng(seed)
        seed += 1
        ff.add(loss_case(f"CrossEntropyLoss {reduction}", "CrossEntropyLoss", {"reduction": reduction}, rng.randn(4, 5, scale=2.0), rng.randint(5, 4), rng))
        rng = Rng(seed)
        seed += 1
        target = rng.randint(4, 3, 2)
        target[0, 1] = -100
        ff.add(loss_case(f"CrossEntropyLoss (N, C, d) ignore -100, label smoothing 0.2, {reduction}", "CrossEntropyLoss",
                         {"reduction": reduction, "labelSmoothing": 0.2}, rng.randn(3, 4, 2), target, rng))
        rng = Rng(seed)
        seed += 1
        target = rng.randint(4, 5)
        target[1] = 2
        target[3] = 2
        ff.add(loss_case(f"CrossEntropyLoss ignore_index 2, {reduction}", "CrossEntropyLoss",
                         {"reduction": reduction, "ignoreIndex": 2}, rng.randn(5, 4), target, rng))
        rng = Rng(seed)
        seed += 1
        ff.add(loss_case(f"MSELoss {reduction}", "MSELoss", {"reduction": reduction}, rng.randn(3, 4), rng.randn(3, 4), rng))
        rng = Rng(seed)
        seed += 1
        logp = torch.log_softmax(rng.randn(4, 3, scale=2.0), dim=1).float().double()
        ff.add(loss_case(f"NLLLoss {reduction}", "NLLLoss", {"reduction": reduction}, logp, rng.randint(3, 4), rng))
        rng = Rng(seed)
        seed += 1
        logp = torch.log_softmax(rng.randn(2, 4, 3), dim=1).float().double()
        target = rng.randint(4, 2, 3)
        target[0, 0] = 1
        target[1, 2] = 1
        ff.add(loss_case(f"NLLLoss (N, C, d) ignore_index 1, {reduction}", "NLLLoss",
                         {"reduction": reduction, "ignoreIndex": 1}, logp, target, rng))
        rng = Rng(seed)
        seed += 1
        ff.add(loss_case(f"BCEWithLogitsLoss {reduction}", "BCEWithLogitsLoss", {"reduction": reduction},
                         rng.randn(4, 3, scale=3.0), rng.randint(2, 4, 3).double(), rng))
        rng = Rng(seed)
        seed += 1
        pos_weight = rng.rand(3) * 3
        pos_weight = pos_weight.float().double()
        ff.add(loss_case(f"BCEWithLogitsLoss pos_weight, soft targets, {reduction}", "BCEWithLogitsLoss", {"reduction": reduction},
                         rng.randn(2, 4, 3, scale=3.0), rng.rand(2, 4, 3), rng, state={"pos_weight": ser_exact(pos_weight)}))
    rng = Rng(seed)
    ff.add(loss_case("NLLLoss unbatched (C)", "NLLLoss", {}, torch.log_softmax(rng.randn(5), dim=0).float().double(),
                     torch.tensor(3), rng))
    return ff


# ---------------------------------------------------------------------------
# reprs.json
# ---------------------------------------------------------------------------


def make_reprs() -> FixtureFile:
    ff = FixtureFile("reprs.json")
    plain = [
        ("Dropout default", "Dropout", [], {}),
        ("Dropout 0.2", "Dropout", [0.2], {}),
        ("Flatten default", "Flatten", [], {}),
        ("Flatten 0, 2", "Flatten", [0, 2], {}),
        ("Identity", "Identity", [], {}),
        ("MaxPool2d pair stride", "MaxPool2d", [2], {"stride": [2, 1], "padding": [1, 0], "dilation": 1}),
        ("AvgPool2d pair kernel", "AvgPool2d", [[2, 3]], {"padding": 1, "countIncludePad": False}),
        ("AdaptiveMaxPool2d (None, 7)", "AdaptiveMaxPool2d", [[None, 7]], {}),
        ("BatchNorm1d eps 1e-3, momentum None, no tracking", "BatchNorm1d", [3], {"eps": 1e-3, "momentum": None, "affine": False, "trackRunningStats": False}),
        ("BatchNorm2d eps 2e-7, momentum 0.25", "BatchNorm2d", [8], {"eps": 2e-7, "momentum": 0.25}),
        ("Conv2d everything non-default", "Conv2d", [4, 6, [3, 2]], {"stride": [2, 1], "padding": "valid", "dilation": 2, "groups": 2, "bias": False, "paddingMode": "reflect"}),
        ("CrossEntropyLoss", "CrossEntropyLoss", [], {"labelSmoothing": 0.1}),
        ("MSELoss", "MSELoss", [], {"reduction": "sum"}),
        ("NLLLoss", "NLLLoss", [], {"ignoreIndex": 0}),
        ("BCEWithLogitsLoss", "BCEWithLogitsLoss", [], {}),
        ("GELU default", "GELU", [], {}),
        ("GELU tanh", "GELU", ["tanh"], {}),
        ("SiLU", "SiLU", [], {}),
        ("Softplus default", "Softplus", [], {}),
        ("Softplus beta 2, threshold 10.5", "Softplus", [2.0], {"threshold": 10.5}),
        ("ELU default", "ELU", [], {}),
        ("ELU alpha 0.5", "ELU", [0.5], {}),
        ("LeakyReLU default", "LeakyReLU", [], {}),
        ("LeakyReLU 0.2", "LeakyReLU", [], {"negativeSlope": 0.2}),
        ("Hardswish", "Hardswish", [], {}),
        ("Hardsigmoid", "Hardsigmoid", [], {}),
        ("Mish", "Mish", [], {}),
        ("LogSigmoid", "LogSigmoid", [], {}),
    ]
    for name, layer, args, options in plain:
        ff.add({"name": name, "layer": layer, "args": args, "options": options, "repr": str(build(layer, args, options))})
    lazy = [
        ("LazyLinear 10", "LazyLinear", [10], {}, (2, 3)),
        ("LazyLinear 4 bias=False", "LazyLinear", [4], {"bias": False}, (2, 5, 7)),
        ("LazyConv2d 6, 5, padding 2", "LazyConv2d", [6, 5], {"padding": 2}, (1, 3, 8, 8)),
        ("LazyConv2d groups 2, stride 2, bias=False", "LazyConv2d", [4, 3], {"groups": 2, "stride": 2, "bias": False}, (2, 4, 6, 6)),
        ("LazyBatchNorm2d default", "LazyBatchNorm2d", [], {}, (2, 3, 4, 4)),
        ("LazyBatchNorm2d eps 1e-3, momentum None, affine=False", "LazyBatchNorm2d", [], {"eps": 1e-3, "momentum": None, "affine": False}, (2, 5, 2, 2)),
    ]
    for name, layer, args, options, shape in lazy:
        module = build(layer, args, options)
        before = str(module)
        module(torch.zeros(shape))
        ff.add({
            "name": name, "layer": layer, "args": args, "options": options, "repr": before, "inputShape": list(shape),
            "reprAfter": str(module), "stateDictShapes": {k: list(v.shape) for k, v in module.state_dict().items()},
        })
    return ff


# ---------------------------------------------------------------------------
# modules.json
# ---------------------------------------------------------------------------


class D2lConv2D(nn.Module):
    def __init__(self, kernel_size):
        super().__init__()
        self.weight = nn.Parameter(torch.rand(kernel_size))
        self.bias = nn.Parameter(torch.zeros(1))

    def forward(self, x):
        raise NotImplementedError


class Residual(nn.Module):
    def __init__(self, input_channels, num_channels, use_1x1conv=False, strides=1):
        super().__init__()
        self.conv1 = nn.Conv2d(input_channels, num_channels, kernel_size=3, padding=1, stride=strides)
        self.conv2 = nn.Conv2d(num_channels, num_channels, kernel_size=3, padding=1)
        if use_1x1conv:
            self.conv3 = nn.Conv2d(input_channels, num_channels, kernel_size=1, stride=strides)
        else:
            self.conv3 = None
        self.bn1 = nn.BatchNorm2d(num_channels)
        self.bn2 = nn.BatchNorm2d(num_channels)


class Reassigned(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2))
        self.scale = nn.Parameter(torch.ones(4))
        self.register_buffer("steps", torch.zeros(()))
        self.head = nn.Linear(4, 2)
        self.aux = nn.Linear(4, 3)
        self.features = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU())
        self.aux = None
        self.mask = torch.ones(2)
        self.scratch = nn.Buffer(torch.zeros(3), persistent=False)


class Deleted(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Linear(2, 3)
        self.b = nn.Linear(3, 4)
        self.c = nn.Parameter(torch.zeros(2))
        del self.a
        self.a = nn.Linear(4, 5)
        self.b = nn.Parameter(torch.ones(1))


def tied_layers() -> nn.Module:
    """The parameter-management chapter's tied layers: one Linear registered at indices 2 and 4."""
    shared = nn.Linear(8, 8)
    return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), shared, nn.ReLU(), shared, nn.ReLU(), nn.Linear(8, 1))


def make_modules() -> FixtureFile:
    ff = FixtureFile("modules.json")
    cases = [
        ("d2l Conv2D (1, 2)", D2lConv2D((1, 2))),
        ("d2l Residual 3->6 use_1x1conv strides 2", Residual(3, 6, use_1x1conv=True, strides=2)),
        ("d2l Residual 3->3", Residual(3, 3)),
        ("reassigned, None and plain attributes", Reassigned()),
        ("deleted and re-added, module replaced by a parameter", Deleted()),
        ("nested", nn.Sequential(Residual(1, 2, use_1x1conv=True), nn.Sequential(D2lConv2D((2, 2)), nn.Flatten()))),
        ("d2l tied layers", tied_layers()),
    ]
    for name, module in cases:
        ff.add({
            "name": name,
            "repr": str(module),
            "stateDict": [[k, list(v.shape)] for k, v in module.state_dict().items()],
            "parameters": [k for k, _ in module.named_parameters()],
            "buffers": [k for k, _ in module.named_buffers()],
        })
    return ff


# ---------------------------------------------------------------------------
# Verification: rebuild every case from the JSON alone and recompute it
# ---------------------------------------------------------------------------


def _close(case: str, what: str, got: torch.Tensor, want: dict, rtol: float = 1e-8, atol: float = 1e-10) -> None:
    w = deser(want)
    if list(got.shape) != list(w.shape):
        raise AssertionError(f"{case}: {what} shape {list(got.shape)} != {list(w.shape)}")
    if not torch.allclose(got.detach().to(w.dtype), w, rtol=rtol, atol=atol):
        diff = (got.detach().to(torch.float64) - w.to(torch.float64)).abs().max().item()
        raise AssertionError(f"{case}: {what} mismatch (max abs diff {diff})")


def _loaded(c: dict) -> nn.Module:
    module = build(c["layer"], c["args"], c["options"], c.get("stateDict"))
    if c["layer"] not in ("CrossEntropyLoss", "MSELoss", "NLLLoss", "BCEWithLogitsLoss"):
        module.load_state_dict({k: deser(v) for k, v in c["stateDict"].items()})
    if str(module) != c["repr"]:
        raise AssertionError(f"{c['name']}: repr {str(module)!r} != {c['repr']!r}")
    return module


def _check_forward(name: str, module: nn.Module, rec: dict, target: dict | None = None) -> None:
    module.zero_grad(set_to_none=True)
    x = deser(rec["input"]).requires_grad_(True)
    y = module(x) if target is None else module(x, deser(target))
    _close(name, "output", y, rec["output"])
    (y * deser(rec["dy"])).sum().backward()
    _close(name, "grad input", x.grad, rec["grads"]["input"])
    for k, p in module.named_parameters():
        _close(name, f"grad {k}", p.grad, rec["grads"][k])


def verify_file(path: Path) -> None:
    doc = json.loads(path.read_text())
    assert list(doc.keys()) == ["generator", "torch", "cases"] and doc["generator"] == GENERATOR
    for c in doc["cases"]:
        if path.name == "modules.json":  # made from the classes above: nothing to rebuild from the JSON
            continue
        if path.name == "reprs.json":
            module = build(c["layer"], c["args"], c["options"])
            assert str(module) == c["repr"], c["name"]
            if "inputShape" in c:
                module(torch.zeros(c["inputShape"]))
                assert str(module) == c["reprAfter"], c["name"]
            continue
        module = _loaded(c)
        if "steps" in c:
            module.train()
            for i, step in enumerate(c["steps"]):
                _check_forward(f"{c['name']} step {i}", module, step)
                for k, b in module.named_buffers():
                    _close(c["name"], f"step {i} {k}", b, step["buffers"][k])
            module.eval()
            _check_forward(f"{c['name']} eval", module, c["eval"])
        else:
            _check_forward(c["name"], module, c, c.get("target"))


def independent_checks(docs: dict) -> None:
    """A few formulas written out by hand, so that the fixtures do not only agree with themselves."""
    for c in docs["batch-norm.json"]["cases"]:
        if c["options"].get("trackRunningStats") is False:
            continue
        last = c["steps"][-1]["buffers"]
        rm, rv = deser(last["running_mean"]), deser(last["running_var"])
        x = deser(c["eval"]["input"])
        shape = [1, -1] + [1] * (x.dim() - 2)
        eps = c["options"].get("eps", 1e-5)
        y = (x - rm.reshape(shape)) / torch.sqrt(rv.reshape(shape) + eps)
        if c["options"].get("affine", True):
            sd = c["stateDict"]
            y = y * deser(sd["weight"]).reshape(shape)
            if "bias" in sd:
                y = y + deser(sd["bias"]).reshape(shape)
        _close(c["name"], "eval by hand", y, c["eval"]["output"], rtol=1e-7)
        assert last["num_batches_tracked"]["data"] == [len(c["steps"])], c["name"]
    for c in docs["losses.json"]["cases"]:
        if c["layer"] == "BCEWithLogitsLoss" and c["options"].get("reduction") == "none":
            x, t = deser(c["input"]), deser(c["target"])
            pw = deser(c["stateDict"]["pos_weight"]) if "stateDict" in c else torch.ones(())
            loss = -(pw * t * torch.log(torch.sigmoid(x)) + (1 - t) * torch.log(1 - torch.sigmoid(x)))
            _close(c["name"], "bce by hand", loss, c["output"], rtol=1e-7)
        if c["layer"] == "NLLLoss" and c["options"].get("reduction") == "mean" and "(N, C, d)" in c["name"]:
            x, t = deser(c["input"]), deser(c["target"])
            keep = t != c["options"]["ignoreIndex"]
            picked = -x.gather(1, t.clamp(min=0).unsqueeze(1)).squeeze(1)
            _close(c["name"], "nll by hand", picked[keep].mean(), c["output"], rtol=1e-7)
    for c in docs["conv2d.json"]["cases"]:
        if c["options"].get("padding") == "same":
            assert c["output"]["shape"][-2:] == c["input"]["shape"][-2:], c["name"]


def main() -> int:
    files = [make_linear(), make_conv2d(), make_pooling(), make_batch_norm(), make_losses(), make_reprs(), make_modules()]
    paths = [ff.write() for ff in files]
    for p in paths:
        verify_file(p)
    independent_checks({p.name: json.loads(p.read_text()) for p in paths})
    for p, ff in zip(paths, files):
        print(f"{os.path.relpath(p, REPO_ROOT)}: {p.stat().st_size} bytes, {len(ff.cases)} cases")
    print("all fixtures verified")
    return 0


if __name__ == "__main__":
    sys.exit(main())
