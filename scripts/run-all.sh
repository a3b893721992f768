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

# A broker that was already running (another stack, a test run) is left running on exit.
KAFKA_WAS_RUNNING=0
bash deploy/kafka/kafka.sh status >/dev/null 2>&1 && KAFKA_WAS_RUNNING=1
bash deploy/kafka/kafka.sh start

# Demo settings: short enough that discrepancies show within a minute; override any of them.
export RECON_GRACE_PERIOD=${RECON_GRACE_PERIOD:-30s}
export JOURNAL_IMPORT_INTERVAL=${JOURNAL_IMPORT_INTERVAL:-5s}
export JOURNAL_POST_INTERVAL=${JOURNAL_POST_INTERVAL:-15s}
export JOURNAL_RETRY_BASE=${JOURNAL_RETRY_BASE:-5s}
# Demo tokens: made now, only their SHA-256 reaches the services (set API_TOKENS to use your own).
if [ -z "${API_TOKENS:-}" ]; then
  VIEWER_TOKEN=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
  OPERATOR_TOKEN=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
  sha() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }
  export API_TOKENS="viewer:demo-viewer:$(sha "$VIEWER_TOKEN"),operator:demo-operator:$(sha "$OPERATOR_TOKEN")"
fi

SERVICES=(ingestion journal reconciliation resync query)
declare -A PORTS=([ingestion]=3001 [journal]=3002 [reconciliation]=3003 [resync]=3004 [query]=3005)
PIDS=()

shutdown() {
  trap - INT TERM EXIT
  echo
  echo "[po-sync] stopping services…"
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ "$KAFKA_WAS_RUNNING" = 1 ] || bash deploy/kafka/kafka.sh stop || true
  echo "[po-sync] stopped."
}
# Ctrl-C: stop and end here (else the wait below returns and reports a service exited).
trap 'shutdown; exit 130' INT TERM
trap shutdown EXIT

for service in "${SERVICES[@]}"; do
  # As the Dockerfile starts them (a larger young generation, docs/benchmarks.md).
  node --max-semi-space-size=32 -r ./scripts/register.js "services/$service/src/main.ts" >"$LOG_DIR/$service.log" 2>&1 &
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

node -r ./scripts/register.js scripts/demo/traffic.ts --rate "${DEMO_RATE:-10}" >"$LOG_DIR/traffic.log" 2>&1 &
PIDS+=("$!")

cat <<INFO

[po-sync] all services up, demo traffic running (${DEMO_RATE:-10} documents/s, faults injected; see .cache/logs/traffic.log).
  Grace period ${RECON_GRACE_PERIOD}: the first discrepancies appear within a minute.
  Tokens:   viewer=${VIEWER_TOKEN:-"(your API_TOKENS)"}  operator=${OPERATOR_TOKEN:-"(your API_TOKENS)"}
  Summary:  curl -s -H "Authorization: Bearer ${VIEWER_TOKEN:-<viewer token>}" localhost:3005/v1/summary
  Grid:     curl -s -H "Authorization: Bearer ${VIEWER_TOKEN:-<viewer token>}" 'localhost:3005/v1/expenses?view=missing-actuals'
  Resync:   curl -s -X POST -H "Authorization: Bearer ${OPERATOR_TOKEN:-<operator token>}" -H 'content-type: application/json' \\
              -d '{"scope":"out-of-sync-actuals"}' localhost:3004/v1/resync-jobs
  Stream:   bash deploy/kafka/kafka.sh run-class org.apache.kafka.tools.consumer.ConsoleConsumer \\
              --bootstrap-server ${KAFKA_BROKERS:-localhost:9092} --topic recon.discrepancies.v1
  Health:   curl -s localhost:3003/health/ready     API docs: http://localhost:3004/docs  http://localhost:3005/docs
Ctrl-C stops everything, Kafka included.
INFO
wait -n "${PIDS[@]}" || true
echo "[po-sync] a service exited; see .cache/logs" >&2
