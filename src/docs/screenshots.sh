#!/usr/bin/env bash
# Takes the README screenshots from the running app under Xvfb with a window manager (openbox), as
# users see it. After `mvn -Ppackage package` (the app image) or `mvn package`:
#   apt-get install -y xvfb openbox xdotool x11-utils imagemagick libgtk-3-0
#   src/docs/screenshots.sh [LAUNCHER]     (default: the app image, else target/quire/bin/quire)
# The app starts on a fresh data folder (sample data generated) at its first-start size, 1280x800,
# centred on a 1440x900 screen. The schema tree is opened with the keyboard and three statements
# run; the 1,000,000-row taxi result is shown while it is fetched, then sorted by a header click and
# filtered, then at its last row. Clicks are at places inside the window.
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
sleep 12

key() { xdotool key "$@"; sleep 0.4; }
click() { xdotool mousemove --window "$id" "$1" "$2" click 1; sleep 0.5; }
# the window with openbox's frame around it: the screen, cut to the frame (the client's parent)
frame() {
  local parent
  parent=$(xwininfo -tree -id "$id" | awk '/Parent window id/{print $4}')
  xwininfo -id "$parent" | awk '/Absolute upper-left X/{x=$4} /Absolute upper-left Y/{y=$4}
    /^  Width:/{w=$2} /^  Height:/{h=$2} END{printf "%dx%d+%d+%d", w, h, x, y}'
}
shot() { import -window root -crop "$(frame)" +repage "$out/$1"; echo "wrote $out/$1"; }

click 36 98                       # the database node "dev"
key Right; sleep 2                # its schemas
key Down Down Down Down Right; sleep 2   # taxi
key Down Right; sleep 2           # taxi.trips and its columns
click 520 174; key ctrl+Return; sleep 3  # the first statement of the welcome tab
click 520 281; key ctrl+Return; sleep 3  # the second
key ctrl+End Return
xdotool type --delay 15 "select * from taxi.trips;"
key Home ctrl+Return; sleep 6
shot main-window.png
sleep 15                                 # every row fetched
click 696 461; click 696 461; sleep 5    # the trip_distance_mi header, twice: descending
click 330 432                            # the filter's column: payment_type
for _ in $(seq 10); do xdotool key Down; sleep 0.1; done
key Return
click 478 432; xdotool type --delay 30 "Cash"; key Return; sleep 5
click 600 487                            # the first row
shot sorted-filtered.png
click 673 432; sleep 5                   # Last row
shot last-row.png
