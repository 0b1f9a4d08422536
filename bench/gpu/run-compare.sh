#!/bin/bash
# Device run 2: JNI build + probe + GpuFineTune (new classes: flat SGD, device loss sum, prefetched batches), the
# CPU/GPU agreement with TF32 off, the old classes (commit 32f8d9a) as the same-machine baseline, StepProfile, and
# plain PyTorch.
cd "$(dirname "${BASH_SOURCE[0]}")" || exit 1
export OUT=${OUT:-/tmp/out}
TARGET_S=200 bash ./device.sh steps.resnet18.cpu=6 steps.fmnist-cnn.cpu=60 2>&1 | grep -E "RESULT|RATIO|PASS|FAIL|timed:" | awk '!seen[$0]++'
if [[ -x /opt/torch/.venv/bin/python3 ]]; then PY=/opt/torch/.venv/bin/python3; else PY=python3; fi
read -r TORCH_DIR PYTORCH_VERSION PYTORCH_FLAVOR < <("$PY" -c "import os,torch; print(os.path.dirname(torch.__file__), torch.__version__.split('+')[0], ('cu'+torch.version.cuda.replace('.','')) if torch.version.cuda else 'cpu')" 2>/dev/null)
export PYTORCH_LIBRARY_PATH=$TORCH_DIR/lib DJL_CACHE_DIR=/tmp/djl-cache-gpuprobe PYTORCH_VERSION PYTORCH_FLAVOR
JAVA=(./jre/bin/java -Dai.djl.offline=true -Xmx8g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn)
echo "==== TF32 off: CPU/GPU agreement, new classes"
NVIDIA_TF32_OVERRIDE=0 timeout 120 "${JAVA[@]}" -cp "lib/*:app/*:." GpuFineTune archs=fmnist-cnn,resnet18 devices=gpu,cpu steps.resnet18.cpu=4 steps.fmnist-cnn.cpu=30 2>&1 | tee "$OUT/finetune-tf32off.log" | grep -E "RATIO|cpu-vs-gpu"
echo "==== OLD classes (commit 32f8d9a), gpu only"
timeout 120 "${JAVA[@]}" -cp "lib/*:app-old/*:." GpuFineTune devices=gpu 2>&1 | tee "$OUT/finetune-old.log" | grep -E "RESULT|FAIL"
echo "==== NEW classes again, gpu only"
timeout 120 "${JAVA[@]}" -cp "lib/*:app/*:." GpuFineTune devices=gpu 2>&1 | tee "$OUT/finetune-new2.log" | grep -E "RESULT|FAIL"
echo "==== StepProfile (new classes)"
timeout 150 "${JAVA[@]}" -cp "lib/*:app/*:." StepProfile resnet18 200 2>&1 | tee "$OUT/profile.log" | grep -E "PROFILE|Exception|Error"
timeout 60 "${JAVA[@]}" -cp "lib/*:app/*:." StepProfile fmnist-cnn 300 2>&1 | tee -a "$OUT/profile.log" | grep -E "PROFILE|Exception|Error"
echo "==== plain PyTorch"
timeout 90 "$PY" torch_ref.py 2>&1 | tail -3
nvidia-smi --query-gpu=name,utilization.gpu --format=csv,noheader
