# Plain-PyTorch reference for bench/gpu.sh (issue 16): the step our FineTune stage takes (masked SGD, Nesterov,
# momentum 0.9, weight decay 5e-4, lr 0.05, masks re-applied after each step, batch 128), on our two architectures
# as the authors' PyTorch code writes them, timed the way a PyTorch user trains: host batches in pinned memory,
# copied with non_blocking, no loss read per step. Also times the parts of a step on a batch already on the device
# (forward + loss, + backward, + optimizer) so that a gap to our Java step can be placed.
#
# Usage: python3 bench/gpu/torch_ref.py [--device cuda|cpu] [--archs fmnist-cnn,resnet18] [--steps N] [--batch B]
#        [--cudnn-benchmark]
# Prints one line per (arch, phase): "TORCH arch=... phase=... steps/s=..."
import argparse
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = nn.Sequential()
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        return F.relu(self.bn2(self.conv2(y)) + self.shortcut(x))


class CifarResNet18(nn.Module):
    """3x3 stem without max-pool, four stages of two BasicBlocks, global average pooling, one linear layer."""

    def __init__(self, classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        blocks, cin = [], 64
        for stage, cout in enumerate((64, 128, 256, 512)):
            for j in range(2):
                blocks.append(BasicBlock(cin, cout, 2 if stage > 0 and j == 0 else 1))
                cin = cout
        self.blocks = nn.Sequential(*blocks)
        self.linear = nn.Linear(512, classes)

    def forward(self, x):
        x = self.blocks(F.relu(self.bn1(self.conv1(x))))
        return self.linear(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


class FashionCnn(nn.Module):
    """Our fmnist-cnn: conv 32 + bn + relu + pool, conv 64 + bn + relu + pool, linear 128, linear 10."""

    def __init__(self, classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(32)
        self.conv2 = nn.Conv2d(32, 64, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(64)
        self.fc1 = nn.Linear(64 * 7 * 7, 128)
        self.classifier = nn.Linear(128, classes)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 2)
        x = F.max_pool2d(F.relu(self.bn2(self.conv2(x))), 2)
        return self.classifier(F.relu(self.fc1(torch.flatten(x, 1))))


ARCHS = {"fmnist-cnn": (FashionCnn, (1, 28, 28)), "resnet18": (CifarResNet18, (3, 32, 32))}


def sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    p.add_argument("--archs", default="fmnist-cnn,resnet18")
    p.add_argument("--steps", type=int, default=0, help="timed steps per phase (default: 300 CNN, 200 ResNet-18)")
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--sparsity", type=float, default=0.98)
    p.add_argument("--cudnn-benchmark", action="store_true", help="torch.backends.cudnn.benchmark = True")
    args = p.parse_args()
    device = torch.device(args.device)
    torch.backends.cudnn.benchmark = args.cudnn_benchmark
    torch.manual_seed(0)
    print(f"TORCH torch={torch.__version__} device={device} "
          f"{torch.cuda.get_device_name(0) if device.type == 'cuda' else 'cpu'} threads={torch.get_num_threads()} "
          f"batch={args.batch} cudnn.benchmark={args.cudnn_benchmark}",
          flush=True)
    for name in args.archs.split(","):
        cls, shape = ARCHS[name]
        steps = args.steps or (300 if name == "fmnist-cnn" else 200)
        net = cls().to(device).train()
        prunable = [m.weight for m in net.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
        masks = [(torch.rand_like(w) >= args.sparsity).float() for w in prunable]
        with torch.no_grad():
            for w, m in zip(prunable, masks):
                w.mul_(m)
        opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9, weight_decay=5e-4, nesterov=True)
        pin = device.type == "cuda"
        xs = [torch.randn(args.batch, *shape) for _ in range(8)]
        ys = [torch.randint(0, 10, (args.batch,)) for _ in range(8)]
        if pin:
            xs, ys = [x.pin_memory() for x in xs], [y.pin_memory() for y in ys]
        resident = (xs[0].to(device), ys[0].to(device))

        def forward(x, y):
            return F.cross_entropy(net(x), y)

        def backward(x, y):
            opt.zero_grad(set_to_none=True)
            forward(x, y).backward()

        def step(x, y):
            backward(x, y)
            opt.step()
            with torch.no_grad():
                for w, m in zip(prunable, masks):
                    w.mul_(m)

        def host_step(i):
            step(xs[i % 8].to(device, non_blocking=pin), ys[i % 8].to(device, non_blocking=pin))

        phases = [("step", host_step), ("resident-step", lambda i: step(*resident)),
                  ("forward+backward", lambda i: backward(*resident)), ("forward", lambda i: forward(*resident))]
        for phase, run in phases:
            for i in range(10):
                run(i)
            sync(device)
            t = time.perf_counter()
            for i in range(steps):
                run(i)
            sync(device)
            dt = time.perf_counter() - t
            print(f"TORCH arch={name} phase={phase} steps={steps} seconds={dt:.3f} steps/s={steps / dt:.2f}", flush=True)


if __name__ == "__main__":
    main()
