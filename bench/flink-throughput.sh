#!/usr/bin/env bash
# Issue 6 benchmark: fan-out throughput (masks drawn and scored per second) on a real Flink session cluster
# (infra/flink) with 1 TaskManager (PyTorch on every core, then on one thread) and with 2 TaskManagers (one thread
# each), one slot each, and the ratios. Args: draws (120), sparsity (0.98). Builds the job jar first. Run it on a
# quiet machine: the clusters share its cores.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -Pflink package -DskipTests
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
java --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED -Dai.djl.offline=true \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.fullspectrum.bench.FlinkThroughputBench "$@"
