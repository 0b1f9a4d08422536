#!/bin/bash
# Builds DJL's PyTorch JNI (libdjl_torch.so) for the PyTorch a researcher already has (pip or conda, CPU or CUDA),
# from DJL's own sources at the tag this project runs, and installs it where DJL looks first when
# PYTORCH_LIBRARY_PATH is set:  $DJL_CACHE_DIR/pytorch/<torch version>-<flavor>-linux-x86_64/<djl>-libdjl_torch.so
# DJL's stock JNI is built for one PyTorch (2.7.1); with another (measured: 2.11.0+cu130 on an H100/H200) it loads
# and then fails on the first GPU read ("Cannot access data pointer of Tensor that doesn't have storage").
#
# Usage: infra/gpu/build-djl-jni.sh DJL_SOURCE_DIR
#   DJL_SOURCE_DIR: git clone -b v0.36.0 --depth 1 https://github.com/deepjavalibrary/djl
# Then: eval "$(infra/gpu/env.sh)"  and run with -Ddevice=gpu (README, "GPU with your own PyTorch").
# Needs: python3 with torch (PYTHON=...), g++, a JDK 17 (javac, jni.h), DJL's jars in ~/.m2 (mvn -q compile).
# Environment (optional): JNI_INCLUDE (jni.h's folder, without a JDK), DJL_JNI_HEADER (a javac -h header of
# PyTorchLibrary.java, without a JDK), PYTHON, TORCH_DIR, PYTORCH_VERSION, PYTORCH_FLAVOR, ABI, DJL_CACHE_DIR (default
# ~/.djl.ai, DJL's own), JOBS, CXXSTD, USE_CUDA (auto|1|0), EXTRA_DEFS (-DV1_13_X for torch 1.13-2.1), OPT,
# BUILD_DIR. One line naming what is missing on any failure; the full log is $BUILD_DIR/build.log.
# The compile and link steps are those that ran on the lent H100/H200 (shared/gpu-check/build-jni.sh).
set -uo pipefail
DJL_SRC=${1:-}
export DJL_CACHE_DIR=${DJL_CACHE_DIR:-$HOME/.djl.ai}
BUILD_DIR=${BUILD_DIR:-/tmp/djl-jni-build}
LOG=$BUILD_DIR/build.log
DJL_VERSION=0.36.0
rm -rf "$BUILD_DIR" && mkdir -p "$BUILD_DIR/obj"
: > "$LOG"
say() { echo "[build-jni] $*" | tee -a "$LOG"; }
die() { say "ERROR: $*"; exit 1; }

# DJL's JNI sources, from the user's checkout of deepjavalibrary/djl at the tag this project's DJL has.
[[ -n "$DJL_SRC" ]] || die "usage: build-djl-jni.sh DJL_SOURCE_DIR (a checkout of deepjavalibrary/djl at tag v$DJL_VERSION: git clone -b v$DJL_VERSION --depth 1 https://github.com/deepjavalibrary/djl)"
NATIVE=$DJL_SRC/engines/pytorch/pytorch-native/src/main/native
LIBRARY_JAVA=$DJL_SRC/engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java
UTILS_H=$DJL_SRC/api/src/main/native/djl/utils.h
[[ -d "$NATIVE" ]] || die "$DJL_SRC is not a DJL checkout: no engines/pytorch/pytorch-native/src/main/native"
[[ -f "$LIBRARY_JAVA" ]] || die "$DJL_SRC lacks engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java"
[[ -f "$UTILS_H" ]] || die "$DJL_SRC lacks api/src/main/native/djl/utils.h"
found=$(git -C "$DJL_SRC" describe --tags --exact-match 2>/dev/null || grep -rhoE "^djl_version=[0-9.]+|^djl = \"[0-9.]+\"" \
  "$DJL_SRC/gradle.properties" "$DJL_SRC/gradle/libs.versions.toml" 2>/dev/null | head -1 | grep -oE "[0-9]+\.[0-9]+\.[0-9]+")
[[ "${found#v}" == "$DJL_VERSION" ]] || die "$DJL_SRC is DJL ${found:-of unknown version}, this project runs DJL $DJL_VERSION: check out tag v$DJL_VERSION"
if [[ -z "${JNI_INCLUDE:-}" ]]; then
  command -v javac >/dev/null || die "no javac (install a JDK 17, e.g. openjdk-17-jdk-headless)"
  JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
  JNI_INCLUDE=$JAVA_HOME/include
fi
[[ -f "$JNI_INCLUDE/jni.h" ]] || die "no jni.h in $JNI_INCLUDE (install a JDK 17, or set JNI_INCLUDE)"
command -v g++ >/dev/null || die "no g++ (install g++)"
SRC=$BUILD_DIR/src
INC=$BUILD_DIR/include
mkdir -p "$SRC" "$INC/djl"
jni_md=$JNI_INCLUDE/linux/jni_md.h
[[ -f $jni_md ]] || jni_md=$JNI_INCLUDE/jni_md.h
cp "$NATIVE"/*.cc "$NATIVE"/*.h "$SRC"/ && cp "$UTILS_H" "$INC/djl/" && cp "$JNI_INCLUDE/jni.h" "$jni_md" "$INC"/ \
  || die "cannot copy DJL's sources into $BUILD_DIR"
# The JNI header that DJL's build makes with javac -h (PyTorchLibrary.java needs DJL's jars to compile), or one
# made so elsewhere (DJL_JNI_HEADER) on a machine with a Java runtime but no JDK.
if [[ -n "${DJL_JNI_HEADER:-}" ]]; then
  cp "$DJL_JNI_HEADER" "$INC/ai_djl_pytorch_jni_PyTorchLibrary.h" || die "cannot read DJL_JNI_HEADER=$DJL_JNI_HEADER"
else
  CP=${DJL_CLASSPATH:-$(ls "$HOME"/.m2/repository/ai/djl/api/$DJL_VERSION/api-$DJL_VERSION.jar \
  "$HOME"/.m2/repository/ai/djl/pytorch/pytorch-engine/$DJL_VERSION/pytorch-engine-$DJL_VERSION.jar 2>/dev/null | paste -sd:)}
  [[ -n "$CP" ]] || die "DJL $DJL_VERSION jars not in ~/.m2 (run mvn -q compile in the project first, or set DJL_CLASSPATH)"
  javac -cp "$CP" -h "$INC" -d "$BUILD_DIR/classes" "$LIBRARY_JAVA" >>"$LOG" 2>&1 \
  || die "javac -h on PyTorchLibrary.java failed (see $LOG)"
fi

if [[ -z "${PYTHON:-}" ]]; then
  if [[ -x /opt/torch/.venv/bin/python3 ]]; then PYTHON=/opt/torch/.venv/bin/python3; else PYTHON=python3; fi
fi
TORCH_INFO=""
if [[ -z "${TORCH_DIR:-}" || -z "${PYTORCH_VERSION:-}" || -z "${PYTORCH_FLAVOR:-}" || -z "${ABI:-}" ]]; then
  TORCH_INFO=$("$PYTHON" - <<'EOF' 2>>"$LOG"
import os, torch
v = torch.__version__.split('+')[0]
cu = torch.version.cuda
flavor = ('cu' + cu.replace('.', '')) if cu else 'cpu'
abi = int(bool(getattr(torch._C, '_GLIBCXX_USE_CXX11_ABI', True)))
print(os.path.dirname(torch.__file__), v, flavor, abi)
EOF
  ) || die "cannot import torch with $PYTHON (set TORCH_DIR, PYTORCH_VERSION, PYTORCH_FLAVOR, ABI)"
fi
read -r T_DIR T_VER T_FLAVOR T_ABI <<<"$TORCH_INFO"
TORCH_DIR=${TORCH_DIR:-$T_DIR}
PYTORCH_VERSION=${PYTORCH_VERSION:-$T_VER}
PYTORCH_FLAVOR=${PYTORCH_FLAVOR:-$T_FLAVOR}
ABI=${ABI:-${T_ABI:-1}}
TORCH_INC=${TORCH_INC:-$TORCH_DIR/include}
TORCH_LIB=${TORCH_LIB:-$TORCH_DIR/lib}
JOBS=${JOBS:-$(nproc)}
OPT=${OPT:--O2}
[[ -f "$TORCH_INC/torch/script.h" ]] || die "no $TORCH_INC/torch/script.h"
[[ -f "$TORCH_INC/torch/csrc/api/include/torch/torch.h" ]] || die "no $TORCH_INC/torch/csrc/api/include/torch/torch.h"
[[ -e "$TORCH_LIB/libtorch.so" ]] || die "no $TORCH_LIB/libtorch.so"
if [[ -z "${CXXSTD:-}" ]]; then
  if grep -qs "C++20 or later" "$TORCH_INC/ATen/ATen.h" "$TORCH_INC/torch/csrc/api/include/torch/all.h"; then
    CXXSTD=c++20
  else
    CXXSTD=c++17
  fi
fi
say "torch: $TORCH_DIR (version $PYTORCH_VERSION, flavor $PYTORCH_FLAVOR, CXX11 ABI $ABI)"
say "g++: $(g++ --version | head -1); -std=$CXXSTD $OPT; $JOBS parallel jobs"

# CUDA: the JNI only uses it for DJL's optional separate inference stream and emptyCache(); GPU tensors work
# without it (libtorch_cuda's kernels are registered when DJL loads the torch libs), so a failure falls back.
CUDA_FLAGS=()
USE_CUDA=${USE_CUDA:-auto}
if [[ "$USE_CUDA" != 0 && "$PYTORCH_FLAVOR" == cu* ]]; then
  cands=()
  [[ -n "${CUDA_HOME:-}" ]] && cands+=("$CUDA_HOME/include" "$CUDA_HOME/targets/x86_64-linux/include")
  if command -v nvcc >/dev/null; then
    nb=$(dirname "$(readlink -f "$(command -v nvcc)")")
    cands+=("$nb/../include" "$nb/../targets/x86_64-linux/include")
  fi
  cands+=(/usr/local/cuda/include /usr/local/cuda/targets/x86_64-linux/include /usr/local/cuda-*/include)
  site=$(dirname "$TORCH_DIR")
  for d in "$site"/nvidia/*/include "$site"/nvidia/*/*/include "$site"/nvidia/include; do cands+=("$d"); done
  incs=()
  sys_cuda=0
  for h in cuda_runtime_api.h cublas_v2.h cublasLt.h cusparse.h cusolverDn.h; do
    found=""
    for d in "${cands[@]}"; do
      if [[ -f "$d/$h" ]]; then found=$(readlink -f "$d"); break; fi
    done
    if [[ -z "$found" && -f /usr/include/$h ]]; then [[ $h == cuda_runtime_api.h ]] && sys_cuda=1; continue; fi
    if [[ -z "$found" ]]; then say "CUDA header $h not found"; continue; fi
    [[ " ${incs[*]:-} " == *" $found "* ]] || incs+=("$found")
  done
  if (( sys_cuda )) || { [[ -n "${incs[*]:-}" ]] && ls "${incs[0]}/cuda_runtime_api.h" >/dev/null 2>&1; }; then
    CUDA_FLAGS=(-DUSE_CUDA)
    for d in "${incs[@]}"; do CUDA_FLAGS+=(-I"$d"); done
    say "CUDA include dirs: ${incs[*]}"
  else
    say "no cuda_runtime_api.h found: building without -DUSE_CUDA (GPU tensors still work)"
  fi
  [[ "$USE_CUDA" == 1 && ${#CUDA_FLAGS[@]} -eq 0 ]] && die "USE_CUDA=1 but no CUDA headers"
fi

COMMON=(-std="$CXXSTD" $OPT -fPIC -D_GLIBCXX_USE_CXX11_ABI="$ABI" -DNDEBUG ${EXTRA_DEFS:-}
  -Wno-deprecated-declarations -Wno-unused-variable -Wno-sign-compare
  -I"$INC" -I"$TORCH_INC" -I"$TORCH_INC/torch/csrc/api/include")
export COMMON_STR="${COMMON[*]}" CUDA_STR="${CUDA_FLAGS[*]:-}" SRC BUILD_DIR USE_CUDA
compile_one() {
  f=$1; o=$BUILD_DIR/obj/${f%.cc}.o; l=$BUILD_DIR/obj/${f%.cc}.log; s=$(date +%s)
  if g++ $COMMON_STR $CUDA_STR -c "$SRC/$f" -o "$o" >"$l" 2>&1; then
    echo "  ok   $f ($(( $(date +%s) - s ))s)${CUDA_STR:+ [cuda]}"; return 0
  fi
  if [[ -n "$CUDA_STR" && "$USE_CUDA" == auto ]]; then
    mv "$l" "$l.cuda-failed"
    if g++ $COMMON_STR -c "$SRC/$f" -o "$o" >"$l" 2>&1; then
      echo "  ok   $f ($(( $(date +%s) - s ))s) [retried without USE_CUDA: see ${l}.cuda-failed]"; return 0
    fi
  fi
  echo "  FAIL $f ($(( $(date +%s) - s ))s): first errors:"; grep -m 8 -E "error|Error" "$l" | sed 's/^/       /'
  return 1
}
export -f compile_one
t0=$(date +%s)
say "compiling $(ls "$SRC"/*.cc | wc -l) sources ..."
ls "$SRC" | grep '\.cc$' | xargs -P "$JOBS" -I{} bash -c 'compile_one {}' 2>&1 | tee -a "$LOG"
rc=${PIPESTATUS[2]}
cat "$BUILD_DIR"/obj/*.log >> "$LOG" 2>/dev/null
(( rc == 0 )) || die "compilation failed after $(( $(date +%s) - t0 ))s (logs: $BUILD_DIR/obj/*.log)"
say "compiled in $(( $(date +%s) - t0 ))s; linking ..."

LIBS=()
for l in c10 c10_cuda torch_cpu torch_cuda torch; do
  [[ -e "$TORCH_LIB/lib$l.so" ]] && LIBS+=(-l$l)
done
RPL=()
site=$(dirname "$TORCH_DIR")
for d in "$site"/nvidia/*/lib "$site"/nvidia/*/*/lib; do [[ -d "$d" ]] && RPL+=(-Wl,-rpath-link,"$d"); done
OUTLIB=$BUILD_DIR/libdjl_torch.so
link() {
  g++ -shared -o "$OUTLIB" "$BUILD_DIR"/obj/*.o -L"$TORCH_LIB" -Wl,--no-as-needed "${LIBS[@]}" -Wl,--as-needed \
    -Wl,-rpath,"$TORCH_LIB" "${RPL[@]}" "$@"
}
# First with --no-undefined, so that a symbol the torch libs lack shows here rather than as a load-time error.
if ! link -Wl,--no-undefined >"$BUILD_DIR/link-strict.log" 2>&1; then
  cat "$BUILD_DIR/link-strict.log" >>"$LOG"
  say "note: symbols not defined by ${LIBS[*]} themselves (resolved at load time from their dependencies, e.g."
  say "      libcudart; a symbol found nowhere fails only when called):"
  grep -o "undefined reference to \`[^']*'" "$BUILD_DIR/link-strict.log" | sort -u | head -20 | sed 's/^/    /' | tee -a "$LOG"
  link >>"$LOG" 2>&1 || die "link failed (see $LOG)"
fi
undef=$(nm -D --undefined-only "$OUTLIB" | awk '{print $2}' | grep -c . || true)
say "linked $OUTLIB ($(du -h "$OUTLIB" | cut -f1), $undef undefined dynamic symbols; needs: $(readelf -d "$OUTLIB" 2>/dev/null | grep NEEDED | sed 's/.*\[\(.*\)\]/\1/' | tr '\n' ' '))"
exported=$(nm -D --defined-only "$OUTLIB" | grep -c ' T Java_ai_djl_pytorch_jni_PyTorchLibrary_' || true)
declared=$(grep -c '^JNIEXPORT' "$INC/ai_djl_pytorch_jni_PyTorchLibrary.h")
say "exports $exported of the $declared JNI methods PyTorchLibrary declares"

DEST=$DJL_CACHE_DIR/pytorch/$PYTORCH_VERSION-$PYTORCH_FLAVOR-linux-x86_64
mkdir -p "$DEST" && cp "$OUTLIB" "$DEST/$DJL_VERSION-libdjl_torch.so" || die "cannot install into $DEST"
say "installed $DEST/$DJL_VERSION-libdjl_torch.so"
say "use: PYTORCH_LIBRARY_PATH=$TORCH_LIB PYTORCH_VERSION=$PYTORCH_VERSION PYTORCH_FLAVOR=$PYTORCH_FLAVOR DJL_CACHE_DIR=$DJL_CACHE_DIR"
say "total $(( $(date +%s) - t0 ))s"
