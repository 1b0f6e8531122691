# Makes sure PostgreSQL and RabbitMQ answer on this machine: reuse them when they are up, start
# the installed ones when they are down, install them from the OS packages when we are root, and
# otherwise say exactly what is missing. Sourced by deploy/local/run.sh and .ci/run.

PG_HOST=${PG_HOST:-127.0.0.1}
PG_PORT=${PG_PORT:-5432}
RABBITMQ_HOST=${RABBITMQ_HOST:-127.0.0.1}
RABBITMQ_PORT=${RABBITMQ_PORT:-5672}

say() { printf '%s\n' "$*" >&2; }

port_open() { # host port
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

wait_for_port() { # name host port seconds
  local i
  for ((i = 0; i < $4; i++)); do
    port_open "$2" "$3" && return 0
    sleep 1
  done
  say "$1 did not start listening on $2:$3 within $4 s."
  return 1
}

is_root() { [ "$(id -u)" = 0 ]; }

apt_install() {
  if ! is_root || ! command -v apt-get >/dev/null; then
    return 1
  fi
  say "Installing $* from the OS packages…"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

local_host() { case "$1" in 127.0.0.1 | localhost | ::1) return 0 ;; *) return 1 ;; esac; }

start_installed_postgres() {
  command -v pg_ctlcluster >/dev/null || return 1
  local version
  for version in $(ls /etc/postgresql 2>/dev/null); do
    if is_root; then
      pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || true
    else
      pg_ctlcluster "$version" main start 2>/dev/null || true
    fi
  done
  [ -n "$(ls /etc/postgresql 2>/dev/null)" ]
}

# After installing PostgreSQL ourselves, let local TCP connections in as the superuser without a
# password, as on a developer machine; a server we did not install is left as it is.
trust_local_connections() {
  local hba
  for hba in /etc/postgresql/*/main/pg_hba.conf; do
    grep -q '^host all all 127.0.0.1/32 trust' "$hba" ||
      sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
  done
}

ensure_postgres() {
  if port_open "$PG_HOST" "$PG_PORT"; then
    return 0
  fi
  if ! local_host "$PG_HOST"; then
    say "PostgreSQL is not reachable at $PG_HOST:$PG_PORT. Start it there, or unset PG_HOST to use a local one."
    return 1
  fi
  say "PostgreSQL is not running on $PG_HOST:$PG_PORT; starting the installed one…"
  if ! start_installed_postgres; then
    if apt_install postgresql; then
      trust_local_connections
      start_installed_postgres
    else
      say "PostgreSQL is not installed. Install it (Debian/Ubuntu: sudo apt-get install postgresql;"
      say "macOS: brew install postgresql@16 && brew services start postgresql@16), or point PG_HOST/PG_PORT at one."
      return 1
    fi
  fi
  wait_for_port PostgreSQL "$PG_HOST" "$PG_PORT" 60
}

ensure_rabbitmq() {
  if port_open "$RABBITMQ_HOST" "$RABBITMQ_PORT"; then
    return 0
  fi
  if ! local_host "$RABBITMQ_HOST"; then
    say "RabbitMQ is not reachable at $RABBITMQ_HOST:$RABBITMQ_PORT. Start it there, or unset RABBITMQ_HOST to use a local one."
    return 1
  fi
  say "RabbitMQ is not running on $RABBITMQ_HOST:$RABBITMQ_PORT; starting the installed one…"
  if ! command -v rabbitmq-server >/dev/null; then
    if ! apt_install rabbitmq-server; then
      say "RabbitMQ is not installed. Install it (Debian/Ubuntu: sudo apt-get install rabbitmq-server;"
      say "macOS: brew install rabbitmq && brew services start rabbitmq), or point RABBITMQ_HOST/RABBITMQ_PORT at one."
      return 1
    fi
  fi
  rabbitmq-server -detached >/dev/null 2>&1 || true
  # The broker takes a while to boot; quorum queues need it fully up.
  wait_for_port RabbitMQ "$RABBITMQ_HOST" "$RABBITMQ_PORT" 90
}

# Sets a setting of the rabbit application on a local broker, at once and without a restart; a
# remote broker is its operator's (see deploy/README.md). When rabbitmqctl cannot reach the broker,
# says what to put in rabbitmq.conf instead, followed by the advice given.
set_broker_setting() { # name value advice
  if ! local_host "$RABBITMQ_HOST" || ! command -v rabbitmqctl >/dev/null; then
    return 0
  fi
  if rabbitmqctl -q eval "application:set_env(rabbit, $1, $2)." >/dev/null 2>&1; then
    return 0
  fi
  say "Could not set RabbitMQ's $1 (rabbitmqctl needs the broker's Erlang cookie);"
  say "set $1 = $2 in rabbitmq.conf$3"
}

# An extractor acks a command once its read ends, and reads stop at their duration bound
# (kvsync.extraction.max-read-duration, 10 minutes by default): the broker must never take a
# command back from a consumer still reading it. RabbitMQ's default is 30 minutes; set it
# explicitly on a local broker (a remote one is its operator's: see deploy/README.md).
CONSUMER_TIMEOUT_MS=${CONSUMER_TIMEOUT_MS:-1800000}
ensure_consumer_timeout() {
  set_broker_setting consumer_timeout "$CONSUMER_TIMEOUT_MS" ", or keep the default of 30 minutes."
}

# The largest message the bus carries (kvsync.bus.max-message-bytes of every service): a batch with
# one record of up to 128 MiB and its envelope. RabbitMQ's default is 128 MiB before 4.0 and 16 MiB
# since; set it explicitly on a local broker (a remote one is its operator's: see deploy/README.md).
MAX_MESSAGE_SIZE_BYTES=${MAX_MESSAGE_SIZE_BYTES:-167772160}
ensure_max_message_size() {
  set_broker_setting max_message_size "$MAX_MESSAGE_SIZE_BYTES" ": larger records fail to publish without it."
}
