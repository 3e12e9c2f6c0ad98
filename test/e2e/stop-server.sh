#!/usr/bin/env bash
# Stops the code-server started by start-server.sh: its whole process group, by the saved PID only.
. "$(dirname "$0")/env.sh"
PIDFILE=$E2E_HOME/run/server.pid
PID=$(cat "$PIDFILE" 2>/dev/null) || exit 0
rm -f "$PIDFILE" "$E2E_HOME/run/server.url"
[ -n "$PID" ] && kill -0 "$PID" 2>/dev/null || exit 0
kill -TERM -- "-$PID" 2>/dev/null || kill -TERM "$PID" 2>/dev/null
for _ in $(seq 1 40); do pgrep -g "$PID" >/dev/null || break; sleep 0.25; done
pgrep -g "$PID" >/dev/null && kill -KILL -- "-$PID" 2>/dev/null
echo "stopped code-server (pid $PID)"
