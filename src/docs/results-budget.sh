#!/usr/bin/env bash
# Runs 25 queries of the 1,000,000 taxi trips through `quire serve --results-budget 100m` (after
# `mvn package`) and prints the most the stored results took on disk, with what was kept and dropped.
set -euo pipefail
cd "$(dirname "$0")/../.."
home=$(mktemp -d)
quire=target/quire/bin/quire
"$quire" --data-dir "$home" serve --results-budget 100m --ready-file "$home/ready" >"$home/serve.log" 2>&1 &
serve=$!
trap 'kill $serve 2>/dev/null; wait $serve 2>/dev/null; rm -rf "$home"' EXIT
until [ -f "$home/ready" ]; do kill -0 $serve || { cat "$home/serve.log"; exit 1; }; sleep 0.5; done
stored="$home/data/local"
most=0
for i in $(seq 1 25); do
  "$quire" --data-dir "$home" sql "select * from taxi.trips" >/dev/null 2>>"$home/sql.err"
  now=$(du -sb "$stored/results" "$stored/athena-results" | awk '{s += $1} END {print s}')
  [ "$now" -gt "$most" ] && most=$now
done
echo "25 results of 1,000,000 rows under a budget of 104857600 bytes: at most $most bytes on disk;" \
  "$(ls "$stored/results" | grep -c 'parquet$') kept, $(ls "$stored/results" | grep -c 'dropped$') dropped"
