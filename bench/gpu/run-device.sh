#!/bin/bash
# One call of the device tool (a lent GPU machine with PyTorch but no Java): bench/gpu.sh on the kit that
# bench/gpu/kit.sh made in .gpukit (carry [".gpukit"]); then, on the same machine, the fine-tune with the classes of
# an older commit (.gpukit/app-old/fullspectrum-classes.jar, when present) as a baseline, and ResNet-18 with cuDNN
# autotuning on both sides. Logs in $OUT.
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 1
export OUT=${OUT:-/tmp/gpu-out} KIT=${KIT:-.gpukit}
T0=$(date +%s)
bash bench/gpu.sh "$@"
rc=$?
eval "$(PYTHON=${PYTHON:-/opt/torch/.venv/bin/python3} DJL_CACHE_DIR=/tmp/djl-cache-gpu-check bash infra/gpu/env.sh)"
J=("$KIT/jre/bin/java" -Xmx8g -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn)
PY=${PYTHON:-/opt/torch/.venv/bin/python3}
if [[ -f "$KIT/app-old/fullspectrum-classes.jar" ]]; then
  echo "==== [$(( $(date +%s) - T0 )) s] the older classes ($(cat "$KIT/app-old/commit" 2>/dev/null)), fine-tune on the GPU"
  timeout 120 "${J[@]}" -cp "$KIT/lib/*:$KIT/app-old/*:$KIT/app/gpu-check.jar" io.fullspectrum.bench.GpuCheck devices=gpu \
    generators= phases=false 2>&1 | grep -E "RESULT|FAIL"
fi
echo "==== [$(( $(date +%s) - T0 )) s] ResNet-18 with cuDNN autotuning, ours and PyTorch's"
timeout 120 "${J[@]}" -cp "$KIT/lib/*:$KIT/app/*" io.fullspectrum.bench.GpuCheck devices=gpu+cudnn-benchmark generators= \
  archs=resnet18 2>&1 | grep -E "RESULT|FAIL"
timeout 60 "$PY" bench/gpu/torch_ref.py --archs resnet18 --cudnn-benchmark 2>&1 | grep TORCH
echo "==== done in $(( $(date +%s) - T0 )) s"
exit $rc
