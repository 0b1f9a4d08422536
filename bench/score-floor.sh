#!/usr/bin/env bash
# Issue 18: how far scoring is from what its sparse products alone cost. Scores CIFAR ResNet-18 (random masks, 99%
# and 90%) on one thread, then runs exactly the Gram products the solver took, on the same operators, with nothing
# else (io.fullspectrum.graph.ScoreFloor); the two alternate, medians of ROUNDS rounds. The products' time is a
# floor for any Lanczos scorer at today's precision: below it only fewer products, i.e. looser convergence.
# Usage: bench/score-floor.sh [rounds (default 20)]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-20}
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
echo "# bash bench/score-floor.sh $ROUNDS   ($(date -u +%F), $(nproc) cores, one thread: -XX:ActiveProcessorCount=1)"
java -XX:ActiveProcessorCount=1 -Drounds="$ROUNDS" -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  io.fullspectrum.graph.ScoreFloor 2>/dev/null
