"""Golden fixtures for @strata/models, written by PyTorch with the d2l chapters' model code.

Run from the repository root with the reference venv (see docs/reference-pytorch.md):

    .venv-ref/bin/python packages/models/scripts/make-fixtures.py

It writes into packages/models/src/__fixtures__/:

- architectures.json: for every model at the chapters' sizes, the per-layer output shapes of
  `for layer in net: X = layer(X)`, the parameter count and the state-dict keys with shapes;
- <name>.safetensors, one per small configuration in GOLDEN: labels `x:target`, and after one
  training-mode forward (dropout off) and backward of the mean cross-entropy: `x:logits`,
  `x:loss`, `x:input_grad`, `grad:<param>` for every parameter and `after:<buffer>` for every
  buffer (the running statistics after the step). PyTorch computes the step in float64 and the
  results are stored rounded to float32, so the reference carries no float32 roundoff: a
  gradient that is zero in exact arithmetic (a convolution bias feeding batch norm) is zero
  here, not float32 noise. The weights and the input are not stored:
  both are `formula_values` below (a sine of the element index), which the test recomputes, so
  the files hold only what PyTorch computed.

The model builders below are the chapters' code with the width `ratio` of the VGG chapter
applied to every hidden width, as @strata/models does.
"""

import json
from pathlib import Path

import torch
from safetensors.torch import save_file
from torch import nn
from torch.nn import functional as F

OUT = Path(__file__).resolve().parent.parent / "src" / "__fixtures__"


def w(c, ratio):
    return max(1, int(c // ratio))


def lenet(ratio=1):
    c1, c2 = w(6, ratio), w(16, ratio)
    return nn.Sequential(
        nn.Conv2d(1, c1, kernel_size=5, padding=2), nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Conv2d(c1, c2, kernel_size=5), nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Flatten(),
        nn.Linear(c2 * 5 * 5, w(120, ratio)), nn.Sigmoid(),
        nn.Linear(w(120, ratio), w(84, ratio)), nn.Sigmoid(),
        nn.Linear(w(84, ratio), 10))


def lenet_modern(ratio=1):
    c1, c2 = w(6, ratio), w(16, ratio)
    return nn.Sequential(
        nn.Conv2d(1, c1, kernel_size=5, padding=2), nn.ReLU(),
        nn.MaxPool2d(kernel_size=2, stride=2),
        nn.Conv2d(c1, c2, kernel_size=5), nn.ReLU(),
        nn.MaxPool2d(kernel_size=2, stride=2),
        nn.Flatten(),
        nn.Linear(c2 * 5 * 5, w(120, ratio)), nn.ReLU(),
        nn.Linear(w(120, ratio), w(84, ratio)), nn.ReLU(),
        nn.Linear(w(84, ratio), 10))


def bn_lenet(ratio=1):
    c1, c2 = w(6, ratio), w(16, ratio)
    return nn.Sequential(
        nn.Conv2d(1, c1, kernel_size=5), nn.BatchNorm2d(c1), nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Conv2d(c1, c2, kernel_size=5), nn.BatchNorm2d(c2), nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2), nn.Flatten(),
        nn.Linear(c2 * 16, w(120, ratio)), nn.BatchNorm1d(w(120, ratio)), nn.Sigmoid(),
        nn.Linear(w(120, ratio), w(84, ratio)), nn.BatchNorm1d(w(84, ratio)), nn.Sigmoid(),
        nn.Linear(w(84, ratio), 10))


def alexnet(ratio=1, input_size=224):
    c1, c2, c3, h = w(96, ratio), w(256, ratio), w(384, ratio), w(4096, ratio)
    s = (input_size + 2 - 11) // 4 + 1
    for _ in range(3):
        s = (s - 3) // 2 + 1
    return nn.Sequential(
        nn.Conv2d(1, c1, kernel_size=11, stride=4, padding=1), nn.ReLU(),
        nn.MaxPool2d(kernel_size=3, stride=2),
        nn.Conv2d(c1, c2, kernel_size=5, padding=2), nn.ReLU(),
        nn.MaxPool2d(kernel_size=3, stride=2),
        nn.Conv2d(c2, c3, kernel_size=3, padding=1), nn.ReLU(),
        nn.Conv2d(c3, c3, kernel_size=3, padding=1), nn.ReLU(),
        nn.Conv2d(c3, c2, kernel_size=3, padding=1), nn.ReLU(),
        nn.MaxPool2d(kernel_size=3, stride=2),
        nn.Flatten(),
        nn.Linear(c2 * s * s, h), nn.ReLU(), nn.Dropout(p=0.5),
        nn.Linear(h, h), nn.ReLU(), nn.Dropout(p=0.5),
        nn.Linear(h, 10))


def vgg_block(num_convs, in_channels, out_channels):
    layers = []
    for _ in range(num_convs):
        layers.append(nn.Conv2d(in_channels, out_channels, kernel_size=3, padding=1))
        layers.append(nn.ReLU())
        in_channels = out_channels
    layers.append(nn.MaxPool2d(kernel_size=2, stride=2))
    return nn.Sequential(*layers)


VGG11 = ((1, 64), (1, 128), (2, 256), (2, 512), (2, 512))


def vgg(ratio=1, input_size=224):
    conv_blks = []
    in_channels = 1
    s = input_size
    for (num_convs, out_channels) in VGG11:
        out_channels = w(out_channels, ratio)
        conv_blks.append(vgg_block(num_convs, in_channels, out_channels))
        in_channels = out_channels
        s //= 2
    h = w(4096, ratio)
    return nn.Sequential(
        *conv_blks, nn.Flatten(),
        nn.Linear(in_channels * s * s, h), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(h, h), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(h, 10))


def nin_block(in_channels, out_channels, kernel_size, strides, padding):
    return nn.Sequential(
        nn.Conv2d(in_channels, out_channels, kernel_size, strides, padding), nn.ReLU(),
        nn.Conv2d(out_channels, out_channels, kernel_size=1), nn.ReLU(),
        nn.Conv2d(out_channels, out_channels, kernel_size=1), nn.ReLU())


def nin(ratio=1):
    c1, c2, c3 = w(96, ratio), w(256, ratio), w(384, ratio)
    return nn.Sequential(
        nin_block(1, c1, kernel_size=11, strides=4, padding=0),
        nn.MaxPool2d(3, stride=2),
        nin_block(c1, c2, kernel_size=5, strides=1, padding=2),
        nn.MaxPool2d(3, stride=2),
        nin_block(c2, c3, kernel_size=3, strides=1, padding=1),
        nn.MaxPool2d(3, stride=2),
        nn.Dropout(0.5),
        nin_block(c3, 10, kernel_size=3, strides=1, padding=1),
        nn.AdaptiveAvgPool2d((1, 1)),
        nn.Flatten())


class Inception(nn.Module):
    def __init__(self, in_channels, c1, c2, c3, c4, **kwargs):
        super(Inception, self).__init__(**kwargs)
        self.p1_1 = nn.Conv2d(in_channels, c1, kernel_size=1)
        self.p2_1 = nn.Conv2d(in_channels, c2[0], kernel_size=1)
        self.p2_2 = nn.Conv2d(c2[0], c2[1], kernel_size=3, padding=1)
        self.p3_1 = nn.Conv2d(in_channels, c3[0], kernel_size=1)
        self.p3_2 = nn.Conv2d(c3[0], c3[1], kernel_size=5, padding=2)
        self.p4_1 = nn.MaxPool2d(kernel_size=3, stride=1, padding=1)
        self.p4_2 = nn.Conv2d(in_channels, c4, kernel_size=1)

    def forward(self, x):
        p1 = F.relu(self.p1_1(x))
        p2 = F.relu(self.p2_2(F.relu(self.p2_1(x))))
        p3 = F.relu(self.p3_2(F.relu(self.p3_1(x))))
        p4 = F.relu(self.p4_2(self.p4_1(x)))
        return torch.cat((p1, p2, p3, p4), dim=1)


def googlenet(ratio=1):
    def inc(cin, c1, c2, c3, c4):
        blk = Inception(cin, w(c1, ratio), (w(c2[0], ratio), w(c2[1], ratio)),
                        (w(c3[0], ratio), w(c3[1], ratio)), w(c4, ratio))
        return blk, w(c1, ratio) + w(c2[1], ratio) + w(c3[1], ratio) + w(c4, ratio)

    b1 = nn.Sequential(nn.Conv2d(1, w(64, ratio), kernel_size=7, stride=2, padding=3),
                       nn.ReLU(), nn.MaxPool2d(kernel_size=3, stride=2, padding=1))
    b2 = nn.Sequential(nn.Conv2d(w(64, ratio), w(64, ratio), kernel_size=1), nn.ReLU(),
                       nn.Conv2d(w(64, ratio), w(192, ratio), kernel_size=3, padding=1), nn.ReLU(),
                       nn.MaxPool2d(kernel_size=3, stride=2, padding=1))
    c = w(192, ratio)
    blocks = []
    for spec in [(64, (96, 128), (16, 32), 32), (128, (128, 192), (32, 96), 64)]:
        blk, c = inc(c, *spec)
        blocks.append(blk)
    b3 = nn.Sequential(*blocks, nn.MaxPool2d(kernel_size=3, stride=2, padding=1))
    blocks = []
    for spec in [(192, (96, 208), (16, 48), 64), (160, (112, 224), (24, 64), 64),
                 (128, (128, 256), (24, 64), 64), (112, (144, 288), (32, 64), 64),
                 (256, (160, 320), (32, 128), 128)]:
        blk, c = inc(c, *spec)
        blocks.append(blk)
    b4 = nn.Sequential(*blocks, nn.MaxPool2d(kernel_size=3, stride=2, padding=1))
    blocks = []
    for spec in [(256, (160, 320), (32, 128), 128), (384, (192, 384), (48, 128), 128)]:
        blk, c = inc(c, *spec)
        blocks.append(blk)
    b5 = nn.Sequential(*blocks, nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten())
    return nn.Sequential(b1, b2, b3, b4, b5, nn.Linear(c, 10))


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

    def forward(self, X):
        Y = F.relu(self.bn1(self.conv1(X)))
        Y = self.bn2(self.conv2(Y))
        if self.conv3:
            X = self.conv3(X)
        Y += X
        return F.relu(Y)


def resnet_block(input_channels, num_channels, num_residuals, first_block=False):
    blk = []
    for i in range(num_residuals):
        if i == 0 and not first_block:
            blk.append(Residual(input_channels, num_channels, use_1x1conv=True, strides=2))
        else:
            blk.append(Residual(num_channels, num_channels))
    return blk


def resnet(residuals, ratio=1):
    c = [w(64, ratio), w(128, ratio), w(256, ratio), w(512, ratio)]
    b1 = nn.Sequential(nn.Conv2d(1, c[0], kernel_size=7, stride=2, padding=3),
                       nn.BatchNorm2d(c[0]), nn.ReLU(),
                       nn.MaxPool2d(kernel_size=3, stride=2, padding=1))
    stages = [nn.Sequential(*resnet_block(c[0] if i == 0 else c[i - 1], c[i], n, first_block=(i == 0)))
              for i, n in enumerate(residuals)]
    return nn.Sequential(b1, *stages, nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten(), nn.Linear(c[3], 10))


def conv_block(input_channels, num_channels):
    return nn.Sequential(
        nn.BatchNorm2d(input_channels), nn.ReLU(),
        nn.Conv2d(input_channels, num_channels, kernel_size=3, padding=1))


class DenseBlock(nn.Module):
    def __init__(self, num_convs, input_channels, num_channels):
        super(DenseBlock, self).__init__()
        layer = []
        for i in range(num_convs):
            layer.append(conv_block(num_channels * i + input_channels, num_channels))
        self.net = nn.Sequential(*layer)

    def forward(self, X):
        for blk in self.net:
            Y = blk(X)
            X = torch.cat((X, Y), dim=1)
        return X


def transition_block(input_channels, num_channels):
    return nn.Sequential(
        nn.BatchNorm2d(input_channels), nn.ReLU(),
        nn.Conv2d(input_channels, num_channels, kernel_size=1),
        nn.AvgPool2d(kernel_size=2, stride=2))


def densenet(ratio=1):
    num_channels, growth_rate = w(64, ratio), w(32, ratio)
    b1 = nn.Sequential(nn.Conv2d(1, num_channels, kernel_size=7, stride=2, padding=3),
                       nn.BatchNorm2d(num_channels), nn.ReLU(),
                       nn.MaxPool2d(kernel_size=3, stride=2, padding=1))
    num_convs_in_dense_blocks = [4, 4, 4, 4]
    blks = []
    for i, num_convs in enumerate(num_convs_in_dense_blocks):
        blks.append(DenseBlock(num_convs, num_channels, growth_rate))
        num_channels += num_convs * growth_rate
        if i != len(num_convs_in_dense_blocks) - 1:
            blks.append(transition_block(num_channels, num_channels // 2))
            num_channels = num_channels // 2
    return nn.Sequential(b1, *blks, nn.BatchNorm2d(num_channels), nn.ReLU(),
                         nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten(), nn.Linear(num_channels, 10))


BUILDERS = {
    "lenet": lambda o: lenet(o.get("ratio", 1)),
    "lenetModern": lambda o: lenet_modern(o.get("ratio", 1)),
    "batchNormLenet": lambda o: bn_lenet(o.get("ratio", 1)),
    "alexnet": lambda o: alexnet(o.get("ratio", 1), o.get("inputSize", 224)),
    "vgg": lambda o: vgg(o.get("ratio", 1), o.get("inputSize", 224)),
    "nin": lambda o: nin(o.get("ratio", 1)),
    "googlenet": lambda o: googlenet(o.get("ratio", 1)),
    "resnet18": lambda o: resnet([2, 2, 2, 2], o.get("ratio", 1)),
    "resnet34": lambda o: resnet([3, 4, 6, 3], o.get("ratio", 1)),
    "densenet": lambda o: densenet(o.get("ratio", 1)),
}

# The chapters' shape checks: model, options, input size.
ARCHITECTURES = [
    ("lenet", {}, 28), ("lenetModern", {}, 28), ("batchNormLenet", {}, 28),
    ("alexnet", {}, 224), ("vgg", {}, 224), ("vgg", {"ratio": 4}, 224), ("nin", {}, 224),
    ("googlenet", {}, 96), ("resnet18", {}, 224), ("resnet18", {}, 96), ("resnet34", {}, 224),
    ("densenet", {}, 96),
]

# Small configurations for the forward + backward fixtures: name, model, options, input, batch.
GOLDEN = [
    ("lenet", "lenet", {}, 28, 4),
    ("lenet-modern", "lenetModern", {}, 28, 4),
    ("bn-lenet", "batchNormLenet", {}, 28, 4),
    ("alexnet-r32", "alexnet", {"ratio": 32, "inputSize": 96}, 96, 2),
    ("vgg-r32", "vgg", {"ratio": 32, "inputSize": 32}, 32, 2),
    ("nin-r8", "nin", {"ratio": 8}, 96, 2),
    ("googlenet-r8", "googlenet", {"ratio": 8}, 96, 2),
    ("resnet18-r16", "resnet18", {"ratio": 16}, 32, 4),
    ("resnet34-r16", "resnet34", {"ratio": 16}, 32, 4),
    ("densenet-r4", "densenet", {"ratio": 4}, 48, 4),
]


def architectures():
    out = []
    for name, options, size in ARCHITECTURES:
        torch.manual_seed(0)
        net = BUILDERS[name](options)
        X = torch.zeros(1, 1, size, size)
        rows = []
        net.eval()
        with torch.no_grad():
            for layer in net:
                X = layer(X)
                rows.append([layer.__class__.__name__, list(X.shape)])
        out.append({
            "model": name, "options": options, "inputShape": [1, 1, size, size], "layers": rows,
            "params": sum(p.numel() for p in net.parameters()),
            "stateDict": [[k, list(v.shape)] for k, v in net.state_dict().items()],
        })
        print(f"{name} {options} @{size}: {out[-1]['params']:,} params")
    (OUT / "architectures.json").write_text(json.dumps(out, indent=1) + "\n")


def formula_values(shape, phase, scale, shift=0.0):
    """shift + scale * sin(0.7 * i + phase) over the flat index i, in float64 then float32."""
    n = 1
    for d in shape:
        n *= d
    i = torch.arange(n, dtype=torch.float64)
    return (shift + scale * torch.sin(0.7 * i + phase)).to(torch.float32).reshape(shape)


def formula_parameter(index, name, shape):
    """Parameter `index` (in named_parameters order): weights scaled by 1/sqrt(fan-in),
    biases by 0.1, batch-norm scales around 1."""
    if len(shape) == 1:
        is_bn_weight = name.endswith("weight")
        return formula_values(shape, index, 0.1, 1.0 if is_bn_weight else 0.0)
    fan_in = 1
    for d in shape[1:]:
        fan_in *= d
    return formula_values(shape, index, 1.0 / fan_in ** 0.5)


def golden():
    for file, name, options, size, batch in GOLDEN:
        torch.manual_seed(0)
        net = BUILDERS[name](options)
        net = net.double()
        with torch.no_grad():
            for index, (k, p) in enumerate(net.named_parameters()):
                p.copy_(formula_parameter(index, k, list(p.shape)).double())
        x = formula_values([batch, 1, size, size], 0.5, 0.5, 0.5).double().requires_grad_()
        target = torch.arange(batch, dtype=torch.int32) * 3 % 10
        net.train()
        for m in net.modules():
            if isinstance(m, nn.Dropout):
                m.eval()
        logits = net(x)
        loss = F.cross_entropy(logits, target.long())
        loss.backward()
        tensors = {}
        tensors["x:target"] = target
        tensors["x:logits"] = logits.detach()
        tensors["x:loss"] = loss.detach().reshape(1)
        tensors["x:input_grad"] = x.grad
        for k, p in net.named_parameters():
            tensors[f"grad:{k}"] = p.grad
        for k, b in net.named_buffers():
            tensors[f"after:{k}"] = b.detach().clone()
        tensors = {k: (v.float() if v.is_floating_point() else v).contiguous() for k, v in tensors.items()}
        save_file(tensors, str(OUT / f"{file}.safetensors"), metadata={"model": name, "options": json.dumps(options)})
        print(f"{file}: loss {loss.item():.6f}, {(OUT / f'{file}.safetensors').stat().st_size:,} bytes")


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    architectures()
    golden()
