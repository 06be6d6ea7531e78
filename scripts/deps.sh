#!/usr/bin/env bash
# Installs what rekfilter needs to build, test, benchmark and demo, on Debian.
# Idempotent and quiet: does nothing (and says nothing) when everything is already there.
set -euo pipefail
# A build that brings its own packages (the Dockerfile's build stage) skips this.
[ -n "${REKFILTER_SKIP_DEPS:-}" ] && exit 0

APT_PACKAGES=(
  libjpeg62-turbo-dev libpng-dev zlib1g-dev libcurl4-openssl-dev libfreetype-dev fonts-dejavu-core pkgconf  # build
  libjpeg-turbo-progs ffmpeg hyperfine time curl parallel bsdutils openssl librsvg2-bin ca-certificates libdeflate-dev mandoc # tests, bench, demo, examples, TLS
)
PIP_PACKAGES=("moto[server]" pillow)
# The libraries people load rekfilter's data-set outputs with (Tests/Clients/load_outputs.py).
CLIENT_PACKAGES=(pycocotools supervision globox cairosvg lxml label-studio-sdk pyyaml)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "deps: installing ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! python3 -c "import moto.server, flask_cors, PIL" 2>/dev/null; then
  echo "deps: installing ${PIP_PACKAGES[*]}" >&2
  python3 -m pip install -q "${PIP_PACKAGES[@]}"
fi
if ! python3 -c "import pycocotools, supervision, globox, cairosvg, lxml, label_studio_sdk, yaml" 2>/dev/null; then
  echo "deps: installing ${CLIENT_PACKAGES[*]}" >&2
  python3 -m pip install -q "${CLIENT_PACKAGES[@]}"
fi
# Ultralytics' own label check is run from its source; torch and its other dependencies are not needed.
if ! python3 -c "import importlib.util, sys; sys.exit(importlib.util.find_spec('ultralytics') is None)" 2>/dev/null; then
  echo "deps: installing ultralytics (its source only, without torch)" >&2
  python3 -m pip install -q --no-deps ultralytics
fi
