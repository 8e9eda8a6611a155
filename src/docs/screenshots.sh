#!/usr/bin/env bash
# Takes the README screenshots from the running app under Xvfb with a window manager (openbox), as
# users see it. After `mvn package` (or -Ppackage for the app image):
#   apt-get install -y xvfb openbox xdotool x11-utils imagemagick libgtk-3-0
#   src/docs/screenshots.sh [LAUNCHER]     (default: the app image, else target/quire/bin/quire)
# The app starts on a fresh data folder (sample data generated) at its first-start size, 1280x800,
# centred. The schema tree is opened with the keyboard and three statements run (one fails, so the
# history shows it); a 1,000,000-row result is shown while it is fetched, sorted by a header click,
# filtered, and at its last row.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=src/docs
launcher=${1:-target/installer/Quire/bin/Quire}
[ -x "$launcher" ] || launcher=target/quire/bin/quire
home=$(mktemp -d)
display=:${QUIRE_SHOT_DISPLAY:-77}
Xvfb "$display" -screen 0 1440x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
export DISPLAY=$display
until xdpyinfo >/dev/null 2>&1; do sleep 0.2; done
openbox >/dev/null 2>&1 &
wm=$!
sleep 1
QUIRE_HOME=$home "$launcher" >"$home/app.log" 2>&1 &
app=$!
trap 'kill $app $wm $xvfb 2>/dev/null; wait $app 2>/dev/null; rm -rf "$home"' EXIT
id=$(xdotool search --sync --onlyvisible --name '^Quire$' | head -1)
sleep 10

key() { xdotool key "$@"; sleep 0.4; }
# a click at a place inside the window's client area
click() { xdotool mousemove --window "$id" "$1" "$2" click 1; sleep 0.4; }
# the window with openbox's frame
shot() { import -frame -window "$id" "$out/$1"; echo "wrote $out/$1"; }

click 36 71                       # the database node "dev"
key Right; sleep 2                # its schemas
key Down Down Down Down Right; sleep 2   # taxi
key Down Right; sleep 2           # taxi.trips and its columns
click 520 140; key ctrl+Return; sleep 3  # the first statement of the welcome tab
click 520 270; key ctrl+Return; sleep 3  # the second
key ctrl+End Return
xdotool type --delay 15 "select * from taxi.trips;"
key Home ctrl+Return; sleep 4
shot main-window.png
sleep 20                          # every row fetched
click "${QUIRE_SHOT_HEADER_X:-745}" 446; sleep 5   # a header click: sorted by that column
shot sorted.png
click "${QUIRE_SHOT_LAST_X:-612}" 417; sleep 5     # Last row
shot last-row.png
