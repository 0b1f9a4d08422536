#!/bin/bash
# One call of the device tool (a lent GPU machine with PyTorch but no Java): bench/gpu.sh on the kit that
# bench/gpu/kit.sh made in .gpukit (carry [".gpukit"]), then the same step at batch 32, where the host's work per
# step shows, and with cuDNN autotuning on both sides. Logs in $OUT.
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 1
export OUT=${OUT:-/tmp/gpu-out} KIT=${KIT:-.gpukit}
T0=$(date +%s)
bash bench/gpu.sh "$@"
rc=$?
echo "==== [$(( $(date +%s) - T0 )) s] batch 32 and cuDNN autotuning (fine-tune parts only)"
eval "$(PYTHON=${PYTHON:-/opt/torch/.venv/bin/python3} DJL_CACHE_DIR=/tmp/djl-cache-gpu-check bash infra/gpu/env.sh)"
J=("$KIT/jre/bin/java" -Xmx8g -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$KIT/lib/*:$KIT/app/*")
PY=${PYTHON:-/opt/torch/.venv/bin/python3}
timeout 120 "${J[@]}" io.fullspectrum.bench.GpuCheck devices=gpu generators= archs=resnet18 batch=32 2>&1 | grep -E "RESULT|FAIL"
timeout 60 "$PY" bench/gpu/torch_ref.py --archs resnet18 --batch 32 2>&1 | grep TORCH
timeout 120 "${J[@]}" io.fullspectrum.bench.GpuCheck devices=gpu+cudnn-benchmark generators= archs=resnet18 2>&1 | grep -E "RESULT|FAIL"
timeout 60 "$PY" bench/gpu/torch_ref.py --archs resnet18 --cudnn-benchmark 2>&1 | grep TORCH
nvidia-smi --query-gpu=name,utilization.gpu --format=csv,noheader 2>/dev/null
echo "==== done in $(( $(date +%s) - T0 )) s"
exit $rc
