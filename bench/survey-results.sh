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

source bench/lib.sh   # start_app, stop_app
ADMIN_EMAIL="$BENCH_EMAIL" ADMIN_PASSWORD="$BENCH_PASSWORD" APP_LOG="$RESULTS/survey-results-app.log" APP_START_SECONDS=480
trap stop_app EXIT

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then ./mvnw -q -DskipTests package; fi
./mvnw -q dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/bench-classpath.txt
CP="target/classes:$(cat target/bench-classpath.txt)"

dropdb --if-exists "$BENCH_DB"
createdb "$BENCH_DB"
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
