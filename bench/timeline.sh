#!/usr/bin/env bash
# Timeline benchmark: a contact with 10,000 entries among 1,000,000 others; first page through the API and as raw SQL.
#
#   bench/timeline.sh                          # 10,000 entries, 1,000,000 background, 1 and 4 clients
#   ENTRIES=10000 BACKGROUND=100000 bench/timeline.sh
#
# Environment: ENTRIES, BACKGROUND, CONTACTS (50000 background contacts), REQUESTS (3000), LIMIT (50),
#   SKIP_BUILD=1, PORT (18093), BENCH_DB (rapport_bench_timeline; dropped and recreated), PGHOST/PGPORT/PGUSER.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
ENTRIES=${ENTRIES:-10000}
BACKGROUND=${BACKGROUND:-1000000}
CONTACTS=${CONTACTS:-50000}
REQUESTS=${REQUESTS:-3000}
LIMIT=${LIMIT:-50}
PORT=${PORT:-18093}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
BENCH_DB=${BENCH_DB:-rapport_bench_timeline}
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

dropdb --if-exists "$BENCH_DB"
createdb "$BENCH_DB"
RAPPORT_DB_URL="$JDBC_URL" RAPPORT_DB_USER="$PGUSER" RAPPORT_DB_PASSWORD="${PGPASSWORD:-}" RAPPORT_DEMO=false \
  RAPPORT_ADMIN_EMAIL="$BENCH_EMAIL" RAPPORT_ADMIN_PASSWORD="$BENCH_PASSWORD" PORT="$PORT" \
  "$JAVA" -jar target/rapport.jar >"$RESULTS/timeline-app.log" 2>&1 &
APP_PID=$!
started=$(date +%s)
until curl -fsS --max-time 2 "$BASE/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; do
  kill -0 "$APP_PID" 2>/dev/null || { tail -n 40 "$RESULTS/timeline-app.log" >&2; exit 1; }
  (( $(date +%s) - started < 180 )) || { echo "app did not start" >&2; exit 1; }
  sleep 1
done

"$JAVA" -cp "$CP" bench/Timeline.java generate "$JDBC_URL" "$ENTRIES" "$BACKGROUND" "$CONTACTS" | tee "$RESULTS/timeline-generate.txt"
CONTACT_ID=$(sed -n 's/^CONTACT_ID=//p' "$RESULTS/timeline-generate.txt")

# the API's default page (50) and the timeline card's (25), one client and four
for limit in "$LIMIT" 25; do
  for clients in 1 4; do
    "$JAVA" bench/Timeline.java http "$BASE" "$CONTACT_ID" "$limit" "$REQUESTS" "$clients"
  done
done
stop_app   # the raw SQL runs alone, as the API did
for limit in "$LIMIT" 25; do
  for clients in 1 4; do
    "$JAVA" -cp "$CP" bench/Timeline.java raw "$JDBC_URL" "$CONTACT_ID" "$limit" "$REQUESTS" "$clients"
  done
done
