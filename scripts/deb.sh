#!/usr/bin/env bash
# `make deb`: a Debian package of what `make install` puts under /usr — the stripped binary
# (Swift runtime linked in), the shipped plugins, the man page, bash/zsh/fish completions — with
# a copyright file and Depends computed by dpkg-shlibdeps from what the binaries link.
#   scripts/deb.sh  →  .build/rekfilter_VERSION_ARCH.deb
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -nE 's/.*static let string = "([^"]+)".*/\1/p' Sources/RekFilter/Version.swift)
arch=$(dpkg --print-architecture)
name="rekfilter_${version}_${arch}"
stage=.build/deb/$name
rm -rf "$stage"
# RELEASE_BUILT=1: the release build is current (`make test` packs beside its tests, which hold
# SwiftPM's lock on .build: another `swift build` would wait for them).
make -s ${RELEASE_BUILT:+-o release} install DESTDIR="$PWD/$stage" PREFIX=/usr >/dev/null
install -d "$stage/usr/share/doc/rekfilter" "$stage/DEBIAN"
install -m 644 debian/copyright "$stage/usr/share/doc/rekfilter/copyright"
gzip -9n < CHANGELOG.md > "$stage/usr/share/doc/rekfilter/changelog.gz"
gzip -9n "$stage/usr/share/man/man1/rekfilter.1"  # Debian policy: man pages compressed

# Depends from the ELF binaries' needs (dpkg-shlibdeps wants a debian/control beside it).
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/debian"
printf 'Source: rekfilter\n\nPackage: rekfilter\nArchitecture: any\n' > "$work/debian/control"
elves=("$PWD/$stage/usr/bin/rekfilter" "$PWD/$stage/usr/lib/rekfilter/plugins/rekfilter-format-yolo")
depends=$(cd "$work" && dpkg-shlibdeps -O "${elves[@]}" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "deb: dpkg-shlibdeps found no dependencies" >&2; exit 1; }
# Packed relative relocations (DT_RELR, see the Makefile) need glibc 2.36: the binaries say so
# (GLIBC_ABI_DT_RELR), but no symbol does, so dpkg-shlibdeps cannot see it.
if grep -q GLIBC_ABI_DT_RELR <<<"$(readelf -V "${elves[@]}")"; then
  depends=$(sed -E 's/libc6 \(>= 2\.([0-9]|[12][0-9]|3[0-5])(\.[0-9]+)?\)/libc6 (>= 2.36)/' <<<"$depends")
fi

cat > "$stage/DEBIAN/control" <<CONTROL
Package: rekfilter
Version: $version
Architecture: $arch
Maintainer: rekfilter developers <rekfilter@users.noreply.github.com>
Installed-Size: $(du -sk --exclude=DEBIAN "$stage" | cut -f1)
Depends: $depends, fonts-dejavu-core
Recommends: python3
Section: utils
Priority: optional
Description: Unix filter for Amazon Rekognition Custom Labels
 An image (PNG or JPEG) on stdin goes to a Rekognition Custom Labels model (or
 another Rekognition operation, or a detector plugin); the picture with its
 detections drawn on it, or the detections as JSON, CSV, COCO, SVG or Ground
 Truth manifests, comes out on stdout. Streams of frames from ffmpeg, model
 lifecycle commands that never leave a model billing, and plugins for more
 formats and detectors.
CONTROL
find "$stage" -type d -exec chmod 755 {} +
# md5sums of every file installed, as dpkg --verify and debsums check them.
(cd "$stage" && find usr -type f -print0 | sort -z | xargs -0 md5sum > DEBIAN/md5sums)
chmod 644 "$stage/DEBIAN/md5sums"
dpkg-deb --root-owner-group -Zxz --build "$stage" ".build/$name.deb" >/dev/null
echo ".build/$name.deb"
