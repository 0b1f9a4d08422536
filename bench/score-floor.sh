#!/usr/bin/env bash
# Issue 18: how far scoring is from what its Gram products alone cost. Scores CIFAR ResNet-18 (random masks, 99%
# and 90%) on one thread, then runs exactly the Gram products the solver took (by the edges, or by the Gram matrix
# where GramOperator builds one), on the same operators, with nothing else (io.fullspectrum.graph.ScoreFloor); the two alternate, medians of ROUNDS rounds. The products' time is a
# floor for any Lanczos scorer at today's precision: below it only fewer products, i.e. looser convergence.
# With a baseline revision (one that has ScoreFloor, 7a79e0e or later), that revision and the working tree run
# alternately, twice each, so that load from elsewhere falls on both.
# Usage: bench/score-floor.sh [rounds (default 20)] [baseline revision]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-20}
BASE=${2:-}
build() { (cd "$1" && mvn -B -q test-compile && mvn -B -q dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench.classpath); }
run() { # tree
  java -XX:ActiveProcessorCount=1 -Drounds="$ROUNDS" \
    -cp "$1/target/test-classes:$1/target/classes:$(cat "$1/target/bench.classpath")" io.fullspectrum.graph.ScoreFloor \
    2>/dev/null | sed 's/^/  /'
}
build "$PWD"
echo "# bash bench/score-floor.sh $ROUNDS $BASE  ($(date -u +%F), $(nproc) cores, one thread: -XX:ActiveProcessorCount=1)"
if [ -z "$BASE" ]; then
  echo "working tree ($(git rev-parse --short HEAD)):"; run "$PWD"
  exit 0
fi
WT=$(mktemp -d /tmp/fs-floor-base.XXXXXX)
git worktree add -q --detach "$WT" "$BASE"
trap 'git worktree remove --force "$WT"' EXIT
build "$WT"
for round in 1 2; do
  echo "round $round, baseline $BASE:"; run "$WT"
  echo "round $round, working tree ($(git rev-parse --short HEAD)):"; run "$PWD"
done
