#!/usr/bin/env bash
# Recommender quality on the UCI Online Retail transactions: hit rate at 5 against a most-popular baseline.
#
#   bench/online-retail.sh            # fresh database, the file through the order import, then the evaluation
#   LOAD=copy bench/online-retail.sh  # the old path: plain COPY + SQL instead of the import (no app)
#
# With LOAD=import (the default) it starts target/rapport.jar on the fresh database (RAPPORT_DEMO=false, admin
# bench@rapport.local), posts the file with `bench/OrdersImportBench.java import` (create missing products, one
# contact per CustomerID, GBP), waits for the job, stops the app, and runs bench/OnlineRetailEval.java on what the
# import wrote (the app stays stopped during the evaluation).
#
# Environment: CSV (../shared/data/online_retail/online_retail.csv beside the repository or the worktrees folder),
#   LOAD (import | copy), PORT (18190), BENCH_DB (rapport_bench_retail; dropped and recreated, and dropped again at
#   the end unless KEEP_DB=1), SKIP_BUILD=1 (reuse target/rapport.jar and target/classes), APP_JAVA_OPTS,
#   EVAL_BASKETS / EVAL_SUPPORTS / EVAL_CONFIDENCES (the grid), PGHOST/PGPORT/PGUSER.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if [[ -z "${CSV:-}" ]]; then
  for candidate in ../shared/data/online_retail/online_retail.csv ../../shared/data/online_retail/online_retail.csv \
                   /work/shared/data/online_retail/online_retail.csv; do
    [[ -f "$candidate" ]] && CSV=$candidate && break
  done
fi
[[ -f "${CSV:-}" ]] || { echo "online_retail.csv not found (set CSV=path)" >&2; exit 1; }
LOAD=${LOAD:-import}
case "$LOAD" in import|copy) ;; *) echo "LOAD must be import or copy" >&2; exit 1 ;; esac
PORT=${PORT:-18190}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
BENCH_DB=${BENCH_DB:-rapport_bench_retail}
case "$BENCH_DB" in rapport_bench*) ;; *) echo "BENCH_DB must start with rapport_bench" >&2; exit 1 ;; esac
JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$BENCH_DB"
OUT=bench/results/online-retail.txt
mkdir -p bench/results
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then ./mvnw -B -q -DskipTests package; fi
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/bench-classpath.txt
CP="target/classes:$(cat target/bench-classpath.txt)"

APP_PID=""
stop_app() {
  if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
    kill "$APP_PID" 2>/dev/null || true
    wait "$APP_PID" 2>/dev/null || true
  fi
  APP_PID=""
}
trap stop_app EXIT

dropdb --if-exists "$BENCH_DB"
createdb "$BENCH_DB"
: > "$OUT"
if [[ "$LOAD" == import ]]; then
  RAPPORT_DB_URL="$JDBC_URL" RAPPORT_DB_USER="$PGUSER" RAPPORT_DB_PASSWORD="${PGPASSWORD:-}" RAPPORT_DEMO=false \
    RAPPORT_ADMIN_EMAIL=bench@rapport.local RAPPORT_ADMIN_PASSWORD=bench-password-1 \
    "$JAVA" ${APP_JAVA_OPTS:-} -jar target/rapport.jar --server.port="$PORT" > bench/results/online-retail-app.log 2>&1 &
  APP_PID=$!
  up=0
  for _ in $(seq 1 180); do
    if curl -fs "http://localhost:$PORT/actuator/health" | grep -q UP; then up=1; break; fi
    kill -0 "$APP_PID" 2>/dev/null || break
    sleep 1
  done
  [[ "$up" == 1 ]] || { echo "the app did not start (bench/results/online-retail-app.log)" >&2; exit 1; }
  start=$(date +%s.%N)
  "$JAVA" -cp "$CP" bench/OrdersImportBench.java import "http://localhost:$PORT" bench@rapport.local bench-password-1 "$CSV" GBP | tee -a "$OUT"
  printf 'order import wall time (upload + job + polling): %.1f s\n' "$(echo "$(date +%s.%N) - $start" | bc)" | tee -a "$OUT"
  stop_app
fi
LOAD=$LOAD "$JAVA" -cp "$CP" bench/OnlineRetailEval.java "$JDBC_URL" "$CSV" 2>&1 | grep --line-buffered -v ' INFO org.flywaydb' | tee -a "$OUT"
if [[ "${KEEP_DB:-0}" != 1 ]]; then dropdb --if-exists "$BENCH_DB"; fi
