#!/usr/bin/env bash
# CSV import benchmark: fresh database, app started on it, 1,000,000 generated contacts imported through the API,
# beside a raw PostgreSQL COPY of the same file into a bare table.
#
#   bench/import.sh                 # 1,000,000 rows
#   ROWS=100000 bench/import.sh
#
# Environment: ROWS, PORT (18091), BENCH_DB (rapport_bench_import; dropped and recreated), PGHOST/PGPORT/PGUSER,
# SKIP_BUILD=1 to reuse target/rapport.jar, APP_JAVA_OPTS.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
ROWS=${ROWS:-1000000}
PORT=${PORT:-18091}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
BENCH_DB=${BENCH_DB:-rapport_bench_import}
case "$BENCH_DB" in rapport_bench*) ;; *) echo "BENCH_DB must start with rapport_bench" >&2; exit 1 ;; esac
JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$BENCH_DB"
mkdir -p bench/results

[[ "${SKIP_BUILD:-}" == 1 ]] || ./mvnw -B -q -DskipTests package
DRIVER=$(ls ~/.m2/repository/org/postgresql/postgresql/*/postgresql-*.jar | grep -v sources | sort -V | tail -1)

dropdb --if-exists "$BENCH_DB"
createdb "$BENCH_DB"
RAPPORT_DB_URL="$JDBC_URL" RAPPORT_DB_USER="$PGUSER" RAPPORT_DB_PASSWORD="${PGPASSWORD:-}" RAPPORT_DEMO=false \
  RAPPORT_ADMIN_EMAIL=bench@rapport.local RAPPORT_ADMIN_PASSWORD=bench-password-1 PORT="$PORT" \
  "$JAVA" ${APP_JAVA_OPTS:-} -jar target/rapport.jar > bench/results/import-app.log 2>&1 &
APP_PID=$!
trap 'kill $APP_PID 2>/dev/null; wait $APP_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fs "http://localhost:$PORT/actuator/health" | grep -q UP && break
  sleep 1
done
"$JAVA" -cp "$DRIVER" bench/ImportBench.java "$JDBC_URL" "http://localhost:$PORT" bench@rapport.local bench-password-1 "$ROWS" \
  | tee bench/results/import.txt
