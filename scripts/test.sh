#!/usr/bin/env bash
# The whole suite: types, lint, unit tests, then integration tests against the real Kafka broker
# (located, or started by deploy/kafka/kafka.sh), PostgreSQL and Redis.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[test] installing dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi

started=$(date +%s)
echo "[test] type check"; npx tsc -p tsconfig.json --noEmit
echo "[test] lint"; NX_DAEMON=false npx nx show projects >/dev/null  # builds the project graph the boundary rule reads
npx eslint . --max-warnings 0
echo "[test] unit tests"; npx jest --selectProjects unit
echo "[test] integration tests (real Kafka, PostgreSQL, Redis)"; npx jest --selectProjects integration --runInBand
echo "[test] suite passed in $(( $(date +%s) - started ))s"
