"""PyTorch reference for strata's ResNet-18 Fashion-MNIST runs (docs/results.md).

Trains d2l's ResNet-18 (the chapter's Residual blocks, widths divided by --width-ratio) on the
full Fashion-MNIST, resized with bilinear interpolation as strata's Resize, Xavier-uniform
weights as strata's train_ch6, AdamW with an optional one-cycle schedule, and prints one JSON
line per epoch (loss, train and test accuracy, seconds).

    .venv-ref/bin/python apps/bench/scripts/torch_resnet18_fashion_mnist.py \\
        --width-ratio 4 --resize 32 --epochs 1 --lr 0.001

The reference environment is described in docs/reference-pytorch.md; the data set comes from
Debian's dataset-fashion-mnist.
"""
import argparse
import gzip
import json
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

DATA = '/usr/share/datasets/fashion-mnist/'


def idx(name, offset):
    with gzip.open(DATA + name) as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset)


def images(name, size):
    x = torch.tensor(idx(name, 16).reshape(-1, 1, 28, 28) / 255.0, dtype=torch.float32)
    return x if size == 28 else F.interpolate(x, size=(size, size), mode='bilinear', align_corners=False)


class Residual(nn.Module):
    def __init__(self, inputs, channels, use_1x1conv=False, strides=1):
        super().__init__()
        self.conv1 = nn.Conv2d(inputs, channels, 3, padding=1, stride=strides)
        self.conv2 = nn.Conv2d(channels, channels, 3, padding=1)
        self.conv3 = nn.Conv2d(inputs, channels, 1, stride=strides) if use_1x1conv else None
        self.bn1 = nn.BatchNorm2d(channels)
        self.bn2 = nn.BatchNorm2d(channels)

    def forward(self, x):
        y = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        return F.relu(y + (self.conv3(x) if self.conv3 is not None else x))


def resnet18(ratio):
    c = [64 // ratio, 128 // ratio, 256 // ratio, 512 // ratio]

    def stage(inputs, channels, first):
        return nn.Sequential(Residual(inputs, channels) if first else Residual(inputs, channels, True, 2), Residual(channels, channels))

    net = nn.Sequential(
        nn.Sequential(nn.Conv2d(1, c[0], 7, stride=2, padding=3), nn.BatchNorm2d(c[0]), nn.ReLU(), nn.MaxPool2d(3, 2, 1)),
        stage(c[0], c[0], True), stage(c[0], c[1], False), stage(c[1], c[2], False), stage(c[2], c[3], False),
        nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten(), nn.Linear(c[3], 10))
    for m in net.modules():
        if isinstance(m, (nn.Linear, nn.Conv2d)):
            nn.init.xavier_uniform_(m.weight)
    return net


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--width-ratio', type=int, default=4)
    p.add_argument('--resize', type=int, default=32)
    p.add_argument('--epochs', type=int, default=1)
    p.add_argument('--batch-size', type=int, default=128)
    p.add_argument('--lr', type=float, default=1e-3)
    p.add_argument('--weight-decay', type=float, default=0.0)
    p.add_argument('--onecycle', action='store_true')
    p.add_argument('--flip', action='store_true', help='random horizontal flips of the training images')
    p.add_argument('--seed', type=int, default=0)
    a = p.parse_args()
    torch.manual_seed(a.seed)
    xtr, xte = images('train-images-idx3-ubyte.gz', a.resize), images('t10k-images-idx3-ubyte.gz', a.resize)
    ytr = torch.tensor(idx('train-labels-idx1-ubyte.gz', 8).astype(np.int64))
    yte = torch.tensor(idx('t10k-labels-idx1-ubyte.gz', 8).astype(np.int64))
    net = resnet18(a.width_ratio)
    opt = torch.optim.AdamW(net.parameters(), lr=a.lr, weight_decay=a.weight_decay)
    steps = (len(xtr) + a.batch_size - 1) // a.batch_size
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=a.lr, total_steps=a.epochs * steps) if a.onecycle else None
    for epoch in range(a.epochs):
        net.train()
        start, total_loss, correct = time.time(), 0.0, 0
        perm = torch.randperm(len(xtr))
        for k in range(steps):
            batch = perm[k * a.batch_size:(k + 1) * a.batch_size]
            x, y = xtr[batch], ytr[batch]
            if a.flip:
                flip = torch.rand(len(batch)) < 0.5
                x = torch.where(flip[:, None, None, None], x.flip(-1), x)
            out = net(x)
            loss = F.cross_entropy(out, y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            if sched is not None:
                sched.step()
            total_loss += loss.item() * len(y)
            correct += (out.argmax(1) == y).sum().item()
        net.eval()
        with torch.no_grad():
            test = sum((net(xte[i:i + 500]).argmax(1) == yte[i:i + 500]).sum().item() for i in range(0, len(xte), 500))
        print(json.dumps({'epoch': epoch + 1, 'loss': total_loss / len(xtr), 'train': correct / len(xtr),
                          'test': test / len(xte), 'seconds': time.time() - start}), flush=True)


if __name__ == '__main__':
    main()
