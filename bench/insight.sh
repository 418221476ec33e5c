#!/usr/bin/env bash
# Personas and journey benchmark: k-means proposals and the journey funnel over 1,000,000 contacts, API and raw SQL.
#
#   bench/insight.sh                 # 1,000,000 contacts
#   CONTACTS=100000 bench/insight.sh  # quicker
#
# Environment: CONTACTS, REQUESTS (3), SKIP_BUILD=1, PORT (18132), BENCH_DB (rapport_bench_insight; dropped and
#   recreated), PGHOST/PGPORT/PGUSER.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
CONTACTS=${CONTACTS:-1000000}
REQUESTS=${REQUESTS:-3}
PORT=${PORT:-18132}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
BENCH_DB=${BENCH_DB:-rapport_bench_insight}
case "$BENCH_DB" in rapport_bench*) ;; *) echo "BENCH_DB must start with rapport_bench" >&2; exit 1 ;; esac
case "$PGHOST" in 127.0.0.1|localhost|::1) ;; *) echo "PGHOST must be local" >&2; exit 1 ;; esac
JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$BENCH_DB"
BASE="http://localhost:$PORT"
export BENCH_EMAIL=bench@rapport.local BENCH_PASSWORD=bench-password-1
RESULTS=bench/results
mkdir -p "$RESULTS"

source bench/lib.sh   # start_app, stop_app
ADMIN_EMAIL="$BENCH_EMAIL" ADMIN_PASSWORD="$BENCH_PASSWORD" APP_LOG="$RESULTS/insight-app.log"
trap stop_app EXIT

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then ./mvnw -q -DskipTests package; fi
./mvnw -q dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/bench-classpath.txt
CP="target/classes:$(cat target/bench-classpath.txt)"

dropdb --if-exists "$BENCH_DB"
createdb "$BENCH_DB"
: >"$RESULTS/insight-app.log"
start_app   # Flyway creates the schema
stop_app
time psql -q -v ON_ERROR_STOP=1 -v contacts="$CONTACTS" -d "$BENCH_DB" -f bench/insight-generate.sql | tee "$RESULTS/insight-generate.txt"
start_app
for s in personas-auto personas-k5 funnel-all funnel-vip; do
  "$JAVA" bench/Insight.java http "$BASE" "$s" "$REQUESTS"
done
stop_app   # the raw SQL runs alone, as the API did
for s in personas-k5 funnel-all funnel-vip; do
  "$JAVA" -cp "$CP" bench/Insight.java raw "$JDBC_URL" "$s" "$REQUESTS"
done
