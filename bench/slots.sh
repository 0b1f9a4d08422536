#!/usr/bin/env bash
# Issue 18: SNIP draws per second with 1 and 2 slots in one JVM (runner=flink-local, parallelism 1 and 2: one
# embedded TaskManager), on a baseline revision whose gradients ran under one JVM-wide lock (DJL's collector is one
# per JVM) and on the working tree (per-thread gradients, nn.ThreadGradients), in one script: rows alternate so
# that load from other work falls on both. Fashion-MNIST CNN at 98%, the paper's scoring size (4 x 128 images).
# Usage: bench/slots.sh [baseline revision (default b50abdb, the commit before per-thread gradients)] ; N=draws (60)
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${1:-b50abdb}
N=${N:-60}
WT=$(mktemp -d /tmp/fs-slots-base.XXXXXX)
git worktree add -q --detach "$WT" "$BASE"
trap 'git worktree remove --force "$WT"' EXIT
(cd "$WT" && mvn -B -q package -DskipTests)
mvn -B -q package -DskipTests
OUT=$(mktemp -d /tmp/fs-slots.XXXXXX)
rate() { # tree label parallelism
  local dir="$OUT/$2-p$3"
  java -Xmx2g -Dai.djl.offline=true -jar "$1/target/fullspectrum-0.1.0-SNAPSHOT.jar" pipeline=pags \
    architecture=fmnist-cnn data=synthetic data.synthetic.size=512 generator=snip sparsity=0.98 samples="$N" \
    save.every="$N" score.batches=4 score.batch.size=128 finetune.epochs=1 runner=flink-local parallelism="$3" \
    output="$dir" > "$dir.log" 2>&1
  sed -n 's/.*drew and scored \([0-9]*\)\/\([0-9]*\) draws (\([0-9.]*\) draws\/s).*/\1 \2 \3/p' "$dir.log" \
    | awk '$1 == $2 {print $3}' | tail -1
}
echo "# bash bench/slots.sh $BASE   ($(date -u +%F), $(nproc) cores, N=$N SNIP draws, fmnist-cnn 98%, 4 x 128)"
for round in 1 2; do
  b1=$(rate "$WT" before 1); b2=$(rate "$WT" before 2); a1=$(rate "$PWD" after 1); a2=$(rate "$PWD" after 2)
  printf "round %d: before (lock) 1 slot %s, 2 slots %s draws/s (x%.2f); after (per thread) 1 slot %s, 2 slots %s (x%.2f)\n" \
    "$round" "$b1" "$b2" "$(echo "$b2 / $b1" | bc -l)" "$a1" "$a2" "$(echo "$a2 / $a1" | bc -l)"
done
echo "# logs: $OUT"
