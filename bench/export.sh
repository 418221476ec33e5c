#!/usr/bin/env bash
# Export benchmark: every contact of a 1,000,000-contact database as CSV (and as vCards) through the real API,
# beside PostgreSQL's own COPY (select ...) TO STDOUT WITH CSV of the same columns in the same order.
#
#   bench/export.sh                        # fresh database, 1,000,000 contacts / 50,000 accounts
#   REUSE=1 SKIP_BUILD=1 bench/export.sh   # keep the data of a previous run
#
# Environment (all optional):
#   CONTACTS, ACCOUNTS     data volume (default 1000000 / 50000)
#   BENCH_DB               database (default rapport_bench_export; must start with rapport_bench; dropped unless REUSE=1)
#   PORT                   app port (default 18094)
#   APP_JAVA_OPTS          JVM options of the app (default -Xmx256m: the export must stream, not collect)
#   PGHOST, PGPORT, PGUSER, PGPASSWORD   local PostgreSQL (default 127.0.0.1:5432, postgres)
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
CONTACTS=${CONTACTS:-1000000}
ACCOUNTS=${ACCOUNTS:-50000}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
BENCH_DB=${BENCH_DB:-rapport_bench_export}
PORT=${PORT:-18094}
APP_JAVA_OPTS=${APP_JAVA_OPTS:--Xmx256m}
BASE="http://localhost:$PORT"
RESULTS=bench/results
OUT=$(mktemp -d)
JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$BENCH_DB"
EMAIL=bench@rapport.local
PASSWORD=bench-password-1
COLUMNS="name,email,phone,jobTitle,account,stage,owner,country,createdAt,updatedAt"

case "$BENCH_DB" in rapport_bench*) ;; *) echo "BENCH_DB must start with rapport_bench" >&2; exit 1 ;; esac
case "$PGHOST" in 127.0.0.1|localhost|::1) ;; *) echo "PGHOST must be local" >&2; exit 1 ;; esac

APP_PID=""
SAMPLER_PID=""
cleanup() {
  [[ -n "$SAMPLER_PID" ]] && kill "$SAMPLER_PID" 2>/dev/null || true
  if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
    kill "$APP_PID" 2>/dev/null || true
    wait "$APP_PID" 2>/dev/null || true
  fi
  rm -rf "$OUT"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$RESULTS"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  ./mvnw -q -DskipTests package
fi
./mvnw -q dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/bench-classpath.txt
CP="target/classes:$(cat target/bench-classpath.txt)"

if [[ "${REUSE:-0}" != 1 ]]; then
  echo "Recreating database $BENCH_DB"
  dropdb --if-exists "$BENCH_DB"
  createdb "$BENCH_DB"
fi

echo "Starting the app on port $PORT with $APP_JAVA_OPTS (log: $RESULTS/export-app.log)"
# shellcheck disable=SC2086
RAPPORT_DB_URL="$JDBC_URL" RAPPORT_DB_USER="$PGUSER" RAPPORT_DB_PASSWORD="${PGPASSWORD:-}" RAPPORT_DEMO=false \
  RAPPORT_ADMIN_EMAIL="$EMAIL" RAPPORT_ADMIN_PASSWORD="$PASSWORD" PORT="$PORT" \
  "$JAVA" $APP_JAVA_OPTS -jar target/rapport.jar >"$RESULTS/export-app.log" 2>&1 &
APP_PID=$!
until curl -fsS --max-time 2 "$BASE/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; do
  kill -0 "$APP_PID" 2>/dev/null || { tail -n 40 "$RESULTS/export-app.log" >&2; exit 1; }
  sleep 1
done

have=$(psql -d "$BENCH_DB" -Atc "select count(*) from contacts")
if (( have < CONTACTS )); then
  echo "Generating $ACCOUNTS accounts and $CONTACTS contacts"
  RAPPORT_DB_USER="$PGUSER" RAPPORT_DB_PASSWORD="${PGPASSWORD:-}" \
    "$JAVA" -cp "$CP" bench/Generate.java "$JDBC_URL" "$ACCOUNTS" "$CONTACTS" | tee "$RESULTS/export-generate.txt"
fi
rows_in_db=$(psql -d "$BENCH_DB" -Atc "select count(*) from contacts")

token=$(curl -fsS -X POST "$BASE/api/v1/auth/token" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" | sed 's/.*"token":"\([^"]*\)".*/\1/')

rss_kb() { ps -o rss= -p "$APP_PID" | tr -d ' '; }
heap_bytes() { # live heap as the app reports it (Micrometer), summed over the heap pools
  curl -fsS --max-time 2 "$BASE/actuator/prometheus" 2>/dev/null \
    | awk '/^jvm_memory_used_bytes\{.*area="heap"/ {s += $NF} END {printf "%d\n", s}'
}
# samples resident memory and used heap every 0.2 s into $1 until killed
sample() {
  while true; do echo "$(rss_kb) $(heap_bytes)" >>"$1"; sleep 0.2; done
}

# one export through the API: warm-up on a small filter, then the full list, sampled
export_run() { # name path
  local name=$1 path=$2 samples="$OUT/$1.samples"
  curl -fsS -o /dev/null -H "Authorization: Bearer $token" "$BASE$path&stage=ADVOCATE"
  sleep 2
  local rss_before heap_before
  rss_before=$(( $(rss_kb) / 1024 ))
  heap_before=$(( $(heap_bytes) / 1048576 ))
  sample "$samples" & SAMPLER_PID=$!
  local start end
  start=$(date +%s.%N)
  curl -fsS -o "$OUT/$name.out" -H "Authorization: Bearer $token" "$BASE$path"
  end=$(date +%s.%N)
  kill "$SAMPLER_PID"; wait "$SAMPLER_PID" 2>/dev/null || true; SAMPLER_PID=""
  local seconds bytes rows rss_peak heap_peak
  seconds=$(echo "$end - $start" | bc -l)
  bytes=$(stat -c %s "$OUT/$name.out")
  rows=$(psql -d "$BENCH_DB" -Atc "select changes->'rows'->>'new' from audit_log where action = 'EXPORT' order by id desc limit 1")
  rss_peak=$(( $(sort -n -k1 "$samples" | tail -n 1 | cut -d' ' -f1) / 1024 ))
  heap_peak=$(( $(sort -n -k2 "$samples" | tail -n 1 | cut -d' ' -f2) / 1048576 ))
  printf '%-10s %9s rows in %6.1f s = %8.0f rows/s, %6.1f MB; app RSS %s -> peak %s MB, heap used %s -> peak %s MB\n' \
    "$name" "$rows" "$seconds" "$(echo "$rows / $seconds" | bc -l)" "$(echo "$bytes / 1048576" | bc -l)" \
    "$rss_before" "$rss_peak" "$heap_before" "$heap_peak" | tee -a "$RESULTS/export-summary.txt"
  printf '{"name":"%s","rows":%s,"seconds":%.2f,"bytes":%s,"rssBeforeMb":%s,"rssPeakMb":%s,"heapBeforeMb":%s,"heapPeakMb":%s,"javaOpts":"%s"}\n' \
    "$name" "$rows" "$seconds" "$bytes" "$rss_before" "$rss_peak" "$heap_before" "$heap_peak" "$APP_JAVA_OPTS" \
    >"$RESULTS/export-$name.json"
}

: >"$RESULTS/export-summary.txt"
echo "data: $rows_in_db contacts in $BENCH_DB; app $APP_JAVA_OPTS" | tee -a "$RESULTS/export-summary.txt"
export_run csv "/api/v1/contacts/export.csv?sort=name&columns=$COLUMNS"
export_run vcard "/api/v1/contacts/export.vcf?sort=name"

# PostgreSQL alone: the same columns, joins and order, written as CSV by the server (app idle)
raw_sql="copy (select c.first_name || ' ' || c.last_name, c.emails[1], c.phones[1], c.job_title, a.name, c.lifecycle_stage,
                      u.name, c.country, to_char(c.created_at, 'YYYY-MM-DD'), to_char(c.updated_at, 'YYYY-MM-DD')
                 from contacts c left join accounts a on a.id = c.account_id left join users u on u.id = c.owner_id
                order by lower(c.last_name || ' ' || c.first_name), c.id) to stdout with (format csv, header)"
start=$(date +%s.%N)
psql -d "$BENCH_DB" -Atc "$raw_sql" >"$OUT/raw.csv"
end=$(date +%s.%N)
seconds=$(echo "$end - $start" | bc -l)
raw_rows=$(( $(wc -l <"$OUT/raw.csv") - 1 ))
bytes=$(stat -c %s "$OUT/raw.csv")
printf '%-10s %9s rows in %6.1f s = %8.0f rows/s, %6.1f MB (psql COPY ... TO STDOUT WITH CSV, same columns and order)\n' \
  raw-copy "$raw_rows" "$seconds" "$(echo "$raw_rows / $seconds" | bc -l)" "$(echo "$bytes / 1048576" | bc -l)" \
  | tee -a "$RESULTS/export-summary.txt"
printf '{"name":"raw-copy","rows":%s,"seconds":%.2f,"bytes":%s}\n' "$raw_rows" "$seconds" "$bytes" >"$RESULTS/export-raw-copy.json"
