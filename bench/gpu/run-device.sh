#!/bin/bash
# One call of the device tool (a lent GPU machine with PyTorch but no Java), on the kit bench/gpu/kit.sh made in
# .gpukit (carry [".gpukit"]), most important first:
#   1. bench/gpu.sh: the GPU check (every generator's draws repeat on the GPU, bit for bit; GPU and CPU agree; a
#      search killed mid-way and resumed in new JVMs ends with the same selection; fine-tuning keeps masked weights
#      at zero) and plain PyTorch's steps beside ours;
#   2. bench/gpu-paper.sh: the paper's search timed (SNIP_DRAWS, GRASP_DRAWS), CPU draws, an epoch, the projection;
#   3. ResNet-18's fine-tune in a JVM that drew nothing, so its kernels are not made to repeat: the price of repeating.
# Logs in $OUT (gpu-check/, paper/, run.log).
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 1
OUT=${OUT:-/tmp/gpu-out}
mkdir -p "$OUT/gpu-check" "$OUT/paper"
export KIT=${KIT:-.gpukit}
T0=$(date +%s)
{
  PY=${PYTHON:-/opt/torch/.venv/bin/python3}
  lib=$("$PY" -c "import os, torch; print(os.path.join(os.path.dirname(torch.__file__), 'lib', 'libtorch_cpu.so'))" 2>/dev/null)
  echo "==== libtorch's context switches GpuDeterminism calls ($lib)"
  nm -D --defined-only "$lib" 2>/dev/null | grep -E "_ZN2at13globalContextEv|_ZN?K?2at7Context[0-9]+(set)?([dD]eterministic|[bB]enchmark)" \
    | awk '{print $3}' | sort | head -20
  echo "==== [0 s] 1. bench/gpu.sh"
  OUT=$OUT/gpu-check timeout ${CHECK_S:-330} bash bench/gpu.sh repeat.devices=gpu resume=${RESUME:-snip:24,grasp:12} "$@"
  rc=$?
  echo "==== [$(( $(date +%s) - T0 )) s] 2. bench/gpu-paper.sh"
  OUT=$OUT/paper SNIP_DRAWS=${SNIP_DRAWS:-200} GRASP_DRAWS=${GRASP_DRAWS:-60} timeout ${PAPER_S:-240} bash bench/gpu-paper.sh
  echo "==== [$(( $(date +%s) - T0 )) s] 3. ResNet-18 fine-tune without repeating kernels (a JVM that drew nothing)"
  eval "$(PYTHON=${PYTHON:-/opt/torch/.venv/bin/python3} DJL_CACHE_DIR=/tmp/djl-cache-gpu-check bash infra/gpu/env.sh)"
  timeout 90 "$KIT/jre/bin/java" -Xmx8g -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$KIT/lib/*:$KIT/app/*" io.fullspectrum.bench.GpuCheck devices=gpu generators= archs=resnet18 phases=false \
    2>&1 | grep -E "RESULT|FAIL"
  echo "==== done in $(( $(date +%s) - T0 )) s"
  exit $rc
} 2>&1 | tee "$OUT/run.log"
exit "${PIPESTATUS[0]}"
