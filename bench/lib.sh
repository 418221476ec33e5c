# Shared by the bench scripts (source it from the repository root): start and stop the packaged app.
# The caller sets JAVA, JDBC_URL, PGUSER (PGPASSWORD), PORT, BASE, ADMIN_EMAIL, ADMIN_PASSWORD and APP_LOG;
# APP_JAR (or JAR; default target/rapport.jar) is the app to start, APP_START_SECONDS (or STARTUP_TIMEOUT; default 180) is how long the app may take to report UP (Flyway on a big database takes longer).

APP_PID=""

# start_app [app argument…]: runs target/rapport.jar on the bench database and waits until its health is UP.
start_app() {
  # a port already taken (another engineer's app) would pass the health check below with the wrong data
  if curl -fsS --max-time 2 -o /dev/null "$BASE/actuator/health" 2>/dev/null; then echo "port $PORT is in use; set PORT" >&2; exit 1; fi
  RAPPORT_DB_URL="$JDBC_URL" RAPPORT_DB_USER="$PGUSER" RAPPORT_DB_PASSWORD="${PGPASSWORD:-}" RAPPORT_DEMO=false \
    RAPPORT_ADMIN_EMAIL="$ADMIN_EMAIL" RAPPORT_ADMIN_PASSWORD="$ADMIN_PASSWORD" PORT="$PORT" \
    "$JAVA" -jar "${APP_JAR:-${JAR:-target/rapport.jar}}" --server.port="$PORT" "$@" >>"$APP_LOG" 2>&1 &
  APP_PID=$!
  local started; started=$(date +%s)
  until curl -fsS --max-time 2 "$BASE/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; do
    kill -0 "$APP_PID" 2>/dev/null || { tail -n 40 "$APP_LOG" >&2; exit 1; }
    (( $(date +%s) - started < ${APP_START_SECONDS:-${STARTUP_TIMEOUT:-180}} )) || { echo "app did not start" >&2; exit 1; }
    sleep 1
  done
}

# stop_app: stops the app start_app started, if it still runs, and waits for it to exit.
stop_app() {
  if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
    kill "$APP_PID" 2>/dev/null || true
    wait "$APP_PID" 2>/dev/null || true
  fi
  APP_PID=""
}
