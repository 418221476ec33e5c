#!/usr/bin/env bash
# Recommendation benchmark: 5,000,000 order lines with planted co-purchase structure; the rule build beside the bare
# self-join count of the same pairs; the per-contact lookup over HTTP and as raw SQL.
#
#   bench/recommendations.sh                       # 1,000,000 orders × 5 lines, 200,000 contacts, 2,000 products
#   ORDERS=100000 CONTACTS=20000 bench/recommendations.sh
#
# Environment: ORDERS, CONTACTS, PRODUCTS, REQUESTS (3000), SKIP_BUILD=1, SKIP_GENERATE=1 (reuse the database and
#   bench/results/recs-generate.txt of the last run), BASKETS ("ORDER CUSTOMER"), MIN_SUPPORT (instead of the
#   configured one), PORT (18104),
#   BENCH_DB (rapport_bench_recs; dropped and recreated), PGHOST/PGPORT/PGUSER.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
ORDERS=${ORDERS:-1000000}
CONTACTS=${CONTACTS:-200000}
PRODUCTS=${PRODUCTS:-2000}
REQUESTS=${REQUESTS:-3000}
PORT=${PORT:-18104}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
BENCH_DB=${BENCH_DB:-rapport_bench_recs}
case "$BENCH_DB" in rapport_bench*) ;; *) echo "BENCH_DB must start with rapport_bench" >&2; exit 1 ;; esac
case "$PGHOST" in 127.0.0.1|localhost|::1) ;; *) echo "PGHOST must be local" >&2; exit 1 ;; esac
JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$BENCH_DB"
BASE="http://localhost:$PORT"
export BENCH_EMAIL=bench@rapport.local BENCH_PASSWORD=bench-password-1
RESULTS=bench/results
mkdir -p "$RESULTS"

APP_PID=""
stop_app() {
  if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
    kill "$APP_PID" 2>/dev/null || true
    wait "$APP_PID" 2>/dev/null || true
  fi
  APP_PID=""
}
trap stop_app EXIT

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then ./mvnw -q -DskipTests package; fi
./mvnw -q dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/bench-classpath.txt
CP="target/classes:$(cat target/bench-classpath.txt)"

if [[ "${SKIP_GENERATE:-0}" != 1 ]]; then
  dropdb --if-exists "$BENCH_DB"
  createdb "$BENCH_DB"
fi
# the nightly rebuild is moved out of the way so it cannot run during the measurements
RAPPORT_DB_URL="$JDBC_URL" RAPPORT_DB_USER="$PGUSER" RAPPORT_DB_PASSWORD="${PGPASSWORD:-}" RAPPORT_DEMO=false \
  RAPPORT_ADMIN_EMAIL="$BENCH_EMAIL" RAPPORT_ADMIN_PASSWORD="$BENCH_PASSWORD" PORT="$PORT" \
  "$JAVA" -jar target/rapport.jar '--rapport.recommendations.schedule=DAILY|12:00' >"$RESULTS/recs-app.log" 2>&1 &
APP_PID=$!
started=$(date +%s)
until curl -fsS --max-time 2 "$BASE/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; do
  kill -0 "$APP_PID" 2>/dev/null || { tail -n 40 "$RESULTS/recs-app.log" >&2; exit 1; }
  (( $(date +%s) - started < 180 )) || { echo "app did not start" >&2; exit 1; }
  sleep 1
done

if [[ "${SKIP_GENERATE:-0}" != 1 ]]; then
  "$JAVA" -cp "$CP" bench/Recommendations.java generate "$JDBC_URL" "$ORDERS" "$CONTACTS" "$PRODUCTS" | tee "$RESULTS/recs-generate.txt"
fi
MIN_CONTACT=$(sed -n 's/^MIN_CONTACT=//p' "$RESULTS/recs-generate.txt")
MAX_CONTACT=$(sed -n 's/^MAX_CONTACT=//p' "$RESULTS/recs-generate.txt")

# ORDER first, so the rules left in place for the lookups are the app's default (CUSTOMER)
# shellcheck disable=SC2086
"$JAVA" -cp "$CP" bench/Recommendations.java build "$JDBC_URL" ${BASKETS:-ORDER CUSTOMER}
for clients in 1 4; do
  "$JAVA" -cp "$CP" bench/Recommendations.java http "$BASE" "$MIN_CONTACT" "$MAX_CONTACT" "$REQUESTS" "$clients"
done
stop_app   # the raw SQL runs alone, as the API did
for clients in 1 4; do
  "$JAVA" -cp "$CP" bench/Recommendations.java raw "$JDBC_URL" "$MIN_CONTACT" "$MAX_CONTACT" "$REQUESTS" "$clients"
done
