#!/usr/bin/env bash
# Extractor use of Klaviyo's events budget: the emulator enforces the events tier (350/s burst,
# 3,500/min steady) over millions of events; the packaged extractor reads event_v2 in historical
# windows for three minutes. Reports requests/min against the steady limit, the share answered 429,
# events read and the extractor's resident memory along the way. Batches go to a bench-only
# exchange with no queue bound (the broker confirms and drops them): this measures the extractor
# against Klaviyo's budget, not the loaders.
#
#   bench/extractor/run.sh                       # 3 minutes, 2,000,000 events, 8 windows
#   DURATION=300 EVENTS=3000000 bench/extractor/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-180}
EVENTS=${EVENTS:-2000000}
WINDOWS=${WINDOWS:-8}
EMULATOR_PORT=${BENCH_EMULATOR_PORT:-28491}
EMULATOR_ADMIN_PORT=${BENCH_EMULATOR_ADMIN_PORT:-28492}
EXTRACTOR_PORT=${BENCH_EXTRACTOR_PORT:-28481}
EXTRACTOR_MANAGEMENT_PORT=${BENCH_EXTRACTOR_MANAGEMENT_PORT:-28482}
JAR=extractor-service/target/quarkus-app/quarkus-run.jar
EMULATOR_JAR=klaviyo-emulator/target/klaviyo-emulator.jar
CP_FILE=extractor-service/target/bench-classpath.txt
MASTER_KEY=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=

if [[ ! -f $JAR || ! -f $EMULATOR_JAR ]]; then
  mvn -B -q -pl extractor-service -am install -DskipTests
fi
if [[ ! -f $CP_FILE ]]; then
  (cd extractor-service && mvn -B -q dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench-classpath.txt)
fi
CP="$(cat $CP_FILE)"

# Windows requeued by an aborted run would start before the measurement.
rabbitmqctl purge_queue bench-extractor.extractor.commands > /dev/null 2>&1 || true

EMULATOR_LOG=/tmp/kvsync-extractor-bench-emulator.log
EXTRACTOR_LOG=/tmp/kvsync-extractor-bench.log
EMULATOR_PORT=$EMULATOR_PORT EMULATOR_ADMIN_PORT=$EMULATOR_ADMIN_PORT EMULATOR_EVENTS=$EVENTS EMULATOR_RATE_LIMITS=klaviyo \
  java -Xmx2g -jar "$EMULATOR_JAR" > "$EMULATOR_LOG" 2>&1 &
emulator_pid=$!
trap 'kill $emulator_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  curl -sf "http://127.0.0.1:$EMULATOR_ADMIN_PORT/admin/health" > /dev/null && break
  sleep 0.5
done

KVSYNC_MASTER_KEY=$MASTER_KEY KLAVIYO_BASE_URL="http://127.0.0.1:$EMULATOR_PORT" \
  java -Xmx512m -Dquarkus.http.port=$EXTRACTOR_PORT \
  -Dquarkus.management.port=$EXTRACTOR_MANAGEMENT_PORT ${EXTRACTOR_OPTS:-} \
  -Dmp.messaging.incoming.commands.exchange.name=bench-extractor.sync.commands \
  -Dmp.messaging.incoming.commands.queue.name=bench-extractor.extractor.commands \
  -Dmp.messaging.incoming.commands.dead-letter-exchange=bench-extractor.DLX \
  -Dmp.messaging.incoming.control.exchange.name=bench-extractor.sync.control \
  -Dmp.messaging.outgoing.batches.exchange.name=bench-extractor.records \
  -Dmp.messaging.outgoing.progress.exchange.name=bench-extractor.sync.progress \
  -jar "$JAR" > "$EXTRACTOR_LOG" 2>&1 &
extractor_pid=$!
trap 'kill $extractor_pid $emulator_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do
  curl -sf "http://127.0.0.1:$EXTRACTOR_MANAGEMENT_PORT/q/health/ready" > /dev/null && break
  sleep 0.5
done

java -Xmx512m -cp "$CP" bench/extractor/ExtractorBench.java \
  --emulator "http://127.0.0.1:$EMULATOR_PORT" \
  --metrics "http://127.0.0.1:$EXTRACTOR_MANAGEMENT_PORT/q/metrics" \
  --extractor-pid $extractor_pid --duration "$DURATION" --windows "$WINDOWS"
kill $extractor_pid $emulator_pid
wait $extractor_pid $emulator_pid 2>/dev/null || true
trap - EXIT
