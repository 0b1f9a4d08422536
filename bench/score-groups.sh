#!/usr/bin/env bash
# Issue 18: the degree-group subgraphs of a layer built in one pass (SparseBiadjacency.splitColumns) against one
# rescan of the layer per group (selectColumns, before). JMH ScoreBenchmark.sparse (ResNet-18, one thread) on a
# baseline revision and on the working tree, alternately (before, after, before, after) in one script, so that load
# from other work falls on both; prints ms/op per round and the ratio of the sums per sparsity.
# Usage: bench/score-groups.sh [baseline revision (default d1c455c, the commit before the change)]
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${1:-d1c455c}
WT=$(mktemp -d /tmp/fs-score-base.XXXXXX)
git worktree add -q --detach "$WT" "$BASE"
trap 'git worktree remove --force "$WT"' EXIT
build() { (cd "$1" && mvn -B -q test-compile && mvn -B -q dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench.classpath); }
run() { # tree label
  java -cp "$1/target/test-classes:$1/target/classes:$(cat "$1/target/bench.classpath")" org.openjdk.jmh.Main \
    'ScoreBenchmark.sparse$' -wi 2 -w 5s -i 5 -r 5s -f 1 -rf csv -rff "$WT/$2.csv" > "$WT/$2.log"
}
build "$WT"
build "$PWD"
for round in 1 2; do
  run "$WT" "before$round"
  run "$PWD" "after$round"
done
echo "# bash bench/score-groups.sh $BASE   ($(date -u +%F), $(nproc) cores; JMH ScoreBenchmark.sparse, 1 thread)"
python3 - "$WT" <<'PY'
import csv, sys
def load(f): return {r["Param: sparsity"]: (float(r["Score"]), float(r["Score Error (99.9%)"])) for r in csv.DictReader(open(f))}
rounds = [(load(f"{sys.argv[1]}/before{i}.csv"), load(f"{sys.argv[1]}/after{i}.csv")) for i in (1, 2)]
for s in sorted(rounds[0][0], reverse=True):
    cells = "; ".join(f"round {i + 1}: before {b[s][0]:.1f} ± {b[s][1]:.1f} ms, after {a[s][0]:.1f} ± {a[s][1]:.1f} ms"
                      for i, (b, a) in enumerate(rounds))
    ratio = sum(b[s][0] for b, _ in rounds) / sum(a[s][0] for _, a in rounds)
    print(f"sparsity {s}: {cells}; before/after = {ratio:.2f}x")
PY
