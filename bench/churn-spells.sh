#!/usr/bin/env bash
# Churn spells (V35, ADR 0035): churn per month at 1,000,000 customers / 10,000,000 orders and the executive
# dashboard (its churn and retention tiles included) over those orders + 1,000,000 tickets + 500,000 answers, through
# the API and as SQL, beside the live query the spells replace; then what the spell triggers add to order writes.
#
#   bench/churn-spells.sh                        # generates rapport_bench_churn_spells (≈ 15–20 min on 2 busy cores)
#   REUSE_DB=1 SKIP_BUILD=1 bench/churn-spells.sh   # measure again on the same data
#
# Environment: CUSTOMERS (1000000), ORDERS (10000000), REQUESTS (20), RAW_RUNS (2, the live query takes minutes),
#   PORT (18135), BENCH_DB (rapport_bench_churn_spells), REUSE_DB=1, SKIP_BUILD=1, APP_JAR (target/rapport.jar), PGHOST/PGPORT/PGUSER.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
CUSTOMERS=${CUSTOMERS:-1000000}
ORDERS=${ORDERS:-10000000}
REQUESTS=${REQUESTS:-20}
RAW_RUNS=${RAW_RUNS:-2}
PORT=${PORT:-18135}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
BENCH_DB=${BENCH_DB:-rapport_bench_churn_spells}
case "$BENCH_DB" in rapport_bench*) ;; *) echo "BENCH_DB must start with rapport_bench" >&2; exit 1 ;; esac
case "$PGHOST" in 127.0.0.1|localhost|::1) ;; *) echo "PGHOST must be local" >&2; exit 1 ;; esac
BASE="http://localhost:$PORT"
export BENCH_EMAIL=bench@rapport.local BENCH_PASSWORD=bench-password-1
RESULTS=bench/results
OUT=$RESULTS/churn-spells.txt
mkdir -p "$RESULTS"
LOG="$RESULTS/churn-spells-app.log"
la() { cut -d' ' -f1-3 /proc/loadavg; }

source bench/lib.sh   # start_app, stop_app
JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$BENCH_DB"
ADMIN_EMAIL="$BENCH_EMAIL" ADMIN_PASSWORD="$BENCH_PASSWORD" APP_LOG="$LOG" APP_START_SECONDS=1800
trap stop_app EXIT

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then ./mvnw -q -DskipTests package; fi
: >"$LOG"
if [[ "${REUSE_DB:-0}" != 1 ]]; then
  dropdb --if-exists "$BENCH_DB"
  createdb "$BENCH_DB"
  start_app; stop_app   # Flyway creates the schema (V35 spells empty)
  echo "== generate $CUSTOMERS customers, $ORDERS orders + 1M tickets + 500k answers ($(nproc) cores, load average $(la))" | tee "$OUT"
  psql -q -v ON_ERROR_STOP=1 -v customers="$CUSTOMERS" -v orders="$ORDERS" -d "$BENCH_DB" -f bench/retention-generate.sql 2>&1 | grep -E 'Time|rows|[0-9]' | tail -n 5 | tee -a "$OUT"
  psql -q -v ON_ERROR_STOP=1 -d "$BENCH_DB" -f bench/churn-spells-extra.sql 2>&1 | grep Time | tee -a "$OUT"
fi

echo "== $(psql -Atq -d "$BENCH_DB" -c "select count(*) || ' orders, ' || (select count(*) from churn_spells) || ' spells, ' || (select count(*) from tickets) || ' tickets, ' || (select count(*) from survey_responses) || ' answers' from orders") (load average $(la))" | tee -a "$OUT"
start_app
grep -E 'Migrating schema|Successfully applied|V35' "$LOG" | tee -a "$OUT" || true
TOKEN=$(curl -fsS -H 'Content-Type: application/json' -d "{\"email\":\"$BENCH_EMAIL\",\"password\":\"$BENCH_PASSWORD\"}" "$BASE/api/v1/auth/token" \
  | sed -E 's/.*"token":"([^"]+)".*/\1/')
api() {  # name requests path
  local times=()
  curl -fsS -o /dev/null -H "Authorization: Bearer $TOKEN" "$BASE$3"   # warm-up
  for _ in $(seq "$2"); do
    times+=("$(curl -fsS -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $TOKEN" "$BASE$3")")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v n="$1" '{a[NR]=$1} END {p50=int(NR*0.5+0.999999); p95=int(NR*0.95+0.999999);
      printf "api %-14s p50 %.3f s  p95 %.3f s  min %.3f s  max %.3f s  (%d requests, load average %s)\n", n, a[p50], a[p95], a[1], a[NR], NR, la}' \
      la="$(la)" | tee -a "$OUT"
}
curl -fsS -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/analytics/churn/settings" | tee -a "$OUT"; echo | tee -a "$OUT"
api churn-month "$REQUESTS" "/api/v1/analytics/churn?period=month"
api churn-quarter "$REQUESTS" "/api/v1/analytics/churn?period=quarter"
curl -fsS -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/analytics/churn?period=month" | head -c 600 | tee -a "$OUT"; echo | tee -a "$OUT"
for p in month quarter year; do
  echo "kpis $p (load average $(la))" | tee -a "$OUT"
  "$JAVA" bench/Kpis.java http "$BASE" "$p" "$REQUESTS" 2>/dev/null | tee -a "$OUT"
done
stop_app

echo "== SQL with the app stopped (load average $(la))" | tee -a "$OUT"
psql -q -d "$BENCH_DB" -f bench/churn-spells-queries.sql 2>&1 | tee -a "$OUT"
for _ in $(seq 2 "$RAW_RUNS"); do psql -q -d "$BENCH_DB" -f bench/churn-spells-queries.sql 2>&1 | grep -E '^(==|Time)' | tee -a "$OUT"; done

echo "== trigger cost (load average $(la)): 200 single-order statements, then one 10,000-order statement; all triggers, without V35's, none" | tee -a "$OUT"
psql -q -d "$BENCH_DB" <<'SQL' 2>&1 | grep -E 'Time|==' | tee -a "$OUT"
\timing on
begin;  -- rolled back at the end
create temp table ids as select id from contacts where first_name = 'Bench' order by id limit 10000;
\echo '== V31 + V33 + V35 triggers: 200 statements of one order'
do $$ declare i int; c bigint; begin for i in 1..200 loop select id into c from ids offset i limit 1;
  insert into orders (number, contact_id, ordered_at, currency, total) values ('T1-' || i, c, now(), 'EUR', 10); end loop; end $$;
\echo '== V31 + V33 + V35 triggers: one statement of 10,000 orders'
insert into orders (number, contact_id, ordered_at, currency, total) select 'T2-' || id, id, now() - interval '400 days', 'EUR', 10 from ids;
alter table orders disable trigger orders_spells_insert;
\echo '== V31 + V33 triggers (no spells): 200 statements of one order'
do $$ declare i int; c bigint; begin for i in 1..200 loop select id into c from ids offset i limit 1;
  insert into orders (number, contact_id, ordered_at, currency, total) values ('T3-' || i, c, now(), 'EUR', 10); end loop; end $$;
\echo '== V31 + V33 triggers (no spells): one statement of 10,000 orders'
insert into orders (number, contact_id, ordered_at, currency, total) select 'T4-' || id, id, now() - interval '400 days', 'EUR', 10 from ids;
alter table orders disable trigger user;
\echo '== no triggers: 200 statements of one order'
do $$ declare i int; c bigint; begin for i in 1..200 loop select id into c from ids offset i limit 1;
  insert into orders (number, contact_id, ordered_at, currency, total) values ('T5-' || i, c, now(), 'EUR', 10); end loop; end $$;
\echo '== no triggers: one statement of 10,000 orders'
insert into orders (number, contact_id, ordered_at, currency, total) select 'T6-' || id, id, now() - interval '400 days', 'EUR', 10 from ids;
rollback;
SQL
echo "results in $OUT"
