#!/usr/bin/env bash
# Issue 18: the degree-group subgraphs of a layer built in one pass (SparseBiadjacency.splitColumns) against one
# rescan of the layer per group (selectColumns, before). JMH ScoreBenchmark.sparse (ResNet-18, one thread) on a
# baseline revision and on the working tree, alternately in one script; prints ms/op and the ratio per sparsity.
# Usage: bench/score-groups.sh [baseline revision (default d1c455c, the commit before the change)]
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${1:-d1c455c}
WT=$(mktemp -d /tmp/fs-score-base.XXXXXX)
git worktree add -q --detach "$WT" "$BASE"
trap 'git worktree remove --force "$WT"' EXIT
run() { # tree label
  (cd "$1" && mvn -B -q test-compile && mvn -B -q dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench.classpath)
  java -cp "$1/target/test-classes:$1/target/classes:$(cat "$1/target/bench.classpath")" org.openjdk.jmh.Main \
    'ScoreBenchmark.sparse$' -wi 2 -w 5s -i 5 -r 5s -f 1 -rf csv -rff "$WT/$2.csv" > "$WT/$2.log"
}
run "$WT" before
run "$PWD" after
echo "# bash bench/score-groups.sh $BASE   ($(date -u +%F), $(nproc) cores; JMH ScoreBenchmark.sparse, 1 thread)"
python3 - "$WT/before.csv" "$WT/after.csv" <<'PY'
import csv, sys
def load(f): return {r["Param: sparsity"]: (float(r["Score"]), float(r["Score Error (99.9%)"])) for r in csv.DictReader(open(f))}
b, a = load(sys.argv[1]), load(sys.argv[2])
for s in sorted(b, reverse=True):
    print(f"sparsity {s}: before {b[s][0]:.1f} ± {b[s][1]:.1f} ms, after {a[s][0]:.1f} ± {a[s][1]:.1f} ms, "
          f"before/after = {b[s][0] / a[s][0]:.2f}x")
PY
