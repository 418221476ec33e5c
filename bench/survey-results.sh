#!/usr/bin/env bash
# Survey results benchmark: NPS and CSAT over the last year of 500,000 answers, API and raw SQL.
#
#   bench/survey-results.sh                  # 500,000 answers over two years
#   ANSWERS=100000 bench/survey-results.sh   # quicker
#
# Environment: ANSWERS, REQUESTS (20), SKIP_BUILD=1, PORT (18130), BENCH_DB (rapport_bench_feedback; dropped and
#   recreated), PGHOST/PGPORT/PGUSER.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
ANSWERS=${ANSWERS:-500000}
REQUESTS=${REQUESTS:-20}
PORT=${PORT:-18130}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
BENCH_DB=${BENCH_DB:-rapport_bench_feedback}
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
start_app() {
  RAPPORT_DB_URL="$JDBC_URL" RAPPORT_DB_USER="$PGUSER" RAPPORT_DB_PASSWORD="${PGPASSWORD:-}" RAPPORT_DEMO=false \
    RAPPORT_ADMIN_EMAIL="$BENCH_EMAIL" RAPPORT_ADMIN_PASSWORD="$BENCH_PASSWORD" PORT="$PORT" \
    "$JAVA" -jar target/rapport.jar --server.port="$PORT" >>"$RESULTS/survey-results-app.log" 2>&1 &
  APP_PID=$!
  started=$(date +%s)
  until curl -fsS --max-time 2 "$BASE/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; do
    kill -0 "$APP_PID" 2>/dev/null || { tail -n 40 "$RESULTS/survey-results-app.log" >&2; exit 1; }
    (( $(date +%s) - started < 480 )) || { echo "app did not start" >&2; exit 1; }
    sleep 1
  done
}
: >"$RESULTS/survey-results-app.log"
start_app   # Flyway creates the schema
stop_app
time psql -q -v ON_ERROR_STOP=1 -v answers="$ANSWERS" -d "$BENCH_DB" -f bench/survey-results-generate.sql | tee "$RESULTS/survey-results-generate.txt"
start_app
TO=$(date -u +%Y-%m-%d)
FROM=$(date -u -d "$TO -1 year +1 day" +%Y-%m-%d)
for s in "NPS none" "NPS stage" "NPS account" "CSAT none"; do
  set -- $s
  "$JAVA" bench/SurveyResultsBench.java http "$BASE" "$1" "$FROM" "$TO" "$2" "$REQUESTS"
done
stop_app   # the raw SQL runs alone, as the API did
for s in "NPS none" "NPS stage" "NPS account" "CSAT none"; do
  set -- $s
  "$JAVA" -cp "$CP" bench/SurveyResultsBench.java raw "$JDBC_URL" "$1" "$FROM" "$TO" "$2" "$REQUESTS"
done
