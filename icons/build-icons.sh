#!/usr/bin/env bash
# Renders icons/quire.svg into the PNG sizes, quire.ico and quire.icns, and copies the window
# icons into the app's resources. The outputs are committed, so builds need none of these tools.
# Needs Debian's librsvg2-bin (rsvg-convert), icoutils (icotool) and icnsutils (png2icns).
set -euo pipefail
cd "$(dirname "$0")"
for tool in rsvg-convert icotool png2icns; do
  command -v "$tool" >/dev/null || { echo "build-icons: $tool not found (apt-get install librsvg2-bin icoutils icnsutils)" >&2; exit 1; }
done

sizes="16 24 32 48 64 128 256 512 1024"
mkdir -p png
for size in $sizes; do
  rsvg-convert --width "$size" --height "$size" quire.svg --output "png/quire-$size.png"
done

# Windows: small sizes as bitmaps, 256 as PNG (as Windows expects)
icotool --create --output quire.ico \
  png/quire-16.png png/quire-24.png png/quire-32.png png/quire-48.png png/quire-64.png png/quire-128.png \
  --raw=png/quire-256.png

# macOS
png2icns quire.icns png/quire-16.png png/quire-32.png png/quire-48.png png/quire-128.png \
  png/quire-256.png png/quire-512.png png/quire-1024.png >/dev/null

# the window icon, in the sizes the window and task bars pick from
resources=../src/main/resources/dev/quire/ui
for size in 16 32 64 256; do
  cp "png/quire-$size.png" "$resources/icon-$size.png"
done
echo "build-icons: wrote $(ls png | wc -l) PNGs, quire.ico, quire.icns and the window icons"
