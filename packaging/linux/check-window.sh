#!/usr/bin/env bash
# Checks the window as users get it: the launcher under Xvfb with a window manager (openbox).
# First start on a fresh data folder: the window opens at 1280x800, centred, with no JavaFX
# configuration warning. Then it is moved and resized, closed through the window manager, and the
# second start opens it where and as large as it was left.
#   apt-get install -y xvfb openbox xdotool x11-utils libgtk-3-0
#   packaging/linux/check-window.sh target/installer/Quire/bin/Quire [screenshot.png]
set -euo pipefail
launcher=$1
shot=${2:-}
tmp=$(mktemp -d)
pids=()
app=
cleanup() {
  [ -n "$app" ] && kill "$app" 2>/dev/null || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
  echo "check-window: FAILED: $*" >&2
  for log in "$tmp"/app-*.log; do
    [ -s "$log" ] && { echo "--- $log" >&2; tail -40 "$log" >&2; }
  done
  exit 1
}

# Xvfb picks a free display itself and tells it (checks running side by side never share one);
# -noreset: no server reset when a client leaves, which refuses the clients that come meanwhile
Xvfb -displayfd 3 -noreset -screen 0 1920x1080x24 -nolisten tcp 3>"$tmp/display" >"$tmp/xvfb.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do [ -s "$tmp/display" ] && break; sleep 0.1; done
[ -s "$tmp/display" ] || fail "Xvfb did not start: $(cat "$tmp/xvfb.log")"
display=:$(head -1 "$tmp/display")
export DISPLAY=$display
for _ in $(seq 1 100); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
xdpyinfo >/dev/null 2>&1 || fail "Xvfb did not start"
for attempt in 1 2 3; do
  openbox >"$tmp/openbox.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 300); do
    xprop -root _NET_SUPPORTING_WM_CHECK 2>/dev/null | grep -q 'window id' && break 2
    kill -0 "${pids[-1]}" 2>/dev/null || break
    sleep 0.1
  done
  echo "check-window: openbox did not come up (attempt $attempt): $(cat "$tmp/openbox.log")" >&2
done
xprop -root _NET_SUPPORTING_WM_CHECK 2>/dev/null | grep -q 'window id' \
  || fail "openbox did not come up on $display: $(cat "$tmp/openbox.log")"

# The Quire window's id, once it is mapped (up to 3 minutes: a first start makes the sample data).
window_id() {
  for _ in $(seq 1 1800); do
    id=$(xdotool search --onlyvisible --name '^Quire$' 2>/dev/null | head -1 || true)
    [ -n "$id" ] && { echo "$id"; return 0; }
    kill -0 "$app" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# Client area's place and size, as the X server has it: "x y width height".
geometry() {
  xwininfo -id "$1" | awk '/Absolute upper-left X/{x=$4} /Absolute upper-left Y/{y=$4}
    /^  Width:/{w=$2} /^  Height:/{h=$2} END{print x, y, w, h}'
}

# Waits until the window's geometry has held still for a second (the window manager places it).
settled() {
  last=
  same=0
  for _ in $(seq 1 100); do
    now=$(geometry "$1")
    if [ "$now" = "$last" ]; then same=$((same + 1)); else same=0; last=$now; fi
    [ "$same" -ge 10 ] && { echo "$now"; return 0; }
    sleep 0.1
  done
  echo "$last"
}

# Waits until the window manager has put its frame around the window (the client's parent is not the root).
framed() {
  root=$(xwininfo -root | awk '/Window id:/{print $4}')
  for _ in $(seq 1 300); do
    parent=$(xwininfo -tree -id "$1" | awk '/Parent window id/{print $4}')
    [ -n "$parent" ] && [ "$parent" != "$root" ] && return 0
    sleep 0.1
  done
  return 1
}

start() {
  "$launcher" --data-dir "$tmp/data" --no-sample-data >"$tmp/app-$1.log" 2>&1 &
  app=$!
  id=$(window_id) || fail "start $1: no window named Quire was mapped"
  framed "$id" || fail "start $1: the window manager put no frame around the window"
}

close_window() {
  xdotool windowactivate --sync "$1" >/dev/null 2>&1 || true
  xdotool key alt+F4
  for _ in $(seq 1 300); do kill -0 "$app" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$app" 2>/dev/null && fail "the app did not end after its window was closed"
  wait "$app" 2>/dev/null || true
  app=
}

start 1
read -r x y w h <<<"$(settled "$id")"
echo "check-window: first start: ${w}x${h} at $x,$y"
# the frame is 1280x800; the client area is that less openbox's title bar and borders
[ "$w" -ge 1240 ] && [ "$w" -le 1280 ] || fail "first window is $w wide, not 1280"
[ "$h" -ge 740 ] && [ "$h" -le 800 ] || fail "first window is $h high, not 800"
centre_x=$((x + w / 2))
centre_y=$((y + h / 2))
[ "$centre_x" -ge 900 ] && [ "$centre_x" -le 1020 ] || fail "first window is not centred across (centre x $centre_x)"
[ "$centre_y" -ge 470 ] && [ "$centre_y" -le 610 ] || fail "first window is not centred down (centre y $centre_y)"
sleep 3
[ -n "$shot" ] && import -window root "$shot" && echo "check-window: wrote $shot"
if grep -q "Unsupported JavaFX configuration" "$tmp/app-1.log"; then
  fail "JavaFX warns of its configuration: $(grep 'Unsupported JavaFX' "$tmp/app-1.log")"
fi

xdotool windowsize --sync "$id" 1000 700
xdotool windowmove --sync "$id" 200 150
read -r x1 y1 w1 h1 <<<"$(settled "$id")"
echo "check-window: moved and resized to ${w1}x${h1} at $x1,$y1"
[ "$w1" -eq 1000 ] && [ "$h1" -eq 700 ] || fail "the window manager did not resize the window (${w1}x${h1})"
close_window "$id"
[ -f "$tmp/data/config/layout.properties" ] || ls -R "$tmp/data" >&2
grep -q '^window.width=' "$tmp"/data/*/layout.properties 2>/dev/null \
  || fail "no layout.properties with the window's size in the data folder"

start 2
read -r x2 y2 w2 h2 <<<"$(settled "$id")"
echo "check-window: second start: ${w2}x${h2} at $x2,$y2"
[ "$w2" -eq "$w1" ] && [ "$h2" -eq "$h1" ] || fail "second start is ${w2}x${h2}, left at ${w1}x${h1}"
[ $((x2 - x1)) -ge -2 ] && [ $((x2 - x1)) -le 2 ] && [ $((y2 - y1)) -ge -2 ] && [ $((y2 - y1)) -le 2 ] \
  || fail "second start is at $x2,$y2, left at $x1,$y1"
close_window "$id"
echo "check-window: passed"
