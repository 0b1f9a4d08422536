#!/usr/bin/env bash
# Issue 16: settles whether ResNet-18's GPU/CPU divergence after 3 masked fine-tune steps (98% ERK, batch 128) is
# the GPU's or the problem's: the same steps on the CPU with 1 and with 2 PyTorch threads (another reduction order,
# float32 rounding that differs as it does between devices), weights compared after each step, relative to the
# update (max |a - b| / max |a - w0| over every prunable weight, as the GPU check compares its warm-up updates).
# Usage: bench/conditioning.sh [architecture (resnet18)] [steps (3)]
set -euo pipefail
cd "$(dirname "$0")/.."
ARCH=${1:-resnet18}
STEPS=${2:-3}
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
OUT=$(mktemp -d /tmp/fs-conditioning.XXXXXX)
for t in 1 2; do
  java -Xmx3g -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=$t -Dai.djl.pytorch.num_interop_threads=1 \
    -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.fullspectrum.bench.ConditioningBench \
    "$ARCH" "$STEPS" "$OUT/threads-$t" 2>/dev/null | sed "s/^/threads=$t: /"
done
echo "# bash bench/conditioning.sh $ARCH $STEPS   ($(date -u +%F), $(nproc) cores)"
python3 - "$OUT" "$STEPS" <<'PY'
import struct, sys
out, steps = sys.argv[1], int(sys.argv[2])
def load(p):
    b = open(p, "rb").read()
    return struct.unpack(">%df" % (len(b) // 4), b)
w0 = load(f"{out}/threads-1/step-0.bin")
for k in range(1, steps + 1):
    a = load(f"{out}/threads-1/step-{k}.bin"); b = load(f"{out}/threads-2/step-{k}.bin")
    diff = max(abs(x - y) for x, y in zip(a, b)); update = max(abs(x - z) for x, z in zip(a, w0))
    print(f"after {k} step(s): 1 thread vs 2 threads, max |difference| {diff:.3g}, max |update| {update:.3g}, "
          f"rel. to the update {diff / update:.2g}")
PY
