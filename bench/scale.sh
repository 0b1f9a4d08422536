#!/usr/bin/env bash
# Issue 15 benchmark: PAGS at the paper's scale, ResNet-18 (11.2M prunable weights) at sparsity 0.99, with the
# random generator (drawing is cheap, so the pipeline itself is measured) at n = 100, 300 and 1000 draws, a SNIP
# row (SNIP_COUNT draws) and a GraSP row (GRASP_COUNT, none by default), on the direct runner and on flink-local
# (Flink's embedded cluster). Data: the synthetic set at ResNet-18's 3x32x32 (any bytes do: drawing and scoring do
# not look at pixels for random masks).
# Prints per run: peak RSS of the whole run (/usr/bin/time -v; its top is the fine-tune's PyTorch activations),
# peak RSS up to the last draw scored (the part that could grow with n; sampled from /proc every 0.2 s), time from
# the first mask drawn to it being scored, draws per second over the whole fan-out, and the ratios against the
# first n on the same runner.
# JAVA_OPTS sizes the JVM heap (default -Xmx1200m: ResNet-18 at n = 1000 fits it, and a larger ceiling only lets G1
# grow into it, which the RSS then counts). EXTRA adds preset overrides to every row (e.g. merge.guard=off:
# the pags preset's connected guard records each draw's channel adjacency, ~175 KB for ResNet-18, which the
# CompareMerge combine and distance.csv hold for every draw).
# Args: [runners (direct flink-local)] [draw counts (100 300 1000)]. Runs one JVM per row; a quiet machine helps.
# Each row's output folder (gigabytes at this scale) is deleted once its figures are read; KEEP=1 keeps it.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNNERS=${1:-"direct flink-local"}
COUNTS=${2:-"100 300 1000"}
SNIP_COUNT=${SNIP_COUNT:-20}
# GraSP's draws (a double backward each) take about three times SNIP's: off unless asked for.
GRASP_COUNT=${GRASP_COUNT:-0}
mvn -B -q package -DskipTests
JAR=target/fullspectrum-0.1.0-SNAPSHOT.jar
OUT=$(mktemp -d /tmp/fs-scale.XXXXXX)
row() { # runner generator n
  local dir="$OUT/$1-$2-$3"
  /usr/bin/time -v -o "$dir.time" java ${JAVA_OPTS:--Xmx1200m} -Dai.djl.offline=true -jar "$JAR" pipeline=pags \
    architecture=resnet18 data=synthetic data.synthetic.size=256 generator="$2" sparsity=0.99 samples="$3" \
    save.every=50 score.batch.size=32 finetune.epochs=1 finetune.milestones= runner="$1" ${EXTRA:-} output="$dir" \
    > "$dir.log" 2>&1 &
  local timepid=$! pid="" drawpeak=0 kb
  while kill -0 "$timepid" 2>/dev/null; do
    [ -z "$pid" ] && pid=$(pgrep -f "output=$dir\$" -n || true)
    if [ -n "$pid" ] && ! grep -q "drew and scored \([0-9]*\)/\1 draws" "$dir.log"; then
      kb=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
      [ "${kb:-0}" -gt "$drawpeak" ] && drawpeak=$kb
    fi
    sleep 0.2
  done
  wait "$timepid"
  local rss first rate draw
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.2f", $2 / 1048576}' "$dir.time")
  draw=$(awk -v k="$drawpeak" 'BEGIN {printf "%.2f", k / 1048576}')
  first=$(sed -n 's/.*first draw (index [0-9]*): drawn in \([0-9.]*\) s, scored \([0-9.]*\) s after.*/\2/p' "$dir.log" | head -1)
  rate=$(sed -n 's/.*drew and scored \([0-9]*\)\/\([0-9]*\) draws (\([0-9.]*\) draws\/s).*/\1 \2 \3/p' "$dir.log" \
    | awk '$1 == $2 {print $3}' | tail -1)
  # Each run's output (checkpoints, masks: gigabytes at this scale) goes unless KEEP=1; its .log and .time stay.
  [ "${KEEP:-0}" = 1 ] || rm -rf "$dir"
  echo "$1 $2 $3 $rss $draw $first $rate"
}
printf "%-11s %-7s %6s %13s %13s %12s %8s\n" runner gen n "peak RSS GiB" "draws RSS GiB" "1st scored s" "draws/s"
declare -A BASE_RSS BASE_RATE
for runner in $RUNNERS; do
  for n in $COUNTS; do
    read -r r g c rss draw first rate < <(row "$runner" random "$n")
    if [ -z "${BASE_RSS[$runner]:-}" ]; then BASE_RSS[$runner]=$rss; BASE_RATE[$runner]=$rate; fi
    printf "%-11s %-7s %6s %13s %13s %12s %8s   RSS x%.2f, draws/s x%.2f of n=%s\n" "$r" "$g" "$c" "$rss" "$draw" \
      "$first" "$rate" "$(echo "$rss / ${BASE_RSS[$runner]}" | bc -l)" "$(echo "$rate / ${BASE_RATE[$runner]}" | bc -l)" \
      "${COUNTS%% *}"
  done
  for generated in "snip $SNIP_COUNT" "grasp $GRASP_COUNT"; do
    read -r generator count <<< "$generated"
    [ "$count" -gt 0 ] || continue
    read -r r g c rss draw first rate < <(row "$runner" "$generator" "$count")
    printf "%-11s %-7s %6s %13s %13s %12s %8s\n" "$r" "$g" "$c" "$rss" "$draw" "$first" "$rate"
  done
done
echo "# logs: $OUT"
