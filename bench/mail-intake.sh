#!/usr/bin/env bash
# E-mail intake benchmark: a real IMAP/SMTP server (GreenMail, run from the test class path) holding COUNT mails
# (default 20,000), the app started on a fresh database, one mailbox configured through the API, then the time until
# every mail is a ticket or a reply. Beside it, the raw costs: the same IMAP fetch alone, and plain SQL inserting the
# same tickets (ticket, status history, message) row by row.
#
#   bench/mail-intake.sh
#   COUNT=2000 SKIP_BUILD=1 bench/mail-intake.sh
#
# Environment: COUNT, BOXES (10 mailboxes sharing the COUNT mails, polled at once), PORT (18102), SMTP_PORT (18125), IMAP_PORT (18143), BENCH_DB (rapport_bench_mail; dropped and
# recreated), PGHOST/PGPORT/PGUSER, SKIP_BUILD=1 to reuse target/rapport.jar, APP_JAVA_OPTS, MARK_SEEN (false: GreenMail
# answers STORE \Seen in time linear in the mailbox size per message, quadratic over 20,000 mails; the app does it by default).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
COUNT=${COUNT:-20000}
PORT=${PORT:-18102}
SMTP_PORT=${SMTP_PORT:-18125}
IMAP_PORT=${IMAP_PORT:-18143}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
BENCH_DB=${BENCH_DB:-rapport_bench_mail}
case "$BENCH_DB" in rapport_bench*) ;; *) echo "BENCH_DB must start with rapport_bench" >&2; exit 1 ;; esac
JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$BENCH_DB"
OUT=bench/results/mail-intake.txt
mkdir -p bench/results
BOXES=${BOXES:-10}

[[ "${SKIP_BUILD:-}" == 1 ]] || ./mvnw -B -q -DskipTests package
[[ -f target/bench-test-classpath.txt && "${SKIP_BUILD:-}" == 1 ]] || \
  ./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-test-classpath.txt
CP=$(cat target/bench-test-classpath.txt)

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

"$JAVA" -cp "$CP" bench/MailIntakeBench.java serve "$SMTP_PORT" "$IMAP_PORT" bench-imap-pw "$COUNT" "$BOXES" > bench/results/mail-intake-server.log 2>&1 &
pids+=($!)
for _ in $(seq 1 600); do grep -q READY bench/results/mail-intake-server.log && break; sleep 1; done
grep -q READY bench/results/mail-intake-server.log || { echo "mail server did not load" >&2; cat bench/results/mail-intake-server.log >&2; exit 1; }
grep loaded bench/results/mail-intake-server.log | tee "$OUT"

dropdb --if-exists "$BENCH_DB"
createdb "$BENCH_DB"
RAPPORT_DB_URL="$JDBC_URL" RAPPORT_DB_USER="$PGUSER" RAPPORT_DB_PASSWORD="${PGPASSWORD:-}" RAPPORT_DEMO=false \
  RAPPORT_ADMIN_EMAIL=bench@rapport.local RAPPORT_ADMIN_PASSWORD=bench-password-1 RAPPORT_SMTP_HOST=127.0.0.1 RAPPORT_SMTP_PORT="$SMTP_PORT" \
  "$JAVA" ${APP_JAVA_OPTS:-} -jar target/rapport.jar --server.port="$PORT" --rapport.service.mail.poll-interval=PT1H \
  --rapport.service.mail.mark-seen=${MARK_SEEN:-false} \
  > bench/results/mail-intake-app.log 2>&1 &
APP_PID=$!
pids+=($APP_PID)
for _ in $(seq 1 180); do curl -fs "http://localhost:$PORT/actuator/health" | grep -q UP && break; sleep 1; done
TOKEN=$(curl -fs -H 'Content-Type: application/json' -d '{"email":"bench@rapport.local","password":"bench-password-1"}' \
  "http://localhost:$PORT/api/v1/auth/token" | sed 's/.*"token":"\([^"]*\)".*/\1/')
IDS=()
for b in $(seq 1 "$BOXES"); do
  IDS+=($(curl -fs -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"name\":\"Bench $b\",\"host\":\"127.0.0.1\",\"port\":$IMAP_PORT,\"tls\":false,\"username\":\"support$b@bench.example\",\"password\":\"bench-imap-pw\",\"address\":\"support$b@bench.example\"}" \
    "http://localhost:$PORT/api/v1/mailboxes" | sed 's/^{"id":\([0-9]*\).*/\1/'))
done
START=$(date +%s.%N)
# each poll runs in its request: it returns when every mail of its mailbox is committed as a ticket or reply
polls=()
for id in "${IDS[@]}"; do
  curl -fs --max-time 7200 -X POST -H "Authorization: Bearer $TOKEN" "http://localhost:$PORT/api/v1/mailboxes/$id/poll" > "/tmp/mail-intake-poll-$id.json" &
  polls+=($!)
done
for p in "${polls[@]}"; do wait "$p"; done
# a poll that failed midway (the server dropped the connection) resumes from its last UID on the next one, as the job would
for _ in 1 2 3; do
  [[ $(psql -qAt -d "$BENCH_DB" -c "select count(*) from mail_intake_log") -ge "$COUNT" ]] && break
  for id in "${IDS[@]}"; do curl -fs --max-time 7200 -X POST -H "Authorization: Bearer $TOKEN" "http://localhost:$PORT/api/v1/mailboxes/$id/poll" >> /tmp/mail-intake-repoll.json; done
done
END=$(date +%s.%N)
psql -qAt -d "$BENCH_DB" -c "select outcome, count(*) from mail_intake_log group by 1 order by 1" | tee -a "$OUT"
TICKETS=$(psql -qAt -d "$BENCH_DB" -c "select count(*) from tickets where channel = 'EMAIL'")
MESSAGES=$(psql -qAt -d "$BENCH_DB" -c "select count(*) from ticket_messages where direction = 'INBOUND'")
awk -v n="$MESSAGES" -v t="$TICKETS" -v s="$START" -v e="$END" \
  'BEGIN { printf "end to end: %d mails -> %d tickets + %d replies in %.2f s = %.0f mails/s\n", n, t, n - t, e - s, n / (e - s) }' | tee -a "$OUT"
kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true

"$JAVA" -cp "$CP" bench/MailIntakeBench.java fetch "$IMAP_PORT" bench-imap-pw "$BOXES" | tee -a "$OUT"

# raw SQL: the same number of tickets, one statement per row as the intake writes them (ticket, history, message)
psql -qAt -d "$BENCH_DB" -c "truncate tickets cascade" > /dev/null 2>&1
RAW=$( { echo '\timing on'; cat <<SQL
do \$\$
declare t bigint;
begin
  for i in 1..$MESSAGES loop
    insert into tickets (subject, channel, requester_id, last_customer_message_at) values ('Request number ' || i, 'EMAIL',
      (select id from contacts order by id limit 1 offset (i % 2000)), now()) returning id into t;
    insert into ticket_status_history (ticket_id, from_status, to_status) values (t, null, 'NEW');
    insert into ticket_messages (ticket_id, kind, direction, channel, body_text, email_message_id)
      values (t, 'PUBLIC', 'INBOUND', 'EMAIL', 'My order has not arrived yet. Could you check where it is?', '<raw-' || i || '@bench.example>');
  end loop;
end \$\$;
SQL
} | psql -qAt -d "$BENCH_DB" | grep -o 'Time: [0-9.]* ms' | sed 's/Time: \([0-9.]*\) ms/\1/')
awk -v n="$MESSAGES" -v ms="$RAW" 'BEGIN { printf "raw SQL insert of %d tickets (ticket, history, message), one transaction: %.2f s = %.0f tickets/s\n", n, ms / 1000, n / (ms / 1000) }' | tee -a "$OUT"
# and with a commit per ticket, as the intake commits each mail on its own
psql -qAt -d "$BENCH_DB" -c "truncate tickets cascade" > /dev/null 2>&1
RAW=$( { echo '\timing on'; cat <<SQL
do \$\$
declare t bigint;
begin
  for i in 1..$MESSAGES loop
    insert into tickets (subject, channel, requester_id, last_customer_message_at) values ('Request number ' || i, 'EMAIL',
      (select id from contacts order by id limit 1 offset (i % 2000)), now()) returning id into t;
    insert into ticket_status_history (ticket_id, from_status, to_status) values (t, null, 'NEW');
    insert into ticket_messages (ticket_id, kind, direction, channel, body_text, email_message_id)
      values (t, 'PUBLIC', 'INBOUND', 'EMAIL', 'My order has not arrived yet. Could you check where it is?', '<raw-' || i || '@bench.example>');
    commit;
  end loop;
end \$\$;
SQL
} | psql -qAt -d "$BENCH_DB" | grep -o 'Time: [0-9.]* ms' | sed 's/Time: \([0-9.]*\) ms/\1/')
awk -v n="$MESSAGES" -v ms="$RAW" 'BEGIN { printf "raw SQL insert of %d tickets (ticket, history, message), a commit per ticket: %.2f s = %.0f tickets/s\n", n, ms / 1000, n / (ms / 1000) }' | tee -a "$OUT"
