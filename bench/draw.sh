#!/usr/bin/env bash
# Issue 18: one PAGS draw (SNIP and GraSP, CIFAR ResNet-18 at 99%, 4 x 128 scoring images) of ours (DrawBench:
# MaskSampler.draw) against the authors' formulas in PyTorch (bench/draw.py, Debian's python3-torch: apt-get install
# python3-torch), on the same machine and threads, alternately in one script; prints the seconds and the ratios.
# Then scoring one network (ResNet-18, random masks at 99% and 90%), one thread each: ours (JMH
# ScoreBenchmark.sparse) against the authors' way (bench/authors_score.py: dense adjacency and ARPACK, as their
# ramanujan.py; held against their golden values before it is timed; needs numpy and scipy: apt-get install
# python3-scipy, or PYTHON_SCIPY=...). SCORE=0 skips the scoring part.
# Usage: bench/draw.sh [draws per generator (3)] [threads (nproc)]
set -euo pipefail
cd "$(dirname "$0")/.."
DRAWS=${1:-3}
THREADS=${2:-$(nproc)}
PY=""
for p in ${PYTHON:-} python3 /usr/bin/python3; do "$p" -c "import torch" 2>/dev/null && { PY=$p; break; }; done
[ -n "$PY" ] || { echo "bench/draw.sh: no python with torch (apt-get install python3-torch; or PYTHON=...)" >&2; exit 1; }
SCORE=${SCORE:-1}
PYS=""
if [ "$SCORE" = 1 ]; then
  for p in ${PYTHON_SCIPY:-} /usr/bin/python3 python3; do "$p" -c "import numpy, scipy" 2>/dev/null && { PYS=$p; break; }; done
  [ -n "$PYS" ] || { echo "bench/draw.sh: no python with numpy and scipy (apt-get install python3-scipy; or PYTHON_SCIPY=...; SCORE=0 skips scoring)" >&2; exit 1; }
  "$PYS" bench/authors_score.py check src/test/resources/golden
fi
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
  if [ "$SCORE" = 1 ]; then
    java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" org.openjdk.jmh.Main \
      'ScoreBenchmark.sparse$' -wi 2 -w 3s -i 3 -r 5s -f 1 -rf csv -rff target/draw-score.csv > target/draw-score.log
    for s in 0.99 0.9; do
      o=$(python3 -c 'import csv, sys; print([r["Score"] for r in csv.DictReader(open(sys.argv[1])) if r["Param: sparsity"] == sys.argv[2]][0])' target/draw-score.csv "$s")
      a=$(OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 "$PYS" bench/authors_score.py time "$s" 2 | awk '{print $4}')
      printf "  score %s: ours %.1f ms/network (1 thread), authors %.1f ms (1 thread): authors / ours = %.1fx\n" \
        "$s" "$o" "$a" "$(echo "$a / $o" | bc -l)"
    done
  fi
done
