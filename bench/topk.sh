#!/usr/bin/env bash
# Issue 18: the draw's global top-k on ResNet-18 (11.2M scores), selection against the full sort it replaced, in
# one JVM; prints both times and the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
java -Xmx4g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.fullspectrum.bench.TopKBench "$@"
