#!/usr/bin/env bash
# Writes docs/command-line.md from the binary's own help, so the reference cannot drift from
# the command line (a test compares the checked-in file with this script's output).
#   scripts/command-line-doc.sh [BINARY] > docs/command-line.md
set -euo pipefail
bin=${1:-.build/release/rekfilter}
section() {
  echo
  echo "## \`$1\`"
  echo
  echo '```'
  COLUMNS=100 $bin ${1#rekfilter } --help
  echo '```'
}
cat <<'HEAD'
# The command line

Every flag of `rekfilter`, `rekfilter model`, `rekfilter batch` and `rekfilter eval`, as `--help` prints them (this file is
generated from the binary by `scripts/command-line-doc.sh`; a test keeps it in step). The
formats, the image rules, credentials and exit statuses are described in the
[README](../README.md); plugins in [plugins.md](plugins.md).
HEAD
section "rekfilter"
for sub in list status describe start stop run; do section "rekfilter model $sub"; done
section "rekfilter batch"
section "rekfilter eval"
