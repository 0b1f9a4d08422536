#!/bin/bash
# Remakes the TorchScript models of the tests (make_models.py says what each is), from the project's root:
#   bash src/test/resources/torchscript/make.sh
# Needs the project built (mvn -q test-compile) and a python with torch (Debian: apt-get install python3-torch;
# the committed files came from its torch 1.13.1, and libtorch 2.7 loads them).
set -euo pipefail
cd "$(dirname "$0")/../../../.."
dir=src/test/resources/torchscript
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/torchscript.classpath >/dev/null
java --add-opens=java.base/java.nio=ALL-UNNAMED -Dai.djl.offline=true \
  -cp "target/test-classes:target/classes:$(cat target/torchscript.classpath)" io.fullspectrum.nn.StateDictExport \
  fmnist-cnn 10 1 28 28 1 "$dir/fmnist_cnn_init.npz" 2>/dev/null
${PYTHON:-/usr/bin/python3} "$dir/make_models.py" "$dir"
ls -l "$dir"/*.pt
