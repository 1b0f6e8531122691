#!/usr/bin/env bash
# Loader throughput against COPY: ~1 KB event_v2 rows flow RabbitMQ → loader → PostgreSQL, then the
# same rows are COPYed into an identical empty table in the same run; reports rows/s for both, the
# ratio and the loader's resident memory. The loader runs on bench-only exchanges and queues.
#
#   bench/loader/run.sh                          # 100,000 rows in batches of 500
#   ROWS=200000 BATCH=1000 bench/loader/run.sh
#   WARMUP=50000 bench/loader/run.sh             # rows loaded before the clock starts (default ROWS)
#   bench/loader/run.sh --strategies             # unnest arrays vs COPY to temp then merge (JDBC)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS=${ROWS:-100000}
BATCH=${BATCH:-500}
# As many rows as are measured: the JIT has then compiled the loader's hot path, as in a loader
# that has been running for a while (with half as many, its compiler threads still run in the
# measured window).
WARMUP=${WARMUP:-$ROWS}
DATABASE=${DATABASE:-kvsync_bench}
JAR=loader-service/target/quarkus-app/quarkus-run.jar
CP_FILE=loader-service/target/bench-classpath.txt
MASTER_KEY=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=

if [[ ! -f $JAR ]]; then
  mvn -B -q -pl loader-service -am install -DskipTests
fi
if [[ ! -f $CP_FILE ]]; then
  (cd loader-service && mvn -B -q dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench-classpath.txt)
fi
CP="$(cat $CP_FILE):$(ls ~/.m2/repository/io/kvsync/common/1.0.0-SNAPSHOT/common-1.0.0-SNAPSHOT.jar)"
psql -h "${PGHOST:-127.0.0.1}" -U "${PGUSER:-postgres}" -tAc \
  "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'" postgres | grep -q 1 ||
  psql -h "${PGHOST:-127.0.0.1}" -U "${PGUSER:-postgres}" -c "CREATE DATABASE $DATABASE" postgres

if [[ ${1:-} == --strategies ]]; then
  exec java -Xmx1g -cp "$CP" bench/loader/LoaderBench.java --rows "$ROWS" --batch "$BATCH" \
    --database "$DATABASE" --strategies
fi

LOG=/tmp/kvsync-loader-bench.log
KVSYNC_MASTER_KEY=$MASTER_KEY java -Xmx512m \
  -Dquarkus.http.port=18082 -Dquarkus.management.port=19082 ${LOADER_OPTS:-} \
  -Dmp.messaging.incoming.batches.exchange.name=bench.records \
  -Dmp.messaging.incoming.batches.queue.name=bench.loader.batches \
  -Dmp.messaging.incoming.batches.dead-letter-exchange=bench.DLX \
  -Dmp.messaging.incoming.sweeps.exchange.name=bench.records \
  -Dmp.messaging.incoming.sweeps.queue.name=bench.loader.sweeps \
  -Dmp.messaging.incoming.sweeps.dead-letter-exchange=bench.DLX \
  -Dmp.messaging.outgoing.progress.exchange.name=bench.sync.progress \
  -Dmp.messaging.incoming.control.exchange.name=bench.sync.control \
  -jar "$JAR" > "$LOG" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do
  curl -sf http://127.0.0.1:19082/q/health/ready > /dev/null && break
  sleep 0.5
done
java -Xmx2g -cp "$CP" bench/loader/LoaderBench.java --rows "$ROWS" --batch "$BATCH" \
  --warmup "$WARMUP" --database "$DATABASE" --loader-pid $pid
curl -s http://127.0.0.1:19082/q/metrics | grep -E '^kvsync_batch_load_duration_seconds_(sum|count)\{object="event_v2"' || true
kill $pid
wait $pid 2>/dev/null || true
trap - EXIT
