#!/usr/bin/env bash
# Issue 34 benchmark: the built-in ResNet-18 exported to TorchScript with the same weights, through model= against
# architecture=resnet18: (1) seconds a PAGS draw (TorchScriptDrawBench, alternately in one JVM; target within 1.2x),
# (2) with SCALE=1, flat memory in n: bench/scale.sh's PAGS rows at n = 100 and 1000 on model= (its random draws and
# per-draw scoring, the effective sparsity measured on the model each draw).
# Needs a python with torch to write the TorchScript file (Debian: apt-get install python3-torch; PYTHON=...).
# Usage: bash bench/torchscript.sh [generator (snip)] [rounds (3)] [draws a round (3)]
set -euo pipefail
cd "$(dirname "$0")/.."
GEN=${1:-snip} ROUNDS=${2:-3} DRAWS=${3:-3}
PY=${PYTHON:-/usr/bin/python3}
OUT=$(mktemp -d /tmp/fs-torchscript.XXXXXX)
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null
CP="target/test-classes:target/classes:$(cat target/bench.classpath)"
J=(java --add-opens=java.base/java.nio=ALL-UNNAMED -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn)
"${J[@]}" -cp "$CP" io.fullspectrum.nn.StateDictExport resnet18 10 3 32 32 0 "$OUT/init.npz" 2>/dev/null
PYTHONPATH=examples/pytorch "$PY" - "$OUT" <<'PYEOF'
import sys, numpy as np, torch
from export_model import ResNet18
out = sys.argv[1]
net = ResNet18()
arrays = np.load(f"{out}/init.npz")
state = {k: torch.from_numpy(arrays[k]) for k in arrays.files}
state.update({k: v for k, v in net.state_dict().items() if k.endswith("num_batches_tracked")})
net.load_state_dict(state)
torch.jit.save(torch.jit.script(net), f"{out}/resnet18.pt")
PYEOF
echo "# bash bench/torchscript.sh $GEN $ROUNDS $DRAWS   ($(date -u +%F), $(git rev-parse --short HEAD), $(nproc) cores)"
"${J[@]}" -Xmx4g -cp "$CP" io.fullspectrum.bench.TorchScriptDrawBench "$OUT/resnet18.pt" "$GEN" "$ROUNDS" "$DRAWS" \
  2>/dev/null | grep RESULT
if [ "${SCALE:-0}" = 1 ]; then
  EXTRA="model=$OUT/resnet18.pt data.synthetic.shape=3,32,32 ${EXTRA:-}" SNIP_COUNT=0 bash bench/scale.sh direct "100 1000"
fi
rm -rf "$OUT"
