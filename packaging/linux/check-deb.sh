#!/usr/bin/env bash
# Checks a Quire .deb without installing it: unpacks it into a temporary folder and runs the bundled
# launcher headless: --version, then `serve` and a query through the served endpoint with `sql`.
#   packaging/linux/check-deb.sh target/installer/quire_0.1.0-1_amd64.deb
set -euo pipefail
deb=$1
max_bytes=$((70 * 1000 * 1000))

tmp=$(mktemp -d)
server=
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
  echo "check-deb: FAILED: $*" >&2
  for log in "$tmp"/serve.out "$tmp"/serve.err; do
    if [ -s "$log" ]; then echo "--- $log" >&2; cat "$log" >&2; fi
  done
  exit 1
}

bytes=$(stat -c %s "$deb")
echo "check-deb: $(basename "$deb") is $((bytes / 1000 / 1000)) MB ($bytes bytes)"
[ "$bytes" -le "$max_bytes" ] || fail "larger than $((max_bytes / 1000 / 1000)) MB"
dpkg-deb -f "$deb" Depends | grep -q 'libgtk-3-0' || fail "Depends does not name libgtk-3-0"

dpkg-deb -x "$deb" "$tmp/root"
app=$tmp/root/opt/quire
quire=$app/bin/Quire
[ -x "$quire" ] || fail "no launcher at /opt/quire/bin/Quire"
grep -q '^Exec=/opt/quire/bin/Quire %F$' "$app"/lib/quire-Quire.desktop || fail "desktop entry has no Exec line with %F"
grep -q '^Categories=Development;Database;$' "$app"/lib/quire-Quire.desktop || fail "desktop entry categories"
grep -q 'pattern="\*.sql"' "$app"/lib/quire-Quire-MimeInfo.xml || fail "no .sql file association"
natives=$(jar tf "$app"/lib/app/duckdb_jdbc-*.jar | grep '^libduckdb_java.so_' || true)
[ -z "$natives" ] || fail "the DuckDB jar should hold no native library (it is in lib/app/native), holds: $natives"
[ -f "$app"/lib/app/native/libduckdb_java.so ] || fail "no lib/app/native/libduckdb_java.so"

version=$("$quire" --version)
echo "check-deb: --version says: $version"
[[ $version == "quire "* ]] || fail "--version printed '$version'"

# postinst dumps the class-data archive for the installed paths; done here as it does it, for the unpacked ones
dpkg-deb -I "$deb" postinst | grep -q 'SharedClassListFile' || fail "postinst makes no class-data archive"
! dpkg-deb -I "$deb" postinst | grep -q 'DESKTOP_COMMANDS_INSTALL' || fail "postinst kept jpackage's placeholder"
appdir=$app/lib/app
[ -s "$appdir/quire.classlist" ] || fail "no lib/app/quire.classlist"
JAVA_TOOL_OPTIONS="-Xshare:dump -XX:SharedClassListFile=$appdir/quire.classlist -XX:SharedArchiveFile=$appdir/quire.jsa" \
  "$quire" --version >"$tmp/dump.log" 2>&1 || { cat "$tmp/dump.log" >&2; fail "the class-data dump failed"; }
[ -s "$appdir/quire.jsa" ] || fail "the dump wrote no lib/app/quire.jsa"
JAVA_TOOL_OPTIONS=-Xshare:on "$quire" --version >/dev/null 2>"$tmp/share.log" \
  || { cat "$tmp/share.log" >&2; fail "the launcher cannot map its class-data archive"; }
echo "check-deb: class-data archive $(( $(stat -c %s "$appdir/quire.jsa") / 1000 / 1000 )) MB, mapped by the launcher"

"$quire" serve --port 0 --data-dir "$tmp/server" --no-sample-data >"$tmp/serve.out" 2>"$tmp/serve.err" &
server=$!
for _ in $(seq 1 240); do
  grep -q '^export AWS_DEFAULT_REGION=' "$tmp/serve.out" && break
  kill -0 "$server" 2>/dev/null || fail "serve exited early"
  sleep 0.25
done
grep -q '^export AWS_ENDPOINT_URL=http://127.0.0.1:' "$tmp/serve.out" || fail "serve printed no AWS_ENDPOINT_URL export"
value() { sed -n "s/^export $1=//p" "$tmp/serve.out" | head -1; }
endpoint=$(value AWS_ENDPOINT_URL)
echo "check-deb: serve is up at $endpoint"

out=$(env -u AWS_PROFILE -u AWS_SESSION_TOKEN \
  AWS_ACCESS_KEY_ID="$(value AWS_ACCESS_KEY_ID)" AWS_SECRET_ACCESS_KEY="$(value AWS_SECRET_ACCESS_KEY)" \
  "$quire" --data-dir "$tmp/client" sql --endpoint-url "$endpoint" --region "$(value AWS_REGION)" \
  --workgroup local --database dev "select 40 + 2 as answer, 'from the deb' as via" 2>"$tmp/sql.err") \
  || { cat "$tmp/sql.err" >&2; fail "sql through the served endpoint"; }
expected=$'answer,via\n42,from the deb'
[ "$out" = "$expected" ] || fail "sql printed '$out', expected '$expected'"
echo "check-deb: sql through the bundled runtime printed: $(echo "$out" | tr '\n' ' ')"

kill "$server"
wait "$server" 2>/dev/null || true
server=
echo "check-deb: passed"
