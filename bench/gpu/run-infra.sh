#!/bin/bash
# Device run 4: infra/gpu/build-djl-jni.sh and env.sh as a user runs them (DJL sources: v0.36.0 files in djl-src;
# no JDK here, so the JNI header and jni.h come from jni/include), then the fine-tune path on what env.sh exports,
# without and with cuDNN autotuning (device=gpu+cudnn-benchmark).
cd "$(dirname "${BASH_SOURCE[0]}")" || exit 1
export OUT=${OUT:-/tmp/out}
if [[ -x /opt/torch/.venv/bin/python3 ]]; then export PYTHON=/opt/torch/.venv/bin/python3; else export PYTHON=python3; fi
export DJL_CACHE_DIR=/tmp/djl-cache-infra
t0=$(date +%s)
JNI_INCLUDE=$PWD/jni/include DJL_JNI_HEADER=$PWD/jni/include/ai_djl_pytorch_jni_PyTorchLibrary.h \
  bash ../infra/gpu/build-djl-jni.sh "$PWD/djl-src" > "$OUT/infra-build.log" 2>&1
echo "build-djl-jni.sh rc=$? in $(( $(date +%s) - t0 ))s"; grep -E "torch:|exports|installed|ERROR" "$OUT/infra-build.log"
envline=$(bash ../infra/gpu/env.sh); echo "env.sh: $envline"; eval "$envline"
chmod +x jre/bin/* 2>/dev/null
JAVA=(./jre/bin/java -Dai.djl.offline=true -Xmx8g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn)
for rep in 1 2; do
  timeout 100 "${JAVA[@]}" -cp "lib/*:app/*:." GpuFineTune devices=gpu 2>&1 | tee "$OUT/ft-gpu-$rep.log" | grep -E "RESULT|FAIL"
  timeout 100 "${JAVA[@]}" -cp "lib/*:app/*:." GpuFineTune devices=gpu+cudnn-benchmark steps.resnet18.gpu+cudnn-benchmark=200 steps.fmnist-cnn.gpu+cudnn-benchmark=300 2>&1 | tee "$OUT/ft-bench-$rep.log" | grep -E "RESULT|FAIL"
done
timeout 90 "$PYTHON" torch_ref.py 2>&1 | tail -2
