#!/usr/bin/env bash
# Churn / cohort / RFM benchmark: cohort table over 10,000,000 orders, RFM and churn over 1,000,000 customers,
# through the API and as raw SQL, plus the cost the rollup triggers add to order writes.
#
#   bench/retention.sh                                    # 1,000,000 customers, 10,000,000 orders
#   CUSTOMERS=100000 ORDERS=1000000 bench/retention.sh    # quicker
#
# Environment: CUSTOMERS, ORDERS, REQUESTS (20, for the cohort table), SLOW_REQUESTS (5, for RFM and churn),
#   SKIP_BUILD=1, JAR (target/rapport.jar), PORT (18131), BENCH_DB (rapport_bench_retention; dropped and recreated), PGHOST/PGPORT/PGUSER,
#   RAW_RUNS (3), REUSE_DB=1 (keep the data of an earlier run: no drop, no generation), KEEP_DB=1 (do not drop it at the end),
#   SCENARIOS ("cohorts rfm churn journeys"; churn takes minutes per request at 10M orders), JOURNEYS=1 (add journey
#   sources with bench/journeys-extra.sql after generating: leads, calls, NPS answers, a vip tag), SKIP_RAW=1, SKIP_TRIGGERS=1.
#   rfm / journeys first run the background refreshes (ADR 0037) and time them, then the reads and the save-as-list job.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
CUSTOMERS=${CUSTOMERS:-1000000}
ORDERS=${ORDERS:-10000000}
REQUESTS=${REQUESTS:-20}
SLOW_REQUESTS=${SLOW_REQUESTS:-5}
PORT=${PORT:-18131}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
BENCH_DB=${BENCH_DB:-rapport_bench_retention}
case "$BENCH_DB" in rapport_bench*) ;; *) echo "BENCH_DB must start with rapport_bench" >&2; exit 1 ;; esac
case "$PGHOST" in 127.0.0.1|localhost|::1) ;; *) echo "PGHOST must be local" >&2; exit 1 ;; esac
BASE="http://localhost:$PORT"
EMAIL=bench@rapport.local PASSWORD=bench-password-1
RESULTS=bench/results
mkdir -p "$RESULTS"
LOG="$RESULTS/retention-app.log"

source bench/lib.sh   # start_app, stop_app
JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$BENCH_DB"
ADMIN_EMAIL="$EMAIL" ADMIN_PASSWORD="$PASSWORD" APP_LOG="$LOG" APP_START_SECONDS=600
trap stop_app EXIT

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then ./mvnw -q -DskipTests package; fi
: >"$LOG"
if [[ "${REUSE_DB:-0}" != 1 ]]; then
  dropdb --if-exists "$BENCH_DB"
  createdb "$BENCH_DB"
  start_app; stop_app   # Flyway creates the schema
  echo "== generate $CUSTOMERS customers, $ORDERS orders ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))" | tee "$RESULTS/retention.txt"
  /usr/bin/time -f "generate: %e s" psql -q -v ON_ERROR_STOP=1 -v customers="$CUSTOMERS" -v orders="$ORDERS" -d "$BENCH_DB" \
    -f bench/retention-generate.sql 2>&1 | tee -a "$RESULTS/retention.txt"
  if [[ "${JOURNEYS:-0}" == 1 ]]; then psql -q -v ON_ERROR_STOP=1 -d "$BENCH_DB" -f bench/journeys-extra.sql 2>&1 | tee -a "$RESULTS/retention.txt"; fi
else
  echo "== reusing $BENCH_DB: $(psql -Atq -d "$BENCH_DB" -c 'select count(*) from orders') orders ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$RESULTS/retention.txt"
fi

start_app
TOKEN=$(curl -fsS -H 'Content-Type: application/json' -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" "$BASE/api/v1/auth/token" \
  | sed -E 's/.*"token":"([^"]+)".*/\1/')
FROM=$(date -u -d "$(date -u +%Y-%m-01) -35 months" +%Y-%m)
api() {  # name requests path
  local times=()
  curl -fsS -o /dev/null -H "Authorization: Bearer $TOKEN" "$BASE$3"   # warm-up
  for _ in $(seq "$2"); do
    times+=("$(curl -fsS -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $TOKEN" "$BASE$3")")
  done
  # nearest-rank percentiles
  printf '%s\n' "${times[@]}" | sort -n | awk -v n="$1" '{a[NR]=$1} END {p50=int(NR*0.5+0.999999); p95=int(NR*0.95+0.999999);
      printf "api %-10s p50 %.3f s  p95 %.3f s  min %.3f s  max %.3f s  (%d requests, load average %s)\n", n, a[p50], a[p95], a[1], a[NR], NR, la}' \
      la="$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$RESULTS/retention.txt"
}
SCENARIOS=${SCENARIOS:-cohorts rfm churn journeys}
job() {  # name method path: starts a background job, polls it to the end, prints its wall time
  local started body id status
  started=$(date +%s.%N)
  body=$(curl -fsS -X "$2" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d "${4:-}" "$BASE$3")
  id=$(sed -E 's/^\{"id":([0-9]+).*/\1/' <<<"$body")
  status=QUEUED
  until [[ "$status" == DONE || "$status" == FAILED ]]; do
    sleep 0.5
    body=$(curl -fsS -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/analytics/jobs/$id")
    status=$(sed -E 's/.*"status":"([A-Z]+)".*/\1/' <<<"$body")
  done
  awk -v n="$1" -v s="$started" -v e="$(date +%s.%N)" -v st="$status" -v la="$(cut -d' ' -f1 /proc/loadavg)" \
    'BEGIN {printf "job %-14s %s in %.1f s (load average %s)\n", n, st, e - s, la}' | tee -a "$RESULTS/retention.txt"
  echo "    $body" >>"$RESULTS/retention.txt"
}
for s in $SCENARIOS; do case $s in
  cohorts) api cohorts "$REQUESTS" "/api/v1/analytics/cohorts?from=$FROM&months=36" ;;
  rfm)
    job rfm-refresh POST /api/v1/analytics/rfm/refresh
    job rfm-refresh-2 POST /api/v1/analytics/rfm/refresh   # nothing changed: only the upsert's comparisons
    api rfm "$SLOW_REQUESTS" "/api/v1/analytics/rfm"
    api rfm-at-risk "$SLOW_REQUESTS" "/api/v1/analytics/rfm/segments/at-risk/customers?limit=50"
    job rfm-list POST /api/v1/analytics/rfm/segments/champions/list '{"tag":"bench-champions"}' ;;
  churn) api churn "$SLOW_REQUESTS" "/api/v1/analytics/churn?period=month" ;;
  journeys)
    job journey-refresh POST /api/v1/analytics/journeys/refresh
    api journeys "$SLOW_REQUESTS" "/api/v1/analytics/journeys"
    api journeys-vip "$SLOW_REQUESTS" "/api/v1/analytics/journeys?segment=tag:vip"
    api touchpoints "$SLOW_REQUESTS" "/api/v1/analytics/journeys/touchpoints" ;;
esac; done
psql -Atq -d "$BENCH_DB" -c "select 'snapshot ' || name || ': ' || rows || ' rows, last refresh ' || seconds || ' s' from analytics_snapshots" | tee -a "$RESULTS/retention.txt"
stop_app

if [[ "${SKIP_RAW:-0}" != 1 ]]; then
  echo "== raw SQL (${RAW_RUNS:-3} runs each)" | tee -a "$RESULTS/retention.txt"
  for _ in $(seq "${RAW_RUNS:-3}"); do
    if [[ " $SCENARIOS " == *" cohorts "* || " $SCENARIOS " == *" churn "* ]]; then psql -q -d "$BENCH_DB" -f bench/retention-queries.sql; fi
    if [[ " $SCENARIOS " == *" rfm "* || " $SCENARIOS " == *" journeys "* ]]; then psql -q -d "$BENCH_DB" -f bench/rfm-journeys-queries.sql; fi
  done 2>&1 | grep -E '^(==|Time)' | tee -a "$RESULTS/retention.txt"
fi
if [[ "${SKIP_TRIGGERS:-0}" == 1 ]]; then
  if [[ "${KEEP_DB:-0}" != 1 ]]; then dropdb --if-exists "$BENCH_DB"; fi
  echo "results in $RESULTS/retention.txt"; exit 0
fi

echo "== trigger cost: 200 single-order inserts, then one 10,000-order insert, with and without the rollup triggers" | tee -a "$RESULTS/retention.txt"
psql -q -d "$BENCH_DB" <<'SQL' 2>&1 | grep -E 'Time|==' | tee -a "$RESULTS/retention.txt"
\timing on
begin;  -- rolled back at the end: the data stays as generated (REUSE_DB)
create temp table ids as select id from contacts where first_name = 'Bench' order by id limit 10000;
\echo '== with triggers: 200 statements of one order'
do $$ declare i int; c bigint; begin for i in 1..200 loop select id into c from ids offset i limit 1;
  insert into orders (number, contact_id, ordered_at, currency, total) values ('T1-' || i, c, now(), 'EUR', 10); end loop; end $$;
\echo '== with triggers: one statement of 10,000 orders'
insert into orders (number, contact_id, ordered_at, currency, total) select 'T2-' || id, id, now(), 'EUR', 10 from ids;
alter table orders disable trigger user;
\echo '== without triggers: 200 statements of one order'
do $$ declare i int; c bigint; begin for i in 1..200 loop select id into c from ids offset i limit 1;
  insert into orders (number, contact_id, ordered_at, currency, total) values ('T3-' || i, c, now(), 'EUR', 10); end loop; end $$;
\echo '== without triggers: one statement of 10,000 orders'
insert into orders (number, contact_id, ordered_at, currency, total) select 'T4-' || id, id, now(), 'EUR', 10 from ids;
alter table orders enable trigger user;
rollback;
SQL
if [[ "${KEEP_DB:-0}" != 1 ]]; then dropdb --if-exists "$BENCH_DB"; fi
echo "results in $RESULTS/retention.txt"
