#!/usr/bin/env bash
# Build the Linux one-folder app with PyInstaller and wrap it in a .deb.
#   installer/build_deb.sh            -> build/evidencekit_<version>_<arch>.deb
# Run from anywhere; uses the project's .venv (./dev run or ./dev test creates it).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
PY=.venv/bin/python
[ -x "$PY" ] || { echo "no .venv: run ./dev test (or ./dev run) first" >&2; exit 2; }
"$PY" -m pip install -q -e '.[build]'

read -r NAME VERSION < <("$PY" -c 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; print(p["name"], p["version"])')
ARCH=$(dpkg --print-architecture)

"$PY" -m PyInstaller --noconfirm --log-level WARN --distpath build/dist --workpath build/work installer/evidencekit.spec

STAGE=build/deb/${NAME}_${VERSION}_${ARCH}
rm -rf "$STAGE"
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" "$STAGE/usr/share/mime/packages"
cp -a "build/dist/$NAME" "$STAGE/opt/$NAME"
ln -s "/opt/$NAME/$NAME" "$STAGE/usr/bin/$NAME"
install -m 644 installer/linux/evidencekit.desktop "$STAGE/usr/share/applications/$NAME.desktop"
install -m 644 installer/linux/evidencekit-mime.xml "$STAGE/usr/share/mime/packages/$NAME.xml"
for size in 16 24 32 48 64 128 256 512; do
  apps="$STAGE/usr/share/icons/hicolor/${size}x${size}/apps"
  mime="$STAGE/usr/share/icons/hicolor/${size}x${size}/mimetypes"
  mkdir -p "$apps" "$mime"
  install -m 644 "resources/icons/png/evidencekit-$size.png" "$apps/evidencekit.png"
  for type in bundle review; do
    install -m 644 "resources/icons/png/application-x-evidencekit-$type-$size.png" \
      "$mime/application-x-evidencekit-$type.png"
  done
done
mkdir -p "$STAGE/usr/share/icons/hicolor/scalable/apps"
install -m 644 resources/icons/evidencekit.svg "$STAGE/usr/share/icons/hicolor/scalable/apps/evidencekit.svg"

SIZE_KB=$(du -sk "$STAGE" | cut -f1)
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" -e "s/@SIZE@/$SIZE_KB/" \
  installer/linux/control.in > "$STAGE/DEBIAN/control"
install -m 755 installer/linux/postinst "$STAGE/DEBIAN/postinst"
install -m 755 installer/linux/postinst "$STAGE/DEBIAN/postrm"

OUT="build/${NAME}_${VERSION}_${ARCH}.deb"
# gzip: several times faster to build than xz, for a modestly larger download.
dpkg-deb -Zgzip --build --root-owner-group "$STAGE" "$OUT" >/dev/null
echo "built $OUT ($(du -h "$OUT" | cut -f1), unpacked $(du -sh "build/dist/$NAME" | cut -f1))"
