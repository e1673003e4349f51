# Shared by scripts/benchmarks and scripts/benchmarks-million (sourced, from the
# repository root, after $root, $corpora, $peers, $py, $work and $doc are set).

# Throwaway PostgreSQL and NATS servers on loopback ports for the scale-out
# measurements (Debian's postgresql and nats-server), stopped on exit.
# PostgreSQL refuses to run as root: as root it runs as the postgres user.
pg="" nats="" pg_dir="" nats_dir="" nats_pid=""
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
start_log() {
  local port
  nats_dir="$(mktemp -d)"
  port="$(free_port)"
  "$(command -v nats-server || echo /usr/sbin/nats-server)" -js -a 127.0.0.1 -p "$port" -sd "$nats_dir" > /dev/null 2>&1 &
  nats_pid=$!
  nats="nats://127.0.0.1:$port"
  until (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; do sleep 0.1; done
}
stop_log() {
  if [ -n "$nats_pid" ]; then kill "$nats_pid" 2> /dev/null || true; wait "$nats_pid" 2> /dev/null || true; nats_pid=""; fi
  if [ -n "$nats_dir" ]; then rm -rf "$nats_dir"; nats_dir=""; fi
}
# A log that never saw the replay (it drops documents it holds or held).
fresh_log() { stop_log; start_log; }
start_services() {
  local bin_dir port
  bin_dir="$(dirname "$(command -v initdb || ls /usr/lib/postgresql/*/bin/initdb | tail -1)")"
  pg_dir="$(as_postgres mktemp -d)"
  port="$(free_port)"
  as_postgres "$bin_dir/initdb" -D "$pg_dir/data" -U storyline -A trust --locale=C -E UTF8 > /dev/null
  as_postgres "$bin_dir/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w \
    -o "-p $port -k $pg_dir -c listen_addresses=127.0.0.1" start > /dev/null
  pg="postgres://storyline@127.0.0.1:$port"
  start_log
}
stop_services() {
  if [ -n "$pg_dir" ]; then
    as_postgres "$(dirname "$(command -v pg_ctl || ls /usr/lib/postgresql/*/bin/pg_ctl | tail -1)")/pg_ctl" \
      -D "$pg_dir/data" -m fast -w stop > /dev/null 2>&1 || true
    rm -rf "$pg_dir"; pg_dir=""
  fi
  stop_log
}
createdb() { psql -h 127.0.0.1 -p "${pg##*:}" -U storyline postgres -qc "CREATE DATABASE $1"; }

# `run TITLE CMD...`: runs CMD in the repository root and appends it, with what
# it printed (stdout and stderr), to the document as a shell session.
run() {
  local shown
  shown="$(printf '%s ' "$@" | sed -e "s#$work#\$RUN#g" -e "s#$root/##g" -e "s#$corpora#../shared/corpora#g" \
    -e "s#$peers#../shared/peers#g" -e "s#$py#\$PY#g" -e "s#${pg:-@no-postgres@}#\$PG#g" -e "s#${nats:-@no-nats@}#\$NATS#g" -e 's/ $//')"
  echo "== $shown" >&2
  {
    echo '```console'
    echo "\$ $shown"
    "$@" 2>&1 | sed -e "s#$work#\$RUN#g" -e "s#$root/##g" -e "s#$corpora#../shared/corpora#g" \
      -e "s#$peers#../shared/peers#g" -e "s#${pg:-@no-postgres@}#\$PG#g" -e "s#${nats:-@no-nats@}#\$NATS#g"
    echo '```'
    echo
  } >> "$doc"
}
text() { cat >> "$doc"; }
