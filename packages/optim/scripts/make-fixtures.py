"""Generate golden-fixture JSON files for @strata/optim's tests, using PyTorch.

What it makes
-------------
Two JSON files under ``packages/optim/src/__fixtures__/``:

    optimizers.json   SGD (plain, momentum + weight decay, Nesterov, dampening, maximize,
                      two param groups), Adam (default, weight decay, amsgrad, maximize, two
                      param groups with a parameter skipped on one step), AdamW (default,
                      amsgrad): the parameters after each of 5 steps and the final state dict;
                      plus ``clipGradNorm`` cases (norm 2, 1, 3 and inf; clipping and not).
    schedulers.json   the learning rates (and OneCycleLR's momenta) after construction and
                      after each ``scheduler.step()`` for StepLR, MultiStepLR,
                      CosineAnnealingLR, OneCycleLR (cos/linear, two/three phases, epochs *
                      stepsPerEpoch, per-group max lr, Adam's beta1) and LinearLR, the
                      reference of strata's LinearWarmup.

The optimizer problem: parameters ``w`` [3, 4] and ``b`` [4], loss
``sum((x @ w + b - y) ** 2)`` with fixed ``x`` [5, 3] and ``y`` [5, 4]. Each step's gradients
come from autograd at the current parameters and are stored, so the TypeScript test sets
``p.grad`` from the file and needs no autograd of its own. Inputs are float32-exact values
(drawn in float32, kept in float64) so they load losslessly into float32 or float64 tensors;
everything is computed in float64 and stored with Python's shortest round-trip repr (exact).
Options are stored in strata's camelCase spelling; ``torchCall`` records the PyTorch call.
A gradient stored as ``null`` means ``p.grad = None`` for that step (the parameter is skipped).

How to run (from the repository root)
-------------------------------------
The reference venv (git-ignored) has torch 2.13 CPU; see packages/core/scripts/make-fixtures.py
for how to create it. Then::

    .venv-ref/bin/python packages/optim/scripts/make-fixtures.py

The script is deterministic (fixed seeds). After writing it checks that each case exercises
what it claims (amsgrad changes the result, the closed-form learning rates strata computes
agree with PyTorch's chainable ones), failing loudly otherwise. Tests never run Python; they
only read the committed JSON.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import torch

GENERATOR = "packages/optim/scripts/make-fixtures.py"
REPO_ROOT = Path(__file__).resolve().parents[3]
OUT_DIR = REPO_ROOT / "packages" / "optim" / "src" / "__fixtures__"
STEPS = 5

torch.set_default_dtype(torch.float64)

# strata's option names -> PyTorch's keyword arguments.
TORCH_NAMES = {
    "lr": "lr",
    "momentum": "momentum",
    "dampening": "dampening",
    "weightDecay": "weight_decay",
    "nesterov": "nesterov",
    "maximize": "maximize",
    "betas": "betas",
    "eps": "eps",
    "amsgrad": "amsgrad",
    "decoupledWeightDecay": "decoupled_weight_decay",
}
OPTIMIZERS = {"SGD": torch.optim.SGD, "Adam": torch.optim.Adam, "AdamW": torch.optim.AdamW}


def float32_exact(shape: list[int], seed: int, scale: float = 1.0) -> torch.Tensor:
    g = torch.Generator().manual_seed(seed)
    return (torch.randn(shape, generator=g, dtype=torch.float32) * scale).to(torch.float64)


def ser(t: torch.Tensor) -> dict:
    return {"shape": list(t.shape), "data": [float(v) for v in t.detach().reshape(-1).tolist()]}


def torch_kwargs(options: dict) -> dict:
    out = {}
    for k, v in options.items():
        out[TORCH_NAMES[k]] = tuple(v) if k == "betas" else v
    return out


def call_text(name: str, options: dict) -> str:
    args = ", ".join(f"{TORCH_NAMES[k]}={v!r}" for k, v in options.items())
    return f"torch.optim.{name}(params{', ' + args if args else ''})"


# ---------------------------------------------------------------------------
# Optimizers
# ---------------------------------------------------------------------------

X = float32_exact([5, 3], 1)
Y = float32_exact([5, 4], 2)
W0 = float32_exact([3, 4], 3, 0.5)
B0 = float32_exact([4], 4, 0.5)

# name, optimizer, options, groups (None: one group of [w, b]), {step: params without grad}
OPTIMIZER_CASES = [
    ("SGD plain", "SGD", {"lr": 0.01}, None, {}),
    ("SGD momentum 0.9 weightDecay 1e-2", "SGD", {"lr": 0.01, "momentum": 0.9, "weightDecay": 1e-2}, None, {}),
    ("SGD nesterov", "SGD", {"lr": 0.01, "momentum": 0.9, "nesterov": True}, None, {}),
    ("SGD momentum 0.9 dampening 0.1", "SGD", {"lr": 0.01, "momentum": 0.9, "dampening": 0.1}, None, {}),
    ("SGD maximize momentum", "SGD", {"lr": 0.001, "momentum": 0.5, "maximize": True}, None, {}),
    (
        "SGD two param groups (b: lr 0.05, no momentum)",
        "SGD",
        {"lr": 0.01, "momentum": 0.9},
        [{"params": ["w"]}, {"params": ["b"], "lr": 0.05, "momentum": 0.0}],
        {},
    ),
    ("Adam default", "Adam", {}, None, {}),
    ("Adam lr 0.1 weightDecay 0.1", "Adam", {"lr": 0.1, "weightDecay": 0.1}, None, {}),
    ("Adam amsgrad betas (0.9, 0.5)", "Adam", {"lr": 0.1, "betas": [0.9, 0.5], "amsgrad": True}, None, {}),
    ("Adam maximize", "Adam", {"lr": 0.01, "maximize": True}, None, {}),
    (
        "Adam two param groups (b: lr 0.01, weightDecay 0.5; no grad on step 3)",
        "Adam",
        {"lr": 0.1, "betas": [0.8, 0.99]},
        [{"params": ["w"]}, {"params": ["b"], "lr": 0.01, "weightDecay": 0.5}],
        {2: ["b"]},
    ),
    ("AdamW default", "AdamW", {}, None, {}),
    (
        "AdamW lr 0.1 weightDecay 0.1 amsgrad betas (0.9, 0.5)",
        "AdamW",
        {"lr": 0.1, "weightDecay": 0.1, "betas": [0.9, 0.5], "amsgrad": True},
        None,
        {},
    ),
]


def run_optimizer(kind: str, options: dict, groups: list | None, skips: dict) -> dict:
    w = W0.clone().requires_grad_(True)
    b = B0.clone().requires_grad_(True)
    named = {"w": w, "b": b}
    if groups is None:
        param_groups = [w, b]
    else:
        param_groups = []
        for g in groups:
            extra = {k: v for k, v in g.items() if k != "params"}
            param_groups.append({"params": [named[n] for n in g["params"]], **torch_kwargs(extra)})
    opt = OPTIMIZERS[kind](param_groups, **torch_kwargs(options))
    steps = []
    for step in range(STEPS):
        opt.zero_grad()
        loss = ((X @ w + b - Y) ** 2).sum()
        loss.backward()
        for name in skips.get(step, []):
            named[name].grad = None
        grads = {n: (None if p.grad is None else ser(p.grad)) for n, p in named.items()}
        opt.step()
        steps.append({"grads": grads, "params": {n: ser(p) for n, p in named.items()}})
    sd = opt.state_dict()
    state = {
        str(i): {k: (float(v.item()) if k == "step" else ser(v)) for k, v in s.items()}
        for i, s in sd["state"].items()
    }
    camel = {v: k for k, v in TORCH_NAMES.items()}
    param_groups_out = []
    for g in sd["param_groups"]:
        out = {camel[k]: (list(v) if k == "betas" else v) for k, v in g.items() if k in camel}
        out["params"] = g["params"]
        param_groups_out.append(out)
    return {
        "initial": {"w": ser(W0), "b": ser(B0)},
        "steps": steps,
        "stateDict": {"state": state, "paramGroups": param_groups_out},
    }


def optimizer_cases() -> list[dict]:
    cases = []
    for name, kind, options, groups, skips in OPTIMIZER_CASES:
        result = run_optimizer(kind, options, groups, skips)
        if options.get("amsgrad"):
            plain = run_optimizer(kind, {**options, "amsgrad": False}, groups, skips)
            diff = max(
                abs(a - c)
                for a, c in zip(
                    result["steps"][-1]["params"]["w"]["data"], plain["steps"][-1]["params"]["w"]["data"]
                )
            )
            assert diff > 1e-4, f"{name}: amsgrad does not change the result (max diff {diff})"
        cases.append(
            {
                "name": name,
                "optimizer": kind,
                "options": options,
                "groups": groups,
                "torchCall": call_text(kind, options),
                **result,
            }
        )
    return cases


# name, maxNorm, normType; the gradients are drawn per case (shapes [3, 4], [4], [2, 2, 2]).
CLIP_CASES = [
    ("norm 2, clipped", 1.0, 2.0),
    ("norm 2, below maxNorm (unchanged)", 100.0, 2.0),
    ("norm inf, clipped", 0.5, math.inf),
    ("norm 1, clipped", 2.0, 1.0),
    ("norm 3, clipped", 1.5, 3.0),
]


def clip_cases() -> list[dict]:
    cases = []
    for i, (name, max_norm, norm_type) in enumerate(CLIP_CASES):
        shapes = [[3, 4], [4], [2, 2, 2]]
        grads = [float32_exact(s, 100 + 10 * i + k, 2.0) for k, s in enumerate(shapes)]
        params = [torch.zeros(s, requires_grad=True) for s in shapes]
        for p, g in zip(params, grads):
            p.grad = g.clone()
        total = torch.nn.utils.clip_grad_norm_(params, max_norm, norm_type=norm_type)
        cases.append(
            {
                "name": name,
                "maxNorm": max_norm,
                "normType": "inf" if math.isinf(norm_type) else norm_type,
                "grads": [ser(g) for g in grads],
                "totalNorm": float(total.item()),
                "clipped": [ser(p.grad) for p in params],
            }
        )
    return cases


# ---------------------------------------------------------------------------
# Schedulers
# ---------------------------------------------------------------------------

SGD_GROUPS = {"optimizer": "SGD", "groups": [{"lr": 0.1, "momentum": 0.9}, {"lr": 0.01, "momentum": 0.9}]}
ADAM_GROUPS = {"optimizer": "Adam", "groups": [{"lr": 0.001}, {"lr": 0.0005}]}

# name, strata scheduler, strata options, torch constructor, torch kwargs, optimizer, steps
SCHEDULER_CASES = [
    ("StepLR stepSize 7 gamma 0.5", "StepLR", {"stepSize": 7, "gamma": 0.5}, "StepLR", {"step_size": 7, "gamma": 0.5}, SGD_GROUPS, 30),
    ("StepLR default gamma", "StepLR", {"stepSize": 4}, "StepLR", {"step_size": 4}, SGD_GROUPS, 30),
    (
        "MultiStepLR milestones [5, 12, 12, 20] gamma 0.3",
        "MultiStepLR",
        {"milestones": [20, 5, 12, 12], "gamma": 0.3},
        "MultiStepLR",
        {"milestones": [20, 5, 12, 12], "gamma": 0.3},
        SGD_GROUPS,
        30,
    ),
    (
        "CosineAnnealingLR tMax 10 etaMin 1e-3 (past tMax)",
        "CosineAnnealingLR",
        {"tMax": 10, "etaMin": 1e-3},
        "CosineAnnealingLR",
        {"T_max": 10, "eta_min": 1e-3},
        SGD_GROUPS,
        30,
    ),
    ("CosineAnnealingLR tMax 30", "CosineAnnealingLR", {"tMax": 30}, "CosineAnnealingLR", {"T_max": 30}, SGD_GROUPS, 30),
    (
        "OneCycleLR cos",
        "OneCycleLR",
        {"maxLr": 1.0, "totalSteps": 30},
        "OneCycleLR",
        {"max_lr": 1.0, "total_steps": 30},
        SGD_GROUPS,
        30,
    ),
    (
        "OneCycleLR linear pctStart 0.25",
        "OneCycleLR",
        {"maxLr": 1.0, "totalSteps": 30, "annealStrategy": "linear", "pctStart": 0.25},
        "OneCycleLR",
        {"max_lr": 1.0, "total_steps": 30, "anneal_strategy": "linear", "pct_start": 0.25},
        SGD_GROUPS,
        30,
    ),
    (
        "OneCycleLR cos threePhase",
        "OneCycleLR",
        {"maxLr": 1.0, "totalSteps": 30, "threePhase": True},
        "OneCycleLR",
        {"max_lr": 1.0, "total_steps": 30, "three_phase": True},
        SGD_GROUPS,
        30,
    ),
    (
        "OneCycleLR linear threePhase divFactor 10 finalDivFactor 100",
        "OneCycleLR",
        {"maxLr": 0.5, "totalSteps": 30, "threePhase": True, "annealStrategy": "linear", "divFactor": 10, "finalDivFactor": 100},
        "OneCycleLR",
        {"max_lr": 0.5, "total_steps": 30, "three_phase": True, "anneal_strategy": "linear", "div_factor": 10.0, "final_div_factor": 100.0},
        SGD_GROUPS,
        30,
    ),
    (
        "OneCycleLR epochs 3 stepsPerEpoch 8, per-group maxLr",
        "OneCycleLR",
        {"maxLr": [1.0, 0.1], "epochs": 3, "stepsPerEpoch": 8},
        "OneCycleLR",
        {"max_lr": [1.0, 0.1], "epochs": 3, "steps_per_epoch": 8},
        SGD_GROUPS,
        24,
    ),
    (
        "OneCycleLR with Adam (cycles beta1)",
        "OneCycleLR",
        {"maxLr": 0.01, "totalSteps": 20, "baseMomentum": 0.8, "maxMomentum": 0.9},
        "OneCycleLR",
        {"max_lr": 0.01, "total_steps": 20, "base_momentum": 0.8, "max_momentum": 0.9},
        ADAM_GROUPS,
        20,
    ),
    (
        "OneCycleLR cycleMomentum false",
        "OneCycleLR",
        {"maxLr": 1.0, "totalSteps": 30, "cycleMomentum": False},
        "OneCycleLR",
        {"max_lr": 1.0, "total_steps": 30, "cycle_momentum": False},
        SGD_GROUPS,
        30,
    ),
    (
        "LinearWarmup warmupSteps 10 startFactor 0.1",
        "LinearWarmup",
        {"warmupSteps": 10, "startFactor": 0.1},
        "LinearLR",
        {"start_factor": 0.1, "end_factor": 1.0, "total_iters": 10},
        SGD_GROUPS,
        30,
    ),
    (
        "LinearWarmup warmupSteps 5 default startFactor",
        "LinearWarmup",
        {"warmupSteps": 5},
        "LinearLR",
        {"end_factor": 1.0, "total_iters": 5},
        ADAM_GROUPS,
        30,
    ),
]


def make_optimizer(spec: dict) -> torch.optim.Optimizer:
    params = [{"params": [torch.zeros(2, requires_grad=True)], **g} for g in spec["groups"]]
    return OPTIMIZERS[spec["optimizer"]](params)


def momenta(opt: torch.optim.Optimizer) -> list[float]:
    return [float(g["betas"][0]) if "betas" in g else float(g["momentum"]) for g in opt.param_groups]


def closed_form(kind: str, options: dict, base_lrs: list[float], epoch: int) -> list[float] | None:
    """The learning rates strata computes (closed forms), for the self-check."""
    if kind == "StepLR":
        return [lr * options.get("gamma", 0.1) ** (epoch // options["stepSize"]) for lr in base_lrs]
    if kind == "MultiStepLR":
        n = sum(1 for m in options["milestones"] if m <= epoch)
        return [lr * options.get("gamma", 0.1) ** n for lr in base_lrs]
    if kind == "CosineAnnealingLR":
        eta = options.get("etaMin", 0.0)
        return [eta + (lr - eta) * (1 + math.cos(math.pi * epoch / options["tMax"])) / 2 for lr in base_lrs]
    if kind == "LinearWarmup":
        s = options.get("startFactor", 1 / 3)
        n = options["warmupSteps"]
        return [lr * (s + (1 - s) * min(n, epoch) / n) for lr in base_lrs]
    return None  # OneCycleLR: PyTorch's get_lr is already a closed form


def scheduler_cases() -> list[dict]:
    cases = []
    for name, kind, options, torch_name, kwargs, spec, steps in SCHEDULER_CASES:
        opt = make_optimizer(spec)
        base_lrs = [g["lr"] for g in opt.param_groups]
        sched = getattr(torch.optim.lr_scheduler, torch_name)(opt, **kwargs)
        lrs = [list(sched.get_last_lr())]
        moms = [momenta(opt)]
        for _ in range(steps):
            opt.step()
            sched.step()
            lrs.append(list(sched.get_last_lr()))
            moms.append(momenta(opt))
        for epoch, row in enumerate(lrs):
            expected = closed_form(kind, options, base_lrs, epoch)
            if expected is None:
                continue
            for a, e in zip(row, expected):
                assert abs(a - e) <= 1e-12 * abs(e) + 1e-18, f"{name} epoch {epoch}: torch {a} vs closed form {e}"
        case = {
            "name": name,
            "scheduler": kind,
            "options": options,
            "torchCall": f"torch.optim.lr_scheduler.{torch_name}(optimizer, "
            + ", ".join(f"{k}={v!r}" for k, v in kwargs.items())
            + ")",
            "optimizer": spec,
            "lrs": lrs,
        }
        if kind == "OneCycleLR":
            case["momenta"] = moms
        cases.append(case)
    return cases


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------


def write(name: str, body: dict) -> None:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUT_DIR / name
    doc = {"generator": GENERATOR, "torch": torch.__version__, **body}
    text = json.dumps(doc, separators=(",", ":"), allow_nan=False)
    path.write_text(text + "\n")
    reloaded = json.loads(path.read_text())
    assert reloaded == doc, f"{name}: JSON round trip changed the data"
    print(f"wrote {path.relative_to(REPO_ROOT)} ({len(text) // 1024} KiB)")


def main() -> None:
    write(
        "optimizers.json",
        {
            "problem": {"x": ser(X), "y": ser(Y), "loss": "sum((x @ w + b - y) ** 2)"},
            "cases": optimizer_cases(),
            "clipGradNorm": clip_cases(),
        },
    )
    write("schedulers.json", {"cases": scheduler_cases()})


if __name__ == "__main__":
    main()
