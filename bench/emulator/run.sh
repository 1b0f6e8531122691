#!/usr/bin/env bash
# Emulator throughput and memory: serves events as JSON to a plain paging client with rate limits
# off, at two data scales, and reports events/s and the emulator's resident memory (RSS).
#
#   bench/emulator/run.sh                 # 1,000,000 and 10,000,000 events; reads 200,000 of each
#
# The baseline (same run) pages the same client through a trivial Vert.x server that repeats one of
# the emulator's pages: the client/HTTP ceiling of this machine. The emulator's rate is also reported
# as a ratio of it.
#   READ_EVENTS=1000000 SCALES="200000 5000000" bench/emulator/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR=klaviyo-emulator/target/klaviyo-emulator.jar
SCALES=${SCALES:-"1000000 10000000"}
READ_EVENTS=${READ_EVENTS:-200000}
WARMUP_EVENTS=${WARMUP_EVENTS:-100000}
PORT=${PORT:-18190}
ADMIN_PORT=${ADMIN_PORT:-18191}
KEY=pk_emulator_demo_key_0001
if [[ ! -f $JAR ]]; then
  mvn -B -q -pl klaviyo-emulator -am install -DskipTests
fi
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
for events in $SCALES; do
  EMULATOR_PORT=$PORT EMULATOR_ADMIN_PORT=$ADMIN_PORT EMULATOR_EVENTS=$events EMULATOR_EVENT_DAYS=365 EMULATOR_RATE_LIMITS=off \
    java -Xmx512m -jar "$JAR" > "/tmp/kvsync-emulator-bench-$PORT.log" 2>&1 &
  pid=$!
  trap 'kill $pid 2>/dev/null || true' EXIT
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$ADMIN_PORT/admin/health" > /dev/null && break
    sleep 0.5
  done
  rss_start=$(rss_mb $pid)
  # A short warm-up so the JIT has compiled the hot path before the measured run.
  java -cp "$JAR" bench/emulator/PagingClient.java "http://127.0.0.1:$PORT" $KEY "$WARMUP_EVENTS" > /dev/null
  result=$(java -cp "$JAR" bench/emulator/PagingClient.java "http://127.0.0.1:$PORT" $KEY "$READ_EVENTS")
  rss_end=$(rss_mb $pid)
  baseline=$(java -cp "$JAR" bench/emulator/PagingClient.java "http://127.0.0.1:$PORT" $KEY "$READ_EVENTS" baseline)
  rate=${result##*events_per_second=}
  base_rate=${baseline##*events_per_second=}
  ratio=$(awk -v a="$rate" -v b="$base_rate" 'BEGIN { printf "%.2f", a / b }')
  echo "scale_events=$events emulator: $result rss_after_start_MB=$rss_start rss_after_run_MB=$rss_end"
  echo "scale_events=$events baseline (one page repeated by a trivial Vert.x server): $baseline"
  echo "scale_events=$events emulator/baseline=$ratio"
  kill $pid
  wait $pid 2>/dev/null || true
  trap - EXIT
done
