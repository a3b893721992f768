#!/usr/bin/env bash
# One command for the whole system: installs, starts Kafka with the project's script, the five
# services, and stops everything (Kafka included) on Ctrl-C or SIGTERM.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
LOG_DIR="$ROOT/.cache/logs"
mkdir -p "$LOG_DIR"

[ -d node_modules ] || npm ci --no-audit --no-fund

if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null && ! (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then
  echo "PostgreSQL is not reachable on 127.0.0.1:5432. Start it, e.g.: pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start" >&2
  exit 1
fi
if ! (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then
  echo "Redis is not reachable on 127.0.0.1:6379. Start it, e.g.: redis-server --daemonize yes --port 6379" >&2
  exit 1
fi

bash deploy/kafka/kafka.sh start

SERVICES=(ingestion journal reconciliation resync query)
declare -A PORTS=([ingestion]=3001 [journal]=3002 [reconciliation]=3003 [resync]=3004 [query]=3005)
PIDS=()

shutdown() {
  trap - INT TERM EXIT
  echo
  echo "[po-sync] stopping services…"
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  bash deploy/kafka/kafka.sh stop || true
  echo "[po-sync] stopped."
}
trap shutdown INT TERM EXIT

for service in "${SERVICES[@]}"; do
  node -r ./scripts/register.js "services/$service/src/main.ts" >"$LOG_DIR/$service.log" 2>&1 &
  PIDS+=("$!")
done

for service in "${SERVICES[@]}"; do
  port=${PORTS[$service]}
  for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; then break; fi
    sleep 0.5
  done
  if curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; then
    echo "[po-sync] $service ready on http://localhost:$port (logs: .cache/logs/$service.log)"
  else
    echo "[po-sync] $service did not become ready; last log lines:" >&2
    tail -n 20 "$LOG_DIR/$service.log" >&2
    exit 1
  fi
done

echo "[po-sync] all services up. Ctrl-C stops everything."
wait -n "${PIDS[@]}" || true
echo "[po-sync] a service exited; see .cache/logs" >&2
