#!/usr/bin/env bash
# Service queue views over 1,000,000 tickets (My open, Unassigned of a team, All open by priority and age): API and raw SQL.
#
#   bench/tickets-queue.sh                 # 1,000,000 tickets
#   TICKETS=100000 bench/tickets-queue.sh  # quicker
#
# Environment: TICKETS, REQUESTS (1000), SKIP_BUILD=1, PORT (18101), BENCH_DB (rapport_bench_tickets; dropped and
#   recreated), PGHOST/PGPORT/PGUSER.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
TICKETS=${TICKETS:-1000000}
REQUESTS=${REQUESTS:-1000}
PORT=${PORT:-18101}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
BENCH_DB=${BENCH_DB:-rapport_bench_tickets}
case "$BENCH_DB" in rapport_bench*) ;; *) echo "BENCH_DB must start with rapport_bench" >&2; exit 1 ;; esac
case "$PGHOST" in 127.0.0.1|localhost|::1) ;; *) echo "PGHOST must be local" >&2; exit 1 ;; esac
JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$BENCH_DB"
BASE="http://localhost:$PORT"
ADMIN=bench@rapport.local PASSWORD=bench-password-1
RESULTS=bench/results
mkdir -p "$RESULTS"

APP_PID=""
stop_app() {
  if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; fi
  APP_PID=""
}
trap stop_app EXIT

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then ./mvnw -q -DskipTests package; fi
./mvnw -q -o dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/bench-classpath.txt
CP="target/classes:$(cat target/bench-classpath.txt)"

if [[ "${REUSE:-0}" != 1 ]]; then   # REUSE=1: measure again on the database a previous run generated
  dropdb --if-exists "$BENCH_DB"
  createdb "$BENCH_DB"
fi
: >"$RESULTS/tickets-app.log"
RAPPORT_DB_URL="$JDBC_URL" RAPPORT_DB_USER="$PGUSER" RAPPORT_DB_PASSWORD="${PGPASSWORD:-}" RAPPORT_DEMO=false \
  RAPPORT_ADMIN_EMAIL="$ADMIN" RAPPORT_ADMIN_PASSWORD="$PASSWORD" \
  "$JAVA" -jar target/rapport.jar --server.port="$PORT" >>"$RESULTS/tickets-app.log" 2>&1 &
APP_PID=$!
started=$(date +%s)
until curl -fsS --max-time 2 "$BASE/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; do
  kill -0 "$APP_PID" 2>/dev/null || { tail -n 40 "$RESULTS/tickets-app.log" >&2; exit 1; }
  (( $(date +%s) - started < 180 )) || { echo "app did not start" >&2; exit 1; }
  sleep 1
done
token() { curl -fsS -H 'Content-Type: application/json' -d "{\"email\":\"$1\",\"password\":\"$2\"}" "$BASE/api/v1/auth/token" | sed 's/.*"token":"\([^"]*\)".*/\1/'; }
ADMIN_TOKEN=$(token "$ADMIN" "$PASSWORD")
if [[ "${REUSE:-0}" == 1 ]]; then
  AGENT=$(psql -Atc "select id from users where email = 'queue-agent@bench.local'" "$BENCH_DB")
  TEAM=$(psql -Atc "select team_id from users where email = 'queue-agent@bench.local'" "$BENCH_DB")
else
TEAM=$(curl -fsS -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' -d '{"name":"Queue team 1"}' "$BASE/api/v1/teams" | sed 's/.*"id":\([0-9]*\).*/\1/')
AGENT=$(curl -fsS -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \
  -d "{\"email\":\"queue-agent@bench.local\",\"name\":\"Queue Agent\",\"role\":\"AGENT\",\"password\":\"$PASSWORD\",\"teamId\":$TEAM}" \
  "$BASE/api/v1/users" | sed 's/.*"user":{"id":\([0-9]*\).*/\1/')
"$JAVA" -cp "$CP" bench/TicketQueues.java generate "$JDBC_URL" "$AGENT" "$TEAM" "$TICKETS" | tee "$RESULTS/tickets-queue-generate.txt"
fi
AGENT_TOKEN=$(token queue-agent@bench.local "$PASSWORD")
for clients in 1 4; do
  "$JAVA" bench/TicketQueues.java http "$BASE" "$AGENT_TOKEN" mine "$TEAM" "$REQUESTS" "$clients"
  "$JAVA" bench/TicketQueues.java http "$BASE" "$AGENT_TOKEN" unassigned "$TEAM" "$REQUESTS" "$clients"
  "$JAVA" bench/TicketQueues.java http "$BASE" "$ADMIN_TOKEN" open "$TEAM" "$REQUESTS" "$clients"
done
stop_app   # the raw SQL runs alone, as the API did
for clients in 1 4; do
  for view in mine unassigned open; do
    "$JAVA" -cp "$CP" bench/TicketQueues.java raw "$JDBC_URL" "$view" "$AGENT" "$TEAM" "$REQUESTS" "$clients"
  done
done
