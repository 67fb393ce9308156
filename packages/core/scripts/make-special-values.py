"""Golden fixture of every elementwise op on NaN, the infinities and ordinary values, by PyTorch.

Writes ``packages/core/src/testing/__fixtures__/special-values.json``: for each unary op its
outputs on SPECIAL, and for each binary op its outputs on every (a, b) pair of SPECIAL x
SPECIAL (a varying slowest), all in float32 as PyTorch computes them, plus ``clamp`` and
``where``. JSON has no NaN or infinities, so every number is written as a string:
``"NaN"``, ``"Infinity"``, ``"-Infinity"`` or its decimal; booleans stay booleans.

Run from the repository root with the reference venv (see make-fixtures.py)::

    .venv-ref/bin/python packages/core/scripts/make-special-values.py

The conformance suite runs every backend against this file, so NaN propagation (relu(NaN),
maximum(NaN, 1), NaN < 1, ...) is the same on every backend, and PyTorch's.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import torch

GENERATOR = "packages/core/scripts/make-special-values.py"
OUT = Path(__file__).resolve().parents[1] / "src" / "testing" / "__fixtures__" / "special-values.json"

SPECIAL = [math.nan, math.inf, -math.inf, 0.0, 1.0, -1.0, 2.5, -0.5]

UNARY = {
    "neg": torch.neg,
    "abs": torch.abs,
    "exp": torch.exp,
    "log": torch.log,
    "sqrt": torch.sqrt,
    "rsqrt": torch.rsqrt,
    "square": torch.square,
    "relu": torch.relu,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "sign": torch.sign,
    "floor": torch.floor,
    "ceil": torch.ceil,
    "round": torch.round,
    "logicalNot": torch.logical_not,
}

BINARY = {
    "add": torch.add,
    "sub": torch.sub,
    "mul": torch.mul,
    "div": torch.div,
    "pow": torch.pow,
    "maximum": torch.maximum,
    "minimum": torch.minimum,
    "eq": torch.eq,
    "ne": torch.ne,
    "lt": torch.lt,
    "le": torch.le,
    "gt": torch.gt,
    "ge": torch.ge,
    "logicalAnd": torch.logical_and,
    "logicalOr": torch.logical_or,
}


def number(v: float) -> str:
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return repr(float(v))


def values(t: torch.Tensor) -> list:
    if t.dtype == torch.bool:
        return [bool(v) for v in t.tolist()]
    return [number(v) for v in t.tolist()]


def main() -> None:
    x = torch.tensor(SPECIAL, dtype=torch.float32)
    a = x.repeat_interleave(len(SPECIAL))
    b = x.repeat(len(SPECIAL))
    cases = []
    for name, f in UNARY.items():
        cases.append({"op": name, "inputs": [values(x)], "output": values(f(x))})
    for name, f in BINARY.items():
        cases.append({"op": name, "inputs": [values(a), values(b)], "output": values(f(a, b))})
    cases.append({"op": "clamp", "inputs": [values(x)], "args": [-1.0, 2.0], "output": values(torch.clamp(x, -1.0, 2.0))})
    mask = torch.tensor([i % 2 == 0 for i in range(len(SPECIAL))])
    cases.append(
        {
            "op": "where",
            "inputs": [values(x), values(x.flip(0))],
            "condition": [bool(v) for v in mask.tolist()],
            "output": values(torch.where(mask, x, x.flip(0))),
        }
    )
    head = {"generator": GENERATOR, "torch": torch.__version__}
    lines = ["{"] + [f"  {json.dumps(k)}: {json.dumps(v)}," for k, v in head.items()] + ['  "cases": [']
    lines.append(",\n".join("    " + json.dumps(c, separators=(",", ":")) for c in cases))
    lines += ["  ]", "}"]
    OUT.write_text("\n".join(lines) + "\n")
    # Reload and recompute from the file alone.
    data = json.loads(OUT.read_text())
    parse = lambda vs: torch.tensor([float(v) for v in vs], dtype=torch.float32)
    for c in data["cases"]:
        if c["op"] in UNARY:
            got = UNARY[c["op"]](parse(c["inputs"][0]))
        elif c["op"] in BINARY:
            got = BINARY[c["op"]](parse(c["inputs"][0]), parse(c["inputs"][1]))
        else:
            continue
        assert values(got) == c["output"], c["op"]
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes, {len(cases)} ops)")


if __name__ == "__main__":
    main()
