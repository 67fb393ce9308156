"""Indexing and in-place autograd fixtures for make-fixtures.py (imported by it; run that script).

indexing.json   x[index] and x[index] = value (index_put_, with and without accumulate) on float
                tensors: integers, slices, None, Ellipsis, index strings, integer tensors and lists,
                bool masks, mixed basic and advanced indices (PyTorch's placement rules),
                duplicates. Each case: {"name", "kind": "index" | "indexPut", "x", "index": [item],
                ["value"], ["accumulate"], "output", "dy", "grads": {"x"[, "value"]}}.
                An index item is one of {"int": i}, {"slice": [start, stop, step]} (null for
                None), {"newaxis": true}, {"ellipsis": true}, {"list": nested list},
                {"tensor": int tensor}, {"mask": bool tensor (data 0/1)}, {"string": text},
                a string being the text between PyTorch's brackets.
in-place.json   scenarios of in-place ops under autograd, one function each here and one of the
                same name in the conformance suite (in-place.ts): {"name", "inputs", "outputs":
                {name: tensor}, "dy", "grads"} or, where PyTorch refuses, {"name", "inputs",
                "error": "leaf" | "view-of-leaf" | "version"}.

Values are float32-representable and computed in float64, as in the other fixtures.
"""

from __future__ import annotations

import torch

from_torch = None  # set by make-fixtures.py: (Rng, ser_input, ser_output, deser, FixtureFile)


def _tools():
    if from_torch is None:
        raise RuntimeError("indexing_fixtures is run through make-fixtures.py")
    return from_torch


# ---------------------------------------------------------------------------
# Index items: Python objects <-> JSON
# ---------------------------------------------------------------------------


class Text(str):
    """An index written as between PyTorch's brackets, e.g. Text(':, 2:6')."""


def ser_item(item):
    _, ser_input, _, _, _ = _tools()
    if isinstance(item, Text):
        return {"string": str(item)}
    if item is None:
        return {"newaxis": True}
    if item is Ellipsis:
        return {"ellipsis": True}
    if isinstance(item, bool):
        raise ValueError("bool scalar index")
    if isinstance(item, int):
        return {"int": item}
    if isinstance(item, slice):
        return {"slice": [item.start, item.stop, item.step]}
    if isinstance(item, list):
        return {"list": item}
    if isinstance(item, torch.Tensor) and item.dtype == torch.bool:
        return {"mask": {"shape": list(item.shape), "data": [int(v) for v in item.reshape(-1).tolist()]}}
    if isinstance(item, torch.Tensor):
        return {"tensor": ser_input(item.to(torch.int64))}
    raise TypeError(item)


def deser_item(obj):
    _, _, _, deser, _ = _tools()
    if "string" in obj:
        return Text(obj["string"])
    if "newaxis" in obj:
        return None
    if "ellipsis" in obj:
        return Ellipsis
    if "int" in obj:
        return obj["int"]
    if "slice" in obj:
        return slice(*obj["slice"])
    if "list" in obj:
        return obj["list"]
    if "mask" in obj:
        m = obj["mask"]
        return torch.tensor(m["data"], dtype=torch.bool).reshape(m["shape"])
    return deser(obj["tensor"])


def apply_index(x: torch.Tensor, items: list):
    """x[items] as Python writes it; a Text item is spliced in as written."""
    parts, env = [], {"x": x}
    for k, item in enumerate(items):
        if isinstance(item, Text):
            parts.append(str(item))
        else:
            # A list is an index tensor (NumPy's modern rule, and strata's); PyTorch still reads a
            # nested list as a tuple of indices, with a deprecation warning.
            env[f"i{k}"] = torch.tensor(item, dtype=None if item else torch.int64) if isinstance(item, list) else item
            parts.append(f"i{k}")
    return eval(f"x[{', '.join(parts)}]", {}, env), parts, env  # noqa: S307 (our own literals)


def reference(kind: str, x: torch.Tensor, items: list, value, accumulate: bool) -> torch.Tensor:
    if kind == "index":
        return apply_index(x, items)[0]
    out = x.clone()
    if accumulate and all(isinstance(i, torch.Tensor) or isinstance(i, list) for i in items):
        tensors = tuple(i if isinstance(i, torch.Tensor) else torch.tensor(i) for i in items)
        return out.index_put_(tensors, value if isinstance(value, torch.Tensor) else torch.tensor(value, dtype=x.dtype),
                              accumulate=True)
    _, parts, env = apply_index(out, items)
    env["out"], env["v"] = out, value
    target = f"out[{', '.join(parts)}]"
    exec(f"{target} = {target} + v" if accumulate else f"{target} = v", {}, env)  # noqa: S102
    return out


# ---------------------------------------------------------------------------
# indexing.json
# ---------------------------------------------------------------------------


def make_indexing():
    Rng, ser_input, ser_output, _, FixtureFile = _tools()
    f = FixtureFile("indexing.json", 11000)
    T = lambda *v: torch.tensor(v, dtype=torch.int64)  # noqa: E731

    def case(name, kind, shape, items, value_shape=None, value_number=None, accumulate=False):
        r = Rng(f.seed_base + len(f.cases))
        x = r.randn(*shape)
        value = r.randn(*value_shape) if value_shape is not None else value_number
        xl = x.clone().requires_grad_(True)
        vl = value.clone().requires_grad_(True) if isinstance(value, torch.Tensor) else value
        out = reference(kind, xl, items, vl, accumulate)
        c = {"name": name, "kind": kind, "x": ser_input(x), "index": [ser_item(i) for i in items]}
        if kind == "indexPut":
            c["value"] = ser_input(value) if isinstance(value, torch.Tensor) else value
            c["accumulate"] = accumulate
        c["output"] = ser_output(out)
        dy = r.randn(*out.shape)
        leaves = [xl] + ([vl] if isinstance(vl, torch.Tensor) else [])
        grads = torch.autograd.grad((out * dy).sum(), leaves, allow_unused=True)
        c["dy"] = ser_input(dy)
        c["grads"] = {"x": ser_output(grads[0] if grads[0] is not None else torch.zeros_like(x))}
        if len(grads) > 1:
            c["grads"]["value"] = ser_output(grads[1])
        if any(existing["name"] == name for existing in f.cases):
            raise ValueError(f"duplicate case name {name!r}")
        f.cases.append(c)

    x3 = [3, 4, 5]
    # Basic indexing.
    case("int", "index", x3, [1])
    case("negative int", "index", x3, [-1])
    case("two ints, one negative", "index", x3, [1, -2])
    case("three ints give a 0-d tensor", "index", x3, [2, 0, -1])
    case("slice 1:3", "index", x3, [slice(1, 3)])
    case("slice ::2 on dim 1", "index", x3, [slice(None), slice(None, None, 2)])
    case("slice -3: and 1:10 clamp", "index", x3, [slice(-3, None), slice(1, 10)])
    case("empty slice 3:1", "index", x3, [slice(None), slice(3, 1)])
    case("slice with step 3 and negative start", "index", x3, [slice(None), slice(None), slice(-4, None, 3)])
    case("None at front", "index", x3, [None])
    case("None between int and slice", "index", x3, [1, None, slice(None, None, 2)])
    case("ellipsis then int", "index", x3, [Ellipsis, 0])
    case("int, ellipsis, int", "index", x3, [0, Ellipsis, -1])
    case("ellipsis, None", "index", x3, [Ellipsis, None])
    case("string ':, 1:3'", "index", x3, [Text(":, 1:3")])
    case("string '..., 0'", "index", x3, [Text("..., 0")])
    case("string '1::2, None, -1'", "index", [4, 4, 3], [Text("1::2, None, -1")])
    case("string with spaces ' : ,  : , 1 : 4 : 2 '", "index", x3, [Text(" : ,  : , 1 : 4 : 2 ")])
    case("1-D slice ::3", "index", [10], [slice(None, None, 3)])
    # Advanced indexing.
    case("list [0, 2]", "index", x3, [[0, 2]])
    case("int tensor with negatives", "index", x3, [T(-1, 0)])
    case("2-D int tensor", "index", x3, [torch.tensor([[0, 1], [2, 0]])])
    case("duplicates sum their gradients", "index", x3, [T(0, 0, 2, 0)])
    case("0-d int tensor", "index", x3, [torch.tensor(1)])
    case("two adjacent tensors", "index", x3, [T(0, 2), T(1, 3)])
    case("broadcast [2, 1] with [3]", "index", x3, [torch.tensor([[0], [2]]), T(1, 3, 0)])
    case("tensors separated by a slice go first", "index", x3, [T(0, 2), slice(None), T(1, 4)])
    case("slice then two tensors (adjacent, in place)", "index", x3, [slice(1, 3), T(0, 3), T(4, 1)])
    case("int then slice then tensor", "index", x3, [1, slice(None), T(0, 1)])
    case("tensor, int, tensor (the int selects first: adjacent)", "index", x3, [T(0, 1), 0, T(0, 1)])
    case("tensor, None, tensor go first", "index", x3, [T(0, 1), None, T(0, 1)])
    case("None, tensor, slice, tensor", "index", x3, [None, T(0, 1), slice(None), T(0, 1)])
    case("ellipsis then list", "index", x3, [Ellipsis, [0, 3]])
    case("slice then tensor on dim 1", "index", x3, [slice(1, 3), T(0, 2, 3)])
    case("empty list index", "index", x3, [[]])
    case("y_hat[range(n), y]", "index", [4, 3], [torch.arange(4), T(0, 2, 1, 2)])
    case("nested list index", "index", x3, [[[0, 1], [1, 2]]])
    # Masks.
    case("mask over all dims", "index", [3, 4], [torch.tensor([[True, False, True, False], [False, False, True, True],
                                                               [True, True, False, False]])])
    case("mask over dim 0", "index", x3, [torch.tensor([True, False, True])])
    case("list of booleans", "index", x3, [[False, True, True]])
    case("2-D mask over dims 0-1", "index", x3, [torch.tensor([[True, False, False, True], [False, True, False, False],
                                                              [False, False, False, True]])])
    case("mask then slice", "index", x3, [torch.tensor([True, False, True]), slice(1, 3)])
    case("slice then mask on dim 1", "index", x3, [slice(None), torch.tensor([False, True, True, False])])
    case("mask with a tensor (broadcast with nnz)", "index", x3, [torch.tensor([True, False, True]), T(3, 0)])
    # Writes.
    case("the chapter's X[:, 2:6] = 0", "indexPut", [6, 8], [Text(":, 2:6")], value_number=0.0)
    case("row X[1] = v", "indexPut", x3, [1], value_shape=[4, 5])
    case("element X[1, 2, -1] = v (0-d)", "indexPut", x3, [1, 2, -1], value_shape=[])
    case("slice with broadcast value [1, 5]", "indexPut", x3, [slice(None), slice(1, 3)], value_shape=[1, 5])
    case("strided slice ::2 = number", "indexPut", x3, [slice(None, None, 2)], value_number=1.5)
    case("ellipsis, 0 = v", "indexPut", x3, [Ellipsis, 0], value_shape=[3, 4])
    case("::2, None, 1 = v", "indexPut", x3, [slice(None, None, 2), None, 1], value_shape=[2, 1, 5])
    case("whole tensor x[:] = v broadcast", "indexPut", [3, 4], [slice(None)], value_shape=[4])
    case("list rows x[[0, 2]] = v", "indexPut", x3, [[0, 2]], value_shape=[2, 4, 5])
    case("two tensors x[[0, 2], [1, 3]] = v", "indexPut", x3, [T(0, 2), T(1, 3)], value_shape=[2, 5])
    case("duplicates without accumulate: the last wins", "indexPut", [3, 4], [T(0, 0, 2, 0)], value_shape=[4, 4])
    case("separated tensors x[[0, 2], :, [1, 4]] = v", "indexPut", x3, [T(0, 2), slice(None), T(1, 4)],
         value_shape=[2, 4])
    case("slice then tensor x[1:3, [0, 2]] = v", "indexPut", x3, [slice(1, 3), T(0, 2)], value_shape=[2, 2, 5])
    case("int then slice then tensor x[1, :, [0, 1]] = v", "indexPut", x3, [1, slice(None), T(0, 1)],
         value_shape=[4, 2])
    case("mask x[m] = 0 over all dims", "indexPut", [3, 4], [torch.tensor([[True, False, True, False],
                                                                          [False, False, True, True],
                                                                          [True, True, False, False]])],
         value_number=0.0)
    case("mask over dim 0 with a row value", "indexPut", x3, [torch.tensor([True, False, True])], value_shape=[5])
    case("mask with per-element values", "indexPut", [3, 4], [torch.tensor([[True, False, True, False],
                                                                           [False, False, True, True],
                                                                           [True, True, False, False]])],
         value_shape=[6])
    case("slice then mask x[:, m] = v", "indexPut", x3, [slice(None), torch.tensor([False, True, True, False])],
         value_shape=[3, 2, 5])
    case("accumulate with duplicates", "indexPut", [4, 3], [T(0, 2, 0, 0)], value_shape=[4, 3], accumulate=True)
    case("accumulate with two tensors and duplicates", "indexPut", [3, 4], [T(0, 1, 0), T(2, 2, 2)],
         value_shape=[3], accumulate=True)
    case("accumulate with a mask", "indexPut", [3, 4], [torch.tensor([[True, False, True, False],
                                                                      [False, False, True, True],
                                                                      [True, True, False, False]])],
         value_number=2.0, accumulate=True)
    case("accumulate into a slice", "indexPut", x3, [slice(None), slice(1, 3)], value_shape=[5], accumulate=True)
    case("the d2l y_hat[range(n), y] = 1", "indexPut", [4, 3], [torch.arange(4), T(0, 2, 1, 2)], value_number=1.0)
    return f


def verify_indexing(doc: dict, close) -> None:
    _, _, _, deser, _ = _tools()
    for c in doc["cases"]:
        x = deser(c["x"]).requires_grad_(True)
        items = [deser_item(i) for i in c["index"]]
        value = c.get("value")
        value = deser(value).requires_grad_(True) if isinstance(value, dict) else value
        out = reference(c["kind"], x, items, value, c.get("accumulate", False))
        close(c["name"], "output", out, c["output"])
        leaves = [x] + ([value] if isinstance(value, torch.Tensor) else [])
        grads = torch.autograd.grad((out * deser(c["dy"])).sum(), leaves, allow_unused=True)
        close(c["name"], "grad x", grads[0] if grads[0] is not None else torch.zeros_like(x), c["grads"]["x"])
        if len(grads) > 1:
            close(c["name"], "grad value", grads[1], c["grads"]["value"])
    # PyTorch's placement rule, checked on shapes alone: separated advanced indices go first;
    # integers select before the advanced indices are placed.
    x = torch.zeros(5, 6, 7)
    assert list(x[[0, 1], :, [0, 1]].shape) == [2, 6]
    assert list(x[1, :, [0, 1]].shape) == [6, 2]
    assert list(x[[0, 1], None, [0, 1]].shape) == [2, 1, 7]
    # Without accumulate the last duplicate wins on PyTorch's CPU, which the fixtures rely on.
    z = torch.zeros(3)
    z[[0, 0]] = torch.tensor([1.0, 2.0])
    assert z.tolist() == [2.0, 0.0, 0.0]


# ---------------------------------------------------------------------------
# in-place.json
# ---------------------------------------------------------------------------


def _corr2d_loop(X, K):
    h, w = K.shape
    Y = torch.zeros(X.shape[0] - h + 1, X.shape[1] - w + 1, dtype=X.dtype)
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i:i + h, j:j + w] * K).sum()
    return {"out": Y}


def _write_through_reshape(a, b):
    y = torch.zeros(4, dtype=a.dtype)
    v = y.view(2, 2)
    v[0, 1] = (a * b).sum()
    return {"out": y * 1, "view": v * 1}


def _residual(a, w):
    Y = a * w
    Y += a
    return {"out": torch.relu(Y)}


def _detach_then_use(a, b):
    c = a * 1
    d = c.detach()
    d.mul_(2)
    return {"out": c * b, "c": c * 1}


def _use_then_detach_write(a, b):
    c = a * 1
    out = c * b
    c.detach().add_(1)
    return {"out": out}


def _tanh_twice(a):
    c = a * 1
    c.tanh_()
    c.tanh_()
    return {"out": c}


SCENARIOS = {
    "relu_ on a product": (lambda a, b: {"out": (lambda y: (y.relu_(), y * 2)[1])(a * b)}, [[3, 4], [3, 4]]),
    "add_ of a tensor that requires grad (Y += X in Residual)": (_residual, [[2, 3], [2, 3]]),
    "mul_ by a tensor that requires grad": (lambda a, b: {"out": (a * 1).mul_(b)}, [[3], [3]]),
    "div_ by a tensor that requires grad": (lambda a, b: {"out": (a * 1).div_(b.abs() + 1)}, [[2, 2], [2, 2]]),
    "sub_ with alpha then used twice": (lambda a, b: {"out": (lambda c: c * c)((a * 2).sub_(b, alpha=3))},
                                        [[4], [4]]),
    "sigmoid_ then mul": (lambda a, b: {"out": (a * 3).sigmoid_() * b}, [[5], [5]]),
    "clamp_ inside the bounds and at them": (lambda a, b: {"out": (a * 2).clamp_(-0.5, 0.5) * b}, [[6], [6]]),
    "pow_ by 2": (lambda a: {"out": (a * 1).pow_(2)}, [[4]]),
    "exp_ then used": (lambda a, b: {"out": (a * 1).exp_() * b}, [[3], [3]]),
    "fill_ cuts the gradient of the old value": (lambda a, b: {"out": (a * 2).fill_(3) * b}, [[3], [3]]),
    "zero_ cuts the gradient of the old value": (lambda a, b: {"out": (a * 2).zero_() + b}, [[3], [3]]),
    "copy_ from a tensor that requires grad": (lambda a, b: {"out": (lambda c: (c.copy_(b), c * c)[1])(a * 1)},
                                               [[2, 3], [2, 3]]),
    "d2l corr2d writing Y[i, j] in a loop": (_corr2d_loop, [[4, 5], [2, 3]]),
    "setitem on a non-leaf with a slice of another": (
        lambda a, b: {"out": (lambda c: (c.__setitem__((slice(None), slice(1, None)), b[:, :2] * 2), c)[1])(a * 1)},
        [[3, 3], [3, 4]]),
    "setitem with a mask taken from the tensor": (
        lambda a: {"out": (lambda c: (c.__setitem__(c > 0, 0.0), c * a)[1])(a * 1)}, [[3, 4]]),
    "index_put_ with accumulate on a non-leaf": (
        lambda a, b: {"out": (a * 1).index_put_((torch.tensor([0, 2, 0]),), b, accumulate=True)}, [[3, 2], [3, 2]]),
    "write through a reshape rebases the base": (
        lambda a, b: {"out": (lambda c: (c.view(-1).mul_(b.view(-1)), c)[1])(a * 1)}, [[2, 3], [2, 3]]),
    "write through a reshape of a plain tensor makes it require grad": (_write_through_reshape, [[3], [3]]),
    "a write through detach() is seen but not differentiated": (_detach_then_use, [[3], [3]]),
    "error: in-place on a leaf that requires grad": (lambda a: {"out": a.add_(1)}, [[3]]),
    "error: in-place on a reshape of a leaf that requires grad": (lambda a: {"out": a.view(-1).mul_(2)}, [[2, 2]]),
    "error: relu_ overwrites the output exp saved": (lambda a: {"out": a.exp().relu_()}, [[3]]),
    "error: tanh_ twice overwrites the output the first saved": (_tanh_twice, [[3]]),
    "error: mul_ of a tensor by itself": (lambda a: {"out": (lambda c: c.mul_(c))(a * 1)}, [[3]]),
    "error: a write through detach() after the value was saved": (_use_then_detach_write, [[3], [3]]),
}


def _error_kind(e: RuntimeError) -> str:
    msg = str(e)
    if "a view of a leaf Variable" in msg:
        return "view-of-leaf"
    if "leaf Variable that requires grad" in msg:
        return "leaf"
    if "modified by an inplace operation" in msg:
        return "version"
    raise e


def run_scenario(name: str, inputs: dict) -> dict:
    fn, _ = SCENARIOS[name]
    leaves = {k: v.clone().requires_grad_(True) for k, v in inputs.items()}
    try:
        outputs = fn(*leaves.values())
        return {"leaves": leaves, "outputs": outputs}
    except RuntimeError as e:
        return {"error": _error_kind(e)}


def scenario_grads(result: dict, dy: torch.Tensor):
    out = result["outputs"]["out"]
    try:
        return torch.autograd.grad((out * dy).sum(), list(result["leaves"].values()), allow_unused=True), None
    except RuntimeError as e:
        return None, _error_kind(e)


def make_in_place():
    Rng, ser_input, ser_output, _, FixtureFile = _tools()
    f = FixtureFile("in-place.json", 12000)
    for name, (fn, shapes) in SCENARIOS.items():
        r = Rng(f.seed_base + len(f.cases))
        names = list(fn.__code__.co_varnames[: fn.__code__.co_argcount])
        inputs = {k: r.randn(*s) for k, s in zip(names, shapes)}
        c = {"name": name, "inputs": {k: ser_input(v) for k, v in inputs.items()}}
        result = run_scenario(name, inputs)
        error = result.get("error")
        if error is None:
            dy = r.randn(*result["outputs"]["out"].shape)
            grads, error = scenario_grads(result, dy)
        if error is not None:
            if not name.startswith("error: "):
                raise AssertionError(f"{name}: PyTorch raised ({error}) for a scenario expected to run")
            c["error"] = error
        else:
            if name.startswith("error: "):
                raise AssertionError(f"{name}: PyTorch did not raise")
            c["outputs"] = {k: ser_output(v) for k, v in result["outputs"].items()}
            c["dy"] = ser_input(dy)
            c["grads"] = {k: ser_output(g if g is not None else torch.zeros_like(result["leaves"][k]))
                          for k, g in zip(result["leaves"], grads)}
        f.cases.append(c)
    return f


def verify_in_place(doc: dict, close) -> None:
    _, _, _, deser, _ = _tools()
    assert [c["name"] for c in doc["cases"]] == list(SCENARIOS)
    for c in doc["cases"]:
        inputs = {k: deser(v) for k, v in c["inputs"].items()}
        result = run_scenario(c["name"], inputs)
        if "error" in c:
            error = result.get("error")
            if error is None:
                dy = torch.ones_like(result["outputs"]["out"])
                _, error = scenario_grads(result, dy)
            assert error == c["error"], (c["name"], error)
            continue
        for k, v in result["outputs"].items():
            close(c["name"], f"output {k}", v, c["outputs"][k])
        grads, error = scenario_grads(result, deser(c["dy"]))
        assert error is None, c["name"]
        for (k, leaf), g in zip(result["leaves"].items(), grads):
            close(c["name"], f"grad {k}", g if g is not None else torch.zeros_like(leaf), c["grads"][k])
