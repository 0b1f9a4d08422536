#!/usr/bin/env bash
# Issue 18: how far a scoring change moves the values. Prints every number of ResNet-18's full-spectrum coordinate
# (random masks at 99%, 98% and 90%, two seeds: io.fullspectrum.bench.ScoreValues) on a baseline revision and on the
# working tree, and the largest relative and absolute difference (infinities must agree exactly).
# Usage: bench/score-values.sh [baseline revision (default 51f1f6e, the last commit before this session's changes)]
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${1:-51f1f6e}
WT=$(mktemp -d /tmp/fs-values-base.XXXXXX)
git worktree add -q --detach "$WT" "$BASE"
trap 'git worktree remove --force "$WT"' EXIT
build() { (cd "$1" && mvn -B -q test-compile && mvn -B -q dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench.classpath); }
build "$PWD"
build "$WT"
CURRENT="target/test-classes:target/classes:$(cat target/bench.classpath)"
# The baseline's own classes with this tree's ScoreValues (older revisions may not have it).
java -cp "$CURRENT" io.fullspectrum.bench.ScoreValues > "$WT/after.txt" 2>/dev/null
java -cp "target/test-classes:$WT/target/classes:$(cat "$WT/target/bench.classpath")" io.fullspectrum.bench.ScoreValues \
    > "$WT/before.txt" 2>/dev/null
echo "# bash bench/score-values.sh $BASE   ($(date -u +%F); ResNet-18, random masks, 99/98/90%, seeds 1-2)"
python3 - "$WT/before.txt" "$WT/after.txt" <<'PY'
import math, sys
before = [l.split() for l in open(sys.argv[1])]
after = [l.split() for l in open(sys.argv[2])]
assert len(before) == len(after) and len(before) > 0, "different layer counts"
rel = absolute = 0.0
same = 0
total = 0
for b, a in zip(before, after):
    for x, y in zip(b[3:], a[3:]):
        x, y = float.fromhex(x), float.fromhex(y)
        total += 1
        if x == y or (math.isnan(x) and math.isnan(y)):
            same += 1
            continue
        if math.isinf(x) or math.isinf(y):
            print(f"DIFFERENT infinity: {b[:3]} {x} vs {y}"); sys.exit(1)
        absolute = max(absolute, abs(x - y))
        rel = max(rel, abs(x - y) / max(abs(x), 1e-300))
print(f"{total} numbers, {same} identical to the bit; largest change {rel:.2e} relative, {absolute:.2e} absolute")
PY
