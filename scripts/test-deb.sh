#!/usr/bin/env bash
# Checks the package `make deb` built (run by `make test`): its control fields, its file list,
# and the binary run from the package's files extracted into a scratch root — plugins found
# beside it, libraries as Depends names them.
#   scripts/test-deb.sh .build/rekfilter_VERSION_ARCH.deb
set -euo pipefail
deb=$1
fail() { echo "test-deb: $*" >&2; exit 1; }
field() { dpkg-deb -f "$deb" "$1"; }

[ "$(field Package)" = rekfilter ] || fail "Package is $(field Package)"
[ "$(field Architecture)" = "$(dpkg --print-architecture)" ] || fail "Architecture is $(field Architecture)"
depends=$(field Depends)
for package in libc6 libjpeg62-turbo libpng16-16 libcurl4 libfreetype6 zlib1g fonts-dejavu-core; do
  grep -qE "(^|, )$package( |,|$)" <<<"$depends" || fail "Depends lacks $package: $depends"
done

# The binary's packed relocations need glibc 2.36; an older one would not apply them.
grep -qE "(^|, )libc6 \(>= 2\.(3[6-9]|[4-9][0-9])" <<<"$depends" || fail "Depends wants glibc 2.36 (DT_RELR): $depends"

files=$(dpkg-deb -c "$deb" | awk '{print $6}')
for path in ./usr/bin/rekfilter ./usr/lib/rekfilter/plugins/rekfilter-format-yolo \
  ./usr/lib/rekfilter/plugins/rekfilter-format-voc ./usr/lib/rekfilter/plugins/rekfilter-format-labelstudio \
  ./usr/share/man/man1/rekfilter.1.gz ./usr/share/bash-completion/completions/rekfilter \
  ./usr/share/zsh/site-functions/_rekfilter ./usr/share/fish/vendor_completions.d/rekfilter.fish \
  ./usr/share/doc/rekfilter/copyright ./usr/share/doc/rekfilter/changelog.gz; do
  grep -qxF "$path" <<<"$files" || fail "the package lacks $path"
done
outside=$(grep -vE '^\./$|^\./usr/$|^\./usr/(bin|lib|share)/$|^\./usr/(bin/|lib/rekfilter/|share/(man|bash-completion|zsh|fish|doc)/)' <<<"$files" || true)
[ -z "$outside" ] || fail "the package installs outside its folders: $(head -3 <<<"$outside")"

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg-deb -x "$deb" "$root"
# md5sums: one line per file installed, each matching.
dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./md5sums > "$root/md5sums" || fail "the package has no md5sums"
[ "$(wc -l < "$root/md5sums")" -eq "$(grep -c -v '/$' <<<"$files")" ] || fail "md5sums does not list every file"
(cd "$root" && md5sum --quiet -c md5sums) || fail "md5sums does not match the files"
# The man page: knows the model commands, lints clean, keeps its en dashes.
page=$(zcat "$root/usr/share/man/man1/rekfilter.1.gz")
for words in 'Cm model start' 'Cm model run' 'Cm batch' 'Cm eval' 'Sh EXIT STATUS' '\(en'; do
  grep -qF -- "$words" <<<"$page" || fail "the man page lacks $words"
done
if command -v mandoc >/dev/null; then
  lint=$(mandoc -T lint -W warning <<<"$page" 2>&1 || true)
  [ -z "$lint" ] || fail "mandoc: $(head -3 <<<"$lint")"
fi
grep -q 'model' "$root/usr/share/bash-completion/completions/rekfilter" || fail "the bash completion does not know model"
grep -q 'batch' "$root/usr/share/bash-completion/completions/rekfilter" || fail "the bash completion does not know batch"
bin=$root/usr/bin/rekfilter
readelf -S "$bin" | grep -q '\.symtab' && fail "the binary is not stripped"
"$bin" --version | head -1 | grep -qx "rekfilter $(field Version)" || fail "--version does not say $(field Version)"
formats=$(env -u REKFILTER_PLUGIN_PATH PATH=/usr/bin:/bin "$bin" --list-formats)
for plugin in yolo voc labelstudio; do
  grep -q "^$plugin" <<<"$formats" || fail "the extracted binary does not find the $plugin plugin beside it"
done
# A whole run from the package's files: saved detections drawn on a picture, and as YOLO lines.
here=$(cd "$(dirname "$0")/.." && pwd)
picture=${REKFILTER_TESTDATA:-$here/Tests/Data}/exif-orientation/Landscape_1.jpg
saved=$root/saved.json
printf '{"CustomLabels":[{"Name":"widget","Confidence":97.5,"Geometry":{"BoundingBox":{"Width":0.25,"Height":0.5,"Left":0.125,"Top":0.25}}}]}\n' > "$saved"
"$bin" --detections "$saved" < "$picture" > "$root/out.png"
[ "$(head -c 8 "$root/out.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "the extracted binary wrote no PNG"
"$bin" --detections "$saved" -f yolo < "$picture" | grep -q '^0 ' || fail "the yolo plugin beside the binary did not answer"
# make uninstall removes exactly what make install put.
scratch=$root/install
make -s -C "$here" install DESTDIR="$scratch" PREFIX=/usr/local >/dev/null
[ -x "$scratch/usr/local/bin/rekfilter" ] || fail "make install put no binary"
make -s -C "$here" uninstall DESTDIR="$scratch" PREFIX=/usr/local >/dev/null
left=$(find "$scratch" -type f)
[ -z "$left" ] || fail "make uninstall left $(head -3 <<<"$left")"
echo "test-deb: $(basename "$deb") ok ($(du -k "$deb" | cut -f1) KB; binary $(du -k "$bin" | cut -f1) KB)"
