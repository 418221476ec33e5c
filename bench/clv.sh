#!/usr/bin/env bash
# CLV benchmark: BG/NBD + Gamma-Gamma fit and scoring through the API, on the CDNOW sample and on generated customers,
# beside the raw SQL cost of the summary query and of the same customer_values write from psql.
#
#   bench/clv.sh                      # CDNOW, then 1,000,000 generated customers
#   CUSTOMERS=100000 bench/clv.sh     # quicker
#
# Environment: CUSTOMERS, SKIP_BUILD=1, PORT (18129), BENCH_DB (rapport_bench_clv; dropped and recreated), CDNOW (the
#   sample file), PGHOST/PGPORT/PGUSER, SKIP_CDNOW=1 (generated customers only), GENERATED_ONLY=1 (generate, no fits),
#   REUSE=1 (fit on the data an earlier run generated; OUT_SUFFIX names the results file), JAR (target/rapport.jar).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
CUSTOMERS=${CUSTOMERS:-1000000}
PORT=${PORT:-18129}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
BENCH_DB=${BENCH_DB:-rapport_bench_clv}
case "$BENCH_DB" in rapport_bench*) ;; *) echo "BENCH_DB must start with rapport_bench" >&2; exit 1 ;; esac
case "$PGHOST" in 127.0.0.1|localhost|::1) ;; *) echo "PGHOST must be local" >&2; exit 1 ;; esac
CDNOW=${CDNOW:-}
if [[ -z "$CDNOW" ]]; then
  for candidate in ../shared/data/cdnow/CDNOW_sample.txt ../../shared/data/cdnow/CDNOW_sample.txt; do
    [[ -f "$candidate" ]] && CDNOW=$candidate && break
  done
fi
JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$BENCH_DB"
BASE="http://localhost:$PORT"
EMAIL=bench@rapport.local PASSWORD=bench-password-1
RESULTS=bench/results
mkdir -p "$RESULTS"
LOG="$RESULTS/clv-app.log"
OUT="$RESULTS/clv${OUT_SUFFIX:-}.txt"

source bench/lib.sh   # start_app, stop_app
ADMIN_EMAIL="$EMAIL" ADMIN_PASSWORD="$PASSWORD" APP_LOG="$LOG"
trap stop_app EXIT
token() {
  curl -fsS -H 'Content-Type: application/json' -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" \
    "$BASE/api/v1/auth/token" | sed -E 's/.*"token":"([^"]+)".*/\1/'
}
fit() {  # asOf unit label
  local t0 t1 body
  t0=$(date +%s%N)
  body=$(curl -sS --max-time 600 -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"asOf\":\"$1\",\"timeUnit\":\"$2\"}" "$BASE/api/v1/analytics/clv/fit")
  t1=$(date +%s%N)
  echo "$3: HTTP round trip $(( (t1 - t0) / 1000000 )) ms" | tee -a "$OUT"
  echo "$body" | python3 -c 'import json,sys; f=json.load(sys.stdin); print("  status %s, customers %s, r %.4f alpha %.4f a %.4f b %.4f LL %.2f, p %.4f q %.4f gamma %.4f, evaluations %s/%s, timings %s, total %s ms" % (f["status"], f["customers"], f["r"], f["alpha"], f["a"], f["b"], f["bgnbdLogLikelihood"], f["p"], f["q"], f["gamma"], f["bgnbdEvaluations"], f["ggEvaluations"], f["timings"], f["durationMs"]))' | tee -a "$OUT"
}
raw_sql() {  # asOf label
  local end; end=$(date -d "$1 + 1 day" +%F)
  local sql
  sql=$(sed -n '/static final String SQL = """/,/""".formatted(COUNTED);/p' src/main/java/io/rapport/analytics/clv/Summaries.java \
    | sed '1d' | sed 's/""".formatted(COUNTED);//' | sed "s/in %s/in ('COMPLETED','PAID','SHIPPED')/; s/ordered_at < ?/ordered_at < '$end'/; s/?::date/'$1'::date/")
  for i in 1 2 3; do
    psql -q -d "$BENCH_DB" -c '\timing on' -c "select count(*), sum(x) from ($sql) s" | grep Time | sed "s/^/  $2 raw summary query run $i: /" | tee -a "$OUT"
  done
  # the same write as Scoring (ADR 0034), from psql: the scored rows as COPY text, loaded into a keyless table, then
  # the whole write (create, COPY FREEZE, indexes, analyze) in a transaction that is rolled back
  local cols="contact_id, currency, orders, first_order_at, last_order_at, historic_revenue, historic_margin, p_alive, expected_purchases, expected_order_value, predicted_clv, fit_id"
  local rows; rows=$(mktemp /tmp/clv-rows.XXXXXX)
  psql -q -d "$BENCH_DB" -c "\copy customer_values ($cols) to '$rows'"
  for i in 1 2; do
    psql -q -d "$BENCH_DB" -c '\timing on' -c "create temp table cv (like customer_values including defaults)" \
      -c "\copy cv ($cols) from '$rows'" | grep Time | tail -1 | sed "s/^/  $2 raw COPY of the same rows into a keyless table, run $i: /" | tee -a "$OUT"
    psql -q -d "$BENCH_DB" -c '\timing on' -c "begin" -c "create table cv_next (like customer_values including defaults including constraints)" \
      -c "\copy cv_next ($cols) from '$rows' with (freeze)" -c "set local maintenance_work_mem = '256MB'" \
      -c "alter table cv_next add primary key (contact_id)" -c "create index on cv_next (predicted_clv desc nulls last)" \
      -c "analyze cv_next" -c "rollback" | grep Time | sed -n '2,7p' | awk '{s += $2} END {printf "%.0f ms\n", s}' \
      | sed "s/^/  $2 raw same write (create, COPY FREEZE, indexes, analyze), run $i: /" | tee -a "$OUT"
  done
  rm -f "$rows"
}

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then ./mvnw -q -DskipTests package; fi
./mvnw -q dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/bench-classpath.txt
CP="$(cat target/bench-classpath.txt)"
: >"$LOG"
echo "# CLV benchmark $(date -u +%FT%TZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT"

# 1. CDNOW sample
if [[ "${SKIP_CDNOW:-0}" != 1 ]]; then
dropdb --if-exists "$BENCH_DB"; createdb "$BENCH_DB"
start_app; stop_app
"$JAVA" -cp "$CP" bench/ClvGenerate.java cdnow "$JDBC_URL" "$CDNOW" | tee -a "$OUT"
start_app; TOKEN=$(token)
fit 1997-09-30 WEEKS "CDNOW (warm-up)" >/dev/null
fit 1997-09-30 WEEKS "CDNOW"
raw_sql 1997-09-30 "CDNOW"
stop_app
fi

# 2. generated customers (GENERATED_ONLY=1 generates and stops; REUSE=1 keeps the generated data of an earlier run)
if [[ "${REUSE:-0}" != 1 ]]; then
  dropdb --if-exists "$BENCH_DB"; createdb "$BENCH_DB"
  start_app; stop_app
  "$JAVA" -cp "$CP" bench/ClvGenerate.java bgnbd "$JDBC_URL" "$CUSTOMERS" | tee -a "$OUT"
  psql -q -d "$BENCH_DB" -At -c "select 'repeat-purchase share ' || round(avg((n > 1)::int), 4) || ', orders per customer ' || round(avg(n), 3) from (select count(distinct (ordered_at at time zone 'UTC')::date) n from orders group by contact_id) s" | tee -a "$OUT"
fi
[[ "${GENERATED_ONLY:-0}" == 1 ]] && exit 0
start_app; TOKEN=$(token)
fit 2025-06-30 WEEKS "$CUSTOMERS generated, weeks"
fit 2025-06-30 DAYS "$CUSTOMERS generated, days"
raw_sql 2025-06-30 "$CUSTOMERS generated"
stop_app
