#!/usr/bin/env bash
# Takes the README screenshots from the running app under Xvfb (after `mvn package`):
#   apt-get install -y xvfb xdotool imagemagick libgtk-3-0
#   src/docs/screenshots.sh
# The app starts on a fresh data folder (sample data generated), the schema tree is opened with
# the keyboard, three statements run (one fails, so the history shows it), then a 1,000,000-row
# result is shown at its first and at its last row.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=src/docs
home=$(mktemp -d)
display=:${QUIRE_SHOT_DISPLAY:-77}
Xvfb "$display" -screen 0 1100x720x24 >/dev/null 2>&1 &
xvfb=$!
export DISPLAY=$display
until xdotool getdisplaygeometry >/dev/null 2>&1; do sleep 0.2; done
QUIRE_HOME=$home target/quire/bin/quire >"$home/app.log" 2>&1 &
app=$!
trap 'kill $app $xvfb 2>/dev/null; wait $app 2>/dev/null; rm -rf "$home"' EXIT
xdotool search --sync --name Quire >/dev/null
sleep 8

key() { xdotool key "$@"; sleep 0.3; }
click() { xdotool mousemove "$1" "$2" click 1; sleep 0.3; }
shot() { import -window root "$out/$1"; echo "wrote $out/$1"; }

click 37 71                       # the database node "dev"
key Right; sleep 2                # its schemas
key Down Down Down Down Right; sleep 2   # taxi
key Down Right; sleep 2           # taxi.trips and its columns
click 410 165; key ctrl+Return; sleep 3  # the first statement of the welcome tab
click 410 255; key ctrl+Return; sleep 3  # the second
key ctrl+End Return
xdotool type --delay 15 "select * from taxi.trips order by pickup_datetime;"
key Home ctrl+Return; sleep 10
shot main-window.png
xdotool mousemove 578 381 click 1; sleep 6   # Last row
shot last-row.png
