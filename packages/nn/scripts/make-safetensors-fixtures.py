"""Golden safetensors fixtures for @strata/nn's io tests, written by PyTorch.

Run from the repository root:

    .venv-ref/bin/python packages/nn/scripts/make-safetensors-fixtures.py

The reference venv has torch (CPU); if `import safetensors` fails, install it with

    .venv-ref/bin/pip install safetensors

It writes into packages/nn/src/io/__fixtures__/:

- mlp.safetensors: the state dict of Sequential(Linear(4, 8), ReLU(), Linear(8, 3)) after
  torch.manual_seed(0), saved by safetensors.torch.save_file with metadata {"format": "pt"};
- mlp.json: a fixed input [5, 4] and the model's output for it (eval mode);
- conv.safetensors + conv.json: the same for Sequential(Conv2d(1, 2, 3, padding=1),
  BatchNorm2d(2), ReLU(), Flatten(), Linear(32, 3)) after two training-mode forwards, so the
  running statistics are not their initial values and num_batches_tracked is an int64 2;
- dtypes.safetensors + dtypes.json: one tensor of every dtype strata reads (F32, F64, I32, I64,
  BOOL, F16, BF16, I8, U8, I16), a scalar and an empty tensor; the JSON has each one's code,
  shape and flat values (floats as float64, exactly).

The other direction, strata writing and PyTorch reading:

    (cd packages/nn && STRATA_SAFETENSORS_OUT=/tmp/strata-st npx vitest run src/io/pytorch-interop.test.ts)
    for f in /tmp/strata-st/*.safetensors; do
        .venv-ref/bin/python packages/nn/scripts/make-safetensors-fixtures.py --verify "$f"
    done

`--verify PATH` loads a file with safetensors.torch.load_file and prints its metadata and each
tensor's dtype, shape and sum; when its keys are the MLP's (or the conv model's), it also loads
it into that model and compares the output on mlp.json's (conv.json's) input with the golden
output, exiting 1 on a mismatch.
"""

import argparse
import json
import sys
from pathlib import Path

import torch
from safetensors import safe_open
from safetensors.torch import load_file, save_file

FIXTURES = Path(__file__).resolve().parent.parent / "src" / "io" / "__fixtures__"
MODEL_TOLERANCE = 1e-6
CODES = {
    torch.float32: "F32",
    torch.float64: "F64",
    torch.int32: "I32",
    torch.int64: "I64",
    torch.bool: "BOOL",
    torch.float16: "F16",
    torch.bfloat16: "BF16",
    torch.int8: "I8",
    torch.uint8: "U8",
    torch.int16: "I16",
}


def dump(entries: dict) -> str:
    """JSON with one top-level entry per line: small, and readable in a diff."""
    lines = [f" {json.dumps(k)}: {json.dumps(v)}" for k, v in entries.items()]
    return "{\n" + ",\n".join(lines) + "\n}\n"


def make_mlp() -> torch.nn.Sequential:
    return torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 3))


def write_mlp() -> None:
    torch.manual_seed(0)
    model = make_mlp().eval()
    x = torch.randn(5, 4)
    with torch.no_grad():
        y = model(x)
    save_file(model.state_dict(), str(FIXTURES / "mlp.safetensors"), metadata={"format": "pt"})
    (FIXTURES / "mlp.json").write_text(dump({"input": x.tolist(), "output": y.tolist()}))


def make_conv() -> torch.nn.Sequential:
    return torch.nn.Sequential(
        torch.nn.Conv2d(1, 2, 3, padding=1),
        torch.nn.BatchNorm2d(2),
        torch.nn.ReLU(),
        torch.nn.Flatten(),
        torch.nn.Linear(2 * 4 * 4, 3),
    )


MODELS = {"mlp": make_mlp, "conv": make_conv}


def write_conv() -> None:
    torch.manual_seed(1)
    model = make_conv().train()
    with torch.no_grad():
        for _ in range(2):
            model(torch.randn(8, 1, 4, 4) * 2 + 0.5)
    model.eval()
    x = torch.randn(2, 1, 4, 4)
    with torch.no_grad():
        y = model(x)
    save_file(model.state_dict(), str(FIXTURES / "conv.safetensors"), metadata={"format": "pt"})
    (FIXTURES / "conv.json").write_text(dump({"input": x.tolist(), "output": y.tolist()}))


def every_dtype() -> dict[str, torch.Tensor]:
    return {
        "f32": torch.tensor([[1.5, -2.0, 3.25], [0.0, 1e-8, -7.125]], dtype=torch.float32),
        "f64": torch.tensor([1 / 3, -2.5, 1e300], dtype=torch.float64),
        "i32": torch.tensor([[-(2**31), 2**31 - 1], [0, 7]], dtype=torch.int32),
        "i64": torch.tensor([-(2**31), 2**31 - 1, 0, 42], dtype=torch.int64),
        # BatchNorm's counter: an int64 scalar.
        "num_batches_tracked": torch.tensor(3, dtype=torch.int64),
        "bool": torch.tensor([True, False, True, True, False]),
        # max, smallest subnormal, smallest normal, -0, and a value f16 rounds (0.1).
        "f16": torch.tensor([1.0, -2.5, 65504.0, 2**-24, 2**-14, -0.0, 0.1], dtype=torch.float16),
        "bf16": torch.tensor([1.0, -2.5, 3.0e38, 1e-3, 0.1], dtype=torch.bfloat16),
        "i8": torch.tensor([-128, -1, 0, 127], dtype=torch.int8),
        "u8": torch.tensor([0, 1, 128, 255], dtype=torch.uint8),
        "i16": torch.tensor([-32768, -1, 0, 32767], dtype=torch.int16),
        "empty": torch.zeros(0, 3),
    }


def values_of(t: torch.Tensor) -> list:
    if t.dtype == torch.bool:
        return t.flatten().tolist()
    if t.is_floating_point():
        return t.to(torch.float64).flatten().tolist()
    return t.to(torch.int64).flatten().tolist()


def write_dtypes() -> None:
    tensors = every_dtype()
    save_file(tensors, str(FIXTURES / "dtypes.safetensors"), metadata={"source": "make-safetensors-fixtures.py"})
    expected = {
        name: {"dtype": CODES[t.dtype], "shape": list(t.shape), "values": values_of(t)}
        for name, t in tensors.items()
    }
    (FIXTURES / "dtypes.json").write_text(dump(expected))


def verify(path: str) -> int:
    tensors = load_file(path)
    with safe_open(path, framework="pt") as f:
        metadata = f.metadata()
    print(f"{path}: {len(tensors)} tensors, metadata {metadata}")
    for name, t in tensors.items():
        total = t.to(torch.float64).sum().item()
        print(f"  {name}: {t.dtype} {list(t.shape)} sum={total!r}")
    for name, make in MODELS.items():
        model = make().eval()
        if set(tensors) != set(model.state_dict()):
            continue
        model.load_state_dict(tensors, strict=True)
        golden = json.loads((FIXTURES / f"{name}.json").read_text())
        with torch.no_grad():
            y = model(torch.tensor(golden["input"]))
        diff = (y - torch.tensor(golden["output"])).abs().max().item()
        ok = diff <= MODEL_TOLERANCE
        print(f"  loaded into the {name} model: max |output - {name}.json| = {diff:.3g} -> {'OK' if ok else 'MISMATCH'}")
        return 0 if ok else 1
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verify", metavar="PATH", help="print a strata-written file as PyTorch reads it")
    args = parser.parse_args()
    if args.verify:
        return verify(args.verify)
    FIXTURES.mkdir(parents=True, exist_ok=True)
    write_mlp()
    write_conv()
    write_dtypes()
    for f in sorted(FIXTURES.iterdir()):
        print(f"{f.relative_to(Path.cwd()) if f.is_relative_to(Path.cwd()) else f}: {f.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
