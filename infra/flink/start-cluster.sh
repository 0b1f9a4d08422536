#!/usr/bin/env bash
# Starts a real Flink session cluster on this machine: one JobManager and N TaskManagers (default 2), each its own
# JVM, every address bound to 127.0.0.1. The classpath comes from Maven Central (infra/flink/pom.xml), since
# flink-dist is not published there. Waits until every TaskManager has registered, then prints the web UI's
# address. stop-cluster.sh stops exactly the processes this script started (PID files under the work folder).
#
#   infra/flink/start-cluster.sh [--taskmanagers N] [--slots S] [--rest-port P] [--rpc-port P] [--gpus G]
#                                [--torch-threads T]
#
# Memory is sized for a 24 GiB, 2-core machine: JobManager 1 GiB, TaskManagers 4 GiB each (most of it heap and
# native room for PyTorch; Flink's managed memory, unused by Beam batch jobs here, is kept small).
# PyTorch's intra-op threads per TaskManager (--torch-threads) default to this machine's cores over all slots,
# so that TaskManagers on one machine do not oversubscribe its cores (each would otherwise take every core).
# FS_FLINK_WORK moves the work folder (conf, logs, PIDs, temp files); default infra/flink/work.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TASKMANAGERS=2
SLOTS=2
REST_PORT=8081
RPC_PORT=6123
GPUS=0
TORCH_THREADS=0
while [ $# -gt 0 ]; do
  case "$1" in
    --taskmanagers) TASKMANAGERS="$2"; shift 2 ;;
    --slots) SLOTS="$2"; shift 2 ;;
    --rest-port) REST_PORT="$2"; shift 2 ;;
    --rpc-port) RPC_PORT="$2"; shift 2 ;;
    --gpus) GPUS="$2"; shift 2 ;;
    --torch-threads) TORCH_THREADS="$2"; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "start-cluster.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
export FS_GPU="$GPUS"
source "$HERE/versions.sh"
WORK="${FS_FLINK_WORK:-$HERE/work}"
mkdir -p "$WORK/conf" "$WORK/log" "$WORK/pids" "$WORK/tmp"

for pidfile in "$WORK"/pids/*.pid; do
  [ -e "$pidfile" ] || continue
  if kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    echo "start-cluster.sh: a cluster from $WORK is already running ($(basename "$pidfile" .pid), pid $(cat "$pidfile")); stop it with infra/flink/stop-cluster.sh" >&2
    exit 1
  fi
  rm -f "$pidfile"
done

echo "resolving the Flink $FLINK_VERSION classpath (DJL $DJL_VERSION, $PYTORCH_NATIVE $PYTORCH_VERSION) ..."
mvn -q -B -f "$HERE/pom.xml" -Dflink.version="$FLINK_VERSION" -Ddjl.version="$DJL_VERSION" \
  -Dpytorch.version="$PYTORCH_VERSION" -Dpytorch.native="$PYTORCH_NATIVE" -Dlog4j.version="$LOG4J_VERSION" \
  -Dslf4j.version="$SLF4J_VERSION" dependency:build-classpath -Dmdep.outputFile="$WORK/classpath.txt" >"$WORK/log/maven.out" 2>&1 \
  || { echo "start-cluster.sh: could not resolve the classpath; see $WORK/log/maven.out" >&2; exit 1; }
CP="$(cat "$WORK/classpath.txt")"

cat > "$WORK/conf/config.yaml" <<CONF
# Written by infra/flink/start-cluster.sh; edit that script, not this file.
jobmanager.rpc.address: 127.0.0.1
jobmanager.rpc.port: $RPC_PORT
jobmanager.bind-host: 127.0.0.1
taskmanager.bind-host: 127.0.0.1
taskmanager.host: 127.0.0.1
rest.address: 127.0.0.1
rest.bind-address: 127.0.0.1
rest.port: $REST_PORT
blob.server.port: 0
jobmanager.memory.process.size: 1024m
taskmanager.memory.process.size: 4096m
taskmanager.memory.managed.fraction: 0.05
taskmanager.numberOfTaskSlots: $SLOTS
parallelism.default: $SLOTS
cluster.evenly-spread-out-slots: true
# DJL (and its JNI natives) on the TaskManager classpath, loaded parent-first: one load per JVM, so a second
# job, or a restarted one, finds them loaded instead of failing with "already loaded in another classloader".
classloader.parent-first-patterns.additional: ai.djl.
# Losing a TaskManager: noticed within seconds, then the job restarts on the slots left (5 tries, 2 s apart; a lost TaskManager can cost two).
heartbeat.interval: 2000
heartbeat.timeout: 10000
restart-strategy.type: fixed-delay
restart-strategy.fixed-delay.attempts: 5
restart-strategy.fixed-delay.delay: 2 s
io.tmp.dirs: $WORK/tmp
web.tmpdir: $WORK/tmp/web
CONF
if [ "$GPUS" -gt 0 ]; then
  # Flink's GPU external resource: each TaskManager announces its GPUs, found by NVIDIA's discovery script
  # from the flink-external-resource-gpu plugin (1.18.0, the nearest published to 1.19; its API is unchanged).
  PLUGIN="$WORK/plugins/external-resource-gpu"
  mkdir -p "$PLUGIN"
  mvn -q -B dependency:copy -Dartifact=org.apache.flink:flink-external-resource-gpu:1.18.0 \
    -DoutputDirectory="$PLUGIN" >>"$WORK/log/maven.out" 2>&1
  (cd "$PLUGIN" && jar xf flink-external-resource-gpu-1.18.0.jar nvidia-gpu-discovery.sh gpu-discovery-common.sh \
    && chmod +x ./*.sh)
  cat >> "$WORK/conf/config.yaml" <<CONF
external-resources: gpu
external-resource.gpu.amount: $GPUS
external-resource.gpu.driver-factory.class: org.apache.flink.externalresource.gpu.GPUDriverFactory
external-resource.gpu.param.discovery-script.path: $PLUGIN/nvidia-gpu-discovery.sh
CONF
  export FLINK_PLUGINS_DIR="$WORK/plugins"
fi
cat > "$WORK/conf/log4j.properties" <<'CONF'
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = MainAppender
appender.main.name = MainAppender
appender.main.type = File
appender.main.fileName = ${sys:log.file}
appender.main.layout.type = PatternLayout
appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
logger.pekko.name = org.apache.pekko
logger.pekko.level = WARN
CONF

# Flink's own launcher logic: BashJavaUtils turns the memory settings into JVM flags and explicit -D sizes.
resource_params() {
  java -cp "$CP" org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$WORK/conf" 2>/dev/null \
    | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p'
}
JM_PARAMS="$(resource_params GET_JM_RESOURCE_PARAMS)"
TM_PARAMS="$(resource_params GET_TM_RESOURCE_PARAMS)"
JM_JVM="$(echo "$JM_PARAMS" | sed -n 1p)"; JM_DYN="$(echo "$JM_PARAMS" | sed -n 2p)"
TM_JVM="$(echo "$TM_PARAMS" | sed -n 1p)"; TM_DYN="$(echo "$TM_PARAMS" | sed -n 2p)"
if [ -z "$JM_JVM" ] || [ -z "$TM_JVM" ]; then
  echo "start-cluster.sh: Flink's BashJavaUtils gave no memory settings for $WORK/conf/config.yaml" >&2
  exit 1
fi

launch() { # name main-class jvm-flags dynamic-properties
  local name="$1" main="$2" jvm="$3" dyn="$4"
  # shellcheck disable=SC2086
  nohup java $jvm $FLINK_JAVA_OPTS -Dlog.file="$WORK/log/$name.log" \
    -Dlog4j.configurationFile="file:$WORK/conf/log4j.properties" -cp "$CP" "$main" --configDir "$WORK/conf" \
    $dyn "${@:5}" >"$WORK/log/$name.out" 2>&1 </dev/null &
  echo $! > "$WORK/pids/$name.pid"
}
launch jobmanager org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint "$JM_JVM" "$JM_DYN" \
  --executionMode cluster
if [ "$TORCH_THREADS" -lt 1 ]; then
  TORCH_THREADS=$(( $(nproc) / (TASKMANAGERS * SLOTS) ))
  [ "$TORCH_THREADS" -ge 1 ] || TORCH_THREADS=1
fi
TM_JVM="$TM_JVM -Dai.djl.pytorch.num_threads=$TORCH_THREADS -Dai.djl.pytorch.num_interop_threads=1"
for i in $(seq 1 "$TASKMANAGERS"); do
  launch "taskmanager-$i" org.apache.flink.runtime.taskexecutor.TaskManagerRunner "$TM_JVM" "$TM_DYN" \
    -D "taskmanager.resource-id=taskmanager-$i"
done

URL="http://127.0.0.1:$REST_PORT"
# GET on the REST endpoint with bash alone (no curl on a bare machine).
rest_get() {
  local body
  exec 3<>"/dev/tcp/127.0.0.1/$REST_PORT" || return 1
  printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$1" >&3
  body="$(cat <&3)"
  exec 3<&-
  printf '%s' "$body"
}
for _ in $(seq 1 120); do
  if ! kill -0 "$(cat "$WORK/pids/jobmanager.pid")" 2>/dev/null; then
    echo "start-cluster.sh: the JobManager exited; see $WORK/log/jobmanager.log and .out" >&2
    "$HERE/stop-cluster.sh" >/dev/null 2>&1 || true
    exit 1
  fi
  registered="$( (rest_get /overview 2>/dev/null || true) | sed -n 's/.*"taskmanagers":\([0-9]*\).*/\1/p')"
  if [ "${registered:-0}" -ge "$TASKMANAGERS" ]; then
    echo "Flink $FLINK_VERSION session cluster ready: 1 JobManager, $TASKMANAGERS TaskManagers x $SLOTS slots$( [ "$GPUS" -gt 0 ] && echo ", $GPUS GPU(s) each")"
    echo "web UI and REST: $URL   (submit with -Drunner=flink-cluster -DflinkMaster=127.0.0.1:$REST_PORT)"
    echo "logs: $WORK/log   stop: infra/flink/stop-cluster.sh"
    exit 0
  fi
  sleep 0.5
done
echo "start-cluster.sh: only ${registered:-0} of $TASKMANAGERS TaskManagers registered within 60 s; see $WORK/log" >&2
"$HERE/stop-cluster.sh" >/dev/null 2>&1 || true
exit 1
