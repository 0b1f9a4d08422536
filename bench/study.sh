#!/usr/bin/env bash
# Issue 13: the CPU study a reader can trust, sized for 2 cores: Fashion-MNIST CNN at 98% and 99% sparsity, all four
# generators (random, erk, snip, grasp) x {pai, pags, pegs@500}, seeds 0 1 2, every saved selection fine-tuned
# (finetune.selections=all: samples=10, save.every=5, so each pags/pegs run fine-tunes the baseline and 2
# selections), each fine-tune's epoch picked on a 10% validation split. Deviations from the paper, for the time
# budget: 10 draws, 1 fine-tune epoch, and the baseline draw scored on 20 minibatches (not the whole training set).
# Writes two table folders (table.md, table.csv, one run folder per cell) under OUT and prints both tables.
# Usage: bench/study.sh [OUT] (default runs/study-<timestamp>). Started again with the same OUT, it resumes.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-runs/study-$(date +%Y%m%d-%H%M%S)}
SEEDS=${SEEDS:-0,1,2}
mvn -B -q package -DskipTests
JAR=target/fullspectrum-0.1.0-SNAPSHOT.jar
started=$(date +%s)
for sparsity in 0.98 0.99; do
  java -jar "$JAR" pipeline=table-fmnist sparsity="$sparsity" table.seeds="$SEEDS" \
    table.generators=random,erk,snip,grasp table.methods=pai,pags,pegs@500 samples=10 save.every=5 \
    finetune.epochs=1 finetune.selections=all finetune.validation=0.1 baseline.batches=20 \
    output="$OUT/sparsity-$sparsity" | grep -E "^table" || true
done
echo "# bash bench/study.sh $OUT   (SEEDS=$SEEDS; $(( $(date +%s) - started )) s on $(nproc) cores)"
for sparsity in 0.98 0.99; do
  echo; echo "## Fashion-MNIST CNN at sparsity $sparsity"; echo
  cat "$OUT/sparsity-$sparsity/table.md"
done
