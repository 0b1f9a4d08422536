# Sourced by bench/gpu.sh and bench/gpu-paper.sh (from the project's root, with DRY=0|1 and OUT set): finds the
# python with torch (PYTHON), and the java and class path the checks run with (JAVA, GPU_CHECK_CP):
# - KIT=DIR, a folder made by bench/gpu/kit.sh for a GPU machine without Java or Maven: its Java runtime and jars,
#   and DJL's JNI built there for its PyTorch (infra/gpu/build-djl-jni.sh, once; about 30 s);
# - otherwise Maven's test class path (MVN_PROFILES=gpu for DJL's CUDA natives).
# Returns non-zero, with one line naming what failed, when it cannot.
if [[ -z "${PYTHON:-}" ]]; then
  for p in /opt/torch/.venv/bin/python3 python3 /usr/bin/python3; do
    if command -v "$p" >/dev/null && "$p" -c "import torch" 2>/dev/null; then PYTHON=$p; break; fi
  done
fi
if [[ -n "${KIT:-}" ]]; then
  KIT=$(cd "$KIT" && pwd) || return 1
  chmod +x "$KIT"/jre/bin/* 2>/dev/null
  JAVA=${JAVA:-$KIT/jre/bin/java}
  GPU_CHECK_CP=${GPU_CHECK_CP:-"$KIT/lib/*:$KIT/app/*"}
  if (( ! DRY )) && [[ -z "${PYTORCH_LIBRARY_PATH:-}" ]]; then
    export DJL_CACHE_DIR=${DJL_CACHE_DIR:-/tmp/djl-cache-gpu-check} PYTHON
    if ! bash infra/gpu/env.sh >/dev/null 2>&1; then
      t0=$(date +%s)
      JNI_INCLUDE=$KIT/jni/include DJL_JNI_HEADER=$KIT/jni/include/ai_djl_pytorch_jni_PyTorchLibrary.h \
        bash infra/gpu/build-djl-jni.sh "$KIT/djl-src" > "$OUT/jni-build.log" 2>&1 \
        || { echo "FAIL DJL's JNI for this PyTorch: $(grep ERROR "$OUT/jni-build.log" | tail -1) ($OUT/jni-build.log)"; return 1; }
      echo "JNI built for this PyTorch in $(( $(date +%s) - t0 )) s"
    fi
    eval "$(bash infra/gpu/env.sh)" || return 1
  fi
fi
if [[ -z "${GPU_CHECK_CP:-}" ]]; then
  profiles=${MVN_PROFILES:+-P$MVN_PROFILES}
  mvn -B -q $profiles test-compile || { echo "FAIL mvn test-compile"; return 1; }
  mvn -B -q $profiles dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/classpath" \
    >/dev/null || { echo "FAIL mvn dependency:build-classpath"; return 1; }
  GPU_CHECK_CP="target/test-classes:target/classes:$(cat "$OUT/classpath")"
fi
JAVA=${JAVA:-java}
JAVA_FLAGS=(-Xmx8g -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
  --add-opens=java.base/java.nio=ALL-UNNAMED)
