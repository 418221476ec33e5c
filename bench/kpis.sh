#!/usr/bin/env bash
# Executive KPI dashboard benchmark: GET /api/v1/analytics/kpis over 10,000,000 orders, 1,000,000 tickets and
# 500,000 survey answers, beside the raw SQL cost of the same figures from the base tables.
#
#   bench/kpis.sh                                  # the issue's volumes
#   ORDERS=1000000 TICKETS=100000 bench/kpis.sh    # quicker
#
# Environment: ORDERS, TICKETS, ANSWERS, CONTACTS (200000), REQUESTS (20), RAW_REQUESTS (3), SKIP_BUILD=1,
#   SKIP_GENERATE=1 (reuse the database), PORT (18133), BENCH_DB (rapport_bench_kpis; dropped and recreated),
#   PGHOST/PGPORT/PGUSER.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
ORDERS=${ORDERS:-10000000}
TICKETS=${TICKETS:-1000000}
ANSWERS=${ANSWERS:-500000}
CONTACTS=${CONTACTS:-200000}
REQUESTS=${REQUESTS:-20}
RAW_REQUESTS=${RAW_REQUESTS:-3}
PORT=${PORT:-18133}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
BENCH_DB=${BENCH_DB:-rapport_bench_kpis}
case "$BENCH_DB" in rapport_bench*) ;; *) echo "BENCH_DB must start with rapport_bench" >&2; exit 1 ;; esac
case "$PGHOST" in 127.0.0.1|localhost|::1) ;; *) echo "PGHOST must be local" >&2; exit 1 ;; esac
JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$BENCH_DB"
BASE="http://localhost:$PORT"
export BENCH_EMAIL=bench@rapport.local BENCH_PASSWORD=bench-password-1
RESULTS=bench/results
mkdir -p "$RESULTS"

source bench/lib.sh   # start_app, stop_app
ADMIN_EMAIL="$BENCH_EMAIL" ADMIN_PASSWORD="$BENCH_PASSWORD" APP_LOG="$RESULTS/kpis-app.log" APP_START_SECONDS=300
trap stop_app EXIT

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then ./mvnw -q -DskipTests package; fi
./mvnw -q dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/bench-classpath.txt
CP="target/classes:$(cat target/bench-classpath.txt)"

: >"$RESULTS/kpis-app.log"
if [[ "${SKIP_GENERATE:-0}" != 1 ]]; then
  dropdb --if-exists "$BENCH_DB"
  createdb "$BENCH_DB"
  start_app   # Flyway creates the schema
  stop_app
  time psql -q -v ON_ERROR_STOP=1 -v contacts="$CONTACTS" -v orders="$ORDERS" -v tickets="$TICKETS" -v answers="$ANSWERS" \
    -d "$BENCH_DB" -f bench/kpis-generate.sql | tee "$RESULTS/kpis-generate.txt"
fi
start_app
for p in month quarter year; do
  "$JAVA" bench/Kpis.java http "$BASE" "$p" "$REQUESTS"
done
stop_app   # the raw SQL runs alone, as the API did
for p in month quarter year; do
  "$JAVA" -cp "$CP" bench/Kpis.java raw "$JDBC_URL" "$p" "$RAW_REQUESTS"
done
