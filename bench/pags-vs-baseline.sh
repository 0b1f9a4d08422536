#!/usr/bin/env bash
# Issue 5 benchmark: the PAGS/PEGS-selected mask's fine-tuned accuracy beside its generator's baseline mask, over
# several seeds, on the CPU default (pipelines/pegs.properties: Fashion-MNIST CNN, SNIP at 98%, n=100).
# Usage: bench/pags-vs-baseline.sh [pipeline] [seeds...]   (default: pegs 0 1 2). About 4 minutes a seed.
set -euo pipefail
cd "$(dirname "$0")/.."
pipeline=${1:-pegs}
shift || true
seeds=("${@:-0 1 2}")
[ $# -eq 0 ] && seeds=(0 1 2)
mvn -B -q package -DskipTests
out=runs/bench-$pipeline-$(date +%Y%m%d-%H%M%S)
for s in "${seeds[@]}"; do
  java -jar target/fullspectrum-0.1.0-SNAPSHOT.jar pipeline="$pipeline" seed="$s" output="$out/seed-$s" \
    | grep -E "^(pegs|pags|pai|done)" || true
done
python3 - "$out" <<'PY'
import json, glob, statistics, sys
runs = sorted(glob.glob(sys.argv[1] + "/seed-*/results.json"))
base = [json.load(open(r))["baseline"]["accuracy"] for r in runs]
sel = [json.load(open(r))["selected"]["accuracy"] for r in runs]
def ms(v): return f"{statistics.mean(v):.4f} ± {statistics.stdev(v) if len(v) > 1 else 0:.4f}"
print(f"{len(runs)} seeds: baseline {ms(base)}, selected {ms(sel)}, selected - baseline {ms([s - b for s, b in zip(sel, base)])}")
for r, b, s in zip(runs, base, sel): print(f"  {r}: baseline {b:.4f} selected {s:.4f}")
PY
