#!/usr/bin/env bash
# SLA sweep benchmark: 100,000 open tickets with first-response and resolution clocks, 1 % of the clocks past due and
# 1 % breaching soon; one sweep of the breach job through the app (POST /api/v1/sla/sweep, the same code the
# recurring job runs), then the raw SQL of the same claim statements in psql.
#
#   bench/sla-sweep.sh
#   TICKETS=100000 DUE_SHARE=0.01 ROUNDS=3 bench/sla-sweep.sh
#
# Environment: TICKETS, DUE_SHARE, ROUNDS (sweeps, the data is reset between them), SKIP_BUILD=1, PORT (18103),
#   BENCH_DB (rapport_bench_sla; dropped and recreated), PGHOST/PGPORT/PGUSER.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
TICKETS=${TICKETS:-100000}
DUE_SHARE=${DUE_SHARE:-0.01}
ROUNDS=${ROUNDS:-3}
PORT=${PORT:-18103}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
BENCH_DB=${BENCH_DB:-rapport_bench_sla}
case "$BENCH_DB" in rapport_bench*) ;; *) echo "BENCH_DB must start with rapport_bench" >&2; exit 1 ;; esac
case "$PGHOST" in 127.0.0.1|localhost|::1) ;; *) echo "PGHOST must be local" >&2; exit 1 ;; esac
JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$BENCH_DB"
BASE="http://localhost:$PORT"
EMAIL=bench@rapport.local PASSWORD=bench-password-1
RESULTS=bench/results
mkdir -p "$RESULTS"
OUT="$RESULTS/sla-sweep.txt"
: >"$OUT"

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

dropdb --if-exists "$BENCH_DB"
createdb "$BENCH_DB"
# the recurring sweep is pushed out of the way so only the measured sweeps touch the data
RAPPORT_DB_URL="$JDBC_URL" RAPPORT_DB_USER="$PGUSER" RAPPORT_DB_PASSWORD="${PGPASSWORD:-}" RAPPORT_DEMO=false \
  RAPPORT_ADMIN_EMAIL="$EMAIL" RAPPORT_ADMIN_PASSWORD="$PASSWORD" PORT="$PORT" \
  "$JAVA" -jar target/rapport.jar --rapport.sla.sweep-interval=PT24H >"$RESULTS/sla-app.log" 2>&1 &
APP_PID=$!
started=$(date +%s)
until curl -fsS --max-time 2 "$BASE/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; do
  kill -0 "$APP_PID" 2>/dev/null || { tail -n 40 "$RESULTS/sla-app.log" >&2; exit 1; }
  (( $(date +%s) - started < 180 )) || { echo "app did not start" >&2; exit 1; }
  sleep 1
done

psql -q -d "$BENCH_DB" -v tickets="$TICKETS" -v due_share="$DUE_SHARE" -f bench/sla-generate.sql | tee -a "$OUT"
# remember what was due so every round sweeps the same work
psql -q -d "$BENCH_DB" -c "create table bench_sla_reset as select id, due_at, warn_at, (select priority from tickets t where t.id = c.ticket_id) as priority from ticket_sla_clocks c where due_at <= now() or warn_at <= now()"

reset() {
  psql -q -d "$BENCH_DB" <<'SQL'
update ticket_sla_clocks c set breached_at = null, breach_handled = false, warned_at = null from bench_sla_reset r where r.id = c.id;
update tickets t set priority = r.priority, tags = '{}' from bench_sla_reset r join ticket_sla_clocks c on c.id = r.id where t.id = c.ticket_id;
delete from sla_escalation_log; delete from notifications where kind like 'SLA_%';
vacuum analyze ticket_sla_clocks;
SQL
}

TOKEN=$(curl -fsS -H 'Content-Type: application/json' -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" "$BASE/api/v1/auth/token" | sed -E 's/.*"token":"([^"]+)".*/\1/')
for round in $(seq 1 "$ROUNDS"); do
  reset
  start=$(date +%s%N)
  result=$(curl -fsS -X POST -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/sla/sweep")
  end=$(date +%s%N)
  echo "app sweep round $round: $result, wall $(( (end - start) / 1000000 )) ms (HTTP included)" | tee -a "$OUT"
done
stop_app

# the raw cost of the same work in plain SQL (one batch of 500 per statement, as the app does), rolled back: the claim
# statements, the rule's ticket update (raise priority, tag) for the breaches it matches, one log line per breach and
# per warning, a notification per warning
for round in $(seq 1 "$ROUNDS"); do
  reset
  psql -q -d "$BENCH_DB" <<'SQL' | grep -E '^Time' | sed "s/^/raw round $round: /" | tee -a "$OUT"
\timing on
begin;
do $$ declare n int; admin bigint := (select min(id) from users where role = 'ADMIN'); begin
  loop
    with due as (select id from ticket_sla_clocks
                 where stopped_at is null and paused_at is null and not breach_handled and due_at <= now()
                 order by due_at limit 500 for update skip locked),
    b as (update ticket_sla_clocks c set breached_at = coalesce(c.breached_at, c.due_at), breach_handled = true
          from due where c.id = due.id returning c.id, c.ticket_id, c.metric),
    esc as (update tickets t set priority = case t.priority when 'HIGH' then 'URGENT' else t.priority end,
                   tags = case when 'sla-breached' = any(t.tags) then t.tags else array_append(t.tags, 'sla-breached') end,
                   updated_at = now(), version = t.version + 1
            from b where t.id = b.ticket_id and b.metric = 'FIRST_RESPONSE' and t.priority in ('HIGH', 'URGENT') returning t.id)
    insert into sla_escalation_log (ticket_id, clock_id, metric, event, actions)
    select ticket_id, id, metric, 'BREACH', 'breached' from b;
    get diagnostics n = row_count; exit when n < 500;
  end loop;
  loop
    with soon as (select id from ticket_sla_clocks
                  where stopped_at is null and paused_at is null and warned_at is null and not breach_handled and warn_at <= now()
                  order by warn_at limit 500 for update skip locked),
    w as (update ticket_sla_clocks c set warned_at = now() from soon where c.id = soon.id returning c.id, c.ticket_id, c.metric),
    note as (insert into notifications (user_id, kind, title, body, link)
             select admin, 'SLA_WARNING', 'due soon', 'x', '/tickets/' || ticket_id from w)
    insert into sla_escalation_log (ticket_id, clock_id, metric, event, actions)
    select ticket_id, id, metric, 'WARNING', 'breaching soon' from w;
    get diagnostics n = row_count; exit when n < 500;
  end loop;
end $$;
rollback;
SQL
done
echo "results in $OUT"
