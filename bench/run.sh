#!/usr/bin/env bash
# End-to-end benchmark: fresh database, app started on it, data generated, HTTP and raw JDBC load.
#
#   bench/run.sh                       # 1,000,000 contacts / 50,000 accounts, 16 clients, 5 s + 20 s per scenario
#   CONTACTS=100000 ACCOUNTS=5000 DURATION=10 bench/run.sh
#
# Environment (all optional):
#   CONTACTS, ACCOUNTS      data volume (default 1000000 / 50000)
#   CLIENTS, DURATION, WARMUP   load shape (default 16 clients, 20 s measured after 5 s warm-up)
#   SKIP_BUILD=1            use the existing target/rapport.jar and target/classes
#   PGHOST, PGPORT, PGUSER, PGPASSWORD   local PostgreSQL (default 127.0.0.1:5432, postgres)
#   BENCH_DB                database to DROP and recreate (default rapport_bench; must start with rapport_bench)
#   PORT                    app port (default 8080)
#   APP_JAVA_OPTS           JVM options for the app, e.g. "-Xmx512m"
#   JAVA_HOME               JDK 21+ (default /usr/lib/jvm/temurin-25-jdk-amd64 when present)
set -euo pipefail

cd "$(dirname "$0")/.."

if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
java_major=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if [[ -z "$java_major" || "$java_major" -lt 21 ]]; then
  echo "Java 21 or newer is needed (found '${java_major:-none}' at $JAVA); set JAVA_HOME" >&2
  exit 1
fi

CONTACTS=${CONTACTS:-1000000}
ACCOUNTS=${ACCOUNTS:-50000}
CLIENTS=${CLIENTS:-16}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-10}
export PGHOST=${PGHOST:-127.0.0.1}
export PGPORT=${PGPORT:-5432}
export PGUSER=${PGUSER:-postgres}
BENCH_DB=${BENCH_DB:-rapport_bench}
PORT=${PORT:-8080}
BASE="http://localhost:$PORT"
RESULTS=bench/results
JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$BENCH_DB"
BENCH_EMAIL=bench@rapport.local
BENCH_PASSWORD=bench-password-1
export BENCH_EMAIL BENCH_PASSWORD

case "$BENCH_DB" in
  rapport_bench*) ;;
  *) echo "BENCH_DB must start with rapport_bench (it is dropped and recreated)" >&2; exit 1 ;;
esac
case "$PGHOST" in
  127.0.0.1|localhost|::1) ;;
  *) echo "PGHOST must be local (the benchmark database is dropped)" >&2; exit 1 ;;
esac
for tool in curl psql createdb dropdb ps; do
  command -v "$tool" >/dev/null || { echo "$tool is required" >&2; exit 1; }
done

APP_PID=""
stop_app() {
  if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
    echo "Stopping the app (pid $APP_PID)"
    kill "$APP_PID" 2>/dev/null || true
    for _ in $(seq 1 30); do
      kill -0 "$APP_PID" 2>/dev/null || break
      sleep 1
    done
    if kill -0 "$APP_PID" 2>/dev/null; then
      kill -9 "$APP_PID" 2>/dev/null || true
    fi
    wait "$APP_PID" 2>/dev/null || true
  fi
  APP_PID=""
}
trap stop_app EXIT
trap 'exit 130' INT TERM

rss_mb() { # resident memory of the app in MB
  local kb
  kb=$(ps -o rss= -p "$APP_PID" | tr -d ' ')
  echo $(( ${kb:-0} / 1024 ))
}

mkdir -p "$RESULTS"
rm -f "$RESULTS"/*.json "$RESULTS"/summary.txt "$RESULTS"/app.log "$RESULTS"/generate.txt

# 1. Build -------------------------------------------------------------------------------------
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  echo "Building (./mvnw package, tests skipped)"
  ./mvnw -q -DskipTests package
fi
[[ -f target/rapport.jar ]] || { echo "target/rapport.jar is missing; build first or unset SKIP_BUILD" >&2; exit 1; }
./mvnw -q dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/bench-classpath.txt
CP="target/classes:$(cat target/bench-classpath.txt)"

# 2. Fresh database --------------------------------------------------------------------------------
if curl -fsS -o /dev/null --max-time 2 "$BASE/actuator/health" 2>/dev/null; then
  echo "Something already answers on $BASE; stop it or set PORT" >&2
  exit 1
fi
echo "Recreating database $BENCH_DB on $PGHOST:$PGPORT"
dropdb --if-exists "$BENCH_DB"
createdb "$BENCH_DB"

# 3. Start the app (Flyway creates the schema) ----------------------------------------------------
echo "Starting the app on port $PORT (log: $RESULTS/app.log)"
# shellcheck disable=SC2086
RAPPORT_DB_URL="$JDBC_URL" RAPPORT_DB_USER="$PGUSER" RAPPORT_DB_PASSWORD="${PGPASSWORD:-}" \
  RAPPORT_DEMO=false RAPPORT_ADMIN_EMAIL="$BENCH_EMAIL" RAPPORT_ADMIN_PASSWORD="$BENCH_PASSWORD" PORT="$PORT" \
  "$JAVA" ${APP_JAVA_OPTS:-} -jar target/rapport.jar >"$RESULTS/app.log" 2>&1 &
APP_PID=$!

started=$(date +%s)
until curl -fsS --max-time 2 "$BASE/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; do
  if ! kill -0 "$APP_PID" 2>/dev/null; then
    echo "The app exited during start-up; last log lines:" >&2
    tail -n 40 "$RESULTS/app.log" >&2
    exit 1
  fi
  if (( $(date +%s) - started > 180 )); then
    echo "The app did not report UP within 180 s; last log lines:" >&2
    tail -n 40 "$RESULTS/app.log" >&2
    exit 1
  fi
  sleep 1
done
startup_s=$(( $(date +%s) - started ))
sleep 5
rss_empty=$(rss_mb)
echo "App UP after ${startup_s} s; resident memory with an empty database: ${rss_empty} MB"

# 4. Data ------------------------------------------------------------------------------------------
echo "Generating $ACCOUNTS accounts and $CONTACTS contacts"
RAPPORT_DB_USER="$PGUSER" RAPPORT_DB_PASSWORD="${PGPASSWORD:-}" \
  "$JAVA" -cp "$CP" bench/Generate.java "$JDBC_URL" "$ACCOUNTS" "$CONTACTS" | tee "$RESULTS/generate.txt"
read -r MIN_ID MAX_ID < <(psql -d "$BENCH_DB" -Atc "select min(id), max(id) from contacts" | tr '|' ' ')

sleep 10
rss_rest=$(rss_mb)
echo "Resident memory at rest: ${rss_rest} MB"

# 5. HTTP load -------------------------------------------------------------------------------------
load_status=0
"$JAVA" bench/Load.java --base "$BASE" --email "$BENCH_EMAIL" --password "$BENCH_PASSWORD" \
  --clients "$CLIENTS" --duration "$DURATION" --warmup "$WARMUP" --min-id "$MIN_ID" --max-id "$MAX_ID" \
  --out "$RESULTS" || load_status=$?
# 5b. The same scenarios from wrk, a C client that leaves more of the 2 cores to the server ------------
if command -v wrk >/dev/null; then
  token=$(curl -fsS -X POST "$BASE/api/v1/auth/token" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$BENCH_EMAIL\",\"password\":\"$BENCH_PASSWORD\"}" | sed 's/.*"token":"\([^"]*\)".*/\1/')
  threads=$(( CLIENTS < 2 ? 1 : 2 ))
  for scenario in search contact list; do
    TOKEN=$token MIN_ID=$MIN_ID MAX_ID=$MAX_ID wrk -t"$threads" -c"$CLIENTS" -d"${WARMUP}s" \
      -s "bench/wrk/$scenario.lua" "$BASE" >/dev/null 2>&1 || true
    TOKEN=$token MIN_ID=$MIN_ID MAX_ID=$MAX_ID OUT="$RESULTS/wrk-$scenario.json" wrk -t"$threads" -c"$CLIENTS" \
      -d"${DURATION}s" -s "bench/wrk/$scenario.lua" "$BASE" | tail -n 1
    printf 'wrk      %-8s %9s req/s  p50 %8s ms  p95 %8s ms  p99 %8s ms  errors %s\n' "$scenario" \
      $(sed -E 's/.*"rps":([0-9.]+).*"p50_ms":([0-9.]+).*"p95_ms":([0-9.]+).*"p99_ms":([0-9.]+).*"errors":([0-9]+).*/\1 \2 \3 \4 \5/' \
        "$RESULTS/wrk-$scenario.json") >>"$RESULTS/summary.txt"
  done
else
  echo "wrk not installed (apt-get install wrk): only the Java client's figures"
fi
rss_loaded=$(rss_mb)
echo "Resident memory after the load: ${rss_loaded} MB"

# 6. Raw JDBC (app stopped, so it does not compete for the CPU) -------------------------------------
stop_app
raw_status=0
RAPPORT_DB_USER="$PGUSER" RAPPORT_DB_PASSWORD="${PGPASSWORD:-}" \
  "$JAVA" -cp "$CP" bench/RawJdbc.java "$JDBC_URL" --clients "$CLIENTS" --duration "$DURATION" \
  --warmup "$WARMUP" --out "$RESULTS" || raw_status=$?

cat >"$RESULTS/memory.json" <<EOF
{"startupSeconds": $startup_s, "rssEmptyMb": $rss_empty, "rssAtRestMb": $rss_rest, "rssAfterLoadMb": $rss_loaded, "javaOpts": "${APP_JAVA_OPTS:-}"}
EOF

# 7. Summary -------------------------------------------------------------------------------------
echo
echo "==================== Rapport benchmark ===================="
echo "data:      $ACCOUNTS accounts, $CONTACTS contacts (database $BENCH_DB)"
grep -E '^(COPY|VACUUM|total)' "$RESULTS/generate.txt" | sed 's/^/generator: /'
echo "load:      $CLIENTS clients, ${WARMUP} s warm-up + ${DURATION} s per scenario"
echo "app:       started in ${startup_s} s; RSS empty ${rss_empty} MB, at rest ${rss_rest} MB, after load ${rss_loaded} MB"
echo
[[ -f "$RESULTS/summary.txt" ]] && cat "$RESULTS/summary.txt"
echo "results:   $RESULTS/*.json"
if (( load_status != 0 || raw_status != 0 )); then
  echo "WARNING: Load exited with $load_status, RawJdbc with $raw_status (see above)" >&2
  exit 1
fi
