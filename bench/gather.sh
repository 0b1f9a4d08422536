#!/usr/bin/env bash
# Issue 18: SIMD gathers for the Gram products, the half of 99% scoring that no other change reaches. Compiles and
# runs bench/java/io/fullspectrum/bench/GatherProduct.java (standalone; the JDK's incubating Vector API, so --add-modules) on one
# processor, at 99% and 90% sparsity: GramOperator's one-sum-per-line products against 8-lane gathers in SELL-8
# layout, the same bits (checked), and prints ns per edge visit and the ratio.
# Usage: bench/gather.sh [rounds (5)]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=$(mktemp -d /tmp/fs-gather.XXXXXX)
trap 'rm -rf "$OUT"' EXIT
javac -d "$OUT" --add-modules jdk.incubator.vector bench/java/io/fullspectrum/bench/GatherProduct.java 2>&1 | grep -v -i "incubat\|^1 warning" || true
echo "# bash bench/gather.sh ${1:-5}   ($(date -u +%F), $(nproc) cores, one processor; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(grep -o -m1 'avx512f' /proc/cpuinfo || echo 'no avx512f'))"
for density in 0.01 0.1; do
  java --add-modules jdk.incubator.vector -XX:ActiveProcessorCount=1 -cp "$OUT" io.fullspectrum.bench.GatherProduct "$density" "${1:-5}" 2>&1 \
      | grep -v -i "incubator"
done
