# Issue 18: the authors' SNIP and GraSP draw (PAI/pruning_utils.py, as docs/method.md §5 and ../shared/golden/generators
# describe them) on CIFAR ResNet-18 in PyTorch, for bench/draw.sh: model in eval mode, 4 scoring minibatches of 128
# synthetic 3x32x32 images, SNIP |g*w| summed over the batches, GraSP g without graph then Hg by double backward,
# global top-k at 99% with torch.topk. Prints seconds per draw (one warm-up, then the mean of `draws`).
import sys, time, torch, torch.nn as nn, torch.nn.functional as F
threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
draws = int(sys.argv[2]) if len(sys.argv) > 2 else 3
torch.set_num_threads(threads)
torch.manual_seed(0)
class Block(nn.Module):
    def __init__(s, i, o, st):
        super().__init__()
        s.c1 = nn.Conv2d(i, o, 3, st, 1, bias=False); s.b1 = nn.BatchNorm2d(o)
        s.c2 = nn.Conv2d(o, o, 3, 1, 1, bias=False); s.b2 = nn.BatchNorm2d(o)
        s.sc = nn.Sequential() if st == 1 and i == o else nn.Sequential(nn.Conv2d(i, o, 1, st, bias=False), nn.BatchNorm2d(o))
    def forward(s, x):
        return F.relu(s.b2(s.c2(F.relu(s.b1(s.c1(x))))) + s.sc(x))
class ResNet18(nn.Module):
    def __init__(s):
        super().__init__()
        s.c = nn.Conv2d(3, 64, 3, 1, 1, bias=False); s.b = nn.BatchNorm2d(64)
        L = []; i = 64
        for k, o in enumerate([64, 128, 256, 512]):
            for j in range(2):
                L.append(Block(i, o, 2 if k > 0 and j == 0 else 1)); i = o
        s.layers = nn.Sequential(*L); s.fc = nn.Linear(512, 10)
    def forward(s, x):
        x = s.layers(F.relu(s.b(s.c(x))))
        return s.fc(F.adaptive_avg_pool2d(x, 1).flatten(1))
net = ResNet18().eval()
weights = [m.weight for m in net.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
total = sum(w.numel() for w in weights)
keep = int(0.01 * total)
def batches(seed):
    g = torch.Generator().manual_seed(seed)
    return [(torch.randn(128, 3, 32, 32, generator=g), torch.randint(0, 10, (128,), generator=g)) for _ in range(4)]
def topk(scores):
    flat = torch.cat([s.flatten() for s in scores])
    return torch.topk(flat, keep, sorted=False).indices
def snip(seed):
    for w in weights: w.grad = None
    for x, y in batches(seed):
        F.cross_entropy(net(x), y).backward()
    return topk([(w.grad * w).abs() for w in weights])
def grasp(seed):
    g = None
    for x, y in batches(seed):
        gb = torch.autograd.grad(F.cross_entropy(net(x), y), weights)
        g = [a.detach() for a in gb] if g is None else [a + b.detach() for a, b in zip(g, gb)]
    for w in weights: w.grad = None
    for x, y in batches(seed + 1):
        gb = torch.autograd.grad(F.cross_entropy(net(x), y), weights, create_graph=True)
        z = sum((a * b).sum() for a, b in zip(gb, g))
        z.backward()
    return topk([w.grad * w for w in weights])
for name, fn in [("snip", snip), ("grasp", grasp)]:
    fn(1)
    t = time.time()
    for i in range(draws): fn(2 + i)
    print(f"authors {name} {(time.time() - t) / draws:.3f} s/draw (torch {torch.__version__}, {threads} threads)", flush=True)
