"""PyTorch's figures for `pnpm bench`: GEMM 1024^3 GFLOP/s, d2l's modern LeNet training and
inference images/s at batch 256, and ResNet-18 training images/s, at each thread count given with
--threads (default 1,2).

Run by apps/bench/src/torch.ts with the reference venv's python (docs/reference-pytorch.md); prints one JSON
object: {"torch": version, "results": {workload: {threads: value}}}. Timing mirrors the
TypeScript bench: untimed warm-up calls for 0.3 s (at least one), then at least 3 and at most
15 timed calls within 2.5 s, and the median. ResNet-18 (d2l's, widths divided by --resnet-ratio, one-channel
--resnet-size images, SGD) instead times --resnet-steps steps together after --resnet-warmup
untimed ones, as apps/bench/src/workloads/resnet.ts does; the JSON then also holds the
network's parameter count ("resnet18Parameters"), which the bench checks against strata's.
apps/bench/src/torch.ts runs it with glibc malloc set to keep freed memory (TORCH_MALLOC_ENV):
otherwise each step faults its buffers in again, which on a virtual machine made the one-thread
LeNet step take 19 ms in some runs and over 100 ms in others.
"""

import argparse
import json
import statistics
import time

import torch
from torch import nn

from torch_resnet18_fashion_mnist import resnet18

BATCH = 256
GEMM_SIZE = 1024
WARM_UP_S, MIN_RUNS, MAX_RUNS, BUDGET_S = 0.3, 3, 15, 2.5


def median_seconds(fn):
    warm_up_end = time.perf_counter() + WARM_UP_S
    fn()
    while time.perf_counter() < warm_up_end:
        fn()
    times = []
    while len(times) < MAX_RUNS and (len(times) < MIN_RUNS or sum(times) < BUDGET_S):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def lenet_modern():
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2, 2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2, 2),
        nn.Flatten(),
        nn.Linear(16 * 5 * 5, 120), nn.ReLU(),
        nn.Linear(120, 84), nn.ReLU(),
        nn.Linear(84, 10),
    )


def sgd_step(net, x, y, lr):
    """One plain-SGD training step on a fixed batch, as apps/bench/src/workloads/sgd-step.ts times
    it: forward, cross-entropy, backward, update, then the loss read back."""
    optimizer = torch.optim.SGD(net.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()

    def train_step():
        optimizer.zero_grad()
        loss = loss_fn(net(x), y)
        loss.backward()
        optimizer.step()
        loss.item()

    return train_step


def gemm_gflops():
    a = torch.rand(GEMM_SIZE, GEMM_SIZE)
    b = torch.rand(GEMM_SIZE, GEMM_SIZE)
    seconds = median_seconds(lambda: torch.mm(a, b))
    return 2 * GEMM_SIZE**3 / seconds / 1e9


def lenet_images_per_second():
    torch.manual_seed(0)
    net = lenet_modern()
    x = torch.rand(BATCH, 1, 28, 28)
    y = torch.randint(0, 10, (BATCH,))
    train = BATCH / median_seconds(sgd_step(net, x, y, lr=0.01))
    net.eval()
    with torch.no_grad():
        inference = BATCH / median_seconds(lambda: net(x).argmax(1))
    return train, inference


def resnet_images_per_second(args):
    torch.manual_seed(0)
    net = resnet18(args.resnet_ratio)
    net.train()
    x = torch.rand(args.resnet_batch, 1, args.resnet_size, args.resnet_size)
    y = torch.randint(0, 10, (args.resnet_batch,))
    train_step = sgd_step(net, x, y, lr=args.resnet_lr)
    for _ in range(args.resnet_warmup):
        train_step()
    start = time.perf_counter()
    for _ in range(args.resnet_steps):
        train_step()
    return args.resnet_steps * args.resnet_batch / (time.perf_counter() - start)


def resnet_parameters(ratio):
    return sum(p.numel() for p in resnet18(ratio).parameters())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", default="1,2", help="comma-separated thread counts")
    parser.add_argument("--resnet-steps", type=int, default=0, help="timed ResNet-18 steps (0: no ResNet-18)")
    parser.add_argument("--resnet-warmup", type=int, default=2)
    parser.add_argument("--resnet-ratio", type=int, default=4)
    parser.add_argument("--resnet-size", type=int, default=32)
    parser.add_argument("--resnet-batch", type=int, default=128)
    parser.add_argument("--resnet-lr", type=float, default=0.05)
    args = parser.parse_args()
    results = {"gemm-1024": {}, "lenet-train": {}, "lenet-inference": {}}
    if args.resnet_steps > 0:
        results["resnet18-train"] = {}
    for threads in (int(t) for t in args.threads.split(",")):
        torch.set_num_threads(threads)
        results["gemm-1024"][threads] = gemm_gflops()
        train, inference = lenet_images_per_second()
        results["lenet-train"][threads] = train
        results["lenet-inference"][threads] = inference
        if args.resnet_steps > 0:
            results["resnet18-train"][threads] = resnet_images_per_second(args)
    output = {"torch": torch.__version__, "results": results}
    if args.resnet_steps > 0:
        output["resnet18Parameters"] = resnet_parameters(args.resnet_ratio)
    print(json.dumps(output))


if __name__ == "__main__":
    main()
