#!/usr/bin/env bash
# Issue 18: the draw's global top-k on ResNet-18 (11.2M scores): the radix selection against the quickselect and the
# full sort it replaced (both kept in TopKBench, which checks that the masks are the same), in one JVM; prints
# the times and the ratios. Usage: bench/topk.sh [rounds (5)]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
java -Xmx4g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.fullspectrum.bench.TopKBench "$@"
