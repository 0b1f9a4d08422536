#!/usr/bin/env bash
# Flink's own command line (`flink run`, `flink list`, `flink cancel`, ...) against the cluster start-cluster.sh
# started, from the same Maven-resolved classpath. Submitting the project's job jar:
#   infra/flink/flink.sh run -c io.fullspectrum.cli.Main target/fullspectrum-job.jar \
#     pipeline=pags runner=flink-cluster flinkMaster=[auto] data=synthetic
# ([auto]: the pipeline takes the environment flink run provides; the jar is the one flink run ships.)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/versions.sh"
WORK="${FS_FLINK_WORK:-$HERE/work}"
if [ ! -f "$WORK/classpath.txt" ] || [ ! -f "$WORK/conf/config.yaml" ]; then
  echo "flink.sh: no cluster configuration in $WORK; start one with infra/flink/start-cluster.sh" >&2
  exit 2
fi
export FLINK_CONF_DIR="$WORK/conf"
# shellcheck disable=SC2086
exec java $FLINK_JAVA_OPTS -Dlog.file="$WORK/log/client.log" \
  -Dlog4j.configurationFile="file:$WORK/conf/log4j.properties" -cp "$(cat "$WORK/classpath.txt")" \
  org.apache.flink.client.cli.CliFrontend "$@"
