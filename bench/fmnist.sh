#!/usr/bin/env bash
# Issue 4 benchmark: the default small CNN on real Fashion-MNIST (sudo apt-get install dataset-fashion-mnist),
# dense and at 98% sparsity with a SNIP mask; prints test accuracy and wall time per epoch. Arg: epochs (3).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
java --add-opens=java.base/java.nio=ALL-UNNAMED -Dai.djl.offline=true \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.fullspectrum.bench.FashionMnistBench "$@"
