#!/usr/bin/env bash
# Recommender quality on the UCI Online Retail transactions: hit rate at 5 against a most-popular baseline.
#
#   bench/online-retail.sh            # needs target/classes (./mvnw -DskipTests package, or SKIP_BUILD=1)
#
# Environment: CSV (/work/shared/data/online_retail/online_retail.csv), BENCH_DB (rapport_bench_retail; dropped and
#   recreated), SKIP_BUILD=1, PGHOST/PGPORT/PGUSER.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
CSV=${CSV:-/work/shared/data/online_retail/online_retail.csv}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
BENCH_DB=${BENCH_DB:-rapport_bench_retail}
case "$BENCH_DB" in rapport_bench*) ;; *) echo "BENCH_DB must start with rapport_bench" >&2; exit 1 ;; esac
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then ./mvnw -q -DskipTests package; fi
./mvnw -q dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/bench-classpath.txt
CP="target/classes:$(cat target/bench-classpath.txt)"
dropdb --if-exists "$BENCH_DB"
createdb "$BENCH_DB"
"$JAVA" -cp "$CP" bench/OnlineRetailEval.java "jdbc:postgresql://$PGHOST:$PGPORT/$BENCH_DB" "$CSV" | tee bench/results/online-retail.txt
