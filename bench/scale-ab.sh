#!/usr/bin/env bash
# Issue 18: PAGS at the paper's scale (bench/scale.sh's random row: ResNet-18 at 99%, direct runner) on a baseline
# revision and on the working tree, alternately (before, after, before, after), so that load from other work falls
# on both; prints each row and the ratio of the summed draws/s.
# Usage: bench/scale-ab.sh BASE [n (300)]
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=$1
N=${2:-300}
WT=$(mktemp -d /tmp/fs-scale-base.XXXXXX)
git worktree add -q --detach "$WT" "$BASE"
trap 'git worktree remove --force "$WT"' EXIT
row() { (cd "$1" && SNIP_COUNT=0 bash bench/scale.sh direct "$N" 2>/dev/null | grep '^direct'); }
echo "# bash bench/scale-ab.sh $BASE $N   ($(date -u +%F), $(nproc) cores; bench/scale.sh's columns)"
before=0
after=0
for round in 1 2; do
  b=$(row "$WT"); echo "round $round before ($BASE): $b"
  a=$(row "$PWD"); echo "round $round after ($(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo '+changes')): $a"
  before=$(echo "$before + $(echo "$b" | awk '{print $7}')" | bc -l)
  after=$(echo "$after + $(echo "$a" | awk '{print $7}')" | bc -l)
done
printf "draws/s after / before = %.2fx\n" "$(echo "$after / $before" | bc -l)"
