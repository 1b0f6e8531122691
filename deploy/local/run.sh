#!/usr/bin/env bash
# Runs the whole product on this machine: broker and database, the Klaviyo emulator (unless a real
# account is given), the three services, a destination and a pipeline, one run with live progress.
#
#   deploy/local/run.sh          start everything (again) and run the pipeline
#   deploy/local/run.sh status   what runs, on which ports, and the emulator's demo key
#   deploy/local/run.sh stop     end exactly what this script started
#
# Environment (all optional):
#   KLAVIYO_API_KEY        a real private API key: replicate that account instead of the emulator's
#   KLAVIYO_BASE_URL       another Klaviyo-compatible server (default: the bundled emulator, or
#                          https://a.klaviyo.com when KLAVIYO_API_KEY is set)
#   PIPELINE_ADMIN_TOKEN   the admin bearer token, at least 32 characters (default: generated once,
#                          kept in .local/admin.token); the master key ring is kept in
#                          .local/master.keys (KVSYNC_MASTER_KEYS), so restarts open old secrets
#   PG_HOST PG_PORT PG_USER PG_PASSWORD        PostgreSQL (127.0.0.1 5432 postgres, no password)
#   RABBITMQ_HOST RABBITMQ_PORT RABBITMQ_USERNAME RABBITMQ_PASSWORD   (127.0.0.1 5672 guest guest)
#   OBJECTS                comma-separated tables to replicate (default: all of the catalogue)
#   EMULATOR_ANCHOR        the emulated account's "now" (default: today 00:00 UTC, so the
#                          default 3-month historical sync finds events)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
STATE="$ROOT/.local"
LOGS="$STATE/logs"
PIDS="$STATE/pids"
. "$ROOT/deploy/local/services.sh"

PG_USER=${PG_USER:-postgres}
PG_PASSWORD=${PG_PASSWORD:-}
RABBITMQ_USERNAME=${RABBITMQ_USERNAME:-guest}
RABBITMQ_PASSWORD=${RABBITMQ_PASSWORD:-guest}
SCHEDULER_PORT=8080
EXTRACTOR_PORT=8081
LOADER_PORT=8082
# Metrics, health and OpenAPI: each service's management interface, on loopback only.
SCHEDULER_MANAGEMENT_PORT=9000
EXTRACTOR_MANAGEMENT_PORT=9001
LOADER_MANAGEMENT_PORT=9002
EMULATOR_PORT=${EMULATOR_PORT:-8090}
# The emulator's admin API (seed data, faults) listens on its own port, on loopback only.
EMULATOR_ADMIN_PORT=${EMULATOR_ADMIN_PORT:-8091}
EMULATOR_DEMO_KEY=pk_emulator_demo_key_0001
CONTROL_DB=kvsync_control
DEMO_DB=klaviyo_demo
DEMO_SCHEMA=klaviyo
PIPELINE_NAME="Local demo"
API="http://127.0.0.1:$SCHEDULER_PORT/api/v1"

mkdir -p "$LOGS" "$PIDS"

# ---------------------------------------------------------------- secrets kept between runs
state_secret() { # file generator…
  local file="$STATE/$1"
  shift
  if [ ! -s "$file" ]; then
    (umask 077 && "$@" >"$file")
  fi
  cat "$file"
}
random_base64() { head -c 32 /dev/urandom | base64 | tr -d '\n'; }
random_token() { head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n'; } # 64 hex digits
# The key ring (KVSYNC_MASTER_KEYS, id:base64key); a checkout that ran before rings keeps its key.
master_keys() {
  if [ -s "$STATE/master.key" ]; then
    echo "k1:$(cat "$STATE/master.key")"
  else
    echo "k1:$(random_base64)"
  fi
}
# A kept admin token shorter than the scheduler accepts (32) is replaced.
admin_token() {
  if [ -s "$STATE/admin.token" ] && [ "$(tr -d '\n' <"$STATE/admin.token" | wc -c)" -lt 32 ]; then
    rm -f "$STATE/admin.token"
  fi
  state_secret admin.token random_token
}

# ---------------------------------------------------------------- processes we own
pid_of() { [ -s "$PIDS/$1.pid" ] && cat "$PIDS/$1.pid"; }

running() { # name
  local pid
  pid=$(pid_of "$1") || return 1
  kill -0 "$pid" 2>/dev/null && grep -q "local-runner.process=$1" "/proc/$pid/cmdline" 2>/dev/null
}

start_process() { # name port jar env…
  local name=$1 port=$2 jar=$3
  shift 3
  if running "$name"; then
    say "  $name already runs (pid $(pid_of "$name")), reusing it"
    return 0
  fi
  if port_open 127.0.0.1 "$port"; then
    say "Port $port is taken by another program; $name cannot start. Free it and run again."
    exit 1
  fi
  # The marker property lets 'stop' and 'status' recognise exactly the processes started here. A
  # service that lost the broker exits with 75 for a fresh start (as Kubernetes would restart it);
  # the loop does that, and ends on any other exit.
  : >"$LOGS/$name.log"
  rm -f "$PIDS/$name.pid"
  # The extractor holds a page with a record of up to 128 MiB (README, Limits): the heap its
  # Kubernetes manifest gives it.
  local heap=512m
  [ "$name" = extractor-service ] && heap=1152m
  (
    while :; do
      env "$@" QUARKUS_HTTP_PORT="$port" java "-Dlocal-runner.process=$name" "-Xmx$heap" -jar "$jar" \
        >>"$LOGS/$name.log" 2>&1 &
      echo $! >"$PIDS/$name.pid"
      wait $! && break
      [ $? -eq 75 ] || break
      echo "local runner: $name lost the broker; starting it again" >>"$LOGS/$name.log"
      sleep 1
    done
  ) </dev/null >/dev/null 2>&1 &
  for _ in 1 2 3 4 5 6 7 8 9 10; do [ -s "$PIDS/$name.pid" ] && break; sleep 0.2; done
  say "  $name started (pid $(pid_of "$name")), log: ${LOGS#$ROOT/}/$name.log"
}

await_ready() { # name url
  local i
  for ((i = 0; i < 120; i++)); do
    if curl -fsS -o /dev/null "$2" 2>/dev/null; then
      return 0
    fi
    if ! running "$1"; then
      say "$1 stopped while starting. The end of its log:"
      tail -n 30 "$LOGS/$1.log" >&2
      exit 1
    fi
    sleep 1
  done
  say "$1 did not become ready in 120 s; see $LOGS/$1.log"
  exit 1
}

stop_all() {
  local name pid stopped=0
  for name in scheduler-service extractor-service loader-service klaviyo-emulator; do
    if running "$name"; then
      pid=$(pid_of "$name")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -9 "$pid" 2>/dev/null || true
      say "stopped $name (pid $pid)"
      stopped=$((stopped + 1))
    fi
    rm -f "$PIDS/$name.pid"
  done
  [ "$stopped" -gt 0 ] || say "nothing started by this script is running"
}

status() {
  local name port pid
  printf '%-20s %-8s %-6s %s\n' SERVICE PID PORT STATE
  for entry in scheduler-service:$SCHEDULER_PORT extractor-service:$EXTRACTOR_PORT \
    loader-service:$LOADER_PORT klaviyo-emulator:$EMULATOR_PORT; do
    name=${entry%%:*}
    port=${entry##*:}
    if running "$name"; then
      pid=$(pid_of "$name")
      printf '%-20s %-8s %-6s %s\n' "$name" "$pid" "$port" running
    else
      printf '%-20s %-8s %-6s %s\n' "$name" - "$port" stopped
    fi
  done
  echo
  echo "Emulator demo key:  $EMULATOR_DEMO_KEY"
  [ -s "$STATE/admin.token" ] && echo "Admin token:        $(cat "$STATE/admin.token")"
  echo "Logs:               ${LOGS#$ROOT/}/"
}

# ---------------------------------------------------------------- build
build_if_needed() {
  local outputs=(
    klaviyo-emulator/target/klaviyo-emulator.jar
    scheduler-service/target/quarkus-app/quarkus-run.jar
    extractor-service/target/quarkus-app/quarkus-run.jar
    loader-service/target/quarkus-app/quarkus-run.jar
  )
  local output module stale=""
  for output in "${outputs[@]}"; do
    module=${output%%/*}
    if [ ! -f "$ROOT/$output" ] ||
      [ -n "$(find "$ROOT/pom.xml" "$ROOT/common/pom.xml" "$ROOT/common/src/main" "$ROOT/$module/pom.xml" "$ROOT/$module/src/main" \
        -newer "$ROOT/$output" -type f -print -quit)" ]; then
      stale="$stale $module"
    fi
  done
  if [ -n "$stale" ]; then
    say "Building$stale (mvn package, tests skipped; 'mvn -B verify' runs them)…"
    (cd "$ROOT" && mvn -B -q package -DskipTests) || {
      say "The build failed; see the output above."
      exit 1
    }
    # Packaging skips unchanged outputs; mark them current so the next run does not build again.
    for output in "${outputs[@]}"; do touch "$ROOT/$output"; done
  fi
}

# ---------------------------------------------------------------- REST helpers
api() { # method path [json]
  local args=(-sS -X "$1" -H "Authorization: Bearer $ADMIN_TOKEN" -w '\n%{http_code}')
  [ $# -ge 3 ] && args+=(-H 'Content-Type: application/json' --data "$3")
  curl "${args[@]}" "$API$2"
}
body() { sed '$d' <<<"$1"; }
code() { tail -n1 <<<"$1"; }
json() { # json python-expression-on-d
  python3 -c 'import json,sys; d=json.load(sys.stdin); print('"$2"')' <<<"$1"
}

psql_db() { # database sql
  PGPASSWORD="$PG_PASSWORD" psql -X -q -t -A -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$1" -c "$2"
}

ensure_database() {
  if [ -z "$(psql_db postgres "SELECT 1 FROM pg_database WHERE datname = '$1'")" ]; then
    psql_db postgres "CREATE DATABASE \"$1\"" >/dev/null
    say "  created database $1"
  fi
}

find_or_create() { # collection name json
  local answer id
  answer=$(api GET "/$1")
  if [ "$(code "$answer")" = 200 ]; then
    id=$(json "$(body "$answer")" "next((x['id'] for x in (d if isinstance(d, list) else d.get('items', [])) if x.get('name') == '$2'), '')")
    if [ -n "$id" ]; then
      echo "$id"
      return 0
    fi
  fi
  answer=$(api POST "/$1" "$3")
  case "$(code "$answer")" in
    201 | 200) json "$(body "$answer")" "d['id']" ;;
    *)
      say "Creating the $1 entry '$2' failed ($(code "$answer")): $(body "$answer")"
      exit 1
      ;;
  esac
}

# Redraws one line per object while the job runs (plain lines when not on a terminal).
follow_job() { # job_id
  python3 - "$API" "$ADMIN_TOKEN" "$1" <<'PY'
import json, sys, time, urllib.request
api, token, job_id = sys.argv[1:4]
tty = sys.stdout.isatty()
drawn, last = 0, None
while True:
    req = urllib.request.Request(f"{api}/jobs/{job_id}", headers={"Authorization": f"Bearer {token}"})
    job = json.load(urllib.request.urlopen(req, timeout=10))
    lines = [f"job {job_id}  {job['status']}"]
    for o in job.get("objects", []):
        lines.append("  {:<34} {:<10} slices {:>3}/{:<3} extracted {:>9} loaded {:>9} failed {:>5}".format(
            o["object"], o.get("status", ""), o.get("slices_done", 0), o.get("slices_total", 0),
            o.get("records_extracted", 0), o.get("rows_loaded", 0), o.get("records_failed", 0)))
        if o.get("error"):
            lines.append(f"      {o['error']}")
    text = "\n".join(lines)
    if tty:
        if drawn:
            sys.stdout.write(f"\x1b[{drawn}F\x1b[J")
        sys.stdout.write(text + "\n")
        drawn = len(lines)
    elif text != last:
        print(text)
    sys.stdout.flush()
    last = text
    if job["status"] in ("SUCCEEDED", "PARTIAL", "DEFERRED", "FAILED"):
        sys.exit(0 if job["status"] == "SUCCEEDED" else 2)
    time.sleep(1)
PY
}

# ---------------------------------------------------------------- start
start() {
  command -v java >/dev/null || { say "Java 17 is required (Debian/Ubuntu: apt-get install openjdk-17-jdk-headless)."; exit 1; }
  command -v curl >/dev/null || { say "curl is required."; exit 1; }
  command -v python3 >/dev/null || apt_install python3 || { say "python3 is required for the progress display."; exit 1; }

  say "1/6 PostgreSQL and RabbitMQ"
  ensure_postgres
  ensure_rabbitmq
  ensure_consumer_timeout
  ensure_max_message_size
  command -v psql >/dev/null || apt_install postgresql-client || { say "psql is required (apt-get install postgresql-client)."; exit 1; }
  ensure_database "$CONTROL_DB"
  ensure_database "$DEMO_DB"

  say "2/6 Build"
  build_if_needed

  MASTER_KEYS=$(state_secret master.keys master_keys)
  ADMIN_TOKEN=${PIPELINE_ADMIN_TOKEN:-$(admin_token)}
  say "  master key ring: ${STATE#$ROOT/}/master.keys; admin token: ${STATE#$ROOT/}/admin.token"
  local common_env=(
    # The local destinations (the demo database) are on this machine: allow loopback only.
    KVSYNC_DESTINATION_ALLOWED_NETWORKS="127.0.0.0/8,::1/128"
    RABBITMQ_HOST="$RABBITMQ_HOST" RABBITMQ_PORT="$RABBITMQ_PORT"
    RABBITMQ_USERNAME="$RABBITMQ_USERNAME" RABBITMQ_PASSWORD="$RABBITMQ_PASSWORD"
    KVSYNC_MASTER_KEYS="$MASTER_KEYS" QUARKUS_MANAGEMENT_HOST=127.0.0.1
  )

  say "3/6 Klaviyo"
  local key base_url
  if [ -n "${KLAVIYO_API_KEY:-}" ]; then
    key=$KLAVIYO_API_KEY
    base_url=${KLAVIYO_BASE_URL:-https://a.klaviyo.com}
    say "  using the account of KLAVIYO_API_KEY at $base_url"
  elif [ -n "${KLAVIYO_BASE_URL:-}" ]; then
    say "KLAVIYO_BASE_URL is set but KLAVIYO_API_KEY is not: set the key for that server too."
    exit 1
  else
    key=$EMULATOR_DEMO_KEY
    base_url="http://127.0.0.1:$EMULATOR_PORT"
    start_process klaviyo-emulator "$EMULATOR_PORT" "$ROOT/klaviyo-emulator/target/klaviyo-emulator.jar" \
      EMULATOR_HOST=127.0.0.1 EMULATOR_PORT="$EMULATOR_PORT" EMULATOR_DEMO_KEY="$EMULATOR_DEMO_KEY" \
      EMULATOR_ADMIN_HOST=127.0.0.1 EMULATOR_ADMIN_PORT="$EMULATOR_ADMIN_PORT" \
      EMULATOR_ANCHOR="${EMULATOR_ANCHOR:-$(date -u +%Y-%m-%dT00:00:00Z)}"
    await_ready klaviyo-emulator "http://127.0.0.1:$EMULATOR_ADMIN_PORT/admin/health"
  fi

  say "4/6 Services"
  start_process scheduler-service "$SCHEDULER_PORT" "$ROOT/scheduler-service/target/quarkus-app/quarkus-run.jar" \
    "${common_env[@]}" PIPELINE_ADMIN_TOKEN="$ADMIN_TOKEN" KLAVIYO_BASE_URL="$base_url" \
    CONTROL_DB_URL="postgresql://$PG_HOST:$PG_PORT/$CONTROL_DB" CONTROL_DB_USER="$PG_USER" \
    CONTROL_DB_PASSWORD="$PG_PASSWORD" QUARKUS_MANAGEMENT_PORT="$SCHEDULER_MANAGEMENT_PORT"
  start_process extractor-service "$EXTRACTOR_PORT" "$ROOT/extractor-service/target/quarkus-app/quarkus-run.jar" \
    "${common_env[@]}" KLAVIYO_BASE_URL="$base_url" QUARKUS_MANAGEMENT_PORT="$EXTRACTOR_MANAGEMENT_PORT"
  start_process loader-service "$LOADER_PORT" "$ROOT/loader-service/target/quarkus-app/quarkus-run.jar" \
    "${common_env[@]}" QUARKUS_MANAGEMENT_PORT="$LOADER_MANAGEMENT_PORT"
  await_ready scheduler-service "http://127.0.0.1:$SCHEDULER_MANAGEMENT_PORT/q/health/ready"
  await_ready extractor-service "http://127.0.0.1:$EXTRACTOR_MANAGEMENT_PORT/q/health/ready"
  await_ready loader-service "http://127.0.0.1:$LOADER_MANAGEMENT_PORT/q/health/ready"

  say "5/6 Destination and pipeline"
  local destination_id pipeline_id objects_json="" answer job_id
  destination_id=$(find_or_create destinations "Local PostgreSQL" "$(python3 -c 'import json,sys; print(json.dumps({"name":"Local PostgreSQL","type":"postgres","host":sys.argv[1],"port":int(sys.argv[2]),"database":sys.argv[3],"user":sys.argv[4],"password":sys.argv[5],"schema":sys.argv[6],"table_prefix":""}))' "$PG_HOST" "$PG_PORT" "$DEMO_DB" "$PG_USER" "$PG_PASSWORD" "$DEMO_SCHEMA")")
  [ -n "${OBJECTS:-}" ] && objects_json=$OBJECTS
  pipeline_id=$(find_or_create pipelines "$PIPELINE_NAME" "$(python3 -c 'import json,sys; b={"name":sys.argv[1],"destination_id":sys.argv[2],"source":{"type":"klaviyo_v2","private_api_key":sys.argv[3],"historical_sync_duration":"P3M"},"frequency":"PT6H"}
if sys.argv[4]: b["objects"]=sys.argv[4].split(",")
print(json.dumps(b))' "$PIPELINE_NAME" "$destination_id" "$key" "$objects_json")")
  say "  destination $destination_id, pipeline $pipeline_id"

  say "6/6 Run"
  answer=$(api POST "/pipelines/$pipeline_id/run-now")
  case "$(code "$answer")" in
    200 | 202) job_id=$(json "$(body "$answer")" "d['job_id']") ;;
    *)
      say "run-now failed ($(code "$answer")): $(body "$answer")"
      exit 1
      ;;
  esac
  local outcome=0
  follow_job "$job_id" || outcome=$?

  echo
  echo "Rows per table in $DEMO_DB.$DEMO_SCHEMA:"
  local table
  printf '  %-36s %10s\n' TABLE ROWS
  for table in $(psql_db "$DEMO_DB" "SELECT table_name FROM information_schema.tables WHERE table_schema = '$DEMO_SCHEMA' ORDER BY 1"); do
    printf '  %-36s %10s\n' "$table" "$(psql_db "$DEMO_DB" "SELECT count(*) FROM \"$DEMO_SCHEMA\".\"$table\"")"
  done
  cat <<TXT

Where to look next:
  REST API       $API   (Authorization: Bearer $ADMIN_TOKEN)
                 curl -H 'Authorization: Bearer $ADMIN_TOKEN' $API/jobs/$job_id
  OpenAPI        http://127.0.0.1:$SCHEDULER_MANAGEMENT_PORT/q/openapi
  Metrics        http://127.0.0.1:$SCHEDULER_MANAGEMENT_PORT/q/metrics  :$EXTRACTOR_MANAGEMENT_PORT/q/metrics  :$LOADER_MANAGEMENT_PORT/q/metrics
  Data           psql -h $PG_HOST -p $PG_PORT -U $PG_USER $DEMO_DB -c 'SELECT * FROM $DEMO_SCHEMA.metric_v2 LIMIT 5'
  Logs           ${LOGS#$ROOT/}/
  Stop           deploy/local/run.sh stop
TXT
  return "$outcome"
}

case "${1:-start}" in
  start) start ;;
  stop) stop_all ;;
  status) status ;;
  *)
    say "usage: deploy/local/run.sh [start|status|stop]"
    exit 2
    ;;
esac
