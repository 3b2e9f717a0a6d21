#!/usr/bin/env bash
# Client write loop of the real-node tier, run in a pod: one INSERT per connection through the
# read-write Service (so every attempt goes where the Service points now), printing
#   ack <id> <epoch ms>    for each COMMIT the server acknowledged
#   fail <id> <epoch ms> <psql's error on one line>
#                          for each attempt that failed (it may or may not have committed)
# until $STOP_FILE exists. Connection: libpq's PGHOST (the Service), PGUSER, PGDATABASE,
# PGPASSWORD (from the app user's Secret), PGCONNECT_TIMEOUT.
set -euo pipefail

: "${WRITER:?}" "${STOP_FILE:=/tmp/stop}"
until psql -X -q -v ON_ERROR_STOP=1 -c "CREATE TABLE IF NOT EXISTS acked(writer text, id int, at timestamptz DEFAULT clock_timestamp(), PRIMARY KEY (writer, id))" >/dev/null 2>&1; do
  sleep 0.2
done
echo "ready $(date +%s%3N)"
i=0
while [[ ! -e "$STOP_FILE" ]]; do
  i=$((i + 1))
  if err=$(psql -X -q -v ON_ERROR_STOP=1 -c "INSERT INTO acked(writer, id) VALUES ('$WRITER', $i)" 2>&1 >/dev/null); then
    echo "ack $i $(date +%s%3N)"
  else
    echo "fail $i $(date +%s%3N) $(tr '\n' ' ' <<<"$err")"
    sleep 0.1
  fi
done
echo "stopped $(date +%s%3N)"
