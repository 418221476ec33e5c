#!/usr/bin/env bash
# Service dashboard benchmark: the metrics of one quarter over 1,000,000 tickets, API and raw SQL.
#
#   bench/service-dashboard.sh                 # 1,000,000 tickets over two years
#   TICKETS=100000 bench/service-dashboard.sh  # quicker
#   REUSE=1 SKIP_BUILD=1 bench/service-dashboard.sh  # measure again on the database a previous run generated
#
# Environment: TICKETS, REQUESTS (30), SKIP_BUILD=1, PORT (18105), BENCH_DB (rapport_bench_service; dropped and
#   recreated), PGHOST/PGPORT/PGUSER.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
TICKETS=${TICKETS:-1000000}
REQUESTS=${REQUESTS:-30}
PORT=${PORT:-18105}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
BENCH_DB=${BENCH_DB:-rapport_bench_service}
case "$BENCH_DB" in rapport_bench*) ;; *) echo "BENCH_DB must start with rapport_bench" >&2; exit 1 ;; esac
case "$PGHOST" in 127.0.0.1|localhost|::1) ;; *) echo "PGHOST must be local" >&2; exit 1 ;; esac
JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$BENCH_DB"
BASE="http://localhost:$PORT"
export BENCH_EMAIL=bench@rapport.local BENCH_PASSWORD=bench-password-1
RESULTS=bench/results
mkdir -p "$RESULTS"

source bench/lib.sh   # start_app, stop_app
ADMIN_EMAIL="$BENCH_EMAIL" ADMIN_PASSWORD="$BENCH_PASSWORD" APP_LOG="$RESULTS/service-dashboard-app.log"
trap stop_app EXIT

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then ./mvnw -q -DskipTests package; fi
./mvnw -q dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/bench-classpath.txt
CP="target/classes:$(cat target/bench-classpath.txt)"

if [[ "${REUSE:-0}" != 1 ]]; then
  dropdb --if-exists "$BENCH_DB"
  createdb "$BENCH_DB"
fi
: >"$RESULTS/service-dashboard-app.log"
start_app   # Flyway creates (or migrates) the schema
stop_app
if [[ "${REUSE:-0}" != 1 ]]; then
  time psql -q -v ON_ERROR_STOP=1 -v tickets="$TICKETS" -d "$BENCH_DB" -f bench/service-dashboard-generate.sql | tee "$RESULTS/service-dashboard-generate.txt"
fi
start_app
# the last full quarter
Q_START=$(date -d "$(date +%Y-%m-01) -$(( ($(date +%-m) - 1) % 3 + 3 )) month" +%Y-%m-%d)
Q_END=$(date -d "$Q_START +3 month -1 day" +%Y-%m-%d)
for g in none agent team; do
  "$JAVA" bench/ServiceDashboard.java http "$BASE" "$Q_START" "$Q_END" "$g" "$REQUESTS"
done
stop_app   # the raw SQL runs alone, as the API did
for g in none agent team; do
  for mode in raw rawpct; do "$JAVA" -cp "$CP" bench/ServiceDashboard.java "$mode" "$JDBC_URL" "$Q_START" "$Q_END" "$g" "$REQUESTS"; done
done
