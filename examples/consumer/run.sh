#!/usr/bin/env bash
# Issue 19: a separate Maven project takes FullSpectrum as a library and runs custom pipelines on it.
# Installs FullSpectrum (tests skipped), builds this project against the installed artifact, checks that no Flink
# came with it (the Flink runner is an optional dependency), writes a small sweep of .npz checkpoints, and runs the
# README's smallest pipeline and example 1 (RankCheckpoints, from the dependency) on it.
# Usage: examples/consumer/run.sh [work folder (a temporary one)]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=${1:-$(mktemp -d /tmp/fs-consumer.XXXXXX)}
(cd "$here/../.." && mvn -B -q install -DskipTests)
cd "$here"
mvn -B -q package
mvn -B -q dependency:build-classpath -Dmdep.outputFile="$work/classpath"
if tr ':' '\n' < "$work/classpath" | grep -q -i flink; then
  echo "consumer: Flink came with the dependency:"; tr ':' '\n' < "$work/classpath" | grep -i flink; exit 1
fi
echo "consumer: $(tr ':' '\n' < "$work/classpath" | wc -l) jars on the class path, none of them Flink"
run() { java --add-opens=java.base/java.nio=ALL-UNNAMED -Dai.djl.offline=true -cp "target/classes:$(cat "$work/classpath")" "$@"; }
run example.MakeSweep "$work/sweep"
run example.Distances "$work/sweep" "$work/distances" 2>/dev/null
echo "consumer: the README's smallest pipeline wrote"; cat "$work"/distances*.csv
run io.fullspectrum.examples.RankCheckpoints --checkpoints="$work/sweep" --output="$work/ranking.csv" 2>/dev/null
echo "consumer: example 1 (RankCheckpoints) wrote"; cat "$work/ranking.csv"
