#!/usr/bin/env bash
# Stops the Flink session cluster that start-cluster.sh started: only the processes named by its PID files
# (TaskManagers first, then the JobManager), politely, then by force after 10 s.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="${FS_FLINK_WORK:-$HERE/work}"
shopt -s nullglob
pidfiles=("$WORK"/pids/taskmanager-*.pid "$WORK"/pids/jobmanager.pid)
if [ ${#pidfiles[@]} -eq 0 ]; then
  echo "no cluster started from $WORK"
  exit 0
fi
for pidfile in "${pidfiles[@]}"; do
  pid="$(cat "$pidfile")"
  name="$(basename "$pidfile" .pid)"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid"; fi
    echo "stopped $name (pid $pid)"
  else
    echo "$name (pid $pid) was not running"
  fi
  rm -f "$pidfile"
done
