#!/usr/bin/env bash
# Order import benchmark: fresh database, app started on it, then bench/OrdersImportBench.java on a generated file of
# LINES order lines (default 1,000,000) and on the UCI Online Retail file (541,909 lines), each beside a raw COPY of the
# same file and plain SQL building the same orders and lines.
#
#   bench/orders-import.sh
#   LINES=100000 RETAIL=none bench/orders-import.sh
#
# Environment: LINES (0 skips the generated file), RETAIL (path of online_retail.csv, or "none"), PORT (18103), BENCH_DB (rapport_bench_orders;
# dropped and recreated), PGHOST/PGPORT/PGUSER, SKIP_BUILD=1 to reuse target/rapport.jar, APP_JAVA_OPTS.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
LINES=${LINES:-1000000}
# the shared data folder sits beside the repository (or beside the folder of worktrees)
if [[ -z "${RETAIL:-}" ]]; then
  for candidate in ../shared/data/online_retail/online_retail.csv ../../shared/data/online_retail/online_retail.csv; do
    [[ -f "$candidate" ]] && RETAIL=$candidate && break
  done
fi
RETAIL=${RETAIL:-none}
PORT=${PORT:-18103}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
BENCH_DB=${BENCH_DB:-rapport_bench_orders}
case "$BENCH_DB" in rapport_bench*) ;; *) echo "BENCH_DB must start with rapport_bench" >&2; exit 1 ;; esac
JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$BENCH_DB"
mkdir -p bench/results

[[ "${SKIP_BUILD:-}" == 1 ]] || ./mvnw -B -q -DskipTests package
DRIVER=$(ls ~/.m2/repository/org/postgresql/postgresql/*/postgresql-*.jar | grep -v sources | sort -V | tail -1)

start_app() {
  dropdb --if-exists "$BENCH_DB"
  createdb "$BENCH_DB"
  RAPPORT_DB_URL="$JDBC_URL" RAPPORT_DB_USER="$PGUSER" RAPPORT_DB_PASSWORD="${PGPASSWORD:-}" RAPPORT_DEMO=false \
    RAPPORT_ADMIN_EMAIL=bench@rapport.local RAPPORT_ADMIN_PASSWORD=bench-password-1 \
    "$JAVA" ${APP_JAVA_OPTS:-} -jar target/rapport.jar --server.port="$PORT" > "bench/results/orders-import-app-$1.log" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 180); do
    curl -fs "http://localhost:$PORT/actuator/health" | grep -q UP && return
    sleep 1
  done
  echo "the app did not start" >&2; exit 1
}
stop_app() { kill "$APP_PID" 2>/dev/null; wait "$APP_PID" 2>/dev/null || true; }
trap stop_app EXIT

if [[ "$LINES" -gt 0 ]]; then
  start_app generated
  "$JAVA" -cp "$DRIVER" bench/OrdersImportBench.java bench "$JDBC_URL" "http://localhost:$PORT" bench@rapport.local bench-password-1 "$LINES" \
    | tee bench/results/orders-import-generated.txt
  stop_app
fi
if [[ "$RETAIL" == none ]]; then
  echo "no online_retail.csv found (set RETAIL=path): the UCI file is skipped"
elif [[ ! -f "$RETAIL" ]]; then
  echo "RETAIL=$RETAIL does not exist" >&2; exit 1
else
  start_app retail
  "$JAVA" -cp "$DRIVER" bench/OrdersImportBench.java bench "$JDBC_URL" "http://localhost:$PORT" bench@rapport.local bench-password-1 "$RETAIL" \
    | tee bench/results/orders-import-retail.txt
  stop_app
fi
