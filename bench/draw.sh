#!/usr/bin/env bash
# Issue 18: one PAGS draw (SNIP and GraSP, CIFAR ResNet-18 at 99%, 4 x 128 scoring images) of ours (DrawBench:
# MaskSampler.draw) against the authors' formulas in PyTorch (bench/draw.py, Debian's python3-torch: apt-get install
# python3-torch), on the same machine and threads, alternately in one script; prints the seconds and the ratios.
# Usage: bench/draw.sh [draws per generator (3)] [threads (nproc)]
set -euo pipefail
cd "$(dirname "$0")/.."
DRAWS=${1:-3}
THREADS=${2:-$(nproc)}
PY=""
for p in ${PYTHON:-} python3 /usr/bin/python3; do "$p" -c "import torch" 2>/dev/null && { PY=$p; break; }; done
[ -n "$PY" ] || { echo "bench/draw.sh: no python with torch (apt-get install python3-torch; or PYTHON=...)" >&2; exit 1; }
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
echo "# bash bench/draw.sh $DRAWS $THREADS   ($(date -u +%F), $(nproc) cores)"
for round in 1 2; do
  ours=$(java -Xmx4g -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$THREADS" \
    -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.fullspectrum.bench.DrawBench snip,grasp "$DRAWS" 2>/dev/null \
    | grep '^ours')
  theirs=$("$PY" bench/draw.py "$THREADS" "$DRAWS" | grep '^authors')
  echo "round $round:"; echo "$ours" | sed 's/^/  /'; echo "$theirs" | sed 's/^/  /'
  for g in snip grasp; do
    o=$(echo "$ours" | awk -v g="$g" '$2 == g {print $3}'); a=$(echo "$theirs" | awk -v g="$g" '$2 == g {print $3}')
    printf "  %s: authors / ours = %.2fx (above 1: ours is faster)\n" "$g" "$(echo "$a / $o" | bc -l)"
  done
done
