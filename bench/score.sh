#!/usr/bin/env bash
# Scoring benchmark (issue 3): one CIFAR ResNet-18 at 99% and 90% sparsity, sparse Lanczos vs dense SVD in the
# same JMH run; prints both times and their ratio. Takes about 3 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.fullspectrum.bench.ScoreBenchmark
