# Issue 18: the authors' way of scoring a network (method §1-2, their ramanujan.py as ../shared/golden describes it),
# for bench/draw.sh: per layer the dense bipartite adjacency [[0, B], [B^T, 0]] in float32, isolated nodes dropped,
# ARPACK's three largest-magnitude eigenvalues (scipy eigsh, k=3), sorted |values| [s1, s1, s2]; the Ramanujan gap
# and the weighted gap behind the degree gate, and their iterative means over the degree groups of the inputs with
# the Cheeger factor. Written from the spec, not copied: `check GOLDEN_DIR` holds it against the authors' own values
# (golden.json, tolerance 1e-4) before it is timed, so that the time is the time of the same computation.
# Usage: python3 bench/authors_score.py check GOLDEN_DIR
#        python3 bench/authors_score.py time SPARSITY REPEATS   (CIFAR ResNet-18, 21 layers, init weights, random mask)
import json, math, os, sys, time
import numpy as np
from scipy.sparse.linalg import eigsh

def top_pair(b):
    """(s1, s2) of the trimmed b as the authors get them: eigsh k=3 on the dense float32 adjacency."""
    b = b[np.any(b != 0, axis=1)][:, np.any(b != 0, axis=0)]
    r, c = b.shape
    n = r + c
    if n == 0:
        return 0.0, 0.0
    a = np.zeros((n, n), dtype=np.float32)
    a[:r, r:] = b
    a[r:, :r] = b.T
    if n <= 4:  # ARPACK needs k < n; a dense solve of so small a graph is the same up to rounding
        vals = np.linalg.eigvalsh(a.astype(np.float64))
    else:
        vals = eigsh(a, k=3, return_eigenvectors=False)
    vals = sorted(np.abs(vals), reverse=True) + [0.0, 0.0]
    return float(vals[0]), float(vals[2])

def gate(dl, dr):
    return dl >= 3 and dr > 1

def bound(dl, dr):
    return math.sqrt(dl - 1) + math.sqrt(dr - 1)

def layer_scores(weight, mask):
    """(dr, dr_imdb, lambda, lambda_imsg) of one layer, weight and mask shaped Cout x ... (method §2)."""
    m = (mask.reshape(mask.shape[0], -1) != 0).astype(np.float32)
    w = np.abs(weight.reshape(weight.shape[0], -1).astype(np.float32)) * m
    edges = m.sum()
    dr = lam = math.inf
    if edges > 0:
        dl = edges / np.count_nonzero(m.any(axis=1))
        dR = edges / np.count_nonzero(m.any(axis=0))
        if gate(dl, dR):
            dr = bound(dl, dR) - top_pair(m)[1]
            s1, s2 = top_pair(w)
            lam = s1 - s2
    deg = m.sum(axis=0).astype(int)
    order = list(dict.fromkeys(deg.tolist()))
    drs, lams = [], []
    for d in order:
        cols = np.nonzero(deg == d)[0]
        if d == 0 or len(cols) < 2:
            continue
        sub = m[:, cols]
        n_out = np.count_nonzero(sub.any(axis=1))
        dR = len(cols) * d / n_out
        if not gate(d, dR):
            continue
        c = max(len(cols), n_out) / (len(cols) + n_out - 1)
        drs.append(c * (bound(d, dR) - top_pair(sub)[1]))
        s1, s2 = top_pair(w[:, cols])
        lams.append(c * (s1 - s2))
    imdb = sum(drs) / len(drs) if drs else 0.0
    imsg = sum(lams) / len(lams) if lams else 0.0
    return dr, imdb, lam, imsg

def check(golden_dir):
    g = json.load(open(os.path.join(golden_dir, "golden.json")))
    worst = 0.0
    for case in g["cases"]:
        w = np.load(os.path.join(golden_dir, case["weight_file"]))
        m = np.load(os.path.join(golden_dir, case["mask_file"]))
        got = layer_scores(w, m)
        want = [case["official"][k] for k in ("delta_r", "delta_r_imdb", "lambda", "lambda_imsg")]
        for x, y in zip(got, want):
            y = float(y)  # golden.json writes non-finite values as the strings "inf" and "nan"
            if math.isinf(x) or math.isinf(y):
                if x != y:
                    sys.exit(f"authors_score.py: {case['case']}: {got} against the authors' {want}")
                continue
            err = abs(x - y)
            if not err <= max(1e-4, 1e-5 * abs(y)):  # a NaN on either side fails too
                sys.exit(f"authors_score.py: {case['case']}: {got} against the authors' {want}")
            worst = max(worst, err)
    print(f"check: {len(g['cases'])} golden cases agree with the authors' values (largest difference {worst:.2e})")

def resnet18_shapes():
    shapes = [(64, 3, 3, 3)]
    cin = 64
    for k, cout in enumerate([64, 128, 256, 512]):
        for j in range(2):
            stride = 2 if k > 0 and j == 0 else 1
            shapes += [(cout, cin, 3, 3), (cout, cout, 3, 3)]
            if stride != 1 or cin != cout:
                shapes.append((cout, cin, 1, 1))
            cin = cout
    return shapes + [(10, 512)]

def network(sparsity, seed=1):
    rng = np.random.default_rng(seed)
    layers = []
    for s in resnet18_shapes():
        std = math.sqrt(2.0 / (s[2] * s[3] * s[0])) if len(s) == 4 else 0.01
        w = rng.normal(0, std, size=s).astype(np.float32)
        keep = round(w.size * (1 - sparsity))
        mask = np.zeros(w.size, dtype=np.uint8)
        mask[rng.choice(w.size, keep, replace=False)] = 1
        layers.append((w, mask.reshape(s)))
    assert len(layers) == 21
    return layers

def timing(sparsity, repeats):
    net = network(sparsity)
    for w, m in net[:2]:
        layer_scores(w, m)
    t = time.time()
    for _ in range(repeats):
        for w, m in net:
            layer_scores(w, m)
    ms = (time.time() - t) * 1000 / repeats
    print(f"authors score {sparsity} {ms:.1f} ms/network (numpy {np.__version__}, "
          f"{os.environ.get('OPENBLAS_NUM_THREADS', 'default')} BLAS threads)", flush=True)

if __name__ == "__main__":
    if sys.argv[1] == "check":
        check(sys.argv[2])
    else:
        timing(float(sys.argv[2]), int(sys.argv[3]))
