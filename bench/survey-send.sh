#!/usr/bin/env bash
# Survey send benchmark: a fresh database, the app started on it, CONTACTS generated contacts tagged 'bench-send'
# (5% without e-mail, 10% of the rest without consent), then
#   1. the app's send: POST /api/v1/surveys/{id}/sends {"tag":"bench-send"}, polled until DONE; the job's time is
#      the send row's finished_at - started_at (queueing into the outbox; SMTP delivery is not part of it: the
#      outbox job is slowed to once a day so it does not compete);
#   2. raw: the same invitations and outbox mails written by two insert … select statements (bench/survey-send-raw.sql),
#      rolled back, 3 runs.
#
#   bench/survey-send.sh                    # 100,000 contacts
#   CONTACTS=20000 SKIP_BUILD=1 bench/survey-send.sh
#
# Environment: CONTACTS (100000), PORT (18096), BENCH_DB (rapport_bench_survey_send; dropped and recreated),
# PGHOST/PGPORT/PGUSER, SKIP_BUILD=1 to reuse target/rapport.jar, SEND_BATCH (500, the job's batch size), POOL (8,
# the app's connection pool: the machine's PostgreSQL is shared).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
CONTACTS=${CONTACTS:-100000}
PORT=${PORT:-18096}
SEND_BATCH=${SEND_BATCH:-500}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
BENCH_DB=${BENCH_DB:-rapport_bench_survey_send}
case "$BENCH_DB" in rapport_bench*) ;; *) echo "BENCH_DB must start with rapport_bench" >&2; exit 1 ;; esac
JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$BENCH_DB"
BASE="http://localhost:$PORT"
OUT=bench/results/survey-send.txt
mkdir -p bench/results

[[ "${SKIP_BUILD:-}" == 1 ]] || ./mvnw -B -q -DskipTests package

dropdb --if-exists "$BENCH_DB"
createdb "$BENCH_DB"
source bench/lib.sh   # start_app, stop_app
ADMIN_EMAIL=bench@rapport.local ADMIN_PASSWORD=bench-password-1 APP_LOG=bench/results/survey-send-app.log
: >"$APP_LOG"
trap stop_app EXIT
start_app --rapport.mail.outbox-interval=PT24H --rapport.feedback.send-batch="$SEND_BATCH" \
  --spring.datasource.hikari.maximum-pool-size="${POOL:-8}"

# the first "field": value of a JSON answer (the survey's own id comes before its questions' ids)
json() { grep -o "\"$1\":\"\{0,1\}[^,\"}]*" | head -1 | sed "s/^\"$1\":\"\{0,1\}//"; }
{
  echo "== $(date -u +%FT%TZ) contacts=$CONTACTS batch=$SEND_BATCH"
  t0=$(date +%s.%N)
  psql -d "$BENCH_DB" -q -v n="$CONTACTS" -f bench/survey-send-generate.sql
  echo "generated in $(echo "$(date +%s.%N) - $t0" | bc) s"
  TOKEN=$(curl -fs -H 'Content-Type: application/json' -d '{"email":"bench@rapport.local","password":"bench-password-1"}' \
    "$BASE/api/v1/auth/token" | json token)
  auth=(-H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json')
  SURVEY=$(curl -fs "${auth[@]}" -d '{"name":"Bench NPS","kind":"NPS"}' "$BASE/api/v1/surveys" | json id)
  RAW_SURVEY=$(curl -fs "${auth[@]}" -d '{"name":"Bench NPS raw","kind":"NPS"}' "$BASE/api/v1/surveys" | json id)
  echo "preview: $(curl -fs "${auth[@]}" -d '{"tag":"bench-send"}' "$BASE/api/v1/surveys/$SURVEY/sends/preview")"
  echo "load before send: $(uptime)"
  SEND=$(curl -fs "${auth[@]}" -d '{"tag":"bench-send"}' "$BASE/api/v1/surveys/$SURVEY/sends" | json id)
  while :; do
    status=$(curl -fs "${auth[@]}" "$BASE/api/v1/surveys/$SURVEY/sends/$SEND" | json status)
    [[ "$status" == QUEUED || "$status" == RUNNING ]] || break
    sleep 1
  done
  echo "load after send: $(uptime)"
  psql -d "$BENCH_DB" -At -F ' ' -c "select 'send', status, 'processed', processed, 'sent', sent, 'no_email', skipped_no_email,
      'no_consent', skipped_no_consent, 'throttled', skipped_throttled,
      'seconds', round(extract(epoch from finished_at - started_at)::numeric, 2),
      'contacts_per_s', round(processed / greatest(extract(epoch from finished_at - started_at), 0.001))::int,
      'mails_per_s', round(sent / greatest(extract(epoch from finished_at - started_at), 0.001))::int
      from survey_sends where id = $SEND"
  echo "outbox rows: $(psql -d "$BENCH_DB" -At -c 'select count(*) from mail_outbox')"
  stop_app
  echo "raw SQL (app stopped), load: $(uptime)"
  for run in 1 2 3; do
    echo "raw run $run:"
    psql -d "$BENCH_DB" -q -v survey="$RAW_SURVEY" -f bench/survey-send-raw.sql
  done
} 2>&1 | tee -a "$OUT"
