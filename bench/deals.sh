#!/usr/bin/env bash
# Deals benchmark: kanban board first render with 100,000 open deals, forecast over 1,000,000 deals; API and raw SQL.
#
#   bench/deals.sh                                   # 100,000 open board deals, 1,000,000 deals in all
#   BOARD_OPEN=10000 TOTAL=100000 bench/deals.sh     # quicker
#
# Environment: BOARD_OPEN, TOTAL, REQUESTS (board, 1000), FORECAST_REQUESTS (200), SKIP_BUILD=1, PORT (18101),
#   BENCH_DB (rapport_bench_deals; dropped and recreated), PGHOST/PGPORT/PGUSER.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
BOARD_OPEN=${BOARD_OPEN:-100000}
TOTAL=${TOTAL:-1000000}
REQUESTS=${REQUESTS:-1000}
FORECAST_REQUESTS=${FORECAST_REQUESTS:-200}
PORT=${PORT:-18101}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
BENCH_DB=${BENCH_DB:-rapport_bench_deals}
case "$BENCH_DB" in rapport_bench*) ;; *) echo "BENCH_DB must start with rapport_bench" >&2; exit 1 ;; esac
case "$PGHOST" in 127.0.0.1|localhost|::1) ;; *) echo "PGHOST must be local" >&2; exit 1 ;; esac
JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$BENCH_DB"
BASE="http://localhost:$PORT"
export BENCH_EMAIL=bench@rapport.local BENCH_PASSWORD=bench-password-1
RESULTS=bench/results
mkdir -p "$RESULTS"

source bench/lib.sh   # start_app, stop_app
ADMIN_EMAIL="$BENCH_EMAIL" ADMIN_PASSWORD="$BENCH_PASSWORD" APP_LOG="$RESULTS/deals-app.log"
trap stop_app EXIT

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then ./mvnw -q -DskipTests package; fi
./mvnw -q dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/bench-classpath.txt
CP="target/classes:$(cat target/bench-classpath.txt)"

dropdb --if-exists "$BENCH_DB"
createdb "$BENCH_DB"
: >"$RESULTS/deals-app.log"
start_app --rapport.deals.stale-interval=PT24H   # Flyway creates the schema
"$JAVA" -cp "$CP" bench/Deals.java generate "$JDBC_URL" "$BOARD_OPEN" "$TOTAL" | tee "$RESULTS/deals-generate.txt"
PIPELINE=$(sed -n 's/^BOARD_PIPELINE=//p' "$RESULTS/deals-generate.txt")
# the default forecast window (two months back, nine ahead) and the whole three years
FROM=$(date -d "$(date +%Y-%m-01) -2 month" +%Y-%m); TO=$(date -d "$(date +%Y-%m-01) +9 month" +%Y-%m)
ALL_FROM=$(date -d "$(date +%Y-%m-01) -19 month" +%Y-%m); ALL_TO=$(date -d "$(date +%Y-%m-01) +19 month" +%Y-%m)

for clients in 1 4; do
  "$JAVA" bench/Deals.java http-board "$BASE" "$PIPELINE" "$REQUESTS" "$clients"
  "$JAVA" bench/Deals.java http-forecast "$BASE" "$FROM" "$TO" "$FORECAST_REQUESTS" "$clients"
  "$JAVA" bench/Deals.java http-forecast "$BASE" "$ALL_FROM" "$ALL_TO" "$FORECAST_REQUESTS" "$clients"
done
stop_app   # the raw SQL runs alone, as the API did
for clients in 1 4; do
  "$JAVA" -cp "$CP" bench/Deals.java raw-board "$JDBC_URL" "$PIPELINE" "$REQUESTS" "$clients"
  "$JAVA" -cp "$CP" bench/Deals.java raw-forecast "$JDBC_URL" "$FROM" "$TO" "$FORECAST_REQUESTS" "$clients"
  "$JAVA" -cp "$CP" bench/Deals.java raw-forecast "$JDBC_URL" "$ALL_FROM" "$ALL_TO" "$FORECAST_REQUESTS" "$clients"
done
# what the running totals save: the same aggregates straight from the deals (one client, fewer requests)
"$JAVA" -cp "$CP" bench/Deals.java raw-board-direct "$JDBC_URL" "$PIPELINE" 200 1
"$JAVA" -cp "$CP" bench/Deals.java raw-forecast-direct "$JDBC_URL" "$FROM" "$TO" 50 1
"$JAVA" -cp "$CP" bench/Deals.java raw-forecast-direct "$JDBC_URL" "$ALL_FROM" "$ALL_TO" 50 1
