#!/bin/bash
# The project's GPU check (issue 16): the fine-tune and evaluate path of the FineTune and Evaluate stages and a few
# SNIP and GraSP draws of DrawAndScore, on the GPU and on the CPU (io.fullspectrum.bench.GpuCheck): masked weights
# exactly zero, training really on the GPU, GPU and CPU agreeing; then plain PyTorch on the same machine
# (bench/gpu/torch_ref.py) and our steps/s as a ratio of PyTorch's, per part of the step.
#
# Usage: bash bench/gpu.sh [--dry] [GpuCheck key=value ...]
#   --dry   on a machine without a GPU: the same flow with gpu falling back to the CPU, the CNN only, few steps
#           (CI runs this through GpuScriptDryRunTest); PyTorch's side runs on the CPU when python has torch.
# Environment:
#   KIT=DIR        a folder made by bench/gpu/kit.sh (Java runtime, jars, DJL's JNI sources) for a GPU machine
#                  without Java or Maven; the JNI is built there for its PyTorch with infra/gpu/build-djl-jni.sh
#   PYTHON=...     the python whose torch PyTorch's side uses (default: /opt/torch/.venv/bin/python3 if present,
#                  else python3, else /usr/bin/python3)
#   JAVA=..., GPU_CHECK_CP=...  the java and classpath to run GpuCheck with (default: Maven's test classpath)
#   OUT=DIR        where the logs go (default: target/gpu-check)
# Without KIT, a GPU needs DJL's CUDA natives: the Maven profile (MVN_PROFILES=gpu) or your own PyTorch (README,
# "GPU with your own PyTorch": eval "$(infra/gpu/env.sh)" before this script).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
DRY=0
if [[ "${1:-}" == "--dry" ]]; then DRY=1; shift; fi
OUT=${OUT:-target/gpu-check}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

. bench/gpu/java-env.sh || exit 1

args=()
if (( DRY )); then
  args=(dry=true archs=fmnist-cnn batch=32 steps.fmnist-cnn.gpu=10 steps.fmnist-cnn.cpu=10 draw.batches=1
    draw.batch=32 test=200 resume=snip:6 resume.arch=fmnist-cnn resume.workers=2)
fi
rev=$(git rev-parse --short HEAD 2>/dev/null || echo "no git")
[[ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]] && rev="$rev + uncommitted changes"
echo "==== GpuCheck ($(date -u +%FT%TZ), $rev)"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>/dev/null | head -1
"$JAVA" "${JAVA_FLAGS[@]}" -cp "$GPU_CHECK_CP" io.fullspectrum.bench.GpuCheck "${args[@]}" "$@" \
  2>&1 | tee "$OUT/gpucheck.log" | grep --line-buffered -E "ENGINE|RESULT|RATIO|AGREE|REPEAT|RESUME|PASS|FAIL|DONE"
check=${PIPESTATUS[0]}

echo "==== plain PyTorch (bench/gpu/torch_ref.py)"
if [[ -z "${PYTHON:-}" ]]; then
  echo "SKIP plain PyTorch: no python with torch here (PYTHON=...)"
else
  archs=$(grep -oE "RESULT fine-tune arch=[^ ]+" "$OUT/gpucheck.log" | sed 's/.*arch=//' | sort -u | paste -sd,)
  if (( DRY )); then
    "$PYTHON" bench/gpu/torch_ref.py --device cpu --archs fmnist-cnn --batch 32 --steps 10 > "$OUT/torch.log" 2>&1
  else
    "$PYTHON" bench/gpu/torch_ref.py --device cuda --archs "${archs:-fmnist-cnn,resnet18}" > "$OUT/torch.log" 2>&1
  fi
  grep "^TORCH" "$OUT/torch.log" || tail -3 "$OUT/torch.log"
  # Ours (the device the check calls gpu: the CPU in a dry run) against PyTorch, part by part.
  awk '
    /RESULT fine-tune arch=/ && / device=gpu / { a = v("arch"); ours[a, "step"] = v("steps/s") }
    /RESULT phases arch=/ && / device=gpu / {
      a = v("arch"); for (i = 1; i <= NF; i++) if (split($i, kv, "=") == 2 && kv[1] != "arch" && kv[1] != "device") ours[a, kv[1]] = kv[2]
    }
    /^TORCH arch=/ { t[v("arch"), v("phase")] = v("steps/s"); if (!(v("arch") in seen)) { seen[v("arch")] = 1; order[++n] = v("arch") } }
    function v(key,   i, kv) { for (i = 1; i <= NF; i++) if (split($i, kv, "=") == 2 && kv[1] == key) return kv[2]; return "" }
    END {
      for (k = 1; k <= n; k++) {
        a = order[k]; line = ""
        split("step resident-step forward+backward forward", ph, " ")
        for (j = 1; j <= 4; j++) if (ours[a, ph[j]] != "" && t[a, ph[j]] > 0)
          line = line sprintf(" %s=%.2fx", ph[j], ours[a, ph[j]] / t[a, ph[j]])
        if (line != "") print "RATIO ours/PyTorch arch=" a line
      }
    }' "$OUT/gpucheck.log" "$OUT/torch.log"
fi
exit "$check"
