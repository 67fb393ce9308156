"""Golden fixture of the activation functions, forward and backward, by PyTorch, in float32 and float64.

Writes ``packages/core/src/testing/__fixtures__/activation-functions.json``. Each case is one
activation with its options (PyTorch's keyword arguments in strata's camelCase spelling) and, per
dtype, what PyTorch computes in that dtype for the same inputs:

    {"name", "op", "options", "x": [...], "dy": [...],
     "float32": {"output": [...], "grad": [...]}, "float64": {"output": [...], "grad": [...]}}

``grad`` is d(sum(output * dy)) / dx. The inputs are the special values every activation meets
(NaN, the infinities, signed zeros), its kinks and boundaries (0, ±3, softplus's threshold), large
magnitudes where the tails matter, and float32-exact draws of ``torch.randn``; ``dy`` is drawn the
same way. JSON has no NaN or infinities, so every number is a string: ``"NaN"``, ``"Infinity"``,
``"-Infinity"`` or its shortest round-trip decimal.

Run from the repository root with the reference venv (see make-fixtures.py)::

    .venv-ref/bin/python packages/core/scripts/make-activation-fixtures.py

Tests never run Python; they only read the committed JSON.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import torch
import torch.nn.functional as F

GENERATOR = "packages/core/scripts/make-activation-fixtures.py"
OUT = Path(__file__).resolve().parents[1] / "src" / "testing" / "__fixtures__" / "activation-functions.json"

SPECIAL = [math.nan, math.inf, -math.inf, 0.0, -0.0, 1.0, -1.0, 3.0, -3.0, 10.0, -10.0, 50.0, -50.0, -100.0]

# (name, strata op, strata options, PyTorch function, extra inputs at this case's own kinks)
CASES = [
    ("gelu", "gelu", {}, F.gelu, [-5.0, 5.0, -40.0, 6.5]),
    ("gelu tanh", "gelu", {"approximate": "tanh"}, lambda x: F.gelu(x, approximate="tanh"), [-5.0, 5.0, -40.0]),
    ("silu", "silu", {}, F.silu, [-20.0, 20.0]),
    ("softplus", "softplus", {}, F.softplus, [20.0, 19.5, 20.5, -20.0, 1e-8, -1e-8]),
    (
        "softplus beta 2 threshold 10",
        "softplus",
        {"beta": 2, "threshold": 10},
        lambda x: F.softplus(x, beta=2, threshold=10),
        [5.0, 4.75, 5.25, -5.0],
    ),
    ("elu", "elu", {}, F.elu, [-1e-3, 1e-3, -20.0]),
    ("elu alpha 0.5", "elu", {"alpha": 0.5}, lambda x: F.elu(x, alpha=0.5), [-1e-3, 1e-3]),
    ("leakyRelu", "leakyRelu", {}, F.leaky_relu, [-1e-3, 1e-3]),
    (
        "leakyRelu negativeSlope 0.2",
        "leakyRelu",
        {"negativeSlope": 0.2},
        lambda x: F.leaky_relu(x, negative_slope=0.2),
        [-1e-3, 1e-3],
    ),
    ("hardswish", "hardswish", {}, F.hardswish, [2.999, 3.001, -2.999, -3.001]),
    ("hardsigmoid", "hardsigmoid", {}, F.hardsigmoid, [2.999, 3.001, -2.999, -3.001]),
    ("mish", "mish", {}, F.mish, [-20.0, 20.0, 100.0]),
    ("logSigmoid", "logSigmoid", {}, F.logsigmoid, [-20.0, 20.0, 100.0]),
]

# Where PyTorch disagrees with itself between dtypes, strata follows one rule in both:
# - its vectorised float32 erf gives NaN at +inf, so float32 exact gelu(+inf) is NaN where the
#   float64 one (and the mathematics) is +inf;
# - elu's and hardswish's backward test `x <= 0` / `x < 3` and give `dy` at x = NaN in float32 but
#   NaN in float64 (on inputs of this length; both give `dy` on shorter ones).
# Each entry (case, dtype, field, x) -> (what PyTorch gives, what strata gives; "dy" is the
# incoming gradient) is asserted, so a PyTorch that changes it makes the script fail.
QUIRKS = {
    ("gelu", "float32", "output", "Infinity"): ("NaN", "Infinity"),
    ("elu", "float64", "grad", "NaN"): ("NaN", "dy"),
    ("elu alpha 0.5", "float64", "grad", "NaN"): ("NaN", "dy"),
    ("hardswish", "float64", "grad", "NaN"): ("NaN", "dy"),
}

RANDOM_COUNT = 12


def f32(values):
    return torch.tensor(values, dtype=torch.float32).tolist()


def encode(v: float) -> str:
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return "-0" if v == 0 and math.copysign(1, v) < 0 else repr(v)


def run(fn, x, dy, dtype):
    t = torch.tensor(x, dtype=dtype, requires_grad=True)
    y = fn(t)
    y.backward(torch.tensor(dy, dtype=dtype))
    return y.detach().tolist(), t.grad.tolist()


def make_case(index, name, op, options, fn, extra):
    g = torch.Generator().manual_seed(1000 + index)
    x = f32(SPECIAL + extra) + f32((torch.randn(RANDOM_COUNT, generator=g) * 3).tolist())
    dy = f32((torch.randn(len(x), generator=g)).tolist())
    case = {"name": name, "op": op, "options": options, "x": [encode(v) for v in x], "dy": [encode(v) for v in dy]}
    for dtype, key in ((torch.float32, "float32"), (torch.float64, "float64")):
        y, grad = run(fn, x, dy, dtype)
        fields = {"output": [encode(v) for v in y], "grad": [encode(v) for v in grad]}
        for field, values in fields.items():
            for i, xi in enumerate(case["x"]):
                quirk = QUIRKS.get((name, key, field, xi))
                if quirk is not None:
                    assert values[i] == quirk[0], (name, key, field, xi, values[i])
                    values[i] = case["dy"][i] if quirk[1] == "dy" else quirk[1]
        case[key] = fields
    return case


def main() -> None:
    cases = [make_case(i, *c) for i, c in enumerate(CASES)]
    head = f'{{\n  "generator": {json.dumps(GENERATOR)},\n  "torch": {json.dumps(torch.__version__)},\n  "cases": [\n'
    text = head + ",\n".join("    " + json.dumps(c, separators=(",", ":")) for c in cases) + "\n  ]\n}\n"
    OUT.write_text(text)
    reloaded = json.loads(OUT.read_text())
    assert len(reloaded["cases"]) == len(CASES)
    print(f"wrote {OUT} ({len(cases)} cases, {len(text)} bytes)")


if __name__ == "__main__":
    main()
