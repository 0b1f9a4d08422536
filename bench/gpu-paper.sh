#!/bin/bash
# The paper's experiment (pags-paper: ResNet-18 at 99%, n = 1000 draws, i = 20, then 51 selections x 250 fine-tune
# epochs) timed on one GPU machine, in one call, on CIFAR-shaped synthetic data (no CIFAR-10 can be downloaded here):
#   1. the search phase on the GPU (io.fullspectrum.bench.GpuSearch: DrawAndScore's draw-then-score per worker,
#      WORKERS workers on the GPU, CompareMerge, the selection's sources drawn again), SNIP then GraSP;
#   2. the same draws on this machine's CPU (CPU_DRAWS each, one worker on every core), for draws/s GPU : CPU;
#   3. one fine-tune epoch of ResNet-18 (391 steps of 128: CIFAR-10's 50,000 images) as the FineTune stage trains,
#      against plain PyTorch's same steps (bench/gpu/torch_ref.py);
#   4. pags-paper projected from those parts: the search at n = 1000 (draws/s measured at SNIP_DRAWS / GRASP_DRAWS,
#      memory flat in n) plus 51 x 250 epochs.
# Usage: KIT=DIR bash bench/gpu-paper.sh      (on a GPU machine without Java: DIR from bench/gpu/kit.sh)
#        bash bench/gpu-paper.sh --dry        (anywhere: the CNN on the CPU, a few draws; CI runs it)
# Environment: SNIP_DRAWS (1000), GRASP_DRAWS (1000), CPU_DRAWS (2), WORKERS (8), EPOCH_STEPS (391),
#              SELECTIONS (51), EPOCHS (250), OUT (target/gpu-paper), PYTHON, KIT.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
DRY=0
if [[ "${1:-}" == "--dry" ]]; then DRY=1; shift; fi
OUT=${OUT:-target/gpu-paper}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
. bench/gpu/java-env.sh || exit 1
SNIP_DRAWS=${SNIP_DRAWS:-1000} GRASP_DRAWS=${GRASP_DRAWS:-1000} CPU_DRAWS=${CPU_DRAWS:-2} WORKERS=${WORKERS:-8}
EPOCH_STEPS=${EPOCH_STEPS:-391} SELECTIONS=${SELECTIONS:-51} EPOCHS=${EPOCHS:-250}
ARCH=resnet18 DEVICE=gpu SPARSITY=0.99 BATCHES=4 BATCH=128 IMAGES=2048
if (( DRY )); then
  ARCH=fmnist-cnn SNIP_DRAWS=6 GRASP_DRAWS=4 CPU_DRAWS=2 WORKERS=2 EPOCH_STEPS=10 BATCHES=1 BATCH=32 IMAGES=256
  SPARSITY=0.98
fi
search() { # generator device draws workers [from]
  "$JAVA" "${JAVA_FLAGS[@]}" -cp "$GPU_CHECK_CP" io.fullspectrum.bench.GpuSearch arch=$ARCH generator=$1 device=$2 \
    draws=$3 workers=$4 from=${5:-0} every=20 sparsity=$SPARSITY batches=$BATCHES batch=$BATCH images=$IMAGES seed=0 \
    2>&1 | tee -a "$OUT/search.log" | grep --line-buffered -E "START|RESULT|SELECTION|Exception|Error"
}
rev=$(git rev-parse --short HEAD 2>/dev/null || echo "no git")
echo "==== pags-paper timed ($(date -u +%FT%TZ), $rev; $ARCH at $SPARSITY, $(nproc) cores$( ((DRY)) && echo ', DRY'))"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>/dev/null | head -1
: > "$OUT/search.log"; : > "$OUT/torch.log"
echo "==== 1. search on the GPU: SNIP n=$SNIP_DRAWS, GraSP n=$GRASP_DRAWS, $WORKERS workers"
search snip $DEVICE "$SNIP_DRAWS" "$WORKERS"
search grasp $DEVICE "$GRASP_DRAWS" "$WORKERS"
echo "==== 2. the same draws on the CPU (draws 1..$CPU_DRAWS, one worker on every core)"
search snip cpu "$CPU_DRAWS" 1 1
search grasp cpu "$CPU_DRAWS" 1 1
echo "==== 3. one fine-tune epoch ($EPOCH_STEPS steps of 128), ours and plain PyTorch's"
"$JAVA" "${JAVA_FLAGS[@]}" -cp "$GPU_CHECK_CP" io.fullspectrum.bench.GpuCheck archs=$ARCH devices=$DEVICE generators= \
  phases=false steps.$ARCH.$DEVICE=$EPOCH_STEPS dry=$( ((DRY)) && echo true || echo false) \
  $( ((DRY)) && echo "batch=32 test=200") 2>&1 | tee "$OUT/finetune.log" | grep -E "RESULT fine-tune|FAIL"
if [[ -n "${PYTHON:-}" ]]; then
  "$PYTHON" bench/gpu/torch_ref.py --device $( ((DRY)) && echo cpu || echo cuda) --archs $ARCH --steps "$EPOCH_STEPS" \
    $( ((DRY)) && echo "--batch 32") 2>&1 | tee "$OUT/torch.log" | grep "phase=step "
else
  echo "SKIP plain PyTorch: no python with torch here (PYTHON=...)"
fi
echo "==== 4. pags-paper projected (search at n = 1000 from the measured draws/s; $SELECTIONS x $EPOCHS epochs)"
awk -v selections="$SELECTIONS" -v epochs="$EPOCHS" -v steps="$EPOCH_STEPS" '
  function v(key,   i, kv) { for (i = 1; i <= NF; i++) if (split($i, kv, "=") == 2 && kv[1] == key) return kv[2]; return "" }
  /RESULT search/ { rate[v("generator"), v("device")] = v("draws/s") }
  /RESULT fine-tune/ && /device=gpu/ { ours = v("steps/s") }
  /^TORCH/ && / phase=step / { torch = v("steps/s") }
  END {
    for (g in rate) { split(g, p, SUBSEP); if (p[2] != "cpu" && rate[p[1], "cpu"] > 0)
      printf "RATIO draws/s %s gpu/cpu=%.1fx (%.3f / %.4f draws/s)\n", p[1], rate[g] / rate[p[1], "cpu"], rate[g], rate[p[1], "cpu"] }
    for (g in rate) { split(g, p, SUBSEP); if (p[2] != "cpu" && rate[g] > 0)
      printf "PROJECT search n=1000 %s on the %s: %.1f min (%.3f draws/s)\n", p[1], p[2], 1001 / rate[g] / 60, rate[g] }
    if (ours > 0) {
      printf "RESULT fine-tune epoch: %.1f s (%.2f steps/s)%s\n", steps / ours, ours,
        (torch > 0 ? sprintf(", plain PyTorch %.1f s (%.2f steps/s): ours/PyTorch %.2fx", steps / torch, torch, ours / torch) : "")
      ft = selections * epochs * steps / ours / 3600
      printf "PROJECT fine-tuning %d selections x %d epochs: %.1f h on one GPU\n", selections, epochs, ft
      if (rate["snip", "gpu"] > 0) printf "PROJECT pags-paper (SNIP): %.1f h = search %.2f h + fine-tuning %.1f h\n", 1001 / rate["snip", "gpu"] / 3600 + ft, 1001 / rate["snip", "gpu"] / 3600, ft
    }
  }' "$OUT/search.log" "$OUT/finetune.log" "$OUT/torch.log" 2>/dev/null
