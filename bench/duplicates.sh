#!/usr/bin/env bash
# Duplicate scan benchmark in one command: fresh database, app started on it, 1,000,000 generated contacts,
# 2% planted duplicates, the blocking SQL alone, then the app's real scan scored against the planted truth.
#
#   bench/duplicates.sh                              # 50,000 accounts, 980,000 contacts (+ ~20,000 planted)
#   CONTACTS=100000 ACCOUNTS=5000 bench/duplicates.sh
#
# Environment: CONTACTS, ACCOUNTS, THRESHOLD (0.55), PORT (18092), BENCH_DB (rapport_bench_dupes; dropped and
# recreated), PGHOST/PGPORT/PGUSER, SKIP_BUILD=1 to reuse target/rapport.jar.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
CONTACTS=${CONTACTS:-980000}
ACCOUNTS=${ACCOUNTS:-50000}
THRESHOLD=${THRESHOLD:-0.55}
PORT=${PORT:-18092}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
BENCH_DB=${BENCH_DB:-rapport_bench_dupes}
case "$BENCH_DB" in rapport_bench*) ;; *) echo "BENCH_DB must start with rapport_bench" >&2; exit 1 ;; esac
JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$BENCH_DB"
mkdir -p bench/results

[[ "${SKIP_BUILD:-}" == 1 ]] || ./mvnw -B -q -DskipTests package
[[ -s target/bench-classpath.txt ]] || ./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/bench-classpath.txt
CP="target/classes:$(cat target/bench-classpath.txt)"

dropdb --if-exists "$BENCH_DB"
createdb "$BENCH_DB"
RAPPORT_DB_URL="$JDBC_URL" RAPPORT_DB_USER="$PGUSER" RAPPORT_DB_PASSWORD="${PGPASSWORD:-}" RAPPORT_DEMO=false \
  RAPPORT_ADMIN_EMAIL=bench@rapport.local RAPPORT_ADMIN_PASSWORD=bench-password-1 PORT="$PORT" \
  "$JAVA" -jar target/rapport.jar > bench/results/duplicates-app.log 2>&1 &
APP_PID=$!
trap 'kill $APP_PID 2>/dev/null; wait $APP_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fs "http://localhost:$PORT/actuator/health" | grep -q UP && break
  sleep 1
done
{
  RAPPORT_DB_USER="$PGUSER" "$JAVA" -cp "$CP" bench/Generate.java "$JDBC_URL" "$ACCOUNTS" "$CONTACTS"
  "$JAVA" -cp "$CP" bench/DuplicateBench.java plant "$JDBC_URL"
  psql -d "$BENCH_DB" -qc "vacuum analyze contacts"
  "$JAVA" -cp "$CP" bench/DuplicateBench.java raw "$JDBC_URL" "$THRESHOLD"
  "$JAVA" -cp "$CP" bench/DuplicateBench.java scan "$JDBC_URL" "http://localhost:$PORT" bench@rapport.local bench-password-1
} 2>&1 | tee bench/results/duplicates.txt
