"""Generate the golden-fixture JSON files of @strata/data's transform tests, using torchvision.

What it makes
-------------
Small JSON files under ``packages/data/src/transforms/__fixtures__/`` (each under 200 KB):

    resize-float.json  torchvision.transforms.v2.functional.resize on float32 CHW tensors:
                       bilinear with antialias on and off, and nearest; upsampling 8x6 -> 20x14,
                       28 -> 224, 16 -> 96, 20x15 -> 128x96, downsampling 28 -> 10 and
                       8x6 -> 5x3, one-axis resizes; plus the output sizes of the int-size rule
                       (smaller edge matched) for a few shapes
    resize-uint8.json  the same on uint8 images (the layout of a RawImage; torchvision's uint8
                       tensor path, PyTorch's fixed-point kernel): 8x6 -> 20x14, 28 -> 224,
                       28 -> 10, 32x24x3 -> 128x96, 50x40x3 -> 17x23, one-axis resizes
    normalize.json     torchvision.transforms.functional.normalize
    to-tensor.json     torchvision.transforms.ToTensor on HWC uint8 arrays
    crop-pad.json      torchvision.transforms.functional center_crop, pad (constant / edge /
                       reflect / symmetric) and RandomCrop's pad + crop at a fixed top/left
    rotate.json        torchvision.transforms.functional.rotate (nearest and bilinear; expand,
                       center, fill) with the fill passed as a per-channel list, as
                       RandomRotation does

Each file is ``{"generator", "torch", "torchvision", "images": {name: image}, "cases": [...]}``;
a case names its input image (``"input": name``) and holds the transform's arguments and the
expected ``output``. An image is ``{"kind": "host", "shape": [C, H, W], "data": [...]}``
(float32; inputs lie on a 1/4096 grid so their decimals are short and exact, outputs are rounded
to 9 significant digits, which pins down a float32) or ``{"kind": "raw", "shape": [H, W, C],
"data": [...]}`` (uint8, row-major HWC, the layout of strata's RawImage; torchvision sees it as
the CHW view ``permute(2, 0, 1)``).

Large outputs (224 or 128 or 96 rows) are stored sampled: ``{"kind", "shape", "rows": [y, ...],
"rowData": [[...], ...], "sum", "weightedSum"}`` where ``rowData[k]`` holds every value whose
row index is ``rows[k]`` in the image's own layout order (host: channel-major then x; raw: x
then channel), ``sum`` is the float64 sum of all values and ``weightedSum`` is
``sum(v * (i % 7 + 1))`` over the flat index ``i`` in that layout.

How to run (from the repository root)
-------------------------------------
The reference venv (git-ignored) is described in packages/core/scripts/make-fixtures.py. Add
torchvision to it once (pip keeps the installed torch 2.13.0+cpu; check with
``.venv-ref/bin/python -c "import torch; print(torch.__version__)"``, and if pip ever wants to
replace torch, add ``--no-deps`` to install torchvision alone)::

    .venv-ref/bin/pip install torchvision pillow

then regenerate the fixtures::

    .venv-ref/bin/python packages/data/scripts/make-transform-fixtures.py

The torchvision wheel in the local index (0.28.0) is a CUDA build whose compiled operators
(nms, roi_align, ...) cannot load next to the CPU-only torch; the transforms used here are pure
Python on top of torch, so the script only skips registering those operators' fake kernels
while importing torchvision (see ``import_torchvision``).

The uint8 bilinear expectations are those of torchvision on an AVX2/AVX-512 CPU, where it resizes
uint8 tensors natively in fixed point; without AVX2 (on x86) it resizes a float copy and rounds,
which can differ by 1. The script refuses to write them on such a CPU.

The script is deterministic (fixed seeds) and, after writing, reloads every file, recomputes
each case from the JSON alone and compares, then cross-checks resize against
``torch.nn.functional.interpolate`` and the nearest rule ``floor(dst * in / out)``, failing
loudly on any mismatch. Tests never run Python; they only read the committed JSON.
"""

from __future__ import annotations

import json
import math
import os
import sys
from pathlib import Path

import torch
import torch.nn.functional as F

GENERATOR = "packages/data/scripts/make-transform-fixtures.py"
REPO_ROOT = Path(__file__).resolve().parents[3]
OUT_DIR = REPO_ROOT / "packages" / "data" / "src" / "transforms" / "__fixtures__"
MAX_FILE_BYTES = 200 * 1024
SAMPLED_ROWS = {224: [0, 1, 57, 111, 112, 223], 128: [0, 1, 63, 64, 127], 96: [0, 1, 47, 48, 95]}


def import_torchvision():
    """Import torchvision whose compiled ops cannot load; only their fake-kernel registration fails."""
    import torch.library

    original = torch.library.register_fake
    torch.library.register_fake = lambda *args, **kwargs: (lambda fn: fn)
    try:
        import torchvision
    finally:
        torch.library.register_fake = original
    return torchvision


torchvision = import_torchvision()
import torchvision.transforms as T  # noqa: E402
import torchvision.transforms.functional as TF  # noqa: E402
import torchvision.transforms.v2.functional as F2  # noqa: E402


# ---------------------------------------------------------------------------
# Serialization: strata images <-> torch CHW tensors
# ---------------------------------------------------------------------------


def _round9(v: float) -> float:
    if not math.isfinite(v):
        raise ValueError(f"non-finite value {v}")
    return float(f"{v:.9g}")


def host_input(t: torch.Tensor) -> dict:
    """A float32 CHW tensor, stored exactly."""
    assert t.dtype == torch.float32 and t.ndim == 3
    return {"kind": "host", "shape": list(t.shape), "data": t.reshape(-1).tolist()}


def raw_input(t: torch.Tensor) -> dict:
    """A uint8 CHW tensor, stored as the HWC RawImage it views."""
    assert t.dtype == torch.uint8 and t.ndim == 3
    hwc = t.permute(1, 2, 0).contiguous()
    return {"kind": "raw", "shape": list(hwc.shape), "data": [int(v) for v in hwc.reshape(-1).tolist()]}


def to_torch(img: dict) -> torch.Tensor:
    """The CHW tensor torchvision sees for a stored image (raw images as a channels-last view)."""
    if img["kind"] == "host":
        return torch.tensor(img["data"], dtype=torch.float32).reshape(img["shape"])
    return torch.tensor(img["data"], dtype=torch.uint8).reshape(img["shape"]).permute(2, 0, 1)


def layout_values(t: torch.Tensor) -> torch.Tensor:
    """An output in the image's own layout: CHW for float, HWC for uint8."""
    return t if t.dtype == torch.float32 else t.permute(1, 2, 0).contiguous()


def _values(t: torch.Tensor) -> list:
    flat = layout_values(t).reshape(-1).tolist()
    return [_round9(v) for v in flat] if t.dtype == torch.float32 else [int(v) for v in flat]


def full_output(t: torch.Tensor) -> dict:
    kind = "host" if t.dtype == torch.float32 else "raw"
    return {"kind": kind, "shape": list(layout_values(t).shape), "data": _values(t)}


def sampled_output(t: torch.Tensor, rows: list[int]) -> dict:
    kind = "host" if t.dtype == torch.float32 else "raw"
    values = layout_values(t).to(torch.float64)
    flat = values.reshape(-1)
    weights = (torch.arange(flat.numel(), dtype=torch.float64) % 7) + 1
    if kind == "host":
        row_data = [values[:, r, :].reshape(-1) for r in rows]
    else:
        row_data = [values[r, :, :].reshape(-1) for r in rows]
    as_list = (lambda r: [_round9(v) for v in r.tolist()]) if kind == "host" else (lambda r: [int(v) for v in r.tolist()])
    return {
        "kind": kind,
        "shape": list(values.shape),
        "rows": rows,
        "rowData": [as_list(r) for r in row_data],
        "sum": float(flat.sum().item()),
        "weightedSum": float((flat * weights).sum().item()),
    }


def output(t: torch.Tensor) -> dict:
    height = t.shape[-2]
    return sampled_output(t, SAMPLED_ROWS[height]) if height in SAMPLED_ROWS else full_output(t)


class Rng:
    def __init__(self, seed: int):
        self.g = torch.Generator().manual_seed(seed)

    def float_image(self, c: int, h: int, w: int) -> torch.Tensor:
        """Uniform in [0, 1) on a 1/4096 grid, so every value has a short exact decimal."""
        return torch.randint(0, 4096, (c, h, w), generator=self.g).to(torch.float32) / 4096

    def raw_image(self, h: int, w: int, c: int) -> torch.Tensor:
        """A uint8 HWC image, returned as its CHW view (channels-last strides, like a decoded image)."""
        return torch.randint(0, 256, (h, w, c), generator=self.g, dtype=torch.uint8).permute(2, 0, 1)


class FixtureFile:
    """One JSON file: named input images stored once, and cases that name their input."""

    def __init__(self, filename: str):
        self.path = OUT_DIR / filename
        self.images: dict[str, dict] = {}
        self.cases: list[dict] = []

    def image(self, name: str, img: dict) -> str:
        self.images[name] = img
        return name

    def add(self, case: dict) -> None:
        if "input" in case:
            case["output"] = output(compute(self.path.name, case, self.images))
        self.cases.append(case)

    def write(self) -> Path:
        head = {"generator": GENERATOR, "torch": torch.__version__, "torchvision": torchvision.__version__}
        lines = ["{"] + [f"  {json.dumps(k)}: {json.dumps(v)}," for k, v in head.items()]
        lines.append('  "images": {')
        lines.append(",\n".join(f"    {json.dumps(k)}: " + json.dumps(v, separators=(",", ":")) for k, v in self.images.items()))
        lines.append("  },")
        lines.append('  "cases": [')
        lines.append(",\n".join("    " + json.dumps(c, separators=(",", ":"), allow_nan=False) for c in self.cases))
        lines.append("  ]")
        lines.append("}")
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        self.path.write_text("\n".join(lines) + "\n")
        size = self.path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SystemExit(f"{self.path.name} is {size} bytes, over {MAX_FILE_BYTES}")
        return self.path


# ---------------------------------------------------------------------------
# The torchvision calls (one place each, used to build and to verify)
# ---------------------------------------------------------------------------


def tv_resize(img: torch.Tensor, size, interpolation: str, antialias: bool) -> torch.Tensor:
    mode = {"bilinear": F2.InterpolationMode.BILINEAR, "nearest": F2.InterpolationMode.NEAREST}[interpolation]
    return F2.resize(img, size if isinstance(size, list) else [size], interpolation=mode, antialias=antialias)


def tv_pad(img: torch.Tensor, padding, fill, mode: str) -> torch.Tensor:
    return TF.pad(img, padding, fill=fill, padding_mode=mode)


def tv_random_crop(img: torch.Tensor, c: dict) -> torch.Tensor:
    """RandomCrop.forward with get_params replaced by the case's top/left."""
    size = c["size"] if isinstance(c["size"], list) else [c["size"], c["size"]]
    if c["padding"] is not None:
        img = TF.pad(img, c["padding"], c["fill"], c["paddingMode"])
    _, height, width = TF.get_dimensions(img)
    if c["padIfNeeded"] and width < size[1]:
        img = TF.pad(img, [size[1] - width, 0], c["fill"], c["paddingMode"])
    if c["padIfNeeded"] and height < size[0]:
        img = TF.pad(img, [0, size[0] - height], c["fill"], c["paddingMode"])
    _, height, width = TF.get_dimensions(img)
    # RandomCrop only draws windows inside the (padded) image; F.crop would zero-pad outside.
    assert 0 <= c["top"] <= height - size[0] and 0 <= c["left"] <= width - size[1], c
    return TF.crop(img, c["top"], c["left"], size[0], size[1])


def tv_rotate(img: torch.Tensor, c: dict) -> torch.Tensor:
    mode = {"bilinear": TF.InterpolationMode.BILINEAR, "nearest": TF.InterpolationMode.NEAREST}[c["interpolation"]]
    channels = img.shape[0]
    return TF.rotate(img, c["angle"], interpolation=mode, expand=c["expand"], center=c["center"], fill=[float(c["fill"])] * channels)


def compute(file: str, c: dict, images: dict[str, dict]) -> torch.Tensor:
    img = to_torch(images[c["input"]])
    if file.startswith("resize-"):
        return tv_resize(img, c["size"], c["interpolation"], c["antialias"])
    if file == "normalize.json":
        return TF.normalize(img, c["mean"], c["std"])
    if file == "to-tensor.json":
        return T.ToTensor()(layout_values(img).numpy())
    if file == "crop-pad.json":
        if c["op"] == "CenterCrop":
            return TF.center_crop(img, c["size"])
        if c["op"] == "Pad":
            return tv_pad(img, c["padding"], c["fill"], c["paddingMode"])
        return tv_random_crop(img, c)
    if file == "rotate.json":
        return tv_rotate(img, c)
    raise ValueError(file)


# ---------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------


RESIZE_MODES = {"aa": ("bilinear", True), "noaa": ("bilinear", False), "nearest": ("nearest", True)}


def _resize_cases(ff: FixtureFile, plans: list) -> None:
    for image_name, size, mode_names in plans:
        for m in mode_names:
            interpolation, antialias = RESIZE_MODES[m]
            ff.add(
                {
                    "name": f"{image_name} -> {size} {m}",
                    "input": image_name,
                    "size": size,
                    "interpolation": interpolation,
                    "antialias": antialias,
                }
            )


def make_resize_float() -> FixtureFile:
    ff = FixtureFile("resize-float.json")
    rng = Rng(1)
    for name, shape in [
        ("host 1x8x6", (1, 8, 6)),
        ("host 2x8x6", (2, 8, 6)),
        ("host 1x28x28", (1, 28, 28)),
        ("host 2x16x16", (2, 16, 16)),
        ("host 2x20x15", (2, 20, 15)),
        ("host 1x13x17", (1, 13, 17)),
    ]:
        ff.image(name, host_input(rng.float_image(*shape)))
    _resize_cases(
        ff,
        [
            ("host 1x8x6", [20, 14], ["aa", "noaa", "nearest"]),
            ("host 2x8x6", [5, 3], ["aa", "noaa", "nearest"]),
            ("host 1x28x28", 10, ["aa", "noaa", "nearest"]),
            ("host 1x28x28", 224, ["aa", "noaa", "nearest"]),
            ("host 2x16x16", 96, ["aa", "nearest"]),
            ("host 2x20x15", 96, ["aa", "noaa"]),
            ("host 1x13x17", [13, 9], ["aa", "noaa"]),
            ("host 1x13x17", [30, 17], ["aa", "nearest"]),
        ],
    )
    # The int-size rule alone (smaller edge matched, long edge int(size * long / short)).
    shapes = []
    for h, w, size in [(28, 28, 224), (40, 30, 96), (30, 40, 96), (7, 100, 10), (100, 7, 10), (33, 21, 17), (21, 33, 17)]:
        out = F2.resize(torch.zeros(1, h, w), [size], antialias=True)
        shapes.append({"height": h, "width": w, "size": size, "output": list(out.shape[-2:])})
    ff.add({"name": "output sizes", "shapes": shapes})
    return ff


def make_resize_uint8() -> FixtureFile:
    capability = torch.backends.cpu.get_cpu_capability()
    if capability not in ("AVX2", "AVX512"):
        raise SystemExit(f"resize-uint8.json needs torchvision's native uint8 resize (AVX2 or AVX512), this CPU has {capability}")
    ff = FixtureFile("resize-uint8.json")
    rng = Rng(6)
    for name, shape in [
        ("raw 8x6x1", (8, 6, 1)),
        ("raw 28x28x1", (28, 28, 1)),
        ("raw 32x24x3", (32, 24, 3)),
        ("raw 50x40x3", (50, 40, 3)),
        ("raw 7x9x4", (7, 9, 4)),
        ("raw 13x17x1", (13, 17, 1)),
    ]:
        ff.image(name, raw_input(rng.raw_image(*shape)))
    _resize_cases(
        ff,
        [
            ("raw 8x6x1", [20, 14], ["aa", "noaa", "nearest"]),
            ("raw 28x28x1", 10, ["aa", "noaa", "nearest"]),
            ("raw 28x28x1", 224, ["aa", "noaa", "nearest"]),
            ("raw 32x24x3", 96, ["aa", "noaa", "nearest"]),
            ("raw 50x40x3", [17, 23], ["aa", "noaa", "nearest"]),
            ("raw 7x9x4", [7, 20], ["aa", "noaa"]),
            ("raw 13x17x1", [5, 40], ["aa", "noaa"]),
        ],
    )
    return ff


def make_normalize() -> FixtureFile:
    ff = FixtureFile("normalize.json")
    rng = Rng(2)
    for name, c, mean, std in [
        ("imagenet", 3, [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
        ("fashion-mnist", 1, [0.286], [0.353]),
        ("broadcast single mean/std", 3, [0.5], [0.25]),
    ]:
        image = ff.image(f"host {c}x4x5 {name}", host_input(rng.float_image(c, 4, 5)))
        ff.add({"name": name, "input": image, "mean": mean, "std": std})
    return ff


def make_to_tensor() -> FixtureFile:
    ff = FixtureFile("to-tensor.json")
    rng = Rng(3)
    for name, (h, w, c) in [("rgb 4x5x3", (4, 5, 3)), ("gray 3x2x1", (3, 2, 1))]:
        ff.add({"name": name, "input": ff.image(name, raw_input(rng.raw_image(h, w, c)))})
    return ff


def make_crop_pad() -> FixtureFile:
    ff = FixtureFile("crop-pad.json")
    rng = Rng(4)
    host = ff.image("host 1x9x7", host_input(rng.float_image(1, 9, 7)))
    raw = ff.image("raw 9x7x3", raw_input(rng.raw_image(9, 7, 3)))
    for img, size in [(host, 5), (host, [4, 6]), (host, [12, 10]), (host, [3, 10]), (raw, [4, 4]), (raw, [6, 2]), (raw, 11)]:
        ff.add({"name": f"CenterCrop {img} {size}", "op": "CenterCrop", "input": img, "size": size})

    host_pad = ff.image("host 2x4x5", host_input(rng.float_image(2, 4, 5)))
    raw_pad = ff.image("raw 4x5x3", raw_input(rng.raw_image(4, 5, 3)))
    pad_plans = [
        ("constant", 2, 0),
        ("constant", [1, 3], 0.5),
        ("constant", [1, 2, 3, 0], 0.25),
        ("edge", [1, 2, 3, 0], 0),
        ("edge", 6, 0),
        ("reflect", 3, 0),
        ("reflect", [1, 2, 3, 0], 0),
        ("symmetric", 4, 0),
        ("symmetric", [1, 2, 3, 0], 0),
    ]
    for img in (host_pad, raw_pad):
        for mode, padding, fill in pad_plans:
            fill_value = fill if img.startswith("host") else int(round(fill * 40))
            ff.add(
                {
                    "name": f"Pad {img} {mode} {padding} fill={fill_value}",
                    "op": "Pad",
                    "input": img,
                    "padding": padding,
                    "fill": fill_value,
                    "paddingMode": mode,
                }
            )

    host_crop = ff.image("host 1x12x12", host_input(rng.float_image(1, 12, 12)))
    raw_crop = ff.image("raw 10x9x1", raw_input(rng.raw_image(10, 9, 1)))
    crop_plans = [
        (host_crop, 12, 4, False, 0, "constant", 3, 7),
        (host_crop, [8, 10], None, False, 0, "constant", 4, 0),
        (host_crop, 16, [1, 2], True, 0.5, "constant", 0, 2),
        (host_crop, 14, 2, False, 0, "reflect", 1, 2),
        (raw_crop, 12, None, True, 9, "constant", 2, 1),
        (raw_crop, [12, 11], None, True, 0, "edge", 0, 2),
        (raw_crop, 8, 1, False, 0, "symmetric", 3, 2),
    ]
    for img, size, padding, pad_if_needed, fill, mode, top, left in crop_plans:
        ff.add(
            {
                "name": f"RandomCrop {img} {size} padding={padding} padIfNeeded={pad_if_needed} {mode} at ({top}, {left})",
                "op": "RandomCrop",
                "input": img,
                "size": size,
                "padding": padding,
                "padIfNeeded": pad_if_needed,
                "fill": fill,
                "paddingMode": mode,
                "top": top,
                "left": left,
            }
        )
    return ff


def make_rotate() -> FixtureFile:
    ff = FixtureFile("rotate.json")
    rng = Rng(5)
    for name, img in [
        ("host 1x9x7", host_input(rng.float_image(1, 9, 7))),
        ("host 2x6x8", host_input(rng.float_image(2, 6, 8))),
        ("host 1x28x28", host_input(rng.float_image(1, 28, 28))),
        ("raw 8x6x3", raw_input(rng.raw_image(8, 6, 3))),
        ("raw 28x28x1", raw_input(rng.raw_image(28, 28, 1))),
    ]:
        ff.image(name, img)
    plans = [
        # image, angle, interpolation, expand, center, fill
        ("host 1x9x7", 30.0, "nearest", False, None, 0),
        ("host 1x9x7", -45.0, "nearest", False, None, 0.5),
        ("host 1x9x7", 137.25, "nearest", True, None, 0),
        ("host 1x9x7", 90.0, "nearest", False, None, 0),
        ("host 1x9x7", 180.0, "nearest", False, None, 0),
        ("host 1x9x7", 20.0, "nearest", False, [2, 3], 0),
        ("host 2x6x8", 15.0, "nearest", False, None, 0),
        ("host 2x6x8", 60.0, "nearest", True, None, 0.25),
        ("host 2x6x8", -100.0, "nearest", False, [5, 1], 0),
        ("host 1x28x28", 10.0, "nearest", False, None, 0),
        ("host 1x28x28", -27.5, "nearest", False, None, 0),
        ("host 1x9x7", 30.0, "bilinear", False, None, 0),
        ("host 1x9x7", -45.0, "bilinear", True, None, 0.5),
        ("host 2x6x8", 75.0, "bilinear", False, [2, 2], 0),
        ("host 1x28x28", 12.5, "bilinear", False, None, 0),
        ("raw 8x6x3", 33.0, "nearest", False, None, 0),
        ("raw 8x6x3", -120.0, "nearest", True, None, 200),
        ("raw 28x28x1", 10.0, "nearest", False, None, 0),
        ("raw 8x6x3", 33.0, "bilinear", False, None, 0),
        ("raw 8x6x3", -50.0, "bilinear", True, [1, 6], 90),
    ]
    for image_name, angle, interpolation, expand, center, fill in plans:
        ff.add(
            {
                "name": f"{image_name} {angle} {interpolation} expand={expand} center={center} fill={fill}",
                "input": image_name,
                "angle": angle,
                "interpolation": interpolation,
                "expand": expand,
                "center": center,
                "fill": fill,
            }
        )
    return ff


# ---------------------------------------------------------------------------
# Verification
# ---------------------------------------------------------------------------


def verify_file(path: Path) -> None:
    data = json.loads(path.read_text())
    for c in data["cases"]:
        if "input" not in c:
            continue
        again = output(compute(path.name, c, data["images"]))
        if again != c["output"]:
            raise SystemExit(f"{path.name}: case {c['name']!r} does not reproduce from its JSON")


def independent_checks(resize: dict) -> None:
    for c in resize["cases"]:
        if "input" not in c:
            continue
        img = to_torch(resize["images"][c["input"]])
        out_shape = c["output"]["shape"]
        if c["interpolation"] == "bilinear":
            ref = F.interpolate(img[None], size=out_shape[1:], mode="bilinear", align_corners=False, antialias=c["antialias"])[0]
        else:
            h, w = img.shape[1:]
            oh, ow = out_shape[1:]
            ys = [min(math.floor(y * (h / oh)), h - 1) for y in range(oh)]
            xs = [min(math.floor(x * (w / ow)), w - 1) for x in range(ow)]
            ref = img[:, ys][:, :, xs]
        if output(ref) != c["output"]:
            raise SystemExit(f"resize-float.json: case {c['name']!r} differs from the independent computation")


def main() -> int:
    files = [make_resize_float(), make_resize_uint8(), make_normalize(), make_to_tensor(), make_crop_pad(), make_rotate()]
    paths = [ff.write() for ff in files]
    for p in paths:
        verify_file(p)
    independent_checks(json.loads((OUT_DIR / "resize-float.json").read_text()))
    for p, ff in zip(paths, files):
        print(f"{os.path.relpath(p, REPO_ROOT)}: {p.stat().st_size} bytes, {len(ff.cases)} cases")
    print("all fixtures verified")
    return 0


if __name__ == "__main__":
    sys.exit(main())
