#!/usr/bin/env bash
# Issue 18: SNIP draws per second in one JVM (runner=flink-local, one embedded TaskManager): 1 slot; 2 slots with
# one gradient slot (-Dfullspectrum.gradient.slots=1, the default: gradient passes take turns, as under DJL's
# one-per-JVM collector); 2 slots with 2 gradient slots (two SNIP draws at once: nn.ThreadGradients). Rows alternate
# in one script so that load from other work falls on all. Fashion-MNIST CNN at 98%, 4 x 128 scoring images.
# Usage: bench/slots.sh ; N=draws (60)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-60}
mvn -B -q package -DskipTests
OUT=$(mktemp -d /tmp/fs-slots.XXXXXX)
rate() { # parallelism gradient-slots
  local dir="$OUT/p$1-g$2-$RANDOM"
  java -Xmx2g -Dai.djl.offline=true -Dfullspectrum.gradient.slots="$2" -jar target/fullspectrum-0.1.0-SNAPSHOT.jar \
    pipeline=pags architecture=fmnist-cnn data=synthetic data.synthetic.size=512 generator=snip sparsity=0.98 \
    samples="$N" save.every="$N" score.batches=4 score.batch.size=128 finetune.epochs=1 runner=flink-local \
    parallelism="$1" output="$dir" > "$dir.log" 2>&1
  sed -n 's/.*drew and scored \([0-9]*\)\/\([0-9]*\) draws (\([0-9.]*\) draws\/s).*/\1 \2 \3/p' "$dir.log" \
    | awk '$1 == $2 {print $3}' | tail -1
}
echo "# bash bench/slots.sh   ($(date -u +%F), $(nproc) cores, N=$N SNIP draws, fmnist-cnn 98%, 4 x 128)"
for round in 1 2; do
  one=$(rate 1 1); turns=$(rate 2 1); both=$(rate 2 2)
  printf "round %d: 1 slot %s draws/s; 2 slots, 1 gradient slot %s (x%.2f); 2 slots, 2 gradient slots %s (x%.2f)\n" \
    "$round" "$one" "$turns" "$(echo "$turns / $one" | bc -l)" "$both" "$(echo "$both / $one" | bc -l)"
done
echo "# logs: $OUT"
